"""An answer that reaches a tab's state before the page has loaded its conversation (issue 18).

When a worker dies, the tab reconnects to another one and Reflex may give it a new token (a fresh state);
when Redis restarts, every tab's state is gone. Reflex then handles the answer sent meanwhile before the
page's load: it must not be refused (which would take it out of the browser's outbox and lose it), but
left in the outbox for the load's resend, which stores it once.
"""

import json

import pytest
from reflex.istate.data import RouterData
from reflex.state import State

from citizenplan import routes
from citizenplan.auth.cookies import COOKIE_NAME
from citizenplan.state.chat import ChatState
from tests.support.states import script_of, token_for

pytestmark = pytest.mark.anyio


def _tab(token: str) -> ChatState:
    root = State(_reflex_internal_init=True)
    root.router = RouterData.from_router_data({
        "headers": {"cookie": f"{COOKIE_NAME}={token}", "origin": "http://localhost:3000"},
        "asPath": f"{routes.CHAT}?flow=getting_started", "query": {"flow": "getting_started"}})
    return root.get_substate(ChatState.get_full_name().split(".")[1:])


async def test_an_answer_that_arrives_before_the_load_stays_in_the_outbox_and_is_stored_by_the_load(demo_people):
    token = token_for("dennis")
    before = _tab(token)
    await ChatState.load.fn(before)
    entry = {"key": before.question_key, "step": before.step_id, "action": "answer",
             "conversation": before.conversation_id, "value": "Jeg hedder Dennis."}

    fresh = _tab(token)  # the new token's empty state on the other worker
    result = await ChatState.send_form.fn(fresh, {"answer": entry["value"], "key": entry["key"], "step": entry["step"]})
    assert "remove" not in script_of(result), "a refusal would take the answer out of the outbox"
    assert fresh.error == ""

    await ChatState.load.fn(fresh)
    stored = await ChatState.resend.fn(fresh, json.dumps([entry]))
    assert f'stored(...["{entry["key"]}"])' in script_of(stored)
    assert any(bubble.parts[0].text == entry["value"] for bubble in fresh.bubbles + fresh.tail)
    assert fresh.step_id != entry["step"]
