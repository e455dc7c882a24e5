""""Hvem har set min plan": each visit in which someone other than the citizen opened one of their items —
who, their role, when, which item, and the approved words they were shown. The citizen's own reading is
not in it, a refused attempt is not a viewing, and nobody else reads the list. SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from sqlmodel import select

from citizenplan.clock import utcnow
from citizenplan.domain import access_log, comments, proposals, shared_view, sharing, workbook
from citizenplan.domain.errors import AccessDenied
from citizenplan.domain.vocabulary import Role
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import AuditEvent
from tests.support.sharing_world import CP, REL, World, edit, seen, share, version_of, world, write


def log(w: World) -> list[tuple[str, Role, int | None]]:
    w.db.commit()
    return [(v.who, v.role, v.item_id) for v in access_log.who_has_seen(w.db, w.me)]


def test_each_item_a_contact_person_or_relative_opens_is_listed_with_who_role_time_and_item(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    dream = write(db, w.me, ItemKind.DREAM)
    share(db, w.me, goal, CP, REL)
    share(db, w.me, dream, REL)
    before = utcnow() - timedelta(seconds=1)

    shared_view.shared_plan(db, w.contact, w.people.citizen)  # the plan page: one viewing per item on it
    db.commit()
    shared_view.shared_item(db, w.relative, w.people.citizen, dream)
    db.commit()

    viewings = access_log.who_has_seen(db, w.me)
    assert sorted((v.who, v.role, v.item_id) for v in viewings) == sorted([
        ("Contact", Role.CONTACT_PERSON, goal), ("Relative", Role.RELATIVE, dream)])
    assert all(before <= v.at <= utcnow() for v in viewings)
    assert viewings[0].who == "Relative"  # newest first


def _earlier(w: World, by: timedelta) -> None:
    """Every opening so far happened `by` earlier (the stored times move; the clock is not asserted on)."""
    for event in w.db.exec(select(AuditEvent).where(AuditEvent.citizen_id == w.people.citizen)).all():
        event.at -= by
        w.db.add(event)
    w.db.commit()


def test_opening_an_item_again_and_again_within_a_visit_is_one_line_and_every_opening_stays_audited(db):
    """Issue 17: six reloads in a minute gave six identical lines."""
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP)
    for _ in range(6):
        shared_view.shared_item(db, w.contact, w.people.citizen, goal)
        db.commit()
    assert log(w) == [("Contact", Role.CONTACT_PERSON, goal)]
    assert len(db.exec(select(AuditEvent).where(AuditEvent.actor_id == w.people.contact,
                                                AuditEvent.target_id == goal)).all()) == 6


def test_a_visit_ends_after_half_an_hour_without_opening_the_item_and_lists_when_it_began(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP)
    shared_view.shared_item(db, w.contact, w.people.citizen, goal)
    db.commit()
    _earlier(w, timedelta(minutes=25))  # 25 minutes later she opens it again: the same visit
    shared_view.shared_item(db, w.contact, w.people.citizen, goal)
    db.commit()
    [one] = access_log.who_has_seen(db, w.me)
    assert one.at == min(db.exec(select(AuditEvent.at).where(AuditEvent.target_id == goal)).all())

    _earlier(w, access_log.VISIT_GAP + timedelta(seconds=1))  # now more than half an hour after the last
    shared_view.shared_item(db, w.contact, w.people.citizen, goal)
    assert log(w) == [("Contact", Role.CONTACT_PERSON, goal)] * 2


def test_the_list_holds_the_newest_visits_whole(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP)
    for _ in range(3):  # three visits of two openings each, an hour apart
        for _ in range(2):
            shared_view.shared_item(db, w.contact, w.people.citizen, goal)
            db.commit()
        _earlier(w, timedelta(hours=1))
    visits = access_log.who_has_seen(db, w.me, limit=2)
    openings = sorted(db.exec(select(AuditEvent.at).where(AuditEvent.target_id == goal)).all(), reverse=True)
    assert [v.at for v in visits] == [openings[1], openings[3]]  # each visit from its first opening


def test_each_line_shows_the_words_the_reader_was_shown_then_not_the_items_words_now(db):
    """Issue 17: a line showed the item's current title. An edit not yet shared changes nothing for a
    reader; "Del ændringen" gives them new words, and a new line even within the half hour."""
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL, {"title": "Gå en tur hver dag"})
    share(db, w.me, goal, CP)
    shared_view.shared_plan(db, w.contact, w.people.citizen)
    db.commit()
    edit(db, w.me, goal, {"title": "Løbe en tur hver dag"})
    shared_view.shared_plan(db, w.contact, w.people.citizen)  # still the approved copy
    db.commit()
    assert [(v.kind, v.words) for v in access_log.who_has_seen(db, w.me)] == [("goal", "Gå en tur hver dag")]

    sharing.approve_change(db, w.me, goal, version_of(db, w.me, goal))
    db.commit()
    shared_view.shared_item(db, w.contact, w.people.citizen, goal)
    db.commit()
    edit(db, w.me, goal, {"title": "Cykle hver dag"})  # a later draft is in no line
    workbook.delete(db, w.me, goal)  # nor does deleting the item change what was seen
    db.commit()
    assert [(v.who, v.words) for v in access_log.who_has_seen(db, w.me)] == [
        ("Contact", "Løbe en tur hver dag"), ("Contact", "Gå en tur hver dag")]


def test_opening_a_shared_plan_with_its_comments_is_one_viewing_per_item(db):
    """The comments come with the item: listing them twice would make the log noise."""
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP)
    shared_view.shared_plan(db, w.contact, w.people.citizen)
    comments.comments_on(db, w.contact, w.people.citizen, goal)
    assert log(w) == [("Contact", Role.CONTACT_PERSON, goal)]


def test_the_citizens_own_reading_is_never_listed(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP, REL)
    workbook.items(db, w.me)
    workbook.item(db, w.me, goal)
    workbook.history(db, w.me, goal)
    sharing.state_of(db, w.me, goal)
    sharing.states_of(db, w.me)
    comments.comments_on(db, w.me, w.people.citizen, goal)
    proposals.open_proposals(db, w.me)
    access_log.who_has_seen(db, w.me)
    assert log(w) == []


def test_a_refused_attempt_is_not_listed_as_a_viewing(db):
    w = world(db)
    draft = write(db, w.me, ItemKind.GOAL)
    contact_only = write(db, w.me, ItemKind.DREAM)
    share(db, w.me, contact_only, CP)
    assert seen(db, w.contact, w.people.citizen, draft) is None
    assert seen(db, w.relative, w.people.citizen, contact_only) is None
    assert seen(db, w.other_contact, w.people.citizen, contact_only) is None
    assert seen(db, w.manager, w.people.citizen, contact_only) is None
    # what is listed is the contact person's plan page, which holds the item shared with them; nothing refused
    assert {(who, item) for who, _, item in log(w)} == {("Contact", contact_only)}


def test_an_empty_shared_plan_opened_is_no_viewing_of_any_item(db):
    w = world(db)
    write(db, w.me, ItemKind.GOAL)
    assert shared_view.shared_plan(db, w.contact, w.people.citizen) == []
    assert log(w) == []


def test_another_citizen_sees_only_their_own_list_and_staff_cannot_read_it(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP)
    shared_view.shared_item(db, w.contact, w.people.citizen, goal)
    db.commit()
    assert access_log.who_has_seen(db, w.neighbour) == []
    for other in (w.contact, w.relative, w.manager):
        with pytest.raises(AccessDenied):
            access_log.who_has_seen(db, other)
    db.rollback()
    assert log(w) == [("Contact", Role.CONTACT_PERSON, goal)]
