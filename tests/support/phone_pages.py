"""Citizen pages on a phone, for the e2e tests of phones (test_phones) and of read-aloud / easy-read: every
citizen page's path, a goal to open, a page opened until it is ready, and what spills past a narrow screen."""

import json
from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from citizenplan import pages, routes
from citizenplan.domain import relatives
from citizenplan.domain.vocabulary import Role
from tests.support.app_server import AppServer, db_time
from tests.support.browser import any_language, assert_easy_to_tap, open_page
from tests.support.follow_up_data import _actor, app_db
from tests.support.pages import SERVER_PAGES, _reflex_role

CITIZEN = "dennis"
# Pages that draw their content only once her data has arrived, so that nothing of the first paint moves when it
# does (issue 21): opened means with that content on the screen (the role and name of what comes with it), so
# that what a test reads, hears or measures there is the page, not its frame.
WITH_DATA = {routes.WORKBOOK_ITEM: ("link", "Tilbage til arbejdsbogen"), routes.MY_PLAN: ("heading", "Det har du delt"),
             routes.MY_RELATIVES: ("link", "Til forsiden")}


def _item(app: AppServer, username: str, kind: str, content: dict) -> int:
    citizen = app.user_id(username)
    now = db_time(datetime.now(UTC))
    app.execute("INSERT INTO workbook_item (citizen_id, kind, position, version, created_at, updated_at) "
                "VALUES (?, ?, 0, 1, ?, ?)", (citizen, kind, now, now))
    item_id = app.query("SELECT max(id) FROM workbook_item WHERE citizen_id = ?", (citizen,))[0][0]
    app.execute("INSERT INTO item_version (item_id, number, content, author_id, via, created_at) "
                "VALUES (?, 1, ?, ?, 'workbook', ?)", (item_id, json.dumps(content), citizen, now))
    return item_id


def _citizen_paths(app: AppServer) -> list[str]:
    """Every page a citizen reads, from routes.py and pages.PAGES as tests/unit/test_plain_danish.py finds them."""
    reflex = [route for route, _component, on_load in pages.PAGES if _reflex_role(on_load) is Role.CITIZEN]
    server = [route for route, module in SERVER_PAGES.items() if Role.CITIZEN in module.READERS]
    goal = app.query("SELECT id FROM workbook_item WHERE citizen_id = ? AND kind = 'goal' ORDER BY id DESC",
                     (app.user_id(CITIZEN),))
    found = []
    for route in [*reflex, *server]:
        if route == routes.WORKBOOK_ITEM:
            found.append(routes.workbook_item(goal[0][0]))
        elif route == routes.CHAT:
            found.append(routes.chat("getting_started"))
        else:
            found.append(route)
    return found


# What spills past the right edge of the screen, or is clipped inside a box that hides its overflow.
_SPILLS = """() => {
  const root = document.scrollingElement, width = root.clientWidth, found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el), box = el.getBoundingClientRect();
    if (style.display === 'none' || style.visibility === 'hidden' || box.width <= 1 || box.height <= 1) continue;
    if (['INPUT', 'TEXTAREA', 'SELECT', 'OPTION'].includes(el.tagName)) continue;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    if (box.right > width + 1 || box.left < -1) found.push(name + ' spills ' + Math.round(box.right - width) + 'px');
    else if (['hidden', 'clip'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
      found.push(name + ' cut off ' + (el.scrollWidth - el.clientWidth) + 'px');
  }
  return {scrollWidth: root.scrollWidth, clientWidth: width, found: found.slice(0, 12)};
}"""


def _open(page: Page, app: AppServer, path: str) -> None:
    """A Reflex page until it is hydrated (and its taps checked) and shows its data (WITH_DATA); a page the server
    writes until it has loaded."""
    if path.split("?")[0] in SERVER_PAGES:
        page.goto(app.url(path))
        page.wait_for_load_state("load")
    else:
        open_page(page, app.base_url, path)
    if marker := WITH_DATA.get(path.split("?")[0]):
        expect(page.get_by_role("main").get_by_role(marker[0], name=any_language(marker[1]))).to_be_visible()
        assert_easy_to_tap(page)  # what came with the data too


def _a_goal_for(app: AppServer, username: str) -> None:
    """A goal to open (the item page) and to see on the home and in the workbook."""
    if not app.query("SELECT 1 FROM workbook_item WHERE citizen_id = ? AND kind = 'goal'", (app.user_id(username),)):
        _item(app, username, "goal", {"title": "Jeg vil lære at lave mad", "status": "active"})


def _a_relative_for(app: AppServer, username: str) -> None:
    """Someone in her network, so that "Mine pårørende" shows a person's card (its buttons and its select)."""
    with app_db(app) as db:
        actor = _actor(db, app.user_id(username))
        if not relatives.my_relatives(db, actor):
            relatives.invite(db, actor, "Søster", "søster", False, "6m")


def _spills(page: Page, app: AppServer, path: str) -> dict | None:
    _open(page, app, path)
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
    result = page.evaluate(_SPILLS)
    return result if result["scrollWidth"] > result["clientWidth"] or result["found"] else None
