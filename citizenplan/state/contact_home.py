"""The contact person's home: their citizens, and creating a citizen with a code to hand over."""

import reflex as rx

from citizenplan import routes
from citizenplan.db import session_scope
from citizenplan.domain import accounts
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_
from citizenplan.domain.vocabulary import SERVICE_AREA_LABELS, Role
from citizenplan.state.staff import StaffState

ACTIVE = N_("Aktiv")
NOT_ACTIVATED = N_("Har ikke aktiveret endnu")


class ContactHomeState(StaffState):
    unit_name: str = ""
    citizens: list[dict[str, str]] = []

    async def load(self):
        actor, follow_up = await self._enter(Role.CONTACT_PERSON, routes.CONTACT_PERSON_HOME)
        if actor is not None:
            self._refresh(actor)
        return follow_up

    def _refresh(self, actor: Actor) -> None:
        with session_scope() as db:
            unit = accounts.unit_of(db, actor)
            rows = accounts.my_citizens(db, actor)
        self.unit_name = unit.name if unit else ""
        self.citizens = [
            {"id": str(row.user_id), "name": row.display_name, "href": routes.shared_plan(row.user_id),
             "area": SERVICE_AREA_LABELS[row.service_area] if row.service_area else "",
             "status": ACTIVE if row.activated else NOT_ACTIVATED}
            for row in rows
        ]

    async def create_citizen(self, form: dict):
        name = str(form.get("name", ""))
        result = await self._hand_over(lambda db, actor: accounts.create_citizen(db, actor, name))
        return result or (rx.set_value("new-citizen-name", "") if not self.error else None)
