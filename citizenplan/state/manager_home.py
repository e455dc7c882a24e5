"""The manager's unit page: the units they lead, their contact persons, inviting a contact person."""

import reflex as rx

from citizenplan import routes
from citizenplan.db import session_scope
from citizenplan.domain import accounts
from citizenplan.domain.actors import Actor
from citizenplan.domain.vocabulary import SERVICE_AREA_LABELS, Role
from citizenplan.state.contact_home import ACTIVE, NOT_ACTIVATED
from citizenplan.state.staff import StaffState


class ManagerHomeState(StaffState):
    units: list[dict[str, str]] = []
    contact_persons: list[dict[str, str]] = []

    async def load(self):
        actor, follow_up = await self._enter(Role.MANAGER, routes.MANAGER_HOME)
        if actor is not None:
            self._refresh(actor)
        return follow_up

    def _refresh(self, actor: Actor) -> None:
        with session_scope() as db:
            units = accounts.managed_units(db, actor)
            people = accounts.unit_contact_persons(db, actor)
        self.units = [{"id": str(u.unit_id), "name": u.name, "area": SERVICE_AREA_LABELS[u.service_area]}
                      for u in units]
        self.contact_persons = [
            {"id": str(p.user_id), "name": p.display_name, "area": SERVICE_AREA_LABELS[p.service_area],
             "count": str(p.count), "status": ACTIVE if p.activated else NOT_ACTIVATED}
            for p in people
        ]

    async def invite(self, form: dict):
        name, unit = str(form.get("name", "")), str(form.get("unit", ""))
        unit_id = int(unit) if unit.isdigit() else 0
        result = await self._hand_over(lambda db, actor: accounts.invite_contact_person(db, actor, name, unit_id))
        return result or (rx.set_value("new-contact-name", "") if not self.error else None)
