"""What one chat answer costs the worker around our handler (benchmarks/event_cost.py measures it): Reflex pickles
and writes to Redis every state an event touched, and sends every var it marked. An answer changes the chat's
state only, so it writes that one state and sends only what changed; the session is still checked against the
database at every answer (a logout takes effect at the next one)."""

from http import cookies as http_cookies

import pytest
from reflex.state import BaseState

from citizenplan import routes
from citizenplan.auth import sessions
from citizenplan.auth.cookies import COOKIE_NAME, HOST_COOKIE_NAME, token_from_cookie_header
from citizenplan.db import session_scope
from citizenplan.state.chat import ChatState
from citizenplan.state.session import SessionState
from tests.support.chat_states import _open_chat
from tests.support.states import redirect_of, token_for

pytestmark = pytest.mark.anyio


def _loaded(state: BaseState) -> list[BaseState]:
    found = [state]
    for sub in state.substates.values():
        found.extend(_loaded(sub))
    return found


def _as_saved(page: ChatState) -> BaseState:
    """The tab's tree as the state manager hands it to the next event: nothing touched, nothing dirty."""
    root = page._get_root_state()
    root._clean()
    for state in _loaded(root):
        state._was_touched = False
    return root


async def test_an_answer_writes_only_the_chats_state_and_sends_only_what_changed(demo_people):
    page = await _open_chat(token_for("dennis"))
    root = _as_saved(page)
    await ChatState.send_form.fn(page, {"answer": "Jeg hedder Dennis.", "key": page.question_key,
                                        "step": page.step_id})
    assert not page.error, page.error
    touched = {type(state).__name__ for state in _loaded(root) if state._was_touched}
    assert touched == {"ChatState"}, f"written to Redis: {touched}"
    delta = await root._get_resolved_delta()
    assert list(delta) == [ChatState.get_full_name()], f"sent: {delta}"


async def test_a_refused_answer_still_says_why_and_the_next_answer_takes_the_reason_away(demo_people):
    page = await _open_chat(token_for("dennis"))
    root = _as_saved(page)
    await ChatState.send_form.fn(page, {"answer": "", "key": page.question_key, "step": page.step_id})
    assert page.error
    assert SessionState.get_full_name() in await root._get_resolved_delta()
    root = _as_saved(page)
    await ChatState.send_form.fn(page, {"answer": "Jeg hedder Dennis.", "key": page.question_key,
                                        "step": page.step_id})
    assert page.error == ""
    assert (await root._get_resolved_delta())[SessionState.get_full_name()]


async def test_a_logout_elsewhere_takes_effect_at_the_next_answer(demo_people):
    token = token_for("dennis")
    page = await _open_chat(token)
    _as_saved(page)
    with session_scope() as db:
        sessions.end(db, token)
    result = await ChatState.send_form.fn(page, {"answer": "Jeg hedder Dennis.", "key": page.question_key,
                                                 "step": page.step_id})
    assert redirect_of(result) == routes.LOGIN


def test_a_tabs_cookie_header_is_parsed_once_not_at_every_event(monkeypatch):
    """The guard and the session check read the same handshake header at every event of the tab."""
    monkeypatch.setenv("CITIZENPLAN_PUBLIC_URL", "http://localhost:3000")
    parsed = []
    load = http_cookies.SimpleCookie.load
    monkeypatch.setattr(http_cookies.SimpleCookie, "load", lambda jar, raw: parsed.append(raw) or load(jar, raw))
    header = f"theme=dark; {COOKIE_NAME}=once-per-socket"
    for _ in range(3):
        assert token_from_cookie_header(header) == "once-per-socket"
    assert len(parsed) <= 1


def test_the_same_header_is_read_by_the_rules_of_the_public_url_now(monkeypatch):
    header = f"{COOKIE_NAME}=planted"
    monkeypatch.setenv("CITIZENPLAN_PUBLIC_URL", "http://localhost:3000")
    assert token_from_cookie_header(header) == "planted"
    monkeypatch.setenv("CITIZENPLAN_PUBLIC_URL", "https://minvej.example.dk")
    assert token_from_cookie_header(header) is None
    assert token_from_cookie_header(f"{header}; {HOST_COOKIE_NAME}=mine") == "mine"
