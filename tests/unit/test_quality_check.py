"""Kvalitetstjek on the case file: the nine questions of seed 002's assessment form judged from a two-level plan
written through the domain (tests/support/two_levels.py), a well-kept plan and plans that miss one thing each
(the rules one by one are in test_quality_questions.py); and the 80 % rule's hint on the case file when fewer
than 80 % of the goals of the newest record in force were met (seed 003)."""

from datetime import timedelta

import pytest

from citizenplan.domain import case_file, follow_up, provider_plan
from citizenplan.domain.errors import UserError
from citizenplan.domain.follow_up import GoalInput
from tests.support.follow_up_case import (
    MET,
    NOT_MET,
    NOW,
    PARTLY,
    TODAY,
    make_case,
    plan,
    share_goal,
    sign,
)
from tests.support.two_levels import follow_up_on, plan_goal, record_handleplan, well_kept_plan


def statuses(case: case_file.CaseFile) -> dict[int, str]:
    return {line.number: line.status for line in case.quality}


def failing(c) -> set[int]:
    return {n for n, s in statuses(case_file.case_file(c.db, c.contact, c.citizen, now=NOW)).items() if s == "missing"}


def test_a_plan_with_nothing_in_it_misses_everything_but_line_five(db):
    c = make_case(db)
    case = case_file.case_file(db, c.contact, c.citizen, now=NOW)
    assert statuses(case) == {1: "missing", 2: "missing", 3: "missing", 4: "missing", 5: "judge", 6: "missing",
                              7: "missing", 8: "missing", 9: "missing"}


def test_a_well_kept_two_level_plan_passes_every_line_the_data_can_answer(db):
    c = make_case(db)
    well_kept_plan(c)
    assert failing(c) == set()
    assert statuses(case_file.case_file(db, c.contact, c.citizen, now=NOW))[5] == "judge"


def test_7_fails_when_one_goal_of_three_is_not_linked_to_the_handleplan_as_in_anna_s_plan(db):
    c = make_case(db)
    well_kept_plan(c)
    plan_goal(c, "Jeg vil gå en tur hver dag", None)
    assert failing(c) == {7, 9}  # not followed up yet: her own view of it is asked for at the next meeting
    case = case_file.case_file(db, c.contact, c.citizen, now=NOW)
    assert case.quality[6].advice == "Knyt hvert mål til et mål i kommunens handleplan. {count} mål er ikke knyttet."


def test_7_fails_when_the_goal_s_handleplan_goal_was_removed_in_a_later_version(db):
    c = make_case(db)
    goals = well_kept_plan(c)
    keys = record_handleplan(c, ((None, "Klare indkøb selv"),), now=NOW - timedelta(days=5))  # the old keys go
    assert failing(c) == {7, 9}
    follow_up.assess_goal(db, c.contact, c.citizen, goals[0], "developing", True, "",
                          plan=follow_up.GoalPlanInput(municipal_goal_key=keys[0]))
    follow_up.assess_goal(db, c.contact, c.citizen, goals[1], "developing", True, "",
                          plan=follow_up.GoalPlanInput(municipal_goal_key=keys[0]))
    assert failing(c) == set()


def test_1_fails_when_a_follow_up_did_not_judge_the_purpose(db):
    c = make_case(db)
    goals = well_kept_plan(c)
    follow_up_on(c, goals, judgement="", held_on=TODAY - timedelta(days=2))
    assert failing(c) == {1, 9}


def test_1_does_not_ask_for_a_judgement_from_a_meeting_before_the_handleplan(db):
    c = make_case(db)
    early = share_goal(c, "Tidligt mål", now=NOW - timedelta(days=200))
    follow_up_on(c, [early], judgement="", held_on=TODAY - timedelta(days=150))
    keys = record_handleplan(c)  # dated 90 days ago
    follow_up_on(c, [early, plan_goal(c, "Jeg vil handle ind selv", keys[0])])
    line = {q.number: q for q in case_file.case_file(db, c.contact, c.citizen, now=NOW).quality}[1]
    assert line.status == "ok"


def test_8_fails_while_a_disagreement_with_a_delmaal_has_no_dated_assessment(db):
    c = make_case(db)
    goals = well_kept_plan(c)
    sub = provider_plan.propose_sub_goal(db, c.contact, c.citizen, goals[0], provider_plan.SubGoalInput(
        "Anna handler alene om fredagen", "Anna"))
    assert failing(c) == {8, 9}  # not answered yet
    provider_plan.answer_sub_goal(db, c.me, sub.id, "disagrees", "Det er for tidligt.")
    assert failing(c) == {8, 9}
    provider_plan.assess_sub_goal(db, c.contact, c.citizen, sub.id, "Et vigtigt skridt mod formålet.")
    assert failing(c) == set()


