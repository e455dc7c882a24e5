"""The manager's report (DESIGN section 6; seeds 000/001): figures per service area for a period, from SQL
aggregates only. No name, no text, no id leaves this module: only counts, protected by disclosure.protect.

What counts: a plan is a citizen with at least one goal shared with their contact person during the
period (the plan the professionals hold; a private draft is the citizen's own and never counted); its
goals are those shared goals (the indsatsplan's goals; table I calls them delmål, as the seed does).
The seeds' figures: II a handleplan (the municipality's, recorded by the end of the period, not declined)
has an indsatsplan when its citizen has such a plan in the period; III a goal is followed up when a
meeting in the period rated it, and overdue when its plan's next follow-up date has passed, each counted
per goal; IV the WHO dimension the contact person chose, else the one of the goal's life area; V the
purpose type; the offers count the newest answer to the offer of a handleplan given by the period's end.
The number of queries is fixed, however many citizens there are.

The queries read the fact tables that domain.report_facts keeps current (one row per goal copy and
stretch of its follow-up history, with its plan's facts; one row per citizen with a handleplan), each
through a covering index, so a report over 1,000,000 goals is three index scans rather than a lookup per
goal in six tables.
A goal's copies follow one another in time (a new copy ends the old one), so "the newest copy live in
the period" is the copy live in it whose successor was approved after it ended.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import and_, case, func, select
from sqlmodel import Session

from citizenplan.clock import DANISH_TIME, danish_today, utcnow
from citizenplan.domain import disclosure
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.follow_up import Degree, PurposeType
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.report_facts import ACCEPTED, DECLINED, NOT_GIVEN
from citizenplan.domain.vocabulary import ServiceArea, WhoDimension
from citizenplan.models import ReportGoalFact, ReportPlanFact, Unit

AREAS = [a.value for a in ServiceArea]
QUALITY_COLUMNS = ["success", "dates", "duration", "citizen_voice", "next_follow_up"]
OFFERED = (ACCEPTED, DECLINED)


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
    handleplans: disclosure.ProtectedTable  # handleplaner, and those with an indsatsplan (not a partition)
    offers: disclosure.ProtectedTable  # citizens offered a handleplan, and those who said no (not a partition)

    @property
    def empty(self) -> bool:
        return self.plans_and_goals.cell(disclosure.TOTAL, "plans").value == 0


def unit_report(db: Session, actor: Actor, period: Period, now: datetime | None = None) -> Report:
    now = now or utcnow()
    units = sorted(actor.managed_unit_ids)
    if not units:
        authorize(db, actor, Action.READ_UNIT_REPORT, Target(kind="unit"))
    for unit_id in units:
        authorize(db, actor, Action.READ_UNIT_REPORT, Target(kind="unit", unit_id=unit_id))
    unit_rows = db.exec(select(Unit.id, Unit.name, Unit.service_area).where(Unit.id.in_(units))
                        .order_by(Unit.name)).all()
    names = tuple(name for _, name, _ in unit_rows)
    area_of = {unit_id: area for unit_id, _, area in unit_rows}
    today = min(danish_today(now), period.end)
    who_columns = [d.value for d in WhoDimension] + [NOT_GIVEN]
    purpose_columns = [p.value for p in PurposeType] + [NOT_GIVEN]
    degree_columns = [Degree.MET.value, Degree.PARTLY_MET.value, Degree.NOT_MET.value]
    counts: dict[str, dict[tuple[str, str], int]] = {key: defaultdict(int) for key in (
        "plans", "follow_up", "who", "purpose", "degree", "quality", "handleplans", "offers")}
    for unit_id, who, purpose, degree, goals, followed_up in db.exec(_breakdown(units, period)).all():
        area = area_of[unit_id]
        counts["who"][(area, who)] += goals
        counts["purpose"][(area, purpose)] += goals
        counts["plans"][(area, "goals")] += goals
        counts["follow_up"][(area, "goals")] += goals
        if degree is not None:
            counts["degree"][(area, degree)] += int(followed_up or 0)
            counts["follow_up"][(area, "with_follow_up")] += int(followed_up or 0)
    for unit_id, plans, overdue, with_handleplan, *passing in db.exec(_per_plan(units, period, today)).all():
        area = area_of[unit_id]
        counts["plans"][(area, "plans")] += plans
        counts["follow_up"][(area, "overdue")] += int(overdue or 0)
        counts["handleplans"][(area, "with_provider_plan")] += int(with_handleplan or 0)
        for column, value in zip(QUALITY_COLUMNS, passing, strict=True):
            counts["quality"][(area, column)] += int(value or 0)

    for unit_id, handleplans, offered, declined in db.exec(_handleplans(units, period)).all():
        area = area_of[unit_id]
        counts["handleplans"][(area, "handleplans")] += int(handleplans or 0)
        counts["offers"][(area, "offered")] += int(offered or 0)
        counts["offers"][(area, "declined")] += int(declined or 0)

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
    quality = disclosure.protect(counts["quality"], AREAS, QUALITY_COLUMNS, partition=False)
    handleplans = disclosure.protect(counts["handleplans"], AREAS, ["handleplans", "with_provider_plan"],
                                     partition=False)
    offers = disclosure.protect(counts["offers"], AREAS, ["offered", "declined"], partition=False)
    return Report(period, now, names, plans_and_goals, follow_up, who, purpose, fulfilment, quality, handleplans,
                  offers)


def _in_period(period: Period):
    """The goal copy that was the report's goal in the period, in the stretch that holds its last day."""
    fact, start, end = ReportGoalFact, period.start.toordinal(), period.end.toordinal()
    return and_(fact.shared_from <= end, fact.shared_until >= start, fact.replaced_on > end,
                fact.held_from <= end, fact.held_until > end)


