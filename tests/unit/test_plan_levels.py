"""The two levels of the plan (seed 000, "Struktur for handleplankonceptet"): the municipality's handleplan
(§ 141) as the contact person records it, and the provider's indsatsplan made with the citizen. The
citizen's goals stay in her words; delmål say who does what; her disagreement and the dated professional
assessment both stay. SQLite and PostgreSQL.
"""

from datetime import date, timedelta

import pytest

from citizenplan.domain import follow_up, municipal_plan, provider_plan
from citizenplan.domain.errors import AccessDenied
from citizenplan.domain.follow_up import GoalPlanInput
from citizenplan.domain.provider_plan import ActorInput
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import SubGoalAnswer, SubGoalAssessment
from tests.support.follow_up_case import (
    NOW,
    TODAY,
    count,
    goal_content,
    make_case,
    refusal,
    share_goal,
    share_item,
)
from tests.support.plan_levels import ERIK, goals, handleplan, propose

# ---------------------------------------------------------------- the handleplan


def test_the_handleplan_is_recorded_as_the_municipalitys_with_case_worker_date_and_offer(db):
    c = make_case(db)
    handleplan(c, intervention_scope="2 timer om ugen", suggestions="Start med bolig.",
               goals=goals("Erik ønsker et tættere forhold til sine børn", "Egen bolig"))
    plan = municipal_plan.municipal_plan(db, c.contact, c.citizen)
    assert (plan.frame.case_worker, plan.frame.municipality, plan.frame.made_on) == (
        "Lene Holm", "Aabenraa Kommune", date(2026, 4, 20))
    assert (plan.frame.offer, plan.frame.offer_on) == ("accepted", date(2026, 4, 20))
    assert (plan.frame.intervention_scope, plan.frame.suggestions) == ("2 timer om ugen", "Start med bolig.")
    assert [(g.key, g.text) for g in plan.goals] == [(1, "Erik ønsker et tættere forhold til sine børn"),
                                                    (2, "Egen bolig")]
    assert municipal_plan.municipal_plan(db, c.me, c.citizen).frame.id == plan.frame.id  # the citizen sees it


def test_a_handleplan_dated_in_the_future_is_refused_and_no_version_is_saved(db):
    c = make_case(db)
    error = refusal(lambda: handleplan(c, made_on=(TODAY + timedelta(days=1)).isoformat()))
    assert error.field == "made_on" and "fremtiden" in error.message
    db.rollback()
    assert municipal_plan.municipal_plan(db, c.contact, c.citizen) is None


def test_an_offer_dated_in_the_future_or_an_unknown_offer_is_refused(db):
    c = make_case(db)
    assert refusal(lambda: handleplan(c, offer_on=(TODAY + timedelta(days=3)).isoformat())).field == "offer_on"
    db.rollback()
    assert refusal(lambda: handleplan(c, offer="maaske")).field == "offer"


def test_a_handleplan_goal_keeps_its_key_in_a_new_version_and_a_removed_key_is_never_reused(db):
    c = make_case(db)
    handleplan(c, goals=goals("Børnene", "Bolig"))
    handleplan(c, goals=goals("Et tættere forhold til børnene", keys=(1,)))  # 1 reworded, 2 removed
    handleplan(c, goals=goals("Et tættere forhold til børnene", "Arbejde", keys=(1, None)))
    history = municipal_plan.municipal_plan_history(db, c.contact, c.citizen)
    assert [[(g.key, g.text) for g in v.goals] for v in history] == [
        [(1, "Et tættere forhold til børnene"), (3, "Arbejde")],
        [(1, "Et tættere forhold til børnene")],
        [(1, "Børnene"), (2, "Bolig")],
    ]


def test_a_handleplan_saved_without_goals_given_keeps_its_goals(db):
    c = make_case(db)
    handleplan(c, goals=goals("Børnene"))
    handleplan(c, purpose="Nyt formål")
    assert [g.text for g in municipal_plan.municipal_plan(db, c.contact, c.citizen).goals] == ["Børnene"]


def test_only_the_citizens_own_contact_person_records_the_handleplan(db):
    c = make_case(db)
    with pytest.raises(AccessDenied):
        handleplan(c, who=c.other_contact)
    db.rollback()
    with pytest.raises(AccessDenied):
        municipal_plan.municipal_plan(db, c.relative, c.citizen)


# ---------------------------------------------------------------- the indsatsplan beside a goal


def test_a_citizen_goal_is_linked_to_a_handleplan_goal_with_responsibility_who_and_realism(db):
    c = make_case(db)
    handleplan(c, goals=goals("Børnene"))
    goal = share_goal(c, "Se mine børn hver anden uge", life_area="family")
    follow_up.assess_goal(db, c.contact, c.citizen, goal, "developing", False, "", now=NOW, plan=GoalPlanInput(
        municipal_goal_key=1, responsible="Erik og bostøtten", who_dimension="psychological",
        obstacles="Når mor aflyser", supports="En fast dag"))
    plan = provider_plan.provider_plan(db, c.contact, c.citizen)
    row = plan.links[goal]
    assert (plan.link_of(goal), row.responsible, row.obstacles, row.supports) == (
        1, "Erik og bostøtten", "Når mor aflyser", "En fast dag")
    assert row.linked_to_purpose and not plan.link_removed(goal)
    assert plan.who_dimension(goal, {"life_area": "family", "who_dimension": "social"}) == "psychological"


