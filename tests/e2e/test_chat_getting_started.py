"""The chat, flow 1 "Kom godt i gang": a new citizen answers every question and finds each answer once
in her workbook.

Issue 4 and DESIGN.md section 4 (split by section from the former tests/e2e/test_chat.py). Each test has a
citizen of its own (`citizen`, tests/support/chat_page.py), so the tests share the app server and still
start from an empty workbook.
"""

import pytest
from playwright.sync_api import Page, expect

from tests.support import chat_page
from tests.support.axe import assert_accessible
from tests.support.browser import expect_at
from tests.support.chat_page import (
    AREAS,
    DREAM,
    GETTING_STARTED_DONE,
    HOPE,
    MORE_DREAMS,
    SAVED,
    WANT,
    WHO,
    _answer,
    _box,
    _choose,
    _expect_question,
    _log_in,
    _send_button,
    _skip,
    _times_in_workbook,
)

pytestmark = pytest.mark.e2e

citizen = chat_page.citizen  # the fixture: a new citizen with an empty workbook


def test_a_new_citizen_goes_through_kom_godt_i_gang_and_finds_every_answer_once_in_the_workbook(
        page: Page, app_url: str, citizen: str) -> None:
    who = "Jeg hedder Sofie og elsker at tegne heste"
    want = "Jeg vil gerne have min egen lejlighed"
    first_dream = "At rejse til Island med min søster"
    second_dream = "At tegne en bog for børn"
    areas = ["Bolig", "Fritid"]

    _log_in(page, app_url, citizen)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Sofie Chat")
    assert_accessible(page)
    page.get_by_role("button", name="Start: Kom godt i gang").click()
    expect_at(page, "/samtale")
    expect(page.get_by_role("heading", level=1, name="Kom godt i gang")).to_be_visible()
    _expect_question(page, WHO)
    assert_accessible(page)

    _answer(page, who, then=WANT)
    _answer(page, want, then=HOPE)
    _skip(page, then=DREAM)
    _answer(page, first_dream, then=MORE_DREAMS)
    assert_accessible(page)  # the chips
    _choose(page, "Ja", then=DREAM)
    _answer(page, second_dream, then=MORE_DREAMS)
    _choose(page, "Nej", then=AREAS)
    for area in areas:
        page.get_by_role("checkbox", name=area).check()
    assert_accessible(page)  # the check boxes
    _send_button(page).click()

    expect(page.get_by_role("heading", name=SAVED)).to_be_visible()
    _expect_question(page, GETTING_STARTED_DONE)
    # One line per item, named by its headline: "Om mig" by who you are, each dream, the life areas.
    for text in [who, first_dream, second_dream, ", ".join(areas)]:
        expect(page.get_by_role("listitem").filter(has_text=text)).to_have_count(1)
    expect(_box(page)).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("button", name="Se din arbejdsbog").click()
    expect_at(page, "/arbejdsbog")
    expect(page.get_by_role("heading", level=1, name="Min arbejdsbog")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(second_dream)
    assert_accessible(page)
    for text in [who, want, first_dream, second_dream, *areas]:
        assert _times_in_workbook(page, text) == 1, f"{text!r} should be in the workbook once"
    assert _times_in_workbook(page, "Sprunget over") == 0
