"""Issue 21 on a workbook item and on "Min plan", in Chromium at 390x844: the page's first paint (its prerendered
frame, before the scripts) is not pushed around when her data arrives over the websocket (a layout shift of 0.46
and 0.51 before), and the item page loads no chart library for its check-ins (Recharts was some 80 KB gzipped
of every item page's first load); the check-ins are still drawn, one dot each, with their list beside."""

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from citizenplan import routes
from citizenplan.clock import utcnow
from citizenplan.domain import workbook
from citizenplan.domain.workbook import ItemKind
from tests.support.app_server import AppServer
from tests.support.axe import assert_accessible
from tests.support.browser import login, wait_until_interactive
from tests.support.follow_up_data import PASSWORD, _actor, app_db, goal, make_team, share_goals
from tests.support.layout_shift import SHIFTS, WATCH_SHIFTS

pytestmark = pytest.mark.e2e

WALK = "Gå en tur ved åen hver morgen"
SCORES = (2, 4, 5)

# The source of every script the page loaded.
_SCRIPTS = """async () => {
  const urls = performance.getEntriesByType('resource').map(r => r.name).filter(u => /\\.js(\\?|$)/.test(u));
  return Promise.all(urls.map(async url => [url, await (await fetch(url)).text()]));
}"""


def _anna_with_check_ins(app: AppServer):
    """A citizen with one goal and three check-ins on it."""
    team = make_team(app, "Firstload")
    citizen = team.citizens[0]
    (walk,) = share_goals(app, citizen, [goal(WALK)])
    with app_db(app) as db:
        actor = _actor(db, citizen.id)
        for score in SCORES:
            workbook.create_with_fields(db, actor, ItemKind.CHECK_IN, {"score": score, "note": ""}, parent_id=walk,
                                        now=utcnow())
    return citizen, walk


def _layout_shift(page: Page, path: str) -> float:
    """The page's layout shift once her goal (data, not the frame) is on the screen."""
    page.goto(path)
    expect(page.get_by_role("main").get_by_text(WALK).first).to_be_visible()
    wait_until_interactive(page)
    return page.evaluate(SHIFTS)


@pytest.fixture
def citizen_page(new_context, app: AppServer):
    citizen, walk = _anna_with_check_ins(app)
    context: BrowserContext = new_context()
    context.add_init_script(WATCH_SHIFTS)
    page = context.new_page()
    login(page, app.base_url, citizen.username, PASSWORD, home=routes.CITIZEN_HOME)
    return page, walk


def test_nothing_on_the_screen_moves_when_the_item_or_her_plan_arrives(citizen_page, app: AppServer) -> None:
    page, walk = citizen_page
    item = _layout_shift(page, app.url(routes.workbook_item(walk)))
    plan = _layout_shift(page, app.url(routes.MY_PLAN))
    assert (item < 0.1, plan < 0.1) == (True, True), (item, plan)  # Lighthouse's "good" CLS is below 0.1


def test_the_item_page_draws_her_check_ins_without_a_chart_library(citizen_page, app: AppServer) -> None:
    page, walk = citizen_page
    page.goto(app.url(routes.workbook_item(walk)))
    expect(page.get_by_role("heading", name="Sådan er det gået")).to_be_visible()
    wait_until_interactive(page)
    for score in SCORES:
        expect(page.get_by_role("listitem").filter(has_text=f"{score} af 5")).to_have_count(1)
    expect(page.locator(".check-in-chart circle")).to_have_count(len(SCORES))  # a picture only: aria-hidden
    expect(page.locator(".check-in-chart line")).to_have_count(5 + 1 + len(SCORES) - 1)  # grid, axis, the way
    scripts = page.evaluate(_SCRIPTS)
    assert scripts and [url for url, source in scripts if "recharts" in source] == []
    assert_accessible(page)
