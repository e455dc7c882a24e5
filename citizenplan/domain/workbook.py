"""The citizen's workbook: items in their own words, each change a new version (DESIGN section 2).

Every function asks the policy first; a draft is the citizen's alone.
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Row, bindparam, func, insert, update
from sqlmodel import Session, select

from citizenplan.clock import utcnow
from citizenplan.domain import report_facts
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.text import clean_text
from citizenplan.domain.vocabulary import WHO_DIMENSION_OF, LifeArea
from citizenplan.models import ItemVersion, SharedSnapshot, ShareEvent, User, WorkbookItem


class ItemKind(StrEnum):
    ABOUT_ME = "about_me"
    DREAM = "dream"
    HOPE = "hope"
    GOAL = "goal"
    STEP = "step"
    CHECK_IN = "check_in"
    CRISIS_PLAN = "crisis_plan"
    FOCUS_AREAS = "focus_areas"
    REMARKS = "remarks"
    PREPARATION = "preparation"  # before a follow-up meeting


# One of these per citizen: a new answer updates it rather than starting another.
SINGLE_KINDS = frozenset({ItemKind.ABOUT_ME, ItemKind.CRISIS_PLAN, ItemKind.FOCUS_AREAS, ItemKind.REMARKS})

KIND_LABELS = {
    ItemKind.ABOUT_ME: N_("Om mig"),
    ItemKind.DREAM: N_("Drøm"),
    ItemKind.HOPE: N_("Håb"),
    ItemKind.GOAL: N_("Mål"),
    ItemKind.STEP: N_("Skridt"),
    ItemKind.CHECK_IN: N_("Hvordan går det?"),
    ItemKind.CRISIS_PLAN: N_("Kriseplan"),
    ItemKind.FOCUS_AREAS: N_("Det fylder mest lige nu"),
    ItemKind.REMARKS: N_("Mine bemærkninger til planen"),
    ItemKind.PREPARATION: N_("Klar til mødet"),
}

GOAL_STATUS_ACTIVE = "active"


@dataclass(frozen=True)
class ItemView:
    item_id: int
    kind: ItemKind
    content: dict[str, Any]
    version: int
    parent_id: int | None
    position: int
    updated_at: datetime


def own(actor: Actor, unit_id: int | None = None) -> Target:
    """The citizen's own workbook as a policy target."""
    return Target(kind="workbook", citizen_id=actor.user_id, unit_id=unit_id or actor.unit_id)


def _latest(db: Session, item: WorkbookItem | Row) -> dict[str, Any]:
    """The content of the item's newest version ({} before the first)."""
    if item.version == 0:
        return {}
    db.flush()  # a version added in this unit of work counts
    return dict(db.connection().execute(_LATEST_CONTENT, {"item_id": item.id, "number": item.version}).scalar_one())


def create_item(db: Session, actor: Actor, kind: ItemKind, *, parent_id: int | None = None,
                origin_id: int | None = None) -> WorkbookItem:
    item = _existing_or_new(db, actor, kind, parent_id, origin_id)
    if item.id is None:
        db.add(item)
        db.flush()
    return item


# A new item and its first version are two plain INSERTs (every chat answer that keeps something makes
# one): building, tracking and flushing two ORM objects cost several times the statements themselves.
_INSERT_ITEM = insert(WorkbookItem.__table__)
_INSERT_VERSION = insert(ItemVersion.__table__)
_ITEM, _VERSION = WorkbookItem.__table__, ItemVersion.__table__
_SINGLE_ITEM = select(_ITEM.c.id).where(_ITEM.c.citizen_id == bindparam("citizen_id"),
                                        _ITEM.c.kind == bindparam("kind"), _ITEM.c.deleted_at.is_(None))
_READ_ITEM = select(_ITEM.c.id, _ITEM.c.citizen_id, _ITEM.c.kind, _ITEM.c.version, _ITEM.c.parent_id,
                    _ITEM.c.position, _ITEM.c.deleted_at).where(_ITEM.c.id == bindparam("item_id"))
_LATEST_CONTENT = select(_VERSION.c.content).where(_VERSION.c.item_id == bindparam("item_id"),
                                                   _VERSION.c.number == bindparam("number"))
_BUMP_ITEM = update(_ITEM).where(_ITEM.c.id == bindparam("item_id")).values(
    version=bindparam("new_version"), updated_at=bindparam("new_updated_at"))


