"""Comments on an item, by anyone who can see it: the citizen on their own items, the contact person on
what was shared with them, a relative only where the citizen allows it. Each comment is in one thread:
the contact persons', the relatives' or the citizen's own notes; a reader sees their audience's thread
only, and the citizen chooses the thread they write in. SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from citizenplan.domain import comments, sharing, workbook
from citizenplan.domain.errors import AccessDenied
from citizenplan.domain.vocabulary import Role
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import Comment
from tests.support.sharing_world import CP, GONE, NOW, REL, World, error_of, share, world, write


def talk(w: World, *lines: tuple, item_id: int, minutes: int = 0) -> None:
    """Each (who, text) or, for the citizen, (who, text, thread) comments on the citizen's item, a minute
    apart. The citizen without a thread writes a note to themselves."""
    for n, (who, text, *to) in enumerate(lines):
        comments.add_comment(w.db, getattr(w, who), w.people.citizen, item_id, text,
                             now=NOW + timedelta(minutes=minutes + n), to=to[0] if to else None)
    w.db.commit()


def thread(w: World, who: str, item_id: int) -> list[tuple[str, Role, str]]:
    return [(c.author_name, c.author_role, c.text)
            for c in comments.comments_on(w.db, getattr(w, who), w.people.citizen, item_id)]


def comment_count(db: Session) -> int:
    return db.exec(select(func.count()).select_from(Comment)).one()


def test_the_citizen_comments_on_their_own_items_shared_or_not(db):
    w = world(db)
    draft = write(db, w.me, ItemKind.HOPE)
    talk(w, ("me", "Det her er vigtigt for mig."), item_id=draft)
    assert thread(w, "me", draft) == [("Citizen", Role.CITIZEN, "Det her er vigtigt for mig.")]
    assert comments.comments_on(db, w.me, w.people.citizen, draft)[0].mine is True


def test_the_contact_person_comments_on_an_item_shared_with_the_contact_person(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP)
    view = comments.add_comment(db, w.contact, w.people.citizen, goal, "Godt mål. Skal vi tale om det?")
    db.commit()
    assert (view.author_name, view.author_role, view.mine) == ("Contact", Role.CONTACT_PERSON, True)
    assert thread(w, "me", goal) == [("Contact", Role.CONTACT_PERSON, "Godt mål. Skal vi tale om det?")]


@pytest.mark.parametrize("audiences", [(), (REL,)], ids=["draft", "relative_only"])
def test_the_contact_person_cannot_comment_on_or_read_comments_of_an_item_not_shared_with_them(db, audiences):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    if audiences:
        share(db, w.me, goal, *audiences)
    talk(w, ("me", "Kun til mig selv."), item_id=goal)
    with pytest.raises(AccessDenied):
        comments.add_comment(db, w.contact, w.people.citizen, goal, "Hej")
    with pytest.raises(AccessDenied):
        comments.comments_on(db, w.contact, w.people.citizen, goal)
    db.rollback()
    assert comment_count(db) == 1


def test_a_relative_comments_where_the_citizen_allows_it_on_an_item_shared_with_relatives(db):
    w = world(db, relative_may_comment=True)
    dream = write(db, w.me, ItemKind.DREAM)
    share(db, w.me, dream, REL)
    talk(w, ("relative", "Det vil jeg gerne hjælpe med."), item_id=dream)
    assert thread(w, "me", dream) == [("Relative", Role.RELATIVE, "Det vil jeg gerne hjælpe med.")]


def test_a_relative_the_citizen_did_not_allow_to_comment_may_read_but_not_comment(db):
    w = world(db, relative_may_comment=False)
    dream = write(db, w.me, ItemKind.DREAM)
    share(db, w.me, dream, REL)
    talk(w, ("me", "Tak fordi du læser med.", REL), item_id=dream)
    assert thread(w, "relative", dream) == [("Citizen", Role.CITIZEN, "Tak fordi du læser med.")]
    with pytest.raises(AccessDenied):
        comments.add_comment(db, w.relative, w.people.citizen, dream, "Hej")
    db.rollback()
    assert comment_count(db) == 1


@pytest.mark.parametrize("audiences", [(), (CP,)], ids=["draft", "contact_only"])
def test_a_relative_cannot_comment_on_an_item_not_shared_with_relatives(db, audiences):
    w = world(db, relative_may_comment=True)
    goal = write(db, w.me, ItemKind.GOAL)
    if audiences:
        share(db, w.me, goal, *audiences)
    with pytest.raises(AccessDenied):
        comments.add_comment(db, w.relative, w.people.citizen, goal, "Hej")
    with pytest.raises(AccessDenied):
        comments.comments_on(db, w.relative, w.people.citizen, goal)
    db.rollback()
    assert comment_count(db) == 0


def test_nobody_else_comments_or_reads_comments(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP, REL)
    talk(w, ("me", "Mit mål."), item_id=goal)
    for other in (w.other_contact, w.far_contact, w.manager, w.neighbour):
        with pytest.raises(AccessDenied):
            comments.add_comment(db, other, w.people.citizen, goal, "Hej")
        with pytest.raises(AccessDenied):
            comments.comments_on(db, other, w.people.citizen, goal)
    db.rollback()
    assert comment_count(db) == 1


def test_comments_come_newest_last_with_author_name_role_and_time(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP)
    # written out of order in time: the list follows the time, not the order of writing
    comments.add_comment(db, w.contact, w.people.citizen, goal, "Anden", now=NOW + timedelta(minutes=2))
    comments.add_comment(db, w.me, w.people.citizen, goal, "Første", now=NOW + timedelta(minutes=1))
    comments.add_comment(db, w.me, w.people.citizen, goal, "Tredje", now=NOW + timedelta(minutes=3))
    db.commit()
    seen_by_me = comments.comments_on(db, w.me, w.people.citizen, goal)
    assert [(c.text, c.author_name, c.author_role) for c in seen_by_me] == [
        ("Første", "Citizen", Role.CITIZEN), ("Anden", "Contact", Role.CONTACT_PERSON),
        ("Tredje", "Citizen", Role.CITIZEN)]
    assert [c.created_at.replace(tzinfo=None) for c in seen_by_me] == [
        (NOW + timedelta(minutes=m)).replace(tzinfo=None) for m in (1, 2, 3)]


def test_the_contact_person_and_the_relative_each_see_only_their_own_thread_and_the_citizen_sees_all(db):
    w = world(db, relative_may_comment=True)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP, REL)
    talk(w, ("me", "Til min kontaktperson.", CP), ("contact", "Fra kontaktpersonen."),
         ("me", "Til min søster.", REL), ("relative", "Fra min søster."), ("me", "Kun til mig."), item_id=goal)
    assert [t for _, _, t in thread(w, "me", goal)] == [
        "Til min kontaktperson.", "Fra kontaktpersonen.", "Til min søster.", "Fra min søster.", "Kun til mig."]
    assert [t for _, _, t in thread(w, "contact", goal)] == ["Til min kontaktperson.", "Fra kontaktpersonen."]
    assert [t for _, _, t in thread(w, "relative", goal)] == ["Til min søster.", "Fra min søster."]
    assert [c.audience for c in comments.comments_on(db, w.me, w.people.citizen, goal)] == [CP, CP, REL, REL, None]


def test_a_note_written_while_the_item_was_private_stays_the_citizens_own_when_it_is_shared(db):
    w = world(db, relative_may_comment=True)
    goal = write(db, w.me, ItemKind.GOAL)
    talk(w, ("me", "Jeg er bange for at fejle."), item_id=goal)
    share(db, w.me, goal, CP, REL)
    db.commit()
    assert thread(w, "contact", goal) == [] and thread(w, "relative", goal) == []
    assert [t for _, _, t in thread(w, "me", goal)] == ["Jeg er bange for at fejle."]


def test_a_reply_to_the_contact_person_never_reaches_the_relatives_even_when_shared_with_them_later(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP)
    talk(w, ("contact", "Hvordan gik det?"), ("me", "Jeg drak igen i weekenden.", CP), item_id=goal)
    share(db, w.me, goal, CP, REL)
    db.commit()
    assert thread(w, "relative", goal) == []


@pytest.mark.parametrize("audiences", [(), (REL,)], ids=["draft", "relative_only"])
def test_the_citizen_cannot_write_to_the_contact_person_about_an_item_not_shared_with_them(db, audiences):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    if audiences:
        share(db, w.me, goal, *audiences)
    error = error_of(lambda: comments.add_comment(db, w.me, w.people.citizen, goal, "Hej", to=CP))
    assert error.message == ("Du deler ikke punktet med din kontaktperson nu. Del det først, eller skriv en note "
                             "til dig selv.")
    assert error.field == "comment"
    assert comment_count(db) == 0  # before any rollback: nothing was written


def test_a_reader_always_writes_in_their_own_thread_whatever_they_send(db):
    w = world(db, relative_may_comment=True)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP, REL)
    comments.add_comment(db, w.relative, w.people.citizen, goal, "Hej fra søster", to=CP)
    db.commit()
    assert thread(w, "contact", goal) == []
    assert [t for _, _, t in thread(w, "relative", goal)] == ["Hej fra søster"]


def test_after_stop_sharing_the_contact_person_can_no_longer_read_or_write_comments(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP)
    talk(w, ("contact", "Før."), item_id=goal)
    sharing.stop_sharing(db, w.me, goal)
    db.commit()
    with pytest.raises(AccessDenied):
        comments.comments_on(db, w.contact, w.people.citizen, goal)
    with pytest.raises(AccessDenied):
        comments.add_comment(db, w.contact, w.people.citizen, goal, "Efter.")
    db.rollback()
    assert [t for _, _, t in thread(w, "me", goal)] == ["Før."]  # what was written stays


def test_a_comment_of_up_to_2000_characters_is_kept_and_a_longer_one_refused(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    longest = "å" * 2000
    assert comments.add_comment(db, w.me, w.people.citizen, goal, longest).text == longest
    error = error_of(lambda: comments.add_comment(db, w.me, w.people.citizen, goal, "å" * 2001))
    assert error.message == "Teksten er for lang. Den må højst have {count} tegn."
    assert error.params == {"count": 2000}
    db.commit()
    assert comment_count(db) == 1


@pytest.mark.parametrize("empty", ["", "   ", "\n"])
def test_an_empty_comment_is_refused(db, empty):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    assert error_of(lambda: comments.add_comment(db, w.me, w.people.citizen, goal, empty)).message == (
        "Feltet må ikke være tomt.")


def test_markup_in_a_comment_is_kept_as_the_plain_text_that_was_typed(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP)
    typed = '<script>alert("hej")</script> & <b>fed</b>'
    comments.add_comment(db, w.contact, w.people.citizen, goal, typed)
    db.commit()
    assert thread(w, "me", goal)[0][2] == typed
    assert db.exec(select(Comment.text)).one() == typed


def test_a_comment_on_a_deleted_item_is_refused_for_those_who_saw_it_shared(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP)
    workbook.delete(db, w.me, goal)
    db.commit()
    with pytest.raises(AccessDenied):
        comments.add_comment(db, w.contact, w.people.citizen, goal, "Hej")
    db.rollback()
    assert comment_count(db) == 0


def test_a_citizen_cannot_comment_on_another_citizens_item(db):
    w = world(db)
    theirs = write(db, w.neighbour, ItemKind.GOAL)
    assert error_of(lambda: comments.add_comment(db, w.me, w.people.citizen, theirs, "Jeg var her")).message == GONE
    db.rollback()
    assert comment_count(db) == 0


def test_a_citizen_cannot_read_the_comments_on_another_citizens_item(db):
    w = world(db)
    theirs = write(db, w.neighbour, ItemKind.GOAL)
    share(db, w.neighbour, theirs, CP)
    comments.add_comment(db, w.other_contact, w.people.neighbour, theirs, "Privat til naboen")
    db.commit()
    assert error_of(lambda: comments.comments_on(db, w.me, w.people.citizen, theirs)).message == GONE


def test_the_citizen_commenting_on_their_own_deleted_item_is_told_it_no_longer_exists(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    workbook.delete(db, w.me, goal)
    db.commit()
    assert error_of(lambda: comments.add_comment(db, w.me, w.people.citizen, goal, "Hej")).message == GONE
    db.rollback()
    assert comment_count(db) == 0


def test_the_citizen_commenting_on_an_unknown_item_gets_a_plain_message_not_a_database_error(db):
    w = world(db)
    assert error_of(lambda: comments.add_comment(db, w.me, w.people.citizen, 999_999, "Hej")).message == GONE
