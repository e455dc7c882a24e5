"""The login session lives in an HttpOnly, SameSite=Strict cookie: no script can read it, the server
decides whether it is still good, and logging out ends it."""

import secrets
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from citizenplan.demo import DEMO_PASSWORD
from tests.support.app_server import AppServer, db_time
from tests.support.axe import assert_accessible
from tests.support.browser import expect_at, expect_login_page, login, logout, open_page

pytestmark = pytest.mark.e2e

COOKIE = "minvej_session"


def _session_cookie(context: BrowserContext) -> dict:
    cookies = [cookie for cookie in context.cookies() if cookie["name"] == COOKIE]
    assert len(cookies) == 1, f"expected one {COOKIE} cookie, got {context.cookies()}"
    return cookies[0]


def test_the_session_cookie_is_http_only_and_strict_and_never_reaches_javascript(
        page: Page, context: BrowserContext, app_url: str) -> None:
    received: list[str] = []
    page.on("websocket", lambda socket: socket.on("framereceived", lambda frame: received.append(str(frame))))

    login(page, app_url, "anna", DEMO_PASSWORD, home="/borger")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Anna Jensen")
    assert_accessible(page)

    cookie = _session_cookie(context)
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert len(cookie["value"]) >= 40
    for path in ("/borger", "/aktiver"):
        open_page(page, app_url, path)
        assert_accessible(page)
        readable = page.evaluate("document.cookie")
        assert COOKIE not in readable, f"{path}: document.cookie = {readable!r}"
        assert cookie["value"] not in readable
        storage = page.evaluate("JSON.stringify({...localStorage}) + JSON.stringify({...sessionStorage})")
        assert cookie["value"] not in storage, f"{path}: the token is in web storage"
    assert received, "no websocket frames were seen"
    assert not any(cookie["value"] in frame for frame in received), "the token was sent to the page"


def test_a_forged_session_cookie_leads_to_the_login_page(context: BrowserContext, page: Page,
                                                         app_url: str) -> None:
    context.add_cookies([{"name": COOKIE, "value": secrets.token_urlsafe(32), "url": app_url,
                          "httpOnly": True, "sameSite": "Strict"}])

    open_page(page, app_url, "/borger")

    expect_login_page(page)
    assert_accessible(page)


def test_a_session_idle_for_two_hours_has_expired(page: Page, context: BrowserContext, app: AppServer) -> None:
    login(page, app.base_url, "anna", DEMO_PASSWORD, home="/borger")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Anna Jensen")

    two_hours_ago = db_time(datetime.now(UTC) - timedelta(hours=2))
    changed = app.execute("UPDATE auth_session SET last_seen_at = ? WHERE user_id = ? AND ended_at IS NULL",
                          (two_hours_ago, app.user_id("anna")))
    assert changed >= 1
    page.reload()

    expect_login_page(page)
    assert_accessible(page)


def test_logging_out_ends_the_session(page: Page, context: BrowserContext, app_url: str) -> None:
    login(page, app_url, "anna", DEMO_PASSWORD, home="/borger")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Anna Jensen")
    token = _session_cookie(context)["value"]

    logout(page)

    expect_login_page(page)
    assert_accessible(page)
    assert all(cookie["name"] != COOKIE for cookie in context.cookies())
    open_page(page, app_url, "/borger")
    expect_login_page(page)

    # Even the old cookie, put back by hand, no longer opens the page.
    context.add_cookies([{"name": COOKIE, "value": token, "url": app_url, "httpOnly": True, "sameSite": "Strict"}])
    open_page(page, app_url, "/borger")
    expect_login_page(page)
    expect_at(page, "/")
