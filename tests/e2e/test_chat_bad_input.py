"""The chat's bad input: an empty or too long answer gets a plain message, and a script is shown as text.

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
    EMPTY_ANSWER,
    GETTING_STARTED,
    WANT,
    WHO,
    _answer,
    _box,
    _expect_question,
    _log,
    _log_in,
    _open_chat,
    _open_workbook,
    _send_button,
    _times_in_workbook,
)

pytestmark = pytest.mark.e2e

citizen = chat_page.citizen  # the fixture: a new citizen with an empty workbook


def test_an_empty_or_too_long_answer_gets_a_plain_message_and_script_is_shown_as_text(
        page: Page, app_url: str, citizen: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    script = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    _log_in(page, app_url, citizen)
    _open_chat(page, app_url, GETTING_STARTED, "Kom godt i gang")

    _send_button(page).click()
    expect(page.get_by_role("alert")).to_have_text(EMPTY_ANSWER)
    expect(page.get_by_role("button", name="Spring over")).to_be_visible()
    _expect_question(page, WHO)
    assert_accessible(page)

    too_long = "Jeg kan lide at gå ture. " * 84  # 2,100 characters
    assert len(too_long) == 2100
    # The box takes no more than the limit (test_chat_on_a_phone.py); a longer answer can still come from a
    # page that does not know the limit (an older one the phone kept), and the server refuses it plainly.
    _box(page).evaluate("(box, text) => { box.value = text; }", too_long)
    _send_button(page).click()
    expect(page.get_by_role("alert")).to_contain_text("2000")
    expect(_box(page)).to_have_value(too_long)
    assert len(_box(page).input_value()) == 2100
    _expect_question(page, WHO)
    assert_accessible(page)

    _answer(page, script, then=WANT)
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(_log(page).get_by_text(script, exact=True)).to_have_count(1)
    page.reload()
    wait_until_interactive(page)
    expect(_log(page).get_by_text(script, exact=True)).to_have_count(1)
    _open_workbook(page, app_url)
    assert _times_in_workbook(page, script) == 1
    assert dialogs == [], f"a script in an answer ran: {dialogs}"
