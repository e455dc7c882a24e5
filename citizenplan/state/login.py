"""Login: the password is checked over the websocket; the cookie is set by /auth/session."""

import asyncio
import json

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.auth import sessions
from citizenplan.domain.errors import N_
from citizenplan.domain.vocabulary import Role
from citizenplan.state import inputs
from citizenplan.state.i18n_state import I18nState
from citizenplan.state.session import FORGET_IN_BROWSER, SessionState, easy_read_script

# The ticket is good for one minute and one use; the token it buys goes straight into an HttpOnly cookie.
REDEEM_SCRIPT = (
    "fetch('/auth/session', {{method: 'POST', credentials: 'same-origin', "
    "headers: {{'Content-Type': 'application/json'}}, body: {body}}})"
    ".then(r => {{ if (r.ok) {{ window.location.replace({home}); }} else {{ window.location.reload(); }} }})"
)


ERASED = N_("Din konto er slettet. Tak, fordi du brugte Min Vej.")


class LoginState(SessionState):
    busy: bool = False

    async def load(self):
        """Someone already logged in goes straight to their own home."""
        actor = await self._actor()
        if actor is not None:
            return rx.redirect(routes.home_for(actor.role), replace=True)
        self.error = ""
        self.busy = False
        i18n_state = await self.get_state(I18nState)
        # After "Slet min konto" the page says it is done (nothing of hers is left to show).
        erased = self.router.url.query_parameters.get("slettet") == "1"
        self.notice = i18n.translate(ERASED, i18n_state.locale) if erased else ""
        # keeps <html lang> true after a reload; the login page is plain (the last person's "Let at læse" goes).
        # Nobody is logged in here, so the browser keeps nothing of the last person, as at logout: a session that
        # expired or was ended elsewhere (another device, a fresh start by staff) sends every page here.
        return i18n_state._use(i18n_state.locale, easy_read_script(False) + FORGET_IN_BROWSER)

    @rx.event(background=True)
    async def login(self, form: dict):
        """A background event: the check may wait its turn in the password lane (a flood of logins waits there,
        offload.Budget), and an ordinary event would hold the tab's lock all that time: past Redis's lock
        expiry (10 s) the state could no longer be saved."""
        form = inputs.form(form)
        async with self:
            if self.busy:  # one check per tab at a time, as when the tab's lock held the event
                return
            self.busy = True  # the button says it is working while the check waits its turn
            locale = (await self.get_state(I18nState)).locale
            address = self.router.session.client_ip
        going_home = False
        try:
            # argon2 in a thread of its own: the event loop serves everyone else meanwhile. An address that has
            # just failed waits behind one that has not (a flood's logins behind a real person's).
            outcome = await offload.PASSWORDS.run_with_db_ranked(
                sessions.login_rank(address), sessions.begin_login,
                str(form.get("username", ""))[:200], str(form.get("password", ""))[:200], address=address)
            if outcome.refusal is not None or outcome.ticket is None or outcome.role is None:
                await asyncio.sleep(outcome.hold.total_seconds())  # a try during a wait: slows a flood down
                async with self:
                    self.error = i18n.explain(outcome.refusal, locale) if outcome.refusal else ""
                return
            async with self:
                self.error = ""
            going_home = True  # the button stays busy on the way to her home
            return redeem_ticket(outcome.ticket, outcome.role, before=easy_read_script(outcome.easy_read))
        finally:
            if not going_home:
                async with self:
                    self.busy = False


def redeem_ticket(ticket: str, role: Role, before: str = "") -> rx.event.EventSpec:
    """Post a fresh ticket to /auth/session, which sets the cookie, then open the role's home. `before`
    runs first in the page (activation uses it so that a refusal lands on the login page)."""
    body = json.dumps(json.dumps({"ticket": ticket}))
    return rx.call_script(before + REDEEM_SCRIPT.format(body=body, home=json.dumps(routes.home_for(role))))