def create_with_fields(db: Session, actor: Actor, kind: ItemKind, changes: dict[str, Any], *,
                       parent_id: int | None = None, origin_id: int | None = None, via: str = "chat",
                       now: datetime | None = None) -> ItemView:
    """create_item, then write_fields: the same rows, but a new item is inserted with its first version
    already counted rather than updated right after."""
    existing = _existing_id(db, actor, kind)
    if existing is not None:  # a kind the citizen has one of, and has: a new version of that one
        return write_fields(db, actor, existing, changes, via=via, now=now)
    now = now or utcnow()  # _existing_id has asked the policy
    position = _next_position(db, actor, kind)
    content = _laid_over(kind.value, {}, changes)
    db.flush()  # anything pending the new rows could refer to is written first, as the ORM would
    connection = db.connection()
    item_id = connection.execute(_INSERT_ITEM, {
        "citizen_id": actor.user_id, "kind": kind.value, "parent_id": parent_id, "origin_id": origin_id,
        "position": position, "version": 1, "created_at": now, "updated_at": now, "deleted_at": None,
    }).inserted_primary_key[0]
    connection.execute(_INSERT_VERSION, {"item_id": item_id, "number": 1, "content": content,
                                         "author_id": actor.user_id, "via": via, "created_at": now})
    return ItemView(item_id, kind, content, 1, parent_id, position, now)


def _existing_or_new(db: Session, actor: Actor, kind: ItemKind, parent_id: int | None,
                     origin_id: int | None) -> WorkbookItem:
    """The citizen's one item of a single kind if it exists, else a new item, not yet added."""
    existing = _existing_id(db, actor, kind)
    if existing is not None:
        return db.get(WorkbookItem, existing)
    return WorkbookItem(citizen_id=actor.user_id, kind=kind.value, parent_id=parent_id, origin_id=origin_id,
                        position=_next_position(db, actor, kind))


def _existing_id(db: Session, actor: Actor, kind: ItemKind) -> int | None:
    """The citizen's one item of a single kind, if they have it; asks the policy for the write first."""
    authorize(db, actor, Action.WRITE_ITEM, own(actor))
    if kind not in SINGLE_KINDS:
        return None
    db.flush()  # an item added in this unit of work counts
    return db.connection().execute(_SINGLE_ITEM, {"citizen_id": actor.user_id, "kind": kind.value}).scalar()


def _next_position(db: Session, actor: Actor, kind: ItemKind) -> int:
    """Goals are kept in the citizen's order, a new one last; other kinds have no order."""
    if kind is not ItemKind.GOAL:
        return 0
    highest = db.exec(select(func.max(WorkbookItem.position)).where(
        WorkbookItem.citizen_id == actor.user_id, WorkbookItem.kind == kind.value,
        WorkbookItem.deleted_at.is_(None))).one()
    return 0 if highest is None else highest + 1


def _owned_item(db: Session, actor: Actor, item_id: int) -> WorkbookItem:
    item = db.get(WorkbookItem, item_id)
    _may_write(db, actor, item)
    return item


def _may_write(db: Session, actor: Actor, item: WorkbookItem | Row | None) -> None:
    authorize(db, actor, Action.WRITE_ITEM,
              Target(kind="item", citizen_id=item.citizen_id if item else None, unit_id=actor.unit_id))
    if item is None or item.deleted_at is not None:
        raise UserError(N_("Det findes ikke længere."))


def write_fields(db: Session, actor: Actor, item_id: int, changes: dict[str, Any], via: str = "chat",
                 now: datetime | None = None) -> ItemView:
    """A new version with `changes` laid over the newest one. Nothing is overwritten in place.
    Plain statements, like create_with_fields: a chat answer that adds to an item runs this."""
    db.flush()  # the item and its versions are read as this unit of work has left them
    connection = db.connection()
    item = connection.execute(_READ_ITEM, {"item_id": item_id}).first()
    _may_write(db, actor, item)
    content = _laid_over(item.kind, _latest(db, item), changes)
    now = now or utcnow()
    version = _add_version(db, actor, item, content, via, now)
    return ItemView(item_id, ItemKind(item.kind), content, version, item.parent_id, item.position, now)


