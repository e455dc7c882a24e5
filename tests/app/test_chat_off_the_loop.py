"""A chat answer's database work (the session check and the engine call) runs in a thread of the DATA lane,
never on the event loop that serves every other socket of the worker (benchmarks/load.py showed the loop
waiting on PostgreSQL for more than half its busy time when it did)."""

import threading

import pytest

from citizenplan.domain import accounts, chat
from citizenplan.state.chat import ChatState
from tests.support.chat_states import _open_chat
from tests.support.states import token_for

pytestmark = pytest.mark.anyio


def _spy(monkeypatch, module, name: str, seen: list[str]) -> None:
    real = getattr(module, name)

    def spied(*args, **kwargs):
        seen.append(f"{name}:{threading.current_thread().name}")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spied)


async def test_an_answer_checks_the_session_and_stores_the_answer_off_the_event_loop(demo_people, monkeypatch):
    page = await _open_chat(token_for("dennis"))
    seen: list[str] = []
    _spy(monkeypatch, accounts, "actor_from_token", seen)
    _spy(monkeypatch, chat, "answer", seen)

    await ChatState.send_form.fn(page, {"answer": "Jeg hedder Dennis.", "key": page.question_key,
                                        "step": page.step_id})

    assert not page.error, page.error
    assert [entry.split(":")[0] for entry in seen] == ["actor_from_token", "answer"]
    loop_thread = threading.current_thread().name
    for entry in seen:
        assert entry.split(":")[1].startswith("lane-data"), f"{entry} ran on {loop_thread}, the event loop"


async def test_an_answer_after_logout_goes_to_the_login_page(demo_people):
    from citizenplan.db import session_scope
    from tests.support.states import redirect_of

    token = token_for("dennis")
    page = await _open_chat(token)
    with session_scope() as db:
        accounts.end_my_session(db, token)
    result = await ChatState.send_form.fn(page, {"answer": "Efter log ud", "key": page.question_key,
                                                 "step": page.step_id})
    assert redirect_of(result) == "/"


async def test_opening_the_chat_reads_her_conversation_off_the_event_loop(demo_people, monkeypatch):
    """Every page load and every reconnect of the chat reads her conversation: on the loop, that read stalled the
    worker's other sockets."""
    seen: list[str] = []
    _spy(monkeypatch, accounts, "actor_from_token", seen)
    _spy(monkeypatch, chat, "start", seen)

    page = await _open_chat(token_for("dennis"))

    assert page.step_id and not page.error, page.error
    assert [entry.split(":")[0] for entry in seen] == ["actor_from_token", "start"]
    for entry in seen:
        assert entry.split(":")[1].startswith("lane-data"), f"{entry} ran on the event loop"
