"""Login sessions: a password check gives a one-minute ticket; the HTTP endpoint swaps it for the
cookie token. Tokens are 256-bit random, stored as SHA-256, ended after 30 minutes idle or 12 hours."""

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Row, bindparam, update
from sqlmodel import Session, select

from citizenplan.auth import passwords, throttle
from citizenplan.auth.tokens import digest, new_token
from citizenplan.clock import utcnow
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.vocabulary import Role
from citizenplan.models import AuthSession, User
from citizenplan.settings import get_settings

TICKET_LIFETIME = timedelta(minutes=1)
TOUCH_EVERY = timedelta(seconds=60)


def normalise_username(typed: str) -> str:
    """As stored. A name with a control character is no name (none has one, and PostgreSQL cannot even
    store a NUL): the empty string, which is refused before any lookup."""
    name = typed.strip().casefold()[:60]
    return "" if any(unicodedata.category(ch) == "Cc" for ch in name) else name


@dataclass(frozen=True)
class LoginOutcome:
    """A ticket, or the reason there is none. Returned, not raised, so the failure count is committed."""

    ticket: str | None = None
    refusal: UserError | None = None
    role: Role | None = None
    easy_read: bool = False  # her "Let at læse", for the page to apply before her home first paints
    hold: timedelta = timedelta(0)  # how long the answer waits before it is given (a try during a wait)


def check_password(db: Session, username: str, password: str, now: datetime,
                   address: str = "") -> tuple[User | None, UserError | None]:
    """The user, or the plain reason not. Unknown user and wrong password give the same message and take
    the same time; during a wait (of the name or of the client address) even the right password is refused,
    before any hashing. Failures are counted (not raised), per name and per address."""
    name = normalise_username(username)
    if not name or not password:
        return None, UserError(N_("Skriv dit brugernavn og din adgangskode."))
    address = throttle.address_key(address)
    if (wait := throttle.longest_wait_left(db, address, name, now)) is not None:
        return None, _too_many(wait)
    user = db.exec(select(User).where(User.username == name)).first()
    ok, new_hash = passwords.verify_and_update(password, user.password_hash if user else None)
    if not ok or user is None or user.activated_at is None:
        counted = throttle.record_failure(db, name, now)
        address_wait = throttle.record_address_failure(db, address, now)
        if counted.locked is not None:  # other tries locked the name while this one was checked
            return None, _too_many(counted.locked)
        if (wait := _longest(counted.wait, address_wait)) is not None:
            return None, UserError(N_("Forkert brugernavn eller adgangskode. Vent {wait}, og prøv så igen."),
                                   wait=wait)
        return None, UserError(N_("Forkert brugernavn eller adgangskode."))
    if (wait := throttle.record_success(db, name, now)) is not None:
        return None, _too_many(wait)
    if new_hash:
        user.password_hash = new_hash
        db.add(user)
    return user, None


def _longest(*waits: timedelta | None) -> timedelta | None:
    return max((wait for wait in waits if wait is not None), default=None)


def _too_many(wait: timedelta) -> UserError:
    return UserError(N_("Du har prøvet for mange gange. Vent {wait}, og prøv så igen."), wait=wait)


def begin_login(db: Session, username: str, password: str, now: datetime | None = None,
                address: str = "") -> LoginOutcome:
    """Check a login from the client `address` and make a one-minute ticket for the cookie endpoint."""
    now = now or utcnow()
    user, refusal = check_password(db, username, password, now, address)
    if user is None:
        throttle.FAILURES_SEEN.failed(throttle.address_key(address), now)
        waiting = refusal is not None and "wait" in refusal.params
        return LoginOutcome(refusal=refusal, hold=throttle.HOLD_ANSWER_IN_WAIT if waiting else timedelta(0))
    return LoginOutcome(ticket=issue_ticket(db, user, now), role=Role(user.role), easy_read=bool(user.easy_read))


