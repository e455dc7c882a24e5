"""What an export holds, read with the policy: the contact person's shared plan, or the citizen's own plan.

Both end as one `PlanSource`, so one builder (domain.fhir.export) writes both and they cannot drift apart.
The contact person's source is the case file (domain.case_file): only what she shared with her contact person,
as she approved it, never a draft. Hers is her own workbook as it is now, private items included: it is her
data.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from citizenplan.clock import utcnow
from citizenplan.domain import case_file, follow_up, municipal_plan, provider_plan, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import Unit, User


@dataclass(frozen=True)
class Part:
    """A goal, step or check-in: its workbook id, its words and fields, and when (a check-in's time)."""

    item_id: int
    content: dict[str, Any]
    parent_id: int | None = None
    at: datetime | None = None


@dataclass(frozen=True)
class PlanSource:
    citizen_id: int
    citizen_name: str
    municipal_ref: str
    provider_name: str  # the unit that makes the indsatsplan
    municipal: municipal_plan.MunicipalPlan | None
    provider: provider_plan.ProviderPlan
    goals: tuple[Part, ...]  # in her order
    steps: tuple[Part, ...]
    check_ins: tuple[Part, ...]
    records: tuple[follow_up.RecordView, ...]  # in force, newest first
    next_due: date | None
    names: dict[int, str]  # author id -> name, for the professionals' entries
    exported_at: datetime


def _names(db: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.exec(select(User.id, User.display_name).where(User.id.in_(ids))).all())


def _author_ids(provider: provider_plan.ProviderPlan) -> set[int]:
    ids = {row.author_id for row in provider.links.values()}
    for views in provider.sub_goals.values():
        ids |= {v.sub_goal.author_id for v in views} | {a.author_id for v in views for a in v.assessments}
    return ids


def shared(db: Session, actor: Actor, citizen_id: int, now: datetime | None = None) -> PlanSource:
    """The plan as her contact person may hand it on: the export is a read of her plan, logged in her
    "Hvem har set min plan" (Action.EXPORT_PLAN) beside each item read."""
    case = case_file.case_file(db, actor, citizen_id, now=now, action=Action.EXPORT_PLAN)
    citizen = db.get(User, citizen_id)
    goals = tuple(Part(g.item_id, g.content) for g in case.goals)
    steps = tuple(Part(s.item_id, s.content, s.parent_item_id) for g in case.goals for s in case.steps_of(g.item_id))
    return PlanSource(
        citizen_id=citizen_id, citizen_name=case.citizen_name, municipal_ref=citizen.municipal_ref or "",
        provider_name=case.unit_name, municipal=case.municipal, provider=case.provider, goals=goals, steps=steps,
        check_ins=(), records=tuple(follow_up.in_force(list(case.records))),
        next_due=case.next.due_on if case.next else None, names=_names(db, _author_ids(case.provider)),
        exported_at=case.printed_at)


def own(db: Session, actor: Actor, now: datetime | None = None) -> PlanSource:
    """Her own plan, all of it that the FHIR shape holds: her data (GDPR art. 20), like "Hent mine data"."""
    me = actor.user_id
    authorize(db, actor, Action.EXPORT_OR_ERASE, Target(kind="account", citizen_id=me))
    citizen = db.get(User, me)
    items = workbook.items(db, actor, (ItemKind.GOAL, ItemKind.STEP, ItemKind.CHECK_IN))
    goals = tuple(Part(i.item_id, i.content) for i in items if i.kind is ItemKind.GOAL and i.content.get("title"))
    goal_ids = {g.item_id for g in goals}
    steps = tuple(Part(i.item_id, i.content, i.parent_id) for i in items
                  if i.kind is ItemKind.STEP and i.parent_id in goal_ids)
    check_ins = tuple(Part(i.item_id, i.content, i.parent_id, i.updated_at) for i in items
                      if i.kind is ItemKind.CHECK_IN and i.parent_id in goal_ids
                      and str(i.content.get("score") or "").isdigit())
    provider = provider_plan.provider_plan(db, actor, me)
    upcoming = follow_up.next_follow_up(db, actor, me)
    unit_row = db.get(Unit, citizen.unit_id) if citizen.unit_id else None
    return PlanSource(
        citizen_id=me, citizen_name=citizen.display_name, municipal_ref=citizen.municipal_ref or "",
        provider_name=unit_row.name if unit_row else "", municipal=municipal_plan.municipal_plan(db, actor, me),
        provider=provider, goals=goals, steps=steps, check_ins=check_ins,
        records=tuple(follow_up.in_force(follow_up.records_of(db, actor, me))),
        next_due=upcoming.due_on if upcoming else None, names=_names(db, _author_ids(provider)),
        exported_at=now or utcnow())
