"""The session cookie: its name and how the token is read from a Cookie header.

Over TLS the cookie is `__Host-minvej_session`: the browser then only accepts it from this very host, set
Secure, with Path=/ and no Domain, so a sibling site (another municipality's app on a shared parent domain)
cannot plant a session of its choosing. Where the public URL is https, the plain name is never read.
Plain http (a developer's machine, the tests) uses the plain name, which browsers refuse to prefix there.
"""

from functools import lru_cache
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlsplit

from citizenplan.settings import get_settings

COOKIE_NAME = "minvej_session"
HOST_COOKIE_NAME = "__Host-" + COOKIE_NAME
COOKIE_NAMES = (HOST_COOKIE_NAME, COOKIE_NAME)


def cookie_name(secure: bool) -> str:
    return HOST_COOKIE_NAME if secure else COOKIE_NAME


def _served_over_tls() -> bool:
    return _is_https(get_settings().public_url)


@lru_cache(maxsize=8)
def _is_https(url: str) -> bool:
    return urlsplit(url).scheme.lower() == "https"


def token_from_cookie_header(header: str | None) -> str | None:
    if not header:
        return None
    return _token_in(header, _served_over_tls())


@lru_cache(maxsize=4096)
def _token_in(header: str, tls: bool) -> str | None:
    """Parsed once per header: a socket's handshake header comes with every event of the tab (the tab-owner
    guard and the session check each read it), and SimpleCookie is slow (benchmarks/event_cost.py). The
    cache keeps at most 4096 headers, whose tokens the database checks at every event all the same."""
    jar = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return None
    names = (HOST_COOKIE_NAME,) if tls else COOKIE_NAMES
    for name in names:
        morsel = jar.get(name)
        if morsel and morsel.value:
            return morsel.value
    return None
