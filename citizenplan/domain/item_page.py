"""One of the citizen's own items as its screen shows it, in one read: the newest words, what she may
edit, with whom it is shared and what she changed since, every version, the three threads, the rewordings
waiting for her answer, a goal's steps, check-ins and indsatsplan, a step's goal. A fixed number of
statements however many items she has (tests/unit/test_read_models.py)."""

from dataclasses import dataclass

from sqlmodel import Session

from citizenplan.domain import comments, municipal_plan, proposals, provider_plan, sharing, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.comments import CommentView
from citizenplan.domain.proposals import ProposalView
from citizenplan.domain.provider_plan import SubGoalView
from citizenplan.domain.sharing import FieldChange, SharingState
from citizenplan.domain.vocabulary import Audience
from citizenplan.domain.workbook import EDITABLE_FIELDS, ItemKind, ItemView, VersionView


@dataclass(frozen=True)
class ItemPage:
    view: ItemView
    editable: tuple[str, ...]  # the fields of the edit form (none: the item is changed in the chat)
    sharing: SharingState
    unshared_changes: tuple[FieldChange, ...]  # shared, and changed since: what the readers do not see yet
    versions: tuple[VersionView, ...]  # newest first
    contact_thread: tuple[CommentView, ...]  # what the contact persons read
    relative_thread: tuple[CommentView, ...]  # what the relatives read
    own_notes: tuple[CommentView, ...]  # the citizen's own, read by nobody else
    proposals: tuple[ProposalView, ...]  # rewordings of this item waiting for her answer
    steps: tuple[ItemView, ...]  # a goal's steps, in her order
    check_ins: tuple[ItemView, ...]  # a goal's check-ins that have a score, oldest first
    goal: ItemView | None  # a step's goal
    handleplan_goal: str  # the municipality's goal a goal is linked to, in the municipality's words
    sub_goals: tuple[SubGoalView, ...]  # what the contact person proposes under a goal, with her answers


def item_page(db: Session, actor: Actor, item_id: int) -> ItemPage:
    """Raises UserError when the item is not the citizen's or is gone."""
    view = workbook.item(db, actor, item_id)
    state = sharing.state_of(db, actor, item_id)
    versions = tuple(workbook.history(db, actor, item_id))
    notes = comments.comments_on(db, actor, actor.user_id, item_id)
    waiting = tuple(p for p in proposals.open_proposals(db, actor) if p.item_id == item_id)
    is_goal = view.kind is ItemKind.GOAL
    below = [c for c in workbook.items(db, actor, (ItemKind.CHECK_IN, ItemKind.STEP))
             if c.parent_id == item_id] if is_goal else []
    goal = workbook.item(db, actor, view.parent_id) if view.kind is ItemKind.STEP and view.parent_id else None
    plan = provider_plan.provider_plan(db, actor, actor.user_id) if is_goal else None
    handleplan = municipal_plan.municipal_plan(db, actor, actor.user_id) if is_goal else None
    key = plan.link_of(item_id) if plan else None
    return ItemPage(
        view=view, editable=EDITABLE_FIELDS.get(view.kind, ()), sharing=state,
        unshared_changes=state.changes if state.has_unshared_changes else (), versions=versions,
        contact_thread=tuple(c for c in notes if c.audience is Audience.CONTACT_PERSON),
        relative_thread=tuple(c for c in notes if c.audience is Audience.RELATIVE),
        own_notes=tuple(c for c in notes if c.audience is None), proposals=waiting,
        steps=tuple(c for c in below if c.kind is ItemKind.STEP),
        check_ins=tuple(c for c in below if c.kind is ItemKind.CHECK_IN and c.content.get("score")),
        goal=goal, handleplan_goal=handleplan.goal_text(key) if handleplan and key is not None else "",
        sub_goals=tuple(plan.sub_goals.get(item_id, ())) if plan else ())
