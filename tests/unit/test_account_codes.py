"""No silent takeover by staff (issue 16, section 2): every code made and used is in the audit log with its
maker; the citizen is told of each fresh start; a manager sees every code used in their units; a fresh
start's code lives 24 hours; no code is used in a browser where someone is logged in; whoever made a
contact person's code gives them no citizens before someone else confirms them. SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from citizenplan.auth import invitations, sessions
from citizenplan.clock import utcnow
from citizenplan.domain import access_log, account_codes, accounts, assignments, relatives
from citizenplan.domain.errors import AccessDenied, UserError
from citizenplan.domain.vocabulary import Role
from citizenplan.models import AuditEvent, ContactAssignment, Invitation, ManagedUnit, User
from tests.support.people import PASSWORD, actor, make_people

NEW_PASSWORD = "blå bil på bakken"


def _redeem(db: Session, code: str, username: str = "ny.person", **kw) -> str:
    name = invitations.redeem(db, code, username, NEW_PASSWORD, NEW_PASSWORD, **kw)
    db.commit()
    return name


def _fresh_start(db: Session, maker: int, person: int, now=None) -> None:
    """`maker` makes a fresh start's code for `person`, and it is used at once."""
    handover = accounts.issue_fresh_start(db, actor(db, maker), person)
    db.commit()
    _redeem(db, handover.code, now=now)


def _audit(db: Session, action: str) -> list[tuple]:
    return [(e.actor_id, e.citizen_id, e.target_id, e.detail, e.code_maker_id)
            for e in db.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))]


def _invite_and_activate(db: Session, manager: int, unit: int, name: str = "Ny Kontaktperson") -> int:
    handover = accounts.invite_contact_person(db, actor(db, manager), name, unit)
    db.commit()
    _redeem(db, handover.code, username="ny.kp")
    return db.exec(select(User.id).where(User.display_name == name)).one()


# ---------------------------------------------------------------- the audit log


def test_a_fresh_start_is_logged_when_made_and_when_used_with_who_made_the_code(db):
    people = make_people(db)
    _fresh_start(db, people.contact, people.citizen)
    assert _audit(db, "make_code") == [(people.contact, people.citizen, people.citizen, "reset", None)]
    assert _audit(db, "use_code") == [(people.citizen, people.citizen, people.citizen, "reset", people.contact)]


def test_an_activation_is_logged_with_who_made_the_code(db):
    people = make_people(db)
    new = _invite_and_activate(db, people.manager, people.unit_a)
    assert _audit(db, "make_code") == [(people.manager, None, new, "activate", None)]
    assert _audit(db, "use_code") == [(new, None, new, "activate", people.manager)]


def test_a_relative_who_joins_with_their_own_login_is_logged_with_the_citizen_who_made_the_code(db):
    people = make_people(db)
    handover = relatives.invite(db, actor(db, people.citizen), "Søster", "søster", False, "3m")
    db.commit()
    assert relatives.join_with_existing_account(db, handover.code, "relative", PASSWORD) == ("relative", None)
    db.commit()
    assert _audit(db, "use_code") == [(people.relative, None, people.relative, "activate", people.citizen)]


# ---------------------------------------------------------------- how long a code lives


def _made_at(db: Session, user_id: int):
    return db.exec(select(Invitation.created_at).where(Invitation.user_id == user_id)).one()


def test_a_fresh_starts_code_lives_24_hours(db):
    people = make_people(db)
    handover = accounts.issue_fresh_start(db, actor(db, people.contact), people.citizen)
    db.commit()
    made = _made_at(db, people.citizen)
    assert handover.expires_at - made == timedelta(hours=24)
    with pytest.raises(UserError) as caught:
        invitations.redeem(db, handover.code, "", NEW_PASSWORD, NEW_PASSWORD, now=made + timedelta(hours=25))
    db.rollback()
    assert "udløbet" in caught.value.message
    assert _redeem(db, handover.code, now=made + timedelta(hours=23)) == "citizen"


def test_an_invitation_for_a_new_person_still_lives_seven_days(db):
    people = make_people(db)
    handover = accounts.create_citizen(db, actor(db, people.contact), "Ny Borger")
    db.commit()
    made = _made_at(db, db.exec(select(User.id).where(User.display_name == "Ny Borger")).one())
    assert handover.expires_at - made == timedelta(days=7)
    assert _redeem(db, handover.code, now=made + timedelta(days=6)) == "ny.person"


# ---------------------------------------------------------------- log out first


