"""Login throttling per typed user name (after 5 failures each further failure doubles the wait) and per
client address (at most 50 failures in 15 minutes, whatever names were typed)."""

import ipaddress
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, case, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from citizenplan.models import LoginAddressThrottle, LoginThrottle

FREE_ATTEMPTS = 5
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)
DOUBLINGS = 7  # 30 s doubled 7 times is past the hour; more would only overflow timedelta (at 47 failures)
_THROTTLE = LoginThrottle.__table__
# Per address: made-up user names are never throttled by name (each is new), but each costs a password check.
# Generous, because one address can be a whole shelter's or office's network; enough to make a flood from
# a few addresses cost nothing. A right password does not start the count over (an attacker may have one).
ADDRESS_FREE_ATTEMPTS = 50
ADDRESS_WINDOW = timedelta(minutes=15)
# The answer to a try during a wait is held this long (in the handler, which frees the event loop meanwhile):
# a client that sends its next try as soon as it has the answer then makes one a second per connection,
# not hundreds, each of which would still cost the server an event.
HOLD_ANSWER_IN_WAIT = timedelta(seconds=1)
_ADDRESS = LoginAddressThrottle.__table__


class FailuresSeen:
    """Refused logins per client address in the last ADDRESS_WINDOW, as this worker saw them: the rank of the
    address's next login in the password lane (offload.Turns), so that during a flood a login from an address
    that has not just failed is checked before the flood's. Only an order, never a refusal (the database's
    counts above decide those), so a worker's own memory is enough; at most `most` addresses are kept (the
    longest quiet go first), so a flood from many addresses cannot fill the memory."""

    def __init__(self, most: int = 10_000) -> None:
        self._most = most
        self._seen: OrderedDict[str, tuple[int, datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def rank(self, address: str, now: datetime) -> int:
        with self._lock:
            count, since = self._seen.get(address, (0, now))
        return count if address and now - since < ADDRESS_WINDOW else 0

    def failed(self, address: str, now: datetime) -> None:
        if not address:
            return
        with self._lock:
            count, since = self._seen.pop(address, (0, now))
            if now - since >= ADDRESS_WINDOW:
                count, since = 0, now
            self._seen[address] = (count + 1, since)
            while len(self._seen) > self._most:
                self._seen.popitem(last=False)


FAILURES_SEEN = FailuresSeen()


@dataclass(frozen=True)
class Counted:
    """What a failure did: started a wait, or found the name locked by other tries while it was checked."""

    wait: timedelta | None = None
    locked: timedelta | None = None


def wait_left(db: Session, username: str, now: datetime) -> timedelta | None:
    row = db.get(LoginThrottle, username)
    if row and row.locked_until and row.locked_until > now:
        return row.locked_until - now
    return None


def _insert(db: Session):
    return postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert


def _take(db: Session, username: str, now: datetime, add: int) -> int | None:
    """The name's failure count after adding `add`, in one INSERT … ON CONFLICT DO UPDATE, or None when
    other tries have locked the name meanwhile. Either way the row stays locked until the caller commits,
    so tries of the same name pass here one at a time and each sees the ones before it."""
    insert = _insert(db)
    free = or_(_THROTTLE.c.locked_until.is_(None), _THROTTLE.c.locked_until <= now)
    count = db.connection().execute(
        insert(_THROTTLE).values(username=username, failures=add)
        .on_conflict_do_update(index_elements=[_THROTTLE.c.username],
                               set_={"failures": _THROTTLE.c.failures + add}, where=free)
        .returning(_THROTTLE.c.failures)).scalar_one_or_none()
    held = db.identity_map.get(Session.identity_key(LoginThrottle, username))
    if held is not None:
        db.expire(held)  # changed underneath the session: read afresh
    return count


def record_failure(db: Session, username: str, now: datetime) -> Counted:
    """Count a failure and start the wait it earns. Counted in the database, not read, added to and written
    back, so failures at the same moment (parallel guessing, a double tap) are all counted."""
    failures = _take(db, username, now, 1)
    if failures is None:
        return Counted(locked=wait_left(db, username, now))
    if failures < FREE_ATTEMPTS:
        return Counted()
    wait = min(FIRST_WAIT * 2 ** min(failures - FREE_ATTEMPTS, DOUBLINGS), LONGEST_WAIT)
    db.connection().execute(update(_THROTTLE).where(_THROTTLE.c.username == username).values(locked_until=now + wait))
    return Counted(wait=wait)


def record_success(db: Session, username: str, now: datetime) -> timedelta | None:
    """Start the count over, unless other tries locked the name while this password was checked: then the
    wait left, and the right password is refused like any other try during the wait (so a burst of guesses
    cannot tell the right one by its answer)."""
    if _take(db, username, now, 0) is None:
        return wait_left(db, username, now)
    db.connection().execute(delete(_THROTTLE).where(_THROTTLE.c.username == username))
    return None


def address_key(client_ip: str | None) -> str:
    """What counts as one client address: an IPv4 address; an IPv6 address by its /64 (one home or phone
    is given a whole /64); '' when the address is unknown (nothing is counted then)."""
    text = (client_ip or "").strip()
    if not text:
        return ""
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return text[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


# Both waits in one Core statement, built once: a try during a wait (every try of a flood from one address)
# costs one small query in its thread, not two ORM loads.
_BOTH_LOCKS = select(
    select(_ADDRESS.c.locked_until).where(_ADDRESS.c.address == bindparam("address")).scalar_subquery(),
    select(_THROTTLE.c.locked_until).where(_THROTTLE.c.username == bindparam("username")).scalar_subquery(),
)


def longest_wait_left(db: Session, address: str, username: str, now: datetime) -> timedelta | None:
    """The longer of the address's and the name's wait still running (address '' is never counted), or
    None; read in one statement. Equal to the longer of address_wait_left and wait_left."""
    row = db.connection().execute(_BOTH_LOCKS, {"address": address or None, "username": username}).one()
    waits = [until - now for until in row if until is not None and until > now]
    return max(waits, default=None)


def address_wait_left(db: Session, address: str, now: datetime) -> timedelta | None:
    if not address:
        return None
    row = db.get(LoginAddressThrottle, address)
    if row and row.locked_until and row.locked_until > now:
        return row.locked_until - now
    return None


def record_address_failure(db: Session, address: str, now: datetime) -> timedelta | None:
    """Count a failed login from `address`; from the ADDRESS_FREE_ATTEMPTS-th failure on, the address waits
    until ADDRESS_WINDOW after the first failure it counted, and that wait is returned. A failure after the
    window starts a new count. Counted in one statement, so parallel failures are all counted."""
    if not address:
        return None
    stale = _ADDRESS.c.counting_since <= now - ADDRESS_WINDOW
    counted = db.connection().execute(
        _insert(db)(_ADDRESS).values(address=address, failures=1, counting_since=now)
        .on_conflict_do_update(index_elements=[_ADDRESS.c.address], set_={
            "failures": case((stale, 1), else_=_ADDRESS.c.failures + 1),
            "counting_since": case((stale, now), else_=_ADDRESS.c.counting_since)})
        .returning(_ADDRESS.c.failures, _ADDRESS.c.counting_since)).one()
    held = db.identity_map.get(Session.identity_key(LoginAddressThrottle, address))
    if held is not None:
        db.expire(held)
    if counted.failures < ADDRESS_FREE_ATTEMPTS:
        return None
    until = counted.counting_since + ADDRESS_WINDOW
    db.connection().execute(update(_ADDRESS).where(_ADDRESS.c.address == address).values(locked_until=until))
    return until - now
