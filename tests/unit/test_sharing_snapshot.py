"""The approved snapshot: others see what the citizen approved, character for character, and not one
character of a later draft; "Del ændringen", "Stop deling" and deleting act at once and are recorded.
SQLite and PostgreSQL."""

import pytest
from sqlmodel import Session, func, select

from citizenplan.domain import comments, shared_view, sharing, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import AccessDenied
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import AuditEvent, Comment, ItemVersion, SharedSnapshot, ShareEvent
from tests.support.follow_up_case import make_case, share_goal, share_item
from tests.support.sharing_world import (
    APPROVED,
    CP,
    EDITED_FIELD,
    GONE,
    REL,
    SHAREABLE_KINDS,
    edit,
    error_of,
    reader_session,
    seen,
    share,
    version_of,
    world,
    write,
)

DRAFT = "UDKAST-7f3a9 hemmeligt: jeg er bange for at flytte"


def everything_others_can_reach(db: Session, readers: list[Actor], citizen_id: int, item_id: int) -> str:
    """Every answer the shared view gives the readers, and every row outside the workbook tables."""
    db.expire_all()
    parts = []
    for reader in readers:
        for call in (lambda r=reader: shared_view.shared_plan(db, r, citizen_id),
                     lambda r=reader: shared_view.shared_item(db, r, citizen_id, item_id),
                     lambda r=reader: comments.comments_on(db, r, citizen_id, item_id)):
            try:
                parts.append(repr(call()))
            except AccessDenied as refused:
                parts.append(repr(refused))
    for model in (SharedSnapshot, ShareEvent, AuditEvent, Comment):
        parts.extend(repr(row.model_dump()) for row in db.exec(select(model)).all())
    return "\n".join(parts)


def share_events(db: Session, item_id: int) -> list[tuple[str, str, int | None]]:
    rows = db.exec(select(ShareEvent).where(ShareEvent.item_id == item_id).order_by(ShareEvent.id)).all()
    return [(e.what, e.audience, e.version) for e in rows]


def version_count(db: Session, item_id: int) -> int:
    return db.exec(select(func.count()).select_from(ItemVersion).where(ItemVersion.item_id == item_id)).one()


# ---------------------------------------------------------------- an edit is a draft until approved


@pytest.mark.parametrize("kind", SHAREABLE_KINDS)
def test_after_an_edit_readers_see_the_approved_text_exactly_and_not_one_character_of_the_draft(db, kind):
    w = world(db)
    item_id = write(db, w.me, kind)
    approved = workbook.content_of(db, w.me, item_id)
    share(db, w.me, item_id, CP, REL)

    field = EDITED_FIELD[kind]
    assert edit(db, w.me, item_id, {field: DRAFT}).conflict is False
    assert workbook.content_of(db, w.me, item_id)[field] == DRAFT  # the citizen sees their draft

    for reader in (w.contact, w.relative):
        assert seen(db, reader, w.people.citizen, item_id) == approved
        assert seen(db, reader, w.people.citizen, item_id)[field] == APPROVED
    reachable = everything_others_can_reach(db, [w.contact, w.relative], w.people.citizen, item_id)
    assert APPROVED.splitlines()[0] in reachable  # the check can see text at all
    assert "UDKAST" not in reachable and "hemmeligt" not in reachable


def test_a_draft_written_from_the_chat_is_no_more_shared_than_one_written_in_the_workbook(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP)
    workbook.write_fields(db, w.me, goal, {"why": DRAFT}, via="chat")
    db.commit()
    assert seen(db, w.contact, w.people.citizen, goal)["why"] == "Så jeg får luft."
    assert "UDKAST" not in everything_others_can_reach(db, [w.contact, w.relative], w.people.citizen, goal)


def test_the_citizen_sees_that_a_shared_item_has_unshared_changes_and_which_fields_differ(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP)
    assert sharing.state_of(db, w.me, goal).has_unshared_changes is False

    edit(db, w.me, goal, {"title": DRAFT, "success": "Når jeg går hver dag."})
    state = sharing.state_of(db, w.me, goal)
    assert state.has_unshared_changes is True
    assert state.audiences == {CP}
    assert (state.approved_version, state.current_version) == (1, 2)
    assert {(c.field, c.before, c.after) for c in state.changes} == {
        ("title", APPROVED, DRAFT),
        ("success", "Når jeg har gået hver dag i en uge.", "Når jeg går hver dag."),
    }
    assert sharing.states_of(db, w.me)[goal].has_unshared_changes is True


