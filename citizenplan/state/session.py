"""Who is logged in, found on the server from the HttpOnly cookie of the websocket handshake."""

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.auth.cookies import token_from_cookie_header
from citizenplan.domain import accounts
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import AccessDenied, UserError
from citizenplan.domain.ids import parse_id
from citizenplan.domain.policy import require_role
from citizenplan.state import inputs
from citizenplan.state.i18n_state import I18nState
from citizenplan.state.tab_owner import TabOwnerState, reset_tree

# The tab forgets its Reflex token (sessionStorage), the chat's outbox and the drafts of what was being typed
# (localStorage, assets/minvej.js) too: the next person on a shared phone starts a new tab state and never
# replays this person's unsent answers or sees their half-written words. Her offline copies (crisis plan, home,
# workbook) go as well (assets/sw.js keeps them for the person logged in only).
FORGET_STORAGE = ("localStorage.removeItem('minvej-outbox'); localStorage.removeItem('minvej-drafts');"
                  " localStorage.removeItem('minvej-easy-read');")
FORGET_COPIES = "window.caches && caches.delete('minvej-crisis-plan')"
# The same without a logout, where the server finds that nobody is logged in any more (the session expired, or
# was ended on another device or by a fresh start): the login page's load runs it (state/login.py).
FORGET_IN_BROWSER = f"try {{ {FORGET_STORAGE} }} catch (e) {{}} Promise.resolve({FORGET_COPIES}).catch(() => {{}});"


def logout_script(then_to: str = "/") -> str:
    """Ends the session, forgets everything of this person in the browser, then opens `then_to`."""
    return (
        "fetch('/auth/logout', {method: 'POST', credentials: 'same-origin', "
        "headers: {'Content-Type': 'application/json'}, body: '{}'})"
        f".then(() => {FORGET_COPIES}).catch(() => {{}})"
        f".finally(() => {{ try {{ sessionStorage.removeItem('token'); {FORGET_STORAGE} }}"
        f" catch (e) {{}} window.location.replace('{then_to}'); }})"
    )


LOGOUT_SCRIPT = logout_script()

# "Let at læse" (easy-read) is kept on her user; the browser keeps a copy (localStorage) only so that the
# page's first paint already has it: citizenplan.py's EASY_READ_FIRST reads it in <head> before anything is
# drawn. Set at login (state/login.py) and on every page load from the database, so it follows her to any
# device; logout takes the copy away with the rest (the next person on a shared phone starts plain).
EASY_READ_KEY = "minvej-easy-read"


def easy_read_script(on: bool) -> str:
    """The page and the browser's copy follow her choice `on`."""
    keep = f"localStorage.setItem('{EASY_READ_KEY}', '1')" if on else f"localStorage.removeItem('{EASY_READ_KEY}')"
    return (f"document.documentElement.classList.toggle('easy-read', {'true' if on else 'false'});"
            f" try {{ {keep}; }} catch (e) {{}}")


def actor_of_cookie(db, cookie: str | None) -> Actor | None:
    """The logged-in person behind a Cookie header; a plain function, so a handler may run it in a thread."""
    return accounts.actor_from_token(db, token_from_cookie_header(cookie))


