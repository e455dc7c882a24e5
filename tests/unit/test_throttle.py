"""Login throttling per typed user name: five free tries, then waits that double up to an hour."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from citizenplan.auth import sessions, throttle
from citizenplan.auth.sessions import LoginOutcome
from citizenplan.db import engine_for
from citizenplan.models import LoginThrottle
from tests.support.people import PASSWORD, make_people

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WRONG = "forkert kodeord her"
PLAIN_REFUSAL = "Forkert brugernavn eller adgangskode."


def _try(db: Session, username: str, password: str, now: datetime) -> LoginOutcome:
    outcome = sessions.begin_login(db, username, password, now=now)
    db.commit()
    return outcome


def _fail_five_times(db: Session, username: str, now: datetime = T0) -> LoginOutcome:
    for attempt in range(4):
        outcome = _try(db, username, WRONG, now + timedelta(seconds=attempt))
        assert outcome.refusal.message == PLAIN_REFUSAL and not outcome.refusal.params
    return _try(db, username, WRONG, now + timedelta(seconds=4))


def test_the_fifth_wrong_password_is_answered_with_a_wait(db):
    make_people(db)
    fifth = _fail_five_times(db, "citizen")
    assert fifth.ticket is None
    assert fifth.refusal.message.startswith(PLAIN_REFUSAL) and "Vent {wait}" in fifth.refusal.message
    assert fifth.refusal.params == {"wait": timedelta(seconds=30)}


def test_during_the_wait_even_the_right_password_is_refused(db):
    make_people(db)
    _fail_five_times(db, "citizen")
    outcome = _try(db, "citizen", PASSWORD, T0 + timedelta(seconds=14))
    assert outcome.ticket is None
    assert "Vent {wait}" in outcome.refusal.message
    assert outcome.refusal.params == {"wait": timedelta(seconds=20)}  # locked until T0 + 4 s + 30 s


def test_each_further_failure_doubles_the_wait_up_to_one_hour(db):
    make_people(db)
    now = T0 + timedelta(seconds=4)
    waits = [_fail_five_times(db, "citizen").refusal.params["wait"]]
    for _ in range(9):
        now += waits[-1] + timedelta(seconds=1)  # wait it out, then fail again
        outcome = _try(db, "citizen", WRONG, now)
        assert outcome.refusal.message.startswith(PLAIN_REFUSAL)
        waits.append(outcome.refusal.params["wait"])
    assert [int(w.total_seconds()) for w in waits] == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]


def test_an_unknown_user_and_a_wrong_password_get_the_very_same_answer(db):
    make_people(db)
    for attempt in range(5):
        now = T0 + timedelta(seconds=attempt)
        known = _try(db, "citizen", WRONG, now)
        unknown = _try(db, "ingen-hedder-sådan", WRONG, now)
        assert known.ticket is None and unknown.ticket is None
        assert (known.refusal.message, known.refusal.params, known.refusal.field) == (
            unknown.refusal.message, unknown.refusal.params, unknown.refusal.field)
    later = T0 + timedelta(seconds=10)
    known, unknown = _try(db, "citizen", PASSWORD, later), _try(db, "ingen-hedder-sådan", PASSWORD, later)
    assert (known.refusal.message, known.refusal.params) == (unknown.refusal.message, unknown.refusal.params)


def test_one_users_failures_do_not_hold_up_another(db):
    make_people(db)
    _fail_five_times(db, "citizen")
    assert _try(db, "neighbour", PASSWORD, T0 + timedelta(seconds=5)).ticket


def test_success_after_the_wait_starts_the_count_over(db):
    make_people(db)
    _fail_five_times(db, "citizen")
    assert _try(db, "citizen", PASSWORD, T0 + timedelta(seconds=35)).ticket
    fresh = _fail_five_times(db, "citizen", now=T0 + timedelta(seconds=40))
    assert fresh.refusal.params == {"wait": timedelta(seconds=30)}  # back to the first wait


@pytest.mark.parametrize("earlier", [0, 3], ids=["first_failures", "later_failures"])
def test_two_failures_at_the_same_moment_are_both_counted_and_neither_is_refused_by_the_database(db_url, earlier):
    """One login is still in its transaction when the other fails too (parallel guessing, a double tap).
    Read, add one and write back would lose one of them, or fail on the second insert of a new name."""
    engine = engine_for(db_url)
    with Session(engine) as setup:
        for _ in range(earlier):
            throttle.record_failure(setup, "gæst", T0)
        setup.commit()
    first, second = Session(engine), Session(engine)
    outcome: list[object] = []

    def fail_too() -> None:
        try:
            throttle.record_failure(second, "gæst", T0)
            second.commit()
            outcome.append("counted")
        except Exception as error:  # noqa: BLE001 - the test reports what the database said
            outcome.append(error)

    try:
        throttle.record_failure(first, "gæst", T0)
        other = threading.Thread(target=fail_too)
        other.start()
        other.join(timeout=0.5)  # the second waits for the first to finish (its row is locked)
        first.commit()
        other.join(timeout=30)
        assert outcome == ["counted"]
        with Session(engine) as check:
            assert check.get(LoginThrottle, "gæst").failures == earlier + 2
    finally:
        first.close()
        second.close()


@pytest.mark.parametrize("typed", [PASSWORD, WRONG], ids=["right_password", "wrong_password"])
def test_a_try_whose_check_ends_after_parallel_guesses_locked_the_name_is_refused_like_any_try_in_the_wait(
        db_url, monkeypatch, typed):
    """A burst of guesses all pass the first look at the wait before any of them is counted. Those still
    being checked when the name is locked all get the same answer, the right password too: the burst cannot
    tell the right one by its answer, and it is not let in."""
    engine = engine_for(db_url)
    with Session(engine) as setup:
        make_people(setup)
        setup.commit()
    check, burst = sessions.passwords.verify_and_update, []

    def verify_while_others_guess(password, stored):
        if not burst:  # the first check is mine; the five others fail while it runs
            burst.append(True)
            with Session(engine) as others:
                for _ in range(5):
                    assert _try(others, "citizen", WRONG, T0).ticket is None
        return check(password, stored)

    monkeypatch.setattr(sessions.passwords, "verify_and_update", verify_while_others_guess)
    with Session(engine) as mine:
        outcome = _try(mine, "citizen", typed, T0)
    assert outcome.ticket is None
    assert outcome.refusal.message == "Du har prøvet for mange gange. Vent {wait}, og prøv så igen."
    assert outcome.refusal.params == {"wait": timedelta(seconds=30)}
    with Session(engine) as after:
        assert after.get(LoginThrottle, "citizen").failures == 5  # the late try is not counted again


def test_failures_past_the_hour_keep_being_counted_and_each_waits_an_hour(db):
    """30 s doubled for every failure would not fit in a timedelta at the 47th: the wait stops doubling."""
    now = T0
    for failures in range(1, 61):
        counted = throttle.record_failure(db, "gæst", now)
        db.commit()
        if failures >= 13:
            assert counted.wait == timedelta(hours=1)
        now += timedelta(hours=2)  # waited out
    assert db.get(LoginThrottle, "gæst").failures == 60
