"""An overloaded worker's event that held its tab's Redis lock longer than the lock lasts cannot save the tab's
state (Reflex's LockExpiredError), after its update already reached the page: a chat answer is stored and the
page shows the next question, while the server keeps the tab's state from before. The citizen meets no English
"An error occurred" for an answer that was stored, the log gets one line (no traceback formatted on the loop,
no token), no event is added to an overloaded worker, and her next answer is read as the question on her screen
asks for it, though the server's copy of the tab still shows the one before."""

import logging

import pytest
from reflex_base.utils.exceptions import LockExpiredError
from sqlmodel import select

from citizenplan.db import session_scope
from citizenplan.models.conversation import ConversationAnswer
from citizenplan.state.chat import ChatState
from citizenplan.state.outage import handle_backend_exception
from tests.support.chat_states import _open_chat
from tests.support.states import token_for

pytestmark = pytest.mark.anyio

TAB_TOKEN = "12a3d100-4129-4037-b013-c1ad278b6214"
CHAT_EVENT = ChatState.get_full_name() + ".choose"


def _lock_expired() -> LockExpiredError:
    """As Reflex's Redis state manager words it (reflex/istate/manager/redis.py, set_state)."""
    try:
        raise LockExpiredError(
            f"Lock expired for token {TAB_TOKEN}_{ChatState.get_full_name()} while processing. Consider increasing "
            "`app.state_manager.lock_expiration` (currently 10000) or use `@rx.event(background=True)` decorator "
            f"for long-running tasks. Current lock id: None, expected lock id: b'{CHAT_EVENT}:0f1e'. "
            f"Happened in event: {CHAT_EVENT}")
    except LockExpiredError as error:
        return error


def test_a_lost_state_save_is_one_quiet_log_line_not_reflexs_traceback_and_english_toast(caplog):
    with caplog.at_level(logging.DEBUG):
        handled = handle_backend_exception(_lock_expired())
    assert handled is None, "nothing for the page (it has the update), and no more work for the worker"
    assert len(caplog.records) == 1
    record = caplog.records[0]
    assert record.exc_info is None and "Traceback" not in caplog.text
    assert TAB_TOKEN not in caplog.text and CHAT_EVENT not in caplog.text


async def _at_more_dreams(token: str) -> ChatState:
    page = await _open_chat(token)
    for words in ("Jeg hedder Dennis.", "Jeg vil have et arbejde.", "Jeg håber på ro.", "Jeg drømmer om en have."):
        await ChatState.send_form.fn(page, {"answer": words, "key": page.question_key, "step": page.step_id})
        assert not page.error, page.error
    assert page.step_id == "more_dreams"
    return page


def _answers_to(conversation_id: int, step_id: str) -> int:
    with session_scope() as db:
        return len(db.exec(select(ConversationAnswer.id).where(
            ConversationAnswer.conversation_id == conversation_id, ConversationAnswer.step_id == step_id)).all())


async def test_after_a_lost_save_her_next_answer_is_read_as_the_page_asks_and_stored_once(demo_people):
    token = token_for("dennis")
    page = await _at_more_dreams(token)
    # What the server keeps for the tab when the save of her "Nej" is lost: its state from before that event.
    kept = await _open_chat(token)
    assert kept.step_id == "more_dreams" and kept.input_kind == "yes_no"
    no_key = page.question_key
    await ChatState.choose.fn(page, "more_dreams", "no", no_key)  # stored; the page shows the next question
    assert page.step_id == "areas" and page.input_kind == "multi"
    assert handle_backend_exception(_lock_expired()) is None

    # Her picks, as the page (the next question's form) sends them, to the old copy of the tab's state.
    area = page.choices[0].value
    await ChatState.send_form.fn(kept, {f"pick_{area}": "on", "key": page.question_key, "step": "areas"})
    assert not kept.error, kept.error
    assert kept.finished and kept.step_id == "", "the tab's state has caught up with what is stored"
    # The lost event's answer, sent again (Reflex's queue or the outbox), is stored once.
    await ChatState.choose.fn(kept, "more_dreams", "no", no_key)
    assert _answers_to(kept.conversation_id, "more_dreams") == 1
    assert _answers_to(kept.conversation_id, "areas") == 1


async def test_a_typed_answer_is_read_as_typed_whatever_the_state_last_showed(demo_people):
    """The other way round: a multi-choice question in the old copy, a text box on the page."""
    page = await _open_chat(token_for("dennis"))
    page.input_kind = "multi"  # as an old copy of the tab's state might say
    await ChatState.send_form.fn(page, {"answer": "Jeg hedder Dennis.", "key": page.question_key,
                                        "step": page.step_id})
    assert not page.error, page.error
    assert page.step_id == "want"
