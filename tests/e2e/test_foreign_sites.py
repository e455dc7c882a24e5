"""Foreign sites (issue 16, section 3): another site cannot log a browser in, talk to the app with its
cookie, frame it or run script in it, and the server log keeps no cookie, token or payload.

The foreign site is a real page on another origin: a small HTTP server on 127.0.0.2 (another site than
localhost, where the app runs), so Chromium sends what it sends for a cross-site page.
"""

import html
import http.server
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from citizenplan.demo import DEMO_PASSWORD
from citizenplan.flows import FLOWS
from tests.support.app_server import AppServer, db_time, free_port
from tests.support.browser import expect_at, expect_login_page, fill_login, login, logout, open_page

pytestmark = pytest.mark.e2e

COOKIE = "minvej_session"
EVIL_HOST = "127.0.0.2"
FOREIGN_ORIGIN = "http://evil.example"


# ------------------------------------------------------------------ helpers


@pytest.fixture
def foreign_site() -> Iterator[dict]:
    """A foreign web site: `site["page"] = html` sets what it serves at /; yields the dict with its url."""
    site: dict = {"page": ""}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            body = site["page"].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args) -> None:
            pass

    server = http.server.ThreadingHTTPServer((EVIL_HOST, free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site["url"] = f"http://{EVIL_HOST}:{server.server_address[1]}/"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def _session_cookies(context: BrowserContext) -> list[dict]:
    return [cookie for cookie in context.cookies() if cookie["name"] == COOKIE]


def _attacker_ticket(new_context, app_url: str) -> str:
    """The attacker logs into his own account and keeps the one-use ticket instead of redeeming it."""
    attacker = new_context().new_page()
    tickets: list[str] = []

    def keep(route) -> None:
        tickets.append(json.loads(route.request.post_data)["ticket"])
        route.abort()

    attacker.route("**/auth/session", keep)
    open_page(attacker, app_url, "/")
    fill_login(attacker, "bo", DEMO_PASSWORD)
    deadline = time.monotonic() + 15
    while not tickets and time.monotonic() < deadline:
        attacker.wait_for_timeout(100)
    assert tickets, "the login page never posted its ticket"
    return tickets[0]


def _get(url: str, headers: dict[str, str] | None = None, method: str = "GET", body: bytes | None = None):
    """(status, headers) of one request, without following redirects."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *_args, **_kwargs):
            return None

    request = urllib.request.Request(url, data=body, headers=headers or {}, method=method)  # noqa: S310
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=15) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def _websocket_handshake(app_url: str, origin: str) -> str:
    """The status line the app answers a socket.io websocket handshake from `origin` with."""
    parts = urlsplit(app_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=15) as connection:
        connection.sendall((
            "GET /_event/?EIO=4&transport=websocket HTTP/1.1\r\n"
            f"Host: {parts.netloc}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: {origin}\r\n\r\n").encode())
        return connection.recv(4096).split(b"\r\n", 1)[0].decode()


# ------------------------------------------------------------------ login CSRF


def test_a_foreign_page_cannot_log_the_browser_into_another_account(
        page: Page, context: BrowserContext, new_context, app_url: str, foreign_site: dict) -> None:
    ticket = _attacker_ticket(new_context, app_url)
    # The classic trick: a text/plain form whose body is JSON, posted without a preflight.
    # The browser posts `name=value`: here {"ticket":"…","x":"="}, which parses as JSON.
    field = html.escape('{"ticket":"' + ticket + '","x":"')
    foreign_site["page"] = f"""<!doctype html><html><body>
      <form id="f" method="POST" enctype="text/plain" action="{app_url}/auth/session">
        <input type="hidden" name="{field}" value='"}}'>
      </form><script>document.getElementById("f").submit();</script></body></html>"""

    with page.expect_response(re.compile(r".*/auth/session$")) as answer:
        page.goto(foreign_site["url"], wait_until="commit")
    status = answer.value.status

    own_tab = context.new_page()  # the same browser, in a tab of its own
    open_page(own_tab, app_url, "/borger")
    assert _session_cookies(context) == [], "the foreign page logged the browser in"
    expect_login_page(own_tab)
    assert status == 403


def test_the_app_s_own_login_and_logout_still_work(page: Page, context: BrowserContext, app_url: str) -> None:
    login(page, app_url, "anna", DEMO_PASSWORD, home="/borger")
    assert len(_session_cookies(context)) == 1
    logout(page)
    assert _session_cookies(context) == []


# ------------------------------------------------------------------ CORS and the websocket


def test_on_a_developer_machine_127_0_0_1_works_as_well_as_localhost(page: Page, app_url: str) -> None:
    """The public URL says localhost; a browser at http://127.0.0.1:PORT is the same machine and may log in."""
    loopback = app_url.replace("://localhost:", "://127.0.0.1:")
    login(page, loopback, "anna", DEMO_PASSWORD, home="/borger")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Anna Jensen")
    assert page.url.startswith(loopback)


def test_only_the_app_s_own_origin_gets_cors_and_the_websocket(app_url: str) -> None:
    _, foreign = _get(app_url + "/ping", {"Origin": FOREIGN_ORIGIN})
    assert foreign.get("access-control-allow-origin") is None
    _, own = _get(app_url + "/ping", {"Origin": app_url})
    assert own.get("access-control-allow-origin") == app_url

    assert " 101 " not in _websocket_handshake(app_url, FOREIGN_ORIGIN) + " "
    assert " 101 " in _websocket_handshake(app_url, app_url) + " "


# ------------------------------------------------------------------ security headers and the CSP


def test_every_kind_of_response_carries_the_security_headers(page: Page, app: AppServer) -> None:
    open_page(page, app.base_url, "/")
    links = page.evaluate("[...document.querySelectorAll('link[href^=\"/assets/\"]')].map(l => l.getAttribute('href'))")
    script = next(link for link in links if link.endswith(".js"))
    stylesheet = next(link for link in links if link.endswith(".css"))
    responses = {
        "login page": _get(app.url("/")),
        "citizen page (prerendered)": _get(app.url("/borger")),
        "script asset": _get(app.url(script)),
        "stylesheet": _get(app.url(stylesheet)),
        "our own script": _get(app.url("/minvej.js")),
        "service worker": _get(app.url("/sw.js")),
        "manifest": _get(app.url("/manifest.webmanifest")),
        "ping": _get(app.url("/ping")),
        "pdf without login": _get(app.url("/pdf/handleplan?id=1")),
        "refused login post": _get(app.url("/auth/session"), method="POST", body=b"{}",
                                   headers={"Content-Type": "text/plain"}),
        "no such page": _get(app.url("/no-such-page-" + uuid.uuid4().hex)),
    }
    for name, (status, headers) in responses.items():
        assert status < 500, name
        assert headers.get("x-frame-options") == "DENY", name
        assert headers.get("x-content-type-options") == "nosniff", name
        assert headers.get("referrer-policy") == "no-referrer", name
        assert headers.get("cross-origin-opener-policy") == "same-origin", name
        assert "camera=()" in headers.get("permissions-policy", ""), name
        policy = headers.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, name
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0], name
        assert headers.get("strict-transport-security") is None, f"{name}: HSTS over plain http"
    assert responses["manifest"][1]["content-type"] == "application/manifest+json"
    _, behind_tls = _get(app.url("/"), {"X-Forwarded-Proto": "https"})
    assert behind_tls.get("strict-transport-security", "").startswith("max-age=")


@pytest.fixture
def citizen(app: AppServer) -> str:
    """A new citizen with an empty workbook (a copy of dennis), so the chat may write freely."""
    username = f"csp.{uuid.uuid4().hex[:10]}"
    now = db_time(datetime.now(UTC))
    app.execute(
        "INSERT INTO user (username, display_name, role, unit_id, locale, password_hash, created_at, activated_at)"
        " SELECT ?, 'Sofie Politik', role, unit_id, 'da', password_hash, ?, ? FROM user WHERE username = 'dennis'",
        (username, now, now))
    return username


def _watch_csp(context: BrowserContext) -> list[str]:
    """Every CSP violation and console error of the context's pages, as text."""
    found: list[str] = []
    context.expose_binding("__minvejCspViolation", lambda _source, text: found.append(text))
    context.add_init_script("""document.addEventListener('securitypolicyviolation', e =>
        window.__minvejCspViolation(`${location.pathname}: ${e.violatedDirective} ${e.blockedURI}`));""")
    context.on("page", lambda page: page.on(
        "console", lambda message: found.append(f"console {message.type}: {message.text}")
        if message.type == "error" else None))
    return found


def test_the_pages_work_under_the_policy_with_no_violation(new_context, app_url: str, citizen: str) -> None:
    context = new_context()
    found = _watch_csp(context)
    page = context.new_page()

    login(page, app_url, citizen, DEMO_PASSWORD, home="/borger")           # login: eval of the redeem script
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Sofie Politik")
    page.get_by_role("button", name="Start: Kom godt i gang").click()      # chat
    expect_at(page, "/samtale")
    flow = FLOWS["getting_started"]
    expect(page.get_by_role("log")).to_contain_text(flow.step("who").say[-1])
    page.get_by_label("Dit svar", exact=True).fill("Jeg hedder Sofie")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("log").locator(":scope > *").last).to_contain_text(flow.step("want").say[-1])
    open_page(page, app_url, "/arbejdsbog")                                  # workbook
    expect(page.get_by_role("heading", level=1, name="Min arbejdsbog")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Jeg hedder Sofie")
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") >= 1
    logout(page)

    staff = context.new_page()                                               # a code card with its QR (data:)
    login(staff, app_url, "maria", DEMO_PASSWORD, home="/kontaktperson")
    staff.get_by_label("Borgerens navn").fill(f"Politik {uuid.uuid4().hex[:6]}")
    staff.get_by_role("button", name="Opret og lav kode").click()
    expect(staff.get_by_role("img", name=re.compile("QR"))).to_be_visible()
    assert staff.evaluate("[...document.images].filter(i => i.src.startsWith('data:')).every(i => i.naturalWidth > 0)")
    logout(staff)

    assert found == [], "\n".join(found)


def test_no_page_of_the_app_can_be_framed(page: Page, app_url: str, foreign_site: dict) -> None:
    foreign_site["page"] = (f'<!doctype html><iframe id="f" src="{app_url}/" onload="window.framed = true">'
                            '</iframe>')
    page.goto(foreign_site["url"])
    page.wait_for_function("window.framed === true")  # loaded, or refused (then an error page is loaded)
    assert not page.frames[1].url.startswith(app_url), "the login page was shown inside a foreign page"


# ------------------------------------------------------------------ the server log


def test_the_log_keeps_no_cookie_no_token_and_no_payload(page: Page, context: BrowserContext, app: AppServer) -> None:
    marker = f"Min hemmelige plan {uuid.uuid4().hex}"
    login(page, app.base_url, "anna", DEMO_PASSWORD, home="/borger")
    cookie = _session_cookies(context)[0]["value"]
    tab_token = page.evaluate("sessionStorage.getItem('token')")
    handler = f"no_such_handler_{uuid.uuid4().hex[:8]}"
    # A second socket of the same tab (its cookie, its token) sends an event no handler has, and a
    # malformed one, each carrying what a citizen might have written.
    page.evaluate("""([handler, marker]) => new Promise(resolve => {
      const ws = new WebSocket(location.origin.replace('http', 'ws') + '/_event/?EIO=4&transport=websocket&token='
                               + sessionStorage.getItem('token'));
      ws.onmessage = (message) => {
        if (message.data.startsWith('0')) ws.send('40/_event,');
        else if (message.data.startsWith('40/_event')) {
          const router = {pathname: '/borger', query: {}, asPath: '/borger'};
          ws.send('42/_event,' + JSON.stringify(['event', {name: 'reflex___state____state.' + handler,
                                                          payload: {text: marker}, router_data: router}]));
          ws.send('42/_event,' + JSON.stringify(['event', JSON.stringify({payload: {text: marker}})]));
          setTimeout(() => { ws.close(); resolve(); }, 1500);
        }
      };
      ws.onerror = () => resolve();
    })""", [handler, marker])

    deadline = time.monotonic() + 20
    while handler not in app.log_path.read_text(errors="replace") and time.monotonic() < deadline:
        time.sleep(0.2)
    log = app.log_path.read_text(errors="replace")
    assert handler in log, "the unknown event was never logged"
    unwrapped = re.sub(r"\s+", "", log)  # Reflex's console wraps long lines: a secret may be split
    for name, secret in (("session cookie", cookie), ("tab token", tab_token), ("payload", marker)):
        assert secret not in log and re.sub(r"\s+", "", secret) not in unwrapped, f"the {name} is in the log"
