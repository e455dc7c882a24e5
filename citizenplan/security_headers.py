"""The security headers of every HTTP response, in one ASGI middleware.

citizenplan.py wraps the whole backend with it (Reflex's `api_transformer`): the pages and assets of the
built frontend (which `reflex run --env prod` serves from the backend, on the same port), /ping, /auth/*,
/pdf/* and their error pages. Not covered: a CORS preflight's answer, which Reflex's outermost CORS
middleware gives before any route and no browser shows, and a refused websocket handshake (403, no body).

The Content-Security-Policy is as strict as Reflex 0.10 lets it be (docs/security.md says why each
exception is there):
- scripts: our own files (no inline script of ours: minvej.js registers the service worker), plus the
  inline scripts that Reflex and React Router put in the built pages, allowed one by one by their SHA-256
  (read once from the build), plus 'unsafe-eval', because Reflex runs every `rx.call_script` the server
  sends with `eval` (login, logout, the chat's outbox, printing);
- styles: 'unsafe-inline', because the pages carry `style` attributes and emotion (Radix) writes `<style>`
  elements at run time;
- images: our own and `data:` (the QR code of an activation card is an SVG data URI);
- connections: our own origin, over http(s) and ws(s) (the Reflex websocket), and REFLEX_API_URL's if it
  names another host.
Nothing may frame a page, no plugin runs, forms post only to the app, and `<base>` cannot be set.
"""

import base64
import hashlib
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from citizenplan.settings import get_settings, origins_of

MANIFEST_TYPE = "application/manifest+json"
HSTS = "max-age=31536000; includeSubDomains"
PERMISSIONS = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "geolocation", "gyroscope",
    "hid", "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock",
    "serial", "usb", "xr-spatial-tracking",
))
FIXED = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# A built file that is never a document or a worker (scripts, stylesheets, icons): the page's policy, with a
# hash for every inline script of the build, says nothing for it and cost some 2.5 KB on each of the 20-odd
# files a first visit loads. It gets a short policy that refuses everything instead (issue 21: bytes).
ASSET_PREFIXES = ("/assets/", "/icons/")
ASSET_FILES = ("/favicon.ico", "/minvej.js", "/styles.css", "/manifest.webmanifest")
ASSET_POLICY = ("default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; "
                "frame-ancestors 'none'")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def inline_script_hashes(static_dir: Path | None) -> tuple[str, ...]:
    """The CSP source of every inline script in the built pages ('sha256-…'), in a stable order."""
    if static_dir is None or not static_dir.is_dir():
        return ()
    found = set()
    for page in static_dir.rglob("*.html"):
        for body in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8", errors="replace")):
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
            found.add(f"'sha256-{digest}'")
    return tuple(sorted(found))


def content_security_policy(origins: tuple[str, ...], script_hashes: tuple[str, ...],
                            backend_url: str = "") -> str:
    """`origins`: the app's own (Settings.allowed_origins). `backend_url`: Reflex's api_url, where the
    page opens its websocket; Reflex's frontend swaps a loopback host for the page's own, so only another
    host needs naming."""
    backend = origins_of(backend_url) if backend_url else ()
    backend = () if not backend or urlsplit(backend[0]).hostname in ("localhost", "127.0.0.1", "::1") else backend
    # 'self' covers ws(s) to our own origin in CSP level 3; older browsers (Safari before 15.4) need the
    # websocket origins spelled out. CSP has no syntax for an IPv6 literal ([::1]): 'self' covers that one.
    sockets = [origin.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
               for origin in dict.fromkeys((*origins, *backend)) if "[" not in origin]
    sockets += [origin for origin in backend if origin not in origins]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-eval'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'", *sockets],
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def headers_for(origins: tuple[str, ...], script_hashes: tuple[str, ...], backend_url: str = "",
                *, tls: bool = False) -> dict[str, str]:
    """Every header a response gets, by name: the middleware's, and nginx's for the pages it serves
    itself under `make run-scale` (citizenplan/ops/nginx.py writes its `add_header` lines from this)."""
    headers = {**FIXED, "Content-Security-Policy": _policy(origins, script_hashes, backend_url)}
    if tls:
        headers["Strict-Transport-Security"] = HSTS
    return headers


def _over_tls(scope: Scope) -> bool:
    forwarded = Headers(scope=scope).get("x-forwarded-proto", "")
    return scope.get("scheme") == "https" or forwarded.split(",")[0].strip().lower() == "https"


class SecurityHeaders:
    """ASGI middleware: adds the headers to every HTTP response; leaves websocket traffic alone."""

    def __init__(self, app: ASGIApp, static_dir: Callable[[], Path | None] = lambda: None,
                 backend_url: Callable[[], str] = lambda: "") -> None:
        self.app = app
        self._static_dir = static_dir
        self._backend_url = backend_url
        self._script_hashes: tuple[str, ...] = ()

    def _headers(self, tls: bool) -> dict[str, str]:
        if not self._script_hashes:  # read once the build is there (it may come after the first request)
            self._script_hashes = inline_script_hashes(self._static_dir())
        return headers_for(get_settings().allowed_origins, self._script_hashes, self._backend_url(), tls=tls)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = self._headers(_over_tls(scope))
        path = scope.get("path", "")
        manifest = path.endswith(".webmanifest")
        if path.startswith(ASSET_PREFIXES) or path in ASSET_FILES:
            added = {**added, "Content-Security-Policy": ASSET_POLICY}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in added.items():
                    headers[name] = value
                if manifest and message.get("status", 200) == 200:
                    headers["Content-Type"] = MANIFEST_TYPE
            await send(message)

        await self.app(scope, receive, send_with_headers)


@cache
def _policy(origins: tuple[str, ...], script_hashes: tuple[str, ...], backend_url: str) -> str:
    return content_security_policy(origins, script_hashes, backend_url)
