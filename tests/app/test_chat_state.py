"""The chat page's state without a browser: after every answer, the tab shows the conversation exactly as
a newly opened tab would read it from the database, although an answer sends only what is new."""

import pytest

from citizenplan.state.chat import TAIL_LONGEST, Bubble, ChatState
from tests.support.chat_states import _open_chat
from tests.support.states import token_for

pytestmark = pytest.mark.anyio

CITIZEN = "dennis"


async def _write(page: ChatState, text: str) -> None:
    key = page.question_key
    await ChatState.send_form.fn(page, {"answer": text, "key": key, "step": page.step_id})
    assert not page.error, page.error
    assert page.question_key != key, "the next answer needs a key of its own, or it is taken for this one"


async def _tap(page: ChatState, value: str) -> None:
    key = page.question_key
    await ChatState.choose.fn(page, page.step_id, value, key)
    assert not page.error, page.error
    assert page.question_key != key, "the next answer needs a key of its own, or it is taken for this one"


def _transcript(page: ChatState) -> list[Bubble]:
    return page.bubbles + page.tail


async def _same_as_a_new_tab(page: ChatState, token: str) -> None:
    fresh = await _open_chat(token, page.flow_id)
    assert _transcript(page) == _transcript(fresh)
    assert (page.step_id, page.input_kind, page.choices) == (fresh.step_id, fresh.input_kind, fresh.choices)


async def test_after_every_answer_the_tab_shows_what_a_new_tab_reads_from_the_database(demo_people):
    token = token_for(CITIZEN)
    page = await _open_chat(token)
    shown_at_start = len(page.bubbles)
    for text in ("Jeg hedder Dennis.", "Jeg vil have et arbejde.", "Jeg håber at få det bedre.", "At se havet"):
        await _write(page, text)
        await _same_as_a_new_tab(page, token)
    sizes = {len(page.bubbles)}
    for n in range(12):  # long enough that what is new is folded into the rest more than once
        await _tap(page, "yes")
        await _same_as_a_new_tab(page, token)
        await _write(page, f"Drøm nummer {n + 2}")
        await _same_as_a_new_tab(page, token)
        assert len(page.tail) <= TAIL_LONGEST
        sizes.add(len(page.bubbles))
    assert len(sizes) >= 3 and min(sizes) == shown_at_start  # folded twice or more


async def test_a_tab_behind_another_tabs_change_shows_the_change_with_its_next_answer(demo_people):
    token = token_for(CITIZEN)
    phone = await _open_chat(token)
    await _write(phone, "Jeg hedder Dennis.")
    tablet = await _open_chat(token)
    (who,) = [b.answer_id for b in _transcript(tablet) if b.who == "me"]
    ChatState.start_editing.fn(tablet, who)
    await ChatState.save_edit.fn(tablet, {"answer": "Jeg hedder Dennis Hansen."})
    assert not tablet.error, tablet.error
    await _write(phone, "Jeg vil have et arbejde.")
    await _same_as_a_new_tab(phone, token)
    assert "Jeg hedder Dennis Hansen." in str(_transcript(phone))


async def test_the_answer_after_the_kind_follow_up_question_is_a_new_answer(demo_people):
    token = token_for(CITIZEN)
    page = await _open_chat(token, "dream_to_goal")
    while page.step_id != "success":
        await _write(page, "Jeg vil bo ved havet, fordi jeg bliver rolig af det.")
    await _write(page, "ved ikke")  # vague: one kind follow-up, at the same step
    assert page.step_id == "success"
    await _write(page, "Jeg sår gulerødder i min egen have.")
    assert page.step_id != "success"
    await _same_as_a_new_tab(page, token)


async def test_the_box_keeps_the_focus_only_when_the_next_question_is_typed_too(demo_people):
    """The engine says how the next question is answered (Question.next_input); the state makes keep_focus."""
    page = await _open_chat(token_for(CITIZEN))
    assert page.step_id == "who" and page.keep_focus  # who -> want: both typed
    for text in ("Jeg hedder Dennis.", "Jeg vil have et arbejde.", "Jeg håber at få det bedre."):
        await _write(page, text)
    assert page.step_id == "dream" and not page.keep_focus  # a dream -> "one more?" with chips
    await _write(page, "At se havet")
    assert page.step_id == "more_dreams" and not page.keep_focus  # chips -> chips
    await _tap(page, "yes")
    assert page.step_id == "dream" and not page.keep_focus
