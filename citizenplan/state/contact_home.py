"""The contact person's home: their citizens, and creating a citizen with a code to hand over."""

import reflex as rx

from citizenplan import i18n, routes
from citizenplan.db import session_scope
from citizenplan.domain import accounts, overview
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_
from citizenplan.domain.vocabulary import SERVICE_AREA_LABELS
from citizenplan.state import inputs
from citizenplan.state.staff import StaffState

ACTIVE = N_("Aktiv")
NOT_ACTIVATED = N_("Har ikke aktiveret endnu")
SORT_CHOICES = [("attention", N_("Det, der haster, først")), ("next_due", N_("Næste opfølgning")),
                ("name", N_("Navn"))]


class ContactHomeState(StaffState):
    unit_name: str = ""
    citizens: list[dict[str, str]] = []
    sort: str = "attention"

    async def load(self):
        return await self._open(routes.CONTACT_PERSON_HOME, self._refresh)

    def _refresh(self, actor: Actor) -> None:
        with session_scope() as db:
            unit = accounts.unit_of(db, actor)
            rows = overview.overview(db, actor, self.sort)
            self._load_awaiting(db, actor)
        self.unit_name = unit.name if unit else ""
        self.citizens = [
            {"id": str(row.citizen_id), "name": row.name, "href": routes.follow_up(row.citizen_id),
             "shared_href": routes.shared_plan(row.citizen_id),
             "area": SERVICE_AREA_LABELS[row.service_area] if row.service_area else "",
             "status": ACTIVE if row.activated else NOT_ACTIVATED,
             "next_due": i18n.long_date(row.next_due, actor.locale) if row.next_due else "",
             "overdue": "yes" if row.overdue else "",
             "news": i18n.ngettext("{count} nyt eller ændret delt punkt", "{count} nye eller ændrede delte punkter",
                                   row.new_shared, actor.locale) if row.new_shared else "",
             "comments": i18n.ngettext("{count} ny kommentar", "{count} nye kommentarer", row.unread_comments,
                                       actor.locale) if row.unread_comments else ""}
            for row in rows
        ]

    async def sort_by(self, value: str):
        if (value := inputs.text(value)) in overview.SORTS:
            self.sort = value
        await self._as_actor(lambda db, actor: None, refresh=True)

    async def create_citizen(self, form: dict):
        name = inputs.form(form).get("name", "")
        result = await self._hand_over(lambda db, actor: accounts.create_citizen(db, actor, name))
        return result or (rx.set_value("new-citizen-name", "") if not self.error else None)
