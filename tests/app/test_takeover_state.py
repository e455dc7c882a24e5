"""No silent takeover, through the states: a code is refused in a logged-in tab; the citizen's home tells her
of a fresh start until she has seen it; the manager sees the code's use; the two-person rule holds."""

import pytest

from citizenplan.auth.invitations import LOGGED_IN
from citizenplan.state.access_log import AccessLogState
from citizenplan.state.activation import ActivationState
from citizenplan.state.contact_home import ContactHomeState
from citizenplan.state.fresh_start import FreshStartState
from citizenplan.state.handover import HandoverState
from citizenplan.state.manager_home import ManagerHomeState
from citizenplan.state.staff import Awaiting, StaffState
from tests.support.states import state_of, token_for, user_id_of

pytestmark = pytest.mark.anyio

NEW_PASSWORD = "grøn cykel ved åen"


async def _code_made_by(page, make) -> str:
    await make
    return (await page.get_state(HandoverState)).code


async def _activate(code: str, username: str = "") -> ActivationState:
    tab = state_of(ActivationState)
    await ActivationState.check_code.fn(tab, {"code": code})
    await ActivationState.activate.fn(tab, {"username": username, "password": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    return tab


async def test_maria_cannot_use_her_fresh_start_code_in_her_own_logged_in_tab(demo_people):
    maria_cookie = token_for("maria")
    page = state_of(ContactHomeState, cookie_token=maria_cookie)
    await ContactHomeState.load.fn(page)
    staff = await page.get_state(StaffState)
    code = await _code_made_by(page, StaffState.fresh_start.fn(staff, str(user_id_of("anna"))))

    same_browser = state_of(ActivationState, cookie_token=maria_cookie)
    await ActivationState.check_code.fn(same_browser, {"code": code})
    assert (same_browser.error, same_browser.error_field, same_browser.greeting_name) == (LOGGED_IN, "session", "")
    await ActivationState.activate.fn(same_browser, {"password": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert same_browser.done_username == ""


async def test_annas_home_tells_her_of_the_fresh_start_until_she_has_seen_it(demo_people):
    page = state_of(ContactHomeState, cookie_token=token_for("maria"))
    await ContactHomeState.load.fn(page)
    staff = await page.get_state(StaffState)
    code = await _code_made_by(page, StaffState.fresh_start.fn(staff, str(user_id_of("anna"))))
    assert (await _activate(code)).done_username == "anna"

    anna = token_for("anna", NEW_PASSWORD)
    home = state_of(FreshStartState, cookie_token=anna)
    await FreshStartState.load.fn(home)
    assert len(home.fresh_starts) == 1
    assert home.fresh_starts[0].startswith("Din adgang blev sat op igen den ")
    assert home.fresh_starts[0].endswith(" med en kode fra Maria Holm (kontaktperson).")
    assert home.tell == "Var det ikke dig, så sig det til Lone Larsen (leder)."

    seen = state_of(AccessLogState, cookie_token=anna)
    await AccessLogState.load.fn(seen)
    assert [(v.who, v.role) for v in seen.viewings] == [("Maria Holm", "kontaktperson")]
    assert "kunne se alt i din plan" in seen.viewings[0].what

    assert home.access_log_href == "/hvem-har-set"
    await FreshStartState.seen.fn(home)
    assert home.fresh_starts == []
    again = state_of(FreshStartState, cookie_token=anna)
    await FreshStartState.load.fn(again)
    assert (again.fresh_starts, again.tell) == ([], "")


async def test_the_manager_sees_the_activation_and_cannot_give_citizens_before_a_colleague_confirms(demo_people):
    leder = state_of(ManagerHomeState, cookie_token=token_for("leder"))
    await ManagerHomeState.load.fn(leder)
    assert leder.units[0].name == "Bostedet Lyngen"  # maria's unit
    code = await _code_made_by(leder, ManagerHomeState.invite.fn(leder, {"name": "Ny Kollega",
                                                                          "unit": leder.units[0].id}))
    await _activate(code, "ny.kollega")
    new_id = str(user_id_of("ny.kollega"))

    await ManagerHomeState.load.fn(leder)
    assert [use.text for use in leder.code_uses] == [
        "Ny Kollega (kontaktperson) aktiverede sin adgang med en kode fra Lone Larsen (leder)."]
    assert leder.awaiting == [Awaiting(new_id, "Ny Kollega", mine=True)]
    await ManagerHomeState.assign.fn(leder, {"citizen_id": str(user_id_of("anna")), "contact_person_id": new_id})
    assert leder.error.startswith("Du lavede selv koden til Ny Kollega.")

    maria = state_of(ContactHomeState, cookie_token=token_for("maria"))
    await ContactHomeState.load.fn(maria)
    assert maria.awaiting == [Awaiting(new_id, "Ny Kollega", mine=False)]
    await StaffState.confirm.fn(await maria.get_state(StaffState), new_id)
    assert (maria.error, maria.awaiting) == ("", [])

    await ManagerHomeState.assign.fn(leder, {"citizen_id": str(user_id_of("anna")), "contact_person_id": new_id})
    assert (leder.error, leder.notice) == ("", "Borgeren har fået en kontaktperson.")


async def test_marias_home_tells_her_when_her_manager_set_up_her_access_again(demo_people):
    """A manager who used a contact person's code could read every plan shared with her: she is told too,
    and not sent to that manager to say it was not her."""
    leder = state_of(ManagerHomeState, cookie_token=token_for("leder"))
    await ManagerHomeState.load.fn(leder)
    staff = await leder.get_state(StaffState)
    code = await _code_made_by(leder, StaffState.fresh_start.fn(staff, str(user_id_of("maria"))))
    assert (await _activate(code)).done_username == "maria"

    home = state_of(FreshStartState, cookie_token=token_for("maria", NEW_PASSWORD))
    await FreshStartState.load.fn(home)
    assert len(home.fresh_starts) == 1
    assert home.fresh_starts[0].endswith(" med en kode fra Lone Larsen (leder).")
    assert home.tell == "Var det ikke dig, så sig det til en anden ansat, som du stoler på."
    assert home.access_log_href == ""
