"""The manager's unit page: the units they lead, their contact persons, inviting a contact person."""

from dataclasses import dataclass

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.domain import account_codes, accounts, assignments
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.ids import parse_id, require_id
from citizenplan.domain.vocabulary import ROLE_LABELS, SERVICE_AREA_LABELS
from citizenplan.state import inputs
from citizenplan.state.contact_home import ACTIVE, NOT_ACTIVATED
from citizenplan.state.staff import StaffState

FRESH_START = N_("{person} ({person_role}) fik sin adgang sat op igen med en kode fra {maker} ({maker_role}).")
ACTIVATION = N_("{person} ({person_role}) aktiverede sin adgang med en kode fra {maker} ({maker_role}).")
FRESH_START_BY_NOBODY = N_("{person} ({person_role}) fik sin adgang sat op igen.")
ACTIVATION_BY_NOBODY = N_("{person} ({person_role}) aktiverede sin adgang.")


@dataclass(frozen=True)
class UnitRow:
    id: str
    name: str
    area: str  # a msgid


@dataclass(frozen=True)
class ContactPersonRow:
    id: str
    name: str
    area: str  # a msgid
    count: int  # how many citizens they follow
    status: str  # a msgid


@dataclass(frozen=True)
class UnassignedRow:
    """A citizen in her units without a contact person."""
    id: str
    name: str
    unit: str


@dataclass(frozen=True)
class CodeUseRow:
    when: str
    text: str  # who used a code from whom, in the tab's language


def _units_of(db, actor: Actor) -> tuple:
    """Everything her unit page shows: one unit of work, in a thread."""
    return (accounts.managed_units(db, actor), accounts.unit_contact_persons(db, actor), assignments.counts(db, actor),
            assignments.citizens_without_contact_person(db, actor), account_codes.uses_in_my_units(db, actor),
            account_codes.awaiting_confirmation(db, actor))


class ManagerHomeState(StaffState):
    units: list[UnitRow] = []
    contact_persons: list[ContactPersonRow] = []
    counts: assignments.UnitCounts | None = None  # None: she leads no unit, so no figures at all
    unassigned: list[UnassignedRow] = []
    code_uses: list[CodeUseRow] = []  # every code used in the manager's units: who, whose, when
    report_href: str = routes.MANAGER_REPORT

    @rx.event
    async def load(self):
        return await self._open(routes.MANAGER_HOME, self._refresh)

    async def _refresh(self, actor: Actor) -> None:
        units, people, numbers, waiting, uses, awaiting = await offload.DATA.run_with_db(_units_of, actor)
        self._show_awaiting(awaiting)
        self.code_uses = [self._code_use(actor, use) for use in uses]
        self.counts = numbers
        self.unassigned = [UnassignedRow(str(c.citizen_id), c.name, c.unit_name) for c in waiting]
        self.units = [UnitRow(str(u.unit_id), u.name, SERVICE_AREA_LABELS[u.service_area]) for u in units]
        self.contact_persons = [
            ContactPersonRow(str(p.user_id), p.display_name, SERVICE_AREA_LABELS[p.service_area], p.count,
                             ACTIVE if p.activated else NOT_ACTIVATED)
            for p in people
        ]

    @rx.event
    async def invite(self, form: dict):
        form = inputs.form(form)
        name, unit = form.get("name", ""), form.get("unit", "")
        result = await self._hand_over(lambda db, actor: accounts.invite_contact_person(db, actor, name,
                                                                                        require_id(unit)))
        return result or (rx.set_value("new-contact-name", "") if not self.error else None)

    @rx.event
    async def assign(self, form: dict):
        form = inputs.form(form)
        citizen, contact = parse_id(form.get("citizen_id")), parse_id(form.get("contact_person_id"))
        self.notice = ""
        if citizen is None or contact is None:
            self.error = self._explain(UserError(N_("Vælg en kontaktperson fra din enhed.")))
            return
        outcome = await self._as_actor(lambda db, actor: assignments.assign(db, actor, citizen, contact),
                                       refresh=True)
        if outcome.ok:
            self.notice = N_("Borgeren har fået en kontaktperson.")

    def _code_use(self, actor: Actor, use: account_codes.CodeUse) -> CodeUseRow:
        names = {"person": use.person_name, "person_role": self._say(actor, ROLE_LABELS[use.person_role])}
        if use.maker_name and use.maker_role:
            text = self._say(actor, FRESH_START if use.fresh_start else ACTIVATION, **names, maker=use.maker_name,
                             maker_role=self._say(actor, ROLE_LABELS[use.maker_role]))
        else:
            text = self._say(actor, FRESH_START_BY_NOBODY if use.fresh_start else ACTIVATION_BY_NOBODY, **names)
        return CodeUseRow(i18n.date_time(use.at, actor.locale), text)
