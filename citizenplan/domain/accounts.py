"""Accounts and who follows whom: loading the acting person, inviting, activating, fresh starts."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, func
from sqlmodel import Session, select

from citizenplan.auth import invitations, sessions
from citizenplan.auth.invitations import Handover
from citizenplan.clock import utcnow
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.text import clean_name
from citizenplan.domain.vocabulary import LOCALES, Role, ServiceArea
from citizenplan.models import ContactAssignment, ManagedUnit, RelativeGrant, Unit, User


@dataclass(frozen=True)
class PersonRow:
    """One line in a list of people: what a list needs, nothing of their plan."""

    user_id: int
    display_name: str
    service_area: ServiceArea | None
    activated: bool
    count: int = 0  # for a contact person: how many citizens they follow


@dataclass(frozen=True)
class UnitInfo:
    unit_id: int
    name: str
    service_area: ServiceArea


def actor_from_token(db: Session, token: str | None, now: datetime | None = None) -> Actor | None:
    """The person behind a session cookie, with what the policy needs; None when not logged in.
    The session and the user come in one query; a citizen needs no other."""
    user = sessions.resolve_with_user(db, token, now)
    return _actor_of(db, user, now) if user is not None else None


def load_actor(db: Session, user_id: int, now: datetime | None = None) -> Actor | None:
    return _actor_of(db, db.get(User, user_id), now)


def _actor_of(db: Session, user: User | Row | None, now: datetime | None = None) -> Actor | None:
    """The acting person from their user row: a contact person's citizens, a relative's live grants and
    a manager's units are read here."""
    now = now or utcnow()
    if user is None or user.activated_at is None:
        return None
    user_id = user.id
    role = Role(user.role)
    citizen_ids: frozenset[int] = frozenset()
    may_comment: frozenset[int] = frozenset()
    managed: frozenset[int] = frozenset()
    if role is Role.MANAGER:
        managed = frozenset(db.exec(select(ManagedUnit.unit_id).where(ManagedUnit.manager_id == user_id)).all())
    if role is Role.CONTACT_PERSON:
        citizen_ids = frozenset(db.exec(select(ContactAssignment.citizen_id).where(
            ContactAssignment.contact_person_id == user_id, ContactAssignment.ended_at.is_(None))).all())
    elif role is Role.RELATIVE:
        grants = db.exec(select(RelativeGrant).where(
            RelativeGrant.relative_id == user_id, RelativeGrant.ended_at.is_(None))).all()
        live = [g for g in grants if g.expires_at is None or g.expires_at > now]
        citizen_ids = frozenset(g.citizen_id for g in live)
        may_comment = frozenset(g.citizen_id for g in live if g.can_comment)
    return Actor(user_id=user.id, role=role, display_name=user.display_name, locale=user.locale,
                 easy_read=bool(user.easy_read), unit_id=user.unit_id, citizen_ids=citizen_ids,
                 may_comment_for=may_comment, managed_unit_ids=managed)


def unit_of(db: Session, actor: Actor) -> UnitInfo | None:
    """The acting person's own unit (a relative has none)."""
    unit = db.get(Unit, actor.unit_id) if actor.unit_id else None
    return UnitInfo(unit.id, unit.name, ServiceArea(unit.service_area)) if unit else None


def managed_units(db: Session, actor: Actor) -> list[UnitInfo]:
    """The units a manager leads, by name."""
    if not actor.managed_unit_ids:
        return []
    units = db.exec(select(Unit).where(Unit.id.in_(actor.managed_unit_ids)).order_by(Unit.name)).all()
    for unit in units:
        authorize(db, actor, Action.READ_UNIT_REPORT, Target(kind="unit", unit_id=unit.id))
    return [UnitInfo(u.id, u.name, ServiceArea(u.service_area)) for u in units]


def set_locale(db: Session, actor: Actor, locale: str) -> str:
    if locale not in LOCALES:
        raise UserError(N_("Det sprog findes ikke."))
    user = db.get(User, actor.user_id)
    user.locale = locale
    db.add(user)
    return locale


def set_easy_read(db: Session, actor: Actor, on: bool) -> bool:
    """ "Let at læse" on or off for the acting person's own user: kept across logins and devices."""
    user = db.get(User, actor.user_id)
    user.easy_read = bool(on)
    db.add(user)
    return user.easy_read


def end_my_session(db: Session, token: str | None) -> None:
    """Logging out needs no permission: it only ever ends the caller's own session."""
    sessions.end(db, token)


def end_all_my_sessions(db: Session, actor: Actor) -> int:
    return sessions.end_all_for_user(db, actor.user_id)


