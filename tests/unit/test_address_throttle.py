"""Login throttling per client address: made-up user names from one place are counted together, so that a
flood of them cannot keep the password hashing busy. Generous (50 failures in 15 minutes), because one
address can be a whole shelter's or office's network."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from citizenplan.auth import sessions, throttle
from citizenplan.auth.sessions import LoginOutcome
from citizenplan.db import engine_for
from citizenplan.domain import relatives
from citizenplan.models import LoginAddressThrottle
from tests.support.people import PASSWORD, actor, make_people

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HERE, ELSEWHERE = "198.51.100.7", "203.0.113.9"
WRONG = "forkert kodeord her"
PLAIN_REFUSAL = "Forkert brugernavn eller adgangskode."
TOO_MANY = "Du har prøvet for mange gange. Vent {wait}, og prøv så igen."  # the name throttle's words
LIMIT = throttle.ADDRESS_FREE_ATTEMPTS


def _try(db: Session, username: str, password: str, now: datetime, address: str = HERE) -> LoginOutcome:
    outcome = sessions.begin_login(db, username, password, now=now, address=address)
    db.commit()
    return outcome


def _made_up_names(db: Session, count: int, now: datetime = T0, address: str = HERE) -> list[LoginOutcome]:
    """`count` failed logins, each with a new made-up user name, one second apart."""
    return [_try(db, f"findes-ikke-{n}", WRONG, now + timedelta(seconds=n), address) for n in range(count)]


@pytest.fixture
def checks(monkeypatch) -> list[str]:
    """Each password check (argon2) that is made, by the password it checked."""
    made, check = [], sessions.passwords.verify_and_update

    def counting(password, stored):
        made.append(password)
        return check(password, stored)

    monkeypatch.setattr(sessions.passwords, "verify_and_update", counting)
    return made


def test_failures_with_made_up_names_from_one_address_are_counted_together_and_the_last_free_one_says_wait(db):
    outcomes = _made_up_names(db, LIMIT)
    for outcome in outcomes[:-1]:
        assert (outcome.ticket, outcome.refusal.message, outcome.refusal.params) == (None, PLAIN_REFUSAL, {})
    last = outcomes[-1]
    assert last.refusal.message == PLAIN_REFUSAL[:-1] + ". Vent {wait}, og prøv så igen."
    # the address waits until 15 minutes after its first counted failure
    assert last.refusal.params == {"wait": throttle.ADDRESS_WINDOW - timedelta(seconds=LIMIT - 1)}


def test_during_the_wait_every_login_from_the_address_is_refused_before_any_password_check(db, checks):
    make_people(db)
    _made_up_names(db, LIMIT)
    checks.clear()
    later = T0 + timedelta(minutes=5)
    for username, password in (("ny-opdigtet", WRONG), ("citizen", PASSWORD)):
        outcome = _try(db, username, password, later)
        assert outcome.ticket is None
        assert outcome.refusal.message == TOO_MANY
        assert outcome.refusal.params == {"wait": throttle.ADDRESS_WINDOW - timedelta(minutes=5)}
    assert checks == []  # refused for nothing: no argon2


def test_a_try_during_a_wait_costs_one_read_and_no_write(db):
    """A flood from one address is refused in the cheapest way there is: one statement reads the address's
    and the name's waits; nothing is written (the thread it runs in holds Python's lock meanwhile)."""
    _made_up_names(db, LIMIT)
    statements: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", note)
    try:
        outcome = _try(db, "ny-opdigtet", WRONG, T0 + timedelta(minutes=5))
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert outcome.refusal.message == TOO_MANY
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("SELECT"), statements


def test_the_answer_to_a_try_during_a_wait_is_held_back_and_other_answers_are_not(db):
    """A flood that sends its next try as soon as it has an answer gets one answer a second per connection."""
    outcomes = _made_up_names(db, LIMIT)
    assert {outcome.hold for outcome in outcomes[:-1]} == {timedelta(0)}
    assert outcomes[-1].hold == throttle.HOLD_ANSWER_IN_WAIT  # the one that starts the wait
    assert _try(db, "ny-opdigtet", WRONG, T0 + timedelta(minutes=1)).hold == throttle.HOLD_ANSWER_IN_WAIT


def test_another_address_is_not_held_up(db):
    make_people(db)
    _made_up_names(db, LIMIT)
    assert _try(db, "citizen", PASSWORD, T0 + timedelta(minutes=1), address=ELSEWHERE).ticket


def test_after_the_window_the_count_starts_over(db):
    make_people(db)
    _made_up_names(db, LIMIT)
    after = T0 + throttle.ADDRESS_WINDOW
    assert _try(db, "citizen", PASSWORD, after).ticket
    fresh = _made_up_names(db, LIMIT - 1, now=after + timedelta(minutes=1))
    assert all(not outcome.refusal.params for outcome in fresh)
    assert db.get(LoginAddressThrottle, HERE).failures == LIMIT - 1


def test_a_right_password_does_not_start_the_count_over(db):
    """Else an attacker with one login of their own could use it to clear their address after each burst."""
    make_people(db)
    _made_up_names(db, LIMIT - 1)
    assert _try(db, "citizen", PASSWORD, T0 + timedelta(minutes=1)).ticket
    assert _try(db, "findes-heller-ikke", WRONG, T0 + timedelta(minutes=2)).refusal.params


def test_an_unknown_address_is_not_counted(db):
    """Only a handler without a connection (a test, a script) has no address; nothing to count it by."""
    outcomes = _made_up_names(db, LIMIT + 5, address="")
    assert all(outcome.refusal.message == PLAIN_REFUSAL for outcome in outcomes)
    assert db.exec(select(LoginAddressThrottle)).all() == []


@pytest.mark.parametrize(("raw", "key"), [
    ("198.51.100.7", "198.51.100.7"),
    (" 198.51.100.7 ", "198.51.100.7"),
    ("::ffff:198.51.100.7", "198.51.100.7"),
    ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
    ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
    ("", ""),
    (None, ""),
])
def test_an_ipv6_address_counts_by_its_64_bit_prefix_the_way_one_home_or_phone_gets_them(raw, key):
    assert throttle.address_key(raw) == key


def test_two_addresses_of_one_ipv6_network_share_their_count(db):
    for n in range(LIMIT):
        _try(db, f"findes-ikke-{n}", WRONG, T0 + timedelta(seconds=n), address=f"2001:db8:1:2::{n + 1:x}")
    outcome = _try(db, "findes-ikke", WRONG, T0 + timedelta(minutes=1), address="2001:db8:1:2:ffff::9")
    assert outcome.refusal.message == TOO_MANY


def test_failures_at_the_same_moment_from_one_address_are_all_counted(db_url):
    """Parallel made-up names from one place: counting in one statement loses none of them."""
    engine = engine_for(db_url)
    first, second = Session(engine), Session(engine)
    outcome: list[object] = []

    def fail_too() -> None:
        try:
            throttle.record_address_failure(second, HERE, T0)
            second.commit()
            outcome.append("counted")
        except Exception as error:  # noqa: BLE001 - the test reports what the database said
            outcome.append(error)

    try:
        throttle.record_address_failure(first, HERE, T0)
        other = threading.Thread(target=fail_too)
        other.start()
        other.join(timeout=0.5)  # the second waits for the first to finish (its row is locked)
        first.commit()
        other.join(timeout=30)
        assert outcome == ["counted"]
        with Session(engine) as check:
            assert check.get(LoginAddressThrottle, HERE).failures == 2
    finally:
        first.close()
        second.close()


def test_a_relative_joining_with_an_existing_login_is_counted_by_address_too(db):
    """The other place a password is checked: counted the same way, refused the same way."""
    people = make_people(db)
    code = relatives.invite(db, actor(db, people.neighbour), "Ida", "veninde", False, "3m").code
    username, refusal = relatives.join_with_existing_account(db, code, "relative", WRONG, T0, address=HERE)
    assert username is None and refusal.message == PLAIN_REFUSAL
    assert db.get(LoginAddressThrottle, HERE).failures == 1
    _made_up_names(db, LIMIT - 1, now=T0 + timedelta(seconds=1))
    username, refusal = relatives.join_with_existing_account(db, code, "relative", PASSWORD, T0 + timedelta(minutes=1),
                                                             address=HERE)
    assert username is None and refusal.message == TOO_MANY


# ---------------------------------------------------------------- the order of logins in the password lane


def test_an_address_ranks_by_its_refused_logins_in_the_window_and_starts_over_after_it():
    seen, now = throttle.FailuresSeen(), datetime(2026, 12, 7, 12, 0)
    assert seen.rank("10.0.0.1", now) == 0
    for _ in range(3):
        seen.failed("10.0.0.1", now)
    assert seen.rank("10.0.0.1", now + timedelta(minutes=1)) == 3
    assert seen.rank("10.0.0.2", now) == 0  # another address is not ranked by this one's failures
    later = now + throttle.ADDRESS_WINDOW
    assert seen.rank("10.0.0.1", later) == 0
    seen.failed("10.0.0.1", later)
    assert seen.rank("10.0.0.1", later) == 1


def test_an_unknown_address_is_never_ranked_down():
    seen, now = throttle.FailuresSeen(), datetime(2026, 12, 7, 12, 0)
    seen.failed("", now)
    assert seen.rank("", now) == 0


def test_a_flood_from_many_addresses_keeps_only_the_most_recent_in_memory():
    seen, now = throttle.FailuresSeen(most=100), datetime(2026, 12, 7, 12, 0)
    for n in range(1000):
        seen.failed(f"10.0.{n // 256}.{n % 256}", now)
    assert len(seen._seen) == 100
    assert seen.rank("10.0.3.231", now) == 1  # the last one (n = 999)
    assert seen.rank("10.0.0.0", now) == 0  # the first ones went
