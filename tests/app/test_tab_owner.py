"""A tab's state tree is reset before anything reaches a person it was not built for (a shared phone)."""

import asyncio
import threading

import pytest
from reflex.event import Event
from reflex.istate.data import RouterData
from reflex.state import State

from citizenplan import demo, demo_plans
from citizenplan.auth.cookies import COOKIE_NAME
from citizenplan.db import session_scope
from citizenplan.state.tab_owner import TabOwnerGuard, TabOwnerState, _page_load_events
from citizenplan.state.workbook import WorkbookState
from tests.support.states import state_of, token_for

pytestmark = pytest.mark.anyio


@pytest.fixture
def demo_people(app_db):
    """The demo's people and their plans: Anna's workbook has words to leak."""
    with session_scope() as db:
        demo.load(db)
        demo_plans.load(db)

ANNAS_WORDS = "Jeg vil se min søster oftere"
HYDRATE = next(name for name in _page_load_events() if name.endswith(".hydrate_and_load"))
SOME_EVENT = "reflex___state____state.citizenplan___state___workbook____workbook_state.load"


def _tab_of(workbook: WorkbookState) -> State:
    return workbook._get_root_state()


def _with_cookie(root: State, token: str | None) -> None:
    headers = {"cookie": f"{COOKIE_NAME}={token}"} if token else {}
    root.router = RouterData.from_router_data({"headers": headers})


async def _annas_tab() -> State:
    """Anna's tab after her workbook was shown, as the guard saw it built."""
    workbook = state_of(WorkbookState, cookie_token=token_for("anna"))
    root = _tab_of(workbook)
    await TabOwnerGuard().preprocess(None, root, Event(name=HYDRATE))
    await WorkbookState.load.fn(workbook)
    assert any(goal.title == ANNAS_WORDS for goal in workbook.goals)
    return root


def _words_in(root: State) -> bool:
    return ANNAS_WORDS in repr(root.dict())


async def test_the_next_persons_page_load_in_the_same_tab_gets_a_fresh_tree(demo_people):
    root = await _annas_tab()
    _with_cookie(root, token_for("bo"))

    await TabOwnerGuard().preprocess(None, root, Event(name=HYDRATE))

    assert not _words_in(root)
    owner = await root.get_state(TabOwnerState)
    assert owner._user_id != 0


async def test_a_page_load_with_no_cookie_gets_a_fresh_tree(demo_people):
    root = await _annas_tab()
    _with_cookie(root, None)

    await TabOwnerGuard().preprocess(None, root, Event(name=HYDRATE))

    assert not _words_in(root)


async def test_any_event_with_another_persons_cookie_resets_the_tree_first(demo_people):
    root = await _annas_tab()
    _with_cookie(root, token_for("bo"))

    await TabOwnerGuard().preprocess(None, root, Event(name=SOME_EVENT))

    assert not _words_in(root)


async def test_an_ended_session_counts_as_nobody_on_the_next_page_load(demo_people):
    from citizenplan.auth import sessions
    from citizenplan.auth.cookies import token_from_cookie_header

    root = await _annas_tab()
    with session_scope() as db:
        sessions.end(db, token_from_cookie_header(root.router.headers.cookie))

    await TabOwnerGuard().preprocess(None, root, Event(name=HYDRATE))

    assert not _words_in(root)


WAIT_S = 5  # only the old code (the page load's session check on the loop itself) ever waits this long


async def test_a_page_loads_session_check_runs_in_the_data_lane_and_the_tree_is_still_reset_first(
        demo_people, monkeypatch):
    """The query behind a page load's check runs in a thread of offload.DATA, not on the event loop; the
    guard still returns only after the tree was reset, so the handler never sees the last person's words."""
    from citizenplan.auth import sessions

    root = await _annas_tab()
    seen, resolve = [], sessions.resolve

    def noted(db, token):
        seen.append(threading.current_thread())
        return resolve(db, token)

    monkeypatch.setattr(sessions, "resolve", noted)
    _with_cookie(root, token_for("bo"))

    await TabOwnerGuard().preprocess(None, root, Event(name=HYDRATE))

    assert not _words_in(root)
    assert len(seen) == 1 and seen[0] is not threading.current_thread()
    assert seen[0].name.startswith("lane-data"), seen[0].name


