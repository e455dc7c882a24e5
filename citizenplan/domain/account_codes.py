"""Who set up whose access with a one-time code, told to those it concerns: no silent takeover by staff.

Whoever holds a code can act as the person it is for, and a fresh start's code opens an existing account,
plan and all: a contact person who made one for a citizen could use it himself; a manager could invite a
contact person, use the code himself and give that account citizens. Nothing stops a person from typing
a code; these rules make every use seen, by the person it concerns and by someone other than its maker:

- every code made and every code used is in the audit log, with who made it (auth/invitations.py);
- a code for a fresh start works 24 hours, and never in a browser where someone is logged in (same place);
- everyone is told on their home, until they say they have seen it: every fresh start of their access in the
  last NOTICE_DAYS days, who made the code, and whom to tell if it was not them (never the code's maker).
  The next fresh start shows them all again, so a person who used the code and hid the notice cannot keep
  it from them; a citizen's fresh starts also stay in "Hvem har set min plan". A contact person is told as
  a citizen is: a manager who used the code could otherwise read every plan shared with that person;
- a manager sees every code used in their units: who, whose, when (names and dates, no plan content);
- whoever made the code that last set up a contact person's access gives that person no citizens until
  someone else (another manager of the unit, or a colleague there) has confirmed the person set it up.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from citizenplan.auth.invitations import CODE_USED, FRESH_START
from citizenplan.clock import utcnow
from citizenplan.domain import workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.policy import Action, Target, authorize, own_account
from citizenplan.domain.vocabulary import Role
from citizenplan.models import AuditEvent, Invitation, ManagedUnit, User

NOTICE_DAYS = 90
NOTICE_SEEN = "see_fresh_start_notice"  # AuditEvent.action: the citizen said she has seen the notice
CONFIRMED = "confirm_account"  # AuditEvent.action: a colleague confirmed a contact person's new access
MAKER_MAY_NOT_ASSIGN = N_("Du lavede selv koden til {name}. Før du kan give {name} borgere, skal en anden "
                          "leder eller en kollega fra enheden bekræfte, at {name} selv har sat sin adgang op.")
MAKER_MAY_NOT_CONFIRM = N_("Du lavede selv koden. En anden skal bekræfte.")


@dataclass(frozen=True)
class CodeUse:
    """A code was used: whose access it set up, when, whether again (a fresh start), and who made it."""

    at: datetime
    fresh_start: bool
    person_name: str
    person_role: Role
    maker_name: str | None  # None: made by the system (the command line), not by a person
    maker_role: Role | None


@dataclass(frozen=True)
class FreshStartNotice:
    """What a person's home tells them; `tell` is whom to tell if it was not them: the managers of their
    unit(s) who made none of these codes (empty: the page names someone else to tell)."""

    uses: list[CodeUse]
    tell: list[str]


@dataclass(frozen=True)
class AwaitingConfirmation:
    user_id: int
    name: str
    made_by_me: bool  # the actor made the code, so someone else must confirm


_Person = aliased(User)
_Maker = aliased(User)


def _uses():
    return (select(AuditEvent.id, AuditEvent.at, AuditEvent.detail, AuditEvent.code_maker_id.label("maker_id"),
                   _Person.display_name.label("person_name"),
                   _Person.role.label("person_role"), _Maker.display_name.label("maker_name"),
                   _Maker.role.label("maker_role"))
            .join(_Person, _Person.id == AuditEvent.target_id)
            .join(_Maker, _Maker.id == AuditEvent.code_maker_id, isouter=True)
            .where(AuditEvent.action == CODE_USED))


def _code_use(row) -> CodeUse:
    return CodeUse(row.at, row.detail == FRESH_START, row.person_name, Role(row.person_role), row.maker_name,
                   Role(row.maker_role) if row.maker_role else None)


def _my_fresh_starts(db: Session, actor: Actor, since: datetime | None = None) -> list:
    query = _uses().where(AuditEvent.target_kind == "account", AuditEvent.target_id == actor.user_id,
                          AuditEvent.detail == FRESH_START)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    return list(db.exec(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())).all())


def fresh_starts(db: Session, actor: Actor) -> list[CodeUse]:
    """Every time the citizen's access was set up again with a code, newest first ("Hvem har set min plan")."""
    authorize(db, actor, Action.READ_ACCESS_LOG, workbook.own(actor))
    return [_code_use(row) for row in _my_fresh_starts(db, actor)]


