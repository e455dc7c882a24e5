"""The session cookie: its name and how the token is read from a Cookie header.

Over TLS the cookie is `__Host-minvej_session`: the browser then only accepts it from this very host, set
Secure, with Path=/ and no Domain, so a sibling site (another municipality's app on a shared parent domain)
cannot plant a session of its choosing. Where the public URL is https, the plain name is never read.
Plain http (a developer's machine, the tests) uses the plain name, which browsers refuse to prefix there.
"""

from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlsplit

from citizenplan.settings import get_settings

COOKIE_NAME = "minvej_session"
HOST_COOKIE_NAME = "__Host-" + COOKIE_NAME
COOKIE_NAMES = (HOST_COOKIE_NAME, COOKIE_NAME)


def cookie_name(secure: bool) -> str:
    return HOST_COOKIE_NAME if secure else COOKIE_NAME


def _served_over_tls() -> bool:
    return urlsplit(get_settings().public_url).scheme.lower() == "https"


def token_from_cookie_header(header: str | None) -> str | None:
    if not header:
        return None
    jar = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return None
    names = (HOST_COOKIE_NAME,) if _served_over_tls() else COOKIE_NAMES
    for name in names:
        morsel = jar.get(name)
        if morsel and morsel.value:
            return morsel.value
    return None
