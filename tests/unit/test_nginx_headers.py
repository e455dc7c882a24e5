"""Under `make run-scale` nginx serves the pages and assets itself: each of its answers carries exactly the
security headers the app gives the same page (citizenplan/security_headers.py is the one source), HSTS only
over TLS, and a response proxied from a worker gets them once, from the app, not a second time from nginx.
A real nginx (Debian's) with the stack's generated configuration, on a free loopback port."""

import http.server
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from citizenplan.ops import nginx
from citizenplan.ops.postgres import free_port
from citizenplan.security_headers import SecurityHeaders

PUBLIC_URL = "https://minvej.kommune.example"
PAGE = "<html><head><script>window.__minvej = 1;</script><script src='/assets/app.js'></script></head></html>"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed (make test installs it)")


class _Backend(http.server.BaseHTTPRequestHandler):
    """A worker whose answers already carry the headers, as the app's middleware gives them."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send_response(200)
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Length", "4")
        self.end_headers()
        self.wfile.write(b"pong")

    def log_message(self, *_args) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text(PAGE)
    (root / "404.html").write_text(PAGE.replace("1;", "404;"))
    (root / "assets" / "app.js").write_text("console.log(1);")
    (root / "manifest.webmanifest").write_text("{}")
    return root


@pytest.fixture
def served(site: Path, tmp_path: Path) -> Iterator[str]:
    backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Backend)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    folder, port = tmp_path / "nginx", free_port()
    for path in (folder, *nginx.temp_folders(folder)):
        path.mkdir(parents=True, exist_ok=True)
    conf = folder / "nginx.conf"
    conf.write_text(nginx.config(listen=f"127.0.0.1:{port}", backends=[f"127.0.0.1:{backend.server_port}"],
                                 site=site, folder=folder, headers=nginx.page_headers(site, PUBLIC_URL)))
    process = subprocess.Popen([NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf),  # noqa: S603
                                "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/assets/app.js", timeout=1).close()  # noqa: S310 - loopback
                break
            except (urllib.error.URLError, OSError):
                assert process.poll() is None, process.stderr.read().decode()
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(10)
        backend.shutdown()
        backend.server_close()


def _app_headers(site: Path, monkeypatch: pytest.MonkeyPatch, **request_headers: str) -> dict[str, str]:
    """What the app's own middleware sends with the same page, at the same public address."""
    monkeypatch.setenv("CITIZENPLAN_PUBLIC_URL", PUBLIC_URL)
    app = SecurityHeaders(Starlette(routes=[Route("/", lambda _: Response(PAGE, media_type="text/html"))]),
                          static_dir=lambda: site, backend_url=lambda: PUBLIC_URL)
    headers = TestClient(app).get("/", headers=request_headers).headers
    names = {"content-security-policy", "strict-transport-security", "x-frame-options",
             "x-content-type-options", "referrer-policy", "permissions-policy", "cross-origin-opener-policy",
             "cross-origin-resource-policy"}
    return {name: value for name, value in headers.items() if name in names}


def _get(url: str, **request_headers: str) -> tuple[int, dict[str, list[str]]]:
    request = urllib.request.Request(  # noqa: S310 - loopback
        url, headers={k.replace("_", "-"): v for k, v in request_headers.items()})
    try:
        response = urllib.request.urlopen(request, timeout=5)  # noqa: S310 - loopback
    except urllib.error.HTTPError as error:
        response = error
    with response:
        found: dict[str, list[str]] = {}
        for name, value in response.headers.items():
            found.setdefault(name.lower(), []).append(value)
        return response.status, found


@pytest.mark.parametrize("path", ["/", "/index.html", "/assets/app.js", "/manifest.webmanifest", "/borger/findes-ikke"])
def test_nginx_sends_the_app_s_security_headers_with_every_page_and_file(served, site, monkeypatch, path):
    expected = _app_headers(site, monkeypatch)
    assert "strict-transport-security" not in expected and "'sha256-" in expected["content-security-policy"]
    status, headers = _get(served + path)
    assert status in (200, 404)
    for name, value in expected.items():
        assert headers.get(name) == [value], name
    assert "strict-transport-security" not in headers  # plain http


def test_hsts_only_over_tls_as_the_app_decides(served, site, monkeypatch):
    expected = _app_headers(site, monkeypatch, **{"X-Forwarded-Proto": "https"})
    _, headers = _get(served + "/", X_Forwarded_Proto="https")
    assert headers["strict-transport-security"] == [expected["strict-transport-security"]]


def test_a_worker_s_answer_carries_its_headers_once(served):
    status, headers = _get(served + "/ping")
    assert status == 200 and headers["x-frame-options"] == ["DENY"]
    assert "content-security-policy" not in headers  # nginx added nothing of its own to a proxied answer
