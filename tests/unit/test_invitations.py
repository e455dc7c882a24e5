"""Activation codes: who may issue them, single use, seven days, stored as hashes, forgiving to type."""

import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, func, select

from citizenplan.auth import invitations, sessions
from citizenplan.clock import utcnow
from citizenplan.db import session_scope
from citizenplan.domain import accounts
from citizenplan.domain.errors import AccessDenied, UserError
from citizenplan.domain.vocabulary import Role
from citizenplan.models import ContactAssignment, Invitation, User
from tests.support.people import PASSWORD, actor, make_people

NEW_PASSWORD = "blå bil på bakken"


def _redeem(db: Session, code: str, username: str = "ny.borger", password: str = NEW_PASSWORD, **kw) -> str:
    name = invitations.redeem(db, code, username, password, password, **kw)
    db.commit()
    return name


def _refusal(db: Session, code: str, **kw) -> str:
    with pytest.raises(UserError) as caught:
        invitations.redeem(db, code, "ny.borger", NEW_PASSWORD, NEW_PASSWORD, **kw)
    db.rollback()
    return caught.value.message


def _can_log_in(db: Session, username: str, password: str) -> bool:
    outcome = sessions.begin_login(db, username, password)
    db.commit()
    return outcome.ticket is not None


def _session_for(db: Session, username: str, password: str) -> str:
    outcome = sessions.begin_login(db, username, password)
    db.commit()
    token = sessions.redeem_ticket(db, outcome.ticket)
    db.commit()
    return token


def test_a_contact_persons_new_citizen_activates_once_with_a_chosen_name_and_password(db):
    people = make_people(db)
    contact = actor(db, people.contact)
    handover = accounts.create_citizen(db, contact, "  Ny Borger ")
    db.commit()
    citizen = db.exec(select(User).where(User.display_name == "Ny Borger")).one()
    assert (citizen.role, citizen.unit_id, citizen.username, citizen.activated_at) == (
        Role.CITIZEN.value, people.unit_a, None, None)
    assert accounts.load_actor(db, citizen.id) is None  # not a user until activated
    assert citizen.id in actor(db, people.contact).citizen_ids  # the creator follows them
    assert handover.display_name == "Ny Borger"
    assert timedelta(days=6, hours=23) < handover.expires_at - utcnow() <= timedelta(days=7)

    assert invitations.pending(db, handover.code) == invitations.PendingActivation("Ny Borger", None, "citizen")
    assert _redeem(db, handover.code, username=" Ny.Borger ") == "ny.borger"
    assert _can_log_in(db, "ny.borger", NEW_PASSWORD)
    assert actor(db, citizen.id).role is Role.CITIZEN
    assert "allerede brugt" in _refusal(db, handover.code)


def test_a_code_expires_after_seven_days(db):
    people = make_people(db)
    handover = accounts.create_citizen(db, actor(db, people.contact), "Ny Borger")
    db.commit()
    assert "udløbet" in _refusal(db, handover.code, now=utcnow() + timedelta(days=8))
    assert _redeem(db, handover.code, now=utcnow() + timedelta(days=6))


def test_an_unknown_code_is_said_not_to_exist(db):
    make_people(db)
    assert "findes ikke" in _refusal(db, "ABCD-EFG-HJK")
    assert "Skriv koden" in _refusal(db, " - ")


def test_codes_are_stored_only_as_hashes(db):
    people = make_people(db)
    handover = accounts.create_citizen(db, actor(db, people.contact), "Ny Borger")
    db.commit()
    stored = [str(v) for row in db.connection().execute(sa.text("SELECT * FROM invitation")) for v in row]
    assert not any(handover.code in value or handover.spoken_code in value for value in stored)
    assert hashlib.sha256(handover.code.encode()).hexdigest() in stored


def test_a_code_typed_in_lowercase_with_spaces_and_dashes_works(db):
    people = make_people(db)
    handover = accounts.create_citizen(db, actor(db, people.contact), "Ny Borger")
    db.commit()
    code = handover.code
    typed = f" {code[:3].lower()} {code[3:6].lower()}-{code[6:]} "
    assert _redeem(db, typed) == "ny.borger"


def test_a_new_code_replaces_an_unused_earlier_one(db):
    people = make_people(db)
    contact = actor(db, people.contact)
    first = accounts.create_citizen(db, contact, "Ny Borger")
    db.commit()
    citizen_id = db.exec(select(User.id).where(User.display_name == "Ny Borger")).one()
    second = accounts.issue_fresh_start(db, actor(db, people.contact), citizen_id)  # reloaded: follows them now
    db.commit()
    assert "udløbet" in _refusal(db, first.code)
    assert _redeem(db, second.code) == "ny.borger"


def test_a_fresh_start_sets_a_new_password_and_ends_every_session(db):
    people = make_people(db)
    phone = _session_for(db, "citizen", PASSWORD)
    handover = accounts.issue_fresh_start(db, actor(db, people.contact), people.citizen)
    db.commit()
    # until the code is used, the old password still works
    assert _can_log_in(db, "citizen", PASSWORD)
    assert sessions.resolve(db, phone) == people.citizen
    assert invitations.pending(db, handover.code).username == "citizen"

    assert _redeem(db, handover.code, username="ignored-when-already-named") == "citizen"
    assert not _can_log_in(db, "citizen", PASSWORD)
    assert _can_log_in(db, "citizen", NEW_PASSWORD)
    assert sessions.resolve(db, phone) is None
    db.expire_all()
    assert db.get(User, people.citizen).username == "citizen"


