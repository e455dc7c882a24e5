"""Login sessions: a one-minute ticket swapped once for a cookie token; idle and absolute expiry;
only a hash of any token is stored; password hashes follow the current argon2 cost."""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from citizenplan.auth import sessions
from citizenplan.models import User
from tests.support.people import PASSWORD, make_people

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _login(db: Session, username: str, now: datetime = T0, password: str = PASSWORD) -> str:
    outcome = sessions.begin_login(db, username, password, now=now)
    assert outcome.refusal is None and outcome.ticket, outcome.refusal
    db.commit()
    token = sessions.redeem_ticket(db, outcome.ticket, now=now)
    assert token
    db.commit()
    return token


def _resolve(db: Session, token: str | None, now: datetime) -> int | None:
    user_id = sessions.resolve(db, token, now=now)
    db.commit()
    return user_id


def test_a_ticket_is_swapped_for_a_token_that_finds_the_user(db):
    people = make_people(db)
    outcome = sessions.begin_login(db, "citizen", PASSWORD, now=T0)
    db.commit()
    assert outcome.ticket
    assert _resolve(db, outcome.ticket, T0) is None  # a ticket is not a session
    token = sessions.redeem_ticket(db, outcome.ticket, now=T0 + timedelta(seconds=5))
    db.commit()
    assert token and token != outcome.ticket
    assert _resolve(db, token, T0 + timedelta(seconds=10)) == people.citizen


def test_the_user_name_is_found_whatever_its_case_and_spaces(db):
    people = make_people(db)
    assert _resolve(db, _login(db, "  CITIZEN "), T0) == people.citizen


def test_a_ticket_works_once(db):
    make_people(db)
    outcome = sessions.begin_login(db, "citizen", PASSWORD, now=T0)
    db.commit()
    assert sessions.redeem_ticket(db, outcome.ticket, now=T0)
    db.commit()
    assert sessions.redeem_ticket(db, outcome.ticket, now=T0) is None


def test_a_ticket_older_than_a_minute_is_refused(db):
    make_people(db)
    outcome = sessions.begin_login(db, "citizen", PASSWORD, now=T0)
    db.commit()
    assert sessions.redeem_ticket(db, outcome.ticket, now=T0 + timedelta(seconds=61)) is None


def test_thirty_idle_minutes_end_a_session(db):
    people = make_people(db)
    token = _login(db, "citizen")
    assert _resolve(db, token, T0 + timedelta(minutes=29)) == people.citizen
    # active at 0:29, so still alive at 0:58; then idle past 1:28
    assert _resolve(db, token, T0 + timedelta(minutes=58)) == people.citizen
    assert _resolve(db, token, T0 + timedelta(minutes=88, seconds=1)) is None
    assert _resolve(db, token, T0 + timedelta(minutes=89)) is None  # ended stays ended


def test_twelve_hours_end_a_session_even_while_it_is_in_use(db):
    people = make_people(db)
    token = _login(db, "citizen")
    moment = T0
    while moment < T0 + timedelta(hours=12):
        moment += timedelta(minutes=20)
        assert _resolve(db, token, moment) == people.citizen, moment
    assert _resolve(db, token, T0 + timedelta(hours=12, minutes=1)) is None


def test_logging_out_ends_that_session_only(db):
    people = make_people(db)
    phone, laptop = _login(db, "citizen"), _login(db, "citizen")
    sessions.end(db, phone, now=T0)
    db.commit()
    assert _resolve(db, phone, T0) is None
    assert _resolve(db, laptop, T0) == people.citizen


def test_ending_all_sessions_of_a_user_ends_every_one_of_them_and_no_one_elses(db):
    people = make_people(db)
    phone, laptop = _login(db, "citizen"), _login(db, "citizen")
    other = _login(db, "neighbour")
    assert sessions.end_all_for_user(db, people.citizen, now=T0) == 2
    db.commit()
    assert _resolve(db, phone, T0) is None
    assert _resolve(db, laptop, T0) is None
    assert _resolve(db, other, T0) == people.neighbour


def test_an_unknown_or_forged_token_finds_no_one(db):
    make_people(db)
    token = _login(db, "citizen")
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    for candidate in (None, "", secrets.token_urlsafe(32), forged, hashlib.sha256(token.encode()).hexdigest()):
        assert _resolve(db, candidate, T0) is None, candidate


def test_only_the_sha256_of_a_token_is_stored(db):
    make_people(db)
    outcome = sessions.begin_login(db, "citizen", PASSWORD, now=T0)
    db.commit()
    ticket = outcome.ticket
    stored = [str(value) for row in db.connection().execute(sa.text("SELECT * FROM auth_session")) for value in row]
    assert not any(ticket in value for value in stored)
    assert hashlib.sha256(ticket.encode()).hexdigest() in stored
    token = sessions.redeem_ticket(db, ticket, now=T0)
    db.commit()
    stored = [str(value) for row in db.connection().execute(sa.text("SELECT * FROM auth_session")) for value in row]
    assert not any(token in value or ticket in value for value in stored)
    assert hashlib.sha256(token.encode()).hexdigest() in stored


def test_a_password_hash_is_upgraded_at_login_when_the_argon2_cost_changes(db, monkeypatch):
    people = make_people(db)  # hashed with the test cost: t=1
    before = db.get(User, people.citizen).password_hash
    assert "t=1" in before

    monkeypatch.setenv("CITIZENPLAN_ARGON2_TIME_COST", "2")
    wrong = sessions.begin_login(db, "citizen", "not the password", now=T0)
    db.commit()
    assert wrong.ticket is None
    db.expire_all()
    assert db.get(User, people.citizen).password_hash == before  # a failed login changes nothing

    _login(db, "citizen")
    db.expire_all()
    after = db.get(User, people.citizen).password_hash
    assert after != before and "t=2" in after
    _login(db, "citizen", now=T0 + timedelta(minutes=1))  # the same password still works
    db.expire_all()
    assert db.get(User, people.citizen).password_hash == after  # and nothing changes now