def test_a_private_item_never_has_unshared_changes_however_often_it_is_edited(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    edit(db, w.me, goal, {"title": DRAFT})
    state = sharing.state_of(db, w.me, goal)
    assert (state.audiences, state.approved_version, state.has_unshared_changes, state.changes) == (
        frozenset(), None, False, ())
    assert goal not in sharing.states_of(db, w.me)


def test_del_aendringen_lets_the_same_readers_see_the_new_text_and_nobody_new(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP)
    edit(db, w.me, goal, {"title": "Gå en tur hver dag"})

    state = sharing.approve_change(db, w.me, goal, version_of(db, w.me, goal))
    db.commit()
    assert (state.audiences, state.has_unshared_changes, state.changes) == ({CP}, False, ())
    assert seen(db, w.contact, w.people.citizen, goal) == workbook.content_of(db, w.me, goal)
    assert seen(db, w.contact, w.people.citizen, goal)["title"] == "Gå en tur hver dag"
    assert seen(db, w.relative, w.people.citizen, goal) is None
    # one live copy per audience, never two
    live = db.exec(select(SharedSnapshot).where(SharedSnapshot.item_id == goal,
                                                SharedSnapshot.revoked_at.is_(None))).all()
    assert [(s.audience, s.approved_version) for s in live] == [(CP.value, 2)]


def test_del_aendringen_on_an_item_shared_with_nobody_is_refused(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    error = error_of(lambda: sharing.approve_change(db, w.me, goal, version_of(db, w.me, goal)))
    assert error.message == "Det er ikke delt med nogen."


def test_sharing_a_version_the_citizen_was_not_shown_is_refused_and_readers_keep_the_approved_text(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    shown = version_of(db, w.me, goal)
    share(db, w.me, goal, CP)
    edit(db, w.me, goal, {"title": DRAFT})  # changed on another device after the sharing screen was shown

    for call in (lambda: sharing.share(db, w.me, goal, {CP, REL}, shown),
                 lambda: sharing.approve_change(db, w.me, goal, shown)):
        assert error_of(call).message == "Teksten er lige blevet ændret. Se den igen, før du deler."
    db.commit()
    assert seen(db, w.contact, w.people.citizen, goal)["title"] == APPROVED
    assert seen(db, w.relative, w.people.citizen, goal) is None
    assert "UDKAST" not in everything_others_can_reach(db, [w.contact, w.relative], w.people.citizen, goal)


def test_a_first_share_of_a_version_the_citizen_was_not_shown_is_refused_too(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    shown = version_of(db, w.me, goal)
    edit(db, w.me, goal, {"title": DRAFT})
    assert error_of(lambda: sharing.share(db, w.me, goal, {CP}, shown)).message.startswith(
        "Teksten er lige blevet ændret")
    db.commit()
    assert seen(db, w.contact, w.people.citizen, goal) is None


def test_sharing_with_one_audience_after_both_stops_the_other_at_once(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP, REL)
    assert seen(db, w.relative, w.people.citizen, goal) is not None

    assert share(db, w.me, goal, CP).audiences == {CP}
    assert seen(db, w.relative, w.people.citizen, goal) is None
    assert seen(db, w.contact, w.people.citizen, goal) is not None

    assert share(db, w.me, goal, REL).audiences == {REL}
    assert seen(db, w.contact, w.people.citizen, goal) is None
    assert seen(db, w.relative, w.people.citizen, goal) is not None


def test_sharing_with_nobody_is_the_same_as_stopping(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP, REL)
    assert share(db, w.me, goal).audiences == frozenset()
    for reader in (w.contact, w.relative):
        assert seen(db, reader, w.people.citizen, goal) is None


def opened_in(tab: Session, reader: Actor, citizen_id: int, item_id: int) -> str | None:
    """One event in the reader's tab: open the item, then end the unit of work. None: refused."""
    try:
        return shared_view.shared_item(tab, reader, citizen_id, item_id).content["title"]
    except AccessDenied:
        return None
    finally:
        tab.commit()


def test_stop_sharing_ends_access_at_once_for_a_reader_who_has_the_item_open(db, db_url):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP, REL)
    with reader_session(db_url) as contacts_tab, reader_session(db_url) as relatives_tab:
        assert opened_in(contacts_tab, w.contact, w.people.citizen, goal) == APPROVED
        assert opened_in(relatives_tab, w.relative, w.people.citizen, goal) == APPROVED

        state = sharing.stop_sharing(db, w.me, goal)
        db.commit()
        assert state.audiences == frozenset()

        # their very next action
        assert opened_in(contacts_tab, w.contact, w.people.citizen, goal) is None
        assert opened_in(relatives_tab, w.relative, w.people.citizen, goal) is None
        assert shared_view.shared_plan(contacts_tab, w.contact, w.people.citizen) == []
        assert shared_view.shared_plan(relatives_tab, w.relative, w.people.citizen) == []


def test_every_share_change_and_revoke_is_recorded(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP)
    share(db, w.me, goal, CP)  # pressed "Del" again on the same text: nothing new happened
    edit(db, w.me, goal, {"title": "Gå en tur hver dag"})
    sharing.approve_change(db, w.me, goal, version_of(db, w.me, goal))
    share(db, w.me, goal, CP, REL)
    share(db, w.me, goal, REL)
    sharing.stop_sharing(db, w.me, goal)
    db.commit()
    assert share_events(db, goal) == [
        ("shared", "contact_person", 1),
        ("changed", "contact_person", 2),
        ("shared", "relative", 2),
        ("revoked", "contact_person", None),
        ("revoked", "relative", None),
    ]
    events = db.exec(select(ShareEvent).where(ShareEvent.item_id == goal)).all()
    assert all(e.citizen_id == w.people.citizen and e.at is not None for e in events)


def test_stop_sharing_a_private_item_records_nothing(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    sharing.stop_sharing(db, w.me, goal)
    db.commit()
    assert share_events(db, goal) == []


# ---------------------------------------------------------------- deleting


def test_deleting_a_shared_item_hides_it_from_readers_at_once_and_keeps_every_version(db, db_url):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP, REL)
    edit(db, w.me, goal, {"title": DRAFT})
    with reader_session(db_url) as contacts_tab:
        assert opened_in(contacts_tab, w.contact, w.people.citizen, goal) == APPROVED

        workbook.delete(db, w.me, goal)
        db.commit()

        assert opened_in(contacts_tab, w.contact, w.people.citizen, goal) is None
    for reader in (w.contact, w.relative):
        assert seen(db, reader, w.people.citizen, goal) is None
    assert version_count(db, goal) == 2
    kept = db.exec(select(ItemVersion.content).where(ItemVersion.item_id == goal)
                   .order_by(ItemVersion.number)).all()
    assert [c["title"] for c in kept] == [APPROVED, DRAFT]


def test_a_deleted_item_is_gone_from_the_citizens_own_workbook_and_its_history_is_not_shown(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    workbook.delete(db, w.me, goal)
    db.commit()
    assert goal not in [i.item_id for i in workbook.items(db, w.me)]
    for call in (lambda: workbook.content_of(db, w.me, goal), lambda: workbook.item(db, w.me, goal),
                 lambda: workbook.history(db, w.me, goal)):
        assert error_of(call).message == GONE
    assert version_count(db, goal) == 1


def test_deleting_a_shared_item_is_recorded_as_the_end_of_its_sharing(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP, REL)
    workbook.delete(db, w.me, goal)
    db.commit()
    assert sorted(e for e in share_events(db, goal) if e[0] == "revoked") == [
        ("revoked", "contact_person", None), ("revoked", "relative", None)]


def test_the_shared_plan_puts_each_step_right_after_its_own_goal_and_other_items_after_the_goals(db):
    """Positions count among siblings: sorted by position alone, a step stood beside the wrong goal."""
    c = make_case(db)
    shopping, sister = share_goal(c, "Handle ind selv"), share_goal(c, "Se min søster")
    share_item(c, ItemKind.STEP, {"text": "Ringe til hende søndag"}, CP, parent_id=sister)
    share_item(c, ItemKind.DREAM, {"text": "Bo ved havet"}, CP)
    share_item(c, ItemKind.STEP, {"text": "Skrive en indkøbsseddel"}, CP, parent_id=shopping)
    share_item(c, ItemKind.STEP, {"text": "Gå i Netto"}, CP, parent_id=shopping)
    plan = shared_view.shared_plan(db, c.contact, c.people.citizen)
    assert [i.content.get("title") or i.content.get("text") for i in plan] == [
        "Handle ind selv", "Skrive en indkøbsseddel", "Gå i Netto", "Se min søster", "Ringe til hende søndag",
        "Bo ved havet"]
    assert [shared_view.goal_of(i, plan) for i in plan] == [
        "", "Handle ind selv", "Handle ind selv", "", "Se min søster", ""]  # each step says what it is for
