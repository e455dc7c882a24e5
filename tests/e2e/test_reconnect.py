"""A reconnect keeps what the citizen is typing, and the connection message is ours (issue 18).

The backend of an app of this module's own is killed (SIGKILL, as a worker dies) and started again with the
tabs' stored states gone, so the reconnecting tab gets a fresh state that the page rebuilds from the
database, as after a worker that died before it wrote the state, or a reconnect that hands the tab a new
token. Meanwhile the page must say, in Danish and in a status line a screen reader reads, that the
connection is away, never Reflex's English "Cannot connect to server"; afterwards the box holds what she had
typed, and Send stores exactly that once. Drafts live in the browser and go at logout.

The app is not the session's shared one (the other tests must not see it die): it is built once for this
module, on the demo data, like tests/support/app_server.py's.
"""

import json
import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from citizenplan.components.connection import CONNECTION_LOST
from citizenplan.demo import DEMO_PASSWORD
from citizenplan.flows import FLOWS
from tests.support import app_server
from tests.support.app_server import AppServer, db_time
from tests.support.axe import assert_accessible
from tests.support.browser import login, logout, new_context, open_page, wait_until_interactive
from tests.support.connection import WATCH_ENGLISH

pytestmark = pytest.mark.e2e

WANT, HOPE = (FLOWS["getting_started"].step(step).say[-1] for step in ("want", "hope"))
BACK_MS = 240_000  # the restarted backend builds its pages again before it answers
SLOW_MS = 60_000  # a page's first answer from a backend that has just come back, on a loaded machine


class RestartableApp:
    """`reflex run --env prod` on one port, which a test may kill and start again on the same port."""

    def __init__(self, root: Path) -> None:
        self.root, self.port = root, app_server.free_port()
        self.env = app_server.app_environment(root, self.port)
        self.log = root / "reflex.log"
        self.server = AppServer(base_url=f"http://localhost:{self.port}", data_dir=root / "data", log_path=self.log)
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("a") as handle:
            self.process = subprocess.Popen(
                [app_server._venv_script("reflex"), "run", "--env", "prod", "--frontend-port", str(self.port),
                 "--backend-port", str(self.port)],
                cwd=app_server.PROJECT_DIR, env=self.env, stdin=subprocess.DEVNULL, stdout=handle,
                stderr=subprocess.STDOUT, start_new_session=True)

    def ensure_up(self) -> None:
        """Running and answering: a test that failed while the backend was down leaves it down."""
        if self.process is None or self.process.poll() is not None:
            self.start()
        self.wait_until_up()

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + app_server.START_TIMEOUT_S
        while not app_server._answers_ping(self.server.base_url):
            if self.process is None or self.process.poll() is not None or time.monotonic() > deadline:
                raise app_server.AppStartFailed(f"the app did not answer. Log {self.log}:\n"
                                                f"{app_server.log_tail(self.log)}")
            time.sleep(0.5)

    def kill(self, *, forget_states: bool) -> None:
        """SIGKILL, as a worker dies; with `forget_states` the tabs' stored states go with it."""
        assert self.process is not None
        _kill_group(self.process)
        if forget_states:
            shutil.rmtree(self.root / "states", ignore_errors=True)

    def stop(self) -> None:
        if self.process is not None:
            app_server._stop(self.process)


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(os.getpgid(process.pid), signal.SIGKILL)
    except ProcessLookupError:
        return
    process.wait(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the group's children (the workers) go too
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)


@pytest.fixture(scope="module")
def own_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RestartableApp]:
    root = tmp_path_factory.mktemp("reconnect-app")
    (root / "data").mkdir()
    app = RestartableApp(root)
    app_server._citizenplan(["migrate"], app.env, app.log)
    app_server._citizenplan(["demo"], app.env, app.log)
    app.start()
    try:
        app.wait_until_up()
        yield app
    finally:
        app.stop()


@pytest.fixture
def phone(browser: Browser, own_app: RestartableApp) -> Iterator[BrowserContext]:
    own_app.ensure_up()
    context = new_context(browser, own_app.server.base_url)
    context.add_init_script(WATCH_ENGLISH)
    yield context
    context.close()


def _citizen(app: AppServer) -> str:
    """A new citizen with an empty workbook (a copy of the demo citizen dennis, with the demo password)."""
    username = f"reconnect.{uuid.uuid4().hex[:10]}"
    now = db_time(datetime.now(UTC))
    app.execute(
        "INSERT INTO user (username, display_name, role, unit_id, locale, password_hash, created_at, activated_at)"
        " SELECT ?, 'Sofie Forbindelse', role, unit_id, 'da', password_hash, ?, ? FROM user WHERE username = 'dennis'",
        (username, now, now))
    return username


def _to_the_second_question(page: Page, app: AppServer, username: str) -> None:
    login(page, app.base_url, username, DEMO_PASSWORD, home="/borger")
    open_page(page, app.base_url, "/samtale?flow=getting_started")
    _box(page).fill("Jeg er Sofie og jeg bor i Odense")
    _box(page).press("Enter")
    _expect_question(page, WANT)
    page.wait_for_function("window.minvejOutbox.count() === 0")


def _box(page: Page):
    return page.get_by_label("Dit svar", exact=True)


def _expect_question(page: Page, question: str, timeout: float | None = None) -> None:
    expect(page.get_by_role("log").locator(":scope > *").last).to_contain_text(question, timeout=timeout)


def _connection_lost(page: Page):
    return page.get_by_role("status").filter(has_text=CONNECTION_LOST)


