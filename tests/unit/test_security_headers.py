"""Every HTTP response carries the security headers (the e2e test checks the real app's routes and that
Chromium reports no CSP violation on the pages)."""

import base64
import hashlib

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from citizenplan.security_headers import SecurityHeaders, content_security_policy, inline_script_hashes

PAGE = "<html><head><script>window.x = 1;</script><script src='/a.js'></script></head>" \
       "<body><script type=\"module\" async>import('/b.js')</script></body></html>"


def _sha(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.setenv("CITIZENPLAN_PUBLIC_URL", "http://localhost:3000")
    (tmp_path / "index.html").write_text(PAGE)
    routes = [
        Route("/", lambda _: Response(PAGE, media_type="text/html")),
        Route("/manifest.webmanifest", lambda _: PlainTextResponse("{}")),
        Route("/boom", lambda _: PlainTextResponse("no", status_code=500)),
    ]
    app = SecurityHeaders(Starlette(routes=routes), static_dir=lambda: tmp_path)
    return TestClient(app, base_url="http://localhost:3000")


@pytest.mark.parametrize("path", ["/", "/manifest.webmanifest", "/boom", "/missing", "/assets/root-abc.js"])
def test_every_response_carries_the_headers(client, path):
    headers = client.get(path).headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in headers["permissions-policy"]
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy and "base-uri 'none'" in policy
    assert "strict-transport-security" not in headers


def test_the_policy_allows_exactly_the_inline_scripts_of_the_build(client):
    policy = client.get("/").headers["content-security-policy"]
    script_src = next(part for part in policy.split("; ") if part.startswith("script-src "))
    assert _sha("window.x = 1;") in script_src
    assert _sha("import('/b.js')") in script_src
    assert "'unsafe-inline'" not in script_src
    assert "connect-src 'self' ws://localhost:3000 ws://127.0.0.1:3000;" in policy  # no [::1]: not valid in CSP


def test_a_built_file_gets_a_short_policy_without_the_script_hashes(client):
    """Scripts, stylesheets and icons are no documents: the page's long policy (a hash per inline script) only
    cost bytes on each of them (issue 21). The short one refuses everything; the page and sw.js keep theirs."""
    page = client.get("/").headers["content-security-policy"]
    for path in ("/assets/root-abc.js", "/icons/icon-192.png", "/minvej.js", "/manifest.webmanifest"):
        policy = client.get(path).headers["content-security-policy"]
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy, path
        assert "sha256-" not in policy and len(policy) < len(page) / 2, path
    assert "sha256-" in client.get("/sw.js").headers["content-security-policy"]


def test_hsts_only_over_tls(client):
    assert "strict-transport-security" in client.get("/", headers={"X-Forwarded-Proto": "https"}).headers
    tls = TestClient(client.app, base_url="https://minvej.example.dk")
    assert tls.get("/").headers["strict-transport-security"].startswith("max-age=")


def test_the_manifest_is_served_as_a_manifest(client):
    assert client.get("/manifest.webmanifest").headers["content-type"] == "application/manifest+json"


def test_without_a_build_the_policy_still_refuses_inline_scripts(tmp_path):
    assert inline_script_hashes(tmp_path / "nothing") == ()
    policy = content_security_policy(("https://minvej.example.dk",), ())
    assert "script-src 'self' 'unsafe-eval';" in policy
    assert "connect-src 'self' wss://minvej.example.dk;" in policy


def test_a_websocket_on_another_host_is_named_and_a_loopback_one_is_not():
    elsewhere = content_security_policy(("https://minvej.example.dk",), (), "https://api.minvej.example.dk")
    assert "connect-src 'self' wss://minvej.example.dk wss://api.minvej.example.dk https://api.minvej.example.dk;" \
        in elsewhere
    default = content_security_policy(("https://minvej.example.dk",), (), "http://localhost:3000")
    assert "connect-src 'self' wss://minvej.example.dk;" in default
