""""Mine data": download everything, see and end her logins, erase her account."""

from dataclasses import dataclass

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.auth.cookies import token_from_cookie_header
from citizenplan.domain import logins, my_data
from citizenplan.domain.errors import N_, NotFound, UserError
from citizenplan.domain.ids import require_id
from citizenplan.state.forget import forget_everywhere
from citizenplan.state.session import SessionState, logout_script
from citizenplan.state.tab_owner import reset_tree

ERASED_SCRIPT = logout_script(routes.LOGIN + "?slettet=1")  # her drafts and offline copies go too
GOES = {
    "items": N_("Din arbejdsbog: {n} ting, du har skrevet, med alle ændringer."),
    "conversations": N_("Dine samtaler: {n}."),
    "comments": N_("Kommentarer til det, du har skrevet: {n}."),
    "relatives": N_("Dine pårørendes adgang: {n}. De kan ikke længere se noget."),
}
ENDED = N_("Du er logget ud på den enhed.")


@dataclass(frozen=True)
class LoginRow:
    """One phone or computer she is logged in on, in the tab's language."""
    id: str
    what: str  # device · browser
    when: str  # "Sidst brugt ..."
    this_one: bool  # the login this page is shown in: no "Log ud her"


@dataclass(frozen=True)
class KeptRow:
    """What the municipality must keep after an erasure, and why."""
    what: str
    why: str


class MyDataState(SessionState):
    logins: list[LoginRow] = []
    confirming: bool = False
    goes: list[str] = []
    kept: list[KeptRow] = []

    @rx.event
    async def load(self):
        return await self._open(routes.MY_DATA, self._show)

    async def _show(self, actor) -> None:
        self.confirming = False
        await self._show_logins(actor)

    async def _show_logins(self, actor) -> None:
        found = await offload.DATA.run_with_db(logins.my_logins, actor,
                                               token_from_cookie_header(self.router.headers.cookie))
        self.logins = [LoginRow(
            id=str(login.session_id),
            what=f"{self._say(actor, login.device)} · {self._say(actor, login.browser)}",
            when=self._say(actor, N_("Sidst brugt {when}"), when=i18n.date_time(login.last_seen_at, actor.locale)),
            this_one=login.this_one,
        ) for login in found]

    @rx.event
    async def end_login(self, session_id: str):
        """"Log ud" on one of her other phones or computers: it is logged out on its next step."""
        outcome = await self._as_actor(lambda db, actor: logins.end_login(db, actor, require_id(session_id)))
        if (actor := outcome.actor) is None:
            return outcome.to_login
        self.notice = self._say(actor, ENDED) if outcome.ok else ""
        if isinstance(outcome.refusal, NotFound):
            self.error = self._say(actor, N_("Det login er allerede slut."))
        await self._show_logins(actor)
        return None

    @rx.event
    async def ask_to_erase(self):
        """"Slet min konto": first she reads what goes and what the municipality keeps, and why."""
        outcome = await self._as_actor(my_data.preview)
        if not outcome.ok:
            return outcome.to_login
        actor, seen = outcome.actor, outcome.value
        self.goes = [self._say(actor, message, n=getattr(seen, key)) for key, message in GOES.items()]
        self.kept = [KeptRow(what=self._say(actor, my_data.KEPT_NAMES[table], n=n),
                             why=self._say(actor, my_data.KEPT[table])) for table, n in seen.kept.items()]
        self.confirming = True
        return None

    @rx.event
    def cancel(self):
        self.confirming = False

    @rx.event
    async def erase(self):
        """"Ja, slet min konto": everything in one transaction; then every open tab that showed her words,
        hers or anyone else's, forgets them; then this tab goes to the login page."""
        actor = await self._actor()
        if actor is None:  # a second click, or another device erased it first: nothing left to do
            return rx.call_script(ERASED_SCRIPT)
        try:  # every table is read and written: in a thread, in one transaction of its own
            erased = await offload.HEAVY.run_with_db(my_data.erase, actor)
        except UserError as error:
            self.error = self._explain(error, actor)
            return None
        await forget_everywhere(erased.words, i18n.translate(NotFound().message, actor.locale),
                                skip=[self.router.session.client_token])
        await reset_tree(self._get_root_state())
        return rx.call_script(ERASED_SCRIPT)
