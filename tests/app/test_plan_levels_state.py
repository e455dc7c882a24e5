"""The two levels on the screens, without a browser (issue 19): Maria records Anna's handleplan from the
municipality's plan and builds the indsatsplan beside Anna's goals; Anna answers a delmål on her goal's
page. Bad input gets a Danish message at the place it is about, and nothing stored changes.

Data: the demo (citizenplan.demo_plans): Anna's handleplan has two goals; her first two goals are linked
to them; the second goal's delmål is one she disagreed with and Maria assessed.
"""

from datetime import timedelta

import pytest

from citizenplan.clock import danish_today
from citizenplan.state.follow_up import FollowUpState
from citizenplan.state.item import ItemState
from tests.support.follow_up_states import (
    ANNA_GOALS,
    _follow_up_page,
    _frame_form,
    _goal_id,
    _stored_frame,
)
from tests.support.states import state_of, token_for

pytestmark = pytest.mark.anyio
DEMO_PLANS = True  # tests/app/conftest.py: the demo plans beside the people


def _goal(page: FollowUpState, title: str) -> dict:
    return next(g for g in page.goals if g.title == title)


def _monday(page: FollowUpState) -> dict:
    return next(s for s in _goal(page, ANNA_GOALS[2]).sub_goals if s.what == "Maria går med Anna om mandagen")


def _handleplan_form(page: FollowUpState, **changes: str) -> dict[str, str]:
    goals = {f"mgoal-{g.key}": g.text for g in page.municipal_goals}
    return _frame_form(page, **goals) | changes


async def _refresh_item(page: ItemState) -> None:
    await page._refresh(await page._actor())


# ------------------------------------------------------------------ what the contact person sees


async def test_the_contact_person_sees_the_handleplan_as_the_municipalitys_and_the_indsatsplan_beside_her_goals(
        demo_people):
    page = await _follow_up_page("maria", "anna")
    assert page.frame.case_worker == "Lene Holm" and page.frame.municipality == "Aabenraa Kommune"
    assert page.frame.offer == "accepted" and page.frame.made_on and page.frame.offer_on
    assert [g.text for g in page.municipal_goals] == ["Anna klarer flere af hverdagens opgaver selv.",
                                                         "Anna har jævnlig kontakt med sin familie."]
    shopping = _goal(page, ANNA_GOALS[0])
    assert shopping.link == "1" and shopping.link_text == "Anna klarer flere af hverdagens opgaver selv."
    assert shopping.priority == "nr. 1 af 3" and shopping.horizon == "Kort sigt"
    assert shopping.responsible == "Anna og Maria (bostøtten)" and shopping.who == "physical"
    assert shopping.obstacles and shopping.supports
    (first,) = shopping.sub_goals
    assert first.responsible == "Maria (bostøtten)" and first.answer == "agrees"
    (reminder,) = _goal(page, ANNA_GOALS[1]).sub_goals
    assert reminder.answer == "disagrees" and reminder.words == "Jeg kan selv huske det."
    assert len(reminder.assessments) == 1 and not reminder.needs_assessment
    assert [a.name for a in page.actors] == ["Egen læge"]
    assert next(n for n in page.needs if n.area == "daily_life").text.startswith("Anna har brug for")


# ------------------------------------------------------------------ bad input


async def test_a_handleplan_dated_in_the_future_is_refused_in_danish_and_no_version_is_saved(demo_people):
    page = await _follow_up_page("maria", "anna")
    tomorrow = (danish_today() + timedelta(days=1)).isoformat()
    await FollowUpState.save_frame.fn(page, _handleplan_form(page, made_on=tomorrow, purpose="Nyt formål"))
    assert page.frame_error.startswith("Handleplanens dato kan ikke ligge i fremtiden.")
    assert page.notice == "" and _stored_frame("anna").version == 1


