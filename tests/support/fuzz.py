"""Hostile input for every public event handler (issue 16, section 5), and the checks each call must pass.

- `public_handlers()`: every event handler the browser can call, found by walking the app's State classes
  (Reflex's own, such as `setvar`, and inherited ones are left out: each is counted where it is defined).
- `run_event()`: calls a handler the way Reflex does (its payload transform, then the function, then the
  events it returns), so a type Reflex lets through reaches the handler as it would in production.
- `hostile()`, `form_fields()`: what a forged websocket frame can carry.
- `save_database()`, `restore_database()`: every example starts from the same rows.
- `Owners`, `rows_by_owner()`: whose data each database row is, to prove that a call changed nobody else's.
- `plain_message()`: a refusal shown to the person is a sentence of the catalogue, not a stack trace.
"""

import importlib
import inspect
import json
import pkgutil
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import reflex as rx
import sqlalchemy as sa
from hypothesis import strategies as st
from reflex.event import Event, EventHandler
from reflex.istate.data import RouterData
from reflex.state import State
from reflex_base.event.processor.base_state_processor import _check_valid_yield, _prepare_event_payload
from reflex_base.utils.format import json_dumps
from sqlmodel import SQLModel, select

import citizenplan.state
from citizenplan import i18n
from citizenplan.auth.cookies import COOKIE_NAME
from citizenplan.auth.tokens import digest, new_token
from citizenplan.db import session_scope
from citizenplan.domain.vocabulary import Role
from citizenplan.models import AuthSession, User

# ---------------------------------------------------------------- the handlers


def app_states() -> list[type[rx.State]]:
    for info in pkgutil.iter_modules(citizenplan.state.__path__):
        importlib.import_module(f"citizenplan.state.{info.name}")
    found, todo = [], list(rx.State.get_substates())
    while todo:
        state = todo.pop()
        if state.__module__.startswith("citizenplan."):
            found.append(state)
        todo.extend(state.get_substates())
    return sorted(found, key=lambda s: s.__name__)


def public_handlers() -> list[tuple[type[rx.State], str, EventHandler]]:
    """(state, name, handler) for each handler a State of the app defines itself."""
    return [(state, name, handler) for state in app_states() for name, handler in state.event_handlers.items()
            if name != "setvar" and handler.fn.__qualname__.split(".")[0] == state.__name__]


@cache
def page_role(state: type[rx.State]) -> Role | None:
    """The role whose page the state serves, as routes.PAGE_ROLES says (None: no page of one role)."""
    from citizenplan import pages, routes

    return next((routes.PAGE_ROLES.get(route) for route, _page, on_load in pages.PAGES if on_load.state is state),
                None)


def parameters(handler: EventHandler) -> list[str]:
    return [p for p in inspect.signature(handler.fn).parameters if p != "self"]


FORM_KEY = re.compile(r"""(?:form\.get\(|_text\(form,\s*|form\[)\s*f?["']([A-Za-z_][\w-]*)""")


def form_fields(handler: EventHandler) -> list[str]:
    """The field names a handler reads from its form, taken from its source (so none is listed by hand)."""
    return _form_fields(handler.fn)


@cache
def _form_fields(fn) -> list[str]:
    return sorted(set(FORM_KEY.findall(inspect.getsource(fn)))) or ["x"]


async def run_event(state: rx.State, handler: EventHandler, payload: dict[str, Any]) -> list:
    """Like reflex_base's process_event, without a socket: transform, call, check what comes back."""
    payload = _prepare_event_payload(handler, payload)
    result = handler.fn(state, **payload)
    if inspect.isawaitable(result):
        result = await result
    if inspect.isasyncgen(result):
        returned = [event async for event in result]
    elif inspect.isgenerator(result):
        returned = list(result)
    else:
        returned = [result]
    for events in returned:
        if events is not None:
            Event.from_event_type(_check_valid_yield(events, handler.fn.__qualname__))
    return returned


async def send_delta(state: rx.State) -> str:
    """What the browser would be sent after the event, as JSON: a var that cannot be sent fails here."""
    root = state
    while root.parent_state is not None:
        root = root.parent_state
    try:
        return json_dumps(await root._get_resolved_delta())
    finally:
        root._clean()


