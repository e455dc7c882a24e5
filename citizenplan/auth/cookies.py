"""The session cookie: its name and how the token is read from a Cookie header."""

from http.cookies import CookieError, SimpleCookie

COOKIE_NAME = "minvej_session"


def token_from_cookie_header(header: str | None) -> str | None:
    if not header:
        return None
    jar = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return None
    morsel = jar.get(COOKIE_NAME)
    return morsel.value if morsel and morsel.value else None