async def test_a_goal_linked_to_a_handleplan_goal_removed_in_a_later_version_is_flagged_and_relinked(demo_people):
    page = await _follow_up_page("maria", "anna")
    await FollowUpState.save_frame.fn(page, _handleplan_form(page, **{"mgoal-2": ""}))  # the municipality dropped goal 2
    assert page.frame_error == "" and page.notice == "Kommunens handleplan er gemt."
    assert [g.key for g in page.municipal_goals] == ["1"] and page.removed_links == 1
    sister = _goal(page, ANNA_GOALS[1])
    assert sister.link_removed and sister.link == ""

    await FollowUpState.assess.fn(page, {"item_id": sister.id, "responsible": "Anna alene",
                                   "purpose_type": "maintaining"})
    assert page.goal_error.startswith("Det mål står ikke længere i kommunens handleplan.")
    assert page.goal_error_at == sister.id and _goal(page, ANNA_GOALS[1]).responsible == "Anna"

    await FollowUpState.assess.fn(page, {"item_id": sister.id, "municipal_goal_key": "1", "responsible": "Anna alene",
                                   "purpose_type": "maintaining"})
    assert page.goal_error == "" and page.removed_links == 0
    assert _goal(page, ANNA_GOALS[1]).responsible == "Anna alene"


async def test_a_delmål_without_anyone_responsible_is_refused_at_its_goal_and_nothing_is_added(demo_people):
    page = await _follow_up_page("maria", "anna")
    walk = _goal_id(page, ANNA_GOALS[2])
    key, before = page.sub_form_key, list(_goal(page, ANNA_GOALS[2]).sub_goals)
    await FollowUpState.propose_sub_goal.fn(page, {"item_id": walk, "what": "Gå en tur med Anna", "responsible": " "})
    assert page.goal_error.startswith("Skriv, hvem der er ansvarlig for delmålet.")
    assert page.goal_error_at == f"new-{walk}" and page.sub_form_key == key  # the form keeps what was typed
    assert _goal(page, ANNA_GOALS[2]).sub_goals == before


# ------------------------------------------------------------------ the citizen answers, the contact person assesses


async def test_the_citizen_disagrees_with_a_delmål_and_the_contact_person_writes_the_dated_assessment(demo_people):
    page = await _follow_up_page("maria", "anna")
    walk = _goal_id(page, ANNA_GOALS[2])
    await FollowUpState.propose_sub_goal.fn(page, {"item_id": walk, "what": "Maria går med Anna om mandagen",
                                             "responsible": "Maria", "how_often": "hver mandag"})
    assert page.goal_error == "" and page.notice.startswith("Delmålet er gemt.")
    sub = _monday(page)  # the demo's walk has a delmål already
    assert sub.answer == ""

    anna = state_of(ItemState, cookie_token=token_for("anna"))
    anna.item_id = int(walk)
    await _refresh_item(anna)
    assert [s.what for s in anna.sub_goals][-1] == "Maria går med Anna om mandagen"
    await ItemState.answer_sub_goal.fn(anna, {"sub_goal_id": sub.id, "answer": "disagrees", "words": "Jeg vil gå alene."})
    assert anna.answer_error == "" and anna.notice == "Tak. Dit svar er gemt."
    assert anna.sub_goals[-1].answer == "disagrees" and anna.sub_goals[-1].words == "Jeg vil gå alene."

    await FollowUpState.load.fn(page)
    sub = _monday(page)
    assert sub.needs_assessment and sub.words == "Jeg vil gå alene."
    await FollowUpState.assess_sub_goal.fn(page, {"sub_goal_id": sub.id, "assessment": "Hun er utryg alene.",
                                            "assessed_on": page.today})
    sub = _monday(page)
    assert not sub.needs_assessment and sub.words == "Jeg vil gå alene."
    assert [a.text for a in sub.assessments] == ["Hun er utryg alene."]

    await _refresh_item(anna)  # she sees both: her words and the assessment
    assert anna.sub_goals[-1].words == "Jeg vil gå alene."
    assert [a.text for a in anna.sub_goals[-1].assessments] == ["Hun er utryg alene."]


