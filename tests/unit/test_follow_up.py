"""Follow-up (DESIGN section 5): the § 141 frame is versioned and never silently overwritten, goal
assessments append, follow-up dates keep the 3-month/yearly rule, and a signed record is never edited:
a correction is a new record that refers to it. The contact person's degree and the citizen's own view
stand side by side. SQLite and PostgreSQL.

The helpers (a small case of people, goals shared with the contact person, a frame, a signed record) are
in tests/support/follow_up_case.py, shared with the other follow-up tests.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, SQLModel, func, select

import citizenplan.models  # noqa: F401 - every table on the metadata
from citizenplan import demo, demo_plans
from citizenplan.db import session_scope
from citizenplan.domain import follow_up, overview
from citizenplan.domain.errors import UserError
from citizenplan.domain.follow_up import FrameInput, GoalInput, RecordInput, ScheduleInput
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import (
    FollowUp,
    FollowUpRecord,
    GoalAssessment,
    GoalFulfilment,
    PlanFrame,
    User,
)
from tests.support.follow_up_case import (
    CP,
    MET,
    NOT_MET,
    NOW,
    PARTLY,
    TODAY,
    change_and_share,
    count,
    make_case,
    plan,
    refusal,
    save_frame,
    second_contact,
    share_goal,
    share_item,
    sign,
)
from tests.support.people import actor

GONE = "Det findes ikke længere."


# ---------------------------------------------------------------- the case


def dump(row: SQLModel) -> dict[str, Any]:
    return row.model_dump()


# ---------------------------------------------------------------- the § 141 frame


def test_each_save_of_the_frame_is_a_new_version_and_the_newest_is_the_frame(db):
    c = make_case(db)
    first = save_frame(c, purpose="Mere overskud.", based_on=0)
    second = save_frame(c, purpose="Mere overskud og egen bolig.", based_on=1, now=NOW + timedelta(hours=1))
    assert (first.version, second.version) == (1, 2)
    assert follow_up.frame_of(db, c.contact, c.citizen).purpose == "Mere overskud og egen bolig."
    assert [(f.version, f.purpose) for f in follow_up.frame_history(db, c.contact, c.citizen)] == [
        (2, "Mere overskud og egen bolig."), (1, "Mere overskud.")]


def test_a_frame_saved_on_top_of_an_old_version_is_refused_and_nothing_is_silently_overwritten(db):
    c = make_case(db)
    colleague = second_contact(c)
    save_frame(c, purpose="Kontaktpersonens formål.", based_on=0)
    save_frame(c, who=colleague, purpose="Kollegaens formål.", based_on=1)

    error = refusal(lambda: save_frame(c, purpose="Skrevet på den gamle udgave.", based_on=1))
    db.rollback()
    assert "har gemt en ny udgave af handleplanen, mens du skrev" in error.message
    assert error.params == {"name": "Other Contact"}  # who saved meanwhile
    assert [(f.version, f.purpose, f.author_id) for f in follow_up.frame_history(db, c.contact, c.citizen)] == [
        (2, "Kollegaens formål.", c.people.other_contact), (1, "Kontaktpersonens formål.", c.people.contact)]


def test_two_empty_forms_cannot_both_save_the_first_frame(db):
    c = make_case(db)
    colleague = second_contact(c)
    save_frame(c, purpose="Først.", based_on=0)
    error = refusal(lambda: save_frame(c, who=colleague, purpose="Også først.", based_on=0))
    db.rollback()
    assert error.params == {"name": "Contact"}
    assert [f.purpose for f in follow_up.frame_history(db, c.contact, c.citizen)] == ["Først."]


def test_two_contact_persons_saving_the_same_version_at_the_same_moment_get_the_conflict_message(db, monkeypatch):
    c = make_case(db)
    colleague = second_contact(c)
    other_tab = Session(db.get_bind())
    try:
        follow_up.record_frame(other_tab, colleague, c.citizen, FrameInput(purpose="Kollegaens."), 0, now=NOW)
        other_tab.commit()
    finally:
        other_tab.close()
    # This contact person read the frame just before the colleague saved: the version check passes, and the
    # database's unique (citizen_id, version) is what stops the second save.
    real = follow_up._current_frame
    calls = iter([None])
    monkeypatch.setattr(follow_up, "_current_frame", lambda s, cid: next(calls, real(s, cid)))
    with pytest.raises(UserError) as caught:
        follow_up.record_frame(db, c.contact, c.citizen, FrameInput(purpose="Min."), 0, now=NOW)
    assert "mens du skrev" in caught.value.message


@pytest.mark.parametrize("written", ["1/3-2027", "1. marts 2027", "2027-03-01", "marts 2027", "01.03.2027"])
def test_an_expected_duration_written_as_a_date_is_refused_with_a_plain_danish_message(db, written):
    c = make_case(db)
    error = refusal(lambda: save_frame(c, duration_text=written, based_on=0))
    db.rollback()
    assert error.field == "duration_text"
    assert error.message.startswith("Forventet varighed er en længde, ikke en dato.")
    assert "ca. 2 år" in error.message
    assert count(db, PlanFrame) == 0


@pytest.mark.parametrize("written", ["ca. 2 år", "mindst 1 år", "længerevarende"])
def test_an_expected_duration_written_as_a_length_is_kept_as_written(db, written):
    c = make_case(db)
    save_frame(c, duration_text=written, based_on=0)
    assert follow_up.frame_of(db, c.contact, c.citizen).duration_text == written


def test_an_unknown_kind_of_duration_is_refused(db):
    c = make_case(db)
    error = refusal(lambda: save_frame(c, duration_kind="for_evigt", based_on=0))
    assert (error.field, error.message) == ("duration_kind", "Vælg en af mulighederne.")


def test_the_frame_keeps_only_the_special_conditions_written_and_the_start_date_carries_over(db):
    c = make_case(db)
    save_frame(c, based_on=0, special={"housing": "Bor i botilbud.", "treatment": "  ", "ukendt": "x"},
               started_on="2026-04-01", close_follow_up=False)
    later = save_frame(c, based_on=1, purpose="Nyt formål.", now=NOW + timedelta(days=3))
    assert later.special == {}  # a new version is a whole new form: nothing written, nothing kept
    first = follow_up.frame_history(db, c.contact, c.citizen)[-1]
    assert first.special == {"housing": "Bor i botilbud."}
    assert (first.started_on, first.close_follow_up) == (date(2026, 4, 1), False)
    assert later.started_on == date(2026, 4, 1)  # the plan started when it started


def test_the_first_frame_starts_the_plan_on_the_danish_date_it_was_saved(db):
    c = make_case(db)
    just_after_midnight_in_copenhagen = datetime(2026, 5, 3, 22, 30, tzinfo=UTC)
    frame = save_frame(c, based_on=0, now=just_after_midnight_in_copenhagen)
    assert frame.started_on == date(2026, 5, 4)


# ---------------------------------------------------------------- goals in the frame


def test_goal_assessments_append_and_the_newest_one_counts(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    follow_up.assess_goal(db, c.contact, c.citizen, walk, "developing", False, "Første vurdering.", now=NOW)
    follow_up.assess_goal(db, c.contact, c.citizen, walk, "maintaining", True, "Anden vurdering.",
                          now=NOW + timedelta(days=1))
    db.commit()
    newest = follow_up.goal_assessments(db, c.contact, c.citizen)[walk]
    assert (newest.purpose_type, newest.linked_to_purpose, newest.assessment) == (
        "maintaining", True, "Anden vurdering.")
    kept = db.exec(select(GoalAssessment).order_by(GoalAssessment.created_at)).all()
    assert [(a.purpose_type, a.assessment) for a in kept] == [
        ("developing", "Første vurdering."), ("maintaining", "Anden vurdering.")]


def test_only_a_goal_can_be_assessed_and_only_with_a_known_purpose_type(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    hope = share_item(c, ItemKind.HOPE, {"text": "At få det bedre."}, CP)
    error = refusal(lambda: follow_up.assess_goal(db, c.contact, c.citizen, hope, "developing", True, ""))
    assert error.message == "Det kan kun gøres ved et mål."
    error = refusal(lambda: follow_up.assess_goal(db, c.contact, c.citizen, walk, "helende", True, ""))
    assert (error.field, error.message) == ("purpose_type", "Vælg en af mulighederne.")
    db.rollback()
    assert count(db, GoalAssessment) == 0


# ---------------------------------------------------------------- scheduling


def test_a_follow_up_date_in_the_past_is_refused_when_scheduling(db):
    c = make_case(db)
    error = refusal(lambda: plan(c, TODAY - timedelta(days=1)))
    assert (error.field, error.message) == ("due_on", "Datoen er gået. Vælg i dag eller en dag frem i tiden.")
    db.rollback()
    assert count(db, FollowUp) == 0
    assert plan(c, TODAY).due_on == TODAY  # today is not in the past


def test_the_past_is_judged_by_the_danish_calendar(db):
    c = make_case(db)
    late_evening_in_copenhagen = datetime(2026, 5, 4, 22, 30, tzinfo=UTC)  # 5 May, 00:30 in Denmark
    error = refusal(lambda: plan(c, date(2026, 5, 4), now=late_evening_in_copenhagen))
    assert error.field == "due_on"


@pytest.mark.parametrize("written", ["", "4/5-2026", "i morgen", "2026-02-30"])
def test_a_follow_up_date_that_is_not_a_date_is_refused(db, written):
    c = make_case(db)
    error = refusal(lambda: follow_up.schedule(db, c.contact, c.citizen, ScheduleInput(due_on=written), now=NOW))
    assert (error.field, error.message) == ("due_on", "Skriv en dato.")


def test_a_time_must_be_hours_and_minutes(db):
    c = make_case(db)
    error = refusal(lambda: plan(c, TODAY + timedelta(days=7), at_time="25:00"))
    assert error.field == "at_time"
    db.rollback()
    assert plan(c, TODAY + timedelta(days=7), at_time="09:30").at_time == "09:30"


def test_a_new_or_complex_case_may_have_its_follow_up_up_to_three_months_ahead_without_a_reason(db):
    c = make_case(db)
    save_frame(c, based_on=0, close_follow_up=True, started_on=TODAY.isoformat())
    assert follow_up.proposal_for(db, c.contact, c.citizen, TODAY) == (date(2026, 8, 4), date(2026, 8, 4))
    row = plan(c, date(2026, 8, 4), reason_later="ikke nødvendig")
    assert (row.due_on, row.reason_later) == (date(2026, 8, 4), "")  # no reason needed, none kept


def test_a_date_later_than_the_rule_needs_a_reason_which_is_kept_with_the_date(db):
    c = make_case(db)
    save_frame(c, based_on=0, close_follow_up=True, started_on=TODAY.isoformat())
    error = refusal(lambda: plan(c, date(2026, 8, 5)))
    assert error.field == "reason_later"
    assert error.params == {"limit": date(2026, 8, 4)}
    assert "Skriv hvorfor" in error.message
    db.rollback()
    row = plan(c, date(2026, 8, 5), reason_later="Borgeren er på ferie i august.")
    assert row.reason_later == "Borgeren er på ferie i august."


def test_a_case_that_is_not_close_may_wait_a_year(db):
    c = make_case(db)
    save_frame(c, based_on=0, close_follow_up=False, started_on=TODAY.isoformat())
    assert follow_up.proposal_for(db, c.contact, c.citizen, TODAY) == (date(2027, 5, 4), date(2027, 5, 4))
    assert plan(c, date(2027, 5, 4)).due_on == date(2027, 5, 4)
    error = refusal(lambda: plan(c, date(2027, 5, 5)))
    assert error.field == "reason_later"


def test_without_a_frame_the_case_counts_as_new_and_the_rule_counts_from_today(db):
    c = make_case(db)
    assert follow_up.proposal_for(db, c.contact, c.citizen, TODAY) == (date(2026, 8, 4), date(2026, 8, 4))


def test_when_the_rules_date_has_passed_two_weeks_ahead_is_proposed_and_needs_no_reason(db):
    c = make_case(db)
    save_frame(c, based_on=0, close_follow_up=True, started_on="2026-01-10")
    assert follow_up.proposal_for(db, c.contact, c.citizen, TODAY) == (date(2026, 5, 18), date(2026, 5, 18))
    assert plan(c, TODAY).due_on == TODAY  # the soonest date needs no reason
    assert plan(c, date(2026, 5, 18)).reason_later == ""  # nor does the proposed one
    assert "Skriv hvorfor" in refusal(lambda: plan(c, date(2026, 5, 19))).message  # a date after the proposal does


def test_any_earlier_date_is_allowed_without_a_reason(db):
    c = make_case(db)
    save_frame(c, based_on=0, close_follow_up=False, started_on=TODAY.isoformat())
    assert plan(c, TODAY + timedelta(days=1)).reason_later == ""


def test_moving_the_date_cancels_the_old_follow_up_and_keeps_it_on_record(db):
    c = make_case(db)
    first = plan(c, date(2026, 6, 1), place="Bostedet", now=NOW)
    moved = plan(c, date(2026, 6, 15), now=NOW + timedelta(hours=2))
    db.expire_all()
    rows = db.exec(select(FollowUp).order_by(FollowUp.id)).all()
    assert [(r.id, r.due_on, r.cancelled_at, r.place) for r in rows] == [
        (first.id, date(2026, 6, 1), NOW + timedelta(hours=2), "Bostedet"), (moved.id, date(2026, 6, 15), None, "")]
    assert follow_up.next_follow_up(db, c.contact, c.citizen).id == moved.id


# ---------------------------------------------------------------- the record: what it needs


def test_a_record_without_a_degree_for_a_goal_is_refused_and_the_message_names_the_goal(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    money = share_goal(c, "Lægge et budget")
    error = refusal(lambda: sign(c, {walk: MET, money: ""}))
    assert error.message == 'Vælg, hvor godt målet "{goal}" er opfyldt.'
    assert error.params == {"goal": "Lægge et budget"}
    assert error.field == f"degree-{money}"
    db.rollback()
    assert count(db, FollowUpRecord) == 0 and count(db, GoalFulfilment) == 0


def test_a_degree_outside_the_three_is_refused(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    assert refusal(lambda: sign(c, {walk: "næsten"})).params == {"goal": "Gå en tur hver dag"}
    error = refusal(lambda: sign(c, {walk: GoalInput(walk, MET, citizen_degree="super")}))
    assert error.field == f"citizen_degree-{walk}"


def test_a_record_with_no_goals_is_refused_when_goals_are_shared(db):
    c = make_case(db)
    share_goal(c, "Gå en tur hver dag")
    error = refusal(lambda: sign(c, {}))
    assert (error.field, error.message) == ("goals", "Vælg, hvor godt hvert mål er opfyldt.")


def test_a_record_with_no_goals_is_allowed_when_the_citizen_has_shared_none(db):
    c = make_case(db)
    assert sign(c, {}).id is not None


def test_a_record_that_leaves_out_a_shared_goal_is_refused(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    share_goal(c, "Lægge et budget")
    error = refusal(lambda: sign(c, {walk: MET}))
    assert error.params == {"goal": "Lægge et budget"}


def test_a_meeting_cannot_have_been_held_in_the_future(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    error = refusal(lambda: sign(c, {walk: MET}, held_on=TODAY + timedelta(days=1)))
    assert (error.field, error.message) == ("held_on", "Mødet kan ikke være holdt i fremtiden. Vælg datoen for mødet.")
    db.rollback()
    assert sign(c, {walk: MET}, held_on=TODAY).held_on == TODAY


def test_a_record_must_say_who_took_part(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    error = refusal(lambda: sign(c, {walk: MET}, participants="   "))
    assert (error.field, error.message) == ("participants", "Skriv, hvem der var med til mødet.")


def test_a_record_must_set_the_next_follow_up_date(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    for nxt in (None, ScheduleInput(due_on="  ")):
        error = refusal(lambda nxt=nxt: follow_up.record(db, c.contact, c.citizen, RecordInput(
            held_on=TODAY.isoformat(), participants="Borgeren", goals=(GoalInput(walk, MET),), next=nxt), now=NOW))
        assert (error.field, error.message) == ("next_due_on", "Vælg en dato for næste opfølgning.")
        db.rollback()
    assert count(db, FollowUpRecord) == 0


def test_the_next_date_of_a_record_cannot_be_in_the_past(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    error = refusal(lambda: sign(c, {walk: MET}, held_on=TODAY - timedelta(days=3), next_due=TODAY - timedelta(days=1)))
    assert error.field == "next_due_on"


def test_the_next_date_counts_the_rule_from_the_meeting_and_a_later_one_needs_a_reason(db):
    c = make_case(db)
    save_frame(c, based_on=0, close_follow_up=True, started_on="2026-01-01")
    walk = share_goal(c, "Gå en tur hver dag")
    held = date(2026, 4, 20)
    error = refusal(lambda: sign(c, {walk: MET}, held_on=held, next_due=date(2026, 7, 21)))
    assert (error.field, error.params) == ("next_reason_later", {"limit": date(2026, 7, 20)})
    db.rollback()
    sign(c, {walk: MET}, held_on=held, next_due=date(2026, 7, 20))
    # and from now on the rule counts from that meeting
    assert follow_up.proposal_for(db, c.contact, c.citizen, TODAY) == (date(2026, 7, 20), date(2026, 7, 20))


# ---------------------------------------------------------------- the record: signed and kept


def test_a_signed_record_answers_the_follow_up_on_the_calendar_and_puts_the_next_one_there(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    booked = plan(c, TODAY, now=NOW - timedelta(days=20))
    row = sign(c, {walk: MET}, next_due=date(2026, 6, 1), now=NOW)
    db.expire_all()
    answered = db.get(FollowUp, booked.id)
    assert (answered.done_by_record_id, answered.cancelled_at) == (row.id, None)
    upcoming = follow_up.next_follow_up(db, c.contact, c.citizen)
    assert (upcoming.due_on, upcoming.scheduled_by, upcoming.done_by_record_id) == (
        date(2026, 6, 1), c.people.contact, None)
    assert (row.author_id, row.signed_at, row.held_on) == (c.people.contact, NOW, TODAY)


def test_a_record_keeps_each_goals_degree_description_and_words_as_shared_then(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    row = sign(c, {walk: GoalInput(walk, PARTLY, description="  Tre dage om ugen.  ")}, note="Godt møde.")
    change_and_share(c, walk, {"title": "Gå en lang tur hver dag"}, now=NOW + timedelta(days=1))
    [view] = follow_up.records_of(db, c.contact, c.citizen)
    assert (view.record.id, view.record.note, view.author_name) == (row.id, "Godt møde.", "Contact")
    [goal] = view.goals
    assert (goal.item_id, goal.goal_title, goal.degree, goal.description) == (
        walk, "Gå en tur hver dag", PARTLY, "Tre dage om ugen.")


def test_the_citizens_own_view_is_kept_beside_the_contact_persons_degree_and_neither_overrides_the_other(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    money = share_goal(c, "Lægge et budget")
    sign(c, {
        walk: GoalInput(walk, NOT_MET, description="Det er ikke sket.",
                        citizen_view="Jeg synes, det er gået godt.", citizen_degree=MET),
        money: GoalInput(money, MET, description="Budgettet er lagt."),
    })
    [view] = follow_up.records_of(db, c.me, c.citizen)
    by_goal = {g.item_id: g for g in view.goals}
    assert (by_goal[walk].degree, by_goal[walk].description, by_goal[walk].citizen_degree,
            by_goal[walk].citizen_view) == (NOT_MET, "Det er ikke sket.", MET, "Jeg synes, det er gået godt.")
    assert (by_goal[money].degree, by_goal[money].citizen_degree, by_goal[money].citizen_view) == (MET, None, "")
    # the 80 % rule counts the contact person's degree; the citizen's own stays beside it
    assert follow_up.share_met(follow_up.records_of(db, c.contact, c.citizen)) == (1, 2)


def test_a_signed_record_is_never_changed_by_a_correction(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    first = sign(c, {walk: GoalInput(walk, NOT_MET, description="Skrevet forkert.")}, held_on=TODAY,
                 next_due=date(2026, 6, 1))
    before = dump(db.get(FollowUpRecord, first.id))
    goals_before = [dump(g) for g in db.exec(select(GoalFulfilment).where(GoalFulfilment.record_id == first.id))]
    upcoming = follow_up.next_follow_up(db, c.contact, c.citizen).id

    fix = sign(c, {walk: GoalInput(walk, MET, description="Rettet: målet er nået.")}, corrects=first.id,
               now=NOW + timedelta(days=2), participants="Borgeren og kontaktpersonen")
    db.expire_all()
    assert dump(db.get(FollowUpRecord, first.id)) == before
    assert [dump(g) for g in db.exec(select(GoalFulfilment).where(GoalFulfilment.record_id == first.id))] == goals_before
    assert (fix.corrects_id, fix.signed_at) == (first.id, NOW + timedelta(days=2))
    views = {v.record.id: v for v in follow_up.records_of(db, c.contact, c.citizen)}
    assert views[first.id].corrected_by == (fix.id,)
    assert views[fix.id].corrected_by == ()
    assert [g.degree for g in views[fix.id].goals] == [MET]
    # a correction is about the past: the calendar stays as it was
    assert follow_up.next_follow_up(db, c.contact, c.citizen).id == upcoming
    assert count(db, FollowUp) == 1


def test_the_records_in_force_skip_every_corrected_record(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    older = sign(c, {walk: NOT_MET}, held_on=date(2026, 3, 1), now=datetime(2026, 3, 1, 12, tzinfo=UTC))
    newer = sign(c, {walk: PARTLY}, held_on=TODAY)
    fix = sign(c, {walk: MET}, held_on=TODAY, corrects=newer.id, now=NOW + timedelta(hours=1))
    fix_of_fix = sign(c, {walk: PARTLY}, held_on=TODAY, corrects=fix.id, now=NOW + timedelta(hours=2))
    records = follow_up.records_of(db, c.contact, c.citizen)
    assert [r.record.id for r in records] == [fix_of_fix.id, fix.id, newer.id, older.id]  # newest meeting first
    assert [r.record.id for r in follow_up.in_force(records)] == [fix_of_fix.id, older.id]
    assert follow_up.share_met(records) == (0, 1)


def test_a_meeting_has_one_record_in_force_even_when_it_is_corrected_twice_from_the_same_record(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    first = sign(c, {walk: NOT_MET})
    sign(c, {walk: MET}, corrects=first.id, now=NOW + timedelta(hours=1))
    try:  # a second tab still showed the first record with its "Ret" button
        sign(c, {walk: PARTLY}, corrects=first.id, now=NOW + timedelta(hours=2))
    except UserError:
        db.rollback()
    about_that_meeting = [r for r in follow_up.in_force(follow_up.records_of(db, c.contact, c.citizen))
                          if r.record.held_on == TODAY]
    assert len(about_that_meeting) == 1


def test_only_a_record_about_the_same_citizen_can_be_corrected(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    error = refusal(lambda: sign(c, {walk: MET}, corrects=987654))
    assert error.message == GONE
    db.rollback()
    record_of_neighbour = follow_up.record(db, c.other_contact, c.people.neighbour, RecordInput(
        held_on=TODAY.isoformat(), participants="Naboen", goals=(), next=ScheduleInput(due_on="2026-06-01")), now=NOW)
    db.commit()
    error = refusal(lambda: sign(c, {walk: MET}, corrects=record_of_neighbour.id))
    assert error.message == GONE


def test_the_citizen_reads_their_own_records_and_next_follow_up(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    sign(c, {walk: GoalInput(walk, PARTLY, citizen_view="Det går bedre.", citizen_degree=MET)},
         next_due=date(2026, 6, 1))
    [view] = follow_up.records_of(db, c.me, c.citizen)
    assert [(g.degree, g.citizen_degree, g.citizen_view) for g in view.goals] == [(PARTLY, MET, "Det går bedre.")]
    assert follow_up.next_follow_up(db, c.me, c.citizen).due_on == date(2026, 6, 1)


def test_records_of_a_citizen_with_none_is_empty_and_nothing_is_met(db):
    c = make_case(db)
    records = follow_up.records_of(db, c.contact, c.citizen)
    assert records == [] and follow_up.in_force(records) == []
    assert follow_up.share_met(records) == (0, 0)
    assert follow_up.next_follow_up(db, c.contact, c.citizen) is None


# ---------------------------------------------------------------- the demo plans


def _row_counts() -> dict[str, int]:
    with session_scope() as work:
        return {name: work.exec(select(func.count()).select_from(table)).one()
                for name, table in SQLModel.metadata.tables.items()}


def test_loading_the_demo_plans_twice_writes_nothing_twice(app_db):
    with session_scope() as work:
        demo.load(work)
    with session_scope() as work:
        demo_plans.load(work, now=NOW)
    first = _row_counts()
    with session_scope() as work:
        demo_plans.load(work, now=NOW + timedelta(days=1))
    assert _row_counts() == first
    assert first["follow_up_record"] == 2 and first["plan_frame"] == 2 and first["follow_up"] == 4  # Anna's, Bo's
    assert first["municipal_goal"] == 3 and first["sub_goal"] == 4 and first["sub_goal_assessment"] == 1


def test_the_demo_plans_give_anna_a_signed_record_and_bo_an_overdue_follow_up(app_db):
    with session_scope() as work:
        demo.load(work)
        demo_plans.load(work, now=NOW)
    with session_scope() as work:
        ids = {u.username: u.id for u in work.exec(select(User)).all()}
        maria, jonas = actor(work, ids["maria"]), actor(work, ids["jonas"])
        newest, first = follow_up.records_of(work, maria, ids["anna"])  # the walk made smaller in between
        assert sorted(g.degree for g in first.goals) == sorted([PARTLY, MET, NOT_MET])
        assert [g.degree for g in newest.goals] == [MET, MET, MET] and newest.record.purpose_judgement == "on_the_way"
        assert follow_up.next_follow_up(work, maria, ids["anna"]).due_on > TODAY
        rows = {r.name: r for r in overview.overview(work, jonas, now=NOW)}
        assert rows["Bo Nielsen"].overdue is True
        assert [r.name for r in overview.overview(work, jonas, now=NOW)][0] == "Bo Nielsen"  # overdue first
