"""A shared phone or a shelter PC: nothing of one person's words reaches the next person in the same tab,
nor anyone who replays the tab's Reflex token (issue 16, section 1).

Every test writes a private dream with a unique text for one citizen, has her open it, and then searches
every websocket frame that the next person's tab (or a replaying client) receives for that text.
"""

import json
import secrets
from datetime import UTC, datetime

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from citizenplan.demo import DEMO_PASSWORD
from tests.support.app_server import AppServer, db_time
from tests.support.browser import expect_at, login, logout, open_page

pytestmark = pytest.mark.e2e


def _private_dream(app: AppServer, username: str) -> tuple[int, str]:
    """A private dream in `username`'s workbook whose words appear nowhere else."""
    words = f"Min hemmelige drøm {secrets.token_hex(6)}"
    citizen = app.user_id(username)
    now = db_time(datetime.now(UTC))
    app.execute("INSERT INTO workbook_item (citizen_id, kind, position, version, created_at, updated_at) "
                "VALUES (?, 'dream', 0, 1, ?, ?)", (citizen, now, now))
    item_id = app.query("SELECT max(id) FROM workbook_item WHERE citizen_id = ?", (citizen,))[0][0]
    app.execute("INSERT INTO item_version (item_id, number, content, author_id, via, created_at) "
                "VALUES (?, 1, ?, ?, 'workbook', ?)",
                (item_id, json.dumps({"text": words}), citizen, now))
    return item_id, words


def _frames_of(page: Page) -> list[str]:
    frames: list[str] = []
    page.on("websocket", lambda socket: socket.on("framereceived", lambda frame: frames.append(str(frame))))
    return frames


def _open_her_dream(page: Page, app: AppServer, item_id: int, words: str) -> None:
    open_page(page, app.base_url, f"/arbejdsbog/punkt?id={item_id}")
    expect(page.get_by_text(words).first).to_be_visible()
    open_page(page, app.base_url, "/arbejdsbog")
    expect(page.get_by_text(words).first).to_be_visible()


def _leaks(frames: list[str], words: str) -> list[str]:
    return [frame[:200] for frame in frames if words in frame]


def test_after_logout_the_login_page_and_the_next_person_in_the_tab_get_none_of_her_words(
        page: Page, app: AppServer) -> None:
    item_id, words = _private_dream(app, "dennis")
    login(page, app.base_url, "dennis", DEMO_PASSWORD, home="/borger")
    _open_her_dream(page, app, item_id, words)
    token_before = page.evaluate("sessionStorage.getItem('token')")

    frames = _frames_of(page)
    logout(page)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    token_after = page.evaluate("sessionStorage.getItem('token')")
    outbox_after = page.evaluate("localStorage.getItem('minvej-outbox')")
    login(page, app.base_url, "camilla", DEMO_PASSWORD, home="/borger")
    for path in ("/arbejdsbog", "/borger"):
        open_page(page, app.base_url, path)

    assert frames, "no websocket frames were seen"
    assert _leaks(frames, words) == []
    assert token_after != token_before, "logout clears the tab's token"
    assert outbox_after is None, "logout empties the chat's outbox"


def test_the_next_person_in_the_same_tab_gets_none_of_her_words_even_with_the_old_token(
        new_context, app: AppServer) -> None:
    """Logout in another way than the button (the session expired, or 'Log ud på alle enheder' on another
    phone): the tab keeps its token, and the next login in it must still start from nothing."""
    item_id, words = _private_dream(app, "dennis")
    first: BrowserContext = new_context()
    page = first.new_page()
    login(page, app.base_url, "dennis", DEMO_PASSWORD, home="/borger")
    _open_her_dream(page, app, item_id, words)
    token = page.evaluate("sessionStorage.getItem('token')")
    page.close()  # Reflex gives a token that is still connected elsewhere a new one; this one is free now

    second: BrowserContext = new_context()
    second.add_init_script(f"sessionStorage.setItem('token', {json.dumps(token)});")
    replay = second.new_page()
    frames = _frames_of(replay)
    open_page(replay, app.base_url, "/")  # her tab's token, no cookie
    login(replay, app.base_url, "camilla", DEMO_PASSWORD, home="/borger")  # the same token, his cookie
    for path in ("/arbejdsbog", "/borger"):
        open_page(replay, app.base_url, path)
    assert replay.evaluate("sessionStorage.getItem('token')") == token, "the replay used her token"

    assert frames, "no websocket frames were seen"
    assert _leaks(frames, words) == []


def test_her_own_tab_still_shows_her_words_after_a_reload(page: Page, app: AppServer) -> None:
    item_id, words = _private_dream(app, "dennis")
    login(page, app.base_url, "dennis", DEMO_PASSWORD, home="/borger")
    _open_her_dream(page, app, item_id, words)
    page.reload()
    expect_at(page, "/arbejdsbog")
    expect(page.get_by_text(words).first).to_be_visible()


def test_the_state_store_and_the_database_are_the_apps_alone(page: Page, app: AppServer) -> None:
    item_id, words = _private_dream(app, "dennis")
    login(page, app.base_url, "dennis", DEMO_PASSWORD, home="/borger")
    _open_her_dream(page, app, item_id, words)
    states = app.data_dir.parent / "states"

    for folder in (states, app.data_dir):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
        files = [path for path in folder.rglob("*") if path.is_file()]
        assert files, f"nothing written in {folder}"
        assert {oct(path.stat().st_mode & 0o777) for path in files} == {"0o600"}, folder
