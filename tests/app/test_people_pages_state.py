"""Issue 17, the state side: activation logs the person in with a ticket redeemed like a login's, and on
"Mine pårørende" a removed person's code card goes, and "Hvor længe?" holds the current choice."""

import re

import pytest

from citizenplan.auth import sessions
from citizenplan.db import session_scope
from citizenplan.state.activation import ActivationState
from citizenplan.state.contact_home import ContactHomeState
from citizenplan.state.handover import HandoverState
from citizenplan.state.relatives import RelativesState
from tests.support.states import script_of, state_of, token_for, user_id_of

pytestmark = pytest.mark.anyio
PASSWORD = "grøn cykel ved åen"


async def test_activating_posts_a_one_time_ticket_to_the_cookie_endpoint_and_opens_the_home(demo_people):
    contact = state_of(ContactHomeState, cookie_token=token_for("maria"))
    await ContactHomeState.load.fn(contact)
    await ContactHomeState.create_citizen.fn(contact, {"name": "Ny Borger"})
    code = (await contact.get_state(HandoverState)).code

    activation = state_of(ActivationState)
    await ActivationState.check_code.fn(activation, {"code": code})
    result = await ActivationState.activate.fn(activation, {"username": "nyborger", "password": PASSWORD,
                                                            "repeat": PASSWORD})
    script = script_of(result)
    assert "fetch('/auth/session'" in script and '"/borger"' in script
    assert "history.replaceState(null, '', \"/\")" in script  # a refused cookie lands on the login page
    ticket = re.search(r'ticket\\": \\"([A-Za-z0-9_-]+)', script).group(1)
    with session_scope() as db:
        token = sessions.redeem_ticket(db, ticket)
    with session_scope() as db:
        assert token and token not in script
        assert sessions.resolve(db, token) == user_id_of("nyborger")


async def test_removing_a_person_takes_their_code_card_away_and_only_theirs(demo_people):
    page = state_of(RelativesState, cookie_token=token_for("anna"))
    await RelativesState.load.fn(page)
    card = await page.get_state(HandoverState)
    await RelativesState.invite.fn(page, {"name": "Ida", "relation": "søster", "duration": "3m"})
    assert card.name == "Ida" and card.code
    ida = next(r for r in page.relatives if r.name == "Ida")
    karen = next(r for r in page.relatives if r.name != "Ida")
    assert (ida.duration, ida.comment) == ("3m", False)  # "Hvor længe?" shows the choice, not "Vælg"

    await RelativesState.remove.fn(page, karen.id)  # someone else: Ida's card stays
    assert card.name == "Ida" and card.code
    await RelativesState.remove.fn(page, ida.id)
    assert (card.code, card.link, card.qr) == ("", "", "")
    assert page.relatives == []


async def test_a_new_duration_is_shown_as_the_current_choice(demo_people):
    page = state_of(RelativesState, cookie_token=token_for("anna"))
    await RelativesState.load.fn(page)
    [karen] = page.relatives
    await RelativesState.set_duration.fn(page, karen.id, "1y")
    assert page.relatives[0].duration == "1y"
    await RelativesState.toggle_comment.fn(page, karen.id, karen.comment)
    assert page.relatives[0].duration == "1y"
