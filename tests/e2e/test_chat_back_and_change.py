"""The chat's "Tilbage" and "Ret dit svar": the last question asked again, an earlier answer changed
everywhere, a half-written answer kept meanwhile.

Issue 4 and DESIGN.md section 4 (split by section from the former tests/e2e/test_chat.py). Each test has a
citizen of its own (`citizen`, tests/support/chat_page.py), so the tests share the app server and still
start from an empty workbook.
"""

import pytest
from playwright.sync_api import Page, expect

from tests.support import chat_page
from tests.support.axe import assert_accessible
from tests.support.browser import wait_until_interactive
from tests.support.chat_page import (
    GETTING_STARTED,
    HOPE,
    WANT,
    _answer,
    _box,
    _expect_question,
    _log,
    _log_in,
    _open_chat,
    _open_workbook,
    _times_in_workbook,
)

pytestmark = pytest.mark.e2e

citizen = chat_page.citizen  # the fixture: a new citizen with an empty workbook


def test_tilbage_asks_the_last_question_again_and_ret_changes_an_earlier_answer_everywhere(
        page: Page, app_url: str, citizen: str) -> None:
    who, new_who = "Jeg er Sofie og jeg strikker", "Jeg er Sofie og jeg strikker sokker til alle"
    want, new_want = "Jeg vil gerne sove bedre", "Jeg vil gerne gå i svømmehallen"
    _log_in(page, app_url, citizen)
    _open_chat(page, app_url, GETTING_STARTED, "Kom godt i gang")
    expect(page.get_by_role("button", name="Tilbage")).to_have_count(0)
    _answer(page, who, then=WANT)
    _answer(page, want, then=HOPE)

    page.get_by_role("button", name="Tilbage").click()
    _expect_question(page, WANT)
    expect(_log(page).get_by_text(want, exact=True)).to_have_count(0)
    expect(_log(page).get_by_text(HOPE, exact=True)).to_have_count(0)
    _answer(page, new_want, then=HOPE)

    page.get_by_role("button", name="Ret dit svar").first.click()
    edit = page.get_by_role("textbox", name="Ret dit svar")
    expect(edit).to_have_value(who)
    assert_accessible(page)
    edit.fill(new_who)
    page.get_by_role("button", name="Gem").click()
    expect(_log(page).get_by_text(new_who, exact=True)).to_have_count(1)
    expect(_log(page).get_by_text(who, exact=True)).to_have_count(0)
    _expect_question(page, HOPE)  # changing an earlier answer does not move the conversation

    page.reload()
    wait_until_interactive(page)
    expect(_log(page).get_by_text(new_who, exact=True)).to_have_count(1)
    expect(_log(page).get_by_text(who, exact=True)).to_have_count(0)
    _open_workbook(page, app_url)
    assert _times_in_workbook(page, new_who) == 1
    assert _times_in_workbook(page, new_want) == 1
    assert _times_in_workbook(page, want) == 0
    assert page.get_by_role("main").get_by_text(who, exact=True).count() == 0


def test_a_half_written_answer_stays_in_the_box_while_an_earlier_answer_is_changed(
        page: Page, app_url: str, citizen: str) -> None:
    draft = "Jeg vil gerne have en"
    _log_in(page, app_url, citizen)
    _open_chat(page, app_url, GETTING_STARTED, "Kom godt i gang")
    _answer(page, "Jeg er Sofie og jeg ror kajak", then=WANT)
    _box(page).fill(draft)

    page.get_by_role("button", name="Ret dit svar").click()
    page.get_by_role("textbox", name="Ret dit svar").fill("Jeg er Sofie og jeg ror kajak om sommeren")
    page.get_by_role("button", name="Gem").click()
    expect(_log(page).get_by_text("Jeg er Sofie og jeg ror kajak om sommeren", exact=True)).to_be_visible()
    _expect_question(page, WANT)
    expect(_box(page)).to_have_value(draft, timeout=3_000)
