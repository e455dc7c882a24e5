"""Kvalitetstjek: the nine questions of seed 002's assessment form, each line "ok" or "missing" as far as the
data can answer it, and line 5 always left to the contact person's judgement; and the 80 % rule's hint on
the case file when fewer than 80 % of the goals of the newest record in force were met (seed 003)."""

from datetime import timedelta
from typing import Any

import pytest

from citizenplan.domain import case_file, follow_up
from citizenplan.domain.case_file import QualityLine, quality_check
from citizenplan.domain.follow_up import GoalInput
from citizenplan.domain.shared_view import SharedItem
from citizenplan.models import FollowUp, GoalAssessment, PlanFrame
from tests.unit.test_follow_up import (
    MET,
    NOT_MET,
    NOW,
    PARTLY,
    TODAY,
    goal_content,
    make_case,
    plan,
    save_frame,
    share_goal,
    sign,
)

FRAME = PlanFrame(citizen_id=1, version=1, purpose="Mere overskud i hverdagen.", intervention="Bostøtte.",
                  duration_kind="omtrentlig", duration_text="ca. 2 år", started_on=TODAY, author_id=2)


def replace(frame: PlanFrame, **changes: Any) -> PlanFrame:
    return frame.model_copy(update=changes)


def goal(item_id: int, **fields: Any) -> SharedItem:
    return SharedItem(item_id, "goal", goal_content(f"Mål {item_id}", **fields), None, item_id, NOW)


def assessed(item_id: int, purpose_type: str | None = "udviklende", linked: bool = True) -> GoalAssessment:
    return GoalAssessment(citizen_id=1, item_id=item_id, purpose_type=purpose_type, linked_to_purpose=linked,
                          author_id=2)


UPCOMING = FollowUp(citizen_id=1, due_on=TODAY + timedelta(days=30), scheduled_by=2)
COMPLETE: dict[str, Any] = {
    "frame": FRAME, "goals": [goal(1), goal(2)], "assessments": {1: assessed(1), 2: assessed(2, linked=False)},
    "citizen_voice": True, "upcoming": UPCOMING, "overdue": False,
}


def check(**changes: Any) -> dict[int, QualityLine]:
    return {line.number: line for line in quality_check(**{**COMPLETE, **changes})}


def missing(**changes: Any) -> set[int]:
    lines = check(**changes)
    assert lines[5].status == "judge"
    assert {line.status for n, line in lines.items() if n != 5} <= {"ok", "missing"}
    return {n for n, line in lines.items() if line.status == "missing"}


def test_there_are_nine_questions_in_the_forms_order_and_line_five_is_always_for_the_contact_person_to_judge():
    lines = quality_check(**COMPLETE)
    assert [line.number for line in lines] == list(range(1, 10))
    assert [line.status for line in lines] == ["ok"] * 4 + ["judge"] + ["ok"] * 4
    assert lines[4].question == "Giver målene plads til udførerens faglighed?"
    empty = quality_check(None, [], {}, False, None, False)
    assert [line.status for line in empty] == ["missing"] * 4 + ["judge"] + ["missing"] * 4


@pytest.mark.parametrize(("changes", "lines_missing"), [
    ({}, set()),
    ({"frame": None}, {1, 4, 6}),
    ({"frame": replace(FRAME, purpose="")}, {1}),
    ({"frame": replace(FRAME, intervention="")}, {4}),
    ({"frame": replace(FRAME, duration_kind="", duration_text="")}, {6}),
    ({"frame": replace(FRAME, duration_text="")}, set()),  # "Længerevarende" alone says it
    ({"frame": replace(FRAME, duration_kind="")}, set()),
    ({"goals": [], "assessments": {}}, {2, 3, 7}),
    ({"goals": [goal(1), goal(2, target_date=None)]}, {2}),
    ({"goals": [goal(1), goal(2, target_date="")]}, {2}),
    ({"goals": [goal(1, success="  "), goal(2)]}, {3}),
    ({"goals": [goal(1, success=None), goal(2)]}, {3}),
    ({"assessments": {1: assessed(1)}}, {7}),  # goal 2 has no purpose type
    ({"assessments": {1: assessed(1), 2: assessed(2, purpose_type=None)}}, {7}),
    ({"assessments": {1: assessed(1, linked=False), 2: assessed(2, linked=False)}}, {7}),  # none serves the purpose
    ({"citizen_voice": False}, {8}),
    ({"upcoming": None}, {9}),
    ({"overdue": True}, {9}),
], ids=["complete", "no_frame", "no_purpose", "no_intervention", "no_duration", "duration_kind_only",
        "duration_text_only", "no_goals", "a_goal_without_date", "a_goal_with_empty_date", "a_goal_with_blank_success",
        "a_goal_without_success", "a_goal_not_assessed", "a_goal_without_purpose_type", "no_goal_linked",
        "nothing_in_the_citizens_words", "no_next_date", "overdue"])
