"""State handlers without a browser: who the user is comes from the cookie alone, on every event."""

import re

import pytest

from citizenplan import demo
from citizenplan.auth import sessions
from citizenplan.db import session_scope
from citizenplan.state.activation import ActivationState
from citizenplan.state.citizen_home import CitizenHomeState
from citizenplan.state.contact_home import ContactHomeState
from citizenplan.state.handover import HandoverState
from citizenplan.state.login import LoginState
from citizenplan.state.manager_home import ManagerHomeState
from citizenplan.state.staff import StaffState
from tests.support.states import redirect_of, script_of, state_of, token_for

pytestmark = pytest.mark.anyio


async def test_a_right_password_gives_a_one_time_ticket_and_never_the_token(demo_people):
    login = state_of(LoginState)
    result = await LoginState.login.fn(login, {"username": "maria", "password": demo.DEMO_PASSWORD})
    script = script_of(result)
    assert "/auth/session" in script and "/kontaktperson" in script
    ticket = re.search(r'ticket\\": \\"([A-Za-z0-9_-]+)', script).group(1)
    with session_scope() as db:
        token = sessions.redeem_ticket(db, ticket)
        assert token and token not in script
        assert sessions.redeem_ticket(db, ticket) is None


async def test_a_wrong_password_shows_the_plain_danish_message(demo_people):
    login = state_of(LoginState)
    assert await LoginState.login.fn(login, {"username": "maria", "password": "forkert-forkert"}) is None
    assert login.error == "Forkert brugernavn eller adgangskode."


async def test_a_page_without_a_cookie_sends_the_browser_to_login(demo_people):
    home = state_of(CitizenHomeState)
    assert redirect_of(await CitizenHomeState.load.fn(home)) == "/"
    assert home.display_name == ""


async def test_a_forged_cookie_is_the_same_as_none(demo_people):
    home = state_of(ContactHomeState, cookie_token="forged-token-value")
    assert redirect_of(await ContactHomeState.load.fn(home)) == "/"
    assert home.citizens == []


async def test_a_citizen_who_opens_the_contact_persons_page_is_sent_home(demo_people):
    page = state_of(ContactHomeState, cookie_token=token_for("anna"))
    assert redirect_of(await ContactHomeState.load.fn(page)) == "/borger"
    assert page.citizens == []


async def test_the_contact_person_sees_only_the_citizens_they_follow(demo_people):
    page = state_of(ContactHomeState, cookie_token=token_for("maria"))
    await ContactHomeState.load.fn(page)
    assert [row.name for row in page.citizens] == ["Anna Jensen"]


async def test_a_contact_person_cannot_make_a_code_for_another_contact_persons_citizen(demo_people):
    page = state_of(ContactHomeState, cookie_token=token_for("maria"))
    await ContactHomeState.load.fn(page)
    with session_scope() as db:
        from sqlmodel import select

        from citizenplan.models import User
        bo_id = db.exec(select(User.id).where(User.username == "bo")).one()
    staff = await page.get_state(StaffState)
    await StaffState.fresh_start.fn(staff, str(bo_id))
    assert page.error == "Det har du ikke adgang til."
    assert (await page.get_state(HandoverState)).code == ""


async def test_creating_a_citizen_shows_a_code_that_activates_once(demo_people):
    page = state_of(ContactHomeState, cookie_token=token_for("maria"))
    await ContactHomeState.load.fn(page)
    await ContactHomeState.create_citizen.fn(page, {"name": "Ny Borger"})
    code = (await page.get_state(HandoverState)).code
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{3}-[A-Z2-9]{3}", code)
    assert "Ny Borger" in [row.name for row in page.citizens]
    activation = state_of(ActivationState)
    await ActivationState.check_code.fn(activation, {"code": code.lower()})
    assert activation.greeting_name == "Ny Borger"
    await ActivationState.activate.fn(activation, {"username": "nyborger", "password": "grøn cykel ved åen",
                                                  "repeat": "grøn cykel ved åen"})
    assert activation.done_username == "nyborger"
    again = state_of(ActivationState)
    await ActivationState.check_code.fn(again, {"code": code})
    assert again.error == "Koden er allerede brugt. Bed om en ny kode."


async def test_an_empty_name_is_refused_and_nothing_is_created(demo_people):
    page = state_of(ContactHomeState, cookie_token=token_for("maria"))
    await ContactHomeState.load.fn(page)
    await ContactHomeState.create_citizen.fn(page, {"name": "   "})
    assert page.error == "Feltet må ikke være tomt."
    assert len(page.citizens) == 1


async def test_a_name_with_a_script_is_kept_as_plain_text(demo_people):
    """What is stored; what the browser renders of it is tested in tests/e2e/test_invitations.py."""
    page = state_of(ContactHomeState, cookie_token=token_for("maria"))
    await ContactHomeState.load.fn(page)
    await ContactHomeState.create_citizen.fn(page, {"name": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" in [row.name for row in page.citizens]


async def test_a_manager_invites_only_into_a_unit_they_lead(demo_people):
    page = state_of(ManagerHomeState, cookie_token=token_for("leder"))
    await ManagerHomeState.load.fn(page)
    assert len(page.units) == 3
    await ManagerHomeState.invite.fn(page, {"name": "Ny Kollega", "unit": "9999"})
    assert page.error == "Det har du ikke adgang til."
    await ManagerHomeState.invite.fn(page, {"name": "Ny Kollega", "unit": page.units[0].id})
    assert page.error == ""
    assert "Ny Kollega" in [row.name for row in page.contact_persons]


async def test_after_logout_the_same_cookie_opens_nothing(demo_people):
    token = token_for("anna")
    home = state_of(CitizenHomeState, cookie_token=token)
    await CitizenHomeState.load.fn(home)
    assert home.display_name == "Anna Jensen"
    assert "/auth/logout" in script_of(await CitizenHomeState.logout.fn(home))
    again = state_of(CitizenHomeState, cookie_token=token)
    assert redirect_of(await CitizenHomeState.load.fn(again)) == "/"


async def test_a_flow_s_finished_and_suggested_on_the_citizen_s_home_are_booleans(demo_people):
    """Real booleans, for rx.cond on them, not "yes" or "" strings."""
    home = state_of(CitizenHomeState, cookie_token=token_for("anna"))
    await CitizenHomeState.load.fn(home)
    assert home.flows
    for flow in home.flows:
        assert isinstance(flow.finished, bool) and isinstance(flow.suggested, bool), flow
        assert flow.finished == (flow.status == "Færdig")
    assert [flow.suggested for flow in home.flows].count(True) <= 1
