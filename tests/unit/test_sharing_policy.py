"""Who sees what of a citizen's workbook, for every kind of item that can be shared (DESIGN sections 1-3).

A draft reaches nobody. An approved copy reaches only the audience the citizen chose, and within it only
the contact person assigned to that citizen or a relative whose grant for that citizen is live. A manager
never sees a person's items. SQLite and PostgreSQL.

The helpers at the top (a small world of people, an item of each kind, what a reader can see) are used by
the other sharing, workbook, comment, proposal and access-log tests too.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from citizenplan.clock import utcnow
from citizenplan.db import engine_for, session_scope
from citizenplan.domain import shared_view, sharing, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import AccessDenied, UserError
from citizenplan.domain.vocabulary import Audience
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import AuditEvent, ContactAssignment, RelativeGrant
from tests.support.people import People, actor, make_people

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
CP, REL = Audience.CONTACT_PERSON, Audience.RELATIVE
GONE = "Det findes ikke længere."

# Text with everything that could be mangled on its way: Danish letters, a line break, quotes, markup,
# an emoji, surrounding spaces inside the text.
APPROVED = "Jeg vil gå en tur ved åen hver morgen.\n«Med Bølle» 🐕 & <b>kaffe</b> — 100 %"

# Every kind the citizen can share, with what the citizen wrote; `APPROVED` is in the field that is edited.
CONTENT: dict[ItemKind, dict[str, Any]] = {
    ItemKind.ABOUT_ME: {"text": APPROVED, "wants": "Mit eget sted at bo."},
    ItemKind.DREAM: {"text": APPROVED, "life_area": "bolig"},
    ItemKind.HOPE: {"text": APPROVED},
    ItemKind.GOAL: {"title": APPROVED, "why": "Så jeg får luft.", "success": "Når jeg har gået hver dag i en uge.",
                    "life_area": "krop_og_helbred"},
    ItemKind.STEP: {"text": APPROVED, "helper": "Maria", "done": False},
    ItemKind.CHECK_IN: {"score": 4, "note": APPROVED},
    ItemKind.CRISIS_PLAN: {"signs": APPROVED, "helps": "Musik.", "not_helps": "Råb.",
                           "contacts": [{"name": "Mor", "phone": "12 34 56 78"}], "practical": "Nøgle hos naboen."},
    ItemKind.REMARKS: {"text": APPROVED},
    ItemKind.PREPARATION: {"went_well": APPROVED, "hard": "Trappen.", "talk_about": "Min økonomi."},
}
EDITED_FIELD = {
    ItemKind.ABOUT_ME: "text", ItemKind.DREAM: "text", ItemKind.HOPE: "text", ItemKind.GOAL: "title",
    ItemKind.STEP: "text", ItemKind.CHECK_IN: "note", ItemKind.CRISIS_PLAN: "signs", ItemKind.REMARKS: "text",
    ItemKind.PREPARATION: "went_well",
}
SHAREABLE_KINDS = list(CONTENT)
WITH_PARENT = {ItemKind.STEP, ItemKind.CHECK_IN}  # made under a goal


# ---------------------------------------------------------------- the world


@dataclass
class World:
    db: Session
    people: People
    me: Actor  # the citizen
    contact: Actor  # assigned to me
    other_contact: Actor  # same unit, assigned to the neighbour
    far_contact: Actor  # another unit
    relative: Actor  # granted by me
    manager: Actor  # leads my unit
    neighbour: Actor  # another citizen in my unit

    def reload(self, user_id: int, now: datetime | None = None) -> Actor:
        return actor(self.db, user_id, now)


def world(db: Session, *, relative_may_comment: bool = True) -> World:
    p = make_people(db, relative_may_comment=relative_may_comment)
    return World(db, p, actor(db, p.citizen), actor(db, p.contact), actor(db, p.other_contact),
                 actor(db, p.far_contact), actor(db, p.relative), actor(db, p.manager), actor(db, p.neighbour))


def write(db: Session, me: Actor, kind: ItemKind, content: dict[str, Any] | None = None,
          parent_id: int | None = None, via: str = "chat") -> int:
    """The citizen makes an item and writes it, then the unit of work commits."""
    if kind in WITH_PARENT and parent_id is None:
        parent_id = write(db, me, ItemKind.GOAL, {"title": "At komme ud"})
    item = workbook.create_item(db, me, kind, parent_id=parent_id)
    workbook.write_fields(db, me, item.id, dict(CONTENT[kind] if content is None else content), via=via)
    db.commit()
    return item.id


def version_of(db: Session, me: Actor, item_id: int) -> int:
    return workbook.item(db, me, item_id).version


def share(db: Session, me: Actor, item_id: int, *audiences: Audience) -> sharing.SharingState:
    """"Del": the citizen shares what they were just shown."""
    state = sharing.share(db, me, item_id, set(audiences), version_of(db, me, item_id))
    db.commit()
    return state


def edit(db: Session, me: Actor, item_id: int, changes: dict[str, Any]) -> workbook.SaveResult:
    """An edit on the item's own screen, opened just now (a preparation, which has none, in the chat)."""
    shown = workbook.item(db, me, item_id)
    if shown.kind not in workbook.EDITABLE_FIELDS:
        view = workbook.write_fields(db, me, item_id, changes, via="chat")
        db.commit()
        return workbook.SaveResult(view, conflict=False)
    result = workbook.save(db, me, item_id, changes, shown.version)
    db.commit()
    return result


def plan_ids(db: Session, reader: Actor, citizen_id: int) -> list[int] | None:
    """The item ids in the reader's view of the citizen's plan; None if the plan is refused."""
    try:
        return [s.item_id for s in shared_view.shared_plan(db, reader, citizen_id)]
    except AccessDenied:
        return None


def seen(db: Session, reader: Actor, citizen_id: int, item_id: int) -> dict[str, Any] | None:
    """The content the reader gets when opening the item; None when refused.

    Whatever the answer, the plan page must agree with it: the item is in the plan, with the same
    content, exactly when it can be opened.
    """
    try:
        opened: dict[str, Any] | None = shared_view.shared_item(db, reader, citizen_id, item_id).content
    except AccessDenied:
        opened = None
    try:
        in_plan = {s.item_id: s.content for s in shared_view.shared_plan(db, reader, citizen_id)}.get(item_id)
    except AccessDenied:
        in_plan = None
    assert in_plan == opened, "the plan page and the item page disagree"
    return opened


@contextmanager
def reader_session(db_url: str) -> Iterator[Session]:
    """Another person's connection: its own session, as their browser tab would have."""
    engine = engine_for(db_url)
    try:
        with Session(engine) as other:
            yield other
    finally:
        engine.dispose()


def error_of(call) -> UserError:
    """What the person is told; any other exception fails the test."""
    with pytest.raises(UserError) as caught:
        call()
    return caught.value


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
    focus = write(db, w.me, ItemKind.FOCUS_AREAS, {"areas": ["bolig"]})
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
    error_of(lambda: shared_view.shared_item(db, w.me, w.people.citizen, draft))
