"""The first paint waits for the page's HTML and stylesheet only, not for its scripts (issue 21; the
build step is citizenplan/first_paint.py). A page that asks for its scripts while it is parsed (as React
Router's export does, with a modulepreload link per chunk) makes a slow phone download them beside the
stylesheet before it paints; here no script is asked for before the stylesheet is in, and the page still
becomes interactive."""

import pytest
from playwright.sync_api import Page, expect

from citizenplan import routes
from citizenplan.demo import DEMO_PASSWORD
from tests.support.app_server import AppServer
from tests.support.browser import login, open_page

pytestmark = pytest.mark.e2e

# Resource timing of the page's first load: the stylesheet's arrival and each script's request.
_TIMING = """() => {
  const entries = performance.getEntriesByType('resource');
  const css = entries.filter(r => /\\/assets\\/__reflex_global_styles-[^/]+\\.css$/.test(r.name));
  const js = entries.filter(r => /\\/assets\\/[^/]+\\.js$/.test(r.name));
  return {css: css.map(r => r.responseEnd), js: js.map(r => [r.name, r.startTime])};
}"""


def _scripts_after_stylesheet(page: Page) -> list[str]:
    timing = page.evaluate(_TIMING)
    assert len(timing["css"]) == 1 and timing["js"], timing
    return [name for name, start in timing["js"] if start < timing["css"][0]]


def test_no_script_is_asked_for_before_the_stylesheet_is_in(page: Page, app: AppServer) -> None:
    open_page(page, app.base_url, routes.LOGIN)
    assert _scripts_after_stylesheet(page) == []
    login(page, app.base_url, "dennis", DEMO_PASSWORD, home=routes.CITIZEN_HOME)
    page.goto(app.url(routes.CITIZEN_HOME))  # a page load of its own, not the app's move after login
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Dennis Hansen")  # hydrated, data filled in
    assert _scripts_after_stylesheet(page) == []


def test_a_repeat_visit_takes_the_built_files_from_the_service_worker(page: Page, app: AppServer) -> None:
    """The build's files are named by their content: once kept, the worker answers them itself (assets/sw.js
    takes them from its cache without asking the network again; Playwright does not report the worker's own
    requests without an experimental switch, so that half is read in sw.js, not checked here)."""
    open_page(page, app.base_url, routes.LOGIN)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    open_page(page, app.base_url, routes.LOGIN)  # the worker controls this load and keeps what it loads
    served: list[tuple[str, bool]] = []
    page.on("response", lambda response: served.append((response.url, response.from_service_worker))
            if "/assets/" in response.url else None)
    open_page(page, app.base_url, routes.LOGIN)
    assert served and all(from_worker for _url, from_worker in served), served


def test_the_chat_says_how_it_works_in_its_first_paint(page: Page, app: AppServer) -> None:
    """The chat's own words arrive over the websocket after the scripts; what the page says about how the chat
    works is the same for everyone, so it is in the prerendered HTML and painted at once (pages/chat.py)."""
    html = page.request.get(app.url(routes.CHAT)).text()
    assert "Du får ét spørgsmål ad gangen. Dit svar bliver gemt" in html
    assert "Hej! Her laver du din egen plan" not in html  # the conversation itself is not in the static page


# The top of her home's heading "Hvad vil du gerne? ..." as first painted (before any script) and now.
_HEADING_TOP = """(() => {
  const top = () => { const h = [...document.querySelectorAll('h2')].find(e => e.textContent.startsWith('Hvad vil du'));
                      return h ? h.getBoundingClientRect().top + window.scrollY : null; };
  document.addEventListener('DOMContentLoaded', () => { window.__firstTop = top(); });
  window.__top = top;
})();"""


def test_her_home_does_not_jump_when_her_next_meeting_arrives(page: Page, app: AppServer) -> None:
    """Her next meeting comes with her data, above the conversations: its room is kept until then, so the
    page she started reading does not move down by a card's height (layout shift, issue 21)."""
    login(page, app.base_url, "anna", DEMO_PASSWORD, home=routes.CITIZEN_HOME)
    page.add_init_script(_HEADING_TOP)
    page.goto(app.url(routes.CITIZEN_HOME))
    meeting = page.get_by_role("heading", name="Dit næste møde om din plan")
    expect(meeting).to_be_visible()
    card = meeting.locator("xpath=ancestor::*[contains(@class, 'rt-Card')][1]").bounding_box()
    moved = page.evaluate("window.__top() - window.__firstTop")
    assert abs(moved) < card["height"] / 4, (moved, card)


def test_a_page_loads_only_the_radix_components_the_app_uses(page: Page, app: AppServer) -> None:
    """Radix Themes was loaded whole on every page (citizenplan/first_paint.py, NOT_FOR_DYNAMIC_COMPONENTS): the
    theme panel, segmented controls, menus and tabs the app never shows, some 95 KB of JavaScript a phone had to
    fetch and parse before the page answered a tap. Now the page's scripts hold the components the app uses."""
    open_page(page, app.base_url, routes.LOGIN)
    scripts = page.evaluate("performance.getEntriesByType('resource').map(r => r.name)"
                            ".filter(name => /\\/assets\\/[^/]+\\.js$/.test(name))")
    code = "".join(page.request.get(url).text() for url in scripts)
    assert "rt-Button" in code  # the app's buttons are Radix buttons
    for unused in ("rt-ThemePanel", "rt-SegmentedControl", "rt-ContextMenu", "rt-TabsRoot"):
        assert unused not in code, unused
