"""The citizen's workbook as its screen shows it, in one read: her goals in her order, each with its
steps, its newest check-in and whether others see it; the rest of what she wrote; the life areas of her
goals; the records of her meetings; the municipality's plan; what waits for her answer. A fixed number of
statements however many items she has (tests/unit/test_read_models.py)."""

from dataclasses import dataclass

from sqlmodel import Session

from citizenplan.domain import follow_up, municipal_plan, proposals, provider_plan, sharing, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.vocabulary import LIFE_AREA_LABELS, LifeArea
from citizenplan.domain.workbook import ItemKind, ItemView

# The rest of the workbook, below the goals, in this order.
TOP_KINDS = (ItemKind.ABOUT_ME, ItemKind.FOCUS_AREAS, ItemKind.DREAM, ItemKind.HOPE, ItemKind.CRISIS_PLAN,
             ItemKind.REMARKS, ItemKind.PREPARATION)
PRIVATE, SHARED, CHANGED = "private", "shared", "changed"  # changed: shared, but changed since


@dataclass(frozen=True)
class WorkbookGoal:
    view: ItemView
    share: str  # PRIVATE, SHARED or CHANGED
    latest_check_in: ItemView | None  # the newest check-in with a score
    steps: tuple[ItemView, ...]


@dataclass(frozen=True)
class WorkbookEntry:
    view: ItemView
    share: str


@dataclass(frozen=True)
class WorkbookPage:
    goals: tuple[WorkbookGoal, ...]
    others: tuple[WorkbookEntry, ...]
    areas: tuple[LifeArea, ...]  # the life areas her goals are in, in the usual order: the filter's choices
    proposals_waiting: int  # rewordings the contact person proposed, not answered yet
    agreements_waiting: int  # delmål the contact person proposed, not answered yet
    records: tuple[follow_up.RecordView, ...]  # her meetings, newest first
    municipal: municipal_plan.MunicipalPlan | None  # the municipality's plan, marked as theirs


def workbook_page(db: Session, actor: Actor) -> WorkbookPage:
    views = workbook.items(db, actor)
    shared = sharing.states_of(db, actor)
    waiting = len(proposals.open_proposals(db, actor))
    records = tuple(follow_up.records_of(db, actor, actor.user_id))
    municipal = municipal_plan.municipal_plan(db, actor, actor.user_id)
    plan = provider_plan.provider_plan(db, actor, actor.user_id)

    def share_of(item_id: int) -> str:
        state = shared.get(item_id)
        return PRIVATE if state is None else CHANGED if state.has_unshared_changes else SHARED

    children: dict[int, list[ItemView]] = {}
    for v in views:
        if v.parent_id:
            children.setdefault(v.parent_id, []).append(v)
    goals = []
    for goal in (v for v in views if v.kind is ItemKind.GOAL):
        kids = children.get(goal.item_id, [])
        checks = [c for c in kids if c.kind is ItemKind.CHECK_IN and c.content.get("score")]
        goals.append(WorkbookGoal(goal, share_of(goal.item_id), checks[-1] if checks else None,
                                  tuple(k for k in kids if k.kind is ItemKind.STEP)))
    used = {str(g.view.content.get("life_area") or "") for g in goals}
    return WorkbookPage(
        goals=tuple(goals),
        others=tuple(WorkbookEntry(v, share_of(v.item_id)) for kind in TOP_KINDS for v in views
                     if v.kind is kind and not v.parent_id),
        areas=tuple(a for a in LIFE_AREA_LABELS if a.value in used),
        proposals_waiting=waiting,
        agreements_waiting=sum(1 for subs in plan.sub_goals.values() for s in subs if s.answer is None),
        records=records, municipal=municipal)
