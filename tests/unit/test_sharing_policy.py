"""Who sees what of a citizen's workbook, for every kind of item that can be shared (DESIGN sections 1-3).

A draft reaches nobody. An approved copy reaches only the audience the citizen chose, and within it only
the contact person assigned to that citizen or a relative whose grant for that citizen is live. A manager
never sees a person's items. SQLite and PostgreSQL.

The helpers (a small world of people, an item of each kind, what a reader can see) are in
tests/support/sharing_world.py, shared with the other sharing, workbook, comment, proposal and access-log tests.
"""

from datetime import timedelta

import pytest
from sqlmodel import select

from citizenplan.clock import utcnow
from citizenplan.db import session_scope
from citizenplan.domain import shared_view, sharing, workbook
from citizenplan.domain.errors import AccessDenied
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import AuditEvent, ContactAssignment, RelativeGrant
from tests.support.sharing_world import (
    CP,
    GONE,
    REL,
    SHAREABLE_KINDS,
    error_of,
    plan_ids,
    seen,
    share,
    version_of,
    world,
    write,
)

# ---------------------------------------------------------------- a draft reaches nobody


@pytest.mark.parametrize("kind", SHAREABLE_KINDS)
def test_a_draft_never_shared_is_seen_by_no_contact_person_no_relative_and_no_manager(db, kind):
    w = world(db)
    item_id = write(db, w.me, kind)
    for reader in (w.contact, w.relative):
        assert plan_ids(db, reader, w.people.citizen) == []
        with pytest.raises(AccessDenied):
            shared_view.shared_item(db, reader, w.people.citizen, item_id)
    for reader in (w.other_contact, w.far_contact, w.manager, w.neighbour):
        assert seen(db, reader, w.people.citizen, item_id) is None


@pytest.mark.parametrize("kind", SHAREABLE_KINDS)
def test_an_item_the_citizen_stopped_sharing_is_seen_by_nobody(db, kind):
    w = world(db)
    item_id = write(db, w.me, kind)
    share(db, w.me, item_id, CP, REL)
    sharing.stop_sharing(db, w.me, item_id)
    db.commit()
    for reader in (w.contact, w.relative):
        assert plan_ids(db, reader, w.people.citizen) == []
        assert seen(db, reader, w.people.citizen, item_id) is None


# ---------------------------------------------------------------- an approved copy reaches its audience only


@pytest.mark.parametrize("kind", SHAREABLE_KINDS)
def test_an_item_shared_with_the_contact_person_is_seen_exactly_as_approved_by_the_assigned_contact_only(db, kind):
    w = world(db)
    item_id = write(db, w.me, kind)
    approved = workbook.content_of(db, w.me, item_id)
    share(db, w.me, item_id, CP)

    assert seen(db, w.contact, w.people.citizen, item_id) == approved
    assert shared_view.shared_item(db, w.contact, w.people.citizen, item_id).kind == kind.value
    # the relative: a contact-person-only item is not theirs
    assert plan_ids(db, w.relative, w.people.citizen) == []
    assert seen(db, w.relative, w.people.citizen, item_id) is None
    # a contact person in the same unit who does not follow this citizen, one from another unit, a manager
    for reader in (w.other_contact, w.far_contact, w.manager):
        assert plan_ids(db, reader, w.people.citizen) is None
        assert seen(db, reader, w.people.citizen, item_id) is None


@pytest.mark.parametrize("kind", SHAREABLE_KINDS)
def test_an_item_shared_with_relatives_is_seen_exactly_as_approved_by_the_relative_and_not_the_contact(db, kind):
    w = world(db)
    item_id = write(db, w.me, kind)
    approved = workbook.content_of(db, w.me, item_id)
    share(db, w.me, item_id, REL)

    assert seen(db, w.relative, w.people.citizen, item_id) == approved
    assert plan_ids(db, w.contact, w.people.citizen) == []
    assert seen(db, w.contact, w.people.citizen, item_id) is None
    for reader in (w.other_contact, w.far_contact, w.manager):
        assert seen(db, reader, w.people.citizen, item_id) is None


@pytest.mark.parametrize("kind", SHAREABLE_KINDS)
def test_an_item_shared_with_both_is_seen_by_both_and_by_nobody_else(db, kind):
    w = world(db)
    item_id = write(db, w.me, kind)
    approved = workbook.content_of(db, w.me, item_id)
    share(db, w.me, item_id, CP, REL)

    assert seen(db, w.contact, w.people.citizen, item_id) == approved
    assert seen(db, w.relative, w.people.citizen, item_id) == approved
    for reader in (w.other_contact, w.far_contact, w.manager, w.neighbour):
        assert seen(db, reader, w.people.citizen, item_id) is None


@pytest.mark.parametrize("kind", SHAREABLE_KINDS)
def test_what_another_citizen_shares_is_not_seen_by_my_contact_person_or_my_relative(db, kind):
    w = world(db)
    theirs = write(db, w.neighbour, kind)
    share(db, w.neighbour, theirs, CP, REL)

    assert seen(db, w.other_contact, w.people.neighbour, theirs) == workbook.content_of(db, w.neighbour, theirs)
    for reader in (w.contact, w.relative, w.far_contact, w.manager):
        assert plan_ids(db, reader, w.people.neighbour) is None
        assert seen(db, reader, w.people.neighbour, theirs) is None
    # nor through my plan: asking for their item under my name gives nothing
    for reader in (w.contact, w.relative):
        assert seen(db, reader, w.people.citizen, theirs) is None


