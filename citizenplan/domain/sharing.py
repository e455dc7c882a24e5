"""Sharing with approval (DESIGN section 3): the citizen sees exactly what will be shared and with whom,
and presses "Del". Others see a copy of that approved version (models.SharedSnapshot), never the item.
An edit leaves the copy as it was until the citizen presses "Del ændringen"; "Stop deling" ends it at once.

A goal's steps are items of their own. So that a reader does not get a goal without its steps by mistake,
the preview of a goal offers the steps that would not go with it (`steps_to_offer`); those the citizen
ticks are shared with the goal, in the same "Del" (`share(..., steps=...)`).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from citizenplan.clock import utcnow
from citizenplan.domain import report_facts, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.vocabulary import Audience
from citizenplan.models import SharedSnapshot, ShareEvent, WorkbookItem

# What a reader may see of each kind. A check-in's note and a crisis plan travel whole; nothing else does.
SHAREABLE = frozenset({
    workbook.ItemKind.ABOUT_ME, workbook.ItemKind.DREAM, workbook.ItemKind.HOPE, workbook.ItemKind.GOAL,
    workbook.ItemKind.STEP, workbook.ItemKind.CHECK_IN, workbook.ItemKind.CRISIS_PLAN,
    workbook.ItemKind.REMARKS, workbook.ItemKind.PREPARATION,
})


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class SharingState:
    """How an item stands: with whom it is shared, and whether the citizen has changed it since."""

    item_id: int
    audiences: frozenset[Audience]
    approved_version: int | None
    current_version: int
    changes: tuple[FieldChange, ...]  # draft against what others see

    @property
    def has_unshared_changes(self) -> bool:
        return bool(self.audiences) and self.approved_version != self.current_version


@dataclass(frozen=True)
class StepOffer:
    """A step of the goal being shared that its readers would not see: offered in the preview."""

    item_id: int
    version: int  # the version shown, which is the version shared if ticked
    content: dict[str, Any]


def _mine(db: Session, actor: Actor, item_id: int, action: Action) -> WorkbookItem:
    item = db.get(WorkbookItem, item_id)
    authorize(db, actor, action, Target(kind="item", citizen_id=item.citizen_id if item else None,
                                        unit_id=actor.unit_id, item_id=item_id))
    if item is None or item.deleted_at is not None:
        raise UserError(N_("Det findes ikke længere."))
    return item


def _live(db: Session, item_id: int) -> list[SharedSnapshot]:
    return list(db.exec(select(SharedSnapshot).where(
        SharedSnapshot.item_id == item_id, SharedSnapshot.revoked_at.is_(None))).all())


def _diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[FieldChange, ...]:
    keys = [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
    return tuple(FieldChange(k, before.get(k), after.get(k)) for k in keys)


def state_of(db: Session, actor: Actor, item_id: int) -> SharingState:
    item = _mine(db, actor, item_id, Action.SHARE_ITEM)
    live = _live(db, item_id)
    approved = live[0] if live else None
    current = workbook.content_of(db, actor, item_id)
    return SharingState(item_id, frozenset(Audience(s.audience) for s in live),
                        approved.approved_version if approved else None, item.version,
                        _diff(approved.content, current) if approved else ())


def states_of(db: Session, actor: Actor) -> dict[int, SharingState]:
    """Every shared item of the citizen's, in two queries: for the workbook overview."""
    authorize(db, actor, Action.SHARE_ITEM, workbook.own(actor))
    live = db.exec(select(SharedSnapshot).where(
        SharedSnapshot.citizen_id == actor.user_id, SharedSnapshot.revoked_at.is_(None))).all()
    versions = dict(db.exec(select(WorkbookItem.id, WorkbookItem.version).where(
        WorkbookItem.citizen_id == actor.user_id)).all())
    found: dict[int, SharingState] = {}
    for snap in live:
        known = found.get(snap.item_id)
        audiences = (known.audiences if known else frozenset()) | {Audience(snap.audience)}
        found[snap.item_id] = SharingState(snap.item_id, audiences, snap.approved_version,
                                           versions.get(snap.item_id, 0), ())
    return found


def steps_to_offer(db: Session, actor: Actor, goal_id: int, audiences: set[Audience]) -> list[StepOffer]:
    """The goal's steps that would not reach everyone in `audiences` if the goal were shared with them now
    (in the citizen's order). Nothing for an item that is not a goal, or when the goal goes to nobody."""
    goal = _mine(db, actor, goal_id, Action.SHARE_ITEM)
    if goal.kind != workbook.ItemKind.GOAL or not audiences:
        return []
    steps = [s for s in workbook.items(db, actor, (workbook.ItemKind.STEP,)) if s.parent_id == goal_id]
    reach = _audiences_of(db, [s.item_id for s in steps])
    return [StepOffer(s.item_id, s.version, s.content) for s in steps
            if not audiences <= reach.get(s.item_id, frozenset())]


def _audiences_of(db: Session, item_ids: list[int]) -> dict[int, frozenset[Audience]]:
    """Who sees each of these items now, in one query."""
    if not item_ids:
        return {}
    found: dict[int, frozenset[Audience]] = {}
    for item_id, audience in db.exec(select(SharedSnapshot.item_id, SharedSnapshot.audience).where(
            SharedSnapshot.item_id.in_(item_ids), SharedSnapshot.revoked_at.is_(None))).all():
        found[item_id] = found.get(item_id, frozenset()) | {Audience(audience)}
    return found


