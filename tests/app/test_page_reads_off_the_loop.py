"""Every page load's database work runs in a thread of the DATA lane, never on the event loop (issue 18, "Load").

The gate (session and role check) has run in the lane since issue 22; most pages' own reads did not: each
page load and each reconnect read the page's data on the loop, and every other socket of the worker waited for
the database meanwhile. Here every gated page is loaded as the person it is for (with an address that names one
of her things where the page shows one), and the public pages' loads too, while every way to the database is
watched: `session_scope` wherever a module of the app holds it, and each connection taken from the pool."""

import sys
import threading

import pytest
from reflex.istate.data import RouterData
from reflex.state import State
from sqlalchemy import event
from sqlmodel import col, select
from starlette.requests import Request

from citizenplan import db as database
from citizenplan import pages, routes
from citizenplan.auth import http as auth_http
from citizenplan.auth import sessions
from citizenplan.auth.cookies import COOKIE_NAME
from citizenplan.demo import DEMO_PASSWORD
from citizenplan.domain import accounts
from citizenplan.domain.vocabulary import Role
from citizenplan.models import WorkbookItem
from citizenplan.state.activation import ActivationState
from citizenplan.state.fresh_start import FreshStartState
from citizenplan.state.login import LoginState
from tests.support.states import redirect_of, token_for, user_id_of

pytestmark = pytest.mark.anyio
DEMO_PLANS = True  # tests/app/conftest.py: Anna's plan, so that her item, plan and follow-up have content
PEOPLE = {Role.CITIZEN: "anna", Role.CONTACT_PERSON: "maria", Role.RELATIVE: "karen", Role.MANAGER: "leder"}
GATED = {route: on_load for route, _component, on_load in pages.PAGES if route in routes.PAGE_ROLES}
NAMES_A_CITIZEN = (routes.SHARED_PLAN, routes.FOLLOW_UP, routes.PRINT_PLAN)  # `?id=` is whose plan


def _tab(state_class, token: str | None, address: str):
    """`state_class` in a fresh tab at `address`, logged in with `token` (if any)."""
    root = State(_reflex_internal_init=True)
    headers = {"cookie": f"{COOKIE_NAME}={token}"} if token else {}
    root.router = RouterData.from_router_data({"headers": headers | {"origin": "http://localhost:3000"},
                                               "asPath": address})
    return root.get_substate(state_class.get_full_name().split(".")[1:])


def _address(route: str) -> str:
    """The page's address as a link to it reads: Anna's id, or one of her items, where the page shows one."""
    if route in NAMES_A_CITIZEN:
        return f"{route}?id={user_id_of('anna')}"
    if route == routes.WORKBOOK_ITEM:
        with database.session_scope() as db:
            item = db.exec(select(WorkbookItem.id).where(WorkbookItem.citizen_id == user_id_of("anna"))
                           .order_by(col(WorkbookItem.id))).first()
        return f"{route}?id={item}"
    if route == routes.CHAT:
        return f"{route}?flow=getting_started"
    return route


class LoopWatch:
    """Notes each time the database is opened from the thread that made it (the test's, which runs the event
    loop) while `watching`: `session_scope` in citizenplan.db and in every module of the app that imported it,
    and each connection taken from the engine's pool, whatever took it."""

    def __init__(self) -> None:
        self.loop_thread = threading.current_thread()
        self.watching = False
        self.seen: list[str] = []

    def note(self, what: str) -> None:
        if self.watching and threading.current_thread() is self.loop_thread:
            self.seen.append(what)

    async def load(self, handler, state):
        """`handler`'s function on `state`, watched; returns what it returned."""
        return await self.call(handler.fn, state)

    async def call(self, fn, *args):
        self.watching = True
        try:
            return await fn(*args)
        finally:
            self.watching = False


@pytest.fixture
def loop_watch(monkeypatch):
    watch = LoopWatch()
    real = database.session_scope

    def watched(*args, **kwargs):
        watch.note("session_scope")
        return real(*args, **kwargs)

    monkeypatch.setattr(database, "session_scope", watched)
    for name, module in list(sys.modules.items()):
        if name.startswith("citizenplan.") and getattr(module, "session_scope", None) is real:
            monkeypatch.setattr(module, "session_scope", watched)

    def checkout(*_args):
        watch.note("a pooled connection")

    engine = database.get_engine()
    event.listen(engine, "checkout", checkout)
    yield watch
    event.remove(engine, "checkout", checkout)