def _add_version(db: Session, actor: Actor, item: Row, content: dict[str, Any], via: str, now: datetime) -> int:
    """Write `content` as the item's next version, with two plain statements; returns its number."""
    connection = db.connection()
    version = item.version + 1
    connection.execute(_INSERT_VERSION, {"item_id": item.id, "number": version, "content": content,
                                         "author_id": actor.user_id, "via": via, "created_at": now})
    connection.execute(_BUMP_ITEM, {"item_id": item.id, "new_version": version, "new_updated_at": now})
    held = db.identity_map.get(Session.identity_key(WorkbookItem, item.id))
    if held is not None:  # a copy this unit of work holds is read afresh
        db.expire(held)
    return version


def take_back(db: Session, actor: Actor, item_id: int, version: int, now: datetime | None = None) -> None:
    """Undo what version `version` of an item wrote (a chat answer taken back with "Tilbage"): a new version
    in which the fields it changed are as they were before it; later changes to other fields stay. An item
    that got its first words from that version is deleted (hidden; its history stays, as for any delete).
    An item deleted since is left alone. The versions, the taken-back one too, all stay (DESIGN section 2)."""
    db.flush()
    connection = db.connection()
    item = connection.execute(_READ_ITEM, {"item_id": item_id}).first()
    authorize(db, actor, Action.WRITE_ITEM,
              Target(kind="item", citizen_id=item.citizen_id if item else None, unit_id=actor.unit_id))
    if item is None or item.deleted_at is not None:
        return
    if version <= 1:
        delete(db, actor, item_id, now=now)
        return
    before, written = (dict(connection.execute(_LATEST_CONTENT, {"item_id": item_id, "number": n}).scalar_one())
                       for n in (version - 1, version))
    latest = _latest(db, item)
    changed = {name for name in before.keys() | written.keys() if before.get(name, _ABSENT) != written.get(name, _ABSENT)}
    content = {name: value for name, value in latest.items() if name not in changed}
    content.update({name: before[name] for name in changed if name in before})
    if content == latest:
        return
    _add_version(db, actor, item, content, "chat", now or utcnow())


_ABSENT = object()