def tree(state: rx.State) -> Iterable[rx.State]:
    root = state
    while root.parent_state is not None:
        root = root.parent_state
    todo = [root]
    while todo:
        node = todo.pop()
        yield node
        todo.extend(node.substates.values())


# ---------------------------------------------------------------- hostile values

# What breaks parsers: other scripts' digits, numbers past any column, NUL and direction marks, text past
# any limit, JSON nested past the parser's depth, format strings. Every handler gets each of them (the sweep).
HOSTILE_TEXT = [
    "", " ", "-1", "007", "1e3", "1_000", " 12", "+1", "1.5",
    "²", "٣", "１２", "𝟙", "9" * 20, str(2**31), "9" * 5000,
    "NaN", "null", "\x00", "a\x00b", "\u202e12", "\ufeff1",
    "<script>alert(1)</script>", "{0}", "{}", "%s", "' OR 1=1 --",
    "😀", "x" * 20_000, "\r\n\t", "[" * 5000, "{\"a\": " * 3000,
]
# Words our pages do send somewhere (choices, statuses, durations, languages): they get a call further in.
PAGE_WORDS = ["yes", "no", "on", "new", "month", "met", "active", "reached", "contact_person", "relative",
              "en", "da", "6m", "1y", "attention", "name", "ÆØÅ æøå", "0", "00", "inf"]
ODD_TEXT = HOSTILE_TEXT + PAGE_WORDS


ODD_VALUES = [None, True, False, 0, -1, 2**31, 10**20, 1.5, float("nan"), float("inf"), [], {}, ["1"], {"id": "1"}]


def hostile_scalar() -> st.SearchStrategy:
    return st.one_of(
        st.sampled_from(ODD_TEXT), st.sampled_from(ODD_VALUES),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=12),
    )


def pick(known: list) -> st.SearchStrategy:
    """One of `known`, drawn as an index: the draw has the same shape whatever the list holds, so a replay
    of an example never confuses Hypothesis (the list is what the page holds at the time)."""
    return st.integers(min_value=0, max_value=1023).map(lambda i: known[i % len(known)] if known else "")


def hostile(page: list, ids: list[str]) -> st.SearchStrategy:
    """Any JSON a forged frame can carry; and the words the page holds (ids, steps, choices) and ids of the
    database's rows, so that a call gets past the first check as often as it is stopped there."""
    scalar = st.one_of(hostile_scalar(), pick(page), pick(ids), pick([int(i) for i in ids]))
    return st.one_of(
        scalar, scalar, scalar,
        st.lists(scalar, max_size=3),
        st.dictionaries(st.one_of(st.sampled_from(["id", "value", "key"]), st.text(max_size=4)), scalar,
                        max_size=3),
    )


def hostile_form(fields: list[str], page: list, ids: list[str], extra_keys: list[str]) -> st.SearchStrategy:
    """A form as the browser posts it (each field a string), or anything else a forged frame carries."""
    keys = fields + extra_keys
    text = st.one_of(st.sampled_from(ODD_TEXT), st.text(max_size=12), pick([str(k) for k in page]), pick(ids))
    posted = st.dictionaries(pick(keys), text, max_size=8)
    forged = st.dictionaries(pick(keys), hostile(page, ids), max_size=8)
    return st.one_of(posted, posted, forged, hostile(page, ids))


def harvest(state: rx.State) -> tuple[list, list[str]]:
    """The short strings and numbers the page holds (ids, steps, choices) and the keys of its dicts:
    a fuzzer that only sends noise never gets past the first check."""
    values: set = set()
    keys: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int | str):
            if len(str(value)) <= 60:
                values.add(value)
        elif isinstance(value, dict):
            keys.update(k for k in value if isinstance(k, str))
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for node in tree(state):
        for name in node.base_vars:
            if name in ("t", "router", "router_data"):
                continue
            walk(getattr(node, name))
    return sorted(values, key=str), sorted(keys)


# ---------------------------------------------------------------- the database each example starts from


def save_database(personal_only: bool = False) -> dict[str, list[dict]]:
    """Every row of every table (or of the tables that hold a person's data), in primary key order."""
    with session_scope() as db:
        connection = db.connection()
        return {t.name: [dict(r) for r in connection.execute(sa.select(t).order_by(*t.primary_key.columns)).mappings()]
                for t in SQLModel.metadata.sorted_tables if not (personal_only and t.name in NOT_PERSONAL)}