def notice(db: Session, actor: Actor, now: datetime | None = None) -> FreshStartNotice | None:
    """For anyone's home: the fresh starts of their access in the last NOTICE_DAYS days, unless they have
    said they saw them after the newest one."""
    authorize(db, actor, Action.READ_OWN_ACCOUNT, own_account(actor))
    now = now or utcnow()
    recent = _my_fresh_starts(db, actor, since=now - timedelta(days=NOTICE_DAYS))
    if not recent:
        return None
    seen = db.exec(select(func.max(AuditEvent.id)).where(
        AuditEvent.action == NOTICE_SEEN, AuditEvent.actor_id == actor.user_id)).one()
    if seen is not None and seen > recent[0].id:
        return None
    units = {actor.unit_id, *actor.managed_unit_ids} - {None}
    makers = {row.maker_id for row in recent} - {None}
    managers = db.exec(select(User.display_name).join(ManagedUnit, ManagedUnit.manager_id == User.id)
                       .where(ManagedUnit.unit_id.in_(units), User.activated_at.is_not(None),
                              User.id.not_in(makers | {actor.user_id}))
                       .distinct().order_by(User.display_name)).all() if units else []
    return FreshStartNotice([_code_use(row) for row in recent], list(managers))


def notice_seen(db: Session, actor: Actor, now: datetime | None = None) -> None:
    """The person has read the notice; it stays away until their access is set up again."""
    authorize(db, actor, Action.READ_OWN_ACCOUNT, own_account(actor))
    db.add(AuditEvent(at=now or utcnow(), actor_id=actor.user_id, action=NOTICE_SEEN, allowed=True,
                      citizen_id=actor.user_id if actor.role is Role.CITIZEN else None, target_kind="account",
                      target_id=actor.user_id))


def uses_in_my_units(db: Session, actor: Actor, now: datetime | None = None, limit: int = 100) -> list[CodeUse]:
    """For a manager: every code used in the last NOTICE_DAYS days by a person of their units, newest
    first. Names, roles and dates only."""
    units = sorted(actor.managed_unit_ids)
    for unit_id in units:
        authorize(db, actor, Action.OVERSEE_CODES, Target(kind="unit", unit_id=unit_id))
    if not units:
        return []
    since = (now or utcnow()) - timedelta(days=NOTICE_DAYS)
    rows = db.exec(_uses().where(AuditEvent.at >= since, _Person.unit_id.in_(units))
                   .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)).all()
    return [_code_use(row) for row in rows]


def setting_up_code(db: Session, user_id: int) -> Invitation | None:
    """The used code that last set up this person's access (None: set up without a code, as the demo is)."""
    return db.exec(select(Invitation).where(Invitation.user_id == user_id, Invitation.used_at.is_not(None))
                   .order_by(Invitation.used_at.desc(), Invitation.id.desc()).limit(1)).first()


def may_give_citizens(code: Invitation | None, assigner_id: int) -> bool:
    """The two-person rule: the maker of the code that set up a contact person's access gives them no
    citizens before someone else has confirmed them."""
    return code is None or code.created_by_id != assigner_id or code.confirmed_at is not None


def awaiting_confirmation(db: Session, actor: Actor) -> list[AwaitingConfirmation]:
    """Contact persons of the actor's unit(s) whose access was set up with a person's code that nobody
    has confirmed yet. One query."""
    units = sorted(actor.managed_unit_ids) if actor.role is Role.MANAGER else (
        [actor.unit_id] if actor.role is Role.CONTACT_PERSON and actor.unit_id else [])
    if not units:
        return []
    latest = (select(Invitation.user_id, func.max(Invitation.used_at).label("used_at"))
              .where(Invitation.used_at.is_not(None)).group_by(Invitation.user_id).subquery())
    rows = db.exec(
        select(Invitation.created_by_id, User.id, User.display_name, User.unit_id)
        .join(latest, and_(latest.c.user_id == Invitation.user_id, latest.c.used_at == Invitation.used_at))
        .join(User, User.id == Invitation.user_id)
        .where(User.role == Role.CONTACT_PERSON.value, User.unit_id.in_(units), User.id != actor.user_id,
               Invitation.confirmed_at.is_(None), Invitation.created_by_id.is_not(None))
        .order_by(User.display_name)).all()
    for row in rows:
        authorize(db, actor, Action.CONFIRM_ACCOUNT, Target(kind="contact_person", user_id=row.id,
                                                            unit_id=row.unit_id))
    return [AwaitingConfirmation(row.id, row.display_name, row.created_by_id == actor.user_id) for row in rows]


def confirm(db: Session, actor: Actor, user_id: int, now: datetime | None = None) -> None:
    """A colleague or another manager confirms that a contact person set up their own access."""
    person = db.get(User, user_id)
    is_contact = person is not None and person.role == Role.CONTACT_PERSON.value
    authorize(db, actor, Action.CONFIRM_ACCOUNT,
              Target(kind="contact_person", user_id=user_id, unit_id=person.unit_id if is_contact else None))
    code = setting_up_code(db, user_id)
    if code is None or code.confirmed_at is not None:
        return
    if code.created_by_id == actor.user_id:
        raise UserError(MAKER_MAY_NOT_CONFIRM)
    now = now or utcnow()
    code.confirmed_by_id, code.confirmed_at = actor.user_id, now
    db.add(code)
    db.add(AuditEvent(at=now, actor_id=actor.user_id, action=CONFIRMED, allowed=True, target_kind="account",
                      target_id=user_id))
