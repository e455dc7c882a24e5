"""`authorize` decides, logs and raises: refusals and reads of another person's content are audited."""

import pytest
from sqlmodel import Session, select

from citizenplan.db import session_scope
from citizenplan.domain.errors import AccessDenied
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.vocabulary import Audience
from citizenplan.models import AuditEvent, User
from tests.support.people import actor, make_people


def _events(db: Session) -> list[AuditEvent]:
    db.expire_all()
    return list(db.exec(select(AuditEvent).order_by(AuditEvent.id)).all())


def test_a_refusal_is_audited_even_though_the_unit_of_work_is_rolled_back(db, app_db):
    people = make_people(db)
    neighbour = actor(db, people.neighbour)
    with pytest.raises(AccessDenied), session_scope() as work:
        # something half-done in the same unit of work, which must not survive the refusal
        work.add(User(display_name="Halvt færdig", role="citizen"))
        work.flush()
        authorize(work, neighbour, Action.READ_DRAFT,
                  Target(kind="item", citizen_id=people.citizen, unit_id=people.unit_a))
    events = _events(db)
    assert [(e.actor_id, e.action, e.allowed, e.citizen_id) for e in events] == [
        (people.neighbour, "read_draft", False, people.citizen)
    ]
    assert db.exec(select(User).where(User.display_name == "Halvt færdig")).first() is None


def test_a_contact_person_reading_what_was_shared_is_audited(db, app_db):
    people = make_people(db)
    contact = actor(db, people.contact)
    with session_scope() as work:
        authorize(work, contact, Action.READ_SHARED,
                  Target(kind="item", citizen_id=people.citizen, unit_id=people.unit_a,
                         audience=frozenset({Audience.CONTACT_PERSON})))
    events = _events(db)
    assert [(e.actor_id, e.action, e.allowed, e.citizen_id) for e in events] == [
        (people.contact, "read_shared", True, people.citizen)
    ]


def test_a_citizen_reading_their_own_plan_leaves_no_audit_record(db, app_db):
    people = make_people(db)
    citizen = actor(db, people.citizen)
    with session_scope() as work:
        for action in (Action.READ_DRAFT, Action.READ_SHARED, Action.READ_FOLLOW_UP, Action.PRINT_PLAN):
            authorize(work, citizen, action, Target(kind="item", citizen_id=people.citizen, unit_id=people.unit_a))
    assert _events(db) == []


def test_an_allowed_write_by_a_contact_person_is_not_logged_as_a_read(db, app_db):
    people = make_people(db)
    contact = actor(db, people.contact)
    with session_scope() as work:
        authorize(work, contact, Action.RECORD_FOLLOW_UP,
                  Target(kind="citizen", citizen_id=people.citizen, unit_id=people.unit_a))
    assert _events(db) == []


def test_a_refusal_caught_inside_the_unit_of_work_is_still_audited(db, app_db):
    people = make_people(db)
    neighbour = actor(db, people.neighbour)
    with session_scope() as work:
        try:
            authorize(work, neighbour, Action.READ_DRAFT,
                      Target(kind="item", citizen_id=people.citizen, unit_id=people.unit_a))
        except AccessDenied:
            pass  # what a state handler does to show "Det har du ikke adgang til."
    assert [(e.actor_id, e.allowed) for e in _events(db)] == [(people.neighbour, False)]
