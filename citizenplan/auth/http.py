"""The two HTTP endpoints that touch the session cookie: JavaScript can never read the token.

POST /auth/session swaps a one-minute login ticket for an HttpOnly, SameSite=Strict cookie.
POST /auth/logout ends the session and clears the cookie.
"""

import os

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citizenplan.auth import sessions
from citizenplan.auth.cookies import COOKIE_NAME, token_from_cookie_header
from citizenplan.db import session_scope
from citizenplan.settings import get_settings


def _secure(request: Request) -> bool:
    return (
        request.url.scheme == "https"
        or request.headers.get("x-forwarded-proto", "") == "https"
        or os.environ.get("CITIZENPLAN_COOKIE_SECURE", "") == "1"
    )


async def start_session(request: Request) -> Response:
    try:
        body = await request.json()
        ticket = str(body.get("ticket", ""))[:100]
    except (ValueError, AttributeError):
        ticket = ""
    with session_scope() as db:
        token = sessions.redeem_ticket(db, ticket) if ticket else None
    if token is None:
        return Response(status_code=400)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        COOKIE_NAME, token, max_age=get_settings().session_max_hours * 3600, path="/",
        httponly=True, samesite="strict", secure=_secure(request),
    )
    return response


async def end_session(request: Request) -> Response:
    with session_scope() as db:
        sessions.end(db, token_from_cookie_header(request.headers.get("cookie")))
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict", secure=_secure(request))
    return response


ROUTES = [
    Route("/auth/session", start_session, methods=["POST"]),
    Route("/auth/logout", end_session, methods=["POST"]),
]
