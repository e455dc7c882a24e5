"""Keeps the report's fact tables (models.report) in step with the plans.

Every domain function that changes what the report counts (sharing, stopping, deleting a goal, an
assessment, a record, the calendar, the frame) ends with `refresh(db, citizen_id)`; a full `rebuild`
serves migrations, bulk-written data and a check that the incremental rows are right. Both go through
`_facts_of`, so there is one reading of the rules, and it is the one domain/report.py documents.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from citizenplan.domain.vocabulary import Audience
from citizenplan.models import (
    FollowUp,
    FollowUpRecord,
    GoalAssessment,
    GoalFulfilment,
    PlanFrame,
    ReportCitizenFact,
    ReportGoalFact,
    SharedSnapshot,
    User,
    WorkbookItem,
)

NOT_GIVEN = "ikke_angivet"
BATCH = 2_000


def refresh(db: Session, citizen_id: int) -> None:
    """Bring one citizen's facts up to date, in the caller's transaction."""
    db.flush()
    _write(db, [citizen_id])


def rebuild(db: Session, citizen_ids: Iterable[int] | None = None) -> int:
    """Recompute the facts of these citizens (all when None) from the source tables; returns how many."""
    if citizen_ids is None:
        db.execute(delete(ReportGoalFact))
        db.execute(delete(ReportCitizenFact))
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
    goals, citizens = _facts_of(db, citizen_ids)
    db.execute(delete(ReportGoalFact).where(ReportGoalFact.citizen_id.in_(citizen_ids)))
    db.execute(delete(ReportCitizenFact).where(ReportCitizenFact.citizen_id.in_(citizen_ids)))
    if goals:
        db.execute(insert(ReportGoalFact), goals)
    if citizens:
        db.execute(insert(ReportCitizenFact), citizens)


def _facts_of(db: Session, citizen_ids: list[int]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    units = dict(db.execute(select(User.id, User.unit_id).where(User.id.in_(citizen_ids))).all())
    copies = db.execute(
        select(SharedSnapshot.citizen_id, SharedSnapshot.item_id, SharedSnapshot.approved_at,
               SharedSnapshot.revoked_at, SharedSnapshot.content)
        .join(WorkbookItem, WorkbookItem.id == SharedSnapshot.item_id)
        .where(SharedSnapshot.citizen_id.in_(citizen_ids), WorkbookItem.deleted_at.is_(None),
               SharedSnapshot.audience == Audience.CONTACT_PERSON.value, SharedSnapshot.kind == "goal")
        .order_by(SharedSnapshot.item_id, SharedSnapshot.id)).all()
    purposes = _newest_purposes(db, citizen_ids)
    stretches = _stretches(db, citizen_ids)
    goals = []
    for n, (citizen_id, item_id, approved_at, revoked_at, content) in enumerate(copies):
        following = copies[n + 1] if n + 1 < len(copies) else None
        superseded_at = following.approved_at if following is not None and following.item_id == item_id else None
        copy = {"citizen_id": citizen_id, "item_id": item_id, "unit_id": units.get(citizen_id),
                "approved_at": approved_at, "revoked_at": revoked_at, "superseded_at": superseded_at,
                "who": content.get("who_dimension") or NOT_GIVEN,
                "purpose": purposes.get(item_id) or NOT_GIVEN,
                "no_success": int((content.get("success") or "") == ""),
                "no_date": int(content.get("target_date") is None)}
        goals += [copy | stretch for stretch in stretches.get(item_id, [_NO_MEETING])]
    first_due, last_due = _live_follow_up_span(db, citizen_ids)
    duration = _frames_with_duration(db, citizen_ids)
    citizens = [{"citizen_id": c, "unit_id": units.get(c), "first_due_on": first_due.get(c),
                 "last_due_on": last_due.get(c), "duration": int(c in duration)}
                for c in sorted({goal["citizen_id"] for goal in goals})]  # only plans are joined
    return goals, citizens


_NO_MEETING = {"held_from": None, "held_until": None, "degree": None, "voice": 0}


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
    meetings: dict[int, list[tuple[date, str, int]]] = defaultdict(list)
    for item_id, held_on, degree, view, citizen_degree in rows:
        meetings[item_id].append((held_on, degree, int(citizen_degree is not None or view != "")))
    stretches = {}
    for item_id, held in meetings.items():
        stretches[item_id] = [_NO_MEETING | {"held_until": held[0][0]}]
        for n, (held_on, degree, voice) in enumerate(held):
            until = held[n + 1][0] if n + 1 < len(held) else None
            if until != held_on:  # two meetings on one day: the later one holds from that day
                stretches[item_id].append({"held_from": held_on, "held_until": until, "degree": degree,
                                           "voice": voice})
    return stretches


def _newest_purposes(db: Session, citizen_ids: list[int]) -> dict[int, str | None]:
    newest = (select(func.max(GoalAssessment.id)).where(GoalAssessment.citizen_id.in_(citizen_ids))
              .group_by(GoalAssessment.item_id))
    return dict(db.execute(select(GoalAssessment.item_id, GoalAssessment.purpose_type)
                           .where(GoalAssessment.id.in_(newest))).all())


def _live_follow_up_span(db: Session, citizen_ids: list[int]) -> tuple[dict[int, date], dict[int, date]]:
    rows = db.execute(
        select(FollowUp.citizen_id, func.min(FollowUp.due_on), func.max(FollowUp.due_on))
        .where(FollowUp.citizen_id.in_(citizen_ids), FollowUp.cancelled_at.is_(None),
               FollowUp.done_by_record_id.is_(None))
        .group_by(FollowUp.citizen_id)).all()
    return {c: first for c, first, _ in rows}, {c: last for c, _, last in rows}


def _frames_with_duration(db: Session, citizen_ids: list[int]) -> set[int]:
    newest = (select(PlanFrame.citizen_id, func.max(PlanFrame.version).label("version"))
              .where(PlanFrame.citizen_id.in_(citizen_ids)).group_by(PlanFrame.citizen_id).subquery())
    rows = db.execute(select(PlanFrame.citizen_id, PlanFrame.duration_text, PlanFrame.duration_kind)
                      .join(newest, (newest.c.citizen_id == PlanFrame.citizen_id)
                            & (newest.c.version == PlanFrame.version))).all()
    return {c for c, text, kind in rows if text != "" or kind != ""}
