"""The manager's report (DESIGN section 6; seeds 000/001): figures per service area for a period, from SQL
aggregates only. No name, no text, no id leaves this module: only counts, protected by disclosure.protect.

What counts: a plan is a citizen with at least one goal shared with their contact person during the
period (the plan the professionals hold; a private draft is the citizen's own and never counted); its
goals are those shared goals. The number of queries is fixed, however many citizens there are.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import Integer, and_, case, cast, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from citizenplan.clock import DANISH_TIME, danish_today, utcnow
from citizenplan.domain import disclosure
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.follow_up import Degree, PurposeType
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.vocabulary import Audience, ServiceArea, WhoDimension
from citizenplan.models import (
    FollowUp,
    FollowUpRecord,
    GoalAssessment,
    GoalFulfilment,
    PlanFrame,
    SharedSnapshot,
    Unit,
    User,
    WorkbookItem,
)

AREAS = [a.value for a in ServiceArea]
NOT_GIVEN = "ikke_angivet"
QUALITY_COLUMNS = ["success", "dates", "duration", "citizen_voice", "next_follow_up"]


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min, DANISH_TIME).astimezone(UTC)

    @property
    def end_at(self) -> datetime:  # exclusive
        return datetime.combine(self.end + timedelta(days=1), time.min, DANISH_TIME).astimezone(UTC)


def default_period(today: date) -> Period:
    """The last 12 months, today included."""
    return Period(today - relativedelta(years=1) + timedelta(days=1), today)


def period_from(start: str, end: str, today: date) -> Period:
    """The manager's chosen period; empty fields mean the last 12 months."""
    try:
        chosen_end = date.fromisoformat(end) if end.strip() else today
        chosen_start = date.fromisoformat(start) if start.strip() else default_period(chosen_end).start
    except ValueError:
        raise UserError(N_("Skriv datoerne som dato, fx 2026-01-31.")) from None
    if chosen_end < chosen_start:
        raise UserError(N_("Perioden slutter, før den begynder. Vælg en slutdato efter startdatoen."))
    return Period(chosen_start, chosen_end)


@dataclass(frozen=True)
class Report:
    period: Period
    computed_at: datetime
    unit_names: tuple[str, ...]
    plans_and_goals: disclosure.ProtectedTable  # columns: plans, goals (not a partition)
    follow_up: disclosure.ProtectedTable  # goals, with_follow_up, overdue (not a partition)
    who: disclosure.ProtectedTable  # goals by WHO dimension (a partition of goals)
    purpose: disclosure.ProtectedTable  # goals by purpose type (a partition of goals)
    fulfilment: disclosure.ProtectedTable  # followed-up goals by degree (a partition)
    quality: disclosure.ProtectedTable  # plans passing each computable quality line (not a partition)

    @property
    def empty(self) -> bool:
        return self.plans_and_goals.cell(disclosure.TOTAL, "plans").value == 0


def unit_report(db: Session, actor: Actor, period: Period, now: datetime | None = None) -> Report:
    now = now or utcnow()
    if not actor.managed_unit_ids:
        authorize(db, actor, Action.READ_UNIT_REPORT, Target(kind="unit"))
    for unit_id in sorted(actor.managed_unit_ids):
        authorize(db, actor, Action.READ_UNIT_REPORT, Target(kind="unit", unit_id=unit_id))
    units = sorted(actor.managed_unit_ids)
    names = tuple(db.exec(select(Unit.name).where(Unit.id.in_(units)).order_by(Unit.name)).scalars().all())
    today = min(danish_today(now), period.end)
    goals = _goal_facts(units, period, today).subquery("goals")
    who_columns = [d.value for d in WhoDimension] + [NOT_GIVEN]
    purpose_columns = [p.value for p in PurposeType] + [NOT_GIVEN]
    degree_columns = [Degree.MET.value, Degree.PARTLY_MET.value, Degree.NOT_MET.value]
    breakdowns = [("who", c) for c in who_columns] + [("purpose", c) for c in purpose_columns] + \
        [("degree", c) for c in degree_columns]
    rows = db.exec(select(
        goals.c.area, func.count(func.distinct(goals.c.citizen_id)), func.count(),
        func.sum(cast(goals.c.degree.is_not(None), Integer)), func.sum(goals.c.overdue),
        *[func.sum(case((goals.c[column] == value, 1), else_=0)) for column, value in breakdowns])
        .group_by(goals.c.area)).all()
    counts: dict[str, dict[tuple[str, str], int]] = {"plans": {}, "follow_up": {}, "who": {}, "purpose": {},
                                                     "degree": {}}
    for area, plans, n, with_follow_up, overdue, *split in rows:
        counts["plans"] |= {(area, "plans"): plans, (area, "goals"): n}
        counts["follow_up"] |= {(area, "goals"): n, (area, "with_follow_up"): int(with_follow_up or 0),
                                (area, "overdue"): int(overdue or 0)}
        for (column, value), count in zip(breakdowns, split, strict=True):
            counts[column][(area, value)] = int(count or 0)

    plans_and_goals = disclosure.protect(counts["plans"], AREAS, ["plans", "goals"], partition=False)
    goal_totals = {(a, disclosure.TOTAL): plans_and_goals.cell(a, "goals") for a in AREAS}
    goal_totals[(disclosure.TOTAL, disclosure.TOTAL)] = plans_and_goals.cell(disclosure.TOTAL, "goals")
    follow_up = disclosure.protect(counts["follow_up"], AREAS, ["goals", "with_follow_up", "overdue"],
                                   partition=False, fixed={(a, "goals"): c for (a, _), c in goal_totals.items()})
    who = disclosure.protect(counts["who"], AREAS, who_columns, fixed=goal_totals)
    purpose = disclosure.protect(counts["purpose"], AREAS, purpose_columns, fixed=goal_totals)
    followed_totals = {(a, disclosure.TOTAL): follow_up.cell(a, "with_follow_up") for a in AREAS}
    followed_totals[(disclosure.TOTAL, disclosure.TOTAL)] = follow_up.cell(disclosure.TOTAL, "with_follow_up")
    fulfilment = disclosure.protect(counts["degree"], AREAS, degree_columns, fixed=followed_totals)
    quality = disclosure.protect(_quality_counts(db, goals), AREAS, QUALITY_COLUMNS, partition=False)
    return Report(period, now, names, plans_and_goals, follow_up, who, purpose, fulfilment, quality)