def create_citizen(db: Session, actor: Actor, display_name: str) -> Handover:
    """A contact person creates a citizen in their own unit, follows them, and gets a code to hand over."""
    authorize(db, actor, Action.CREATE_CITIZEN, Target(kind="unit", unit_id=actor.unit_id))
    citizen = User(display_name=clean_name(display_name), role=Role.CITIZEN.value, unit_id=actor.unit_id)
    db.add(citizen)
    db.flush()
    db.add(ContactAssignment(citizen_id=citizen.id, contact_person_id=actor.user_id))
    return invitations.issue(db, citizen, actor.user_id)


def invite_contact_person(db: Session, actor: Actor, display_name: str, unit_id: int) -> Handover:
    """A manager invites a contact person to one of the units they lead."""
    authorize(db, actor, Action.INVITE_CONTACT_PERSON, Target(kind="unit", unit_id=unit_id))
    person = User(display_name=clean_name(display_name), role=Role.CONTACT_PERSON.value, unit_id=unit_id)
    db.add(person)
    db.flush()
    return invitations.issue(db, person, actor.user_id)


def issue_fresh_start(db: Session, actor: Actor, user_id: int) -> Handover:
    """A new activation code for someone who forgot their password: a contact person for a citizen they
    follow, a manager for a contact person in their unit. The old password works until the code is used."""
    user = db.get(User, user_id)
    if user is not None and user.role == Role.CITIZEN.value:
        target = Target(kind="citizen", citizen_id=user.id, unit_id=user.unit_id)
        authorize(db, actor, Action.RESET_CITIZEN_PASSWORD, target)
    elif user is not None and user.role == Role.CONTACT_PERSON.value:
        authorize(db, actor, Action.RESET_CONTACT_PASSWORD,
                  Target(kind="contact_person", user_id=user.id, unit_id=user.unit_id))
    else:
        authorize(db, actor, Action.RESET_CONTACT_PASSWORD, Target(kind="account", user_id=user_id))
    return invitations.issue(db, user, actor.user_id)


def my_citizens(db: Session, actor: Actor) -> list[PersonRow]:
    """A contact person's citizens, by name. One query, however many there are."""
    rows = db.exec(
        select(User, Unit.service_area)
        .join(ContactAssignment, ContactAssignment.citizen_id == User.id)
        .join(Unit, Unit.id == User.unit_id, isouter=True)
        .where(ContactAssignment.contact_person_id == actor.user_id, ContactAssignment.ended_at.is_(None))
        .order_by(User.display_name)
    ).all()
    result = []
    for user, area in rows:
        authorize(db, actor, Action.VIEW_CITIZEN, Target(kind="citizen", citizen_id=user.id, unit_id=user.unit_id))
        result.append(PersonRow(user.id, user.display_name, ServiceArea(area) if area else None,
                                user.activated_at is not None))
    return result


def unit_contact_persons(db: Session, actor: Actor) -> list[PersonRow]:
    """A manager's contact persons, in all the units they lead, with how many citizens each follows.
    One query, however many there are."""
    for unit_id in actor.managed_unit_ids:
        authorize(db, actor, Action.INVITE_CONTACT_PERSON, Target(kind="unit", unit_id=unit_id))
    followed = (
        select(ContactAssignment.contact_person_id, func.count().label("n"))
        .where(ContactAssignment.ended_at.is_(None))
        .group_by(ContactAssignment.contact_person_id)
        .subquery()
    )
    rows = db.exec(
        select(User, Unit.service_area, func.coalesce(followed.c.n, 0))
        .join(Unit, Unit.id == User.unit_id)
        .join(followed, followed.c.contact_person_id == User.id, isouter=True)
        .where(User.role == Role.CONTACT_PERSON.value, User.unit_id.in_(actor.managed_unit_ids))
        .order_by(User.display_name)
    ).all()
    return [PersonRow(u.id, u.display_name, ServiceArea(area), u.activated_at is not None, int(n))
            for u, area, n in rows]


def my_contact_persons(db: Session, actor: Actor) -> list[str]:
    """A citizen's contact persons' names, so the home screen can say who follows them."""
    authorize(db, actor, Action.VIEW_CITIZEN, Target(kind="citizen", citizen_id=actor.user_id, unit_id=actor.unit_id))
    return list(db.exec(
        select(User.display_name)
        .join(ContactAssignment, ContactAssignment.contact_person_id == User.id)
        .where(ContactAssignment.citizen_id == actor.user_id, ContactAssignment.ended_at.is_(None))
    ).all())


def citizen_name(db: Session, actor: Actor, citizen_id: int) -> str:
    """A citizen's name, for those who may know whom they follow."""
    citizen = db.get(User, citizen_id)
    authorize(db, actor, Action.VIEW_CITIZEN, Target(kind="citizen", citizen_id=citizen_id,
                                                     unit_id=citizen.unit_id if citizen else None))
    return citizen.display_name
