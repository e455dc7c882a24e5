"""The chat page for end-to-end tests: the flows' questions, a citizen of the test's own, the steps chat tests repeat.

Each test has a citizen of its own, made straight in the app's database (a copy of the demo citizen `dennis`
under a new user name, with the demo password), so the tests share the app server and still start from an empty
workbook. A test module imports the fixture `citizen` to use it.
"""

import json
import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, WebSocketRoute, expect

from citizenplan.demo import DEMO_PASSWORD
from citizenplan.flows import FLOWS
from tests.support.app_server import AppServer, db_time
from tests.support.axe import assert_accessible
from tests.support.browser import (
    login,
    open_page,
    path_pattern,
    wait_until_interactive,
)

GETTING_STARTED = "getting_started"
DREAM_TO_GOAL = "dream_to_goal"


def _asks(flow: str, step: str) -> str:
    """The question a step asks: its last message (citizenplan/flows/), so wording can change freely."""
    return FLOWS[flow].step(step).say[-1]


WHO, WANT, HOPE = (_asks(GETTING_STARTED, step) for step in ("who", "want", "hope"))
DREAM, MORE_DREAMS, AREAS = (_asks(GETTING_STARTED, step) for step in ("dream", "more_dreams", "areas"))
GETTING_STARTED_DONE = FLOWS[GETTING_STARTED].done

PICK_DREAM, TITLE, WHY, SUCCESS, WHEN, PICK_DATE, FIRST_STEP, HELPER, AREA = (
    _asks(DREAM_TO_GOAL, step)
    for step in ("pick_dream", "title", "why", "success", "when", "date", "first_step", "helper", "area"))
SUCCESS_FOLLOW_UP = FLOWS[DREAM_TO_GOAL].step("success").vague_hint
DREAM_TO_GOAL_DONE = FLOWS[DREAM_TO_GOAL].done

EMPTY_ANSWER = "Skriv gerne et par ord. Eller tryk på Spring over."
DATE_GONE = "Den dato er allerede gået. Vælg en dag, der kommer."
WAITING = "Dit svar venter. Det bliver sendt, når du har forbindelse igen."
SAVED = "Det er gemt"

DANISH_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
                 "oktober", "november", "december")
RECONNECT_MS = 45_000  # socket.io's reconnect back-off after an offline spell can take several seconds


# ------------------------------------------------------------------ people and data


@pytest.fixture
def citizen(app: AppServer) -> str:
    """A new citizen with an empty workbook, in the demo citizen's unit, with the demo password."""
    username = f"chat.{uuid.uuid4().hex[:10]}"
    app.execute(
        "INSERT INTO user (username, display_name, role, unit_id, locale, password_hash, created_at, activated_at)"
        " SELECT ?, 'Sofie Chat', role, unit_id, 'da', password_hash, ?, ? FROM user WHERE username = 'dennis'",
        (username, db_time(datetime.now(UTC)), db_time(datetime.now(UTC))))
    return username


def _give_dream(app: AppServer, username: str, text: str) -> None:
    """A dream in the citizen's workbook, as flow 1 leaves it (one item, one version)."""
    citizen_id, now = app.user_id(username), db_time(datetime.now(UTC))
    app.execute("INSERT INTO workbook_item (citizen_id, kind, position, version, created_at, updated_at)"
                " VALUES (?, 'dream', 0, 1, ?, ?)", (citizen_id, now, now))
    item_id = app.query("SELECT max(id) FROM workbook_item WHERE citizen_id = ?", (citizen_id,))[0][0]
    app.execute("INSERT INTO item_version (item_id, number, content, author_id, via, created_at)"
                " VALUES (?, 1, ?, ?, 'chat', ?)", (item_id, json.dumps({"text": text}), citizen_id, now))


def _danish_long_date(day: date) -> str:
    return f"{day.day}. {DANISH_MONTHS[day.month - 1]} {day.year}"


# ------------------------------------------------------------------ the chat page


def _log_in(page: Page, app_url: str, username: str) -> None:
    login(page, app_url, username, DEMO_PASSWORD, home="/borger")


def _open_chat(page: Page, app_url: str, flow: str, title: str) -> None:
    open_page(page, app_url, f"/samtale?flow={flow}")
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()


def _log(page: Page) -> Locator:
    return page.get_by_role("log")


def _box(page: Page) -> Locator:
    """The answer box: a text area, or a date or phone field, by its visible label."""
    return page.get_by_label("Dit svar", exact=True)


def _send_button(page: Page) -> Locator:
    return page.get_by_role("button", name="Send", exact=True)


def _chip(page: Page, label: str) -> Locator:
    return page.get_by_role("button", name=label, exact=True)


def _expect_question(page: Page, question: str, timeout: float | None = None) -> None:
    """`question` is the newest bubble in the conversation: the one waiting for an answer."""
    expect(_log(page).locator(":scope > *").last).to_contain_text(question, timeout=timeout)


def _answer(page: Page, text: str, then: str) -> None:
    _box(page).fill(text)
    _send_button(page).click()
    _expect_question(page, then)


def _choose(page: Page, label: str, then: str) -> None:
    _chip(page, label).click()
    _expect_question(page, then)