def test_no_code_is_used_in_a_browser_where_someone_is_logged_in(db):
    people = make_people(db)
    outcome = sessions.begin_login(db, "contact", PASSWORD)
    db.commit()
    staff_cookie = sessions.redeem_ticket(db, outcome.ticket)
    db.commit()
    handover = accounts.issue_fresh_start(db, actor(db, people.contact), people.citizen)
    db.commit()
    for attempt in (lambda: invitations.pending(db, handover.code, session_token=staff_cookie),
                    lambda: invitations.redeem(db, handover.code, "", NEW_PASSWORD, NEW_PASSWORD,
                                               session_token=staff_cookie)):
        with pytest.raises(UserError) as caught:
            attempt()
        db.rollback()
        assert (caught.value.message, caught.value.field) == (invitations.LOGGED_IN, "session")
    assert "Log ud først" in invitations.LOGGED_IN
    assert sessions.begin_login(db, "citizen", PASSWORD).ticket  # nothing changed: her password still works
    db.commit()

    sessions.end(db, staff_cookie)  # logged out: now the code works, in that browser too
    db.commit()
    assert _redeem(db, handover.code, session_token=staff_cookie) == "citizen"


def test_a_relative_cannot_join_with_a_code_in_a_browser_where_someone_is_logged_in(db):
    people = make_people(db)
    outcome = sessions.begin_login(db, "citizen", PASSWORD)
    db.commit()
    cookie = sessions.redeem_ticket(db, outcome.ticket)
    handover = relatives.invite(db, actor(db, people.citizen), "Søster", "søster", False, "3m")
    db.commit()
    with pytest.raises(UserError) as caught:
        relatives.join_with_existing_account(db, handover.code, "relative", PASSWORD, session_token=cookie)
    assert caught.value.message == invitations.LOGGED_IN


# ---------------------------------------------------------------- the citizen is told


def test_the_citizen_is_told_of_a_fresh_start_who_made_the_code_and_whom_to_tell(db):
    people = make_people(db)
    _fresh_start(db, people.contact, people.citizen)
    told = account_codes.notice(db, actor(db, people.citizen))
    assert [(u.fresh_start, u.person_name, u.maker_name, u.maker_role) for u in told.uses] == [
        (True, "Citizen", "Contact", Role.CONTACT_PERSON)]
    assert told.tell == ["Manager"]  # the manager of her unit, not the person who made the code
    assert account_codes.notice(db, actor(db, people.neighbour)) is None  # not hers


def test_the_notice_stays_until_she_has_seen_it_and_every_recent_one_comes_back_with_the_next(db):
    """Whoever used her code sees the notice first and may hide it; the next fresh start (she needs one:
    her old password no longer works) shows it to her again."""
    people = make_people(db)
    start = utcnow() - timedelta(days=10)
    _fresh_start(db, people.contact, people.citizen, now=start)
    citizen = actor(db, people.citizen)
    account_codes.notice_seen(db, citizen)
    db.commit()
    assert account_codes.notice(db, citizen) is None

    _fresh_start(db, people.contact, people.citizen)
    told = account_codes.notice(db, actor(db, people.citizen))
    assert [u.at for u in told.uses][1] == start
    assert len(told.uses) == 2


def test_only_the_last_90_days_are_on_her_home(db):
    people = make_people(db)
    long_ago = utcnow() - timedelta(days=120)
    _fresh_start(db, people.contact, people.citizen, now=long_ago)
    citizen = actor(db, people.citizen)
    assert account_codes.notice(db, citizen) is None
    assert account_codes.notice(db, citizen, now=long_ago + timedelta(days=89)) is not None


def test_a_first_activation_is_not_a_fresh_start_and_tells_her_nothing(db):
    people = make_people(db)
    accounts.create_citizen(db, actor(db, people.contact), "Ny Borger")
    db.commit()
    code = db.exec(select(AuditEvent).where(AuditEvent.action == "make_code")).one()
    handover = accounts.issue_fresh_start(db, actor(db, people.contact), code.target_id)  # still not activated
    db.commit()
    _redeem(db, handover.code)
    assert account_codes.notice(db, actor(db, code.target_id)) is None


def test_each_person_reads_and_hides_only_their_own_notice(db):
    people = make_people(db)
    _fresh_start(db, people.contact, people.citizen)
    for someone in (people.contact, people.manager, people.relative, people.neighbour):
        assert account_codes.notice(db, actor(db, someone)) is None
        account_codes.notice_seen(db, actor(db, someone))
    db.commit()
    assert account_codes.notice(db, actor(db, people.citizen)) is not None, "someone else hid her notice"


def test_a_contact_person_is_told_when_a_manager_set_up_their_access_again_and_not_sent_to_that_manager(db):
    """A manager who made a contact person's code and used it could read every plan shared with them."""
    people = make_people(db)
    _fresh_start(db, people.manager, people.contact)
    told = account_codes.notice(db, actor(db, people.contact))
    assert [(u.fresh_start, u.person_name, u.maker_name, u.maker_role) for u in told.uses] == [
        (True, "Contact", "Manager", Role.MANAGER)]
    assert told.tell == [], "the manager who made the code is not the one to tell"
    db.add(ManagedUnit(manager_id=people.other_manager, unit_id=people.unit_a))
    db.commit()
    assert account_codes.notice(db, actor(db, people.contact)).tell == ["Other Manager"]
    account_codes.notice_seen(db, actor(db, people.contact))
    db.commit()
    assert account_codes.notice(db, actor(db, people.contact)) is None


