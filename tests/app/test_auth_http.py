"""POST /auth/session and /auth/logout answer only the app's own pages (login CSRF).

A foreign page can make a browser POST a `text/plain` form (no preflight) or a JSON fetch; either must
get 403 and leave the cookie as it was. The app's own fetch (login.py, session.py) must still work.
"""

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from citizenplan.auth import http as auth_http
from citizenplan.auth import sessions
from citizenplan.auth.cookies import COOKIE_NAME
from citizenplan.db import session_scope
from citizenplan.demo import DEMO_PASSWORD
from citizenplan.domain import accounts
from tests.support.states import token_for

OURS = "http://localhost:3000"
JSON = {"Content-Type": "application/json"}
SAME_ORIGIN = {**JSON, "Origin": OURS, "Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def client(demo_people, monkeypatch):
    monkeypatch.setenv("CITIZENPLAN_PUBLIC_URL", OURS)
    with TestClient(Starlette(routes=auth_http.ROUTES), base_url=OURS) as test_client:
        yield test_client


def _ticket(username: str = "bo") -> str:
    with session_scope() as db:
        return sessions.begin_login(db, username, DEMO_PASSWORD).ticket


def _still_redeemable(ticket: str) -> bool:
    with session_scope() as db:
        return sessions.redeem_ticket(db, ticket) is not None


def _live(token: str) -> bool:
    with session_scope() as db:
        return accounts.actor_from_token(db, token) is not None


def test_a_foreign_text_plain_form_cannot_log_the_browser_in(client):
    ticket = _ticket()
    # What <form enctype="text/plain"> with name='{"ticket":"…","x":"' value='"}' posts from evil.example.
    body = '{"ticket":"' + ticket + '","x":"="}'
    response = client.post("/auth/session", content=body, headers={
        "Content-Type": "text/plain", "Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert "set-cookie" not in response.headers
    assert _still_redeemable(ticket), "a refused request must not use up the ticket"


@pytest.mark.parametrize("headers", [
    pytest.param({**JSON, "Origin": "http://evil.example"}, id="foreign-origin"),
    pytest.param({**JSON, "Origin": "null"}, id="opaque-origin"),
    pytest.param({**JSON, "Origin": "https://localhost:3000"}, id="other-scheme"),
    pytest.param({**JSON, "Origin": "http://localhost:3001"}, id="other-port"),
    pytest.param({**JSON, "Origin": OURS, "Sec-Fetch-Site": "same-site"}, id="same-site"),
    pytest.param({**JSON, "Origin": OURS, "Sec-Fetch-Site": "cross-site"}, id="cross-site"),
    pytest.param({**JSON, "Sec-Fetch-Site": "cross-site"}, id="cross-site-no-origin"),
    pytest.param(JSON, id="neither-origin-nor-fetch-site"),
    pytest.param({"Content-Type": "text/plain", "Origin": OURS, "Sec-Fetch-Site": "same-origin"}, id="text-plain"),
    pytest.param({"Content-Type": "application/x-www-form-urlencoded", "Origin": OURS}, id="form"),
])
def test_only_a_json_request_from_our_own_page_may_swap_a_ticket(client, headers):
    ticket = _ticket()
    response = client.post("/auth/session", json={"ticket": ticket}, headers=headers)
    assert response.status_code == 403
    assert "set-cookie" not in response.headers
    assert _still_redeemable(ticket)


@pytest.mark.parametrize("headers", [
    pytest.param(SAME_ORIGIN, id="origin-and-fetch-site"),
    pytest.param({**JSON, "Origin": OURS}, id="origin-only"),
    pytest.param({**JSON, "Sec-Fetch-Site": "same-origin"}, id="fetch-site-only"),
    pytest.param({**JSON, "Origin": "http://127.0.0.1:3000"}, id="loopback-alias"),
    pytest.param({"Content-Type": "application/json; charset=utf-8", "Origin": OURS}, id="json-with-charset"),
])
def test_our_own_login_page_gets_the_cookie(client, headers):
    response = client.post("/auth/session", json={"ticket": _ticket()}, headers=headers)
    assert response.status_code == 204
    assert f"{COOKIE_NAME}=" in response.headers["set-cookie"]
    assert "httponly" in response.headers["set-cookie"].lower()


def test_a_foreign_page_cannot_log_the_browser_out(client):
    token = token_for("bo")
    client.cookies.set(COOKIE_NAME, token)
    for headers in ({"Content-Type": "text/plain", "Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"},
                    {**JSON, "Origin": "http://evil.example"}):
        response = client.post("/auth/logout", content="{}", headers=headers)
        assert response.status_code == 403
        assert "set-cookie" not in response.headers
    assert _live(token), "a refused logout must not end the session"


def test_our_own_logout_ends_the_session_and_clears_the_cookie(client):
    token = token_for("bo")
    client.cookies.set(COOKIE_NAME, token)
    response = client.post("/auth/logout", content="{}", headers=SAME_ORIGIN)
    assert response.status_code == 204
    assert "max-age=0" in response.headers["set-cookie"].lower()
    assert not _live(token)


def test_the_app_s_own_scripts_post_json():
    """The fetches that call the two endpoints send what the endpoints now demand (the e2e login and
    logout tests show they work in a browser)."""
    from citizenplan.state.login import REDEEM_SCRIPT
    from citizenplan.state.session import LOGOUT_SCRIPT

    for script in (REDEEM_SCRIPT, LOGOUT_SCRIPT):
        assert "'Content-Type': 'application/json'" in script
        assert "body:" in script
        assert "credentials: 'same-origin'" in script


@pytest.mark.parametrize("body", ["[" * 100_000, '"just a string"', "[1, 2]", '{"ticket": {"a": 1}}'])
def test_a_forged_body_from_our_own_page_is_a_plain_400_never_a_crash(client, body):
    response = client.post("/auth/session", content=body, headers=SAME_ORIGIN)
    assert response.status_code == 400
    assert "set-cookie" not in response.headers
