"""Phones first (issue 21): installable, useful offline, readable for everyone.

- Installable by Chromium's own criteria (DevTools protocol: Page.getInstallabilityErrors), the service worker
  registered on the first visit, and a new version of it taking over the open page at once.
- Offline, her home and her workbook open as they were at her last visit, with a calm line that says so; after
  logout the device keeps none of it.
- Every citizen page at 320 px wide with the root font size doubled: no sideways scrolling, nothing cut off.
- Dark mode and reduced motion: axe finds nothing, and nothing moves.
"""

import json
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from citizenplan import routes
from citizenplan.demo import DEMO_PASSWORD
from tests.support.app_server import AppServer, db_time
from tests.support.axe import assert_accessible, format_violations, violations
from tests.support.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LOCALE,
    PHONE,
    expect_at,
    expect_login_page,
    login,
    logout,
    open_page,
    until_true,
)
from tests.support.contrast import low_contrast
from tests.support.phone_pages import _a_goal_for, _a_relative_for, _citizen_paths, _item, _open, _spills

pytestmark = pytest.mark.e2e

CITIZEN = "dennis"
HER_CACHE = "minvej-crisis-plan"  # assets/sw.js HER_CACHE
HAS_WORKER = "navigator.serviceWorker.getRegistrations().then(r => r.some(x => !!x.active))"


def _her_copies(page: Page) -> list[str]:
    return page.evaluate(f"""caches.has('{HER_CACHE}').then(has => has
        ? caches.open('{HER_CACHE}').then(c => c.keys()).then(keys => keys.map(k => new URL(k.url).pathname))
        : [])""")


# ---------------------------------------------------------------- installable


def test_the_service_worker_is_registered_on_the_first_visit(page: Page, app: AppServer) -> None:
    page.goto(app.url("/"))
    page.wait_for_load_state("load")
    page.wait_for_function(HAS_WORKER, timeout=5_000)
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=5_000)


def test_chromium_finds_the_app_installable(browser: Browser, app: AppServer, tmp_path: Path) -> None:
    # An incognito profile is never installable ("in-incognito"): a profile on disk, as a phone has.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, viewport=PHONE,
        locale=LOCALE)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(app.url("/"))
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getAppManifest")["errors"] == []
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()


def test_a_new_service_worker_takes_over_the_open_page_at_once(page: Page, app: AppServer) -> None:
    """No old version is trapped behind an open tab: the new worker skips waiting and claims the page."""
    page.goto(app.url("/"))
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.evaluate("navigator.serviceWorker.register('/sw.js?version=next')")
    page.wait_for_function("(navigator.serviceWorker.controller || {}).scriptURL?.endsWith('?version=next')")
    assert page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.waiting === null)")
    # The old shell cache is gone with the old worker's version; only the current one is left.
    until_true(page, "caches.keys().then(k => k.filter(n => n.startsWith('minvej-shell-')).length === 1)")


# ---------------------------------------------------------------- offline