async def test_while_one_tabs_page_load_waits_for_the_database_another_tab_is_served(demo_people, monkeypatch):
    """The loop is free during the check: on the old code the other tab waited for it."""
    from citizenplan.auth import sessions

    root, other = await _annas_tab(), await _annas_tab()
    bo = token_for("bo")
    _with_cookie(root, bo)
    order, started, release = [], threading.Event(), threading.Event()
    resolve = sessions.resolve

    def slow_for_bo(db, token):
        if token == bo:
            order.append("check started")
            started.set()
            release.wait(WAIT_S)
            order.append("check done")
        return resolve(db, token)

    monkeypatch.setattr(sessions, "resolve", slow_for_bo)
    guarded = asyncio.create_task(TabOwnerGuard().preprocess(None, root, Event(name=HYDRATE)))
    assert await asyncio.to_thread(started.wait, WAIT_S)
    await TabOwnerGuard().preprocess(None, other, Event(name=SOME_EVENT))
    await WorkbookState.load.fn(await other.get_state(WorkbookState))
    order.append("other tab served")
    release.set()
    await guarded
    assert order == ["check started", "other tab served", "check done"]
    assert not _words_in(root) and _words_in(other)


async def test_the_same_person_keeps_her_tree(demo_people):
    root = await _annas_tab()

    await TabOwnerGuard().preprocess(None, root, Event(name=HYDRATE))
    await TabOwnerGuard().preprocess(None, root, Event(name=SOME_EVENT))

    assert _words_in(root)


async def test_logout_resets_the_tree_and_the_tab_forgets_its_token_and_outbox(demo_people):
    from tests.support.states import script_of

    root = await _annas_tab()
    workbook = await root.get_state(WorkbookState)

    script = script_of(await WorkbookState.logout.fn(workbook))

    assert not _words_in(root)
    assert "sessionStorage.removeItem('token')" in script
    assert "localStorage.removeItem('minvej-outbox')" in script
    assert "localStorage.removeItem('minvej-drafts')" in script  # what was being typed (assets/minvej.js)


def test_a_tabs_state_is_kept_no_longer_than_an_idle_login():
    import rxconfig
    from citizenplan.settings import get_settings

    assert rxconfig.config.redis_token_expiration <= get_settings().session_idle_minutes * 60


def test_a_lock_held_long_is_warned_of_before_it_expires_but_not_at_every_busy_second():
    import rxconfig

    assert 1000 < rxconfig.config.redis_lock_warning_threshold < rxconfig.config.redis_lock_expiration


async def test_going_to_another_page_forgets_what_the_last_page_showed(demo_people):
    from citizenplan import pages, routes
    from citizenplan.state.citizen_home import CitizenHomeState

    root = await _annas_tab()
    on_load = next(name for name in _page_load_events() if name.endswith(".on_load_internal"))
    headers = root.router.headers.cookie
    root.router = RouterData.from_router_data({"headers": {"cookie": headers}, "pathname": routes.CITIZEN_HOME})
    home = await root.get_state(CitizenHomeState)
    home.display_name = "Anna Jensen"

    await TabOwnerGuard(pages.page_states()).preprocess(None, root, Event(name=on_load))

    assert not _words_in(root)
    assert home.display_name == "Anna Jensen", "the page she goes to keeps its own state"


def test_the_command_line_makes_private_files_and_leaves_the_umask_as_it_was(tmp_path, monkeypatch):
    import os

    from citizenplan import cli

    monkeypatch.setenv("CITIZENPLAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CITIZENPLAN_DATABASE_URL", raising=False)
    before = os.umask(0o022)
    try:
        assert cli.main(["migrate"]) in (0, None)
        assert os.umask(0o022) == 0o022, "a test or a caller after the CLI keeps its own umask"
    finally:
        os.umask(before)
    database = tmp_path / "data" / "citizenplan.db"
    assert database.stat().st_mode & 0o777 == 0o600
    assert database.parent.stat().st_mode & 0o777 == 0o700


def test_every_pages_state_is_fetched_with_its_owner_so_the_guard_reads_nothing_more_per_event():
    """With Redis, an event fetches its handler's state and that state's parents; the guard then compares the
    cookie with TabOwnerState. Were the owner not among those parents, every event would read Redis once more
    (benchmarks/load.py: 14-18 % of a worker's busy loop)."""
    from reflex.istate.manager.redis import StateManagerRedis

    from citizenplan import pages

    manager = object.__new__(StateManagerRedis)  # only its rule for what a fetch brings along is used
    page_states = frozenset().union(*pages.page_states().values())
    assert page_states
    for page_state in page_states:
        assert TabOwnerState in manager._get_required_state_classes(page_state), page_state.__name__