@pytest.mark.parametrize("route", sorted(GATED))
async def test_a_page_load_reads_its_data_off_the_event_loop(demo_people, loop_watch, route):
    """Loaded as the person the page is for: the page shows her content, and the loop never waited on the
    database for it."""
    on_load = GATED[route]
    page = _tab(on_load.state, token_for(PEOPLE[routes.PAGE_ROLES[route]]), _address(route))
    result = await loop_watch.load(on_load, page)
    assert redirect_of(result) is None, f"{route}: sent to {redirect_of(result)}"
    assert not page.error, f"{route}: {page.error}"
    assert loop_watch.seen == [], f"{route} opened the database on the event loop"


async def test_the_fresh_start_notice_on_each_home_reads_off_the_event_loop(demo_people, loop_watch):
    for role, username in PEOPLE.items():
        notice = _tab(FreshStartState, token_for(username), routes.home_for(role))
        await loop_watch.load(FreshStartState.load, notice)
    assert loop_watch.seen == []


async def test_the_login_pages_load_checks_who_is_logged_in_off_the_event_loop(demo_people, loop_watch):
    """Someone logged in is sent to her own home, someone else stays: the check that tells them apart asks the
    database."""
    logged_in = await loop_watch.load(LoginState.load, _tab(LoginState, token_for("anna"), routes.LOGIN))
    assert redirect_of(logged_in) == routes.CITIZEN_HOME
    stays = await loop_watch.load(LoginState.load, _tab(LoginState, None, routes.LOGIN))
    assert redirect_of(stays) is None
    assert loop_watch.seen == []


async def test_the_activation_pages_load_looks_up_the_code_off_the_event_loop(demo_people, loop_watch):
    with database.session_scope() as db:
        handover = accounts.create_citizen(db, accounts.load_actor(db, user_id_of("maria")), "Eva Holm")
    page = _tab(ActivationState, None, f"{routes.ACTIVATE}?kode={handover.code}")
    await loop_watch.load(ActivationState.load, page)
    assert page.greeting_name == "Eva Holm" and not page.error, page.error
    unknown = _tab(ActivationState, None, f"{routes.ACTIVATE}?kode=FINDES-IKKE")
    await loop_watch.load(ActivationState.load, unknown)
    assert unknown.error and not unknown.greeting_name
    assert loop_watch.seen == []


def _post(path: str, body: bytes, cookie: str = "") -> Request:
    """What the login page's (or the logout's) fetch sends: JSON, from the app's own page."""
    headers = [(b"content-type", b"application/json"), (b"origin", b"http://localhost:3000"),
               (b"sec-fetch-site", b"same-origin")] + ([(b"cookie", cookie.encode())] if cookie else [])
    scope = {"type": "http", "method": "POST", "path": path, "headers": headers, "query_string": b"",
             "scheme": "http", "server": ("localhost", 3000)}

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(scope, receive)


async def test_the_login_cookie_is_set_and_ended_off_the_event_loop(demo_people, loop_watch, monkeypatch):
    """/auth/session after every login and /auth/logout: their unit of work does not stall the worker's sockets."""
    monkeypatch.setenv("CITIZENPLAN_PUBLIC_URL", "http://localhost:3000")
    with database.session_scope() as db:
        ticket = sessions.begin_login(db, "anna", DEMO_PASSWORD).ticket
    started = await loop_watch.call(auth_http.start_session,
                                    _post(routes.AUTH_SESSION, f'{{"ticket": "{ticket}"}}'.encode()))
    assert started.status_code == 204
    cookie = started.headers["set-cookie"].split(";")[0]
    ended = await loop_watch.call(auth_http.end_session, _post(routes.AUTH_LOGOUT, b"{}", cookie))
    assert ended.status_code == 204
    with database.session_scope() as db:
        assert accounts.actor_from_token(db, cookie.split("=", 1)[1]) is None
    assert loop_watch.seen == []
