"""The manager's report for domain tests: a manager of every unit, a spy on what the report reads, and the counts
the report must show, worked out from the rows themselves."""

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from citizenplan.clock import danish_today
from citizenplan.domain import disclosure, report
from citizenplan.domain.actors import Actor
from citizenplan.domain.vocabulary import Role, ServiceArea
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
from citizenplan.synthetic import PlanShape
from tests.support.follow_up_case import (
    NOW,
    TODAY,
)

PERIOD = report.default_period(TODAY)  # 5 May 2025 to 4 May 2026


def manager_of_all_units(db: Session) -> Actor:
    """A manager leading every unit (as the benchmark does: the policy reads no table for this)."""
    units = frozenset(db.exec(select(Unit.id)).all())
    return Actor(user_id=999_999, role=Role.MANAGER, display_name="Leder", managed_unit_ids=units)


def run(db: Session, who: Actor, period: report.Period = PERIOD, now: datetime = NOW) -> report.Report:
    return report.unit_report(db, who, period, now=now)


class Spy:
    """What the report hands to disclosure.protect, in order: the counts before any cell is hidden."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[dict[tuple[str, str], int]] = []
        original = disclosure.protect

        def protect(counts, rows, columns, **kwargs):
            self.calls.append({(r, c): int(counts.get((r, c), 0)) for r in rows for c in columns})
            return original(counts, rows, columns, **kwargs)

        monkeypatch.setattr(disclosure, "protect", protect)

    def named(self) -> dict[str, dict[tuple[str, str], int]]:
        assert len(self.calls) == 8
        return dict(zip(["plans", "follow_up", "who", "purpose", "fulfilment", "quality", "handleplans", "offers"],
                        self.calls, strict=True))


def _aware(value: datetime | None) -> datetime | None:
    return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)


def expected_counts(db: Session, units: set[int], period: report.Period, now: datetime
                    ) -> dict[str, dict[tuple[str, str], int]]:
    """The report's counts, worked out in Python from every row, as its documentation describes them."""
    start_at, end_at = period.start_at, period.end_at
    today = min(danish_today(now), period.end)
    area_of_unit = {u.id: u.service_area for u in db.exec(select(Unit)).all()}
    area_of = {u.id: area_of_unit[u.unit_id] for u in db.exec(select(User)).all()
               if u.unit_id in units and u.role == Role.CITIZEN.value}
    deleted = {i.id for i in db.exec(select(WorkbookItem)).all() if i.deleted_at is not None}
    newest: dict[int, SharedSnapshot] = {}
    for s in db.exec(select(SharedSnapshot)).all():
        live = (s.audience == "contact_person" and s.kind == "goal" and _aware(s.approved_at) < end_at
                and (s.revoked_at is None or _aware(s.revoked_at) >= start_at))
        if live and s.citizen_id in area_of and s.item_id not in deleted:
            if s.item_id not in newest or s.id > newest[s.item_id].id:
                newest[s.item_id] = s
    purpose, chosen_who = {}, {}
    for a in sorted(db.exec(select(GoalAssessment)).all(), key=lambda a: a.id):
        purpose[a.item_id] = a.purpose_type or report.NOT_GIVEN
        chosen_who[a.item_id] = a.who_dimension
    records = db.exec(select(FollowUpRecord)).all()
    corrected = {r.corrects_id for r in records if r.corrects_id}
    in_force = {r.id for r in records if period.start <= r.held_on <= period.end and r.id not in corrected}
    fulfilment: dict[int, GoalFulfilment] = {}
    for f in sorted(db.exec(select(GoalFulfilment)).all(), key=lambda f: f.id):
        if f.record_id in in_force:
            fulfilment[f.item_id] = f
    overdue, upcoming = set(), set()
    for f in db.exec(select(FollowUp)).all():
        if f.cancelled_at is None and f.done_by_record_id is None:
            (overdue if f.due_on < today else upcoming).add(f.citizen_id)
    frames: dict[int, PlanFrame] = {}
    first_day: dict[int, date] = {}
    for frame in sorted(db.exec(select(PlanFrame)).all(), key=lambda f: f.version):
        if frame.citizen_id not in frames or frame.version > frames[frame.citizen_id].version:
            frames[frame.citizen_id] = frame
        first_day.setdefault(frame.citizen_id, frame.made_on or danish_today(_aware(frame.created_at)))
    with_duration = {c for c, f in frames.items() if f.duration_text != "" or f.duration_kind != ""}

    counts: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    plans: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item_id, s in newest.items():
        area = area_of[s.citizen_id]
        done = fulfilment.get(item_id)
        facts = {"area": area, "success": bool(s.content.get("success")),
                 "date": s.content.get("target_date") is not None,
                 "voice": bool(done and (done.citizen_degree is not None or done.citizen_view != ""))}
        plans[s.citizen_id].append(facts)
        counts["plans"][(area, "goals")] += 1
        counts["follow_up"][(area, "goals")] += 1
        counts["follow_up"][(area, "with_follow_up")] += done is not None
        counts["follow_up"][(area, "overdue")] += s.citizen_id in overdue
        counts["who"][(area, chosen_who.get(item_id) or s.content.get("who_dimension") or report.NOT_GIVEN)] += 1
        counts["purpose"][(area, purpose.get(item_id, report.NOT_GIVEN))] += 1
        if done is not None:
            counts["fulfilment"][(area, done.degree)] += 1
    for citizen_id, goals in plans.items():
        area = goals[0]["area"]
        counts["plans"][(area, "plans")] += 1
        counts["quality"][(area, "success")] += all(g["success"] for g in goals)
        counts["quality"][(area, "dates")] += all(g["date"] for g in goals)
        counts["quality"][(area, "duration")] += citizen_id in with_duration
        counts["quality"][(area, "citizen_voice")] += any(g["voice"] for g in goals)
        counts["quality"][(area, "next_follow_up")] += citizen_id in upcoming
    handleplans = {c for c, f in frames.items() if c in area_of and f.offer != "declined"
                   and first_day[c] <= period.end}
    for citizen_id in handleplans:
        counts["handleplans"][(area_of[citizen_id], "handleplans")] += 1
        counts["handleplans"][(area_of[citizen_id], "with_provider_plan")] += citizen_id in plans
    for citizen_id, frame in frames.items():
        given = frame.offer_on is None or frame.offer_on <= period.end
        if citizen_id in area_of and given and frame.offer in ("accepted", "declined"):
            counts["offers"][(area_of[citizen_id], "offered")] += 1
            counts["offers"][(area_of[citizen_id], "declined")] += frame.offer == "declined"
    return {name: dict(table) for name, table in counts.items()}


def assert_counts_match(spy: Spy, expected: dict[str, dict[tuple[str, str], int]]) -> None:
    for name, seen in spy.named().items():
        nonzero = {key: value for key, value in seen.items() if value}
        assert nonzero == {key: v for key, v in expected.get(name, {}).items() if v}, name


DAY = timedelta(days=1)
H, P, F = (a.value for a in ServiceArea)
PILOT_SHAPES = [PlanShape(ServiceArea.HANDICAP, 22, 45), PlanShape(ServiceArea.PSYCHIATRY, 16, 19),
                PlanShape(ServiceArea.HOMELESSNESS_AND_ADDICTION, 29, 51)]
