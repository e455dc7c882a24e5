"""Slow work never runs on the event loop: password checks (login, activation, a relative joining), the
management report, the printable plan and its PDF each run in a thread of a bounded lane
(citizenplan/offload.py), so that one person's slow request cannot stall every other socket. And logins
are limited per client address, across any number of made-up user names."""

import asyncio
import threading
from types import SimpleNamespace

import pytest
from reflex.istate.data import RouterData
from reflex.state import State
from starlette.requests import Request

from citizenplan import demo, offload, routes
from citizenplan.auth import passwords, throttle
from citizenplan.auth.cookies import COOKIE_NAME
from citizenplan.reports import http as pdf_route
from citizenplan.reports import management, plan_document
from citizenplan.state import login as login_state
from citizenplan.state.activation import ActivationState
from citizenplan.state.citizen_home import CitizenHomeState
from citizenplan.state.contact_home import ContactHomeState
from citizenplan.state.handover import HandoverState
from citizenplan.state.login import LoginState
from citizenplan.state.print_plan import PrintPlanState
from citizenplan.state.report import ReportState
from tests.support.states import state_of, token_for, user_id_of

pytestmark = pytest.mark.anyio
WAIT_S = 5  # only the old code (the check on the loop itself) ever waits this long
TOO_MANY = "Du har prøvet for mange gange. Vent {wait}, og prøv så igen."


@pytest.fixture
def threads_of(monkeypatch):
    """Wrap module.name so that each call notes the thread it ran in; returns the list of those threads."""

    def watch(module, name: str) -> list[threading.Thread]:
        seen: list[threading.Thread] = []
        original = getattr(module, name)

        def noted(*args, **kwargs):
            seen.append(threading.current_thread())
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, noted)
        return seen

    return watch


def _in_lane(seen: list[threading.Thread], lane: str) -> bool:
    return bool(seen) and all(t is not threading.current_thread() and t.name.startswith(f"lane-{lane}")
                              for t in seen)


async def test_the_login_handlers_password_check_runs_in_the_password_lane(demo_people, threads_of):
    """The login's unit of work in the password lane, the hashing itself in the (lowered) argon2 lane."""
    checks, hashing = threads_of(passwords, "verify_and_update"), threads_of(passwords, "_verify_and_update")
    await LoginState.login.fn(state_of(LoginState), {"username": "maria", "password": demo.DEMO_PASSWORD})
    await LoginState.login.fn(state_of(LoginState), {"username": "findes-ikke", "password": "forkert-forkert"})
    assert len(checks) == 2 and _in_lane(checks, "passwords")
    assert len(hashing) == 2 and _in_lane(hashing, "argon2")


async def test_while_one_login_is_checked_another_citizens_page_loads(demo_people, monkeypatch):
    """The loop is free during a password check: on the old code this other page waited for it."""
    home = state_of(CitizenHomeState, cookie_token=token_for("anna"))  # logged in before the slow check
    order, started, release = [], threading.Event(), threading.Event()
    check = passwords.verify_and_update

    def slow_check(password, stored):
        order.append("check started")
        started.set()
        release.wait(WAIT_S)
        order.append("check done")
        return check(password, stored)

    monkeypatch.setattr(passwords, "verify_and_update", slow_check)
    login = asyncio.create_task(LoginState.login.fn(state_of(LoginState), {"username": "x", "password": "y"}))
    assert await asyncio.to_thread(started.wait, WAIT_S)
    await CitizenHomeState.load.fn(home)
    order.append("other page loaded")
    release.set()
    await login
    assert order == ["check started", "other page loaded", "check done"]
    assert home.display_name == "Anna Jensen"


def test_a_password_check_does_not_hold_its_tabs_lock_while_it_waits_its_turn():
    """Under a flood the check waits in the password lane (offload.Budget) for seconds: an ordinary event would
    hold the tab's lock all that time, past Redis's lock expiry (10 s), and its state could not be saved."""
    assert LoginState.event_handlers["login"].is_background
    # the same for the other events that hash or check a password: a new login, a relative joining
    assert ActivationState.event_handlers["activate"].is_background
    assert ActivationState.event_handlers["join"].is_background


