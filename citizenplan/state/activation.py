"""Activation: a person with a code chooses a user name (first time) and a password."""

import reflex as rx

from citizenplan import i18n, routes
from citizenplan.auth import invitations
from citizenplan.db import session_scope
from citizenplan.domain import relatives
from citizenplan.domain.errors import UserError
from citizenplan.domain.vocabulary import Role
from citizenplan.state import inputs
from citizenplan.state.i18n_state import I18nState


class ActivationState(rx.State):
    code: str = ""
    greeting_name: str = ""
    needs_username: bool = True
    may_join: bool = False  # a relative's code: an existing relative may use it with their own login
    existing_username: str = ""
    error: str = ""
    error_field: str = ""
    done_username: str = ""

    async def load(self):
        self.error = self.error_field = self.done_username = ""
        self.greeting_name = ""
        self.code = str(self.router.url.query_parameters.get("kode", ""))[:40]
        if self.code:
            await self._look_up(self.code)
        i18n_state = await self.get_state(I18nState)
        return i18n_state._use(i18n_state.locale)  # keeps <html lang> true after a reload

    async def _look_up(self, code: str) -> bool:
        locale = (await self.get_state(I18nState)).locale
        try:
            with session_scope() as db:
                pending = invitations.pending(db, code)
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

    async def activate(self, form: dict):
        form = inputs.form(form)
        locale = (await self.get_state(I18nState)).locale
        try:
            with session_scope() as db:
                username = invitations.redeem(
                    db, self.code, str(form.get("username", ""))[:200],
                    str(form.get("password", ""))[:500], str(form.get("repeat", ""))[:500])
        except UserError as error:
            self.error, self.error_field = i18n.explain(error, locale), error.field
            return
        self.error = self.error_field = ""
        self.greeting_name = ""
        self.done_username = username

    async def join(self, form: dict):
        form = inputs.form(form)
        locale = (await self.get_state(I18nState)).locale
        try:
            with session_scope() as db:
                username, refusal = relatives.join_with_existing_account(
                    db, self.code, str(form.get("username", ""))[:200], str(form.get("password", ""))[:200])
        except UserError as error:
            self.error, self.error_field = i18n.explain(error, locale), error.field
            return
        if refusal is not None:
            self.error, self.error_field = i18n.explain(refusal, locale), "join"
            return
        self.error = self.error_field = self.greeting_name = ""
        self.done_username = username

    def start_over(self):
        return rx.redirect(routes.ACTIVATE, replace=True)
