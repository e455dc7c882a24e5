"""Data for the follow-up end-to-end tests, written straight into the running app's database through
the domain, as citizenplan/demo_plans.py does: the people a test needs, a citizen's goals shared with
the contact person, a § 141 frame, a follow-up on the calendar and a signed record, each with an
explicit `now` where the story needs the past (an overdue follow-up, an earlier meeting).

    team = make_team(app, "Opfølgning", contacts=2)
    goals = share_goals(app, team.citizen, [goal("Gå en tur hver dag")])
    write_frame(app, team.contact, team.citizen, purpose="...")
    schedule(app, team.contact, team.citizen, due_on=date(...), now=some_past_moment)

Every person is new (unique user names), activated, in the demo unit "Bostedet Lyngen", with the password
PASSWORD; contact persons follow the citizens made with them. So no test depends on another's data, and
the contact person's overview lists exactly the test's own citizens.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from citizenplan.auth.passwords import hash_password
from citizenplan.clock import danish_today, utcnow
from citizenplan.db import engine_for
from citizenplan.domain import follow_up, sharing, workbook
from citizenplan.domain.accounts import load_actor
from citizenplan.domain.actors import Actor
from citizenplan.domain.vocabulary import Audience, Role
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import ContactAssignment, Unit, User
from tests.support.app_server import AppServer

PASSWORD = "grøn cykel ved åen"
UNIT = "Bostedet Lyngen"  # a demo unit (citizenplan/demo.py)


@dataclass(frozen=True)
class Person:
    id: int
    username: str
    name: str


@dataclass(frozen=True)
class Team:
    contacts: tuple[Person, ...]
    citizens: tuple[Person, ...]

    @property
    def contact(self) -> Person:
        return self.contacts[0]

    @property
    def citizen(self) -> Person:
        return self.citizens[0]


@contextmanager
def app_db(app: AppServer) -> Iterator[Session]:
    """A session on the app's own SQLite database; committed when the block ends without an error."""
    with Session(engine_for(f"sqlite:///{app.db_path}"), expire_on_commit=False) as db:
        try:
            yield db
            db.commit()
        except BaseException:
            db.rollback()
            raise


def _actor(db: Session, user_id: int, now: datetime | None = None) -> Actor:
    loaded = load_actor(db, user_id, now)
    assert loaded is not None, f"user {user_id} is not an activated user"
    return loaded


def short_id() -> str:
    return uuid.uuid4().hex[:6]


def make_team(app: AppServer, label: str, *, contacts: int = 1, citizens: int = 1,
              citizen_names: list[str] | None = None) -> Team:
    """New contact persons, each following every new citizen. Names end in a short random id."""
    names = citizen_names or [f"{label} Borger {n + 1}" for n in range(citizens)]
    tag = short_id()
    password_hash = hash_password(PASSWORD)
    now = utcnow()
    with app_db(app) as db:
        unit = db.exec(select(Unit).where(Unit.name == UNIT)).one()

        def person(role: Role, name: str) -> Person:
            username = f"fu.{uuid.uuid4().hex[:10]}"
            user = User(username=username, display_name=f"{name} {tag}", role=role.value, unit_id=unit.id,
                        password_hash=password_hash, activated_at=now, created_at=now)
            db.add(user)
            db.flush()
            return Person(user.id, username, user.display_name)

        staff = tuple(person(Role.CONTACT_PERSON, f"{label} Kontakt {chr(65 + n)}") for n in range(contacts))
        people = tuple(person(Role.CITIZEN, name) for name in names)
        for contact in staff:
            for citizen in people:
                db.add(ContactAssignment(citizen_id=citizen.id, contact_person_id=contact.id, started_at=now))
    return Team(staff, people)


def goal(title: str, *, why: str = "Så får jeg det bedre", success: str = "Når jeg har gjort det tre uger i træk",
         months: int = 6, life_area: str = "daily_life", step: str = "") -> dict:
    return {"title": title, "why": why, "success": success, "months": months, "life_area": life_area, "step": step}


