"""Keeps the report's fact table (models.report) in step with the plans.

Every domain function that changes what the report counts (sharing, stopping, deleting a goal, an
assessment, a record, the calendar, the frame) ends with `refresh(db, citizen_id)`; a full `rebuild`
serves migrations, bulk-written data and a check that the incremental rows are right. Both go through
`_facts_of`, so there is one reading of the rules, and it is the one domain/report.py documents.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from citizenplan.clock import danish_today
from citizenplan.domain.municipal_plan import Offer
from citizenplan.domain.vocabulary import Audience
from citizenplan.models import (
    FollowUp,
    FollowUpRecord,
    GoalAssessment,
    GoalFulfilment,
    PlanFrame,
    ReportGoalFact,
    ReportPlanFact,
    SharedSnapshot,
    User,
    WorkbookItem,
)

NOT_GIVEN = "not_given"
ACCEPTED, DECLINED = Offer.ACCEPTED.value, Offer.DECLINED.value
OPEN_END = date.max.toordinal()
BATCH = 2_000


def refresh(db: Session, citizen_id: int) -> None:
    """Bring one citizen's facts up to date, in the caller's transaction.

    The citizen's row is locked first (PostgreSQL; SQLite has one writer anyway), so two writes about one
    citizen at the same moment refresh one after the other, and the second reads what the first saved.
    """
    db.flush()
    db.execute(select(User.id).where(User.id == citizen_id).with_for_update())
    _write(db, [citizen_id])


def rebuild(db: Session, citizen_ids: Iterable[int] | None = None) -> int:
    """Recompute the facts of these citizens (all when None) from the source tables; returns how many."""
    if citizen_ids is None:
        db.execute(delete(ReportGoalFact))
        db.execute(delete(ReportPlanFact))
        citizen_ids = db.execute(select(User.id).where(User.role == "citizen").order_by(User.id)).scalars().all()
    done = 0
    for batch in _batches(citizen_ids):
        _write(db, batch)
        done += len(batch)
    return done


def built(db: Session) -> bool:
    """False when goals are shared with a contact person but no fact was ever written (an older database)."""
    shared = db.execute(select(SharedSnapshot.id).where(
        SharedSnapshot.audience == Audience.CONTACT_PERSON.value, SharedSnapshot.kind == "goal").limit(1)).first()
    return shared is None or db.execute(select(ReportGoalFact.id).limit(1)).first() is not None


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    batch: list[int] = []
    for citizen_id in ids:
        batch.append(citizen_id)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _write(db: Session, citizen_ids: list[int]) -> None:
    handleplans = _handleplans(db, citizen_ids)
    goals = _facts_of(db, citizen_ids, handleplans)
    db.execute(delete(ReportGoalFact).where(ReportGoalFact.citizen_id.in_(citizen_ids)))
    db.execute(delete(ReportPlanFact).where(ReportPlanFact.citizen_id.in_(citizen_ids)))
    if goals:
        db.execute(insert(ReportGoalFact), goals)
    if handleplans:
        db.execute(insert(ReportPlanFact), list(handleplans.values()))


def day(moment: datetime | None) -> int:
    """The Danish calendar day of a moment, as the fact tables store it (OPEN_END for none)."""
    if moment is None:
        return OPEN_END
    return danish_today(moment if moment.tzinfo else moment.replace(tzinfo=UTC)).toordinal()


def _facts_of(db: Session, citizen_ids: list[int],
              handleplans: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    units = dict(db.execute(select(User.id, User.unit_id).where(User.id.in_(citizen_ids))).all())
    copies = db.execute(
        select(SharedSnapshot.citizen_id, SharedSnapshot.item_id, SharedSnapshot.approved_at,
               SharedSnapshot.revoked_at, SharedSnapshot.content)
        .join(WorkbookItem, WorkbookItem.id == SharedSnapshot.item_id)
        .where(SharedSnapshot.citizen_id.in_(citizen_ids), WorkbookItem.deleted_at.is_(None),
               SharedSnapshot.audience == Audience.CONTACT_PERSON.value, SharedSnapshot.kind == "goal")
        .order_by(SharedSnapshot.item_id, SharedSnapshot.id)).all()
    assessed = _newest_assessments(db, citizen_ids)
    stretches = _stretches(db, citizen_ids)
    plans = _plan_facts(db, citizen_ids)
    goals = []
    for n, (citizen_id, item_id, approved_at, revoked_at, content) in enumerate(copies):
        following = copies[n + 1] if n + 1 < len(copies) else None
        replaced_at = following.approved_at if following is not None and following.item_id == item_id else None
        copy = {"citizen_id": citizen_id, "item_id": item_id, "unit_id": units.get(citizen_id),
                "shared_from": day(approved_at), "shared_until": day(revoked_at), "replaced_on": day(replaced_at),
                "who": assessed.get(item_id, (None, None))[1] or content.get("who_dimension") or NOT_GIVEN,
                "purpose": assessed.get(item_id, (None, None))[0] or NOT_GIVEN,
                "handleplan_from": handleplans.get(citizen_id, {}).get("handleplan_from", OPEN_END),
                "no_success": int((content.get("success") or "") == ""),
                "no_date": int(content.get("target_date") is None),
                **plans.get(citizen_id, _NO_PLAN_FACTS)}
        goals += [copy | stretch for stretch in stretches.get(item_id, [_NO_MEETING])]
    return goals


_NO_MEETING = {"held_from": 0, "held_until": OPEN_END, "degree": None, "voice": 0}
_NO_PLAN_FACTS = {"first_due_on": OPEN_END, "last_due_on": 0, "duration": 0}


def _stretches(db: Session, citizen_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Per goal, its degrees in force over time: before the first meeting, then from each meeting to the
    next. A corrected record no longer counts; its correction does, on its own date."""
    later = aliased(FollowUpRecord)
    correction = select(later.id).where(later.corrects_id == GoalFulfilment.record_id).exists()
    rows = db.execute(
        select(GoalFulfilment.item_id, FollowUpRecord.held_on, GoalFulfilment.degree, GoalFulfilment.citizen_view,
               GoalFulfilment.citizen_degree)
        .join(FollowUpRecord, FollowUpRecord.id == GoalFulfilment.record_id)
        .where(GoalFulfilment.citizen_id.in_(citizen_ids), ~correction)
        .order_by(GoalFulfilment.item_id, FollowUpRecord.held_on, FollowUpRecord.id, GoalFulfilment.id)).all()
    meetings: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for item_id, held_on, degree, view, citizen_degree in rows:
        meetings[item_id].append((held_on.toordinal(), degree, int(citizen_degree is not None or view != "")))
    stretches = {}
    for item_id, held in meetings.items():
        stretches[item_id] = [_NO_MEETING | {"held_until": held[0][0]}]
        for n, (held_on, degree, voice) in enumerate(held):
            until = held[n + 1][0] if n + 1 < len(held) else OPEN_END
            if until != held_on:  # two meetings on one day: the later one holds from that day
                stretches[item_id].append({"held_from": held_on, "held_until": until, "degree": degree,
                                           "voice": voice})
    return stretches


