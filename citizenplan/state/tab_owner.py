"""A browser tab's state belongs to one person: when the person changes, the whole tree is reset.

Reflex keeps a state tree per tab token (sessionStorage), and the token outlives logout: without this, the
next person in the same tab (a shared phone, a shelter PC) or anyone replaying the token would be sent the
last person's workbook on hydrate. The middleware runs before every event's handler, with the tab's state
locked, and compares the user behind the websocket handshake's cookie with the user the tree was built for.

A page load (hydrate, or a navigation's on_load) always asks the database, so an ended or expired session
counts as nobody; that query runs in a thread of the data lane (offload.DATA), so the loop serves the worker's
other sockets meanwhile, and the tree is still reset before the event's handler runs; other events only compare the cookie's digest with the one last seen (a socket's
handshake cookie never changes), so the common event costs no query and, since every page's state is a
substate of TabOwnerState, no extra read from the state manager either. Every handler checks its actor anyway.
"""

import reflex as rx
from reflex.middleware import Middleware
from reflex.state import BaseState, OnLoadInternalState, State
from reflex_base.utils.format import format_event_handler

from citizenplan import offload
from citizenplan.auth import sessions
from citizenplan.auth.cookies import token_from_cookie_header
from citizenplan.auth.tokens import digest

NOBODY = 0


class TabOwnerState(rx.State):
    """Whom this tab's tree was built for. Backend-only: never sent to the browser.

    It is the parent of SessionState, so the state of every logged-in page's event is fetched together with
    it: the guard's check of an ordinary event reads no more from the state manager than the event does.
    (As a state of its own beside the pages it was one more Redis read per event, 14-18 % of a worker's
    busy loop in benchmarks/load.py.)"""

    _token_digest: str = ""
    _user_id: int = NOBODY


def _page_load_events() -> frozenset[str]:
    return frozenset({
        format_event_handler(State.event_handlers["hydrate"]),
        format_event_handler(State.event_handlers["hydrate_and_load"]),
        format_event_handler(OnLoadInternalState.event_handlers["on_load_internal"]),
    })


def _user_behind(db, token: str) -> int:
    """The user whose live session `token` is (NOBODY when ended or expired); a plain function, run in a
    thread of the data lane."""
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


def _loaded(state: BaseState) -> list[BaseState]:
    """The states of the tree that are in memory now (a lazy manager has not loaded the others)."""
    found = [state]
    for sub in state.substates.values():
        found.extend(_loaded(sub))
    return found


class TabOwnerGuard(Middleware):
    """Resets a tab's state tree before anything is sent to a person it was not built for, and forgets a
    page's content when the person goes to another page.

    `page_states` maps each route to the state classes its page shows; the states of the other pages are
    reset on every page load (each page's on_load fills its own state from the database again anyway).
    """

    def __init__(self, page_states: dict[str, frozenset[type[BaseState]]] | None = None) -> None:
        self._page_loads = _page_load_events()
        self._on_load = format_event_handler(OnLoadInternalState.event_handlers["on_load_internal"])
        self._page_states = page_states or {}
        self._all_page_states = frozenset().union(*self._page_states.values())

    async def preprocess(self, app, state: BaseState, event) -> None:
        root = state._get_root_state()
        await self._check_owner(root, event)
        if event.name == self._on_load and self._page_states:
            self._forget_other_pages(root)
        return None

    def _forget_other_pages(self, root: BaseState) -> None:
        keep = self._page_states.get(root.router.page.path, frozenset())
        for loaded in _loaded(root):
            if type(loaded) in self._all_page_states and type(loaded) not in keep:
                loaded.reset()

    async def _check_owner(self, root: BaseState, event) -> None:
        token = token_from_cookie_header(root.router.headers.cookie)
        token_digest = digest(token) if token else ""
        owner = await root.get_state(TabOwnerState)
        if event.name not in self._page_loads and token_digest == owner._token_digest:
            return
        user_id = await offload.DATA.run_with_db(_user_behind, token) if token else NOBODY
        if user_id != owner._user_id:
            await reset_tree(root)
        owner._token_digest, owner._user_id = token_digest, user_id
