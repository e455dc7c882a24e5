"""A manager assigns contact persons to the citizens of their units (citizenplan.domain.assignments): a new
contact person takes over and the old one loses access at once; nobody outside the manager's units can be
assigned or assign; the counts on /leder are right; only the manager's own citizens are listed by name.
SQLite and PostgreSQL.

The people are tests.support.people: `manager` leads unit_a (contact, other_contact; citizen, neighbour),
`other_manager` leads unit_b (far_contact; stranger), unit_c has no manager.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, func, select

from citizenplan.domain import assignments, sharing, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import AccessDenied, UserError
from citizenplan.domain.policy import Action, Target, can
from citizenplan.domain.vocabulary import Audience, Role
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import AuditEvent, ContactAssignment, ManagedUnit, User
from tests.support.follow_up_case import goal_content
from tests.support.people import People, actor, make_people

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
FROM_MY_UNIT = "Vælg en kontaktperson fra din enhed."
GONE = "Det findes ikke længere."


def new_citizen(db: Session, name: str, unit_id: int) -> int:
    user = User(display_name=name, role=Role.CITIZEN.value, unit_id=unit_id, created_at=NOW, activated_at=NOW)
    db.add(user)
    db.commit()
    return user.id


def live_contacts(db: Session, citizen_id: int) -> list[int]:
    return list(db.exec(select(ContactAssignment.contact_person_id).where(
        ContactAssignment.citizen_id == citizen_id, col(ContactAssignment.ended_at).is_(None))).all())


def assignment_count(db: Session) -> int:
    return db.exec(select(func.count()).select_from(ContactAssignment)).one()


def share_with(db: Session, citizen_id: int, title: str, *audiences: Audience, now: datetime = NOW) -> int:
    me = actor(db, citizen_id)
    item = workbook.create_item(db, me, ItemKind.GOAL)
    view = workbook.write_fields(db, me, item.id, goal_content(title), now=now)
    if audiences:
        sharing.share(db, me, item.id, set(audiences), view.version, now=now)
    db.commit()
    return item.id


def reads_the_plan(who: Actor, citizen_id: int) -> bool:
    return can(who, Action.READ_SHARED, Target(kind="item", citizen_id=citizen_id,
                                               audience=frozenset({Audience.CONTACT_PERSON})))


@pytest.fixture
def people(db: Session) -> People:
    return make_people(db, now=NOW - timedelta(days=30))


# ---------------------------------------------------------------- assigning


def test_a_manager_assigns_a_contact_person_of_their_unit_to_a_citizen_of_their_unit(db, people):
    newcomer = new_citizen(db, "Ny Borger", people.unit_a)
    row = assignments.assign(db, actor(db, people.manager), newcomer, people.contact, now=NOW)
    db.commit()
    assert (row.citizen_id, row.contact_person_id, row.ended_at) == (newcomer, people.contact, None)
    assert live_contacts(db, newcomer) == [people.contact]
    contact = actor(db, people.contact)
    assert newcomer in contact.citizen_ids and people.citizen in contact.citizen_ids
    assert reads_the_plan(contact, newcomer)


def test_reassigning_ends_the_old_assignment_and_the_old_contact_person_loses_access(db, people):
    before = actor(db, people.contact)
    assert people.citizen in before.citizen_ids and reads_the_plan(before, people.citizen)
    assignments.assign(db, actor(db, people.manager), people.citizen, people.other_contact, now=NOW)
    db.commit()
    assert live_contacts(db, people.citizen) == [people.other_contact]
    old = db.exec(select(ContactAssignment).where(ContactAssignment.citizen_id == people.citizen,
                                                  ContactAssignment.contact_person_id == people.contact)).one()
    assert old.ended_at is not None and old.ended_at.replace(tzinfo=UTC) == NOW
    after = actor(db, people.contact)
    assert people.citizen not in after.citizen_ids
    assert not reads_the_plan(after, people.citizen)
    assert people.citizen in actor(db, people.other_contact).citizen_ids


def test_reassigning_ends_every_live_assignment_when_a_citizen_had_two_contact_persons(db, people):
    db.add(ContactAssignment(citizen_id=people.citizen, contact_person_id=people.other_contact, started_at=NOW))
    db.commit()
    third = User(display_name="Tredje", role=Role.CONTACT_PERSON.value, unit_id=people.unit_a, activated_at=NOW)
    db.add(third)
    db.commit()
    assignments.assign(db, actor(db, people.manager), people.citizen, third.id, now=NOW)
    db.commit()
    assert live_contacts(db, people.citizen) == [third.id]
    assert people.citizen not in actor(db, people.contact).citizen_ids
    assert people.citizen not in actor(db, people.other_contact).citizen_ids


def test_assigning_the_contact_person_a_citizen_already_has_changes_nothing(db, people):
    before = assignment_count(db)
    row = assignments.assign(db, actor(db, people.manager), people.citizen, people.contact, now=NOW)
    db.commit()
    assert row.ended_at is None and row.contact_person_id == people.contact
    assert assignment_count(db) == before
    assert live_contacts(db, people.citizen) == [people.contact]


def test_a_contact_person_from_another_unit_is_refused(db, people):
    before = assignment_count(db)
    with pytest.raises(UserError) as caught:
        assignments.assign(db, actor(db, people.manager), people.citizen, people.far_contact, now=NOW)
    db.rollback()
    assert caught.value.message == FROM_MY_UNIT and not isinstance(caught.value, AccessDenied)
    assert live_contacts(db, people.citizen) == [people.contact]
    assert assignment_count(db) == before


@pytest.mark.parametrize("who", ["relative", "manager", "citizen", "neighbour"])
def test_someone_who_is_not_a_contact_person_cannot_be_made_one(db, people, who):
    newcomer = new_citizen(db, "Ny Borger", people.unit_a)
    with pytest.raises(UserError) as caught:
        assignments.assign(db, actor(db, people.manager), newcomer, getattr(people, who), now=NOW)
    db.rollback()
    assert caught.value.message == FROM_MY_UNIT
    assert live_contacts(db, newcomer) == []


def test_a_citizen_of_another_unit_is_refused_and_the_refusal_is_logged(db, people):
    with pytest.raises(AccessDenied):
        assignments.assign(db, actor(db, people.manager), people.stranger, people.contact, now=NOW)
    db.commit()  # the refusal's audit record stays
    assert live_contacts(db, people.stranger) == [people.far_contact]
    refused = db.exec(select(AuditEvent).where(AuditEvent.actor_id == people.manager,
                                               AuditEvent.action == Action.ASSIGN_CONTACT_PERSON.value)).all()
    assert [(e.allowed, e.citizen_id) for e in refused] == [(False, people.stranger)]


def test_a_citizen_of_a_unit_nobody_leads_and_an_unknown_id_are_refused(db, people):
    loner = new_citizen(db, "Borger Uden Leder", people.unit_c)
    for citizen_id in (loner, 987_654):
        with pytest.raises(AccessDenied):
            assignments.assign(db, actor(db, people.manager), citizen_id, people.contact, now=NOW)
        db.rollback()
    assert live_contacts(db, loner) == []


def test_a_staff_account_in_my_unit_is_not_a_citizen_to_assign(db, people):
    with pytest.raises(UserError) as caught:
        assignments.assign(db, actor(db, people.manager), people.other_contact, people.contact, now=NOW)
    db.rollback()
    assert caught.value.message == GONE


@pytest.mark.parametrize("who", ["contact", "citizen", "relative", "other_manager"])
def test_only_the_manager_of_the_citizen_s_unit_may_assign(db, people, who):
    newcomer = new_citizen(db, "Ny Borger", people.unit_a)
    with pytest.raises(AccessDenied):
        assignments.assign(db, actor(db, getattr(people, who)), newcomer, people.contact, now=NOW)
    db.rollback()
    assert live_contacts(db, newcomer) == []


def test_a_manager_of_two_units_assigns_in_both(db, people):
    db.add(ManagedUnit(manager_id=people.manager, unit_id=people.unit_b))
    db.commit()
    newcomer = new_citizen(db, "Ny Borger", people.unit_b)
    assignments.assign(db, actor(db, people.manager), newcomer, people.far_contact, now=NOW)
    db.commit()
    assert live_contacts(db, newcomer) == [people.far_contact]


# ---------------------------------------------------------------- counts and the list of names


def test_the_counts_are_citizens_those_without_a_contact_person_and_those_without_a_plan(db, people):
    manager = actor(db, people.manager)
    assert assignments.counts(db, manager) == assignments.UnitCounts(2, 0, 2)
    first, second, third = (new_citizen(db, name, people.unit_a) for name in ("Ny A", "Ny B", "Ny C"))
    new_citizen(db, "Fremmed", people.unit_b)  # another manager's
    share_with(db, people.citizen, "Delt med kontaktpersonen", Audience.CONTACT_PERSON)
    share_with(db, people.neighbour, "Kun for pårørende", Audience.RELATIVE)
    share_with(db, first, "Kladde")  # never shared
    stopped = share_with(db, second, "Stoppet", Audience.CONTACT_PERSON)
    sharing.stop_sharing(db, actor(db, second), stopped, now=NOW + timedelta(hours=1))
    db.commit()
    share_with(db, third, "Delt to gange", Audience.CONTACT_PERSON)
    share_with(db, third, "Og igen", Audience.CONTACT_PERSON, Audience.RELATIVE)
    counts = assignments.counts(db, manager)
    assert counts == assignments.UnitCounts(citizens=5, without_contact_person=3, without_plan=3)

    assignments.assign(db, manager, first, people.contact, now=NOW)
    db.commit()
    assert assignments.counts(db, manager).without_contact_person == 2
    assert assignments.counts(db, actor(db, people.other_manager)) == assignments.UnitCounts(2, 1, 2)


def test_a_citizen_whose_only_assignment_ended_counts_as_without_a_contact_person(db, people):
    old = db.exec(select(ContactAssignment).where(ContactAssignment.citizen_id == people.neighbour)).one()
    old.ended_at = NOW
    db.add(old)
    db.commit()
    manager = actor(db, people.manager)
    assert assignments.counts(db, manager).without_contact_person == 1
    assert [row.citizen_id for row in assignments.citizens_without_contact_person(db, manager)] == [people.neighbour]


def test_the_list_of_citizens_without_a_contact_person_names_only_the_manager_s_own_citizens(db, people):
    names = [("Anne Østergaard", people.unit_a), ("Bent Andersen", people.unit_a),
             ("Fremmed Person", people.unit_b), ("Ingen Leder", people.unit_c)]
    ids = {name: new_citizen(db, name, unit) for name, unit in names}
    mine = assignments.citizens_without_contact_person(db, actor(db, people.manager))
    assert [(r.name, r.unit_name) for r in mine] == [("Anne Østergaard", "Bostedet Test"),
                                                     ("Bent Andersen", "Bostedet Test")]
    assert [r.citizen_id for r in mine] == [ids["Anne Østergaard"], ids["Bent Andersen"]]
    theirs = assignments.citizens_without_contact_person(db, actor(db, people.other_manager))
    assert [r.name for r in theirs] == ["Fremmed Person"]


@pytest.mark.parametrize("who", ["contact", "citizen", "relative"])
def test_no_one_but_a_manager_gets_names_or_counts(db, people, who):
    new_citizen(db, "Ny Borger", people.unit_a)
    someone = actor(db, getattr(people, who))
    assert assignments.citizens_without_contact_person(db, someone) == []
    assert assignments.counts(db, someone) == assignments.UnitCounts(0, 0, 0)