def _plan_facts(db: Session, citizen_ids: list[int]) -> dict[int, dict[str, int]]:
    """The live follow-ups' first and last dates, and whether the newest frame states a duration."""
    facts = {c: dict(_NO_PLAN_FACTS) for c in citizen_ids}
    for citizen_id, first, last in db.execute(
            select(FollowUp.citizen_id, func.min(FollowUp.due_on), func.max(FollowUp.due_on))
            .where(FollowUp.citizen_id.in_(citizen_ids), FollowUp.cancelled_at.is_(None),
                   FollowUp.done_by_record_id.is_(None))
            .group_by(FollowUp.citizen_id)).all():
        facts[citizen_id] |= {"first_due_on": first.toordinal(), "last_due_on": last.toordinal()}
    newest = (select(PlanFrame.citizen_id, func.max(PlanFrame.version).label("version"))
              .where(PlanFrame.citizen_id.in_(citizen_ids)).group_by(PlanFrame.citizen_id).subquery())
    for citizen_id, text, kind in db.execute(
            select(PlanFrame.citizen_id, PlanFrame.duration_text, PlanFrame.duration_kind)
            .join(newest, (newest.c.citizen_id == PlanFrame.citizen_id) & (newest.c.version == PlanFrame.version))):
        facts[citizen_id]["duration"] = int(text != "" or kind != "")
    return facts


def _newest_assessments(db: Session, citizen_ids: list[int]) -> dict[int, tuple[str | None, str | None]]:
    """Per goal, the newest assessment's purpose type and WHO dimension (None: derived from the life area)."""
    newest = (select(func.max(GoalAssessment.id)).where(GoalAssessment.citizen_id.in_(citizen_ids))
              .group_by(GoalAssessment.item_id))
    return {item_id: (purpose, who) for item_id, purpose, who in db.execute(
        select(GoalAssessment.item_id, GoalAssessment.purpose_type, GoalAssessment.who_dimension)
        .where(GoalAssessment.id.in_(newest))).all()}


def _handleplans(db: Session, citizen_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Per citizen with a recorded handleplan: the day it holds from (the first version's own date, else the
    day it was recorded) and the newest version's answer to the offer. A handleplan she said no to is no
    handleplan (OPEN_END), but the offer still counts."""
    versions = db.execute(
        select(PlanFrame.citizen_id, PlanFrame.made_on, PlanFrame.created_at, PlanFrame.offer, PlanFrame.offer_on,
               User.unit_id)
        .join(User, User.id == PlanFrame.citizen_id)
        .where(PlanFrame.citizen_id.in_(citizen_ids)).order_by(PlanFrame.citizen_id, PlanFrame.version)).all()
    facts: dict[int, dict[str, Any]] = {}
    for citizen_id, made_on, created_at, offer, offer_on, unit_id in versions:
        first = facts.get(citizen_id, {}).get("first") or (made_on.toordinal() if made_on else day(created_at))
        facts[citizen_id] = {"citizen_id": citizen_id, "unit_id": unit_id, "first": first, "offer": offer or "",
                             "offer_on": offer_on.toordinal() if offer_on else 0}
    return {c: {"citizen_id": c, "unit_id": f["unit_id"], "offer": f["offer"], "offer_on": f["offer_on"],
                "handleplan_from": OPEN_END if f["offer"] == DECLINED else f["first"]} for c, f in facts.items()}
