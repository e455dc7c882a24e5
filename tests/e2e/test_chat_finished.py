"""A finished chat stays finished, and "Tilbage" takes an answer out of the workbook too (issue 17).

Opening a finished flow again (the browser's Back button, a reload, its address) shows how it ended; only
"Start forfra" (for a check-in "Ny runde"), pressed by the citizen, begins it again; the home's status
follows what she did. What the chat shows after Tilbage is what the workbook holds.
"""

import pytest
from playwright.sync_api import Locator, Page, expect

from citizenplan.flows import FLOWS
from tests.support import chat_page
from tests.support.app_server import AppServer
from tests.support.axe import assert_accessible
from tests.support.browser import expect_at, open_page, wait_until_interactive
from tests.support.chat_page import (
    DREAM,
    DREAM_TO_GOAL,
    DREAM_TO_GOAL_DONE,
    GETTING_STARTED,
    HOPE,
    SAVED,
    TITLE,
    WANT,
    WHY,
    _answer,
    _box,
    _expect_question,
    _log,
    _log_in,
    _open_chat,
    _skip,
    _start_dream_to_goal,
    _times_in_workbook,
    give_goal,
)

pytestmark = pytest.mark.e2e

citizen = chat_page.citizen  # the same fixture: a new citizen with an empty workbook

CRISIS_PLAN = "crisis_plan"
SIGNS = FLOWS[CRISIS_PLAN].step("signs").say[-1]
CRISIS_PLAN_DONE = FLOWS[CRISIS_PLAN].done
PICK_DREAM = FLOWS[DREAM_TO_GOAL].step("pick_dream").say[-1]


def _skip_and_wait(page: Page) -> None:
    """'Spring over', and wait until the skip is in the conversation."""
    shown = _log(page).locator(":scope > *").count()
    page.get_by_role("button", name="Spring over").click()
    page.wait_for_function("n => document.querySelectorAll('[role=log] > *').length > n", arg=shown)


def _runs(app: AppServer, username: str, flow: str) -> int:
    return app.query("SELECT count(*) FROM conversation WHERE citizen_id = ? AND flow_id = ?",
                     (app.user_id(username), flow))[0][0]


def _expect_summary(page: Page, done: str) -> None:
    """The finished flow as it ended: its closing words last, what it saved, no question."""
    expect(page.get_by_role("heading", name=SAVED)).to_be_visible()
    _expect_question(page, done)
    expect(_box(page)).to_have_count(0)
    expect(page.get_by_role("button", name="Spring over")).to_have_count(0)


def _flow_card(page: Page, title: str) -> Locator:
    return page.get_by_role("list", name="Samtaler").get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=title, exact=True))


def _open_home(page: Page, app_url: str) -> None:
    open_page(page, app_url, "/borger")
    expect(page.get_by_role("list", name="Samtaler")).to_be_visible()


def test_a_finished_chat_shows_how_it_ended_after_back_and_reload_and_begins_again_only_when_asked(
        page: Page, app: AppServer, citizen: str) -> None:
    title = "Tage toget til Skagen alene"
    _start_dream_to_goal(page, app, citizen, "Jeg drømmer om at tage toget til Skagen alene.")
    _answer(page, title, then=WHY)
    for _ in ("why", "success", "when", "first_step", "helper"):
        _skip_and_wait(page)
    page.get_by_role("button", name="Fritid", exact=True).click()
    _expect_summary(page, DREAM_TO_GOAL_DONE)
    assert _runs(app, citizen, DREAM_TO_GOAL) == 1

    page.get_by_role("button", name="Se din arbejdsbog").click()
    expect_at(page, "/arbejdsbog")
    page.go_back()
    expect_at(page, "/samtale")
    _expect_summary(page, DREAM_TO_GOAL_DONE)
    expect(page.get_by_role("listitem").filter(has_text=title)).to_have_count(1)
    assert_accessible(page)
    page.reload()
    wait_until_interactive(page)
    _expect_summary(page, DREAM_TO_GOAL_DONE)
    _open_chat(page, app.base_url, DREAM_TO_GOAL, "Gør en drøm til et mål")
    _expect_summary(page, DREAM_TO_GOAL_DONE)
    assert _runs(app, citizen, DREAM_TO_GOAL) == 1, "opening a finished flow began it again"
    expect(page.get_by_role("button", name="Start forfra", exact=True)).to_be_visible()

    _open_home(page, app.base_url)
    card = _flow_card(page, "Gør en drøm til et mål")
    expect(card).to_contain_text("Færdig")
    expect(card.get_by_role("button", name="Start forfra: Gør en drøm til et mål")).to_be_visible()

    _open_chat(page, app.base_url, DREAM_TO_GOAL, "Gør en drøm til et mål")
    page.get_by_role("button", name="Start forfra", exact=True).click()
    _expect_question(page, PICK_DREAM)
    expect(page.get_by_role("heading", name=SAVED)).to_have_count(0)
    assert _runs(app, citizen, DREAM_TO_GOAL) == 2
    page.reload()
    wait_until_interactive(page)
    _expect_question(page, PICK_DREAM)  # the new round, where she is
    assert _runs(app, citizen, DREAM_TO_GOAL) == 2


