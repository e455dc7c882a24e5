"""Every public event handler of every State, called with forged types and odd unicode, as every role.

Each call gives a valid result or a plain refusal from the catalogue (never an exception, never a var the
browser cannot be sent), and changes no row of another person's data in the database. The handlers are
found by walking the app's states (tests/support/fuzz.py), so a new handler is covered the day it is
written. Two tests:
- a random search (Hypothesis): a role, the page's URL (?id=, ?flow=, ?kode=: the load handlers' parsing
  is searched too), then arguments of any JSON shape, often an id or a word the page really holds, so that
  calls get past the first check; the database is compared before and after each call;
- a sweep: each hostile text and odd value of tests/support/fuzz.py in every argument in turn, on the page
  of the person it belongs to, so that no such value is left to chance.

Every example starts from the same database (the demo, restored), and the search is derandomized: CI makes
the same calls on every run. FUZZ_EXAMPLES=200 searches deeper, by hand; --hypothesis-show-statistics says
how many calls were answered, refused or changed data.
"""

import asyncio
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from citizenplan import demo, demo_plans
from citizenplan.db import session_scope
from citizenplan.domain import sharing
from citizenplan.domain.accounts import load_actor
from citizenplan.domain.vocabulary import Audience, Role
from citizenplan.flows import FLOWS
from citizenplan.models import WorkbookItem
from tests.conftest import BACKENDS, _fresh_database
from tests.support import fuzz

HANDLERS = fuzz.public_handlers()
ROLES = ["anna", "maria", "karen", "leder", None]  # citizen, contact person, relative, manager, nobody
ROLE_USER = {Role.CITIZEN: "anna", Role.CONTACT_PERSON: "maria", Role.RELATIVE: "karen", Role.MANAGER: "leder"}
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))  # per handler and database


@dataclass(frozen=True)
class Demo:
    """The database every example starts from, and what the strategies draw ids from."""

    url: str
    people: dict[str, int]
    saved: dict[str, list[dict]] = field(repr=False)
    every_id: list[str] = field(repr=False)
    near_ids: dict[str | None, list[str]] = field(repr=False)


@pytest.fixture(scope="module", params=BACKENDS)
def _demo_database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """One database per backend for every handler (each example restores it): the demo, where Maria follows
    Anna (shared goals, a frame, a signed follow-up), Jonas follows Bo, Camilla and Dennis, Karen is Anna's
    relative, and Anna has shared one goal with her."""
    for url in _fresh_database(request, tmp_path_factory.mktemp("every-handler"), migrated=True):
        with pytest.MonkeyPatch.context() as env:
            env.setenv("CITIZENPLAN_DATABASE_URL", url)
            with session_scope() as db:
                demo.load(db)
            with session_scope() as db:
                demo_plans.load(db)
            people = fuzz.user_ids()
            with session_scope() as db:
                anna = load_actor(db, people["anna"])
                goal = db.exec(select(WorkbookItem).where(WorkbookItem.citizen_id == anna.user_id)).first()
                sharing.share(db, anna, goal.id, {Audience.CONTACT_PERSON, Audience.RELATIVE}, goal.version)
            saved = fuzz.save_database()
        owners = fuzz.Owners.of(saved)
        near = {who: fuzz.ids_of(saved, owners.near(people[who]) if who else set()) for who in ROLES}
        yield Demo(url, people, saved, fuzz.ids_of(saved, None), near)


@pytest.fixture
def demo_database(_demo_database: Demo, monkeypatch: pytest.MonkeyPatch) -> Demo:
    monkeypatch.setenv("CITIZENPLAN_DATABASE_URL", _demo_database.url)
    return _demo_database


@pytest.fixture
def event_loop_for_examples():
    """One loop for all of a test's examples (Hypothesis runs each example as a plain call)."""
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


def _path(data: st.DataObject, near: list[str], every: list[str]) -> str:
    """The page's URL: an id of the person's own (or of someone they follow), someone else's, or no id."""
    word = st.one_of(st.sampled_from(fuzz.ODD_TEXT), st.text(max_size=8))
    query = {
        "id": data.draw(st.one_of(fuzz.pick(near), fuzz.pick(near), fuzz.pick(every), word), label="?id"),
        "flow": data.draw(st.one_of(st.sampled_from(sorted(FLOWS)), word), label="?flow"),
        "kode": data.draw(word, label="?kode"),
    }
    return "/?" + urlencode(query)


def _arguments(data: st.DataObject, handler, page: list, ids: list[str], keys: list[str]) -> dict:
    arguments = {}
    for name in fuzz.parameters(handler):
        if name == "form":
            strategy = fuzz.hostile_form(fuzz.form_fields(handler), page, ids, keys)
        else:
            strategy = fuzz.hostile(page, ids)
        arguments[name] = data.draw(strategy, label=name)
    return arguments


