"""A contact person may propose other words for a goal shared with them; the citizen sees the proposal
beside their own words and accepts it (a new version in their own name, marked as accepted) or declines
it. Nobody else proposes. SQLite and PostgreSQL."""

import pytest
from sqlmodel import Session, func, select

from citizenplan.domain import proposals, sharing, workbook
from citizenplan.domain.errors import AccessDenied
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import ItemVersion, RewordingProposal
from tests.support.refusals import denied
from tests.support.sharing_world import APPROVED, CP, REL, World, edit, error_of, seen, share, world, write

PROPOSED = "Gå en tur på 20 minutter hver morgen"


def shared_goal(w: World, *audiences) -> int:
    goal = write(w.db, w.me, ItemKind.GOAL)
    share(w.db, w.me, goal, *(audiences or (CP,)))
    return goal


def propose(w: World, goal: int, field: str = "title", text: str = PROPOSED) -> proposals.ProposalView:
    view = proposals.propose(w.db, w.contact, w.people.citizen, goal, field, text)
    w.db.commit()
    return view


def answer(w: World, proposal_id: int, accept: bool) -> None:
    proposals.answer(w.db, w.me, proposal_id, accept)
    w.db.commit()


def proposal_count(db: Session) -> int:
    return db.exec(select(func.count()).select_from(RewordingProposal)).one()


def version_count(db: Session) -> int:
    return db.exec(select(func.count()).select_from(ItemVersion)).one()


def test_the_contact_person_proposes_new_words_for_a_shared_goal_and_the_citizen_sees_them(db):
    w = world(db)
    goal = shared_goal(w)
    made = propose(w, goal)
    assert (made.item_id, made.field, made.text, made.author_name) == (goal, "title", PROPOSED, "Contact")
    waiting = proposals.open_proposals(db, w.me)
    assert [(p.proposal_id, p.item_id, p.field, p.text, p.author_name) for p in waiting] == [
        (made.proposal_id, goal, "title", PROPOSED, "Contact")]
    # beside the citizen's own words, which are untouched
    assert workbook.content_of(db, w.me, goal)["title"] == APPROVED


def test_accepting_writes_a_new_version_in_the_citizens_name_and_readers_now_see_the_accepted_words(db):
    w = world(db)
    goal = shared_goal(w, CP, REL)
    made = propose(w, goal)
    answer(w, made.proposal_id, accept=True)

    newest = workbook.history(db, w.me, goal)[0]
    assert (newest.number, newest.content["title"], newest.via, newest.author_name, newest.author_is_citizen) == (
        2, PROPOSED, "proposal", "Citizen", True)
    assert db.exec(select(ItemVersion.author_id).where(ItemVersion.item_id == goal, ItemVersion.number == 2)
                   ).one() == w.people.citizen
    assert newest.content["why"] == "Så jeg får luft."  # the rest of the citizen's words are kept
    for reader in (w.contact, w.relative):
        assert seen(db, reader, w.people.citizen, goal)["title"] == PROPOSED
    assert sharing.state_of(db, w.me, goal).has_unshared_changes is False
    assert proposals.open_proposals(db, w.me) == []
    row = db.get(RewordingProposal, made.proposal_id)
    assert (row.accepted, row.answered_at is not None) == (True, True)


def test_accepting_while_the_citizen_has_unshared_changes_shares_nothing_until_they_approve(db):
    w = world(db)
    goal = shared_goal(w)
    made = propose(w, goal)
    edit(db, w.me, goal, {"why": "UDKAST som ikke er delt"})
    answer(w, made.proposal_id, accept=True)

    assert workbook.content_of(db, w.me, goal)["title"] == PROPOSED
    shown = seen(db, w.contact, w.people.citizen, goal)
    assert (shown["title"], shown["why"]) == (APPROVED, "Så jeg får luft.")
    assert sharing.state_of(db, w.me, goal).has_unshared_changes is True


def test_declining_changes_nothing(db):
    w = world(db)
    goal = shared_goal(w)
    made = propose(w, goal)
    versions_before = version_count(db)
    answer(w, made.proposal_id, accept=False)

    assert version_count(db) == versions_before
    assert workbook.content_of(db, w.me, goal)["title"] == APPROVED
    assert seen(db, w.contact, w.people.citizen, goal)["title"] == APPROVED
    assert proposals.open_proposals(db, w.me) == []
    assert db.get(RewordingProposal, made.proposal_id).accepted is False