def _goal_facts(units: list[int], period: Period, today: date):
    """One row per goal shared with a contact person at some time in the period (its newest such copy),
    with every fact the report counts. Each fact is an index lookup per goal (correlated on item_id or
    citizen_id), so the cost grows with the number of goals, never with goals times records."""
    def live_in_period(row):
        return and_(row.audience == Audience.CONTACT_PERSON.value, row.kind == "goal",
                    row.approved_at < period.end_at, or_(row.revoked_at.is_(None), row.revoked_at >= period.start_at))

    snap, newer = SharedSnapshot, aliased(SharedSnapshot)
    newest_copy = ~select(newer.id).where(newer.item_id == snap.item_id, newer.id > snap.id,
                                          live_in_period(newer)).exists()
    fulfilment, record, correction = aliased(GoalFulfilment), aliased(FollowUpRecord), aliased(FollowUpRecord)
    in_force = and_(record.held_on >= period.start, record.held_on <= period.end,
                    ~select(correction.id).where(correction.corrects_id == record.id).exists())

    def newest_fulfilment(column):
        return (select(column).join(record, record.id == fulfilment.record_id)
                .where(fulfilment.item_id == snap.item_id, in_force)
                .order_by(record.held_on.desc(), record.id.desc(), fulfilment.id.desc()).limit(1).scalar_subquery())

    voice = case((or_(fulfilment.citizen_degree.is_not(None), fulfilment.citizen_view != ""), 1), else_=0)
    assessment = aliased(GoalAssessment)
    purpose = (select(assessment.purpose_type).where(assessment.item_id == snap.item_id)
               .order_by(assessment.id.desc()).limit(1).scalar_subquery())
    live_follow_up = and_(FollowUp.citizen_id == snap.citizen_id, FollowUp.cancelled_at.is_(None),
                          FollowUp.done_by_record_id.is_(None))
    frame, newer_frame = aliased(PlanFrame), aliased(PlanFrame)
    duration = select(frame.id).where(
        frame.citizen_id == snap.citizen_id, or_(frame.duration_text != "", frame.duration_kind != ""),
        ~select(newer_frame.id).where(newer_frame.citizen_id == frame.citizen_id,
                                      newer_frame.version > frame.version).exists()).exists()
    blank_success = func.coalesce(snap.content["success"].as_string(), "") == ""
    return (select(
        snap.item_id, snap.citizen_id, Unit.service_area.label("area"),
        func.coalesce(snap.content["who_dimension"].as_string(), NOT_GIVEN).label("who"),
        func.coalesce(purpose, NOT_GIVEN).label("purpose"),
        newest_fulfilment(fulfilment.degree).label("degree"),
        func.coalesce(newest_fulfilment(voice), 0).label("voice"),
        cast(blank_success, Integer).label("no_success"),
        cast(snap.content["target_date"].as_string().is_(None), Integer).label("no_date"),
        cast(select(FollowUp.id).where(live_follow_up, FollowUp.due_on < today).exists(), Integer).label("overdue"),
        cast(select(FollowUp.id).where(live_follow_up, FollowUp.due_on >= today).exists(), Integer).label("upcoming"),
        cast(duration, Integer).label("duration"))
        .join(User, User.id == snap.citizen_id)
        .join(Unit, Unit.id == User.unit_id)
        .join(WorkbookItem, WorkbookItem.id == snap.item_id)
        .where(Unit.id.in_(units), WorkbookItem.deleted_at.is_(None), live_in_period(snap), newest_copy))


def _quality_counts(db: Session, goals) -> dict[tuple[str, str], int]:
    """Per plan first (a plan passes a line when all its goals do), then per area."""
    per_plan = (select(
        goals.c.citizen_id, goals.c.area,
        func.sum(goals.c.no_success).label("no_success"), func.sum(goals.c.no_date).label("no_date"),
        func.max(goals.c.duration).label("duration"), func.max(goals.c.voice).label("voice"),
        func.max(goals.c.upcoming).label("upcoming"))
        .group_by(goals.c.citizen_id, goals.c.area).subquery("per_plan"))
    rows = db.exec(select(
        per_plan.c.area,
        func.sum(case((per_plan.c.no_success == 0, 1), else_=0)),
        func.sum(case((per_plan.c.no_date == 0, 1), else_=0)),
        func.sum(per_plan.c.duration), func.sum(per_plan.c.voice), func.sum(per_plan.c.upcoming))
        .group_by(per_plan.c.area)).all()
    return {(area, column): int(value or 0) for area, *values in rows
            for column, value in zip(QUALITY_COLUMNS, values, strict=True)}