def share(db: Session, actor: Actor, item_id: int, audiences: set[Audience], seen_version: int,
          now: datetime | None = None, steps: Mapping[int, int] | None = None) -> SharingState:
    """Share the version the citizen was shown (seen_version) with exactly `audiences`.

    Sharing a version the citizen was not shown is refused: what they approved is what others get.
    An audience left out stops seeing the item at once.

    `steps` (step id -> the version shown) are steps of this goal the citizen ticked in the preview: each
    is shared, as shown, with `audiences` as well as with whoever already sees it (a step is never taken
    from anyone here). A goal shared with nobody takes no step with it. A step that is not this goal's, or
    was changed since it was shown, refuses the whole "Del": nothing is shared.
    """
    now = now or utcnow()
    item = _mine(db, actor, item_id, Action.SHARE_ITEM)
    if workbook.ItemKind(item.kind) not in SHAREABLE:
        raise UserError(N_("Det kan ikke deles."))
    if item.version != seen_version:
        raise UserError(N_("Teksten er lige blevet ændret. Se den igen, før du deler."))
    with_steps = _ticked_steps(db, actor, item_id, steps or {}) if audiences else {}
    content = workbook.content_of(db, actor, item_id)
    live = {Audience(s.audience): s for s in _live(db, item_id)}
    for audience, snap in live.items():
        if audience not in audiences:
            snap.revoked_at = now
            db.add(snap)
            db.add(ShareEvent(citizen_id=actor.user_id, item_id=item_id, audience=audience.value,
                              what="revoked", at=now))
    for audience in audiences:
        snap = live.get(audience)
        if snap is not None and snap.approved_version == item.version:
            continue
        if snap is not None:
            snap.revoked_at = now  # the old copy ends; a new copy of the approved version takes its place
            db.add(snap)
        db.add(SharedSnapshot(citizen_id=actor.user_id, item_id=item_id, audience=audience.value, kind=item.kind,
                              parent_item_id=item.parent_id, position=item.position,
                              approved_version=item.version, content=content, approved_at=now))
        db.add(ShareEvent(citizen_id=actor.user_id, item_id=item_id, audience=audience.value,
                          what="changed" if snap is not None else "shared", version=item.version, at=now))
    db.flush()
    reach = _audiences_of(db, list(with_steps))
    for step_id, step_version in with_steps.items():
        share(db, actor, step_id, set(reach.get(step_id, frozenset()) | audiences), step_version, now)
    if item.kind == workbook.ItemKind.GOAL:
        report_facts.refresh(db, actor.user_id)
    return state_of(db, actor, item_id)


def _ticked_steps(db: Session, actor: Actor, goal_id: int, steps: Mapping[int, int]) -> dict[int, int]:
    """The ticked steps, each checked before anything is written: the goal's own, and as they were shown."""
    for step_id, version in steps.items():
        step = _mine(db, actor, step_id, Action.SHARE_ITEM)
        if step.kind != workbook.ItemKind.STEP or step.parent_id != goal_id:
            raise UserError(N_("Det findes ikke længere."))
        if step.version != version:
            raise UserError(N_("Teksten er lige blevet ændret. Se den igen, før du deler."))
    return dict(steps)


def approve_change(db: Session, actor: Actor, item_id: int, seen_version: int,
                   now: datetime | None = None) -> SharingState:
    """"Del ændringen": the same people now see the newest version."""
    current = state_of(db, actor, item_id)
    if not current.audiences:
        raise UserError(N_("Det er ikke delt med nogen."))
    return share(db, actor, item_id, set(current.audiences), seen_version, now)


def stop_sharing(db: Session, actor: Actor, item_id: int, now: datetime | None = None) -> SharingState:
    """"Stop deling": nobody else sees it from this moment."""
    item = _mine(db, actor, item_id, Action.SHARE_ITEM)
    now = now or utcnow()
    for snap in _live(db, item_id):
        snap.revoked_at = now
        db.add(snap)
        db.add(ShareEvent(citizen_id=actor.user_id, item_id=item_id, audience=snap.audience, what="revoked", at=now))
    db.flush()
    if item.kind == workbook.ItemKind.GOAL:
        report_facts.refresh(db, actor.user_id)
    return state_of(db, actor, item_id)


def with_contact_person(db: Session, actor: Actor, item_id: int | None, yes: bool, now: datetime) -> None:
    """Her yes lets the contact person read the item as it stands now (her preparation, her crisis plan, her
    remarks), through the ordinary approved copy; a no takes it back from the contact person and leaves any
    other reader as they were."""
    if not item_id:
        return
    current = state_of(db, actor, item_id)
    audiences = set(current.audiences) | {Audience.CONTACT_PERSON} if yes else \
        set(current.audiences) - {Audience.CONTACT_PERSON}
    if audiences:
        share(db, actor, item_id, audiences, current.current_version, now)
    elif current.audiences:
        stop_sharing(db, actor, item_id, now)
