"""The chat with the keyboard alone and a screen reader, and its look and sizes on a phone.

Issue 4 and DESIGN.md section 4 (split by section from the former tests/e2e/test_chat.py). Each test has a
citizen of its own (`citizen`, tests/support/chat_page.py), so the tests share the app server and still
start from an empty workbook.
"""

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support import chat_page
from tests.support.axe import assert_accessible
from tests.support.browser import too_small_to_tap
from tests.support.chat_page import (
    AREAS,
    DREAM,
    GETTING_STARTED,
    HOPE,
    MORE_DREAMS,
    SAVED,
    WANT,
    WHO,
    _answer,
    _box,
    _chip,
    _choose,
    _expect_question,
    _log,
    _log_in,
    _open_chat,
    _send_button,
)

pytestmark = pytest.mark.e2e

citizen = chat_page.citizen  # the fixture: a new citizen with an empty workbook


def _tab_to(page: Page, target: Locator, most: int = 40) -> None:
    for _ in range(most):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} cannot be reached with Tab")


def test_the_chat_works_with_the_keyboard_alone(page: Page, app_url: str, citizen: str) -> None:
    _log_in(page, app_url, citizen)
    _open_chat(page, app_url, GETTING_STARTED, "Kom godt i gang")

    expect(_box(page)).to_be_focused()  # the box is ready to type in
    page.keyboard.type("Jeg er Sofie og jeg kan lide at læse")
    page.keyboard.press("Enter")
    _expect_question(page, WANT)
    expect(_box(page)).to_be_focused()
    page.keyboard.type("Jeg vil gerne have et arbejde")
    page.keyboard.press("Enter")
    _expect_question(page, HOPE)

    _tab_to(page, page.get_by_role("button", name="Spring over"))
    page.keyboard.press("Enter")
    _expect_question(page, DREAM)
    _tab_to(page, _box(page))
    page.keyboard.type("At bo på landet")
    page.keyboard.press("Enter")
    _expect_question(page, MORE_DREAMS)

    _tab_to(page, _chip(page, "Ja"))
    page.keyboard.press("Space")
    _expect_question(page, DREAM)
    _tab_to(page, _box(page))
    page.keyboard.type("At få en kat")
    page.keyboard.press("Enter")
    _expect_question(page, MORE_DREAMS)
    _tab_to(page, _chip(page, "Nej"))
    page.keyboard.press("Enter")
    _expect_question(page, AREAS)

    _tab_to(page, page.get_by_role("checkbox", name="Familie"))
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name="Familie")).to_be_checked()
    _tab_to(page, _send_button(page))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=SAVED)).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Familie")).to_have_count(1)
    expect(page.get_by_role("listitem").filter(has_text="At få en kat")).to_have_count(1)
    assert_accessible(page)


def test_the_bots_messages_are_in_a_polite_live_region(page: Page, app_url: str, citizen: str) -> None:
    _log_in(page, app_url, citizen)
    _open_chat(page, app_url, GETTING_STARTED, "Kom godt i gang")
    log = _log(page)
    expect(log).to_have_attribute("aria-live", "polite")
    expect(log).to_have_accessible_name("Samtalen")
    expect(log.get_by_text(WHO, exact=True)).to_be_visible()
    _answer(page, "Jeg er Sofie og jeg går til dans", then=WANT)
    expect(log.get_by_text(WANT, exact=True)).to_be_visible()  # the new question lands inside the region
    assert_accessible(page)


def _too_small_to_tap(page: Page) -> list[str]:
    """The chat's buttons and choices (and "Læs op", made visible as where the browser can speak) that are
    under 44 x 44 px at this viewport."""
    page.evaluate("() => document.documentElement.classList.add('can-speak')")
    try:
        return too_small_to_tap(page, "main button, main label.chip")
    finally:
        page.evaluate("() => document.documentElement.classList.remove('can-speak')")


def test_the_chats_bubbles_and_everything_to_tap_keep_their_look_and_size_on_a_phone(
        page: Page, app_url: str, citizen: str) -> None:
    """The chat's look is in assets/styles.css (pages/chat.py): this fails if a class loses its rule."""
    _log_in(page, app_url, citizen)
    _open_chat(page, app_url, GETTING_STARTED, "Kom godt i gang")
    label, box = page.locator("label[for=answer]").bounding_box(), _box(page).bounding_box()
    assert label["height"] > 10 and abs(label["x"] - box["x"]) < 2, "the answer box's label is seen, at its left"
    for text, then in (("Jeg er Sofie", WANT), ("Et job", HOPE), ("Ro", DREAM), ("En have", MORE_DREAMS)):
        _answer(page, text, then=then)
    assert _too_small_to_tap(page) == []
    _choose(page, "Nej", then=AREAS)
    assert _too_small_to_tap(page) == []
    assert page.locator("legend").bounding_box()["height"] <= 1, "the bot says 'Vælg gerne flere' already"
    log_width = _log(page).bounding_box()["width"]
    looks = page.evaluate("""() => Array.from(document.querySelectorAll('[role=log] .bubble')).map(e => {
      const style = getComputedStyle(e);
      return [e.classList.contains('me') ? 'me' : 'bot', style.backgroundColor, style.paddingLeft,
              e.getBoundingClientRect().width];
    })""")
    colours = {who: {colour for w, colour, _, _ in looks if w == who} for who in ("me", "bot")}
    assert len(colours["me"]) == 1 and len(colours["bot"]) == 1 and colours["me"] != colours["bot"]
    assert "rgba(0, 0, 0, 0)" not in colours["me"] | colours["bot"]
    assert all(padding == "16px" and width <= 0.85 * log_width + 1 for _, _, padding, width in looks)
    assert page.locator("label.chip input[type=checkbox]").first.bounding_box()["width"] >= 20
