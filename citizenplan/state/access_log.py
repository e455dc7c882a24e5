""""Hvem har set min plan": who opened the citizen's items, when, and which."""

from dataclasses import dataclass

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.domain import access_log
from citizenplan.domain.errors import N_
from citizenplan.domain.policy import Action
from citizenplan.domain.workbook import KIND_LABELS, ItemKind
from citizenplan.state.item import ROLE_NAMES
from citizenplan.state.session import SessionState

FRESH_START = N_("Din adgang blev sat op igen med en kode fra denne person. Den, der brugte koden, kunne se alt i "
                 "din plan.")
EXPORTED = N_("Hentede det, du deler, som en fil til kommunens system.")


@dataclass(frozen=True)
class ViewingRow:
    """One time someone else opened an item of hers: the words they were shown then."""
    who: str
    role: str  # a msgid, or ""
    when: str
    kind: str  # a msgid, or ""
    what: str


class AccessLogState(SessionState):
    viewings: list[ViewingRow] = []

    @rx.event
    async def load(self):
        return await self._open(routes.ACCESS_LOG, self._show)

    async def _show(self, actor) -> None:
        seen = await offload.DATA.run_with_db(access_log.who_has_seen, actor)
        self.viewings = [  # the words each reader was shown then, not the item's words now
            ViewingRow(who=v.who or "Min Vej", role=ROLE_NAMES[v.role] if v.role else "",
                       when=i18n.date_time(v.at, actor.locale),
                       kind=KIND_LABELS[ItemKind(v.kind)] if v.kind else "",
                       what=self._say(actor, FRESH_START) if v.fresh_start else
                       self._say(actor, EXPORTED) if v.action == Action.EXPORT_PLAN.value else v.words)
            for v in seen
        ]