def login_rank(address: str, now: datetime | None = None) -> int:
    """The place in the password lane's queue of a login from the client `address`: 0 unless the address has
    just had logins refused (offload.Turns: the lowest rank goes first), so a flood waits behind a person."""
    return throttle.FAILURES_SEEN.rank(throttle.address_key(address), now or utcnow())


def issue_ticket(db: Session, user: User, now: datetime) -> str:
    """A one-minute, one-use ticket for `user`, whose password has just been checked or chosen."""
    ticket = new_token()
    db.add(AuthSession(user_id=user.id, token_hash=digest(ticket), live=False, created_at=now, last_seen_at=now))
    return ticket


def redeem_ticket(db: Session, ticket: str, now: datetime | None = None, user_agent: str = "") -> str | None:
    """Swap a fresh ticket for the session token that goes into the cookie; a ticket works once. The
    browser's User-Agent is kept with it, so "Mine logins" can say which phone or computer it is."""
    now = now or utcnow()
    row = db.exec(select(AuthSession).where(AuthSession.token_hash == digest(ticket))).first()
    if row is None or row.live or row.ended_at or now - row.created_at > TICKET_LIFETIME:
        return None
    token = new_token()
    row.token_hash, row.live, row.last_seen_at = digest(token), True, now
    row.user_agent = "".join(ch for ch in user_agent if ch.isprintable())[:300]
    db.add(row)
    return token


# Built once (it runs on every event): a statement object keeps its cache key, so neither building it nor
# keying it into SQLAlchemy's cache is paid per event. Plain columns, not ORM objects: the check reads a
# few fields and builds no object to track.
_SESSION_WITH_USER = (select(AuthSession.id.label("session_id"), AuthSession.live, AuthSession.ended_at,
                             AuthSession.created_at.label("session_created_at"), AuthSession.last_seen_at,
                             User.id, User.role, User.display_name, User.locale, User.easy_read, User.unit_id, User.activated_at)
                      .join(User, User.id == AuthSession.user_id)
                      .where(AuthSession.token_hash == bindparam("token_hash")))


def resolve(db: Session, token: str | None, now: datetime | None = None) -> int | None:
    """The user id behind a cookie token, or None when it is unknown, ended or expired."""
    found = resolve_with_user(db, token, now)
    return found.id if found is not None else None


def resolve_with_user(db: Session, token: str | None, now: datetime | None = None) -> Row | None:
    """The user behind a cookie token (a row of the user's id, role, display_name, locale, easy_read, unit_id and
    activated_at), found with the session in one query; None when the token is unknown, ended or expired.
    The session's last_seen_at is written at most once a minute."""
    if not token:
        return None
    now = now or utcnow()
    found = db.connection().execute(_SESSION_WITH_USER, {"token_hash": digest(token)}).first()
    if found is None or not found.live or found.ended_at:
        return None
    settings = get_settings()
    idle = timedelta(minutes=settings.session_idle_minutes)
    longest = timedelta(hours=settings.session_max_hours)
    if now - found.last_seen_at > idle or now - found.session_created_at > longest:
        db.exec(update(AuthSession).where(AuthSession.id == found.session_id).values(ended_at=now))
        return None
    if now - found.last_seen_at > TOUCH_EVERY:
        db.exec(update(AuthSession).where(AuthSession.id == found.session_id).values(last_seen_at=now))
    return found


def end(db: Session, token: str | None, now: datetime | None = None) -> None:
    if not token:
        return
    row = db.exec(select(AuthSession).where(AuthSession.token_hash == digest(token))).first()
    if row and not row.ended_at:
        row.ended_at = now or utcnow()
        db.add(row)


def end_all_for_user(db: Session, user_id: int, now: datetime | None = None) -> int:
    rows = db.exec(select(AuthSession).where(AuthSession.user_id == user_id, AuthSession.ended_at.is_(None))).all()
    for row in rows:
        row.ended_at = now or utcnow()
        db.add(row)
    return len(rows)
