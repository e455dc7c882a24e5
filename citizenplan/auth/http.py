"""The two HTTP endpoints that touch the session cookie: JavaScript can never read the token.

POST /auth/session swaps a one-minute login ticket for an HttpOnly, SameSite=Strict cookie.
POST /auth/logout ends the session and clears the cookie.

Both answer only the app's own pages (login CSRF: a foreign page must not log a browser into another
account, or out of its own): the request must come from one of Settings.allowed_origins (`Origin`), the
browser must not call it cross-site or same-site (`Sec-Fetch-Site`), and the body must be JSON, which no
HTML form can send and which a foreign page's fetch may send only after a CORS preflight that only our
own origin passes. Anything else gets 403 and leaves the cookie as it was. When the database does not answer, both say so
with 503, Retry-After and one Danish sentence, and change nothing (the unit of work is rolled back). Their unit of
work runs in a thread of offload.DATA: on the loop (a burst of logins) it stalled every socket of the worker.
"""

import os

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from citizenplan import offload, routes
from citizenplan.auth import sessions
from citizenplan.auth.cookies import COOKIE_NAMES, HOST_COOKIE_NAME, cookie_name, token_from_cookie_header
from citizenplan.db import is_outage
from citizenplan.settings import get_settings

NO_STORE = {"Cache-Control": "no-store"}
RETRY_AFTER_S = 3
DATABASE_DOWN = "Det virker ikke lige nu. Prøv igen om lidt."  # the same sentence as state/outage.py TRY_AGAIN


def _database_down() -> Response:
    return PlainTextResponse(DATABASE_DOWN, status_code=503,
                             headers={**NO_STORE, "Retry-After": str(RETRY_AFTER_S)})


def _from_our_page(request: Request) -> bool:
    """Sent by a page of the app itself, with a JSON body. A request with neither `Origin` nor
    `Sec-Fetch-Site` is refused: every browser sends at least one of them on a POST."""
    headers = request.headers
    if headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return False
    site = headers.get("sec-fetch-site")
    if site is not None and site != "same-origin":
        return False
    origin = headers.get("origin")
    if origin is None:
        return site == "same-origin"
    return origin in get_settings().allowed_origins


def _secure(request: Request) -> bool:
    return (
        request.url.scheme == "https"
        or request.headers.get("x-forwarded-proto", "") == "https"
        or os.environ.get("CITIZENPLAN_COOKIE_SECURE", "") == "1"
    )


async def start_session(request: Request) -> Response:
    if not _from_our_page(request):
        return Response(status_code=403, headers=NO_STORE)
    try:
        body = await request.json()
        ticket = str(body.get("ticket", ""))[:100]
    except (ValueError, AttributeError, RecursionError):  # not JSON, not an object, or nested past the parser
        ticket = ""
    try:
        token = (await offload.DATA.run_with_db(sessions.redeem_ticket, ticket,
                                                user_agent=request.headers.get("user-agent", ""))
                 if ticket else None)
    except Exception as error:
        if is_outage(error):
            return _database_down()
        raise
    if token is None:
        return Response(status_code=400, headers=NO_STORE)
    response = Response(status_code=204, headers=NO_STORE)
    secure = _secure(request)
    response.set_cookie(
        cookie_name(secure), token, max_age=get_settings().session_max_hours * 3600, path="/",
        httponly=True, samesite="strict", secure=secure,
    )
    return response


async def end_session(request: Request) -> Response:
    if not _from_our_page(request):
        return Response(status_code=403, headers=NO_STORE)
    try:
        await offload.DATA.run_with_db(sessions.end, token_from_cookie_header(request.headers.get("cookie")))
    except Exception as error:
        if is_outage(error):
            return _database_down()  # the cookie stays: the session is not ended until the database says so
        raise
    response = Response(status_code=204, headers=NO_STORE)
    secure = _secure(request)
    for name in COOKIE_NAMES:  # whichever this browser holds; a __Host- one is only removed by a Secure answer
        response.delete_cookie(name, path="/", httponly=True, samesite="strict",
                               secure=secure or name == HOST_COOKIE_NAME)
    return response


ROUTES = [
    Route(routes.AUTH_SESSION, start_session, methods=["POST"]),
    Route(routes.AUTH_LOGOUT, end_session, methods=["POST"]),
]
