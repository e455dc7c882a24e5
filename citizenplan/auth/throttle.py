"""Login throttling per typed user name: after 5 failures each further failure doubles the wait."""

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from citizenplan.models import LoginThrottle

_THROTTLE = LoginThrottle.__table__

FREE_ATTEMPTS = 5
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)


def wait_left(db: Session, username: str, now: datetime) -> timedelta | None:
    row = db.get(LoginThrottle, username)
    if row and row.locked_until and row.locked_until > now:
        return row.locked_until - now
    return None


def record_failure(db: Session, username: str, now: datetime) -> timedelta | None:
    """Count a failure; return the wait it starts, if any. The count is one INSERT … ON CONFLICT DO UPDATE
    in the database, not read, added to and written back: two failures at the same moment (a double tap,
    or someone guessing in parallel) are both counted, and the first failure of a name is never refused
    for being inserted twice. The row stays locked until the caller commits."""
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    failures = db.connection().execute(
        insert(_THROTTLE).values(username=username, failures=1)
        .on_conflict_do_update(index_elements=[_THROTTLE.c.username], set_={"failures": _THROTTLE.c.failures + 1})
        .returning(_THROTTLE.c.failures)).scalar_one()
    held = db.identity_map.get(Session.identity_key(LoginThrottle, username))
    if held is not None:
        db.expire(held)  # read afresh by wait_left and record_success
    if failures < FREE_ATTEMPTS:
        return None
    wait = min(FIRST_WAIT * 2 ** (failures - FREE_ATTEMPTS), LONGEST_WAIT)
    db.connection().execute(update(_THROTTLE).where(_THROTTLE.c.username == username).values(locked_until=now + wait))
    return wait


def record_success(db: Session, username: str) -> None:
    row = db.get(LoginThrottle, username)
    if row:
        db.delete(row)