def test_the_who_dimension_defaults_from_the_life_area_until_the_contact_person_changes_it(db):
    assert provider_plan.effective_who_dimension({"life_area": "family"}, None) == "social"
    assert provider_plan.effective_who_dimension({"who_dimension": "physical", "life_area": "family"}, None) == "physical"
    assert provider_plan.effective_who_dimension({}, None) == ""


def test_saving_one_field_of_the_indsatsplan_keeps_the_others(db):
    c = make_case(db)
    handleplan(c, goals=goals("Børnene"))
    goal = share_goal(c, "Se mine børn")
    follow_up.assess_goal(db, c.contact, c.citizen, goal, "", False, "", now=NOW,
                          plan=GoalPlanInput(municipal_goal_key=1, responsible="Bostøtten"))
    follow_up.assess_goal(db, c.contact, c.citizen, goal, "", False, "", now=NOW + timedelta(minutes=1),
                          plan=GoalPlanInput(obstacles="Travlhed"))
    row = provider_plan.provider_plan(db, c.contact, c.citizen).links[goal]
    assert (row.municipal_goal_key, row.responsible, row.obstacles) == (1, "Bostøtten", "Travlhed")


def test_a_goal_linked_to_a_handleplan_goal_removed_in_a_later_version_is_flagged_and_must_be_relinked(db):
    c = make_case(db)
    handleplan(c, goals=goals("Børnene", "Bolig"))
    goal = share_goal(c, "Egen lejlighed")
    follow_up.assess_goal(db, c.contact, c.citizen, goal, "", False, "", now=NOW,
                          plan=GoalPlanInput(municipal_goal_key=2))
    handleplan(c, goals=goals("Børnene", keys=(1,)))  # the municipality dropped "Bolig"
    assert provider_plan.provider_plan(db, c.contact, c.citizen).link_removed(goal)
    error = refusal(lambda: follow_up.assess_goal(db, c.contact, c.citizen, goal, "", False, "", now=NOW,
                                                  plan=GoalPlanInput(responsible="Bostøtten")))
    assert error.field == "municipal_goal_key" and "ikke længere" in error.message
    db.rollback()
    error = refusal(lambda: follow_up.assess_goal(db, c.contact, c.citizen, goal, "", False, "", now=NOW,
                                                  plan=GoalPlanInput(municipal_goal_key=2)))
    assert error.field == "municipal_goal_key"
    db.rollback()
    follow_up.assess_goal(db, c.contact, c.citizen, goal, "", False, "", now=NOW, plan=GoalPlanInput(municipal_goal_key=1))
    assert not provider_plan.provider_plan(db, c.contact, c.citizen).link_removed(goal)


# ---------------------------------------------------------------- delmål


def test_a_delmål_says_who_does_what_and_how_often_under_the_citizens_goal(db):
    c = make_case(db)
    goal = share_goal(c, "Se mine børn")
    sub = propose(c, goal)
    (view,) = provider_plan.provider_plan(db, c.me, c.citizen).sub_goals[goal]
    assert (view.sub_goal.what, view.sub_goal.responsible, view.sub_goal.how_often) == (ERIK, "Bostøtten",
                                                                                       "hver 14. dag")
    assert view.sub_goal.id == sub.id and view.answer is None and not view.needs_assessment


def test_a_delmål_without_anyone_responsible_is_refused_and_nothing_is_saved(db):
    c = make_case(db)
    goal = share_goal(c, "Se mine børn")
    error = refusal(lambda: propose(c, goal, responsible="  "))
    assert error.field == "responsible" and "ansvarlig" in error.message
    db.rollback()
    assert provider_plan.provider_plan(db, c.contact, c.citizen).sub_goals == {}


def test_the_citizen_accepts_a_delmål_in_her_own_words(db):
    c = make_case(db)
    sub = propose(c, share_goal(c, "Se mine børn"))
    provider_plan.answer_sub_goal(db, c.me, sub.id, "agrees", "Ja, om lørdagen", now=NOW)
    (view,) = next(iter(provider_plan.provider_plan(db, c.contact, c.citizen).sub_goals.values()))
    assert (view.answer.answer, view.answer.words) == ("agrees", "Ja, om lørdagen") and not view.needs_assessment


def test_when_the_citizen_disagrees_the_dated_assessment_is_asked_for_and_both_stay(db):
    c = make_case(db)
    sub = propose(c, share_goal(c, "Se mine børn"))
    provider_plan.answer_sub_goal(db, c.me, sub.id, "disagrees", "Hver 14. dag er for tit", now=NOW)
    (view,) = next(iter(provider_plan.provider_plan(db, c.contact, c.citizen).sub_goals.values()))
    assert view.disagrees and view.needs_assessment
    provider_plan.assess_sub_goal(db, c.contact, c.citizen, sub.id, "Fast rytme hjælper samværet.",
                                  assessed_on="2026-05-03", now=NOW)
    (view,) = next(iter(provider_plan.provider_plan(db, c.me, c.citizen).sub_goals.values()))
    assert view.answer.words == "Hver 14. dag er for tit" and not view.needs_assessment
    assert [(a.text, a.assessed_on) for a in view.assessments] == [("Fast rytme hjælper samværet.", date(2026, 5, 3))]