def test_each_line_turns_missing_exactly_when_its_part_of_the_plan_is_missing(changes, lines_missing):
    assert missing(**changes) == lines_missing


def test_the_lines_about_goals_count_the_goals_that_need_something():
    goals = [goal(1, target_date=None, success=""), goal(2, target_date=None), goal(3)]
    lines = check(goals=goals, assessments={3: assessed(3)})
    assert (lines[2].count, lines[3].count, lines[7].count) == (2, 1, 2)
    assert "{count} mål mangler en dato" in lines[2].advice


@pytest.mark.parametrize(("changes", "advice"), [
    ({"goals": [], "assessments": {}}, "Borgeren har ikke delt et mål endnu."),
    ({"assessments": {1: assessed(1, linked=False), 2: assessed(2, linked=False)}},
     "Knyt mindst ét mål til formålet."),
    ({"assessments": {1: assessed(1)}}, "Vælg en formålstype for hvert mål. {count} mål mangler typen."),
    ({"assessments": {1: assessed(1, linked=False)}},
     "Knyt mindst ét mål til formålet, og vælg en formålstype for hvert mål. {count} mål mangler typen."),
], ids=["no_goals", "none_linked", "one_without_type", "none_linked_and_one_without_type"])
def test_line_seven_asks_only_for_what_is_missing(changes, advice):
    assert check(**changes)[7].advice == advice


def test_the_advice_says_what_to_do():
    assert check(goals=[], assessments={})[2].advice == "Borgeren har ikke delt et mål endnu."
    assert check(upcoming=None)[9].advice == "Sæt en dato for næste opfølgning."
    assert check(overdue=True)[9].advice == "Opfølgningen er overskredet. Hold mødet, eller flyt datoen."
    assert check(frame=None)[1].advice == "Skriv formålet med indsatsen i rammen."


# ---------------------------------------------------------------- on the case file


def statuses(case: case_file.CaseFile) -> dict[int, str]:
    return {line.number: line.status for line in case.quality}


def test_a_plan_with_nothing_in_it_misses_everything_but_line_five(db):
    c = make_case(db)
    case = case_file.case_file(db, c.contact, c.citizen, now=NOW)
    assert statuses(case) == {1: "missing", 2: "missing", 3: "missing", 4: "missing", 5: "judge", 6: "missing",
                              7: "missing", 8: "missing", 9: "missing"}


def test_a_complete_plan_passes_every_line_that_can_be_computed(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    save_frame(c, based_on=0)
    follow_up.assess_goal(db, c.contact, c.citizen, walk, "udviklende", True, "", now=NOW)
    db.commit()
    sign(c, {walk: GoalInput(walk, "delvist_opfyldt", citizen_view="Jeg går tre dage om ugen.")},
         next_due=TODAY + timedelta(days=30))
    case = case_file.case_file(db, c.contact, c.citizen, now=NOW)
    assert set(statuses(case).values()) == {"ok", "judge"} and statuses(case)[5] == "judge"


def test_line_eight_passes_when_the_newest_follow_up_holds_the_citizen_s_own_view_as_the_report_counts_it(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    assert statuses(case_file.case_file(db, c.contact, c.citizen, now=NOW))[8] == "missing"  # shared, no meeting
    silent = sign(c, {walk: "opfyldt"}, held_on=TODAY - timedelta(days=2))
    case = case_file.case_file(db, c.contact, c.citizen, now=NOW)
    assert statuses(case)[8] == "missing"
    assert case.quality[7].advice.startswith("Borgerens eget syn på målene står ikke")
    sign(c, {walk: GoalInput(walk, "opfyldt", citizen_degree="delvist_opfyldt")}, held_on=TODAY - timedelta(days=2),
         corrects=silent.id)
    assert statuses(case_file.case_file(db, c.contact, c.citizen, now=NOW))[8] == "ok"


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