def _stored_answers(app: AppServer, username: str, value: str) -> int:
    return app.query(
        "SELECT count(*) FROM conversation_answer a JOIN conversation c ON c.id = a.conversation_id"
        " WHERE c.citizen_id = ? AND json_extract(a.value, '$') = ?", (app.user_id(username), value))[0][0]


def test_what_she_is_typing_survives_a_killed_backend_and_is_sent_exactly_once(
        own_app: RestartableApp, phone: BrowserContext, tmp_path: Path) -> None:
    app, want = own_app.server, "Jeg vil gerne cykle hen til min søster om søndagen"
    username = _citizen(app)
    page = phone.new_page()
    _to_the_second_question(page, app, username)
    _box(page).fill(want)  # typed, not sent
    expect(page.locator("#connection-status")).to_have_text("")

    own_app.kill(forget_states=True)
    expect(_connection_lost(page)).to_be_visible(timeout=30_000)
    live = page.locator("#connection-status")  # the polite region that was on the page, empty, before
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live.get_by_role("status")).to_have_text(CONNECTION_LOST)
    expect(live.locator("main")).to_have_count(0)  # beside the page, not around it
    page.screenshot(path=str(tmp_path / "connection-lost.png"))
    assert_accessible(page)
    own_app.start()
    own_app.wait_until_up()

    expect(_connection_lost(page)).to_have_count(0, timeout=BACK_MS)
    _expect_question(page, WANT)
    expect(_box(page)).to_have_value(want)
    assert page.evaluate("window.__englishConnectionText") is False, "Reflex's English toast was shown"

    page.get_by_role("button", name="Send", exact=True).click()
    _expect_question(page, HOPE)
    page.wait_for_function("window.minvejOutbox.count() === 0")
    expect(page.get_by_role("log").get_by_text(want, exact=True)).to_have_count(1)
    expect(_box(page)).to_have_value("")
    assert _stored_answers(app, username, want) == 1
    assert page.evaluate("localStorage.getItem('minvej-drafts')") is None  # stored, so no draft any more


def test_a_draft_survives_a_reload_and_logout_takes_it_away(own_app: RestartableApp, phone: BrowserContext) -> None:
    app, begun = own_app.server, "Jeg vil gerne lære at spille guitar"
    username = _citizen(app)
    page = phone.new_page()
    _to_the_second_question(page, app, username)
    _box(page).fill(begun)
    page.reload()
    wait_until_interactive(page)
    _expect_question(page, WANT, timeout=SLOW_MS)
    expect(_box(page)).to_have_value(begun)
    assert begun in (page.evaluate("localStorage.getItem('minvej-drafts')") or "")

    logout(page)
    assert page.evaluate("localStorage.getItem('minvej-drafts')") is None
    assert page.evaluate("localStorage.getItem('minvej-outbox')") is None
    login(page, app.base_url, username, DEMO_PASSWORD, home="/borger")
    open_page(page, app.base_url, "/samtale?flow=getting_started")
    _expect_question(page, WANT)
    expect(_box(page)).to_have_value("")


def _dream(app: AppServer, username: str, text: str) -> int:
    """A dream in the citizen's workbook, as the chat leaves it (one item, one version); its id."""
    citizen_id, now = app.user_id(username), db_time(datetime.now(UTC))
    app.execute("INSERT INTO workbook_item (citizen_id, kind, position, version, created_at, updated_at)"
                " VALUES (?, 'dream', 0, 1, ?, ?)", (citizen_id, now, now))
    item_id = app.query("SELECT max(id) FROM workbook_item WHERE citizen_id = ?", (citizen_id,))[0][0]
    app.execute("INSERT INTO item_version (item_id, number, content, author_id, via, created_at)"
                " VALUES (?, 1, ?, ?, 'chat', ?)", (item_id, json.dumps({"text": text}), citizen_id, now))
    return item_id


def test_a_half_written_change_to_an_item_comes_back_until_it_is_saved_or_cancelled(
        own_app: RestartableApp, phone: BrowserContext) -> None:
    app, dream, changed = own_app.server, "At rejse til Island", "At rejse til Island med min bror og se nordlys"
    username = _citizen(app)
    item = f"/arbejdsbog/punkt?id={_dream(app, username, dream)}"
    page = phone.new_page()
    login(page, app.base_url, username, DEMO_PASSWORD, home="/borger")
    open_page(page, app.base_url, item)
    text, edit = page.get_by_label("Tekst", exact=True), page.get_by_role("button", name="Ret", exact=True)

    edit.click()
    text.fill(changed)
    page.reload()  # as a reconnect that rebuilds the page: the form is closed, the words are not lost
    wait_until_interactive(page)
    edit.click()
    expect(text).to_have_value(changed)

    page.get_by_role("button", name="Fortryd", exact=True).click()  # dropped on purpose
    edit.click()
    expect(text).to_have_value(dream)
    text.fill(changed)
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(edit).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(changed)
    assert page.evaluate("localStorage.getItem('minvej-drafts')") is None


def test_every_page_says_it_in_danish_not_only_the_chat(own_app: RestartableApp, phone: BrowserContext) -> None:
    """The login page, before anyone has logged in: the line is the app's, around every page."""
    page = phone.new_page()
    open_page(page, own_app.server.base_url, "/")
    expect(page.locator("#connection-status")).to_have_text("")

    own_app.kill(forget_states=False)
    expect(_connection_lost(page)).to_be_visible(timeout=30_000)
    own_app.start()
    own_app.wait_until_up()
    expect(_connection_lost(page)).to_have_count(0, timeout=BACK_MS)
    assert page.evaluate("window.__englishConnectionText") is False, "Reflex's English toast was shown"
