"""The chat, flow 2 "Gør en drøm til et mål": a dream becomes a goal with a date in Danish; a date in the
past is refused plainly and stays in the box.

Issue 4 and DESIGN.md section 4 (split by section from the former tests/e2e/test_chat.py). Each test has a
citizen of its own (`citizen`, tests/support/chat_page.py), so the tests share the app server and still
start from an empty workbook.
"""

from datetime import UTC, datetime

import pytest
from dateutil.relativedelta import relativedelta
from playwright.sync_api import Page, expect

from tests.support import chat_page
from tests.support.app_server import AppServer
from tests.support.axe import assert_accessible
from tests.support.browser import expect_at
from tests.support.chat_page import (
    AREA,
    DATE_GONE,
    DREAM_TO_GOAL_DONE,
    FIRST_STEP,
    HELPER,
    PICK_DATE,
    SAVED,
    SUCCESS,
    SUCCESS_FOLLOW_UP,
    WHEN,
    WHY,
    _answer,
    _box,
    _chip,
    _choose,
    _danish_long_date,
    _expect_question,
    _goal_in_workbook,
    _log,
    _open_workbook,
    _send_button,
    _skip,
    _start_dream_to_goal,
    _times_in_log,
    _times_in_workbook,
)

pytestmark = pytest.mark.e2e

citizen = chat_page.citizen  # the fixture: a new citizen with an empty workbook


def _to_the_date_question(page: Page) -> None:
    _answer(page, "Cykle hele vejen til Odense", then=WHY)
    _answer(page, "Så kan jeg besøge min mormor", then=SUCCESS)
    _answer(page, "Jeg står af cyklen foran hendes hus", then=WHEN)
    _choose(page, "Jeg vil vælge en dato", then=PICK_DATE)
    assert_accessible(page)


def test_a_dream_becomes_a_goal_with_one_kind_follow_up_question_and_a_date_in_danish_in_the_workbook(
        page: Page, app: AppServer, citizen: str) -> None:
    dream = "At have en have med æbletræer"
    title = "Få en kolonihave inden sommer"
    why = "Jeg bliver glad af at være ude"
    success = "Jeg sår gulerødder i min egen jord"
    first_step = "Ringe til haveforeningen"
    helper = "Min nabo Lis"
    target = datetime.now(UTC).date() + relativedelta(years=1)

    _start_dream_to_goal(page, app, citizen, dream)
    _answer(page, title, then=WHY)
    _answer(page, why, then=SUCCESS)
    _answer(page, "ved ikke", then=SUCCESS_FOLLOW_UP)
    assert_accessible(page)
    _answer(page, success, then=WHEN)
    assert _times_in_log(page, SUCCESS_FOLLOW_UP) == 1, "the follow-up question is asked once, never again"
    _choose(page, "Om et år", then=FIRST_STEP)
    _answer(page, first_step, then=HELPER)
    _answer(page, helper, then=AREA)
    _chip(page, "Fritid").click()  # one goal only: no question about which to start with

    expect(page.get_by_role("heading", name=SAVED)).to_be_visible()
    _expect_question(page, DREAM_TO_GOAL_DONE)
    expect(page.get_by_role("listitem").filter(has_text=title)).to_have_count(1)
    expect(page.get_by_role("listitem").filter(has_text=first_step)).to_have_count(1)
    assert_accessible(page)

    page.get_by_role("button", name="Se din arbejdsbog").click()
    expect_at(page, "/arbejdsbog")
    expect(page.get_by_role("heading", level=1, name="Min arbejdsbog")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(first_step)
    assert_accessible(page)
    for text in [dream, title, first_step]:
        assert _times_in_workbook(page, text) == 1, f"{text!r} should be in the workbook once"
    assert _times_in_workbook(page, "ved ikke") == 0

    goal = _goal_in_workbook(page, title)
    assert _danish_long_date(target) in goal, f"the goal should say when, in Danish: {goal!r}"
    assert "Fritid" in goal
    for text in [why, success]:
        assert goal.count(text) == 1, f"{text!r} should be with the goal once"
    assert "ved ikke" not in goal


def test_a_goal_date_in_the_past_is_refused_in_plain_danish_and_the_date_stays_in_the_box(
        page: Page, app: AppServer, citizen: str) -> None:
    _start_dream_to_goal(page, app, citizen, "At bo ved havet")
    _to_the_date_question(page)
    _box(page).fill("2020-01-01")
    _send_button(page).click()
    expect(page.get_by_role("alert")).to_have_text(DATE_GONE, timeout=5_000)
    expect(_box(page)).to_have_value("2020-01-01")
    _expect_question(page, PICK_DATE)
    assert_accessible(page)


def test_a_chosen_goal_date_is_kept_and_the_conversation_goes_on_to_the_first_step(
        page: Page, app: AppServer, citizen: str) -> None:
    target = datetime.now(UTC).date() + relativedelta(years=1, months=2)
    first_step = "Købe en kalender til køleskabet"
    _start_dream_to_goal(page, app, citizen, "At løbe et maraton")
    _to_the_date_question(page)
    _box(page).fill(target.isoformat())
    _send_button(page).click()
    _expect_question(page, FIRST_STEP)
    expect(_log(page).get_by_text(_danish_long_date(target), exact=True)).to_be_visible()
    _answer(page, first_step, then=HELPER)
    _skip(page, then=AREA)
    _chip(page, "Krop og helbred").click()
    expect(page.get_by_role("heading", name=SAVED)).to_be_visible()

    _open_workbook(page, app.base_url)
    assert _times_in_workbook(page, first_step) == 1
    assert _danish_long_date(target) in _goal_in_workbook(page, "Cykle hele vejen til Odense")
