"""What a contact person or a relative sees of a citizen's plan: the approved copies, nothing else.

This module reads models.SharedSnapshot only. It never touches WorkbookItem or ItemVersion, where the
citizen's drafts are (a test checks that), so a draft cannot reach a reader through it.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, AccessDenied, UserError
from citizenplan.domain.policy import Action, Target, authorize, authorize_reads
from citizenplan.domain.vocabulary import Audience, Role
from citizenplan.models import SharedSnapshot, User


@dataclass(frozen=True)
class SharedItem:
    item_id: int
    kind: str
    content: dict[str, Any]
    parent_item_id: int | None
    position: int
    approved_at: datetime


def audience_of(actor: Actor) -> Audience | None:
    return {Role.CONTACT_PERSON: Audience.CONTACT_PERSON, Role.RELATIVE: Audience.RELATIVE}.get(actor.role)


def _target(citizen: User, audience: Audience, item_id: int | None = None,
            snapshot_id: int | None = None) -> Target:
    return Target(kind="item" if item_id else "shared_plan", citizen_id=citizen.id, unit_id=citizen.unit_id,
                  audience=frozenset({audience}), item_id=item_id, snapshot_id=snapshot_id)


def shared_plan(db: Session, actor: Actor, citizen_id: int) -> list[SharedItem]:
    """Everything the citizen shared with the actor's audience, goals in the citizen's order.

    Each item read is written to the citizen's "Hvem har set min plan"; a fixed number of statements.
    """
    audience = audience_of(actor)
    citizen = db.get(User, citizen_id)
    if audience is None or citizen is None:
        authorize(db, actor, Action.READ_SHARED, Target(kind="shared_plan", citizen_id=citizen_id))
        raise AccessDenied()  # no audience (the citizen herself) or no such citizen: refused all the same
    return _shared_plans(db, actor, audience, [citizen])[citizen.id]


def shared_plans(db: Session, actor: Actor, citizen_ids: list[int]) -> dict[int, list[SharedItem]]:
    """shared_plan for several citizens at once (a relative's home): a fixed number of statements,
    whatever the number of citizens and items."""
    audience = audience_of(actor)
    if audience is None:
        authorize(db, actor, Action.READ_SHARED, Target(kind="shared_plan"))
        raise AccessDenied()  # no audience (the citizen herself) or no such citizen: refused all the same
    citizens = db.exec(select(User).where(User.id.in_(citizen_ids))).all() if citizen_ids else []
    for citizen_id in set(citizen_ids) - {c.id for c in citizens}:
        authorize(db, actor, Action.VIEW_CITIZEN, Target(kind="citizen", citizen_id=citizen_id))
    return _shared_plans(db, actor, audience, list(citizens))


def _shared_plans(db: Session, actor: Actor, audience: Audience, citizens: list[User]) -> dict[int, list[SharedItem]]:
    """One query for the copies, and one statement for the log of every item read."""
    for citizen in citizens:
        authorize(db, actor, Action.VIEW_CITIZEN,
                  Target(kind="citizen", citizen_id=citizen.id, unit_id=citizen.unit_id))
    if not citizens:
        return {}
    by_id = {c.id: c for c in citizens}
    rows = db.exec(select(SharedSnapshot).where(
        SharedSnapshot.citizen_id.in_(list(by_id)), SharedSnapshot.audience == audience.value,
        SharedSnapshot.revoked_at.is_(None)).order_by(SharedSnapshot.position, SharedSnapshot.item_id)).all()
    authorize_reads(db, actor, Action.READ_SHARED,
                    [_target(by_id[row.citizen_id], audience, row.item_id, row.id) for row in rows])
    found: dict[int, list[SharedItem]] = {c.id: [] for c in citizens}
    for row in rows:
        found[row.citizen_id].append(SharedItem(row.item_id, row.kind, dict(row.content), row.parent_item_id,
                                                row.position, row.approved_at))
    return {citizen_id: in_plan_order(items) for citizen_id, items in found.items()}


def goal_of(item: SharedItem, items: list[SharedItem]) -> str:
    """The title of the shared goal a step belongs to ("" for anything else), so a reader sees what it is for."""
    if item.kind != "step":
        return ""
    return next((str(g.content.get("title") or "") for g in items
                 if g.kind == "goal" and g.item_id == item.parent_item_id), "")


def in_plan_order(items: list[SharedItem]) -> list[SharedItem]:
    """Each shared goal followed by its shared steps, as in the citizen's workbook; then everything else.
    Positions count among siblings, so a plain sort by position put a step beside the wrong goal."""
    goal_ids = {i.item_id for i in items if i.kind == "goal"}
    steps: dict[int, list[SharedItem]] = {}
    rest = []
    for item in items:
        if item.kind != "goal" and item.parent_item_id in goal_ids:
            steps.setdefault(item.parent_item_id, []).append(item)
        elif item.kind != "goal":
            rest.append(item)
    ordered = []
    for goal in (i for i in items if i.kind == "goal"):
        ordered += [goal, *steps.get(goal.item_id, [])]
    return ordered + rest


def shared_item(db: Session, actor: Actor, citizen_id: int, item_id: int) -> SharedItem:
    """One shared item; gone the moment the citizen stops sharing it."""
    audience = audience_of(actor)
    citizen = db.get(User, citizen_id)
    row = None
    if audience is not None and citizen is not None:
        row = db.exec(select(SharedSnapshot).where(
            SharedSnapshot.citizen_id == citizen_id, SharedSnapshot.item_id == item_id,
            SharedSnapshot.audience == audience.value, SharedSnapshot.revoked_at.is_(None))).first()
    target = Target(kind="item", citizen_id=citizen_id, unit_id=citizen.unit_id if citizen else None,
                    audience=frozenset({audience}) if row is not None and audience else frozenset(), item_id=item_id,
                    snapshot_id=row.id if row is not None else None)
    authorize(db, actor, Action.READ_SHARED, target)
    if row is None:
        raise UserError(N_("Det findes ikke længere."))
    return SharedItem(row.item_id, row.kind, dict(row.content), row.parent_item_id, row.position, row.approved_at)
