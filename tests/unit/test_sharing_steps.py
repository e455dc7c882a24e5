"""A goal's steps travel with it only when the citizen ticks them (issue 17): the preview of a goal offers
the steps its readers would not see, and "Del" shares the ticked ones as they were shown, with the goal's
readers, in one go. SQLite and PostgreSQL."""

from sqlmodel import Session

from citizenplan.domain import sharing, workbook
from citizenplan.domain.workbook import ItemKind
from tests.support.sharing_world import CP, REL, error_of, plan_ids, share, version_of, world, write

CHANGED = "Teksten er lige blevet ændret. Se den igen, før du deler."
GONE = "Det findes ikke længere."


def goal_with_steps(db: Session, me, *texts: str) -> tuple[int, list[int]]:
    goal = write(db, me, ItemKind.GOAL, {"title": "Tage bussen alene"})
    return goal, [write(db, me, ItemKind.STEP, {"text": text}, parent_id=goal) for text in texts]


def offered(db: Session, me, goal: int, *audiences) -> list[str]:
    return [o.content["text"] for o in sharing.steps_to_offer(db, me, goal, set(audiences))]


def test_the_preview_of_a_goal_offers_each_step_its_readers_would_not_see_in_the_citizens_order(db):
    w = world(db)
    goal, (first, second, third) = goal_with_steps(db, w.me, "Finde køreplanen", "Øve turen med Maria", "Købe kort")
    share(db, w.me, second, CP)  # the contact person sees this one already
    share(db, w.me, third, CP, REL)
    other_goal, _ = goal_with_steps(db, w.me, "Et skridt til et andet mål")
    workbook.delete(db, w.me, write(db, w.me, ItemKind.STEP, {"text": "Slettet"}, parent_id=goal))

    assert offered(db, w.me, goal, CP) == ["Finde køreplanen"]
    assert offered(db, w.me, goal, REL) == ["Finde køreplanen", "Øve turen med Maria"]
    assert offered(db, w.me, goal, CP, REL) == ["Finde køreplanen", "Øve turen med Maria"]
    assert offered(db, w.me, goal) == [], "a goal going to nobody takes no step along"
    assert offered(db, w.me, first, CP) == [], "only a goal has steps"
    offer = sharing.steps_to_offer(db, w.me, goal, {CP})[0]
    assert (offer.item_id, offer.version) == (first, version_of(db, w.me, first))


def test_del_shares_the_ticked_steps_with_the_goals_readers_and_leaves_the_others_private(db):
    w = world(db)
    goal, (first, second) = goal_with_steps(db, w.me, "Finde køreplanen", "Øve turen med Maria")
    sharing.share(db, w.me, goal, {CP}, version_of(db, w.me, goal), steps={first: version_of(db, w.me, first)})
    db.commit()
    assert plan_ids(db, w.contact, w.people.citizen) == [goal, first]  # the goal with its first step
    assert plan_ids(db, w.relative, w.people.citizen) == []
    assert sharing.state_of(db, w.me, second).audiences == frozenset(), "an unticked step stays private"


def test_a_ticked_step_keeps_everyone_who_already_saw_it(db):
    w = world(db)
    goal, (step,) = goal_with_steps(db, w.me, "Finde køreplanen")
    share(db, w.me, step, REL)
    sharing.share(db, w.me, goal, {CP}, version_of(db, w.me, goal), steps={step: version_of(db, w.me, step)})
    db.commit()
    assert sharing.state_of(db, w.me, step).audiences == {CP, REL}
    assert plan_ids(db, w.relative, w.people.citizen) == [step]


def test_a_step_changed_since_the_preview_refuses_the_whole_del_and_nothing_is_shared(db):
    w = world(db)
    goal, (step,) = goal_with_steps(db, w.me, "Finde køreplanen")
    shown = version_of(db, w.me, step)
    workbook.save(db, w.me, step, {"text": "Finde køreplanen på nettet"}, shown)
    db.commit()
    refused = error_of(lambda: sharing.share(db, w.me, goal, {CP}, version_of(db, w.me, goal), steps={step: shown}))
    assert refused.message == CHANGED
    assert sharing.state_of(db, w.me, goal).audiences == frozenset()
    assert sharing.state_of(db, w.me, step).audiences == frozenset()


def test_a_step_of_another_goal_cannot_be_sent_along(db):
    w = world(db)
    goal, _ = goal_with_steps(db, w.me, "Finde køreplanen")
    _, (stranger,) = goal_with_steps(db, w.me, "Et skridt til et andet mål")
    not_a_step = write(db, w.me, ItemKind.DREAM, {"text": "Bo ved havet"})
    for item in (stranger, not_a_step):
        refused = error_of(lambda i=item: sharing.share(db, w.me, goal, {CP}, version_of(db, w.me, goal),
                                                        steps={i: version_of(db, w.me, i)}))
        assert refused.message == GONE
        assert sharing.state_of(db, w.me, item).audiences == frozenset()
    assert sharing.state_of(db, w.me, goal).audiences == frozenset()


def test_making_a_goal_private_takes_no_step_along_and_takes_none_away(db):
    w = world(db)
    goal, (shared_step, private_step) = goal_with_steps(db, w.me, "Finde køreplanen", "Øve turen")
    share(db, w.me, goal, CP)
    share(db, w.me, shared_step, CP)
    sharing.share(db, w.me, goal, set(), version_of(db, w.me, goal),
                  steps={private_step: version_of(db, w.me, private_step)})
    db.commit()
    assert sharing.state_of(db, w.me, private_step).audiences == frozenset()
    assert sharing.state_of(db, w.me, shared_step).audiences == {CP}