async def test_one_tab_checks_one_login_at_a_time_and_the_button_says_it_is_working(demo_people, monkeypatch):
    """A second press while the first check waits starts no second check (a background event is not queued
    behind the first by the tab's lock); after a refusal the button can be pressed again."""
    started, release, checks = threading.Event(), threading.Event(), []
    check = passwords.verify_and_update

    def slow_check(password, stored):
        checks.append(password)
        started.set()
        release.wait(WAIT_S)
        return check(password, stored)

    monkeypatch.setattr(passwords, "verify_and_update", slow_check)
    page = state_of(LoginState)
    first = asyncio.create_task(LoginState.login.fn(page, {"username": "bo", "password": "forkert-forkert"}))
    assert await asyncio.to_thread(started.wait, WAIT_S)
    assert page.busy
    assert await LoginState.login.fn(page, {"username": "bo", "password": "forkert-igen"}) is None
    release.set()
    await first
    assert checks == ["forkert-forkert"] and not page.busy and page.error
    await LoginState.login.fn(page, {"username": "bo", "password": "forkert-tredje"})
    assert checks == ["forkert-forkert", "forkert-tredje"]


async def test_activation_hashes_the_new_password_in_the_password_lane(demo_people, threads_of):
    page = state_of(ContactHomeState, cookie_token=token_for("maria"))
    await ContactHomeState.load.fn(page)
    await ContactHomeState.create_citizen.fn(page, {"name": "Ny Borger"})
    code = (await page.get_state(HandoverState)).code
    seen = threads_of(passwords, "hash_password")
    activation = state_of(ActivationState)
    await ActivationState.check_code.fn(activation, {"code": code})
    await ActivationState.activate.fn(activation, {"username": "nyborger", "password": "grøn cykel ved åen",
                                                  "repeat": "grøn cykel ved åen"})
    assert activation.done_username == "nyborger"
    assert len(seen) == 1 and _in_lane(seen, "passwords")


async def test_the_management_report_is_computed_in_the_heavy_lane(demo_people, threads_of):
    seen = threads_of(management, "unit_report")
    page = state_of(ReportState, cookie_token=token_for("leder"))
    await ReportState.load.fn(page)
    await ReportState.choose_period.fn(page, {"start": "2019-01-01", "end": "2019-12-31"})
    assert page.tables and page.error == ""
    assert len(seen) == 2 and _in_lane(seen, "heavy")


async def test_the_printable_plan_is_built_in_the_heavy_lane(demo_people, threads_of):
    seen = threads_of(plan_document, "case_file")
    root = State(_reflex_internal_init=True)
    root.router = RouterData.from_router_data({"headers": {"cookie": f"{COOKIE_NAME}={token_for('maria')}"},
                                               "asPath": f"{routes.PRINT_PLAN}?id={user_id_of('anna')}"})
    page = root.get_substate(PrintPlanState.get_full_name().split(".")[1:])
    await PrintPlanState.load.fn(page)
    assert page.blocks and page.error == ""
    assert len(seen) == 1 and _in_lane(seen, "heavy")


async def test_the_pdf_is_drawn_in_the_heavy_lane(demo_people, threads_of):
    seen = threads_of(pdf_route, "plan_pdf")
    request = Request({"type": "http", "method": "GET", "path": "/pdf/handleplan",
                       "query_string": f"id={user_id_of('anna')}".encode(),
                       "headers": [(b"cookie", f"{COOKIE_NAME}={token_for('maria')}".encode())]})
    response = await pdf_route.plan_as_pdf(request)
    assert response.status_code == 200 and response.body.startswith(b"%PDF")
    assert len(seen) == 1 and _in_lane(seen, "heavy")