def test_offline_she_opens_her_home_and_workbook_as_they_were_and_logout_leaves_nothing(
        page: Page, context: BrowserContext, app: AppServer) -> None:
    goal = f"Jeg vil gå en tur hver dag {secrets.token_hex(3)}"
    dream = f"Et lille hus ved havet {secrets.token_hex(3)}"
    _item(app, CITIZEN, "goal", {"title": goal, "status": "active"})
    _item(app, CITIZEN, "dream", {"text": dream})
    login(page, app.base_url, CITIZEN, DEMO_PASSWORD, home=routes.CITIZEN_HOME)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    # Her next visit home. On a loaded machine, in about half the runs, the copies stored on the first visit
    # after login were gone by the time she went offline (the cache there but empty; the only drop recorded was
    # the login page's, minvej.js): an open question (report of branch `phones`). The next visit stores them again.
    open_page(page, app.base_url, routes.CITIZEN_HOME)
    expected = sorted([routes.CRISIS_PLAN, routes.OFFLINE_HOME, routes.OFFLINE_WORKBOOK])
    until_true(page, f"""caches.has('{HER_CACHE}').then(has => has && caches.open('{HER_CACHE}')
        .then(c => c.keys()).then(k => JSON.stringify(k.map(r => new URL(r.url).pathname).sort())
        === '{json.dumps(expected).replace(" ", "")}'))""")

    context.set_offline(True)
    try:
        page.goto(app.url(routes.CITIZEN_HOME))
        main = page.get_by_role("main")
        expect(page.get_by_role("status")).to_contain_text("Du er ikke på nettet lige nu. Sådan så det ud")
        expect(page.get_by_role("heading", level=1)).to_have_text("Hej Dennis Hansen")
        expect(main).to_contain_text(goal)
        assert_accessible(page)
        page.get_by_role("link", name="Se din arbejdsbog").click()
        expect(page).to_have_url(app.url(routes.WORKBOOK))
        expect(page.get_by_role("heading", level=1)).to_have_text("Din arbejdsbog")
        expect(main).to_contain_text(goal)
        expect(main).to_contain_text(dream)
        expect(page.get_by_role("status")).to_contain_text("Du er ikke på nettet lige nu.")
        assert_accessible(page)
        page.get_by_role("link", name="Til forsiden").click()
        expect(main).to_contain_text(goal)
    finally:
        context.set_offline(False)

    open_page(page, app.base_url, routes.CITIZEN_HOME)
    logout(page)
    expect_at(page, routes.LOGIN)
    assert _her_copies(page) == []
    context.set_offline(True)
    try:
        page.goto(app.url(routes.CITIZEN_HOME))
        expect(page.get_by_role("heading", level=1)).not_to_have_text("Hej Dennis Hansen")
        assert goal not in page.content() and dream not in page.content()
    finally:
        context.set_offline(False)


# How her session can end without her pressing "Log ud" on this device: it expired (idle for two hours), or it was
# ended on the server (another device's "Log ud på alle enheder", or a fresh start by staff: auth/sessions.py
# end_all_for_user), each as the database then holds it.
SESSION_ENDS = {
    "expired": "UPDATE auth_session SET last_seen_at = ? WHERE user_id = ? AND ended_at IS NULL",
    "ended_elsewhere": "UPDATE auth_session SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL",
}


@pytest.mark.parametrize("how", list(SESSION_ENDS))
def test_a_session_ended_elsewhere_or_expired_leaves_no_offline_copy_nor_draft_after_the_next_page_load(
        page: Page, context: BrowserContext, app: AppServer, how: str) -> None:
    """The browser forgets her copies, drafts and outbox as at logout, as soon as a page loaded online finds
    nobody logged in; her home and workbook then no longer open offline on this device."""
    goal = f"Jeg vil ringe til min bror {secrets.token_hex(3)}"
    _item(app, CITIZEN, "goal", {"title": goal, "status": "active"})
    login(page, app.base_url, CITIZEN, DEMO_PASSWORD, home=routes.CITIZEN_HOME)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    open_page(page, app.base_url, routes.CITIZEN_HOME)  # see the test above: the next visit stores them for sure
    until_true(page, f"caches.open('{HER_CACHE}').then(c => c.keys()).then(k => k.length === 3)")
    page.evaluate(f"""localStorage.setItem('minvej-drafts', JSON.stringify(
        {{'/arbejdsbog/punkt|item-1|text': {{text: {json.dumps(goal)}, at: Date.now()}}}}));
        localStorage.setItem('minvej-outbox', JSON.stringify([{{key: 'k1', value: {json.dumps(goal)}}}]))""")

    moment = datetime.now(UTC) - (timedelta(hours=2) if how == "expired" else timedelta(0))
    assert app.execute(SESSION_ENDS[how], (db_time(moment), app.user_id(CITIZEN))) >= 1
    # A page that fetches none of her copies itself (her home and workbook do, and the service worker drops them
    # when the server says no): the page's own load must find that nobody is logged in.
    page.goto(app.url(routes.MY_PLAN))
    expect_login_page(page)
    until_true(page, f"""caches.has('{HER_CACHE}').then(has => !has
        && localStorage.getItem('minvej-drafts') === null && localStorage.getItem('minvej-outbox') === null)""")

    context.set_offline(True)
    try:
        for path in (routes.CITIZEN_HOME, routes.WORKBOOK):
            page.goto(app.url(path))
            expect(page.get_by_role("heading", level=1)).not_to_have_text("Hej Dennis Hansen")
            assert goal not in page.content()
    finally:
        context.set_offline(False)


