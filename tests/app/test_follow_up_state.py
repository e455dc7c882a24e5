"""Follow-up state handlers without a browser: the follow-up screen (frame, goals, calendar, records and
corrections), the contact person's overview, the citizen's next meeting and the printable plan.

The demo people and plans (citizenplan.demo, citizenplan.demo_plans) are the data: Maria follows Anna,
who has shared three goals, a § 141 frame, a signed follow-up and the next date; Jonas follows Bo (whose
follow-up is overdue), Camilla and Dennis.
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from citizenplan import i18n, routes
from citizenplan.clock import danish_today
from citizenplan.db import session_scope
from citizenplan.domain import comments, follow_up
from citizenplan.domain.accounts import load_actor
from citizenplan.domain.vocabulary import Audience
from citizenplan.models import FollowUp, FollowUpRecord, SharedSnapshot
from citizenplan.state.citizen_home import CitizenHomeState
from citizenplan.state.contact_home import ContactHomeState
from citizenplan.state.follow_up import FollowUpState
from citizenplan.state.follow_up_rows import FrameRow
from citizenplan.state.print_plan import PrintPlanState
from tests.support.follow_up_states import (
    ANNA_GOALS,
    _follow_up_page,
    _frame_form,
    _goal_id,
    _posted_defaults,
    _router,
    _state_at,
    _stored_frame,
)
from tests.support.states import redirect_of, token_for, user_id_of

pytestmark = pytest.mark.anyio
DEMO_PLANS = True  # tests/app/conftest.py: the demo plans beside the people

NO_ACCESS = "Det har du ikke adgang til."


def _go_to(page, username: str, path: str) -> None:
    """The same tab opens another page (the state tree stays, the URL changes)."""
    root = page
    while root.parent_state is not None:
        root = root.parent_state
    root.router = _router(token_for(username), path)


def _record_form(page: FollowUpState, degree: str = "met", **changes: str) -> dict[str, str]:
    form = {"held_on": page.today, "participants": "Anna Jensen, Maria Holm", "note": "",
            "next_due_on": page.next_after_meeting, "next_reason_later": ""}
    for goal in page.goals:
        form |= {f"degree-{goal.id}": degree, f"description-{goal.id}": "", f"citizen_view-{goal.id}": "",
                 f"citizen_degree-{goal.id}": ""}
    return form | changes


def _record_count(citizen: str) -> int:
    with session_scope() as db:
        return db.exec(select(func.count()).select_from(FollowUpRecord)
                       .where(FollowUpRecord.citizen_id == user_id_of(citizen))).one()


def _live_follow_up(citizen: str) -> FollowUp | None:
    with session_scope() as db:
        return db.exec(select(FollowUp).where(FollowUp.citizen_id == user_id_of(citizen), FollowUp.cancelled_at.is_(None),
                                              FollowUp.done_by_record_id.is_(None))).first()


# ------------------------------------------------------------------ loading the follow-up screen


async def test_the_contact_person_sees_the_citizens_plan_frame_goals_and_records(demo_people):
    page = await _follow_up_page("maria", "anna")
    assert page.loaded and page.error == ""
    assert page.citizen_name == "Anna Jensen"
    assert [g.title for g in page.goals] == ANNA_GOALS
    assert page.frame_version == 1 and page.frame.purpose.startswith("Anna skal blive mere selvhjulpen")
    assert "Maria Holm" in page.frame_by and "udgave 1" in page.frame_by
    assert len(page.records) == 2 and not page.records[0].corrects  # the demo's two meetings
    assert page.next_due and not page.overdue
    assert page.form_defaults.held_on == page.today


async def test_another_contact_person_gets_no_access_and_no_data(demo_people):
    page = await _follow_up_page("jonas", "anna")
    assert not page.loaded
    assert page.error == NO_ACCESS
    assert page.citizen_name == "" and page.goals == [] and page.records == [] and page.frame == FrameRow()
    assert page.next_due == "" and page.preparations == []


async def test_a_citizen_who_opens_the_follow_up_page_is_sent_home(demo_people):
    page = _state_at(FollowUpState, "anna", routes.follow_up(user_id_of("anna")))
    assert redirect_of(await FollowUpState.load.fn(page)) == routes.CITIZEN_HOME
    assert not page.loaded and page.goals == []


async def test_without_a_cookie_the_follow_up_page_sends_the_browser_to_login(demo_people):
    page = _state_at(FollowUpState, None, routes.follow_up(user_id_of("anna")))
    assert redirect_of(await FollowUpState.load.fn(page)) == routes.LOGIN
    assert page.goals == []


async def test_a_refused_citizen_after_an_allowed_one_shows_none_of_the_first(demo_people):
    page = await _follow_up_page("maria", "anna")
    assert page.loaded
    _go_to(page, "maria", routes.follow_up(user_id_of("bo")))
    await FollowUpState.load.fn(page)
    assert page.error == NO_ACCESS and not page.loaded
    assert page.citizen_name == "" and page.goals == [] and page.records == []


# ------------------------------------------------------------------ the § 141 frame


async def test_a_saved_frame_is_shown_as_the_new_version(demo_people):
    page = await _follow_up_page("maria", "anna")
    started = (danish_today() - timedelta(days=100)).isoformat()
    await FollowUpState.save_frame.fn(page, _frame_form(
        page, purpose="Anna skal kunne handle ind alene.", intervention="Støtte to gange om ugen.",
        duration_kind="minimum", duration_text="mindst 1 år", housing="Egen lejlighed fra foråret.", close="no",
        started_on=started))
    assert page.frame_error == ""
    assert page.notice == "Kommunens handleplan er gemt."
    assert page.frame_version == 2
    assert page.frame.purpose == "Anna skal kunne handle ind alene."
    assert page.frame.duration_kind == "minimum" and page.frame.duration_text == "mindst 1 år"
    assert page.frame.special["housing"] == "Egen lejlighed fra foråret." and page.frame.close == "no"
    assert page.frame.started_on == started
    assert "udgave 2" in page.frame_by and "Maria Holm" in page.frame_by
    stored = _stored_frame("anna")
    assert stored.version == 2 and stored.purpose == "Anna skal kunne handle ind alene."
    assert stored.close_follow_up is False


async def test_a_save_on_a_stale_version_is_refused_and_the_stored_frame_stays(demo_people):
    first = await _follow_up_page("maria", "anna")
    second = await _follow_up_page("maria", "anna")  # another tab, showing version 1 too
    await FollowUpState.save_frame.fn(first, _frame_form(first, purpose="Fra den første fane."))
    assert first.frame_error == "" and first.frame_version == 2

    await FollowUpState.save_frame.fn(second, _frame_form(second, purpose="Fra den anden fane."))
    assert second.frame_error.startswith("Maria Holm har gemt en ny udgave af handleplanen, mens du skrev.")
    assert "Din tekst står stadig i felterne." in second.frame_error
    assert second.notice != "Kommunens handleplan er gemt."
    stored = _stored_frame("anna")
    assert stored.version == 2 and stored.purpose == "Fra den første fane."
    # The page shows the stored version beside the form, and the next save is on top of it.
    assert second.frame.purpose == "Fra den første fane." and second.frame_version == 2


async def test_a_duration_written_as_a_date_is_refused(demo_people):
    page = await _follow_up_page("maria", "anna")
    await FollowUpState.save_frame.fn(page, _frame_form(page, duration_text="1/3-2027"))
    assert page.frame_error.startswith("Forventet varighed er en længde, ikke en dato.")
    assert _stored_frame("anna").version == 1


async def test_a_contact_person_who_does_not_follow_the_citizen_cannot_save_a_frame(demo_people):
    page = await _follow_up_page("jonas", "anna")
    assert page.citizen_id == user_id_of("anna")  # the id from the URL, though nothing was shown
    await FollowUpState.save_frame.fn(page, {"purpose": "Jonas' formål", "frame_version": "1"})
    assert page.frame_error == NO_ACCESS
    assert _stored_frame("anna").version == 1


# ------------------------------------------------------------------ goals in the frame


async def test_an_assessment_of_a_goal_is_saved_and_shown(demo_people):
    page = await _follow_up_page("maria", "anna")
    goal = _goal_id(page, ANNA_GOALS[2])
    await FollowUpState.assess.fn(page, {"item_id": goal, "purpose_type": "compensating", "linked": "on",
                                         "assessment": "Anna går, når vejret er godt."})
    assert page.goal_error == "" and page.notice == "Indsatsplanen for målet er gemt."
    shown = next(g for g in page.goals if g.id == goal)
    assert shown.purpose_type == "compensating" and shown.linked
    assert shown.assessment == "Anna går, når vejret er godt." and shown.assessed


async def test_an_unknown_purpose_type_is_refused(demo_people):
    page = await _follow_up_page("maria", "anna")
    goal = _goal_id(page, ANNA_GOALS[0])
    before = next(g for g in page.goals if g.id == goal).purpose_type
    await FollowUpState.assess.fn(page, {"item_id": goal, "purpose_type": "noget-andet"})
    assert page.goal_error == "Vælg en af mulighederne."
    assert next(g for g in page.goals if g.id == goal).purpose_type == before


# ------------------------------------------------------------------ the calendar


async def test_a_date_in_the_past_is_refused_in_danish(demo_people):
    page = await _follow_up_page("maria", "anna")
    before = _live_follow_up("anna").due_on
    yesterday = (danish_today() - timedelta(days=1)).isoformat()
    await FollowUpState.schedule.fn(page, {"due_on": yesterday})
    assert page.schedule_error == "Datoen er gået. Vælg i dag eller en dag frem i tiden."
    assert _live_follow_up("anna").due_on == before


async def test_a_new_date_moves_the_meeting_and_the_citizen_sees_it(demo_people):
    page = await _follow_up_page("maria", "anna")
    due = danish_today() + timedelta(days=10)
    await FollowUpState.schedule.fn(page, {"due_on": due.isoformat(), "at_time": "09:30", "place": "Caféen",
                                           "participants": "Anna og Maria"})
    assert page.schedule_error == "" and page.notice == "Opfølgningen er sat i kalenderen."
    assert page.next_due == i18n.long_date(due, "da")
    assert page.next_detail == "09:30 · Caféen · Anna og Maria"
    home = _state_at(CitizenHomeState, "anna", routes.CITIZEN_HOME)
    await CitizenHomeState.load.fn(home)
    assert home.next_meeting == i18n.long_date(due, "da")
    assert home.next_meeting_detail == "09:30 · Caféen"


async def test_a_time_that_is_not_a_time_is_refused(demo_people):
    page = await _follow_up_page("maria", "anna")
    await FollowUpState.schedule.fn(page, {"due_on": page.proposed, "at_time": "kl. halv ti"})
    assert page.schedule_error == "Skriv tidspunktet som timer og minutter, fx 10:30."


# ------------------------------------------------------------------ the record of a meeting


async def test_a_record_with_a_goal_without_a_degree_names_the_goal_and_saves_nothing(demo_people):
    page = await _follow_up_page("maria", "anna")
    records_before, key_before = len(page.records), page.record_form_key
    form = _record_form(page)
    del form[f"degree-{_goal_id(page, ANNA_GOALS[1])}"]  # an unchecked radio is not posted
    await FollowUpState.save_record.fn(page, form)
    assert page.record_error == f'Vælg, hvor godt målet "{ANNA_GOALS[1]}" er opfyldt.'
    assert len(page.records) == records_before and _record_count("anna") == records_before
    assert page.record_form_key == key_before  # the form is not remounted: what was typed stays


async def test_a_good_record_is_saved_shown_and_the_form_starts_afresh(demo_people):
    page = await _follow_up_page("maria", "anna")
    key_before = page.record_form_key
    form = _record_form(page, degree="partly_met", note="Et godt møde.")
    form[f"citizen_degree-{_goal_id(page, ANNA_GOALS[0])}"] = "met"
    form[f"citizen_view-{_goal_id(page, ANNA_GOALS[0])}"] = "Jeg synes, det går godt."
    next_due_on = date.fromisoformat(form["next_due_on"])
    result = await FollowUpState.save_record.fn(page, form)
    assert result is not None  # scrolls to the records
    assert page.record_error == "" and page.notice == "Opfølgningen er gemt og låst."
    assert len(page.records) == 3 and _record_count("anna") == 3
    newest = page.records[0]
    assert newest.held_on == i18n.long_date(danish_today(), "da") and newest.note == "Et godt møde."
    assert newest.participants == "Anna Jensen, Maria Holm" and newest.by == "Maria Holm" and newest.signed
    assert [g.title for g in newest.goals] == ANNA_GOALS
    first = newest.goals[0]
    assert first.degree == "Delvist opfyldt" and first.citizen_degree == "Opfyldt" and first.differ
    assert page.record_form_key != key_before
    # The meeting on the calendar is answered, and the next one is there.
    assert page.next_due == i18n.long_date(next_due_on, "da") and not page.overdue
    assert _live_follow_up("anna").due_on == next_due_on


async def test_correcting_a_record_fills_the_form_and_saves_a_correcting_record(demo_people):
    page = await _follow_up_page("maria", "anna")
    old = page.records[0]
    next_due_before = page.next_due
    key_before = page.record_form_key
    await FollowUpState.correct.fn(page, old.id)
    assert page.correcting == old.held_on and page.correcting_id == int(old.id)
    assert page.record_form_key != key_before
    defaults = page.form_defaults
    goal_0, goal_1, goal_2 = (_goal_id(page, title) for title in ANNA_GOALS)
    assert defaults.participants == "Anna Jensen, Maria Holm"
    assert defaults.goals[goal_0].degree == "met" and defaults.goals[goal_0].citizen_degree == "met"
    assert defaults.goals[goal_0].description == "Anna har handlet alene tre uger i træk."
    assert defaults.goals[goal_1].degree == "met" and defaults.goals[goal_1].citizen_view == "Det er dejligt."
    assert defaults.goals[goal_2].degree == "met" and defaults.purpose_judgement == "on_the_way"

    form = _posted_defaults(defaults) | {f"degree-{goal_2}": "partly_met", "note": "Rettet: Anna gik tre gange."}
    await FollowUpState.save_record.fn(page, form)
    assert page.record_error == "" and page.notice == "Rettelsen er gemt."
    assert page.correcting == "" and page.correcting_id == 0
    assert len(page.records) == 3
    correction = next(r for r in page.records if r.corrects)
    assert correction.note == "Rettet: Anna gik tre gange." and correction.held_on == old.held_on
    assert correction.goals[2].degree == "Delvist opfyldt"
    assert next(r for r in page.records if r.id == old.id).corrected
    with session_scope() as db:
        assert db.get(FollowUpRecord, int(correction.id)).corrects_id == int(old.id)
    assert page.next_due == next_due_before  # a correction does not move the calendar


async def test_cancelling_a_correction_leaves_the_correction_mode(demo_people):
    page = await _follow_up_page("maria", "anna")
    await FollowUpState.correct.fn(page, page.records[0].id)
    key = page.record_form_key
    FollowUpState.cancel_correction.fn(page)
    assert page.correcting == "" and page.correcting_id == 0 and page.record_form_key != key


async def test_correcting_a_record_that_is_not_on_the_page_does_nothing(demo_people):
    page = await _follow_up_page("maria", "anna")
    key = page.record_form_key
    assert await FollowUpState.correct.fn(page, "999999") is None
    assert page.correcting_id == 0 and page.record_form_key == key


async def test_after_a_save_the_new_record_form_offers_todays_date_as_on_load(demo_people):
    page = await _follow_up_page("maria", "anna")
    assert page.form_defaults.held_on == page.today
    await FollowUpState.save_record.fn(page, _record_form(page))
    assert page.record_error == ""
    assert page.form_defaults.held_on == page.today
    await FollowUpState.correct.fn(page, page.records[0].id)
    FollowUpState.cancel_correction.fn(page)
    assert page.form_defaults.held_on == page.today


# ------------------------------------------------------------------ the contact person's overview


async def test_the_overview_shows_the_next_date_overdue_and_news(demo_people):
    page = _state_at(ContactHomeState, "jonas", routes.CONTACT_PERSON_HOME)
    await ContactHomeState.load.fn(page)
    rows = {row.name: row for row in page.citizens}
    assert set(rows) == {"Bo Nielsen", "Camilla Sørensen", "Dennis Hansen"}
    bo = rows["Bo Nielsen"]
    assert bo.overdue is True
    assert bo.next_due == i18n.long_date(_live_follow_up("bo").due_on, "da")
    assert bo.news == "2 nye eller ændrede delte punkter"  # the goal and its step, never opened
    assert bo.href == routes.follow_up(user_id_of("bo"))
    assert rows["Camilla Sørensen"].next_due == "" and rows["Camilla Sørensen"].overdue is False
    assert rows["Camilla Sørensen"].news == ""
    assert page.citizens[0].name == "Bo Nielsen"  # overdue first


async def test_opening_the_follow_up_page_makes_the_news_old(demo_people):
    await _follow_up_page("jonas", "bo")
    page = _state_at(ContactHomeState, "jonas", routes.CONTACT_PERSON_HOME)
    await ContactHomeState.load.fn(page)
    assert next(r for r in page.citizens if r.name == "Bo Nielsen").news == ""


async def test_a_new_comment_from_the_citizen_is_counted_on_the_overview(demo_people):
    with session_scope() as db:
        anna = load_actor(db, user_id_of("anna"))
        item_id = db.exec(select(SharedSnapshot.item_id).where(SharedSnapshot.citizen_id == anna.user_id,
                                                               SharedSnapshot.kind == "goal",
                                                               SharedSnapshot.audience == Audience.CONTACT_PERSON.value)).first()
        comments.add_comment(db, anna, anna.user_id, item_id, "Jeg har været i Netto i dag!",
                             to=Audience.CONTACT_PERSON)
    page = _state_at(ContactHomeState, "maria", routes.CONTACT_PERSON_HOME)
    await ContactHomeState.load.fn(page)
    assert page.citizens[0].comments == "1 ny kommentar"
    await _follow_up_page("maria", "anna")  # opening the plan: read
    await ContactHomeState.sort_by.fn(page, "attention")
    assert page.citizens[0].comments == ""


async def test_sorting_the_overview(demo_people):
    jonas_id = user_id_of("jonas")
    today = danish_today()
    with session_scope() as db:
        jonas = load_actor(db, jonas_id)
        # Bo's meeting is moved ahead (no longer overdue; his shared goal is still news), Camilla gets a date
        # soon, Dennis none.
        follow_up.schedule(db, jonas, user_id_of("bo"), follow_up.ScheduleInput(due_on=(today + timedelta(days=60)).isoformat()))
        follow_up.schedule(db, jonas, user_id_of("camilla"),
                           follow_up.ScheduleInput(due_on=(today + timedelta(days=5)).isoformat()))
    page = _state_at(ContactHomeState, "jonas", routes.CONTACT_PERSON_HOME)
    await ContactHomeState.load.fn(page)

    def names() -> list[str]:
        return [row.name.split()[0] for row in page.citizens]

    assert page.sort == "attention" and names() == ["Bo", "Dennis", "Camilla"]  # news, no date, then the date
    await ContactHomeState.sort_by.fn(page, "name")
    assert page.sort == "name" and names() == ["Bo", "Camilla", "Dennis"]
    await ContactHomeState.sort_by.fn(page, "next_due")
    assert page.sort == "next_due" and names() == ["Camilla", "Bo", "Dennis"]
    await ContactHomeState.sort_by.fn(page, "drop table")  # not a sort: the order stays
    assert page.sort == "next_due" and names() == ["Camilla", "Bo", "Dennis"]


# ------------------------------------------------------------------ the citizen's home and the printed plan


async def test_the_citizen_home_shows_the_next_meeting(demo_people):
    home = _state_at(CitizenHomeState, "anna", routes.CITIZEN_HOME)
    await CitizenHomeState.load.fn(home)
    due = _live_follow_up("anna").due_on
    assert due > danish_today()
    assert home.next_meeting == i18n.long_date(due, "da")
    assert home.next_meeting_detail == "13:00 · Bostedet"


async def test_a_citizen_without_a_meeting_sees_no_date(demo_people):
    home = _state_at(CitizenHomeState, "camilla", routes.CITIZEN_HOME)
    await CitizenHomeState.load.fn(home)
    assert home.next_meeting == "" and home.next_meeting_detail == ""


async def test_the_printed_plan_has_the_frame_the_goals_and_the_last_follow_up(demo_people):
    page = _state_at(PrintPlanState, "maria", routes.print_plan(user_id_of("anna")))
    await PrintPlanState.load.fn(page)
    assert page.error == ""
    assert (page.blocks[0].kind, page.blocks[0].text, page.blocks[0].label) == ("h1", "Indsatsplan for Anna Jensen", "")
    texts = [b.text for b in page.blocks]
    assert [b.text for b in page.blocks if b.kind == "h3"][:3] == [
        f"Mål {n}: {title}" for n, title in enumerate(ANNA_GOALS, start=1)]
    assert any(b.label == "Formålet med indsatsen" and b.text.startswith("Anna skal") for b in page.blocks)
    assert any(b.label == "Næste opfølgning" for b in page.blocks)
    assert any(t.startswith("Seneste opfølgning ") for t in texts)
    assert page.back_href == routes.follow_up(user_id_of("anna")) and page.pdf_href == routes.plan_pdf(user_id_of("anna"))


async def test_the_printed_plan_of_someone_elses_citizen_is_refused(demo_people):
    page = _state_at(PrintPlanState, "jonas", routes.print_plan(user_id_of("anna")))
    await PrintPlanState.load.fn(page)
    assert page.error == NO_ACCESS and page.blocks == []
