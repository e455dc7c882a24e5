"""Activation: a person with a code chooses a user name (first time) and a password."""

import json

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.auth import invitations
from citizenplan.auth.cookies import token_from_cookie_header
from citizenplan.domain import relatives
from citizenplan.domain.errors import UserError
from citizenplan.domain.vocabulary import Role
from citizenplan.state import inputs
from citizenplan.state.i18n_state import I18nState
from citizenplan.state.login import redeem_ticket
from citizenplan.state.tab_owner import TabOwnerState


class ActivationState(TabOwnerState):
    code: str = ""
    greeting_name: str = ""
    needs_username: bool = True
    may_join: bool = False  # a relative's code: an existing relative may use it with their own login
    existing_username: str = ""
    error: str = ""
    error_field: str = ""
    done_username: str = ""
    signing_in: bool = False  # activated; the page is on its way to her home

    async def load(self):
        self.error = self.error_field = self.done_username = ""
        self.signing_in = False
        self.greeting_name = ""
        self.code = str(self.router.url.query_parameters.get("kode", ""))[:40]
        if self.code:
            await self._look_up(self.code)
        i18n_state = await self.get_state(I18nState)
        return i18n_state._use(i18n_state.locale)  # keeps <html lang> true after a reload

    def _login_cookie(self) -> str | None:
        """A code is refused in a browser where someone is logged in (auth/invitations.py)."""
        return token_from_cookie_header(self.router.headers.cookie)

    async def _look_up(self, code: str) -> bool:
        locale = (await self.get_state(I18nState)).locale
        try:  # in a thread of offload.DATA: the page's load runs it, and on the loop it stalled every socket
            pending = await offload.DATA.run_with_db(invitations.pending, code, session_token=self._login_cookie())
        except UserError as error:
            self.error, self.error_field, self.greeting_name = i18n.explain(error, locale), error.field, ""
            return False
        self.code = code
        self.greeting_name = pending.display_name
        self.needs_username = pending.username is None
        self.may_join = pending.username is None and pending.role == Role.RELATIVE.value
        self.existing_username = pending.username or ""
        self.error = self.error_field = ""
        return True

    async def check_code(self, form: dict):
        await self._look_up(inputs.form(form).get("code", "")[:40])

    @rx.event(background=True)
    async def activate(self, form: dict):
        """Choose the login, then be logged in with it at once, through the same cookie path as a login.
        A background event, as the login: the new password's hash may wait its turn in the password lane."""
        form = inputs.form(form)
        async with self:
            locale = (await self.get_state(I18nState)).locale
            code, cookie = self.code, self._login_cookie()
        try:  # argon2 in a thread of its own, as at login
            activated = await offload.PASSWORDS.run_with_db(
                invitations.activate, code, str(form.get("username", ""))[:200],
                str(form.get("password", ""))[:500], str(form.get("repeat", ""))[:500],
                session_token=cookie)
        except UserError as error:
            async with self:
                self.error, self.error_field = i18n.explain(error, locale), error.field
            return
        async with self:
            self.error = self.error_field = ""
            self.greeting_name = ""
            self.done_username = activated.username
            self.signing_in = True
        # The used code's URL would say "already used" on a reload; should the cookie be refused, the
        # reload lands on the login page instead, where the new user name works.
        return redeem_ticket(activated.ticket, activated.role,
                             before=f"window.history.replaceState(null, '', {json.dumps(routes.LOGIN)});")

    @rx.event(background=True)
    async def join(self, form: dict):
        form = inputs.form(form)
        async with self:
            locale = (await self.get_state(I18nState)).locale
            code, cookie, address = self.code, self._login_cookie(), self.router.session.client_ip
        try:  # a password check like a login's: in a thread, counted per name and per client address
            username, refusal = await offload.PASSWORDS.run_with_db(
                relatives.join_with_existing_account, code, str(form.get("username", ""))[:200],
                str(form.get("password", ""))[:200], session_token=cookie, address=address)
        except UserError as error:
            async with self:
                self.error, self.error_field = i18n.explain(error, locale), error.field
            return
        async with self:
            if refusal is not None:
                self.error, self.error_field = i18n.explain(refusal, locale), "join"
                return
            self.error = self.error_field = self.greeting_name = ""
            self.done_username = username

    def start_over(self):
        return rx.redirect(routes.ACTIVATE, replace=True)
