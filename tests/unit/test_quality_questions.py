"""Kvalitetstjek, question by question (seed 002's Vurderingsskema judged strictly from the data): for each of
the nine questions a plan that passes and plans that fail, and line 5 left to the contact person."""

from dataclasses import replace
from typing import Any

import pytest

from citizenplan.domain.quality_check import GoalFacts, PlanFacts, QualityLine, quality_check

GOAL = GoalFacts(item_id=1, has_date=True, has_horizon=True, realism=True, has_success=True, linked=True,
                 purpose_type=True, sub_goals=2, responsible=True, own_view_at_follow_up=True)
WELL_KEPT = PlanFacts(has_handleplan=True, purpose=True, granted=True, scope=True, duration=True,
                      offer_recorded=True, goals=(GOAL, replace(GOAL, item_id=2)), next_follow_up=True)


def lines(plan: PlanFacts = WELL_KEPT) -> dict[int, QualityLine]:
    return {line.number: line for line in quality_check(plan)}


def failing(**changes: Any) -> set[int]:
    result = lines(replace(WELL_KEPT, **changes))
    assert result[5].status == "judge"
    return {n for n, line in result.items() if line.status == "missing"}


def with_goal(**changes: Any) -> tuple[GoalFacts, ...]:
    """The well-kept plan with its second goal changed."""
    return (GOAL, replace(GOAL, item_id=2, **changes))


def test_a_well_kept_plan_passes_all_nine_but_the_one_only_a_person_can_judge():
    result = quality_check(WELL_KEPT)
    assert [line.number for line in result] == list(range(1, 10))
    assert [line.status for line in result] == ["ok"] * 4 + ["judge"] + ["ok"] * 4


def test_an_empty_plan_fails_every_line_the_data_can_answer():
    assert failing(has_handleplan=False, purpose=False, granted=False, scope=False, duration=False,
                   offer_recorded=False, goals=(), next_follow_up=False) == {1, 2, 3, 4, 6, 7, 8, 9}


# 1: a clear purpose, judged at each follow-up
def test_1_fails_without_a_handleplan_or_its_purpose():
    assert 1 in failing(has_handleplan=False)
    assert failing(purpose=False) == {1, 9}


def test_1_fails_when_a_follow_up_did_not_judge_the_purpose_nået_på_vej_or_ikke_nået():
    assert failing(unjudged_follow_ups=1) == {1, 9}
    assert lines(replace(WELL_KEPT, unjudged_follow_ups=2))[1].count == 2


# 2: the goals can be reached in the time given
@pytest.mark.parametrize("goal", [{"has_date": False}, {"has_horizon": False}, {"realism": False},
                                  {"date_passed_unmet": True}],
                         ids=["no_date", "no_horizon", "no_realism_answer", "date_passed_unmet"])
def test_2_fails_when_one_goal_lacks_a_date_a_horizon_a_realism_answer_or_its_date_passed_unmet(goal):
    assert failing(goals=with_goal(**goal)) == {2, 9}


def test_2_fails_under_the_80_percent_rule():
    assert failing(suggest_smaller_goals=True) == {2, 9}


# 3: when the goals are reached
def test_3_fails_when_one_goal_has_no_success_criterion():
    assert failing(goals=with_goal(has_success=False)) == {3, 9}


# 4: the scope of the granted indsats
@pytest.mark.parametrize("changes", [{"granted": False}, {"scope": False}], ids=["no_indsats", "no_scope"])
def test_4_fails_without_the_granted_indsats_or_its_scope(changes):
    assert failing(**changes) == {4, 9}


# 5: room for the provider: only a person can tell
def test_5_is_always_for_the_contact_person_to_judge():
    assert lines()[5].status == "judge"
    assert lines(replace(WELL_KEPT, goals=()))[5].status == "judge"


# 6: the expected duration
def test_6_fails_without_the_expected_duration():
    assert failing(duration=False) == {6, 9}


# 7: purpose, goals and indsats hang together: every goal, not one
@pytest.mark.parametrize("goal", [{"linked": False}, {"purpose_type": False}, {"sub_goals": 0},
                                  {"responsible": False}],
                         ids=["not_linked", "no_purpose_type", "no_delmaal", "no_one_responsible"])
def test_7_fails_when_one_goal_is_not_linked_typed_broken_into_delmaal_or_given_a_responsible(goal):
    assert failing(goals=with_goal(**goal)) == {7, 9}


def test_7_names_how_many_goals_are_not_linked():
    result = lines(replace(WELL_KEPT, goals=(replace(GOAL, linked=False), replace(GOAL, item_id=2, linked=False))))
    assert result[7].advice == "Knyt hvert mål til et mål i kommunens handleplan. {count} mål er ikke knyttet."
    assert result[7].count == 2


# 8: the citizen is involved
@pytest.mark.parametrize("goal", [{"unanswered_sub_goals": 1}, {"unassessed_disagreements": 1},
                                  {"own_view_at_follow_up": False}],
                         ids=["delmaal_unanswered", "disagreement_without_assessment", "no_own_view_at_follow_up"])
def test_8_fails_when_she_has_not_answered_a_delmaal_her_disagreement_is_unanswered_or_her_view_is_missing(goal):
    assert failing(goals=with_goal(**goal)) == {8, 9}


def test_8_passes_before_the_first_follow_up_when_every_delmaal_is_answered():
    assert failing(goals=with_goal(own_view_at_follow_up=None)) == set()


# 9: overall: only when the others pass
@pytest.mark.parametrize("changes", [{"next_follow_up": False}, {"overdue": True}, {"offer_recorded": False}],
                         ids=["no_next_date", "overdue", "offer_not_recorded"])
def test_9_fails_without_a_next_date_when_overdue_or_when_the_offer_is_not_on_record(changes):
    assert failing(**changes) == {9}


def test_9_counts_the_questions_that_miss_something():
    result = lines(replace(WELL_KEPT, duration=False, scope=False))
    assert result[9].status == "missing"
    assert ("{count} af spørgsmålene ovenfor mangler noget.", 2) in result[9].reasons


def test_each_line_gives_every_reason_and_the_first_as_its_advice():
    result = lines(replace(WELL_KEPT, goals=with_goal(has_date=False, realism=False)))
    assert [msgid for msgid, _ in result[2].reasons] == [
        "Aftal en dato med borgeren for hvert mål. {count} mål mangler en dato.",
        "Spørg borgeren: Hvad kan gøre det svært? Hvad kan hjælpe? {count} mål mangler svaret."]
    assert result[2].advice == result[2].reasons[0][0]