def test_an_assessment_is_only_for_a_disagreement_and_never_dated_in_the_future(db):
    c = make_case(db)
    sub = propose(c, share_goal(c, "Se mine børn"))
    assert "ikke uenig" in refusal(lambda: provider_plan.assess_sub_goal(
        db, c.contact, c.citizen, sub.id, "Vurdering", now=NOW)).message
    provider_plan.answer_sub_goal(db, c.me, sub.id, "disagrees", "", now=NOW)
    assert refusal(lambda: provider_plan.assess_sub_goal(
        db, c.contact, c.citizen, sub.id, "Vurdering", assessed_on="2026-05-05", now=NOW)).field == "assessed_on"
    assert refusal(lambda: provider_plan.assess_sub_goal(
        db, c.contact, c.citizen, sub.id, " ", now=NOW)).field == "assessment"


def test_answers_and_assessments_are_appended_never_overwritten(db):
    c = make_case(db)
    sub = propose(c, share_goal(c, "Se mine børn"))
    provider_plan.answer_sub_goal(db, c.me, sub.id, "disagrees", "For tit", now=NOW)
    provider_plan.assess_sub_goal(db, c.contact, c.citizen, sub.id, "Vurdering", now=NOW)
    provider_plan.answer_sub_goal(db, c.me, sub.id, "agrees", "Vi prøver", now=NOW + timedelta(days=1))
    (view,) = next(iter(provider_plan.provider_plan(db, c.me, c.citizen).sub_goals.values()))
    assert [a.answer for a in view.answers] == ["agrees", "disagrees"] and not view.disagrees
    assert (count(db, SubGoalAnswer), count(db, SubGoalAssessment)) == (2, 1)


def test_a_reworded_delmål_replaces_the_old_one_and_asks_the_citizen_again(db):
    c = make_case(db)
    goal = share_goal(c, "Se mine børn")
    old = propose(c, goal)
    provider_plan.answer_sub_goal(db, c.me, old.id, "disagrees", "For tit", now=NOW)
    new = propose(c, goal, how_often="en gang om måneden", replaces_id=old.id)
    (view,) = provider_plan.provider_plan(db, c.me, c.citizen).sub_goals[goal]
    assert view.sub_goal.id == new.id and view.answer is None
    assert "ændret eller fjernet" in refusal(lambda: provider_plan.answer_sub_goal(db, c.me, old.id, "agrees")).message


def test_only_the_citizen_herself_answers_her_delmål(db):
    c = make_case(db)
    sub = propose(c, share_goal(c, "Se mine børn"))
    with pytest.raises(AccessDenied):
        provider_plan.answer_sub_goal(db, c.contact, sub.id, "agrees")
    db.rollback()
    with pytest.raises(AccessDenied):
        provider_plan.answer_sub_goal(db, c.neighbour, sub.id, "agrees")


def test_a_delmål_is_only_proposed_under_a_goal_shared_with_the_contact_person(db):
    c = make_case(db)
    private = share_item(c, ItemKind.GOAL, goal_content("Mit eget"))  # a draft, shared with no one
    with pytest.raises(AccessDenied):
        propose(c, private)


# ---------------------------------------------------------------- around the citizen


def test_other_actors_and_unmet_needs_per_life_area_are_kept_beside_the_plan(db):
    c = make_case(db)
    gp = provider_plan.add_other_actor(db, c.contact, c.citizen, ActorInput("Egen læge", "Læge", "Medicin"), now=NOW)
    provider_plan.add_other_actor(db, c.contact, c.citizen, ActorInput("Jobcentret", "Mentor", "Praktik"), now=NOW)
    provider_plan.end_other_actor(db, c.contact, c.citizen, gp.id, now=NOW)
    provider_plan.set_unmet_needs(db, c.contact, c.citizen, {"housing": "Ingen fast adresse", "money": "Gæld"},
                                  now=NOW)
    written = provider_plan.set_unmet_needs(db, c.contact, c.citizen, {"housing": "Ingen fast adresse", "money": ""},
                                            now=NOW + timedelta(seconds=1))
    assert [(w.life_area, w.text) for w in written] == [("money", "")]  # only what changed
    plan = provider_plan.provider_plan(db, c.me, c.citizen)
    assert [(a.name, a.role, a.does) for a in plan.actors] == [("Jobcentret", "Mentor", "Praktik")]
    assert {k: v.text for k, v in plan.unmet_needs.items()} == {"housing": "Ingen fast adresse"}
    assert refusal(lambda: provider_plan.add_other_actor(db, c.contact, c.citizen, ActorInput(" "))).field == "actor_name"
    assert refusal(lambda: provider_plan.set_unmet_needs(db, c.contact, c.citizen, {"maanen": "x"})).field == "life_area"
