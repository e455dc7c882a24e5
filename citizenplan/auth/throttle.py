"""Login throttling per typed user name: after 5 failures each further failure doubles the wait."""

from datetime import datetime, timedelta

from sqlmodel import Session

from citizenplan.models import LoginThrottle

FREE_ATTEMPTS = 5
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)


def wait_left(db: Session, username: str, now: datetime) -> timedelta | None:
    row = db.get(LoginThrottle, username)
    if row and row.locked_until and row.locked_until > now:
        return row.locked_until - now
    return None


def record_failure(db: Session, username: str, now: datetime) -> timedelta | None:
    """Count a failure; return the wait it starts, if any."""
    row = db.get(LoginThrottle, username) or LoginThrottle(username=username)
    row.failures += 1
    wait = None
    if row.failures >= FREE_ATTEMPTS:
        wait = min(FIRST_WAIT * 2 ** (row.failures - FREE_ATTEMPTS), LONGEST_WAIT)
        row.locked_until = now + wait
    db.add(row)
    return wait


def record_success(db: Session, username: str) -> None:
    row = db.get(LoginThrottle, username)
    if row:
        db.delete(row)
