"""Under `make run-scale` nginx serves the pages and assets itself: each of its answers carries exactly the
security headers the app gives the same page (citizenplan/security_headers.py is the one source), HSTS only
over TLS, and a response proxied from a worker gets them once, from the app, not a second time from nginx.
A real nginx (Debian's) with the stack's generated configuration, on a free loopback port."""

import contextlib
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
    try:
        with _nginx(tmp_path / "nginx", site, f"127.0.0.1:{backend.server_port}", "/assets/app.js") as url:
            yield url
    finally:
        backend.shutdown()
        backend.server_close()


@contextlib.contextmanager
def _nginx(folder: Path, site: Path, backend: str, ready_path: str) -> Iterator[str]:
    """A real nginx with the stack's configuration for `site` on a free loopback port, until `ready_path`
    answers; stopped after."""
    port = free_port()
    for path in (folder, *nginx.temp_folders(folder)):
        path.mkdir(parents=True, exist_ok=True)
    conf = folder / "nginx.conf"
    conf.write_text(nginx.config(listen=f"127.0.0.1:{port}", backends=[backend], site=site, folder=folder,
                                 headers=nginx.page_headers(site, PUBLIC_URL)))
    process = subprocess.Popen([NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf),  # noqa: S603
                                "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + ready_path, timeout=1).close()  # noqa: S310 - loopback
                break
            except (urllib.error.URLError, OSError):
                assert process.poll() is None, process.stderr.read().decode()
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(10)


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


@pytest.mark.parametrize("path", ["/", "/index.html", "/borger/findes-ikke"])  # the built files: below
def test_nginx_sends_the_app_s_security_headers_with_every_page(served, site, monkeypatch, path):
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


@pytest.mark.parametrize("path", ["/min-plan", "/arbejdsbog/punkt?id=3"])
def test_her_plan_and_her_item_go_to_the_workers_not_the_built_files(served, site, path):
    """The workers write her data into these two pages (citizenplan/reports/first_data.py); the built file
    beside them would be the page without it."""
    for page in ("min-plan", "arbejdsbog/punkt"):
        (site / page).mkdir(parents=True, exist_ok=True)
        (site / page / "index.html").write_text(PAGE)
    status, headers = _get(served + path)
    assert status == 200 and headers["x-frame-options"] == ["DENY"]
    assert "content-security-policy" not in headers and headers["content-length"] == ["4"]  # the worker's "pong"


# ------------------------------------------------------------ the files nginx serves, as the app serves them

BUILT = {  # a built frontend as Reflex exports it: `/borger` is both borger.html and borger/index.html
    "index.html": PAGE, "404.html": PAGE, "borger.html": PAGE, "borger/index.html": PAGE,
    "assets/app-Ab12Cd34.js": "console.log('x');" * 40, "assets/__reflex_global_styles-Zx9.css": "p{}" * 200,
    "sw.js": "self.addEventListener('fetch', () => {});" * 10, "minvej.js": "navigator.serviceWorker;" * 20,
    "styles.css": "body{}" * 100, "manifest.webmanifest": '{"name": "Min Vej"}', "favicon.ico": "\0ico",
    "icons/icon-192.png": "\x89PNG",
}
COMPARED = ("cache-control", "content-type", "content-encoding", "location")
UNCOMPRESSED = (".ico", ".png", ".webmanifest")  # Reflex writes no sidecar for these


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """With the sidecars Reflex writes (frontend_compression_formats): their content does not matter here."""
    root = tmp_path / "built"
    for name, text in BUILT.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
        if not name.endswith(UNCOMPRESSED):
            (root / (name + ".gz")).write_bytes(b"gz" + text.encode())
            (root / (name + ".br")).write_bytes(b"br" + text.encode())
    return root


def _app_serving(site: Path) -> TestClient:
    """The app serving its own files: Reflex's file server inside BuiltFiles and SecurityHeaders, as
    citizenplan.py wraps them."""
    from reflex.utils.precompressed_staticfiles import PrecompressedStaticFiles
    from starlette.routing import Mount

    from citizenplan.first_paint import BuiltFiles

    files = Starlette(routes=[Mount("/", app=PrecompressedStaticFiles(directory=site, html=True,
                                                                      encodings=["brotli", "gzip"]))])
    app = SecurityHeaders(BuiltFiles(files, static_dir=lambda: site), static_dir=lambda: site,
                          backend_url=lambda: PUBLIC_URL)
    return TestClient(app, base_url="http://localhost")


@pytest.fixture
def served_built(built: Path, tmp_path: Path) -> Iterator[str]:
    with _nginx(tmp_path / "nginx-built", built, "127.0.0.1:9", "/styles.css") as url:
        yield url


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


def _nginx_answer(url: str, encoding: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})  # noqa: S310
    try:
        response = urllib.request.build_opener(_NoRedirect).open(request, timeout=5)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


@pytest.mark.parametrize("encoding", ["", "gzip", "gzip, deflate, br"])
@pytest.mark.parametrize("path", ["/", "/borger", "/borger/", "/assets/app-Ab12Cd34.js",
                                  "/assets/__reflex_global_styles-Zx9.css", "/sw.js", "/minvej.js", "/styles.css",
                                  "/manifest.webmanifest", "/favicon.ico", "/icons/icon-192.png", "/findes-ikke"])
def test_nginx_serves_each_built_file_as_the_app_serving_itself_does(served_built, built, monkeypatch, path,
                                                                     encoding):
    """Status (no redirect for /borger), caching, content type, compression, and the CSP: the page's, or the
    short one that refuses everything for scripts, stylesheets, icons and the manifest."""
    monkeypatch.setenv("CITIZENPLAN_PUBLIC_URL", PUBLIC_URL)
    with _app_serving(built).stream("GET", path, headers={"Accept-Encoding": encoding},
                                    follow_redirects=False) as app:
        app_body = b"".join(app.iter_raw())  # as sent, not decoded
    status, headers, body = _nginx_answer(served_built + path, encoding)
    assert status == app.status_code
    expected = {name: app.headers.get(name) for name in COMPARED}
    assert {name: headers.get(name) for name in COMPARED} == expected
    assert headers["content-security-policy"] == app.headers["content-security-policy"]
    assert body == app_body
    # Vary: the app says it with every file; nginx where a sidecar exists, the only answers that can differ.
    assert headers.get("vary") == app.headers.get("vary") or path.endswith(UNCOMPRESSED)
