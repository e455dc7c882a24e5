"""Told on one's own home: "Din adgang blev sat op igen …", for every role (no silent takeover by staff)."""

from citizenplan import i18n, routes
from citizenplan.domain import account_codes
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_
from citizenplan.domain.vocabulary import ROLE_LABELS, Role
from citizenplan.state.session import SessionState

FRESH_START = N_("Din adgang blev sat op igen den {date} med en kode fra {name} ({role}).")
FRESH_START_BY_NOBODY = N_("Din adgang blev sat op igen den {date}.")
TELL_MANAGER = N_("Var det ikke dig, så sig det til {name} (leder).")
TELL_MANAGERS = N_("Var det ikke dig, så sig det til en af dine ledere: {names}.")
TELL_SOMEONE = N_("Var det ikke dig, så sig det til en anden ansat, som du stoler på.")
TELL_THE_CITIZEN = N_("Var det ikke dig, så sig det til den, du er pårørende til, eller til en ansat, du stoler på.")


class FreshStartState(SessionState):
    """Shown on each role's home (components/fresh_start.py); loads itself as the notice is drawn."""

    fresh_starts: list[str] = []  # "Din adgang blev sat op igen den ...", newest first
    tell: str = ""  # whom to tell if it was not them
    access_log_href: str = ""  # a citizen's own "Hvem har set min plan", where every fresh start stays

    async def load(self):
        outcome = await self._as_actor(account_codes.notice)
        if outcome.ok:
            self._show(outcome.actor, outcome.value)

    def _show(self, actor: Actor, notice: account_codes.FreshStartNotice | None) -> None:
        """Each fresh start, who made the code, and whom to tell if it was not them."""
        if notice is None:
            self.fresh_starts, self.tell, self.access_log_href = [], "", ""
            return
        self.fresh_starts = [
            self._say(actor, FRESH_START, date=i18n.long_date(use.at, actor.locale), name=use.maker_name,
                      role=self._say(actor, ROLE_LABELS[use.maker_role]))
            if use.maker_name and use.maker_role else
            self._say(actor, FRESH_START_BY_NOBODY, date=i18n.long_date(use.at, actor.locale))
            for use in notice.uses
        ]
        if len(notice.tell) == 1:
            self.tell = self._say(actor, TELL_MANAGER, name=notice.tell[0])
        elif notice.tell:
            self.tell = self._say(actor, TELL_MANAGERS, names=", ".join(notice.tell))
        else:
            self.tell = self._say(actor, TELL_THE_CITIZEN if actor.role is Role.RELATIVE else TELL_SOMEONE)
        self.access_log_href = routes.ACCESS_LOG if actor.role is Role.CITIZEN else ""

    async def seen(self):
        """"Jeg har set det": the notice goes until their access is set up again."""
        if (await self._as_actor(account_codes.notice_seen)).ok:
            self.fresh_starts, self.tell, self.access_log_href = [], "", ""
