"""A browser tab's state belongs to one person: when the person changes, the whole tree is reset.

Reflex keeps a state tree per tab token (sessionStorage), and the token outlives logout: without this, the
next person in the same tab (a shared phone, a shelter PC) or anyone replaying the token would be sent the
last person's workbook on hydrate. The middleware runs before every event's handler, with the tab's state
locked, and compares the user behind the websocket handshake's cookie with the user the tree was built for.

A page load (hydrate, or a navigation's on_load) always asks the database, so an ended or expired session
counts as nobody; other events only compare the cookie's digest with the one last seen (a socket's
handshake cookie never changes), so the common event costs no query. Every handler checks its actor anyway.
"""

import reflex as rx
from reflex.middleware import Middleware
from reflex.state import BaseState, OnLoadInternalState, State
from reflex_base.utils.format import format_event_handler

from citizenplan.auth import sessions
from citizenplan.auth.cookies import token_from_cookie_header
from citizenplan.auth.tokens import digest
from citizenplan.db import session_scope

NOBODY = 0


class TabOwnerState(rx.State):
    """Whom this tab's tree was built for. Backend-only: never sent to the browser."""

    _token_digest: str = ""
    _user_id: int = NOBODY


def _page_load_events() -> frozenset[str]:
    return frozenset({
        format_event_handler(State.event_handlers["hydrate"]),
        format_event_handler(State.event_handlers["hydrate_and_load"]),
        format_event_handler(OnLoadInternalState.event_handlers["on_load_internal"]),
    })


def _user_behind(token: str | None) -> int:
    if not token:
        return NOBODY
    with session_scope() as db:
        return sessions.resolve(db, token) or NOBODY


def _every_state_class(cls: type[BaseState]) -> list[type[BaseState]]:
    found = [cls]
    for sub in cls.get_substates():
        found.extend(_every_state_class(sub))
    return found


async def reset_tree(root: BaseState) -> None:
    """Every substate to its defaults, also those a lazy state manager (Redis) has not loaded yet."""
    for cls in _every_state_class(type(root))[1:]:
        await root.get_state(cls)
    root.reset()


class TabOwnerGuard(Middleware):
    """Resets a tab's state tree before anything is sent to a person it was not built for."""

    def __init__(self) -> None:
        self._page_loads = _page_load_events()

    async def preprocess(self, app, state: BaseState, event) -> None:
        root = state._get_root_state()
        token = token_from_cookie_header(root.router.headers.cookie)
        token_digest = digest(token) if token else ""
        owner = await root.get_state(TabOwnerState)
        if event.name not in self._page_loads and token_digest == owner._token_digest:
            return None
        user_id = _user_behind(token)
        if user_id != owner._user_id:
            await reset_tree(root)
        owner._token_digest, owner._user_id = token_digest, user_id
        return None
