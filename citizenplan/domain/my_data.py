"""Her data (GDPR art. 15, 17 and 20): everything about a citizen, found from the table metadata, and
its erasure in one transaction. docs/data-export.md describes the shape and what is kept.

Which rows are hers is read from the tables themselves, so a table added later is included without a list
kept by hand: her `user` row; every row whose `citizen_id` or `user_id` is her; and every row of a table
without those columns that points (by a foreign key) at a row of hers (an item's versions, a
conversation's answers). Tables are walked in dependency order, so a child sees its parent's rows.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, String, Table, delete, func, or_, select, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, SQLModel
from sqlmodel import select as select_rows

import citizenplan.models  # noqa: F401 - registers every table in SQLModel.metadata
from citizenplan.clock import utcnow
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.vocabulary import Role
from citizenplan.models import AuditEvent, LoginThrottle, RelativeGrant, User

FORMAT = "min-vej-data-export"
FORMAT_VERSION = 1

# What the municipality must keep after an erasure, and why (seed 004: "a dated assessment is never deleted";
# a signed record is never edited). They are kept as signed, and nothing else of hers is kept with them.
KEPT = {
    "plan_frame": N_("Kommunens handleplan for dig. Den er skrevet og dateret af en fagperson."),
    "goal_assessment": N_("Din kontaktpersons faglige vurdering af dine mål. En dateret vurdering må ikke slettes."),
    "follow_up_record": N_("Referater fra jeres møder om planen. De er underskrevet og må ikke slettes."),
    "goal_fulfilment": N_("Hvordan det gik med dine mål ved hvert møde. Det hører til referatet."),
    "municipal_goal": N_("Målene i kommunens handleplan. Den er kommunens, ikke din."),
    "sub_goal": N_("Delmål: hvem gør hvad, og hvor tit. Det er aftaler, som en fagperson har skrevet."),
    "sub_goal_answer": N_("Dine svar på delmål. En fagperson kan have skrevet en dateret vurdering af dem."),
    "sub_goal_assessment": N_("Faglige vurderinger af delmål. En dateret vurdering må ikke slettes."),
    "unmet_need": N_("Behov, som en fagperson har skrevet, at du ikke får dækket."),
}
KEPT_NAMES = {
    "plan_frame": N_("Udgaver af kommunens handleplan: {n}."),
    "goal_assessment": N_("Faglige vurderinger: {n}."),
    "follow_up_record": N_("Referater fra møder: {n}."),
    "goal_fulfilment": N_("Hvordan det gik med et mål ved et møde: {n}."),
    "municipal_goal": N_("Mål i kommunens handleplan: {n}."),
    "sub_goal": N_("Delmål: {n}."),
    "sub_goal_answer": N_("Dine svar på delmål: {n}."),
    "sub_goal_assessment": N_("Faglige vurderinger af delmål: {n}."),
    "unmet_need": N_("Udækkede behov: {n}."),
}
# Tables with her id that the export leaves out, and why (a test fails on a table in neither the export nor here).
NOT_EXPORTED = {
    "report_goal_fact": "Derived counts for the manager's report, rebuilt from the tables above; no text.",
    "report_plan_fact": "Derived counts for the manager's report (handleplan, offer), rebuilt from plan_frame; no text.",
}
MIN_WORDS = 6  # shorter texts ("Ja", "Nej tak") are found in any tab and say nothing of her
CODE = re.compile(r"[a-z0-9_.:+\-]+")  # lower-case codes, ids and ISO dates
CODE_LENGTH = 40  # a string column this short holds a code (kind, status), never someone's words
SECRET_SUFFIX = "_hash"  # noqa: S105 - password and token hashes: never exported
ERASED_NAME = N_("Slettet borger")


@dataclass
class ErasurePreview:
    """What "Slet min konto" will erase, and what the municipality keeps."""

    items: int = 0
    conversations: int = 0
    comments: int = 0
    relatives: int = 0
    kept: dict[str, int] = field(default_factory=dict)  # table name -> rows kept


@dataclass(frozen=True)
class Erased:
    """What the erasure found: her words and the people who could see them, so open tabs can forget them."""

    words: frozenset[str]
    citizen_id: int


def _tables() -> list[Table]:
    return list(SQLModel.metadata.sorted_tables)


def _user_foreign_keys(table: Table) -> list:
    return [fk for fk in table.foreign_keys if fk.column.table.name == "user"]


def owned_rows(citizen_id: int) -> Iterator[tuple[Table, ColumnElement[bool]]]:
    """Each table that holds rows of hers, with the condition that picks them, parents before children."""
    owned: dict[str, Any] = {}
    for table in _tables():
        condition = _condition(table, citizen_id, owned)
        if condition is None:
            continue
        if "id" in table.c:
            owned[table.name] = select(table.c.id).where(condition).scalar_subquery()
        yield table, condition


def _condition(table: Table, citizen_id: int, owned: dict[str, Any]) -> ColumnElement[bool] | None:
    if table.name == "user":
        return table.c.id == citizen_id
    if "citizen_id" in table.c:
        return table.c.citizen_id == citizen_id
    if "user_id" in table.c:
        return table.c.user_id == citizen_id
    links = [fk.parent.in_(owned[fk.column.table.name]) for fk in table.foreign_keys
             if fk.column.table.name != "user" and fk.column.table.name in owned]
    return or_(*links) if links else None


# ---------------------------------------------------------------- export


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):  # UTC (a naive one is UTC too)
        return value.isoformat() + ("+00:00" if value.tzinfo is None else "")
    if isinstance(value, date):
        return value.isoformat()
    return value


def export(db: Session, actor: Actor) -> dict[str, Any]:
    """Everything about her, as one JSON-ready dict (docs/data-export.md). Only the citizen herself."""
    authorize(db, actor, Action.EXPORT_OR_ERASE, Target(kind="account", citizen_id=actor.user_id))
    sections: dict[str, list[dict[str, Any]]] = {}
    mentioned: set[int] = set()
    for table, condition in owned_rows(actor.user_id):
        if table.name in NOT_EXPORTED:
            continue
        columns = [c for c in table.c if not c.name.endswith(SECRET_SUFFIX)]
        order = list(table.primary_key.columns)
        rows = db.connection().execute(select(*columns).where(condition).order_by(*order)).mappings().all()
        sections[table.name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
        user_columns = [fk.parent.name for fk in _user_foreign_keys(table)]
        mentioned.update(row[c] for row in rows for c in user_columns if row.get(c) is not None)
    mentioned.discard(actor.user_id)
    people = db.exec(select_rows(User.id, User.display_name, User.role).where(User.id.in_(mentioned))).all() \
        if mentioned else []
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": _plain(utcnow()),
        "citizen_id": actor.user_id,
        "people": [{"id": p.id, "name": p.display_name, "role": p.role} for p in sorted(people)],
        "tables": sections,
        "not_exported": dict(NOT_EXPORTED),
    }


# ---------------------------------------------------------------- erasure


def _count(db: Session, table: Table, condition) -> int:
    return db.connection().execute(select(func.count()).select_from(table).where(condition)).scalar_one()


def preview(db: Session, actor: Actor) -> ErasurePreview:
    """What an erasure would take and keep, in the words of the confirmation."""
    authorize(db, actor, Action.EXPORT_OR_ERASE, Target(kind="account", citizen_id=actor.user_id))
    found = ErasurePreview()
    for table, condition in owned_rows(actor.user_id):
        if table.name in KEPT:
            if n := _count(db, table, condition):
                found.kept[table.name] = n
        elif table.name == "workbook_item":
            found.items = _count(db, table, condition & table.c.deleted_at.is_(None))
        elif table.name == "conversation":
            found.conversations = _count(db, table, condition)
        elif table.name == "comment":
            found.comments = _count(db, table, condition)
        elif table.name == RelativeGrant.__tablename__:
            found.relatives = _count(db, table, condition & table.c.ended_at.is_(None))
    return found


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):  # a key is a field's name, not her words
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _strings(inner)


def is_words(text: str) -> bool:
    """Text a person wrote or was named by, as opposed to a code or a date."""
    return len(text.strip()) >= MIN_WORDS and not CODE.fullmatch(text.strip())


def _words(db: Session, tables: list[tuple[Table, Any]]) -> set[str]:
    """Every text in her rows (JSON content included): what no state store may hold afterwards. Codes
    ("goal", "daily_life", "getting_started", a date) are left out: every other tab holds them too."""
    found: set[str] = set()
    for table, condition in tables:
        for row in db.connection().execute(select(table).where(condition)).mappings():
            for name, value in row.items():
                if not name.endswith(SECRET_SUFFIX):
                    found.update(s for s in _strings(value) if is_words(s))
    return found


def _forget_user(db: Session, user_id: int, skip: set[str]) -> None:
    """Every reference to a person outside the tables in `skip`: a nullable one is cleared, a row that
    cannot be without the person is deleted (children first)."""
    connection = db.connection()
    for table in reversed(_tables()):
        if table.name in skip or table.name == "user":
            continue
        for fk in _user_foreign_keys(table):
            if fk.parent.nullable:
                connection.execute(update(table).where(fk.parent == user_id).values({fk.parent.name: None}))
            else:
                connection.execute(delete(table).where(fk.parent == user_id))


def _relatives_only_hers(db: Session, citizen_id: int) -> list[int]:
    """Relatives whose account exists only for her (she named them when she invited them)."""
    mine = select(RelativeGrant.relative_id).where(RelativeGrant.citizen_id == citizen_id)
    others = select(RelativeGrant.relative_id).where(RelativeGrant.citizen_id != citizen_id)
    return list(db.exec(select_rows(User.id).where(User.id.in_(mine), User.id.not_in(others),
                                                   User.role == Role.RELATIVE.value)).all())


def erase(db: Session, actor: Actor, now: datetime | None = None) -> Erased:
    """Delete her rows, in the caller's one transaction: all or nothing. Kept records (KEPT) stay as signed,
    tied to a nameless account with no login and to the bare rows of the goals they assess (no words)."""
    authorize(db, actor, Action.EXPORT_OR_ERASE, Target(kind="account", citizen_id=actor.user_id))
    me = actor.user_id
    user = db.exec(select_rows(User).where(User.id == me).with_for_update()).first()
    if user is None or user.activated_at is None:  # a second click, or another device was first
        raise UserError(N_("Din konto er allerede slettet."))
    plan = list(owned_rows(me))
    relatives = _relatives_only_hers(db, me)
    words = _words(db, [(t, c) for t, c in plan if t.name not in KEPT]) | {user.display_name}
    if relatives:  # she typed their names when she invited them
        words |= set(db.exec(select_rows(User.display_name).where(User.id.in_(relatives))).all())
    connection = db.connection()
    kept = {t.name for t, c in plan if t.name in KEPT and _count(db, t, c)}
    bare = _bare_rows(db, plan, kept)  # table name -> ids that kept records point at
    for table, condition in reversed(plan):
        if table.name in KEPT or table.name == "user":
            continue
        keep_ids = bare.get(table.name)
        if keep_ids:
            _strip(connection, table, keep_ids)
            condition = condition & table.c.id.not_in(keep_ids)
        connection.execute(delete(table).where(condition))
    for relative_id in relatives:
        _forget_user(db, relative_id, skip=set())
        _forget_login(db, relative_id)
        connection.execute(delete(User.__table__).where(User.__table__.c.id == relative_id))
    _forget_login(db, me)
    if kept:  # the kept records still name her account: it stays, with no name, no login, no password
        _forget_user(db, me, skip={t.name for t, _c in plan})
        user.display_name, user.username, user.password_hash, user.activated_at = ERASED_NAME, None, None, None
        user.municipal_ref = None  # the municipality's id for her: it would name her
        db.add(user)
    else:
        _forget_user(db, me, skip=set())
        db.expunge(user)
        connection.execute(delete(User.__table__).where(User.__table__.c.id == me))
    # That an erasure happened, and when: no name and no words (the actor's account may be gone).
    db.add(AuditEvent(actor_id=None, action="erase_account", allowed=True, citizen_id=me, target_kind="account",
                      at=now or utcnow()))
    return Erased(words=frozenset(words), citizen_id=me)


def _forget_login(db: Session, user_id: int) -> None:
    name = db.exec(select_rows(User.username).where(User.id == user_id)).first()
    if name:
        db.connection().execute(delete(LoginThrottle.__table__).where(LoginThrottle.__table__.c.username == name))


def _bare_rows(db: Session, plan: list[tuple[Table, Any]], kept: set[str]) -> dict[str, list[int]]:
    """The rows of hers (other than her user row) that a kept record points at: they stay, without words."""
    found: dict[str, set[int]] = {}
    for table, condition in plan:
        if table.name not in kept:
            continue
        for fk in table.foreign_keys:
            target = fk.column.table.name
            if target in KEPT or target == "user":
                continue
            ids = db.connection().execute(select(fk.parent).where(condition, fk.parent.is_not(None))).scalars()
            found.setdefault(target, set()).update(ids)
    return {name: sorted(ids) for name, ids in found.items() if ids}


def _strip(connection, table: Table, ids: list[int]) -> None:
    """A kept bare row: every nullable link to another row cleared and every text emptied, so the rows it
    pointed at can go and it holds none of her words."""
    values: dict[str, Any] = {}
    for column in table.c:
        if column.primary_key or column.name in ("citizen_id", "user_id"):
            continue
        if column.foreign_keys and column.nullable:
            values[column.name] = None
        elif isinstance(column.type, String) and (column.type.length or 10**6) > CODE_LENGTH:  # text, not a code
            values[column.name] = None if column.nullable else ""
        elif isinstance(column.type, JSON):
            values[column.name] = None if column.nullable else {}
    if values:
        connection.execute(update(table).where(table.c.id.in_(ids)).values(values))
