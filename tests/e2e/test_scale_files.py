"""The files of the frontend reach a phone the same way through `make run-scale`'s nginx as from the app serving
them itself (`make run`; issues 18 and 21): a page, a content-named script, the stylesheet, sw.js and the
manifest, each compared on what decides speed and safety: status (no redirect on /borger), Cache-Control,
the CSP (the page's, or the short one that refuses everything), Content-Type, and Content-Encoding when the
browser asks for gzip or brotli. The real stack (PostgreSQL, Redis, nginx, one worker) beside the real app.

The two are separate builds (the stack's is made for its own address), so the script and the stylesheet are
found in each one's page, and the CSPs are compared without their addresses and inline-script hashes."""

import re
import urllib.error
import urllib.request

import pytest

from citizenplan.security_headers import ASSET_POLICY
from tests.support.stack import running_stack

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]  # the stack's build and the app's, on a slow machine

COMPARED = ("cache-control", "content-type", "content-encoding")
SCRIPT = re.compile(r'"(/assets/[^"]+\.js)"')
STYLESHEET = re.compile(r'href="(/assets/__reflex_global_styles-[^"]+\.css)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


def _get(url: str, encoding: str = "") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})  # noqa: S310
    try:
        response = urllib.request.build_opener(_NoRedirect).open(request, timeout=10)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def _files(base: str) -> dict[str, str]:
    """What a first visit to /borger loads: the page, its first content-named script, its stylesheet, the
    service worker and the manifest."""
    status, _headers, html = _get(base + "/borger")
    assert status == 200, f"{base}/borger answered {status}"
    page = html.decode()
    return {"page": "/borger", "script": SCRIPT.search(page)[1], "stylesheet": STYLESHEET.search(page)[1],
            "service worker": "/sw.js", "manifest": "/manifest.webmanifest"}


def _policy_shape(policy: str) -> list[str]:
    """The CSP without what differs between two builds at two addresses: origins and inline-script hashes."""
    return [" ".join(source for source in directive.split() if "://" not in source and "'sha256-" not in source)
            for directive in policy.split("; ")]


def test_nginx_serves_the_frontend_as_the_app_serving_itself_does(app) -> None:
    ours = _files(app.base_url)
    with running_stack(workers=1) as stack:
        theirs = _files(stack.url)
        for kind in ours:
            for encoding in ("", "gzip", "br, gzip"):
                a_status, app_headers, _ = _get(app.base_url + ours[kind], encoding)
                n_status, nginx_headers, _ = _get(stack.url + theirs[kind], encoding)
                what = f"{kind} ({theirs[kind]}, Accept-Encoding {encoding!r})"
                assert a_status == n_status == 200, what  # /borger itself, not a redirect to /borger/
                assert "location" not in nginx_headers, what
                assert {n: nginx_headers.get(n) for n in COMPARED} == {n: app_headers.get(n) for n in COMPARED}, what
                app_policy, nginx_policy = (app_headers["content-security-policy"],
                                            nginx_headers["content-security-policy"])
                assert _policy_shape(nginx_policy) == _policy_shape(app_policy), what
                short = kind in ("script", "stylesheet", "manifest")
                assert (nginx_policy == ASSET_POLICY) == short, what
            if kind in ("page", "script", "stylesheet"):  # Reflex writes sidecars for these
                assert nginx_headers["content-encoding"] == "br", kind
        # The two pages the workers answer themselves (citizenplan/reports/first_data.py: her data in them for
        # her); without a cookie, the built page with its slot, as the app serving itself sends it.
        for path in ("/min-plan", "/arbejdsbog/punkt?id=1"):
            a_status, app_headers, app_page = _get(app.base_url + path)
            n_status, nginx_headers, nginx_page = _get(stack.url + path)
            assert a_status == n_status == 200, path
            assert b'id="her-data-first"></div>' in nginx_page and b'id="her-data-first"></div>' in app_page, path
            assert nginx_headers["cache-control"] == app_headers["cache-control"] == "no-cache", path
            assert _policy_shape(nginx_headers["content-security-policy"]) == _policy_shape(
                app_headers["content-security-policy"]), path
    assert stack.leftovers == []