def test_8_fails_when_the_newest_follow_up_lacks_her_own_view_of_a_goal(db):
    c = make_case(db)
    goals = well_kept_plan(c)
    follow_up_on(c, goals, own_view=False, held_on=TODAY - timedelta(days=1))
    assert failing(c) == {8, 9}


def test_2_fails_when_a_goal_s_date_has_passed_without_it_being_met(db):
    c = make_case(db)
    keys = record_handleplan(c)
    late = plan_goal(c, "Jeg vil handle ind selv", keys[0], target_date=(TODAY - timedelta(days=3)).isoformat())
    follow_up_on(c, [late], degree="partly_met")
    assert failing(c) == {2, 9}
    follow_up_on(c, [late], degree="met", held_on=TODAY - timedelta(days=1))
    assert failing(c) == set()


def test_9_fails_without_the_offer_of_a_handleplan_on_record(db):
    c = make_case(db)
    goals = well_kept_plan(c)
    record_handleplan(c, tuple((k, t) for k, t in [(1, "Klare indkøb selv"), (2, "Mere kontakt med familien")]),
                      offer="not_yet", offer_on="", now=NOW - timedelta(days=5))
    assert goals and failing(c) == {9}


def test_an_overdue_follow_up_fails_line_nine_and_is_flagged_on_the_case_file(db):
    c = make_case(db)
    plan(c, TODAY - timedelta(days=3), now=NOW - timedelta(days=10))
    case = case_file.case_file(db, c.contact, c.citizen, now=NOW)
    assert case.overdue is True and case.next.due_on == TODAY - timedelta(days=3)
    assert statuses(case)[9] == "missing"
    assert case.quality[8].advice.startswith("Opfølgningen er overskredet")
    assert case_file.case_file(db, c.contact, c.citizen, now=NOW - timedelta(days=4)).overdue is False


# ---------------------------------------------------------------- the 80 % rule on the case file


def _goals(c, n: int) -> list[int]:
    return [share_goal(c, f"Mål nummer {i + 1}") for i in range(n)]


def test_the_case_file_hints_at_smaller_goals_when_fewer_than_80_percent_of_the_newest_records_goals_are_met(db):
    c = make_case(db)
    a, b, d = _goals(c, 3)
    sign(c, {a: MET, b: MET, d: PARTLY})
    case = case_file.case_file(db, c.contact, c.citizen, now=NOW)
    assert (case.met, case.followed_up, case.suggest_smaller_goals) == (2, 3, True)


def test_no_hint_when_80_percent_or_more_are_met(db):
    c = make_case(db)
    goals = _goals(c, 5)
    sign(c, dict(zip(goals, [MET, MET, MET, MET, NOT_MET], strict=True)))
    case = case_file.case_file(db, c.contact, c.citizen, now=NOW)
    assert (case.met, case.followed_up, case.suggest_smaller_goals) == (4, 5, False)


def test_no_hint_before_the_first_follow_up(db):
    c = make_case(db)
    _goals(c, 3)
    case = case_file.case_file(db, c.contact, c.citizen, now=NOW)
    assert (case.met, case.followed_up, case.suggest_smaller_goals) == (0, 0, False)


def test_the_hint_follows_the_newest_record_and_not_an_older_one(db):
    c = make_case(db)
    goals = _goals(c, 3)
    sign(c, dict.fromkeys(goals, NOT_MET), held_on=TODAY - timedelta(days=60), now=NOW - timedelta(days=60))
    sign(c, dict.fromkeys(goals, MET), held_on=TODAY)
    case = case_file.case_file(db, c.contact, c.citizen, now=NOW)
    assert (case.met, case.followed_up, case.suggest_smaller_goals) == (3, 3, False)


def test_a_correction_counts_instead_of_the_record_it_corrects(db):
    c = make_case(db)
    goals = _goals(c, 3)
    wrong = sign(c, dict.fromkeys(goals, NOT_MET))
    assert case_file.case_file(db, c.contact, c.citizen, now=NOW).suggest_smaller_goals is True
    sign(c, {g: GoalInput(g, MET, description="Rettet.") for g in goals}, corrects=wrong.id,
         now=NOW + timedelta(hours=1))
    case = case_file.case_file(db, c.contact, c.citizen, now=NOW + timedelta(hours=1))
    assert (case.met, case.followed_up, case.suggest_smaller_goals) == (3, 3, False)


def test_a_purpose_judgement_that_is_not_one_of_the_three_is_refused_in_danish_and_nothing_is_signed(db):
    c = make_case(db)
    goals = well_kept_plan(c)
    before = len(follow_up.records_of(db, c.contact, c.citizen))
    with pytest.raises(UserError) as refused:
        follow_up_on(c, goals, judgement="maaske", held_on=TODAY - timedelta(days=1))
    assert (refused.value.message, refused.value.field) == ("Vælg en af mulighederne.", "purpose_judgement")
    db.rollback()
    assert len(follow_up.records_of(db, c.contact, c.citizen)) == before