@pytest.mark.parametrize("kind", SHAREABLE_KINDS)
def test_a_relative_whose_grant_has_expired_sees_nothing(db, kind):
    w = world(db)
    item_id = write(db, w.me, kind)
    share(db, w.me, item_id, REL)
    grant = db.exec(select(RelativeGrant).where(RelativeGrant.relative_id == w.people.relative)).one()
    grant.expires_at = utcnow() + timedelta(hours=1)
    db.add(grant)
    db.commit()
    assert seen(db, w.reload(w.people.relative), w.people.citizen, item_id) is not None

    after_expiry = w.reload(w.people.relative, utcnow() + timedelta(hours=2))
    assert plan_ids(db, after_expiry, w.people.citizen) is None
    assert seen(db, after_expiry, w.people.citizen, item_id) is None


@pytest.mark.parametrize("kind", SHAREABLE_KINDS)
def test_a_relative_removed_by_the_citizen_and_a_contact_person_no_longer_assigned_see_nothing(db, kind):
    w = world(db)
    item_id = write(db, w.me, kind)
    share(db, w.me, item_id, CP, REL)
    grant = db.exec(select(RelativeGrant).where(RelativeGrant.relative_id == w.people.relative)).one()
    assignment = db.exec(select(ContactAssignment).where(
        ContactAssignment.contact_person_id == w.people.contact)).one()
    grant.ended_at = assignment.ended_at = utcnow()
    db.add_all([grant, assignment])
    db.commit()
    for user_id in (w.people.relative, w.people.contact):
        reader = w.reload(user_id)
        assert plan_ids(db, reader, w.people.citizen) is None
        assert seen(db, reader, w.people.citizen, item_id) is None


def test_a_manager_sees_no_item_of_any_citizen_in_their_unit_whatever_is_shared(db):
    w = world(db)
    ids = [write(db, w.me, kind) for kind in SHAREABLE_KINDS]
    for item_id in ids:
        share(db, w.me, item_id, CP, REL)
    assert plan_ids(db, w.manager, w.people.citizen) is None
    for item_id in ids:
        assert seen(db, w.manager, w.people.citizen, item_id) is None


def test_the_plan_a_reader_sees_holds_exactly_the_items_shared_with_their_audience(db):
    w = world(db)
    to_contact = write(db, w.me, ItemKind.GOAL)
    to_relative = write(db, w.me, ItemKind.DREAM)
    to_both = write(db, w.me, ItemKind.CRISIS_PLAN)
    write(db, w.me, ItemKind.HOPE)  # a draft
    share(db, w.me, to_contact, CP)
    share(db, w.me, to_relative, REL)
    share(db, w.me, to_both, CP, REL)

    assert sorted(plan_ids(db, w.contact, w.people.citizen)) == sorted([to_contact, to_both])
    assert sorted(plan_ids(db, w.relative, w.people.citizen)) == sorted([to_relative, to_both])


def test_an_unknown_item_of_a_citizen_is_refused_not_a_crash(db):
    w = world(db)
    for reader in (w.contact, w.relative, w.manager):
        assert seen(db, reader, w.people.citizen, 999_999) is None


@pytest.mark.parametrize("who", ["contact", "relative", "manager"])
def test_asking_for_the_plan_of_a_citizen_who_does_not_exist_is_refused_not_a_crash(db, app_db, who):
    w = world(db)
    reader = getattr(w, who)
    with pytest.raises(AccessDenied), session_scope() as work:
        shared_view.shared_plan(work, reader, 999_999)
    with pytest.raises(AccessDenied), session_scope() as work:
        shared_view.shared_item(work, reader, 999_999, 999_999)
    # and the attempt is on record
    db.expire_all()
    assert db.exec(select(AuditEvent).where(AuditEvent.actor_id == reader.user_id, AuditEvent.citizen_id == 999_999,
                                            AuditEvent.allowed.is_(False))).all()


# ---------------------------------------------------------------- what can be shared


def test_every_kind_of_item_can_be_shared_except_the_chat_s_focus_areas(db):
    assert set(sharing.SHAREABLE) == set(SHAREABLE_KINDS) == set(ItemKind) - {ItemKind.FOCUS_AREAS}
    w = world(db)
    focus = write(db, w.me, ItemKind.FOCUS_AREAS, {"areas": ["housing"]})
    assert error_of(lambda: share(db, w.me, focus, CP)).message == "Det kan ikke deles."
    assert plan_ids(db, w.contact, w.people.citizen) == []


def test_nobody_but_the_citizen_can_share_or_stop_sharing_their_item(db):
    w = world(db)
    item_id = write(db, w.me, ItemKind.GOAL)
    version = version_of(db, w.me, item_id)
    for other in (w.contact, w.relative, w.manager, w.neighbour):
        with pytest.raises(AccessDenied):
            sharing.share(db, other, item_id, {CP, REL}, version)
        with pytest.raises(AccessDenied):
            sharing.stop_sharing(db, other, item_id)
        with pytest.raises(AccessDenied):
            sharing.state_of(db, other, item_id)
    assert plan_ids(db, w.contact, w.people.citizen) == []


def test_the_citizen_asking_for_the_shared_view_of_their_own_item_gets_a_plain_answer_not_a_crash(db):
    w = world(db)
    draft = write(db, w.me, ItemKind.GOAL)
    assert error_of(lambda: shared_view.shared_item(db, w.me, w.people.citizen, draft)).message == GONE