def test_a_reloaded_crisis_plan_stays_finished_on_the_home_and_a_check_in_offers_a_new_round(
        page: Page, app: AppServer, citizen: str) -> None:
    _log_in(page, app.base_url, citizen)
    _open_chat(page, app.base_url, CRISIS_PLAN, "Min kriseplan")
    _answer(page, "Jeg sover dårligt og spiser ikke", then=FLOWS[CRISIS_PLAN].step("helps").say[-1])
    while page.get_by_role("heading", name=SAVED).count() == 0:
        _skip_and_wait(page)
    _expect_summary(page, CRISIS_PLAN_DONE)
    page.reload()
    wait_until_interactive(page)
    _expect_summary(page, CRISIS_PLAN_DONE)

    _open_home(page, app.base_url)
    card = _flow_card(page, "Min kriseplan")
    expect(card).to_contain_text("Færdig")
    expect(card).not_to_contain_text("I gang")
    expect(card).not_to_contain_text("Forslag")
    expect(card.get_by_role("button", name="Fortsæt: Min kriseplan")).to_have_count(0)
    assert_accessible(page)

    # A check-in done is begun again as a new round, from the home, in one tap.
    give_goal(app, citizen, "Gå en tur")
    _open_chat(page, app.base_url, "check_in", "Hvordan går det?")
    page.locator("button.face").nth(3).click()
    _expect_question(page, FLOWS["check_in"].step("note").say[-1])
    page.get_by_role("button", name="Spring over").click()
    _expect_summary(page, FLOWS["check_in"].done)
    expect(page.get_by_role("button", name="Ny runde", exact=True)).to_be_visible()
    _open_home(page, app.base_url)
    card = _flow_card(page, "Hvordan går det?")
    expect(card).to_contain_text("Færdig")
    card.get_by_role("button", name="Ny runde: Hvordan går det?").click()
    expect_at(page, "/samtale")
    _expect_question(page, "Hvordan går det med dit mål: Gå en tur?")
    assert _runs(app, citizen, "check_in") == 2


def test_after_tilbage_the_workbook_holds_what_the_chat_shows(page: Page, app_url: str, citizen: str) -> None:
    who, want, dream = "Jeg er Sofie og jeg syr tasker", "Jeg vil gerne have et arbejde", "At sejle til Læsø"
    _log_in(page, app_url, citizen)
    _open_chat(page, app_url, GETTING_STARTED, "Kom godt i gang")
    _answer(page, who, then=WANT)
    _answer(page, want, then=HOPE)
    _skip(page, then=DREAM)
    _answer(page, dream, then=FLOWS[GETTING_STARTED].step("more_dreams").say[-1])
    for question in (DREAM, HOPE, WANT):  # the dream, the skip, what she wants: taken back one by one
        page.get_by_role("button", name="Tilbage").click()
        _expect_question(page, question)
    for text in (want, dream):
        expect(_log(page).get_by_text(text, exact=True)).to_have_count(0)

    open_page(page, app_url, "/arbejdsbog")
    expect(page.get_by_role("heading", level=1, name="Min arbejdsbog")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(who)
    assert _times_in_workbook(page, want) == 0, "the answer taken back is still in the workbook"
    assert _times_in_workbook(page, dream) == 0, "the dream taken back is still in the workbook"
    assert_accessible(page)

    _open_chat(page, app_url, GETTING_STARTED, "Kom godt i gang")
    _expect_question(page, WANT)
    expect(_log(page).get_by_text(who, exact=True)).to_have_count(1)
    _answer(page, "Jeg vil gerne lære at svømme", then=HOPE)
    open_page(page, app_url, "/arbejdsbog")
    expect(page.get_by_role("main")).to_contain_text("Jeg vil gerne lære at svømme")
    assert _times_in_workbook(page, want) == 0


def test_a_goal_taken_back_with_tilbage_leaves_the_workbook(page: Page, app: AppServer, citizen: str) -> None:
    """The goal made by the first answer goes when that answer is taken back; answering again makes one goal."""
    _start_dream_to_goal(page, app, citizen, "At have en hund")
    _answer(page, "Få en hund fra et internat", then=WHY)
    page.get_by_role("button", name="Tilbage").click()
    _expect_question(page, TITLE)
    open_page(page, app.base_url, "/arbejdsbog")
    expect(page.get_by_role("main")).to_contain_text("At have en hund")
    assert _times_in_workbook(page, "Få en hund fra et internat") == 0, "the goal taken back is in the workbook"
    _open_chat(page, app.base_url, DREAM_TO_GOAL, "Gør en drøm til et mål")
    _expect_question(page, TITLE)
    _answer(page, "Gå tur med naboens hund", then=WHY)
    open_page(page, app.base_url, "/arbejdsbog")
    expect(page.get_by_role("main")).to_contain_text("Gå tur med naboens hund")
    assert _times_in_workbook(page, "Få en hund fra et internat") == 0
    assert page.get_by_role("list", name="Mine mål").get_by_role("listitem").count() == 1
