"""PostgreSQL away for a moment (issue 18, "Faults it survives"): an event handler that cannot reach the
database gets a calm Danish "prøver igen", not Reflex's English toast; the chat answer stays in the
browser's outbox and is sent again by the page until it is stored, once; /auth says 503 and changes nothing.

The outage is real: the app's engine is pointed at a loopback port where nothing listens, so psycopg or
SQLite raise their own errors, as they do when PostgreSQL is stopped (tests/e2e/test_scale_faults.py does
that on the real stack).
"""

import json

import pytest
from reflex.istate.data import RouterData
from reflex.state import State
from sqlalchemy import create_engine, exc
from sqlmodel import select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from citizenplan import db as db_module
from citizenplan import routes
from citizenplan.auth import http as auth_http
from citizenplan.auth import sessions
from citizenplan.auth.cookies import COOKIE_NAME
from citizenplan.db import session_scope
from citizenplan.demo import DEMO_PASSWORD
from citizenplan.models.conversation import ConversationAnswer
from citizenplan.state.chat import DATABASE_DOWN, ChatState
from citizenplan.state.outage import OutageState, handle_backend_exception
from tests.support.states import script_of, token_for

pytestmark = pytest.mark.anyio

CITIZEN = "dennis"
OURS = "http://localhost:3000"
UNREACHABLE = "postgresql+psycopg://nobody:nothing@127.0.0.1:9/nowhere"


@pytest.fixture
def database_down(monkeypatch):
    """Call `down()` to take the database away, `up()` to bring it back."""
    real = db_module.get_engine
    dead = create_engine(UNREACHABLE, connect_args={"connect_timeout": 2})

    class Switch:
        def down(self):
            monkeypatch.setattr(db_module, "get_engine", lambda: dead)

        def up(self):
            monkeypatch.setattr(db_module, "get_engine", real)

    yield Switch()
    dead.dispose()


def _tab(token: str, flow: str = "getting_started") -> State:
    root = State(_reflex_internal_init=True)
    root.router = RouterData.from_router_data({
        "headers": {"cookie": f"{COOKIE_NAME}={token}", "origin": OURS},
        "asPath": f"{routes.CHAT}?flow={flow}", "query": {"flow": flow}})
    return root


def _substate(root: State, cls):
    return root.get_substate(cls.get_full_name().split(".")[1:])


def _stored(conversation_id: int, text: str) -> int:
    with session_scope() as db:
        values = db.exec(select(ConversationAnswer.value)
                         .where(ConversationAnswer.conversation_id == conversation_id)).all()
    return values.count(text)


def test_a_database_outage_is_told_by_our_state_not_by_reflexs_english_toast():
    down = exc.OperationalError("SELECT 1", {}, Exception("connection refused"))
    handled = handle_backend_exception(down)
    assert handled.handler.fn.__qualname__ == OutageState.tell.fn.__qualname__
    other = handle_backend_exception(ValueError("a bug"))  # a bug is still Reflex's own error, logged in full
    assert other.handler.fn.__qualname__ != OutageState.tell.fn.__qualname__


async def test_an_answer_sent_while_the_database_is_down_is_kept_and_stored_once_when_it_is_back(
        demo_people, database_down):
    token = token_for(CITIZEN)
    root = _tab(token)
    chat = _substate(root, ChatState)
    await ChatState.load.fn(chat)
    key, step = chat.question_key, chat.step_id
    answer = "Jeg hedder Dennis og kan lide at tegne."

    database_down.down()
    with pytest.raises(exc.OperationalError) as raised:
        await ChatState.send_form.fn(chat, {"answer": answer, "key": key, "step": step})
    told = handle_backend_exception(raised.value)
    result = await OutageState.tell.fn(_substate(root, OutageState))
    assert told is not None
    assert chat.error == DATABASE_DOWN
    assert "prøver igen" in chat.error
    script = script_of(result)
    assert "setTimeout" in script and "minvejOutbox" in script, "the page must read its outbox again later"
    assert "stored" not in script and "remove" not in script, "the answer must stay in the outbox and the box"

    outbox = json.dumps([{"key": key, "step": step, "action": "answer", "conversation": chat.conversation_id,
                          "value": answer}])
    # Still down when the page tries again: the same message, and another try later.
    with pytest.raises(exc.OperationalError):
        await ChatState.resend.fn(chat, outbox)

    database_down.up()
    result = await ChatState.resend.fn(chat, outbox)
    assert chat.error == ""
    assert f'stored(...["{key}"])' in script_of(result)
    assert chat.step_id != step, "the conversation has moved on to the next question"
    await ChatState.resend.fn(chat, outbox)  # Reflex's own queue may deliver the first send as well: still once
    assert _stored(chat.conversation_id, answer) == 1


async def test_the_message_goes_away_when_the_database_is_back_even_with_nothing_to_send(
        demo_people, database_down):
    token = token_for(CITIZEN)
    root = _tab(token)
    chat = _substate(root, ChatState)
    await ChatState.load.fn(chat)
    database_down.down()
    with pytest.raises(exc.OperationalError):
        await ChatState.back.fn(chat)
    await OutageState.tell.fn(_substate(root, OutageState))
    assert chat.error == DATABASE_DOWN
    with pytest.raises(exc.OperationalError):
        await ChatState.resend.fn(chat, "[]")
    database_down.up()
    await ChatState.resend.fn(chat, "[]")
    assert chat.error == ""


async def test_elsewhere_the_outage_is_a_danish_toast(demo_people):
    root = State(_reflex_internal_init=True)
    root.router = RouterData.from_router_data({"headers": {"origin": OURS}, "asPath": routes.LOGIN})
    result = await OutageState.tell.fn(_substate(root, OutageState))
    assert "Prøv igen om lidt" in str(result) and "An error occurred" not in str(result)


def test_auth_session_says_503_and_keeps_the_ticket_while_the_database_is_down(
        demo_people, database_down, monkeypatch):
    monkeypatch.setenv("CITIZENPLAN_PUBLIC_URL", OURS)
    with session_scope() as db:
        ticket = sessions.begin_login(db, "bo", DEMO_PASSWORD).ticket
    token = token_for("karen")
    headers = {"Content-Type": "application/json", "Origin": OURS, "Sec-Fetch-Site": "same-origin"}
    with TestClient(Starlette(routes=auth_http.ROUTES), base_url=OURS) as client:
        database_down.down()
        response = client.post("/auth/session", json={"ticket": ticket}, headers=headers)
        assert response.status_code == 503
        assert response.headers["retry-after"] and "set-cookie" not in response.headers
        assert "Prøv igen om lidt" in response.text
        logout = client.post("/auth/logout", json={}, headers={**headers, "Cookie": f"{COOKIE_NAME}={token}"})
        assert logout.status_code == 503 and "set-cookie" not in logout.headers, "the cookie stays"
        database_down.up()
        assert client.post("/auth/session", json={"ticket": ticket}, headers=headers).status_code == 204