def test_who_has_seen_my_plan_lists_each_fresh_start_with_who_made_the_code(db):
    people = make_people(db)
    _fresh_start(db, people.contact, people.citizen)
    seen = access_log.who_has_seen(db, actor(db, people.citizen))
    assert [(v.who, v.role, v.fresh_start) for v in seen] == [("Contact", Role.CONTACT_PERSON, True)]


# ---------------------------------------------------------------- the manager sees


def test_a_manager_sees_every_code_used_in_their_units_and_none_elsewhere(db):
    people = make_people(db)
    _fresh_start(db, people.contact, people.citizen)
    _invite_and_activate(db, people.manager, people.unit_a)
    _fresh_start(db, people.far_contact, people.stranger)

    mine = account_codes.uses_in_my_units(db, actor(db, people.manager))
    assert [(u.fresh_start, u.person_name, u.person_role, u.maker_name, u.maker_role) for u in mine] == [
        (False, "Ny Kontaktperson", Role.CONTACT_PERSON, "Manager", Role.MANAGER),
        (True, "Citizen", Role.CITIZEN, "Contact", Role.CONTACT_PERSON)]
    theirs = account_codes.uses_in_my_units(db, actor(db, people.other_manager))
    assert [(u.person_name, u.maker_name) for u in theirs] == [("Stranger", "Far Contact")]
    for someone in (people.contact, people.citizen, people.relative):
        assert account_codes.uses_in_my_units(db, actor(db, someone)) == []  # leads no unit


# ---------------------------------------------------------------- the two-person rule


def _follows(db: Session, contact_id: int) -> list[int]:
    return list(db.exec(select(ContactAssignment.citizen_id).where(
        ContactAssignment.contact_person_id == contact_id, ContactAssignment.ended_at.is_(None))).all())


def test_a_manager_gives_no_citizens_to_an_account_set_up_with_his_own_code_until_a_colleague_confirms(db):
    people = make_people(db)
    new = _invite_and_activate(db, people.manager, people.unit_a)
    manager = actor(db, people.manager)
    with pytest.raises(UserError) as caught:
        assignments.assign(db, manager, people.neighbour, new)
    db.rollback()
    assert caught.value.message == account_codes.MAKER_MAY_NOT_ASSIGN
    assert caught.value.params == {"name": "Ny Kontaktperson"}
    assert _follows(db, new) == []

    assert account_codes.awaiting_confirmation(db, manager) == [
        account_codes.AwaitingConfirmation(new, "Ny Kontaktperson", made_by_me=True)]
    with pytest.raises(UserError) as caught:
        account_codes.confirm(db, manager, new)  # not by the code's maker
    db.rollback()
    assert caught.value.message == account_codes.MAKER_MAY_NOT_CONFIRM

    colleague = actor(db, people.other_contact)
    assert account_codes.awaiting_confirmation(db, colleague) == [
        account_codes.AwaitingConfirmation(new, "Ny Kontaktperson", made_by_me=False)]
    account_codes.confirm(db, colleague, new)
    db.commit()
    assert account_codes.awaiting_confirmation(db, manager) == []
    assignments.assign(db, manager, people.neighbour, new)
    db.commit()
    assert _follows(db, new) == [people.neighbour]
    assert _audit(db, "confirm_account") == [(people.other_contact, None, new, "", None)]


def test_another_manager_of_the_unit_may_give_citizens_at_once(db):
    people = make_people(db)
    db.add(ManagedUnit(manager_id=people.other_manager, unit_id=people.unit_a))
    db.commit()
    new = _invite_and_activate(db, people.manager, people.unit_a)
    assignments.assign(db, actor(db, people.other_manager), people.neighbour, new)
    db.commit()
    assert _follows(db, new) == [people.neighbour]


def test_a_fresh_start_by_the_manager_needs_confirming_again_before_he_gives_that_person_citizens(db):
    people = make_people(db)
    _fresh_start(db, people.manager, people.other_contact)
    with pytest.raises(UserError) as caught:
        assignments.assign(db, actor(db, people.manager), people.citizen, people.other_contact)
    db.rollback()
    assert caught.value.message == account_codes.MAKER_MAY_NOT_ASSIGN
    account_codes.confirm(db, actor(db, people.contact), people.other_contact)
    db.commit()
    assignments.assign(db, actor(db, people.manager), people.citizen, people.other_contact)
    db.commit()
    assert people.citizen in _follows(db, people.other_contact)


def test_only_a_colleague_of_the_unit_or_its_manager_confirms_and_never_the_person_themself(db):
    people = make_people(db)
    new = _invite_and_activate(db, people.manager, people.unit_a)
    for someone in (new, people.far_contact, people.other_manager, people.citizen, people.relative):
        with pytest.raises(AccessDenied):
            account_codes.confirm(db, actor(db, someone), new)
        db.rollback()
    assert account_codes.awaiting_confirmation(db, actor(db, new)) == []  # not themself
    assert account_codes.awaiting_confirmation(db, actor(db, people.far_contact)) == []  # another unit
    assert account_codes.setting_up_code(db, new).confirmed_at is None
