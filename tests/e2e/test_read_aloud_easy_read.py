""""Læs op" on every citizen page, and "Let at læse" chosen by her and kept (issue 21).

- Every citizen page (tests/e2e/test_phones.py finds them from routes.py and pages.PAGES) has one "Læs op" that
  speaks the page's main text in Danish; a second press stops it, and so does leaving the page. Headless
  Chromium has no voice, so the browser's speech is a stand-in that records what it is asked to say; without a
  voice the button is not there at all.
- "Let at læse": chosen on her home, kept on her user: after logout and login, and on another phone, the page
  is in easy-read from its first paint, with a picture beside each life area. axe finds nothing in it, light
  and dark.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from citizenplan import routes
from citizenplan.demo import DEMO_PASSWORD
from citizenplan.domain.vocabulary import LIFE_AREA_LABELS, LifeArea
from tests.support.app_server import AppServer
from tests.support.axe import format_violations, violations
from tests.support.browser import LOCALE, PHONE, login, logout, open_page
from tests.support.contrast import low_contrast
from tests.support.follow_up_data import PASSWORD, make_team
from tests.support.phone_pages import _a_goal_for, _citizen_paths, _item, _open, _spills

pytestmark = pytest.mark.e2e

CITIZEN = "dennis"

# The browser's speech, as a phone with a Danish voice on it has it: it records each piece it is asked to say.
FAKE_SPEECH = """
window.__spoken = []; window.__langs = []; window.__cancelled = 0;
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
const fake = { speaking: false, getVoices: () => [{ lang: "da-DK", name: "Dansk", localService: true }],
  speak: (u) => { window.__spoken.push(u.text); window.__langs.push(u.lang); },
  cancel: () => { window.__cancelled++; }, addEventListener: () => {} };