async def test_an_answer_without_a_choice_is_refused_at_that_delmål_and_her_words_are_kept(demo_people):
    page = await _follow_up_page("maria", "anna")
    (sub,) = _goal(page, ANNA_GOALS[0]).sub_goals
    anna = state_of(ItemState, cookie_token=token_for("anna"))
    anna.item_id = int(_goal_id(page, ANNA_GOALS[0]))
    await _refresh_item(anna)
    await ItemState.answer_sub_goal.fn(anna, {"sub_goal_id": sub.id, "words": "Måske"})
    assert anna.answer_error == "Vælg et af svarene." and anna.answer_error_at == sub.id
    assert anna.sub_goals[0].answer == "agrees"  # the stored answer stands


async def test_the_citizen_sets_her_goals_horizon_on_its_page(demo_people):
    page = await _follow_up_page("maria", "anna")
    anna = state_of(ItemState, cookie_token=token_for("anna"))
    anna.item_id = int(_goal_id(page, ANNA_GOALS[2]))
    await _refresh_item(anna)
    assert anna.horizon == "short"  # the demo's walk: Anna set it when she gave it a date
    await ItemState.set_horizon.fn(anna, "long")
    assert anna.horizon == "long" and anna.error == ""
    await ItemState.set_horizon.fn(anna, "forever")
    assert anna.error == "Tryk på en knap." and anna.horizon == "long"


async def test_other_actors_and_unmet_needs_are_saved_from_the_screen(demo_people):
    page = await _follow_up_page("maria", "anna")
    await FollowUpState.add_actor.fn(page, {"actor_name": "", "actor_role": "Mentor"})
    assert page.around_error.startswith("Skriv navnet på aktøren")
    await FollowUpState.add_actor.fn(page, {"actor_name": "Jobcentret", "actor_role": "Mentor", "actor_does": "Praktik"})
    assert page.around_error == "" and [a.name for a in page.actors] == ["Egen læge", "Jobcentret"]
    await FollowUpState.save_needs.fn(page, {"need-housing": "Huslejen er for høj."})
    assert next(n for n in page.needs if n.area == "housing").text == "Huslejen er for høj."
    assert next(n for n in page.needs if n.area == "daily_life").text == ""  # emptied in the form: none now


async def test_a_handleplan_form_without_a_goals_box_keeps_that_goal_and_an_emptied_box_removes_it(demo_people):
    page = await _follow_up_page("maria", "anna")
    await FollowUpState.save_frame.fn(page, _frame_form(page, purpose="Nyt formål", **{"mgoal-new-0": "Et tredje mål"}))
    assert page.frame_error == "" and [g.key for g in page.municipal_goals] == ["1", "2", "3"]
    await FollowUpState.save_frame.fn(page, _handleplan_form(page, **{"mgoal-1": "  "}))
    assert [g.text for g in page.municipal_goals] == ["Anna har jævnlig kontakt med sin familie.", "Et tredje mål"]


async def test_the_citizen_sees_the_municipalitys_plan_as_theirs_and_is_told_of_a_delmål_to_answer(demo_people):
    from citizenplan.state.workbook import WorkbookState
    anna = state_of(WorkbookState, cookie_token=token_for("anna"))
    await WorkbookState.load.fn(anna)
    assert anna.has_handleplan and anna.handleplan.made_by == "Lene Holm, Aabenraa Kommune"
    assert anna.handleplan.recorded_by == "Maria Holm" and len(anna.handleplan.goals) == 2
    assert anna.agreements_waiting == 0  # she answered both
    bo = state_of(WorkbookState, cookie_token=token_for("bo"))
    await WorkbookState.load.fn(bo)
    assert bo.agreements_waiting == 1 and bo.handleplan.goals == ["Bo får en egen bolig."]
