"""One person can be a relative of several citizens with one login; each citizen's grant stays separate."""

import pytest

from citizenplan.auth import invitations
from citizenplan.domain import accounts, relatives
from citizenplan.domain.errors import UserError
from citizenplan.models import LoginThrottle
from tests.support.people import PASSWORD, actor, make_people


def _activated_relative_of(db, citizen_id, username):
    handover = relatives.invite(db, actor(db, citizen_id), "Ida", "søster", True, "open")
    invitations.redeem(db, handover.code, username, "grøn cykel ved åen", "grøn cykel ved åen")
    db.flush()
    return handover


def test_a_relative_with_a_login_uses_a_second_citizens_code_with_it(db):
    people = make_people(db)
    _activated_relative_of(db, people.citizen, "ida")
    second = relatives.invite(db, actor(db, people.neighbour), "Ida", "veninde", False, "3m")
    username, refusal = relatives.join_with_existing_account(db, second.code, "ida", "grøn cykel ved åen")
    db.flush()
    assert (username, refusal) == ("ida", None)
    from sqlmodel import select

    from citizenplan.models import User
    ida = db.exec(select(User).where(User.username == "ida")).one()
    both = accounts.load_actor(db, ida.id)
    assert both.citizen_ids == {people.citizen, people.neighbour}
    assert both.may_comment_for == {people.citizen}
    with pytest.raises(UserError) as refused:
        invitations.find(db, second.code)  # used up
    assert refused.value.message == "Koden er allerede brugt. Bed om en ny kode."


def test_joining_with_a_wrong_password_is_refused_and_counted(db):
    people = make_people(db)
    _activated_relative_of(db, people.citizen, "ida")
    second = relatives.invite(db, actor(db, people.neighbour), "Ida", "veninde", False, "3m")
    username, refusal = relatives.join_with_existing_account(db, second.code, "ida", "forkert-forkert")
    assert username is None and refusal.message == "Forkert brugernavn eller adgangskode."
    assert db.get(LoginThrottle, "ida").failures == 1
    invitations.find(db, second.code)  # still usable


def test_a_citizens_login_cannot_take_a_relatives_code(db):
    people = make_people(db)
    code = relatives.invite(db, actor(db, people.neighbour), "Ida", "veninde", False, "3m").code
    with pytest.raises(UserError, match="kan ikke være pårørende"):
        relatives.join_with_existing_account(db, code, "citizen", PASSWORD)