def test_a_manager_invites_contact_persons_only_into_a_unit_they_lead(db):
    people = make_people(db)
    manager = actor(db, people.manager)
    handover = accounts.invite_contact_person(db, manager, "Ny Kontaktperson", people.unit_a)
    db.commit()
    invited = db.exec(select(User).where(User.display_name == "Ny Kontaktperson")).one()
    assert (invited.role, invited.unit_id) == (Role.CONTACT_PERSON.value, people.unit_a)
    assert _redeem(db, handover.code, username="ny.kp") == "ny.kp"

    with pytest.raises(AccessDenied):
        accounts.invite_contact_person(db, manager, "Ude Af Enheden", people.unit_b)
    db.rollback()
    assert db.exec(select(User).where(User.display_name == "Ude Af Enheden")).first() is None
    for role in (people.contact, people.citizen, people.relative):
        with pytest.raises(AccessDenied):
            accounts.invite_contact_person(db, actor(db, role), "Ingen", people.unit_a)


def test_a_contact_person_gives_fresh_starts_only_to_the_citizens_they_follow(db):
    people = make_people(db)
    contact = actor(db, people.contact)
    for someone in (people.neighbour, people.stranger, people.other_contact, people.manager,
                    people.relative, people.contact, 999_999):
        with pytest.raises(AccessDenied):
            accounts.issue_fresh_start(db, contact, someone)
    assert accounts.issue_fresh_start(db, actor(db, people.other_contact), people.neighbour).code


def test_a_manager_gives_fresh_starts_only_to_contact_persons_in_a_unit_they_lead(db):
    people = make_people(db)
    manager = actor(db, people.manager)
    assert accounts.issue_fresh_start(db, manager, people.contact).code
    for someone in (people.far_contact, people.citizen, people.relative, people.other_manager, people.manager):
        with pytest.raises(AccessDenied):
            accounts.issue_fresh_start(db, manager, someone)


def test_only_a_contact_person_creates_citizens(db):
    people = make_people(db)
    before = db.exec(select(func.count()).select_from(User)).one()
    for someone in (people.relative, people.citizen, people.manager):
        with pytest.raises(AccessDenied):
            accounts.create_citizen(db, actor(db, someone), "Ny Borger")
        db.rollback()
    assert db.exec(select(func.count()).select_from(User)).one() == before
    assert db.exec(select(func.count()).select_from(Invitation)).one() == 0


def test_a_taken_user_name_is_refused_plainly_and_nothing_is_kept(db, app_db):
    people = make_people(db)
    handover = accounts.create_citizen(db, actor(db, people.contact), "Ny Borger")
    db.commit()
    with pytest.raises(UserError) as caught, session_scope() as work:
        invitations.redeem(work, handover.code, "Neighbour", NEW_PASSWORD, NEW_PASSWORD)
    assert (caught.value.message, caught.value.field) == ("Det brugernavn er taget. Prøv et andet.", "username")
    # a good name but a weak password: the name must not be kept either
    with pytest.raises(UserError) as caught, session_scope() as work:
        invitations.redeem(work, handover.code, "ny.borger", "kodeord123", "kodeord123")
    assert caught.value.field == "password"

    db.expire_all()
    citizen = db.exec(select(User).where(User.display_name == "Ny Borger")).one()
    assert (citizen.username, citizen.password_hash, citizen.activated_at) == (None, None, None)
    assert db.exec(select(Invitation.used_at).where(Invitation.user_id == citizen.id)).one() is None
    with session_scope() as work:
        assert invitations.redeem(work, handover.code, "ny.borger", NEW_PASSWORD, NEW_PASSWORD) == "ny.borger"


@pytest.mark.parametrize("username", ["ab", "has space", "x" * 41, "navn@mail.dk"])
def test_a_user_name_must_be_three_to_forty_plain_characters(db, username):
    people = make_people(db)
    handover = accounts.create_citizen(db, actor(db, people.contact), "Ny Borger")
    db.commit()
    with pytest.raises(UserError) as caught:
        invitations.redeem(db, handover.code, username, NEW_PASSWORD, NEW_PASSWORD)
    assert caught.value.field == "username"


def test_creating_a_citizen_assigns_them_to_their_creator_only(db):
    people = make_people(db)
    accounts.create_citizen(db, actor(db, people.contact), "Ny Borger")
    db.commit()
    citizen_id = db.exec(select(User.id).where(User.display_name == "Ny Borger")).one()
    followers = db.exec(select(ContactAssignment.contact_person_id)
                        .where(ContactAssignment.citizen_id == citizen_id)).all()
    assert followers == [people.contact]


def test_activating_logs_the_person_in_at_once_with_a_ticket_for_the_cookie(db):
    """She has just chosen her password: the code buys a one-minute ticket, as a login does, and the ticket
    is not ended with the sessions a fresh start ends."""
    people = make_people(db)
    handover = accounts.create_citizen(db, actor(db, people.contact), "Ny Borger")
    phone = _session_for(db, "citizen", PASSWORD)
    fresh = accounts.issue_fresh_start(db, actor(db, people.contact), people.citizen)
    db.commit()

    new = invitations.activate(db, handover.code, "ny.borger", NEW_PASSWORD, NEW_PASSWORD)
    again = invitations.activate(db, fresh.code, "ignored", NEW_PASSWORD, NEW_PASSWORD)
    db.commit()
    assert (new.username, new.role, again.username, again.role) == (
        "ny.borger", Role.CITIZEN, "citizen", Role.CITIZEN)
    citizen_id = db.exec(select(User.id).where(User.username == "ny.borger")).one()
    tokens = [sessions.redeem_ticket(db, new.ticket), sessions.redeem_ticket(db, again.ticket)]
    db.commit()
    assert [sessions.resolve(db, token) for token in tokens] == [citizen_id, people.citizen]
    assert sessions.resolve(db, phone) is None  # the old password's session ended; the new one lives
    assert sessions.redeem_ticket(db, new.ticket) is None  # one use