def _followed_up(period: Period):
    return case((ReportGoalFact.held_from >= period.start.toordinal(), 1), else_=0)


def _breakdown(units: list[int], period: Period):
    """Goals per unit and (WHO dimension, purpose, degree): one scan of a covering index."""
    fact = ReportGoalFact
    return (select(fact.unit_id, fact.who, fact.purpose, fact.degree, func.count(), func.sum(_followed_up(period)))
            .where(fact.unit_id.in_(units), _in_period(period))
            .group_by(fact.unit_id, fact.who, fact.purpose, fact.degree))


def _per_plan(units: list[int], period: Period, today: date):
    """Per plan first (a plan passes a quality line when all its goals do), then per unit. The plan's own
    facts are on each of its rows, so they group with it and need no join."""
    fact, day = ReportGoalFact, today.toordinal()
    plan = (select(fact.unit_id, fact.first_due_on, fact.last_due_on, fact.duration, fact.handleplan_from,
                   func.count().label("goals"),
                   func.sum(fact.no_success).label("no_success"), func.sum(fact.no_date).label("no_date"),
                   func.max(_followed_up(period) * fact.voice).label("voice"))
            .where(fact.unit_id.in_(units), _in_period(period))
            .group_by(fact.unit_id, fact.citizen_id, fact.first_due_on, fact.last_due_on, fact.duration,
                      fact.handleplan_from)
            .subquery("per_plan"))
    return (select(
        plan.c.unit_id, func.count(),
        func.sum(case((plan.c.first_due_on < day, plan.c.goals), else_=0)),
        func.sum(case((plan.c.handleplan_from <= period.end.toordinal(), 1), else_=0)),
        func.sum(case((plan.c.no_success == 0, 1), else_=0)),
        func.sum(case((plan.c.no_date == 0, 1), else_=0)),
        func.sum(plan.c.duration),
        func.sum(plan.c.voice),
        func.sum(case((plan.c.last_due_on >= day, 1), else_=0)))
        .group_by(plan.c.unit_id))


def _handleplans(units: list[int], period: Period):
    """Handleplaner in force by the period's end, and the offers made or answered by then, per unit: one scan
    of the plan facts' covering index."""
    fact, end = ReportPlanFact, period.end.toordinal()
    given = fact.offer_on <= end
    return (select(fact.unit_id, func.sum(case((fact.handleplan_from <= end, 1), else_=0)),
                   func.sum(case((and_(fact.offer.in_(OFFERED), given), 1), else_=0)),
                   func.sum(case((and_(fact.offer == DECLINED, given), 1), else_=0)))
            .where(fact.unit_id.in_(units)).group_by(fact.unit_id))