async def test_many_made_up_names_from_one_address_are_stopped_by_the_address_limit(demo_people, threads_of,
                                                                                      monkeypatch):
    """Each made-up name is new, so the per-name throttle never sees it twice; the address does. A refused
    try's answer is held back a second (awaited: the loop is free meanwhile)."""
    seen, held = threads_of(passwords, "verify_and_update"), []

    async def hold(seconds: float) -> None:
        held.append(seconds)

    monkeypatch.setattr(login_state, "asyncio", SimpleNamespace(sleep=hold))
    for n in range(throttle.ADDRESS_FREE_ATTEMPTS):
        login = state_of(LoginState, client_ip="198.51.100.7")
        await LoginState.login.fn(login, {"username": f"opdigtet-{n}", "password": "gæt-gæt-gæt"})
        assert login.error.startswith("Forkert brugernavn eller adgangskode.")
    assert "Vent" in login.error  # the last free one says how long to wait
    checks = len(seen)
    for username, password in (("opdigtet-ny", "gæt-gæt-gæt"), ("anna", demo.DEMO_PASSWORD)):
        login = state_of(LoginState, client_ip="198.51.100.7")
        assert await LoginState.login.fn(login, {"username": username, "password": password}) is None
        assert login.error.startswith("Du har prøvet for mange gange. Vent ")
    assert len(seen) == checks  # refused before any password check
    assert held[-3:] == [throttle.HOLD_ANSWER_IN_WAIT.total_seconds()] * 3 and set(held[:-3]) == {0}
    elsewhere = state_of(LoginState, client_ip="203.0.113.9")
    await LoginState.login.fn(elsewhere, {"username": "anna", "password": demo.DEMO_PASSWORD})
    assert elsewhere.error == "" and elsewhere.busy


async def test_logout_ends_the_session_in_the_data_lane(demo_people, threads_of):
    from citizenplan.domain import accounts

    seen = threads_of(accounts, "end_my_session")
    page = state_of(CitizenHomeState, cookie_token=token_for("anna"))
    await CitizenHomeState.logout.fn(page)
    assert len(seen) == 1 and _in_lane(seen, "data")


async def test_a_login_from_an_address_that_has_not_failed_is_checked_before_a_floods_waiting_ones(
        demo_people, monkeypatch):
    """During a flood the password lane has a queue: a real person's login from her own address goes before the
    logins waiting from addresses that have just been refused (auth/throttle.py FailuresSeen), instead of
    waiting behind all of them."""
    monkeypatch.setattr(throttle, "FAILURES_SEEN", throttle.FailuresSeen())
    monkeypatch.setattr(offload.PASSWORDS, "_size", 1)  # one place, so that the others wait in line
    offload.PASSWORDS.shutdown()
    started, release, checks = threading.Event(), threading.Event(), []
    check = passwords.verify_and_update

    def held_check(password, stored):
        checks.append(password)
        if password == "flood-0":
            started.set()
            release.wait(WAIT_S)
        return check(password, stored)

    monkeypatch.setattr(passwords, "verify_and_update", held_check)

    async def login(address: str, username: str, password: str):
        page = state_of(LoginState, client_ip=address)
        await LoginState.login.fn(page, {"username": username, "password": password})
        return page

    flood = "203.0.113.66"
    await login(flood, "findes-ikke", "flood-before")  # refused: the flood's address has failed once
    try:
        first = asyncio.create_task(login(flood, "findes-ikke", "flood-0"))
        assert await asyncio.to_thread(started.wait, WAIT_S)
        waiting = [asyncio.create_task(login(flood, "findes-ikke", f"flood-{n}")) for n in (1, 2, 3)]
        await asyncio.sleep(0.05)
        bo = asyncio.create_task(login("198.51.100.20", "bo", demo.DEMO_PASSWORD))
        await asyncio.sleep(0.05)
        release.set()
        await asyncio.wait_for(asyncio.gather(first, *waiting, bo), WAIT_S * 4)
    finally:
        release.set()
        offload.PASSWORDS.shutdown()
    assert checks[:3] == ["flood-before", "flood-0", demo.DEMO_PASSWORD]
    assert (await bo).error == ""