async def _one_call(demo_database: Demo, state_class, name: str, handler, data: st.DataObject) -> None:
    fuzz.restore_database(demo_database.saved)
    own_role = fuzz.page_role(state_class)  # half the calls as the person whose page it is: they get deepest
    roles = st.sampled_from(ROLES)
    who = data.draw(st.one_of(st.just(ROLE_USER[own_role]), roles) if own_role else roles, label="role")
    actor_id = demo_database.people[who] if who else None
    page = fuzz.state_at(state_class, fuzz.live_token(actor_id) if actor_id else None,
                         _path(data, demo_database.near_ids[who], demo_database.every_id))
    if "load" in state_class.event_handlers and name != "load":
        await fuzz.run_event(page, state_class.event_handlers["load"], {})
        await fuzz.send_delta(page)
    values, keys = fuzz.harvest(page)
    arguments = _arguments(data, handler, values, demo_database.every_id, keys)

    before = fuzz.save_database(personal_only=True)
    await fuzz.run_event(page, handler, arguments)
    await fuzz.send_delta(page)
    after = fuzz.save_database(personal_only=True)

    owners = fuzz.Owners.of(before)
    assert fuzz.changed_by_someone_else(fuzz.rows_by_owner(before), fuzz.rows_by_owner(after), owners,
                                        actor_id) == []
    shown = fuzz.messages_shown(page)
    assert {var: text for var, text in shown.items() if not fuzz.plain_message(text)} == {}
    event("refused" if shown else "changed data" if before != after else "answered")


@pytest.mark.parametrize(("state_class", "name", "handler"), HANDLERS,
                         ids=[f"{s.__name__}.{n}" for s, n, _ in HANDLERS])
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, print_blob=True,
          phases=(Phase.explicit, Phase.generate, Phase.shrink),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(data=st.data())
def test_a_forged_call_is_answered_or_refused_plainly_and_touches_nobody_elses_data(
        demo_database, event_loop_for_examples, state_class, name, handler, data):
    event_loop_for_examples.run_until_complete(_one_call(demo_database, state_class, name, handler, data))


async def _open_page(demo_database: Demo, state_class, who: str | None):
    """The state on its page as `who`, on the first of their ids that opens without a refusal."""
    token = fuzz.live_token(demo_database.people[who]) if who else None
    page = None
    for raw in demo_database.near_ids[who][:40] or [""]:
        page = fuzz.state_at(state_class, token, "/?" + urlencode({"id": raw, "flow": "getting_started"}))
        if "load" not in state_class.event_handlers:
            break
        await fuzz.run_event(page, state_class.event_handlers["load"], {})
        await fuzz.send_delta(page)
        if not fuzz.messages_shown(page):
            break
    return page


async def _sweep(demo_database: Demo, state_class, name: str, handler) -> None:
    own_role = fuzz.page_role(state_class)
    for who in [ROLE_USER[own_role]] if own_role else ROLES:
        fuzz.restore_database(demo_database.saved)
        actor_id = demo_database.people[who] if who else None
        page = await _open_page(demo_database, state_class, who)
        before = fuzz.save_database(personal_only=True)
        for value in fuzz.HOSTILE_TEXT + fuzz.ODD_VALUES:
            arguments = {p: value if p != "form" or not isinstance(value, str)
                         else dict.fromkeys(fuzz.form_fields(handler), value) for p in fuzz.parameters(handler)}
            try:
                await fuzz.run_event(page, handler, arguments)
                await fuzz.send_delta(page)
            except Exception as error:
                raise AssertionError(f"{name} as {who} with {value!r:.60}") from error
            shown = fuzz.messages_shown(page)
            assert (value, {var: text for var, text in shown.items() if not fuzz.plain_message(text)}) == (value, {})
        after = fuzz.save_database(personal_only=True)  # once for all the values: a sweep of ~50 calls
        assert fuzz.changed_by_someone_else(fuzz.rows_by_owner(before), fuzz.rows_by_owner(after),
                                            fuzz.Owners.of(before), actor_id) == []


SWEPT = [(s, n, h) for s, n, h in HANDLERS if fuzz.parameters(h)]


@pytest.mark.parametrize(("state_class", "name", "handler"), SWEPT, ids=[f"{s.__name__}.{n}" for s, n, _ in SWEPT])
def test_every_odd_value_in_every_argument_is_answered_or_refused_plainly(
        demo_database, event_loop_for_examples, state_class, name, handler):
    """Each hostile text and odd value of tests/support/fuzz.py in every argument (and every field of a form)
    in turn, on the page of the person it belongs to: the sure sweep beside the random search above."""
    event_loop_for_examples.run_until_complete(_sweep(demo_database, state_class, name, handler))


def test_the_walk_finds_every_state_and_handler():
    """A rename or a new module must not quietly drop handlers from the test above."""
    names = {f"{s.__name__}.{n}" for s, n, _ in HANDLERS}
    assert {"ItemState.save", "ChatState.choose", "FollowUpState.save_record", "RelativesState.remove",
            "StaffState.fresh_start", "SessionState.switch_language", "LoginState.login"} <= names
    assert not any(n == "setvar" for _, n, _ in HANDLERS)
    assert len(HANDLERS) >= 60