@pytest.mark.parametrize("first,second", [(True, True), (True, False), (False, True), (False, False)])
def test_a_proposal_is_answered_once(db, first, second):
    w = world(db)
    goal = shared_goal(w)
    made = propose(w, goal)
    answer(w, made.proposal_id, accept=first)
    versions_before = version_count(db)
    error = error_of(lambda: proposals.answer(db, w.me, made.proposal_id, accept=second))
    assert error.message == "Du har allerede svaret på forslaget."
    db.rollback()
    assert version_count(db) == versions_before
    assert db.get(RewordingProposal, made.proposal_id).accepted is first


@pytest.mark.parametrize("audiences", [(), (REL,)], ids=["draft", "relative_only"])
def test_no_proposal_on_a_goal_not_shared_with_the_contact_person(db, audiences):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    if audiences:
        share(db, w.me, goal, *audiences)
    with pytest.raises(AccessDenied):
        proposals.propose(db, w.contact, w.people.citizen, goal, "title", PROPOSED)
    db.rollback()
    assert proposal_count(db) == 0


def test_no_proposal_once_sharing_has_stopped(db):
    w = world(db)
    goal = shared_goal(w)
    sharing.stop_sharing(db, w.me, goal)
    db.commit()
    with pytest.raises(AccessDenied):
        proposals.propose(db, w.contact, w.people.citizen, goal, "title", PROPOSED)
    db.rollback()
    assert proposal_count(db) == 0


def test_no_proposal_from_a_contact_person_not_assigned_to_the_citizen_a_relative_or_a_manager(db):
    w = world(db)
    goal = shared_goal(w, CP, REL)
    for other in (w.other_contact, w.far_contact, w.relative, w.manager, w.neighbour, w.me):
        with pytest.raises(AccessDenied):
            proposals.propose(db, other, w.people.citizen, goal, "title", PROPOSED)
    db.rollback()
    assert proposal_count(db) == 0


def test_a_relative_never_proposes_even_on_an_item_shared_with_relatives_where_they_may_comment(db):
    w = world(db, relative_may_comment=True)
    goal = shared_goal(w, REL)
    with pytest.raises(AccessDenied):
        proposals.propose(db, w.relative, w.people.citizen, goal, "title", PROPOSED)
    db.rollback()
    assert proposal_count(db) == 0


def test_only_a_goals_title_why_and_success_may_be_reworded(db):
    w = world(db)
    step = write(db, w.me, ItemKind.STEP)
    share(db, w.me, step, CP)
    goal = shared_goal(w)
    refused = "Man kan kun foreslå andre ord for et mål."
    assert error_of(lambda: proposals.propose(db, w.contact, w.people.citizen, step, "text", PROPOSED)).message == refused
    for field in ("status", "life_area", "who_dimension", "target_date"):
        assert error_of(lambda f=field: proposals.propose(db, w.contact, w.people.citizen, goal, f, "x")
                        ).message == refused
    for field in ("why", "success"):
        assert propose(w, goal, field, "Andre ord").field == field


def test_a_proposal_is_plain_text_of_at_most_2000_characters(db):
    w = world(db)
    goal = shared_goal(w)
    typed = '<script>alert("hej")</script> & <b>fed</b>'
    assert propose(w, goal, text=typed).text == typed
    assert error_of(lambda: proposals.propose(db, w.contact, w.people.citizen, goal, "title", "a" * 2001)
                    ).params == {"count": 2000}
    assert error_of(lambda: proposals.propose(db, w.contact, w.people.citizen, goal, "title", "  ")).message == (
        "Feltet må ikke være tomt.")


def test_only_the_citizen_sees_and_answers_the_proposals_on_their_goals(db):
    w = world(db)
    goal = shared_goal(w)
    made = propose(w, goal)
    assert proposals.open_proposals(db, w.neighbour) == []
    for other in (w.neighbour, w.contact, w.relative, w.manager):
        with pytest.raises(AccessDenied):
            proposals.answer(db, other, made.proposal_id, accept=True)
    for other in (w.contact, w.relative, w.manager):
        with pytest.raises(AccessDenied):
            proposals.open_proposals(db, other)
    db.rollback()
    assert db.get(RewordingProposal, made.proposal_id).answered_at is None
    assert workbook.content_of(db, w.me, goal)["title"] == APPROVED


def test_answering_a_proposal_that_does_not_exist_is_refused_not_a_crash(db):
    w = world(db)
    denied(lambda: proposals.answer(db, w.me, 999_999, accept=True))


def test_accepting_a_proposal_on_a_goal_deleted_since_says_it_no_longer_exists(db):
    w = world(db)
    goal = shared_goal(w)
    made = propose(w, goal)
    workbook.delete(db, w.me, goal)
    db.commit()
    assert error_of(lambda: proposals.answer(db, w.me, made.proposal_id, accept=True)).message == (
        "Det findes ikke længere.")