def _skip(page: Page, then: str) -> None:
    page.get_by_role("button", name="Spring over").click()
    _expect_question(page, then)


def _times_in_log(page: Page, text: str) -> int:
    return _log(page).get_by_text(text, exact=True).count()


def _open_workbook(page: Page, app_url: str) -> None:
    open_page(page, app_url, "/arbejdsbog")
    expect(page.get_by_role("heading", level=1, name="Min arbejdsbog")).to_be_visible()
    assert_accessible(page)


def _goal_in_workbook(page: Page, title: str) -> str:
    """What the open workbook says about a goal: on the list itself or, where the title is a link (the
    workbook screens of issue 5), on the goal's own page."""
    link = page.get_by_role("main").get_by_role("link", name=title, exact=True)
    if link.count() == 0:
        return page.get_by_role("listitem").filter(has_text=title).first.inner_text()
    link.click()
    expect(page).not_to_have_url(path_pattern("/arbejdsbog"))
    wait_until_interactive(page)
    expect(page.get_by_role("main")).to_contain_text(title)
    assert_accessible(page)
    return page.get_by_role("main").inner_text()


def _times_in_workbook(page: Page, text: str) -> int:
    return page.get_by_role("main").inner_text().count(text)


def _waiting_answers(page: Page) -> list:
    """What the browser keeps in its outbox (localStorage) until the server has stored it."""
    return [entry["value"] for entry in json.loads(page.evaluate("window.minvejOutbox.json()"))]


def _go_offline(page: Page, context: BrowserContext) -> None:
    """Cut the connection once the page has nothing left to send (an answer stored a moment ago is taken
    out of the outbox by a script the server sends back with the next question)."""
    page.wait_for_function("window.minvejOutbox.count() === 0")
    context.set_offline(True)


def _start_dream_to_goal(page: Page, app: AppServer, citizen: str, dream: str) -> None:
    _give_dream(app, citizen, dream)
    _log_in(page, app.base_url, citizen)
    _open_chat(page, app.base_url, DREAM_TO_GOAL, "Gør en drøm til et mål")
    _expect_question(page, PICK_DREAM)
    assert_accessible(page)
    _choose(page, dream, then=TITLE)


def _hold_replies(page: Page) -> Callable[[], Callable[[str], None]]:
    """Set up before the page opens its websocket. Calling what it returns holds the server's messages
    in the test from then on, as on a slow line; calling what that returns waits (15 s at most) until a
    held message contains `marker`, then lets them all through, in order."""
    line: dict = {"holding": False, "held": [], "page_side": None}

    def route(ws: WebSocketRoute) -> None:
        line["page_side"] = ws
        server = ws.connect_to_server()
        server.on_message(lambda message: line["held"].append(message) if line["holding"] else ws.send(message))

    page.route_web_socket(re.compile(r"/_event"), route)

    def hold() -> Callable[[str], None]:
        line["holding"] = True

        def release(marker: str) -> None:
            for _ in range(150):
                if any(marker in str(message) for message in line["held"]):
                    break
                page.wait_for_timeout(100)  # lets Playwright take the server's messages meanwhile
            else:
                raise AssertionError(f"no message with {marker!r} came from the server")
            held, line["held"], line["holding"] = line["held"], [], False
            for message in held:
                line["page_side"].send(message)
        return release
    return hold


def give_goal(app: AppServer, username: str, title: str) -> None:
    """An active goal in the citizen's workbook, as the chat leaves one (one item, one version)."""
    citizen_id, now = app.user_id(username), db_time(datetime.now(UTC))
    app.execute("INSERT INTO workbook_item (citizen_id, kind, position, version, created_at, updated_at)"
                " VALUES (?, 'goal', 0, 1, ?, ?)", (citizen_id, now, now))
    item_id = app.query("SELECT max(id) FROM workbook_item WHERE citizen_id = ?", (citizen_id,))[0][0]
    app.execute("INSERT INTO item_version (item_id, number, content, author_id, via, created_at)"
                " VALUES (?, 1, ?, ?, 'chat', ?)",
                (item_id, json.dumps({"title": title, "status": "active"}), citizen_id, now))


# ------------------------------------------------------------------ what a screen reader is told

# Every change inside the page's alert and status lines (role=alert, role=status: what a screen reader reads out
# when it changes), as the text the line then shows, if it is shown at all: a line written again with the same
# words counts again, as a screen reader may read it again; the changes the page makes in one go count once.
# The chat's own log (role=log) is not counted.
LISTEN = """() => {
    window.__said = [];
    const lines = "[role=alert], [role=status]";
    const lineOf = node => {
        const element = node && (node.nodeType === 1 ? node : node.parentElement);
        return element && element.closest(lines);
    };
    new MutationObserver(records => {
        new Set(records.flatMap(record => [record.target, ...record.addedNodes]).map(lineOf)).forEach(line => {
            const text = line && !line.closest("[hidden]") ? line.textContent.trim() : "";
            if (text) window.__said.push(text);
        });
    }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                                attributeFilter: ["hidden"]});
}"""


def listen_to_live_lines(page: Page) -> Callable[[], list[str]]:
    """From now on, what the page's alert and status lines say; call the result for the list so far."""
    page.evaluate(LISTEN)
    return lambda: page.evaluate("window.__said")
