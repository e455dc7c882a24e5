"""Her plan and her item in the first response of /min-plan and /arbejdsbog/punkt (issue 21, reports/first_data.py),
in Chromium: her words are in the HTML the server answers and on the screen with the websocket cut off (so before
any script could fetch them: the page's largest element paints from the HTML, as on the other pages); React
hydrates the page without a mismatch and keeps them; once the live page has her data, one copy of her words is on
the screen, not two; the service worker keeps no copy; and after logout, Back shows nothing of hers."""

import re
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from citizenplan import routes
from citizenplan.demo import DEMO_PASSWORD
from tests.support.app_server import AppServer
from tests.support.axe import assert_accessible
from tests.support.browser import login, logout, path_pattern, wait_until_interactive

pytestmark = pytest.mark.e2e

ANNA_GOAL = "Jeg vil handle ind selv en gang om ugen"
ANNA_WHY = "Så jeg ikke skal vente på andre"  # shown once on each page (her goal's title is on Min plan twice)
_EVENTS = re.compile(r".*/_event.*")
# React marks every element it has hydrated (tests/support/browser.py waits for the heading the same way).
_HYDRATED = "() => Object.keys(document.querySelector('main h1')).some(key => key.startsWith('__reactFiber'))"
# Every address and text the service worker keeps, in every cache (her offline copies of her home and workbook,
# /uden-net/..., are the one designed exception: assets/sw.js, dropped at logout).
_CACHED = """async () => {
  const kept = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) kept.push([request.url, await (await cache.match(request)).text()]);
  }
  return kept;
}"""


def _anna_goal(app: AppServer) -> int:
    rows = app.query("SELECT id FROM workbook_item WHERE citizen_id = ? AND kind = 'goal' AND deleted_at IS NULL "
                     "ORDER BY id", (app.user_id("anna"),))
    return rows[0][0]


def _her_why(page: Page):
    """Her words on the screen (the item page's closed "Tidligere udgaver" holds them too, not shown)."""
    return page.get_by_role("main").get_by_text(ANNA_WHY).filter(visible=True)


def _pages(app: AppServer) -> dict[str, str]:
    return {"Min plan": routes.MY_PLAN, "her goal": routes.workbook_item(_anna_goal(app))}


@pytest.fixture
def anna(page: Page, app: AppServer) -> Page:
    login(page, app.base_url, "anna", DEMO_PASSWORD, home=routes.CITIZEN_HOME)
    return page


def test_her_words_are_in_the_first_response_with_no_store(anna: Page, app: AppServer) -> None:
    for name, path in _pages(app).items():
        response = anna.request.get(app.url(path))
        assert response.status == 200, name
        assert ANNA_GOAL in response.text() and ANNA_WHY in response.text(), name
        assert response.headers["cache-control"] == "no-store", name
        assert "script-src 'self'" in response.headers["content-security-policy"], name
    for name, path in _pages(app).items():  # logged out: the same address, nothing of hers
        with urllib.request.urlopen(app.url(path), timeout=30) as plain:  # noqa: S310 (the test's own server)
            assert plain.status == 200 and ANNA_GOAL not in plain.read().decode(), name


def test_her_words_are_painted_without_the_websocket_and_kept_by_hydration(anna: Page, app: AppServer) -> None:
    problems: list[str] = []
    anna.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    anna.on("pageerror", lambda error: problems.append(str(error)))
    anna.route_web_socket(_EVENTS, lambda socket: socket.close())  # no state, no data: only the HTML
    for name, path in _pages(app).items():
        anna.goto(app.url(path))
        expect(_her_why(anna), name).to_be_visible()
        anna.wait_for_function(_HYDRATED)  # React has taken over the page (its scripts ran) ...
        expect(_her_why(anna), name).to_be_visible()  # ... and kept her words
        assert_accessible(anna)  # the copy as it stands until the live page takes over
    # No hydration mismatch (React would log it, and draw the page anew from its own empty state).
    assert [p for p in problems if re.search(r"ydrat|#418|#423|#425", p)] == []


def test_the_live_page_takes_over_with_one_copy_of_her_words(anna: Page, app: AppServer) -> None:
    for name, path in _pages(app).items():
        anna.goto(app.url(path))
        wait_until_interactive(anna)
        expect(anna.locator("#her-data-first"), name).to_have_count(0)  # her live data has replaced the server's
        expect(_her_why(anna), name).to_have_count(1)
    expect(anna.get_by_role("button", name="Nået")).to_be_enabled()  # the page's own buttons, not the copy's


def test_the_service_worker_keeps_no_copy_and_back_after_logout_shows_nothing(anna: Page, app: AppServer) -> None:
    anna.wait_for_function("navigator.serviceWorker.controller !== null")
    for path in _pages(app).values():
        anna.goto(app.url(path))
        wait_until_interactive(anna)
        expect(_her_why(anna)).to_be_visible()
    kept = anna.evaluate(_CACHED)
    assert [url for url, text in kept if ANNA_GOAL in text and "/uden-net/" not in url] == []
    assert [url for url, _text in kept if routes.MY_PLAN in url or routes.WORKBOOK_ITEM in url] == []
    documents: list[str] = []

    def keep(response) -> None:
        if response.request.resource_type == "document" and response.status == 200:
            documents.append(response.text())

    anna.on("response", keep)
    logout(anna)
    anna.go_back()
    expect(anna).to_have_url(path_pattern(routes.LOGIN))  # the plain page, and then the way to the login page
    assert documents and [d for d in documents if ANNA_GOAL in d] == []
    expect(anna.get_by_text(ANNA_GOAL)).to_have_count(0)