def _laid_over(kind: str, latest: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The content of a new version: `changes` over the newest content, with a goal's defaults."""
    content = {**latest, **changes}
    if kind == ItemKind.GOAL.value:
        content.setdefault("status", GOAL_STATUS_ACTIVE)
        if "life_area" in changes and changes["life_area"] in LifeArea._value2member_map_:
            content["who_dimension"] = WHO_DIMENSION_OF[LifeArea(changes["life_area"])].value
    return content


def items(db: Session, actor: Actor, kinds: tuple[ItemKind, ...] | None = None) -> list[ItemView]:
    """The citizen's own items with their newest content, goals in the citizen's order. Two queries."""
    authorize(db, actor, Action.READ_DRAFT, own(actor))
    query = select(WorkbookItem, ItemVersion).join(
        ItemVersion, (ItemVersion.item_id == WorkbookItem.id) & (ItemVersion.number == WorkbookItem.version)
    ).where(WorkbookItem.citizen_id == actor.user_id, WorkbookItem.deleted_at.is_(None))
    if kinds:
        query = query.where(WorkbookItem.kind.in_([k.value for k in kinds]))
    rows = db.exec(query.order_by(WorkbookItem.position, WorkbookItem.created_at, WorkbookItem.id)).all()
    return [ItemView(i.id, ItemKind(i.kind), dict(v.content), i.version, i.parent_id, i.position, i.updated_at)
            for i, v in rows]


def active_goals(db: Session, actor: Actor) -> list[ItemView]:
    return [g for g in items(db, actor, (ItemKind.GOAL,)) if g.content.get("status", "active") == "active"
            and g.content.get("title")]


def put_first(db: Session, actor: Actor, goal_id: int) -> None:
    """The citizen's priority: this goal first, the others keep their order after it."""
    goals = _goals_in_order(db, actor, goal_id)
    ordered = [g for g in goals if g.id == goal_id] + [g for g in goals if g.id != goal_id]
    for position, goal in enumerate(ordered):
        goal.position = position
        db.add(goal)
    _renumber_copies(db, ordered)


def headline(view: ItemView) -> str:
    """The words that name an item in a list: the citizen's own."""
    return headline_of(view.content)


def headline_of(content: dict[str, Any]) -> str:
    """The same for any version's or approved copy's content."""
    for key in ("title", "text", "signs", "score"):
        if content.get(key) not in (None, ""):
            return str(content[key])
    return ""


@dataclass(frozen=True)
class VersionView:
    number: int
    content: dict[str, Any]
    author_name: str
    author_is_citizen: bool
    via: str
    created_at: datetime


@dataclass(frozen=True)
class SaveResult:
    item: ItemView
    conflict: bool  # changed elsewhere meanwhile: both texts are kept, the other one as the version before


GOAL_STATUSES = ("active", "reached", "paused", "dropped")


def content_of(db: Session, actor: Actor, item_id: int) -> dict[str, Any]:
    """The newest version of one of the citizen's own items (a draft: the citizen's eyes only)."""
    item = db.get(WorkbookItem, item_id)
    authorize(db, actor, Action.READ_DRAFT,
              Target(kind="item", citizen_id=item.citizen_id if item else None, unit_id=actor.unit_id,
                     item_id=item_id))
    if item is None or item.deleted_at is not None:
        raise UserError(N_("Det findes ikke længere."))
    return _latest(db, item)


def item(db: Session, actor: Actor, item_id: int) -> ItemView:
    content = content_of(db, actor, item_id)
    row = db.get(WorkbookItem, item_id)
    return ItemView(row.id, ItemKind(row.kind), content, row.version, row.parent_id, row.position, row.updated_at)


# What the citizen may change on an item's own screen, per kind (the rest is set by its own button, the
# chat or nobody): the edit form shows these fields, and save refuses any other.
EDITABLE_FIELDS: dict[ItemKind, tuple[str, ...]] = {
    ItemKind.ABOUT_ME: ("text", "wants"),
    ItemKind.DREAM: ("text",),
    ItemKind.HOPE: ("text",),
    ItemKind.GOAL: ("title", "why", "success", "target_date"),
    ItemKind.STEP: ("text", "helper"),
    ItemKind.CHECK_IN: ("note",),
    ItemKind.CRISIS_PLAN: ("signs", "helps", "not_helps", "practical"),
    ItemKind.REMARKS: ("text",),
}
NOT_EDITABLE = N_("Det kan ikke rettes her.")


def save(db: Session, actor: Actor, item_id: int, changes: dict[str, Any], seen_version: int,
         now: datetime | None = None) -> SaveResult:
    """An edit from the workbook. If the item changed on another device since the citizen opened it, the
    edit is still saved as a new version: the other text stays in the history, nothing is overwritten.
    Only the kind's EDITABLE_FIELDS: a status, a score or a share is changed by its own way, never here."""
    row = _owned_item(db, actor, item_id)
    editable = EDITABLE_FIELDS.get(ItemKind(row.kind), ())
    for name in changes:
        if name not in editable:
            raise UserError(NOT_EDITABLE)
    conflict = row.version != seen_version
    clean = {name: _edited(ItemKind(row.kind), name, value) for name, value in changes.items()}
    return SaveResult(write_fields(db, actor, item_id, clean, via="workbook", now=now), conflict)


# The words an item is known by in the workbook and on shared plans: emptied, it could not be found again.
NAMING_FIELD = {ItemKind.GOAL: "title", ItemKind.DREAM: "text", ItemKind.HOPE: "text", ItemKind.STEP: "text"}
LONGEST_FIELD = 2000  # as a chat answer


def _edited(kind: ItemKind, name: str, value: Any) -> Any:
    """A field as the citizen typed it, checked as the chat checks an answer."""
    if name == "target_date":
        if value in (None, ""):
            return None
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise UserError(N_("Vælg en dato i kalenderen."), field=name) from None
    if NAMING_FIELD.get(kind) == name and not str(value or "").strip():
        raise UserError(N_("Skriv noget her. Det må ikke være tomt."), field=name)
    return clean_text(str(value or ""), longest=LONGEST_FIELD, required=False, field=name)


def set_goal_status(db: Session, actor: Actor, item_id: int, status: str) -> ItemView:
    if status not in GOAL_STATUSES:
        raise UserError(N_("Tryk på en knap."))
    row = _owned_item(db, actor, item_id)
    if row.kind != ItemKind.GOAL.value:
        raise UserError(N_("Det findes ikke længere."))
    return write_fields(db, actor, item_id, {"status": status}, via="workbook")


GOAL_HORIZONS = ("short", "long")  # kort sigt / lang sigt, as the chat sets it from the target date
HORIZON_LABELS = {"short": N_("Kort sigt"), "long": N_("Lang sigt")}


def set_horizon(db: Session, actor: Actor, item_id: int, horizon: str) -> ItemView:
    """The citizen says whether a goal is for the short or the long run (set in the chat; changeable here)."""
    if horizon not in GOAL_HORIZONS:
        raise UserError(N_("Tryk på en knap."))
    row = _owned_item(db, actor, item_id)
    if row.kind != ItemKind.GOAL.value:
        raise UserError(N_("Det findes ikke længere."))
    return write_fields(db, actor, item_id, {"horizon": horizon}, via="workbook")


def set_agreement(db: Session, actor: Actor, item_id: int, agrees: bool) -> ItemView:
    """Whether the citizen agrees with a goal (seed 002 rec. 14: where not, the contact person's
    professional assessment is written beside it). Others see it once the change is shared."""
    row = _owned_item(db, actor, item_id)
    if row.kind != ItemKind.GOAL.value:
        raise UserError(N_("Det findes ikke længere."))
    return write_fields(db, actor, item_id, {"agrees": agrees}, via="workbook")


def toggle_step(db: Session, actor: Actor, item_id: int) -> ItemView:
    row = _owned_item(db, actor, item_id)
    if row.kind != ItemKind.STEP.value:
        raise UserError(N_("Det findes ikke længere."))
    done = bool(_latest(db, row).get("done"))
    return write_fields(db, actor, item_id, {"done": not done}, via="workbook")


def delete(db: Session, actor: Actor, item_id: int, now: datetime | None = None) -> None:
    """Hidden from everyone at once; the history stays until the citizen's data is erased."""
    row = _owned_item(db, actor, item_id)
    when = now or utcnow()
    # A goal's steps and check-ins go with it.
    children = db.exec(select(WorkbookItem).where(WorkbookItem.parent_id == item_id,
                                                  WorkbookItem.deleted_at.is_(None))).all()
    for gone in [row, *children]:
        gone.deleted_at = when
        db.add(gone)
        for copy in db.exec(select(SharedSnapshot).where(SharedSnapshot.item_id == gone.id,
                                                         SharedSnapshot.revoked_at.is_(None))):
            copy.revoked_at = when
            db.add(copy)
            db.add(ShareEvent(citizen_id=gone.citizen_id, item_id=gone.id, audience=copy.audience,
                              what="revoked", at=when))
    db.flush()
    if row.kind == ItemKind.GOAL:
        report_facts.refresh(db, row.citizen_id)


def move(db: Session, actor: Actor, goal_id: int, steps: int) -> None:
    """Move a goal up (steps < 0) or down in the citizen's order."""
    goals = _goals_in_order(db, actor, goal_id)
    ids = [g.id for g in goals]
    old = ids.index(goal_id)
    new = max(0, min(len(ids) - 1, old + steps))
    ids.insert(new, ids.pop(old))
    for goal in goals:
        goal.position = ids.index(goal.id)
        db.add(goal)
    _renumber_copies(db, goals)


def _goals_in_order(db: Session, actor: Actor, goal_id: int) -> list[WorkbookItem]:
    """The citizen's live goals in her order, once the policy has said she may write the goal that moves:
    another person's goal (or an id that was never there) is refused and logged like every other write."""
    _may_write(db, actor, db.get(WorkbookItem, goal_id))
    goals = db.exec(select(WorkbookItem).where(
        WorkbookItem.citizen_id == actor.user_id, WorkbookItem.kind == ItemKind.GOAL.value,
        WorkbookItem.deleted_at.is_(None)).order_by(WorkbookItem.position, WorkbookItem.id)).all()
    if goal_id not in {g.id for g in goals}:  # hers, but deleted meanwhile or not a goal
        raise UserError(N_("Det findes ikke længere."))
    return list(goals)


def _renumber_copies(db: Session, goals: list[WorkbookItem]) -> None:
    """The citizen's order is not content: shared copies follow it without a new approval."""
    positions = {g.id: g.position for g in goals}
    for copy in db.exec(select(SharedSnapshot).where(SharedSnapshot.item_id.in_(list(positions)),
                                                     SharedSnapshot.revoked_at.is_(None))):
        copy.position = positions[copy.item_id]
        db.add(copy)
    db.flush()


def history(db: Session, actor: Actor, item_id: int) -> list[VersionView]:
    """Every version, newest first, with who made it and how."""
    content_of(db, actor, item_id)
    rows = db.exec(select(ItemVersion, User.display_name, User.id).join(User, User.id == ItemVersion.author_id)
                   .where(ItemVersion.item_id == item_id).order_by(ItemVersion.number.desc())).all()
    return [VersionView(v.number, dict(v.content), name, uid == actor.user_id, v.via, v.created_at)
            for v, name, uid in rows]
