"""Who is logged in, found on the server from the HttpOnly cookie of the websocket handshake."""

import reflex as rx

from citizenplan import i18n, routes
from citizenplan.auth.cookies import token_from_cookie_header
from citizenplan.db import session_scope
from citizenplan.domain import accounts
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import AccessDenied, UserError
from citizenplan.domain.policy import require_role
from citizenplan.domain.vocabulary import Role
from citizenplan.state import inputs
from citizenplan.state.i18n_state import I18nState
from citizenplan.state.tab_owner import reset_tree


# The tab forgets its Reflex token (sessionStorage), the chat's outbox and the drafts of what was being typed
# (localStorage, assets/minvej.js) too: the next person on a shared phone starts a new tab state and never
# replays this person's unsent answers or sees their half-written words. The offline copy of her crisis plan
# goes as well (assets/sw.js keeps it for the person logged in only).
def logout_script(then_to: str = "/") -> str:
    """Ends the session, forgets everything of this person in the browser, then opens `then_to`."""
    return (
        "fetch('/auth/logout', {method: 'POST', credentials: 'same-origin', "
        "headers: {'Content-Type': 'application/json'}, body: '{}'})"
        ".then(() => window.caches && caches.delete('minvej-crisis-plan')).catch(() => {})"
        ".finally(() => { try { sessionStorage.removeItem('token'); localStorage.removeItem('minvej-outbox');"
        " localStorage.removeItem('minvej-drafts'); localStorage.removeItem('minvej-easy-read'); }"
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


class SessionState(rx.State):
    """Base of every logged-in page's state. Holds no secret: the token stays in the cookie."""

    display_name: str = ""
    easy_read: bool = False  # her "Let at læse"; the page itself follows the class on <html>
    error: str = ""
    notice: str = ""

    def _actor(self) -> Actor | None:
        """Checked on every event, so a logout or expiry ends an open socket's access too."""
        with session_scope() as db:
            return self._actor_in(db)

    def _actor_in(self, db) -> Actor | None:
        """The same, inside a unit of work the handler goes on using (one transaction per event)."""
        return actor_of_cookie(db, self.router.headers.cookie)

    async def _enter(self, role: Role, page: str):
        """On page load: the actor if they may see `page`, else (None, the redirect to take)."""
        actor = self._actor()
        if actor is None:
            return None, rx.redirect(routes.LOGIN, replace=True)
        try:
            with session_scope():  # the refusal's audit record is written as the scope closes
                require_role(actor, role, page)
        except AccessDenied:
            return None, rx.redirect(routes.home_for(actor.role), replace=True)
        self.display_name = actor.display_name
        self.easy_read = actor.easy_read
        self.error = self.notice = ""
        i18n_state = await self.get_state(I18nState)
        return actor, i18n_state._use(actor.locale, easy_read_script(actor.easy_read))

    def _explain(self, error: UserError, actor: Actor | None = None) -> str:
        return i18n.explain(error, actor.locale if actor else i18n.SOURCE_LOCALE)

    def _say(self, actor: Actor, message: str, **params) -> str:
        return i18n.translate(message, actor.locale, **params)

    async def logout(self):
        with session_scope() as db:
            accounts.end_my_session(db, token_from_cookie_header(self.router.headers.cookie))
        await reset_tree(self._get_root_state())  # nothing of hers stays in the store under this tab
        return rx.call_script(LOGOUT_SCRIPT)

    async def logout_everywhere(self):
        actor = self._actor()
        if actor is not None:
            with session_scope() as db:
                accounts.end_all_my_sessions(db, actor)
        await reset_tree(self._get_root_state())
        return rx.call_script(LOGOUT_SCRIPT)

    async def switch_language(self, locale: str):
        actor = self._actor()
        if actor is None:
            return rx.redirect(routes.LOGIN, replace=True)
        try:
            with session_scope() as db:
                locale = accounts.set_locale(db, actor, inputs.text(locale))
        except UserError as error:
            self.error = self._explain(error, actor)
            return None
        i18n_state = await self.get_state(I18nState)
        return i18n_state._use(locale)

    def set_easy_read(self, on: bool):
        """ "Let at læse" on or off: kept on her user, and the page follows at once."""
        actor = self._actor()
        if actor is None:
            return rx.redirect(routes.LOGIN, replace=True)
        with session_scope() as db:
            self.easy_read = accounts.set_easy_read(db, actor, on is True)
        return rx.call_script(easy_read_script(self.easy_read))
