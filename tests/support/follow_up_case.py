"""A citizen's follow-up for domain tests: a case (a citizen, her contact person, her relative) made in one call,
goals shared with the contact person, a § 141 frame saved, a follow-up planned and signed, at a fixed NOW."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, SQLModel, func, select

import citizenplan.models  # noqa: F401 - every table on the metadata
from citizenplan.domain import follow_up, sharing, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import UserError
from citizenplan.domain.follow_up import FrameInput, GoalInput, RecordInput, ScheduleInput
from citizenplan.domain.vocabulary import Audience
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import (
    ContactAssignment,
    FollowUp,
    FollowUpRecord,
    PlanFrame,
)
from tests.support.people import People, actor, make_people
from tests.support.refusals import plain_refusal

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)  # noon in Copenhagen
TODAY = date(2026, 5, 4)
CP, REL = Audience.CONTACT_PERSON, Audience.RELATIVE
MET, PARTLY, NOT_MET = "met", "partly_met", "not_met"


@dataclass
class Case:
    db: Session
    people: People
    me: Actor  # the citizen
    contact: Actor  # assigned to me
    other_contact: Actor  # same unit, assigned to the neighbour
    far_contact: Actor  # another unit, assigned to the stranger
    relative: Actor  # granted by me
    manager: Actor  # leads my unit
    neighbour: Actor  # another citizen in my unit

    @property
    def citizen(self) -> int:
        return self.people.citizen


def make_case(db: Session) -> Case:
    p = make_people(db, now=NOW - timedelta(days=400))
    return Case(db, p, actor(db, p.citizen), actor(db, p.contact), actor(db, p.other_contact),
                actor(db, p.far_contact), actor(db, p.relative), actor(db, p.manager), actor(db, p.neighbour))


def second_contact(c: Case) -> Actor:
    """other_contact follows my citizen too, from now on (two contact persons on one plan)."""
    c.db.add(ContactAssignment(citizen_id=c.citizen, contact_person_id=c.people.other_contact, started_at=NOW))
    c.db.commit()
    return actor(c.db, c.people.other_contact)


def goal_content(title: str, **fields: Any) -> dict[str, Any]:
    return {"title": title, "why": "Så jeg får det bedre.", "success": "Når jeg har gjort det tre uger i træk.",
            "target_date": "2026-11-01", "life_area": "daily_life", **fields}


def share_item(c: Case, kind: ItemKind, content: dict[str, Any], *audiences: Audience, parent_id: int | None = None,
               now: datetime = NOW, who: Actor | None = None) -> int:
    """The citizen writes an item and shares it with `audiences` (none: it stays a private draft)."""
    me = who or c.me
    item = workbook.create_item(c.db, me, kind, parent_id=parent_id)
    view = workbook.write_fields(c.db, me, item.id, content, now=now)
    if audiences:
        sharing.share(c.db, me, item.id, set(audiences), view.version, now=now)
    c.db.commit()
    return item.id


def share_goal(c: Case, title: str, *audiences: Audience, now: datetime = NOW, **fields: Any) -> int:
    """A goal shared with the contact person unless other audiences are given."""
    return share_item(c, ItemKind.GOAL, goal_content(title, **fields), *(audiences or (CP,)), now=now)


def change_and_share(c: Case, item_id: int, changes: dict[str, Any], now: datetime = NOW) -> None:
    """The citizen edits a shared item and presses "Del ændringen"."""
    view = workbook.write_fields(c.db, c.me, item_id, changes, via="workbook", now=now)
    sharing.approve_change(c.db, c.me, item_id, view.version, now=now)
    c.db.commit()


def save_frame(c: Case, *, who: Actor | None = None, based_on: int | None = None, now: datetime = NOW,
               **fields: Any) -> PlanFrame:
    """A frame version saved on top of `based_on` (default: the newest, as a fresh form would be)."""
    who = who or c.contact
    if based_on is None:
        current = follow_up.frame_of(c.db, who, c.citizen)
        based_on = current.version if current else 0
    entry = FrameInput(**{"purpose": "Mere overskud i hverdagen.", "intervention": "Bostøtte to gange om ugen.",
                          "duration_kind": "approximate", "duration_text": "ca. 2 år", **fields})
    frame = follow_up.record_frame(c.db, who, c.citizen, entry, based_on, now=now)
    c.db.commit()
    return frame


def plan(c: Case, due_on: date, *, now: datetime = NOW, who: Actor | None = None, **fields: Any) -> FollowUp:
    row = follow_up.schedule(c.db, who or c.contact, c.citizen, ScheduleInput(due_on=due_on.isoformat(), **fields),
                             now=now)
    c.db.commit()
    return row


def sign(c: Case, degrees: dict[int, str | GoalInput], *, held_on: date = TODAY, next_due: date | None = None,
         now: datetime = NOW, participants: str = "Borgeren og kontaktpersonen", corrects: int | None = None,
         note: str = "", who: Actor | None = None, reason_later: str = "") -> FollowUpRecord:
    """Sign a record; each goal gets the degree given (or a whole GoalInput). The next date is four weeks
    after the meeting unless given; a correction has none."""
    goals = tuple(d if isinstance(d, GoalInput) else GoalInput(item_id, d) for item_id, d in degrees.items())
    nxt = None if corrects else ScheduleInput(due_on=(next_due or held_on + timedelta(days=28)).isoformat(),
                                              reason_later=reason_later)
    row = follow_up.record(c.db, who or c.contact, c.citizen, RecordInput(
        held_on=held_on.isoformat(), participants=participants, goals=goals, note=note, next=nxt,
        corrects_id=corrects), now=now)
    c.db.commit()
    return row


def refusal(call) -> UserError:
    """The UserError a call raises, not an access refusal (`denied`); the caller rolls back where the test goes
    on writing."""
    return plain_refusal(call)


def count(db: Session, model: type[SQLModel]) -> int:
    return db.exec(select(func.count()).select_from(model)).one()
