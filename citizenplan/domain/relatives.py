"""Relatives and network (DESIGN sections 1 and 3): only the citizen decides who is in, what each may
do, and for how long. A relative sees only what the citizen shared with "pårørende"."""

from dataclasses import dataclass
from datetime import datetime

from dateutil.relativedelta import relativedelta
from sqlmodel import Session, select

from citizenplan.auth import invitations, sessions
from citizenplan.auth.invitations import Handover
from citizenplan.clock import utcnow
from citizenplan.domain import workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.text import clean_name, clean_text
from citizenplan.domain.vocabulary import Role
from citizenplan.models import Invitation, RelativeGrant, User

DURATIONS = {"3m": 3, "6m": 6, "1y": 12, "open": None}  # months; None: until the citizen stops it
DURATION_LABELS = {"3m": N_("3 måneder"), "6m": N_("6 måneder"), "1y": N_("Et år"),
                   "open": N_("Indtil jeg stopper det")}


@dataclass(frozen=True)
class RelativeRow:
    grant_id: int
    name: str
    relation: str
    can_comment: bool
    expires_at: datetime | None
    status: str  # invited, active, expired
    duration: str | None = None  # the key in DURATIONS the citizen chose last; None: not known (older rows)


@dataclass(frozen=True)
class CitizenForRelative:
    citizen_id: int
    name: str
    relation: str
    can_comment: bool
    expires_at: datetime | None
    expired: bool


def _expiry(duration: str, now: datetime) -> datetime | None:
    if duration not in DURATIONS:
        raise UserError(N_("Tryk på en knap."), field="duration")
    months = DURATIONS[duration]
    return now + relativedelta(months=months) if months else None


def invite(db: Session, actor: Actor, name: str, relation: str, can_comment: bool, duration: str,
           now: datetime | None = None) -> Handover:
    """A one-time code (7 days) for a person the citizen chooses; the grant starts when they use it."""
    authorize(db, actor, Action.MANAGE_RELATIVES, workbook.own(actor))
    now = now or utcnow()
    # Every check before anything is written: a refused invitation leaves no account behind.
    person = User(display_name=clean_name(name), role=Role.RELATIVE.value)
    relation = clean_text(relation, longest=100, required=False, field="relation")
    expires_at = _expiry(duration, now)
    db.add(person)
    db.flush()
    db.add(RelativeGrant(citizen_id=actor.user_id, relative_id=person.id, relation=relation,
                         can_comment=can_comment, created_at=now, expires_at=expires_at, duration=duration))
    return invitations.issue(db, person, actor.user_id, now)


def my_relatives(db: Session, actor: Actor, now: datetime | None = None) -> list[RelativeRow]:
    """"Mine pårørende": everyone the citizen let in and has not removed. One query."""
    authorize(db, actor, Action.MANAGE_RELATIVES, workbook.own(actor))
    now = now or utcnow()
    rows = db.exec(select(RelativeGrant, User).join(User, User.id == RelativeGrant.relative_id).where(
        RelativeGrant.citizen_id == actor.user_id, RelativeGrant.ended_at.is_(None))
        .order_by(RelativeGrant.created_at)).all()
    return [RelativeRow(g.id, u.display_name, g.relation, g.can_comment, g.expires_at,
                        "invited" if u.activated_at is None
                        else "expired" if g.expires_at is not None and g.expires_at <= now else "active",
                        g.duration)
            for g, u in rows]


def _my_grant(db: Session, actor: Actor, grant_id: int) -> RelativeGrant:
    grant = db.get(RelativeGrant, grant_id)
    authorize(db, actor, Action.MANAGE_RELATIVES, Target(kind="relative", citizen_id=grant.citizen_id if grant else None,
                                                         unit_id=actor.unit_id))
    if grant.ended_at is not None:
        raise UserError(N_("Det findes ikke længere."))
    return grant


def change(db: Session, actor: Actor, grant_id: int, can_comment: bool, duration: str | None,
           now: datetime | None = None) -> None:
    """May they comment; for how long from now (None keeps the end as it is)."""
    grant = _my_grant(db, actor, grant_id)
    grant.can_comment = can_comment
    if duration is not None:
        grant.expires_at, grant.duration = _expiry(duration, now or utcnow()), duration
    db.add(grant)


def remove(db: Session, actor: Actor, grant_id: int, now: datetime | None = None) -> int:
    """Ends the relative's access at once, also in a page they have open (checked on every event). An
    unused code is withdrawn, and says so when tried. Returns the person's id (whose code card goes)."""
    grant = _my_grant(db, actor, grant_id)
    grant.ended_at = now or utcnow()
    db.add(grant)
    for code in db.exec(select(Invitation).where(Invitation.user_id == grant.relative_id,
                                                 Invitation.used_at.is_(None))):
        code.expires_at = min(code.expires_at, grant.ended_at)
        code.withdrawn_at = code.withdrawn_at or grant.ended_at
        db.add(code)
    return grant.relative_id


def new_code(db: Session, actor: Actor, grant_id: int, now: datetime | None = None) -> Handover:
    """A fresh code for someone who has not used theirs yet (the old one stops working)."""
    grant = _my_grant(db, actor, grant_id)
    person = db.get(User, grant.relative_id)
    if person.activated_at is not None:
        raise UserError(N_("Hun eller han kan allerede se din plan."))
    return invitations.issue(db, person, actor.user_id, now)


def citizens_of(db: Session, actor: Actor, now: datetime | None = None) -> list[CitizenForRelative]:
    """For a relative: whose network they are in, and whose access has run out (to say so plainly)."""
    now = now or utcnow()
    rows = db.exec(select(RelativeGrant, User).join(User, User.id == RelativeGrant.citizen_id).where(
        RelativeGrant.relative_id == actor.user_id, RelativeGrant.ended_at.is_(None))).all()
    found = []
    for grant, citizen in rows:
        expired = grant.expires_at is not None and grant.expires_at <= now
        if not expired:
            authorize(db, actor, Action.VIEW_CITIZEN, Target(kind="citizen", citizen_id=citizen.id,
                                                             unit_id=citizen.unit_id))
        found.append(CitizenForRelative(citizen.id, citizen.display_name, grant.relation, grant.can_comment,
                                        grant.expires_at, expired))
    return found


def join_with_existing_account(db: Session, typed_code: str, username: str, password: str,
                               now: datetime | None = None, session_token: str | None = None,
                               address: str = "") -> tuple[str | None, UserError | None]:
    """A relative who already has a login (for another citizen) uses a new code with it: one person, one
    login, a separate grant per citizen. Returns (user name, None), or (None, the plain reason); a wrong
    password is returned, not raised, so that its failure count is kept. Nobody is logged in yet (a browser
    with a login is refused: `session_token`)."""
    now = now or utcnow()
    invitation, placeholder = invitations.find(db, typed_code, now, session_token)
    if placeholder.role != Role.RELATIVE.value or placeholder.activated_at is not None:
        raise UserError(N_("Koden kan ikke bruges sådan. Vælg et brugernavn og en adgangskode."))
    person, refusal = sessions.check_password(db, username, password, now, address)
    if person is None:
        return None, refusal
    if person.role != Role.RELATIVE.value:
        raise UserError(N_("Den bruger kan ikke være pårørende. Vælg et nyt brugernavn."))
    for grant in db.exec(select(RelativeGrant).where(RelativeGrant.relative_id == placeholder.id)):
        grant.relative_id = person.id
        db.add(grant)
    invitations.use(db, invitation, person, now)
    return person.username, None