def share_goals(app: AppServer, citizen: Person, goals: list[dict], *, days_ago: int = 30) -> list[int]:
    """The citizen writes the goals (and a first step, if given) and shares them with their contact person,
    `days_ago` days ago. Returns the goals' item ids, in order."""
    when = utcnow() - timedelta(days=days_ago)
    ids = []
    with app_db(app) as db:
        actor = _actor(db, citizen.id, when)
        for entry in goals:
            item = workbook.create_item(db, actor, ItemKind.GOAL)
            target = (danish_today(when) + timedelta(days=30 * entry["months"])).isoformat() if entry["months"] else None
            view = workbook.write_fields(db, actor, item.id, {
                "title": entry["title"], "why": entry["why"], "success": entry["success"],
                "life_area": entry["life_area"], "target_date": target}, now=when)
            sharing.share(db, actor, item.id, {Audience.CONTACT_PERSON}, view.version, now=when)
            if entry["step"]:
                step = workbook.create_item(db, actor, ItemKind.STEP, parent_id=item.id)
                step_view = workbook.write_fields(db, actor, step.id, {"text": entry["step"], "helper": ""}, now=when)
                sharing.share(db, actor, step.id, {Audience.CONTACT_PERSON}, step_view.version, now=when)
            ids.append(item.id)
    return ids


def share_preparation(app: AppServer, citizen: Person, went_well: str, hard: str, talk_about: str) -> int:
    """What "Forbered mødet" leaves behind when the citizen says yes: a preparation shared with the contact."""
    with app_db(app) as db:
        actor = _actor(db, citizen.id)
        item = workbook.create_item(db, actor, ItemKind.PREPARATION)
        view = workbook.write_fields(db, actor, item.id, {"went_well": went_well, "hard": hard,
                                                          "talk_about": talk_about})
        sharing.share(db, actor, item.id, {Audience.CONTACT_PERSON}, view.version)
        return item.id


def write_frame(app: AppServer, contact: Person, citizen: Person, *, purpose: str, intervention: str = "",
                duration_kind: str = "approximate", duration_text: str = "ca. 2 år", days_ago: int = 30,
                close_follow_up: bool = True) -> int:
    """A new version of the § 141 frame, on top of whatever is stored; returns its version."""
    when = utcnow() - timedelta(days=days_ago)
    with app_db(app) as db:
        actor = _actor(db, contact.id, when)
        current = follow_up.frame_of(db, actor, citizen.id)
        frame = follow_up.record_frame(db, actor, citizen.id, follow_up.FrameInput(
            purpose=purpose, intervention=intervention, duration_kind=duration_kind, duration_text=duration_text,
            close_follow_up=close_follow_up, started_on=danish_today(when).isoformat()),
            current.version if current else 0, now=when)
        return frame.version


def schedule(app: AppServer, contact: Person, citizen: Person, due_on: date, *, now: datetime | None = None,
             reason_later: str = "") -> None:
    """Put a follow-up on the calendar as the contact person did at `now` (a past `now` makes it overdue)."""
    with app_db(app) as db:
        follow_up.schedule(db, _actor(db, contact.id, now), citizen.id,
                           follow_up.ScheduleInput(due_on=due_on.isoformat(), reason_later=reason_later), now=now)


def sign_record(app: AppServer, contact: Person, citizen: Person, degrees: dict[int, str], *, days_ago: int = 10,
                participants: str = "Borgeren og kontaktpersonen", citizen_degrees: dict[int, str] | None = None,
                next_in_days: int = 30) -> int:
    """A signed follow-up record held `days_ago` days ago, with the next meeting `next_in_days` after it."""
    when = utcnow() - timedelta(days=days_ago)
    held = danish_today(when)
    citizen_degrees = citizen_degrees or {}
    with app_db(app) as db:
        row = follow_up.record(db, _actor(db, contact.id, when), citizen.id, follow_up.RecordInput(
            held_on=held.isoformat(), participants=participants,
            goals=tuple(follow_up.GoalInput(item_id, degree, citizen_degree=citizen_degrees.get(item_id, ""))
                        for item_id, degree in degrees.items()),
            next=follow_up.ScheduleInput(due_on=(held + timedelta(days=next_in_days)).isoformat())), now=when)
        return row.id


def frames(app: AppServer, citizen: Person) -> list[tuple[int, str, int]]:
    """(version, purpose, author id) of every stored frame version, oldest first."""
    return app.query("SELECT version, purpose, author_id FROM plan_frame WHERE citizen_id = ? ORDER BY version",
                     (citizen.id,))


def live_follow_ups(app: AppServer, citizen: Person) -> list[str]:
    """The due dates (ISO) of the follow-ups on the calendar: not cancelled, not yet held."""
    return [row[0] for row in app.query(
        "SELECT due_on FROM follow_up WHERE citizen_id = ? AND cancelled_at IS NULL AND done_by_record_id IS NULL",
        (citizen.id,))]