# ---------------------------------------------------------------- readable


def test_every_citizen_page_fits_320_px_with_text_at_200_percent(browser: Browser, app: AppServer) -> None:
    _a_goal_for(app, CITIZEN)
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale=LOCALE, base_url=app.base_url)
    context.add_init_script("document.addEventListener('DOMContentLoaded', () => "
                            "document.documentElement.style.setProperty('font-size', '200%', 'important'))")
    try:
        page = context.new_page()
        login(page, app.base_url, CITIZEN, DEMO_PASSWORD, home=routes.CITIZEN_HOME)
        problems = {path: _spills(page, app, path) for path in _citizen_paths(app)}
    finally:
        context.close()
    assert {path: found for path, found in problems.items() if found} == {}


# The colour behind the page's main text, as relative luminance (0 black, 1 white).
_BACKGROUND_LUMINANCE = """() => {
  let el = document.querySelector('main') || document.body;
  let colour = 'rgba(0, 0, 0, 0)';
  for (; el; el = el.parentElement) {
    colour = getComputedStyle(el).backgroundColor;
    if (!/rgba\\(.*, 0\\)$/.test(colour) && colour !== 'transparent') break;
  }
  if (!el) return 1;  // nothing painted: the browser's own white canvas
  const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3)
    .map(v => colour.startsWith('color(') ? Number(v) : v / 255)
    .map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""


_MOVING = """() => [...document.querySelectorAll('*')].filter(el => {
    const s = getComputedStyle(el);
    const long = v => v.split(',').some(t => parseFloat(t) > 0.01);
    return (s.animationName !== 'none' && long(s.animationDuration)) || long(s.transitionDuration);
  }).map(el => el.tagName.toLowerCase() + '.' + String(el.className).slice(0, 60)).slice(0, 10)"""


def _others_paths(app: AppServer, username: str) -> list[str]:
    """Dark mode is the whole app's: the other roles' pages are checked in it too."""
    anna = app.user_id("anna")
    return {"maria": [routes.CONTACT_PERSON_HOME, routes.shared_plan(anna), routes.follow_up(anna)],
            "leder": [routes.MANAGER_HOME, routes.MANAGER_REPORT],
            "karen": [routes.RELATIVE_HOME]}[username]


@pytest.mark.parametrize("username", [CITIZEN, "maria", "leder", "karen"])
def test_dark_mode_and_reduced_motion_pass_axe_and_nothing_moves(browser: Browser, app: AppServer,
                                                                 username: str) -> None:
    _a_goal_for(app, CITIZEN)
    _a_relative_for(app, CITIZEN)
    paths = _citizen_paths(app) if username == CITIZEN else _others_paths(app, username)
    context = browser.new_context(viewport=PHONE, locale=LOCALE, base_url=app.base_url, color_scheme="dark",
                                  reduced_motion="reduce")
    found = {}
    try:
        page = context.new_page()
        login(page, app.base_url, username, DEMO_PASSWORD)
        for path in paths:
            _open(page, app, path)
            problems = []
            if page.evaluate(_BACKGROUND_LUMINANCE) >= 0.1:
                problems.append("the page is not dark")
            if bad := violations(page):
                problems.append(format_violations(bad, page.url))
            if low := low_contrast(page):  # what axe does not check: fills, edges, the focus ring (3:1)
                problems.extend(low)
            if moving := page.evaluate(_MOVING):
                problems.append(f"moves: {moving}")
            if problems:
                found[path] = problems
    finally:
        context.close()
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)
