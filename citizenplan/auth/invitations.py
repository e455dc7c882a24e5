"""Single-use activation codes: for a new account, or a fresh start when a password is forgotten.

The code is shown once to the person who hands it over; only its SHA-256 is stored. A code for a new
account is valid 7 days; a fresh start's code 24 hours: it opens an existing account, plan and all.
Whoever holds a code can act as the person it is for, so every code made and every code used is written
to the audit log with who made it and for whom (domain/account_codes.py shows it to the citizen and the
manager), and a code is never used in a browser where someone is logged in.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from citizenplan.auth import passwords, sessions
from citizenplan.auth.tokens import digest, display_code, new_code, normalise_code
from citizenplan.clock import utcnow
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.vocabulary import Role
from citizenplan.models import AuditEvent, Invitation, User
from citizenplan.settings import get_settings

USERNAME_PATTERN = re.compile(r"^[a-z0-9æøå._-]{3,40}$")
ACTIVATE, FRESH_START = "activate", "reset"  # Invitation.purpose
CODE_MADE, CODE_USED = "make_code", "use_code"  # AuditEvent.action
LOGGED_IN = N_("Du er logget ind i denne browser. Log ud først, og brug så koden.")


@dataclass(frozen=True)
class Handover:
    """What the inviter hands over: shown once, never stored in this form."""

    display_name: str
    code: str
    expires_at: datetime
    person_id: int | None = None  # whom the code is for, so a card can go when that person is removed

    @property
    def spoken_code(self) -> str:
        return display_code(self.code)


@dataclass(frozen=True)
class PendingActivation:
    display_name: str
    username: str | None  # set when this is a fresh start for an existing account
    role: str = ""


def lifetime(purpose: str) -> timedelta:
    """How long a code works: a fresh start hours, an invitation for a new person days."""
    settings = get_settings()
    if purpose == FRESH_START:
        return timedelta(hours=settings.fresh_start_hours)
    return timedelta(days=settings.invitation_days)


def _logged(action: str, actor_id: int | None, user: User, purpose: str, now: datetime,
            code_maker_id: int | None = None) -> AuditEvent:
    return AuditEvent(at=now, actor_id=actor_id, action=action, allowed=True,
                      citizen_id=user.id if user.role == Role.CITIZEN.value else None,
                      target_kind="account", target_id=user.id, detail=purpose, code_maker_id=code_maker_id)


@dataclass(frozen=True)
class Activated:
    """A used code: the person's user name and a login ticket for the cookie endpoint."""

    username: str
    ticket: str
    role: Role


def issue(db: Session, user: User, created_by_id: int | None, now: datetime | None = None) -> Handover:
    """A new code for `user`; any earlier unused code for them stops working. The audit log says who made it."""
    now = now or utcnow()
    for old in db.exec(select(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None))):
        old.expires_at = min(old.expires_at, now)
        db.add(old)
    code = new_code()
    purpose = FRESH_START if user.activated_at else ACTIVATE
    expires_at = now + lifetime(purpose)
    db.add(Invitation(code_hash=digest(code), user_id=user.id, purpose=purpose,
                      created_by_id=created_by_id, created_at=now, expires_at=expires_at))
    db.add(_logged(CODE_MADE, created_by_id, user, purpose, now))
    return Handover(display_name=user.display_name, code=code, expires_at=expires_at, person_id=user.id)


def use(db: Session, invitation: Invitation, user: User, now: datetime) -> None:
    """The code is used up; the audit log says whose access it set up and who made the code."""
    invitation.used_at = now
    db.add(invitation)
    db.add(_logged(CODE_USED, user.id, user, invitation.purpose, now, code_maker_id=invitation.created_by_id))


def _find(db: Session, typed_code: str, now: datetime, session_token: str | None = None) -> tuple[Invitation, User]:
    """`session_token`: the browser's login cookie. A code is used only where nobody is logged in, so that
    the person who made it cannot use it in passing from their own logged-in browser."""
    if sessions.resolve(db, session_token, now) is not None:
        raise UserError(LOGGED_IN, field="session")
    code = normalise_code(typed_code)
    if not code:
        raise UserError(N_("Skriv koden, du har fået."), field="code")
    invitation = db.exec(select(Invitation).where(Invitation.code_hash == digest(code))).first()
    if invitation is None:
        raise UserError(N_("Koden findes ikke. Tjek, at den er skrevet rigtigt."), field="code")
    if invitation.used_at is not None:
        raise UserError(N_("Koden er allerede brugt. Bed om en ny kode."), field="code")
    if invitation.withdrawn_at is not None:
        raise UserError(N_("Koden er trukket tilbage. Den kan ikke bruges."), field="code")
    if invitation.expires_at <= now:
        raise UserError(N_("Koden er udløbet. Bed om en ny kode."), field="code")
    return invitation, db.get(User, invitation.user_id)


def find(db: Session, typed_code: str, now: datetime | None = None,
         session_token: str | None = None) -> tuple[Invitation, User]:
    """The unused, unexpired invitation behind a code, and whom it is for; UserError otherwise."""
    return _find(db, typed_code, now or utcnow(), session_token)


def pending(db: Session, typed_code: str, now: datetime | None = None,
            session_token: str | None = None) -> PendingActivation:
    """What a valid code is for, so that the page can greet the person by name."""
    _, user = _find(db, typed_code, now or utcnow(), session_token)
    return PendingActivation(display_name=user.display_name, username=user.username, role=user.role)


def redeem(db: Session, typed_code: str, username: str, password: str, repeated: str,
           now: datetime | None = None, session_token: str | None = None) -> str:
    """Set the user name (first time) and the password; the code is used up. Returns the user name."""
    now = now or utcnow()
    invitation, user = _find(db, typed_code, now, session_token)
    if user.username is None:
        name = sessions.normalise_username(username)
        if not USERNAME_PATTERN.match(name):
            raise UserError(N_("Brugernavnet skal have 3 til 40 tegn. Brug bogstaver og tal. Du må også bruge punktum og bindestreg."),
                            field="username")
        if db.exec(select(User.id).where(User.username == name)).first() is not None:
            raise UserError(N_("Det brugernavn er taget. Prøv et andet."), field="username")
        user.username = name
        try:
            db.flush()
        except IntegrityError:  # chosen by someone else at the same moment
            raise UserError(N_("Det brugernavn er taget. Prøv et andet."), field="username") from None
    passwords.check_new_password(password, repeated, user.username)
    user.password_hash = passwords.hash_password(password)
    user.activated_at = user.activated_at or now
    use(db, invitation, user, now)
    sessions.end_all_for_user(db, user.id, now)  # the old password's logins end with it
    db.add(user)
    return user.username


def activate(db: Session, typed_code: str, username: str, password: str, repeated: str,
             now: datetime | None = None, session_token: str | None = None) -> Activated:
    """Redeem the code and log the person in at once: she has just chosen her password, and typing it
    again on the login page would be a step for nothing. The ticket is made after redeem() has ended
    the old sessions, so it is not ended with them."""
    now = now or utcnow()
    name = redeem(db, typed_code, username, password, repeated, now, session_token)
    user = db.exec(select(User).where(User.username == name)).one()
    return Activated(username=name, ticket=sessions.issue_ticket(db, user, now), role=Role(user.role))
