"""Over TLS the session cookie carries the __Host- prefix, and a plain-named cookie is not read: a sibling
site on a shared parent domain cannot plant a session (session fixation, ASVS 3.3.1)."""

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from citizenplan.auth import http as auth_http
from citizenplan.auth import sessions
from citizenplan.auth.cookies import COOKIE_NAME, HOST_COOKIE_NAME, token_from_cookie_header
from citizenplan.db import session_scope
from citizenplan.demo import DEMO_PASSWORD

TLS = "https://minvej.example.dk"


def test_over_tls_only_the_host_prefixed_cookie_is_read(monkeypatch):
    monkeypatch.setenv("CITIZENPLAN_PUBLIC_URL", TLS)
    assert token_from_cookie_header(f"{COOKIE_NAME}=planted") is None
    assert token_from_cookie_header(f"{COOKIE_NAME}=planted; {HOST_COOKIE_NAME}=mine") == "mine"


def test_on_plain_http_the_plain_cookie_is_read(monkeypatch):
    monkeypatch.setenv("CITIZENPLAN_PUBLIC_URL", "http://localhost:3000")
    assert token_from_cookie_header(f"{COOKIE_NAME}=mine") == "mine"


@pytest.fixture
def tls_client(demo_people, monkeypatch):
    monkeypatch.setenv("CITIZENPLAN_PUBLIC_URL", TLS)
    with TestClient(Starlette(routes=auth_http.ROUTES), base_url=TLS) as client:
        yield client


def test_a_login_over_tls_sets_a_host_prefixed_secure_cookie_for_the_whole_host(tls_client):
    with session_scope() as db:
        ticket = sessions.begin_login(db, "bo", DEMO_PASSWORD).ticket
    response = tls_client.post("/auth/session", json={"ticket": ticket},
                               headers={"Origin": TLS, "Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 204
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{HOST_COOKIE_NAME}=")
    assert "secure" in cookie.lower() and "path=/" in cookie.lower() and "domain" not in cookie.lower()


def test_logout_over_tls_clears_the_host_prefixed_cookie(tls_client):
    response = tls_client.post("/auth/logout", content="{}", headers={
        "Content-Type": "application/json", "Origin": TLS, "Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 204
    cleared = response.headers.get_list("set-cookie")
    assert any(c.startswith(f"{HOST_COOKIE_NAME}=") and "max-age=0" in c.lower() and "secure" in c.lower()
               for c in cleared)