def restore_database(saved: dict[str, list[dict]]) -> None:
    """Every example starts from the same rows and the same next ids, so a failing one can be replayed.
    Only the tables that differ are written again (with those that refer to them), as that is most of the
    time of an example on PostgreSQL."""
    now = save_database()
    tables = SQLModel.metadata.sorted_tables
    stale = {t.name for t in tables if now[t.name] != saved[t.name]}
    for table in tables:  # sorted: a table comes after those it refers to
        if any(fk.column.table.name in stale for fk in table.foreign_keys):
            stale.add(table.name)
    with session_scope() as db:
        connection = db.connection()
        for table in reversed(tables):
            if table.name in stale:
                connection.execute(table.delete())
        for table in tables:
            if table.name in stale and saved[table.name]:
                connection.execute(table.insert(), saved[table.name])
        if connection.dialect.name == "postgresql":  # a sequence moves on even when its insert is rolled back
            connection.execute(sa.select(*(
                sa.func.setval(sa.func.pg_get_serial_sequence(f'"{t.name}"', "id"),
                               sa.select(sa.func.coalesce(sa.func.max(t.c.id), 0)).scalar_subquery() + 1, False)
                for t in tables if [c.name for c in t.primary_key.columns] == ["id"])))


# ---------------------------------------------------------------- who is acting


def live_token(user_id: int) -> str:
    """A logged-in session, made directly (not through the login throttle the fuzzer may have tripped)."""
    token = new_token()
    with session_scope() as db:
        db.add(AuthSession(user_id=user_id, token_hash=digest(token), live=True))
    return token


def state_at(state_class: type[rx.State], token: str | None, path: str) -> rx.State:
    """The `state_class` instance in a fresh tree, as a tab on `path` (with its ?query) with this cookie."""
    root = State(_reflex_internal_init=True)
    headers = {"cookie": f"{COOKIE_NAME}={token}"} if token else {}
    root.router = RouterData.from_router_data({"headers": headers | {"origin": "http://localhost:3000"},
                                               "asPath": path})
    return root.get_substate(state_class.get_full_name().split(".")[1:])


def user_ids() -> dict[str, int]:
    with session_scope() as db:
        return {name: uid for uid, name in db.exec(select(User.id, User.username)).all() if name}


# ---------------------------------------------------------------- whose data each row is

# Logs and derived figures: written on behalf of whoever acts, and not a person's data to change.
NOT_PERSONAL = {"audit_event", "login_throttle", "report_goal_fact", "alembic_version"}
OWNER_COLUMN = {"user": "id", "auth_session": "user_id", "invitation": "user_id", "case_view": "viewer_id",
                "managed_unit": "manager_id"}


def _owner(table: str, row: dict, item_owner: dict, talk_owner: dict) -> int | None:
    if table == "item_version":
        return item_owner.get(row["item_id"])
    if table == "conversation_answer":
        return talk_owner.get(row["conversation_id"])
    if table in OWNER_COLUMN:
        return row[OWNER_COLUMN[table]]
    return row.get("citizen_id")


def rows_by_owner(saved: dict[str, list[dict]]) -> dict[tuple[str, str], tuple[int | None, str]]:
    """{(table, primary key): (whose row it is, its content)} for every row of every personal table."""
    item_owner = {r["id"]: r["citizen_id"] for r in saved["workbook_item"]}
    talk_owner = {r["id"]: r["citizen_id"] for r in saved["conversation"]}
    found = {}
    for table in SQLModel.metadata.sorted_tables:
        if table.name in NOT_PERSONAL:
            continue
        for row in saved[table.name]:
            key = "/".join(str(row[c.name]) for c in table.primary_key.columns)
            found[(table.name, key)] = (_owner(table.name, row, item_owner, talk_owner),
                                        json.dumps([str(value) for value in row.values()]))
    return found


RELATIVE_ACCOUNT_TABLES = ("invitation", "user", "auth_session", "audit_event")