T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a domain call made as the logged-in person came to (SessionState._as_actor)."""

    actor: Actor | None  # None: nobody is logged in any more, and the call did not run
    value: T | None = None
    refusal: UserError | None = None  # the domain said no (AccessDenied, NotFound, a bad input): told already

    @property
    def ok(self) -> bool:
        return self.actor is not None and self.refusal is None

    @property
    def to_login(self):
        """The way to the login page when nobody is logged in; else None (the page stays)."""
        return rx.redirect(routes.LOGIN, replace=True) if self.actor is None else None


def _events(shown: Any) -> list:
    if shown is None:
        return []
    return list(shown) if isinstance(shown, list | tuple) else [shown]


class SessionState(TabOwnerState):
    """Base of every logged-in page's state. Holds no secret: the token stays in the cookie.

    A substate of TabOwnerState: every event of a page comes with its tree's owner already loaded, so the
    guard that compares the cookie with that owner (state/tab_owner.py) costs no extra fetch from Redis."""

    display_name: str = ""
    easy_read: bool = False  # her "Let at læse"; the page itself follows the class on <html>
    error: str = ""
    notice: str = ""

    async def _actor(self) -> Actor | None:
        """Checked on every event, so a logout or expiry ends an open socket's access too. In a thread of
        offload.DATA: on the loop, the query stalled every other socket of the worker."""
        return await offload.DATA.run_with_db(actor_of_cookie, self.router.headers.cookie)

    async def _open(self, page: str, show: Callable[[Actor], Any] | None = None):
        """The one gate of every page's load: whoever routes.PAGE_ROLES lets in sees `page`, filled by
        `show(actor)` (which may return more events, or a coroutine that does); nobody logged in goes to the
        login page, anyone else to their own home, and the refusal is logged. The session check and the
        role check run in one unit of work in a thread (offload.DATA), so the loop does not wait for them."""
        role, actor = routes.PAGE_ROLES[page], None

        def gate(db, cookie: str | None) -> None:
            nonlocal actor
            actor = actor_of_cookie(db, cookie)
            if actor is not None:
                require_role(actor, role, page)  # its refusal's audit record is kept as the unit closes

        try:
            await offload.DATA.run_with_db(gate, self.router.headers.cookie)
        except AccessDenied:
            return rx.redirect(routes.home_for(actor.role), replace=True)
        if actor is None:
            return rx.redirect(routes.LOGIN, replace=True)
        self.display_name = actor.display_name
        self.easy_read = actor.easy_read
        self.error = self.notice = ""
        language = (await self.get_state(I18nState))._use(actor.locale, easy_read_script(actor.easy_read))
        shown = show(actor) if show is not None else None
        if inspect.isawaitable(shown):
            shown = await shown
        return [language, *_events(shown)]

    async def _as_actor(self, action: Callable[[Any, Actor], T], *, say_in: str = "error",
                        refresh: bool = False) -> Outcome[T]:
        """Run `action(db, actor)` as the logged-in person and tell a refusal in the var `say_in`, in their
        language (a call that goes through empties it). The session check and the call run in one unit of
        work in a thread (offload.DATA), so the loop serves the other sockets while the database answers:
        `action` must not touch the state (take what it needs from the state before). With `refresh`, the
        page is shown afresh from the database (`_refresh`) after the call, also after a refusal, so that
        what the tab shows is what is stored now."""
        actor = None

        def as_actor(db, cookie: str | None):
            nonlocal actor
            actor = actor_of_cookie(db, cookie)
            return None if actor is None else action(db, actor)

        value, refusal = None, None
        try:
            value = await offload.DATA.run_with_db(as_actor, self.router.headers.cookie)
        except UserError as error:
            refusal = error
        outcome = Outcome(actor, value, refusal)
        if actor is None:
            return outcome
        if getattr(self, say_in):  # set only when it changes: a var set is pickled, written and sent again
            setattr(self, say_in, "")
        if refresh:
            try:
                await self._refresh(actor)
            except UserError as error:  # nothing of it may be shown any more: say why
                self.error = self._explain(error, actor)
        if outcome.refusal is not None:
            setattr(self, say_in, self._explain(outcome.refusal, actor))
        return outcome

    def _id_in_address(self) -> int:
        """The page's `?id=`: whose plan, or which item (0 when it is missing or not an id)."""
        return parse_id(str(self.router.url.query_parameters.get("id", ""))) or 0

    async def _refresh(self, actor: Actor) -> None:
        """Show the page afresh from the database; each page that lists something fills this in, its reads in
        a thread of offload.DATA (`await offload.DATA.run_with_db(domain_fn, actor, ...)`), never on the loop:
        take what they need from the state before, set what the page shows after."""

    def _explain(self, error: UserError, actor: Actor | None = None) -> str:
        return i18n.explain(error, actor.locale if actor else i18n.SOURCE_LOCALE)

    def _say(self, actor: Actor, message: str, **params) -> str:
        return i18n.translate(message, actor.locale, **params)

    async def logout(self):
        await offload.DATA.run_with_db(accounts.end_my_session, token_from_cookie_header(self.router.headers.cookie))
        await reset_tree(self._get_root_state())  # nothing of hers stays in the store under this tab
        return rx.call_script(LOGOUT_SCRIPT)

    async def logout_everywhere(self):
        await self._as_actor(accounts.end_all_my_sessions)
        await reset_tree(self._get_root_state())
        return rx.call_script(LOGOUT_SCRIPT)

    async def switch_language(self, locale: str):
        locale = inputs.text(locale)
        outcome = await self._as_actor(lambda db, actor: accounts.set_locale(db, actor, locale))
        if not outcome.ok:
            return outcome.to_login
        return (await self.get_state(I18nState))._use(outcome.value)

    async def set_easy_read(self, on: bool):
        """ "Let at læse" on or off: kept on her user, and the page follows at once."""
        on = on is True
        outcome = await self._as_actor(lambda db, actor: accounts.set_easy_read(db, actor, on))
        if not outcome.ok:
            return outcome.to_login
        self.easy_read = outcome.value
        return rx.call_script(easy_read_script(self.easy_read))