Object.defineProperty(window, "speechSynthesis", { value: fake, configurable: true });
"""
SPOKEN = "window.__spoken.join('\\n')"
# The page's own "Læs op" (the chat's bubbles have one each too).
PAGE_BUTTON = "main [data-speak-from]"
# What the region shows under headings: each must be said.
HEADINGS = """selector => Array.from(document.querySelectorAll(selector + ' h1, ' + selector + ' h2, ' + selector
  + ' h3')).filter(h => h.getClientRects().length).map(h => h.innerText.trim()).filter(Boolean)"""


def _shot(page: Page, name: str) -> None:
    """Screenshots for the report when READALOUD_SHOTS names a folder."""
    if folder := os.environ.get("READALOUD_SHOTS"):
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def _speech_context(browser: Browser, app: AppServer, **options) -> BrowserContext:
    context = browser.new_context(viewport=PHONE, locale=LOCALE, base_url=app.base_url, **options)
    context.add_init_script(FAKE_SPEECH)
    return context


def test_every_citizen_page_has_laes_op_that_speaks_its_main_text_and_stops(browser: Browser, app: AppServer) -> None:
    _a_goal_for(app, CITIZEN)
    context = _speech_context(browser, app)
    problems: dict[str, str] = {}
    try:
        page = context.new_page()
        login(page, app.base_url, CITIZEN, DEMO_PASSWORD, home=routes.CITIZEN_HOME)
        paths = _citizen_paths(app)
        assert {routes.CITIZEN_HOME, routes.WORKBOOK, routes.MY_PLAN, routes.CRISIS_PLAN, routes.MY_DATA,
                routes.MY_RELATIVES, routes.ACCESS_LOG} <= {p.split("?")[0] for p in paths}
        for path in paths:
            _open(page, app, path)
            button = page.locator(PAGE_BUTTON)
            if button.count() != 1 or not button.is_visible():
                problems[path] = f"{button.count()} visible 'Læs op' buttons"
                continue
            expect(button).to_have_accessible_name("Læs op")
            page.evaluate("window.__spoken = []; window.__langs = []; window.__cancelled = 0")
            button.click()
            try:
                page.wait_for_function("window.__spoken.length > 0", timeout=10_000)
            except PlaywrightTimeout:
                problems[path] = "nothing said: " + page.evaluate(
                    "r => [r, document.querySelector(r) && document.querySelector(r).innerText.slice(0, 200),"
                    " document.documentElement.className]", button.get_attribute("data-speak-from")).__repr__()
                continue
            spoken = page.evaluate(SPOKEN)
            region = button.get_attribute("data-speak-from")
            missing = [h for h in page.evaluate(HEADINGS, region) if h not in spoken]
            if missing or "Læs op" in spoken or set(page.evaluate("window.__langs")) != {"da-DK"}:
                problems[path] = f"said {spoken[:200]!r}; headings not said: {missing}"
                continue
            expect(button).to_have_attribute("aria-pressed", "true")
            button.click()  # a second press stops it
            expect(button).to_have_attribute("aria-pressed", "false")
            assert page.evaluate("window.__cancelled") >= 1
    finally:
        context.close()
    assert problems == {}


def test_leaving_the_page_stops_the_reading_and_a_bubble_reads_itself(browser: Browser, app: AppServer) -> None:
    context = _speech_context(browser, app)
    try:
        page = context.new_page()
        login(page, app.base_url, CITIZEN, DEMO_PASSWORD, home=routes.CITIZEN_HOME)
        page.locator(PAGE_BUTTON).click()
        page.wait_for_function("window.__spoken.length > 0")
        before = page.evaluate("window.__cancelled")
        page.get_by_role("link", name="Se din arbejdsbog").click()  # the app's own routing: no page load
        expect(page.get_by_role("heading", level=1)).to_have_text("Min arbejdsbog")
        page.wait_for_function(f"window.__cancelled > {before}")
        expect(page.locator(PAGE_BUTTON)).to_have_attribute("aria-pressed", "false")

        open_page(page, app.base_url, routes.chat("getting_started"))
        bubble = page.get_by_role("log").locator(".bubble.bot").last
        page.evaluate("window.__spoken = []")
        page.get_by_role("log").get_by_role("button", name="Læs op").last.click()
        page.wait_for_function("window.__spoken.length > 0")
        assert page.evaluate(SPOKEN) in bubble.inner_text()
    finally:
        context.close()


def test_without_a_voice_there_is_no_laes_op(page: Page, app: AppServer) -> None:
    """Headless Chromium has no voice: nothing to press, nothing that fails."""
    login(page, app.base_url, CITIZEN, DEMO_PASSWORD, home=routes.CITIZEN_HOME)
    assert page.evaluate("speechSynthesis.getVoices().length") == 0
    expect(page.locator(PAGE_BUTTON)).to_be_hidden()


# ---------------------------------------------------------------- Let at læse

IS_EASY = "document.documentElement.classList.contains('easy-read')"
# Recorded before any of the app's scripts run: was the page in easy-read at its first paint?
FIRST_PAINT = """
window.__easyAtFirstPaint = null;
requestAnimationFrame(() => { window.__easyAtFirstPaint = document.documentElement.classList.contains('easy-read'); });
"""


def _her_goals_in_every_life_area(app: AppServer):
    team = make_team(app, "Letlaes")
    citizen = team.citizen
    for area in LifeArea:
        _item(app, citizen.username, "goal", {"title": f"Mål om {LIFE_AREA_LABELS[area].lower()}", "status": "active",
                                               "life_area": area.value})
    return citizen


def _pictures(page: Page) -> list[str]:
    """The life areas whose picture is seen."""
    return sorted(set(page.evaluate("""() => Array.from(document.querySelectorAll('.area-picture'))
        .filter(e => e.getClientRects().length && getComputedStyle(e).display !== 'none')
        .map(e => e.dataset.area)""")))


def test_easy_read_is_chosen_kept_after_logout_and_on_another_phone_with_a_picture_per_life_area(
        browser: Browser, new_context, app: AppServer) -> None:
    citizen = _her_goals_in_every_life_area(app)
    every_area = sorted(area.value for area in LifeArea)
    context = new_context()
    context.add_init_script(FIRST_PAINT)
    page = context.new_page()
    login(page, app.base_url, citizen.username, PASSWORD, home=routes.CITIZEN_HOME)
    expect(page.get_by_role("heading", level=1)).to_contain_text(citizen.name)
    assert page.evaluate(IS_EASY) is False
    switch = page.get_by_role("checkbox", name="Let at læse")
    expect(switch).not_to_be_checked()
    _shot(page, "home.png")
    open_page(page, app.base_url, routes.WORKBOOK)
    expect(page.get_by_role("heading", name="Mål om bolig")).to_be_visible()
    assert _pictures(page) == []  # not in the plain page
    _shot(page, "workbook.png")

    open_page(page, app.base_url, routes.CITIZEN_HOME)
    page.get_by_role("checkbox", name="Let at læse").click()
    expect(page.get_by_role("checkbox", name="Let at læse")).to_be_checked()
    page.wait_for_function(IS_EASY)
    expect(page.get_by_role("heading", level=1)).to_contain_text(citizen.name)
    assert app.query("SELECT easy_read FROM user WHERE id = ?", (citizen.id,))[0][0] in (1, True)
    _shot(page, "home-easy.png")
    open_page(page, app.base_url, routes.WORKBOOK)
    expect(page.get_by_role("heading", name="Mål om bolig")).to_be_visible()
    assert _pictures(page) == every_area  # the life areas to choose from, and each goal's
    for area in LifeArea:
        button = page.get_by_role("button", name=LIFE_AREA_LABELS[area], exact=True)
        expect(button.locator(f".area-picture[data-area='{area.value}']")).to_be_visible()
    _shot(page, "workbook-easy.png")

    logout(page)
    assert page.evaluate(IS_EASY) is False  # the login page is plain: a shared phone forgets her choice
    assert page.evaluate("localStorage.getItem('minvej-easy-read')") is None
    login(page, app.base_url, citizen.username, PASSWORD, home=routes.CITIZEN_HOME)
    assert page.evaluate(IS_EASY) is True
    assert page.evaluate("window.__easyAtFirstPaint") is True  # no flash of the plain page
    expect(page.get_by_role("checkbox", name="Let at læse")).to_be_checked()

    other_phone = new_context()
    other_phone.add_init_script(FIRST_PAINT)
    other = other_phone.new_page()
    login(other, app.base_url, citizen.username, PASSWORD, home=routes.CITIZEN_HOME)
    assert other.evaluate("window.__easyAtFirstPaint") is True
    other.get_by_role("link", name="Min plan", exact=True).click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Min plan")
    assert other.evaluate(IS_EASY) is True
    other.goto(app.url(routes.MY_PLAN))  # a reload: easy-read from the first paint again
    other.wait_for_function("window.__easyAtFirstPaint !== null")
    assert other.evaluate("window.__easyAtFirstPaint") is True

    # Chosen off again: kept off.
    open_page(page, app.base_url, routes.CITIZEN_HOME)
    page.get_by_role("checkbox", name="Let at læse").click()
    page.wait_for_function(f"!{IS_EASY}")
    assert app.query("SELECT easy_read FROM user WHERE id = ?", (citizen.id,))[0][0] in (0, False)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_her_pages_in_easy_read(browser: Browser, app: AppServer, scheme: str) -> None:
    citizen = _her_goals_in_every_life_area(app)
    app.execute("UPDATE user SET easy_read = 1 WHERE id = ?", (citizen.id,))
    context = _speech_context(browser, app, color_scheme=scheme)
    found = {}
    try:
        page = context.new_page()
        login(page, app.base_url, citizen.username, PASSWORD, home=routes.CITIZEN_HOME)
        goal = app.query("SELECT id FROM workbook_item WHERE citizen_id = ? AND kind = 'goal' ORDER BY id",
                         (citizen.id,))[0][0]
        paths = [routes.CITIZEN_HOME, routes.WORKBOOK, routes.workbook_item(goal), routes.chat("getting_started"),
                 routes.MY_PLAN, routes.MY_DATA, routes.MY_RELATIVES, routes.ACCESS_LOG, routes.CRISIS_PLAN]
        for path in paths:
            _open(page, app, path)
            assert page.evaluate(IS_EASY), path
            if bad := violations(page):
                found[path] = format_violations(bad, page.url)
            if low := low_contrast(page):  # what axe does not check: fills, edges, the focus ring (3:1)
                found[path + " (non-text)"] = low
        if scheme == "light":
            open_page(page, app.base_url, routes.WORKBOOK)
            expect(page.get_by_role("heading", name="Mål om bolig")).to_be_visible()
            _shot(page, "workbook-easy-speech.png")
    finally:
        context.close()
    assert found == {}


def test_easy_read_fits_320_px_with_text_at_200_percent(browser: Browser, app: AppServer) -> None:
    """Larger text and pictures, and still no sideways scrolling on the narrowest phone (test_phones.py's check)."""
    citizen = _her_goals_in_every_life_area(app)
    app.execute("UPDATE user SET easy_read = 1 WHERE id = ?", (citizen.id,))
    context = _speech_context(browser, app)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.set_viewport_size({"width": 320, "height": 640})
    context.add_init_script("document.addEventListener('DOMContentLoaded', () => "
                            "document.documentElement.style.setProperty('font-size', '200%', 'important'))")
    try:
        login(page, app.base_url, citizen.username, PASSWORD, home=routes.CITIZEN_HOME)
        goal = app.query("SELECT id FROM workbook_item WHERE citizen_id = ? AND kind = 'goal' ORDER BY id",
                         (citizen.id,))[0][0]
        problems = {}
        for path in (routes.CITIZEN_HOME, routes.WORKBOOK, routes.workbook_item(goal), routes.MY_PLAN,
                     routes.chat("getting_started"), routes.CRISIS_PLAN):
            found = _spills(page, app, path)
            assert page.evaluate(IS_EASY), path
            if found:
                problems[path] = found
    finally:
        context.close()
    assert problems == {}