@dataclass
class Owners:
    """Whose data a person may change: their own, and what their role lets them do for others."""

    roles: dict[int, Role] = field(default_factory=dict)
    follows: dict[int, set[int]] = field(default_factory=dict)  # contact person -> citizens
    relative_of: dict[int, set[int]] = field(default_factory=dict)  # relative -> citizens
    relatives: dict[int, set[int]] = field(default_factory=dict)  # citizen -> relatives
    unit_people: dict[int, set[int]] = field(default_factory=dict)  # manager -> people in their units

    @classmethod
    def of(cls, saved: dict[str, list[dict]]) -> "Owners":
        owners = cls(roles={u["id"]: Role(u["role"]) for u in saved["user"]})
        for a in saved["contactassignment"]:
            if a["ended_at"] is None:
                owners.follows.setdefault(a["contact_person_id"], set()).add(a["citizen_id"])
        for g in saved["relativegrant"]:
            if g["ended_at"] is None:
                owners.relative_of.setdefault(g["relative_id"], set()).add(g["citizen_id"])
                owners.relatives.setdefault(g["citizen_id"], set()).add(g["relative_id"])
        for m in saved["managed_unit"]:
            owners.unit_people.setdefault(m["manager_id"], set()).update(
                u["id"] for u in saved["user"] if u["unit_id"] == m["unit_id"])
        return owners

    def near(self, actor_id: int) -> set[int]:
        """The people whose pages this person opens: themselves, and those they follow or are close to."""
        return {actor_id} | self.follows.get(actor_id, set()) | self.relative_of.get(actor_id, set()) \
            | self.relatives.get(actor_id, set())

    def may_change(self, actor_id: int | None, table: str, owner: int | None) -> bool:
        if owner is not None and owner not in self.roles:
            return True  # a person the actor has just made (a new citizen, an invited relative)
        if actor_id is None or owner is None:
            return False
        if owner == actor_id:
            return True
        role = self.roles.get(actor_id)
        if role is Role.CONTACT_PERSON:
            return owner in self.follows.get(actor_id, set())
        if role is Role.RELATIVE:
            return table == "comment" and owner in self.relative_of.get(actor_id, set())
        if role is Role.CITIZEN:  # her codes for her relatives; erasing her account removes a relative who
            # was there only for her (domain/my_data.py), with their logins
            return table in RELATIVE_ACCOUNT_TABLES and owner in self.relatives.get(actor_id, set())
        if role is Role.MANAGER:
            return table in ("contactassignment", "invitation") and owner in self.unit_people.get(actor_id, set())
        return False


def ids_of(saved: dict[str, list[dict]], people: set[int] | None) -> list[str]:
    """The ids of the rows these people own (None: of every row), as a URL or a form carries them."""
    rows = rows_by_owner(saved)
    return sorted({key for (_, key), (owner, _) in rows.items()
                   if key.isdigit() and (people is None or owner in people)}, key=int)


def changed_by_someone_else(before: dict, after: dict, owners: Owners, actor_id: int | None) -> list[str]:
    """The rows that changed although they are not the actor's to change."""
    wrong = []
    for key in before.keys() | after.keys():
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        owner = (old or new)[0]
        if not owners.may_change(actor_id, key[0], owner):
            wrong.append(f"{key[0]} {key[1]} (owner {owner}): {'added' if old is None else 'removed' if new is None else 'changed'}")
    return sorted(wrong)


# ---------------------------------------------------------------- what the person is told

MESSAGE_VARS = re.compile(r"^(error|notice|conflict|\w+_error)$")


@lru_cache(maxsize=1)
def _catalogue() -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    texts = {m for m in i18n.message_ids()} | {i18n.gettext("en", m) for m in i18n.message_ids()}
    patterns = tuple(re.compile(re.sub(r"\\\{\w*\\\}", ".+", re.escape(t)), re.S) for t in texts if "{" in t)
    return frozenset(texts), patterns


def plain_message(text: str) -> bool:
    """A sentence of the catalogue (Danish, or the person's chosen English), its blanks filled in."""
    texts, patterns = _catalogue()
    return text in texts or any(p.fullmatch(text) for p in patterns)


def messages_shown(state: rx.State) -> dict[str, str]:
    return {f"{type(node).__name__}.{name}": getattr(node, name) for node in tree(state)
            for name in node.base_vars if MESSAGE_VARS.match(name) and getattr(node, name)}
