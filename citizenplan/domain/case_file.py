"""Everything a contact person needs at a follow-up meeting, in one read: the shared plan, the § 141
frame, the calendar, the records, the citizen's preparation, the quality check and the 80 % rule.
The follow-up screen and the printed plan both read this, so they can never disagree."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from citizenplan.clock import danish_today, utcnow
from citizenplan.domain import follow_up, municipal_plan, provider_plan, shared_view
from citizenplan.domain.actors import Actor
from citizenplan.domain.municipal_plan import Offer
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.quality_check import GoalFacts, PlanFacts, QualityLine, quality_check
from citizenplan.domain.vocabulary import ServiceArea
from citizenplan.models import (
    ContactAssignment,
    FollowUp,
    GoalAssessment,
    PlanFrame,
    Unit,
    User,
    WorkbookItem,
)

OFFERED = (Offer.ACCEPTED.value, Offer.DECLINED.value)
__all__ = ["CaseFile", "QualityLine", "case_file", "plan_facts"]


@dataclass(frozen=True)
class CaseFile:
    citizen_id: int
    citizen_name: str
    unit_name: str
    service_area: ServiceArea | None
    contact_names: tuple[str, ...]
    shared: tuple[shared_view.SharedItem, ...]
    frame: PlanFrame | None  # the newest version of the municipality's handleplan
    frame_author: str  # the contact person who recorded it
    municipal: municipal_plan.MunicipalPlan | None
    provider: provider_plan.ProviderPlan
    assessments: dict[int, GoalAssessment]
    next: FollowUp | None
    overdue: bool
    proposed: date
    limit: date
    close_follow_up: bool  # a new or complex case: followed up within 3 months, else within a year
    next_after_meeting: date  # what the record form proposes for the next follow-up, for a meeting today
    records: tuple[follow_up.RecordView, ...]
    quality: tuple[QualityLine, ...]
    met: int
    followed_up: int
    suggest_smaller_goals: bool
    printed_at: datetime
    origins: dict[int, int]  # shared goal -> the shared dream or hope it came from (both shared, else absent)

    @property
    def goals(self) -> tuple[shared_view.SharedItem, ...]:
        return tuple(i for i in self.shared if i.kind == "goal")

    @property
    def preparations(self) -> tuple[shared_view.SharedItem, ...]:
        return tuple(sorted((i for i in self.shared if i.kind == "preparation"),
                            key=lambda i: (i.approved_at, i.item_id), reverse=True))

    def steps_of(self, goal_id: int) -> tuple[shared_view.SharedItem, ...]:
        return tuple(i for i in self.shared if i.kind == "step" and i.parent_item_id == goal_id)


def case_file(db: Session, actor: Actor, citizen_id: int, now: datetime | None = None,
              action: Action = Action.READ_FOLLOW_UP) -> CaseFile:
    now = now or utcnow()
    today = danish_today(now)
    citizen = db.get(User, citizen_id)
    authorize(db, actor, action, Target(kind="follow_up", citizen_id=citizen_id,
                                        unit_id=citizen.unit_id if citizen else None),
              log_read=action is not Action.READ_FOLLOW_UP)  # records_of logs the reading
    shared = tuple(shared_view.shared_plan(db, actor, citizen_id))
    unit = db.get(Unit, citizen.unit_id) if citizen.unit_id else None
    contacts = tuple(db.exec(select(User.display_name).join(ContactAssignment, ContactAssignment.contact_person_id == User.id)
                             .where(ContactAssignment.citizen_id == citizen_id, ContactAssignment.ended_at.is_(None))
                             .order_by(User.display_name)).all())
    municipal = municipal_plan.municipal_plan(db, actor, citizen_id)
    provider = provider_plan.provider_plan(db, actor, citizen_id)
    frame = municipal.frame if municipal else None
    author = db.get(User, frame.author_id) if frame else None
    assessments = follow_up.goal_assessments(db, actor, citizen_id)
    upcoming = follow_up.next_follow_up(db, actor, citizen_id)
    proposed, limit = follow_up.proposal_for(db, actor, citizen_id, today)
    records = tuple(follow_up.records_of(db, actor, citizen_id))
    met, followed = follow_up.share_met(list(records))
    overdue = follow_up.is_overdue(upcoming.due_on if upcoming else None, False, today)
    smaller = follow_up.suggest_smaller_goals(met, followed)
    goals = [i for i in shared if i.kind == "goal"]
    return CaseFile(
        citizen_id=citizen_id, citizen_name=citizen.display_name, unit_name=unit.name if unit else "",
        service_area=ServiceArea(unit.service_area) if unit else None, contact_names=contacts, shared=shared,
        frame=frame, frame_author=author.display_name if author else "", municipal=municipal, provider=provider,
        assessments=assessments, next=upcoming, overdue=overdue, proposed=proposed, limit=limit,
        close_follow_up=follow_up.is_close(frame), next_after_meeting=follow_up.next_after_meeting(frame, today),
        records=records,
        quality=quality_check(plan_facts(municipal, provider, goals, records, upcoming, overdue, smaller, today)),
        met=met, followed_up=followed, suggest_smaller_goals=smaller,
        printed_at=now, origins=_shared_origins(db, citizen_id, shared),
    )


def _shared_origins(db: Session, citizen_id: int, shared: tuple[shared_view.SharedItem, ...]) -> dict[int, int]:
    """Which shared dream or hope each shared goal came from. Only the link is read, and only where the
    citizen shares both ends, so nothing she keeps to herself shows through it."""
    goals = {i.item_id for i in shared if i.kind == "goal"}
    sources = {i.item_id for i in shared if i.kind in ("dream", "hope")}
    if not goals or not sources:
        return {}
    rows = db.exec(select(WorkbookItem.id, WorkbookItem.origin_id).where(
        WorkbookItem.citizen_id == citizen_id, WorkbookItem.id.in_(goals), WorkbookItem.origin_id.in_(sources))).all()
    return {item_id: origin for item_id, origin in rows}


def plan_facts(municipal: municipal_plan.MunicipalPlan | None, provider: provider_plan.ProviderPlan,
               goals: list[shared_view.SharedItem], records: tuple[follow_up.RecordView, ...],
               upcoming: FollowUp | None, overdue: bool, suggest_smaller: bool, today: date) -> PlanFacts:
    """What the nine questions need, read from the handleplan, the indsatsplan and the follow-ups."""
    frame = municipal.frame if municipal else None
    in_force = follow_up.in_force(list(records))
    newest = {g.item_id: g for g in in_force[0].goals} if in_force else {}
    since = (frame.made_on or frame.started_on) if frame else None
    unjudged = sum(1 for r in in_force if not r.record.purpose_judgement and (since is None or r.record.held_on >= since))
    keys = municipal.goal_keys if municipal else frozenset()

    def goal_facts(goal: shared_view.SharedItem) -> GoalFacts:
        c, row = goal.content, provider.links.get(goal.item_id)
        target = c.get("target_date")
        met = newest.get(goal.item_id) is not None and newest[goal.item_id].degree == follow_up.Degree.MET.value
        reached = c.get("status") == "reached" or met
        linked = (row is not None and row.municipal_goal_key in keys) if keys else bool(row and row.linked_to_purpose)
        subs = provider.sub_goals.get(goal.item_id, ())
        fulfilment = newest.get(goal.item_id)
        return GoalFacts(
            item_id=goal.item_id, has_date=bool(target), has_horizon=c.get("horizon") in ("short", "long"),
            realism=bool(row and row.obstacles.strip() and row.supports.strip()),
            date_passed_unmet=bool(target) and date.fromisoformat(str(target)) < today and not reached,
            has_success=bool(str(c.get("success") or "").strip()), linked=linked,
            purpose_type=bool(row and row.purpose_type), sub_goals=len(subs),
            unanswered_sub_goals=sum(1 for s in subs if s.answer is None),
            unassessed_disagreements=sum(1 for s in subs if s.needs_assessment)
            + int(c.get("agrees") is False and not (row and row.assessment.strip())),
            responsible=bool(row and row.responsible.strip()),
            own_view_at_follow_up=None if fulfilment is None else bool(
                fulfilment.citizen_degree is not None or fulfilment.citizen_view.strip()))

    return PlanFacts(
        has_handleplan=frame is not None, purpose=bool(frame and frame.purpose.strip()), unjudged_follow_ups=unjudged,
        granted=bool(frame and frame.intervention.strip()), scope=bool(frame and frame.intervention_scope.strip()),
        duration=bool(frame and (frame.duration_text or frame.duration_kind)),
        offer_recorded=bool(frame and frame.offer in OFFERED and frame.offer_on),
        goals=tuple(goal_facts(g) for g in goals), next_follow_up=upcoming is not None, overdue=overdue,
        suggest_smaller_goals=suggest_smaller)
