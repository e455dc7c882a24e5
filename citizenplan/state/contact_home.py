"""The contact person's home: their citizens, and creating a citizen with a code to hand over."""

from dataclasses import dataclass

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.domain import account_codes, accounts, overview
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_
from citizenplan.domain.vocabulary import SERVICE_AREA_LABELS
from citizenplan.state import inputs
from citizenplan.state.staff import StaffState

ACTIVE = N_("Aktiv")
NOT_ACTIVATED = N_("Har ikke aktiveret endnu")
SORT_CHOICES = [("attention", N_("Det, der haster, først")), ("next_due", N_("Næste opfølgning")),
                ("name", N_("Navn"))]


@dataclass(frozen=True)
class CitizenRow:
    """One of her citizens in the list: links, status and what is new, in the tab's language."""
    id: str
    name: str
    href: str  # the follow-up page
    shared_href: str
    area: str  # a msgid, or ""
    status: str  # a msgid
    next_due: str  # a long date, or ""
    overdue: bool
    news: str  # "3 nye eller ændrede delte punkter", or ""
    comments: str  # "1 ny kommentar", or ""


def _overview_of(db, actor: Actor, sort: str) -> tuple:
    """Her unit, her citizens in the order `sort` and the colleagues awaiting confirmation: one unit of work,
    in a thread."""
    return accounts.unit_of(db, actor), overview.overview(db, actor, sort), account_codes.awaiting_confirmation(db, actor)


class ContactHomeState(StaffState):
    unit_name: str = ""
    citizens: list[CitizenRow] = []
    sort: str = "attention"

    @rx.event
    async def load(self):
        return await self._open(routes.CONTACT_PERSON_HOME, self._refresh)

    async def _refresh(self, actor: Actor) -> None:
        unit, rows, awaiting = await offload.DATA.run_with_db(_overview_of, actor, self.sort)
        self._show_awaiting(awaiting)
        self.unit_name = unit.name if unit else ""
        self.citizens = [
            CitizenRow(
                id=str(row.citizen_id), name=row.name, href=routes.follow_up(row.citizen_id),
                shared_href=routes.shared_plan(row.citizen_id),
                area=SERVICE_AREA_LABELS[row.service_area] if row.service_area else "",
                status=ACTIVE if row.activated else NOT_ACTIVATED,
                next_due=i18n.long_date(row.next_due, actor.locale) if row.next_due else "",
                overdue=bool(row.overdue),
                news=i18n.ngettext("{count} nyt eller ændret delt punkt", "{count} nye eller ændrede delte punkter",
                                   row.new_shared, actor.locale) if row.new_shared else "",
                comments=i18n.ngettext("{count} ny kommentar", "{count} nye kommentarer", row.unread_comments,
                                       actor.locale) if row.unread_comments else "")
            for row in rows
        ]

    @rx.event
    async def sort_by(self, value: str):
        if (value := inputs.text(value)) in overview.SORTS:
            self.sort = value
        await self._as_actor(lambda db, actor: None, refresh=True)

    @rx.event
    async def create_citizen(self, form: dict):
        name = inputs.form(form).get("name", "")
        result = await self._hand_over(lambda db, actor: accounts.create_citizen(db, actor, name))
        return result or (rx.set_value("new-citizen-name", "") if not self.error else None)
