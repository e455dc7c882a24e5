"""A manager assigns contact persons to the citizens of their units, and sees who has none or no plan.

Names appear only for accounts the manager administers (citizens of their own units, to assign them);
plans are counted, never shown.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from citizenplan.clock import utcnow
from citizenplan.domain import account_codes
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.policy import Action, Target, authorize, manages_no_unit
from citizenplan.domain.vocabulary import Audience, Role
from citizenplan.models import ContactAssignment, SharedSnapshot, Unit, User


@dataclass(frozen=True)
class CitizenRow:
    citizen_id: int
    name: str
    unit_name: str


@dataclass(frozen=True)
class UnitCounts:
    citizens: int
    without_contact_person: int
    without_plan: int  # no goal shared with a contact person


def _unit_citizens(actor: Actor):
    return select(User.id).where(User.role == Role.CITIZEN.value, User.unit_id.in_(actor.managed_unit_ids))


def _live_assignment(citizen_column):
    return select(ContactAssignment.id).where(ContactAssignment.citizen_id == citizen_column,
                                              ContactAssignment.ended_at.is_(None)).exists()


def counts(db: Session, actor: Actor) -> UnitCounts | None:
    """Three counts for all the manager's units; three queries however many citizens. None for a manager
    without a unit: no figures at all, not three zeros."""
    if manages_no_unit(actor):
        return None
    for unit_id in sorted(actor.managed_unit_ids):
        authorize(db, actor, Action.READ_UNIT_REPORT, Target(kind="unit", unit_id=unit_id))
    citizens = db.exec(select(func.count()).select_from(_unit_citizens(actor).subquery())).one()
    without_contact = db.exec(select(func.count()).select_from(
        _unit_citizens(actor).where(~_live_assignment(User.id)).subquery())).one()
    with_plan = select(SharedSnapshot.citizen_id).where(
        SharedSnapshot.audience == Audience.CONTACT_PERSON.value, SharedSnapshot.kind == "goal",
        SharedSnapshot.revoked_at.is_(None))
    without_plan = db.exec(select(func.count()).select_from(
        _unit_citizens(actor).where(User.id.not_in(with_plan)).subquery())).one()
    return UnitCounts(int(citizens), int(without_contact), int(without_plan))


def citizens_without_contact_person(db: Session, actor: Actor) -> list[CitizenRow]:
    """The citizens of the manager's units whom nobody follows, by name, so they can be assigned."""
    rows = db.exec(select(User, Unit.name).join(Unit, Unit.id == User.unit_id).where(
        User.role == Role.CITIZEN.value, User.unit_id.in_(actor.managed_unit_ids), ~_live_assignment(User.id))
        .order_by(User.display_name)).all()
    result = []
    for user, unit_name in rows:
        authorize(db, actor, Action.ASSIGN_CONTACT_PERSON,
                  Target(kind="citizen", citizen_id=user.id, unit_id=user.unit_id))
        result.append(CitizenRow(user.id, user.display_name, unit_name))
    return result


def assign(db: Session, actor: Actor, citizen_id: int, contact_person_id: int,
           now: datetime | None = None) -> ContactAssignment:
    """Give the citizen this contact person; one who followed them before stops (and keeps no access).
    Not to a contact person whose access was set up with the manager's own code, before someone else has
    confirmed them (account_codes.may_give_citizens)."""
    citizen = db.get(User, citizen_id)
    authorize(db, actor, Action.ASSIGN_CONTACT_PERSON,
              Target(kind="citizen", citizen_id=citizen_id, unit_id=citizen.unit_id if citizen else None))
    if citizen is None or citizen.role != Role.CITIZEN.value:
        raise UserError(N_("Det findes ikke længere."))
    contact = db.get(User, contact_person_id)
    if contact is None or contact.role != Role.CONTACT_PERSON.value or contact.unit_id not in actor.managed_unit_ids:
        raise UserError(N_("Vælg en kontaktperson fra din enhed."))
    if not account_codes.may_give_citizens(account_codes.setting_up_code(db, contact.id), actor.user_id):
        raise UserError(account_codes.MAKER_MAY_NOT_ASSIGN, name=contact.display_name)
    now = now or utcnow()
    for old in db.exec(select(ContactAssignment).where(ContactAssignment.citizen_id == citizen_id,
                                                       ContactAssignment.ended_at.is_(None))).all():
        if old.contact_person_id == contact_person_id:
            return old
        old.ended_at = now
        db.add(old)
    row = ContactAssignment(citizen_id=citizen_id, contact_person_id=contact_person_id, started_at=now)
    db.add(row)
    db.flush()
    return row
