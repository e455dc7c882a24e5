"""The follow-up rules on their own, no database: the first follow-up no later than 3 months ahead for a
new or complex case and within a year otherwise (seed 002 rec. 10), overdue only when the date has passed
without a record, the expected duration is a length and never a date (seed 004), and the 80 % rule
(seed 003)."""

from datetime import date, timedelta

import pytest

from citizenplan.domain.follow_up import (
    is_close,
    is_overdue,
    latest_allowed,
    looks_like_a_date,
    next_after_meeting,
    proposed_date,
    suggest_smaller_goals,
)
from citizenplan.models import PlanFrame

TODAY = date(2026, 5, 4)


# ---------------------------------------------------------------- the latest date the rule allows


@pytest.mark.parametrize(("start", "close", "limit"), [
    (date(2026, 5, 4), True, date(2026, 8, 4)),
    (date(2026, 5, 4), False, date(2027, 5, 4)),
    (date(2026, 11, 15), True, date(2027, 2, 15)),  # across the new year
    (date(2026, 11, 30), True, date(2027, 2, 28)),  # no 30 February: the last day of the month
    (date(2027, 11, 30), True, date(2028, 2, 29)),  # a leap year
    (date(2028, 2, 29), False, date(2029, 2, 28)),
])
def test_the_first_follow_up_is_no_later_than_three_months_for_a_close_case_and_a_year_otherwise(start, close, limit):
    assert latest_allowed(start, close) == limit


def test_a_close_case_is_followed_up_sooner_than_one_that_is_not():
    assert latest_allowed(TODAY, close_follow_up=True) < latest_allowed(TODAY, close_follow_up=False)


# ---------------------------------------------------------------- the next date after a meeting


@pytest.mark.parametrize(("frame", "held_on", "proposed"), [
    (None, TODAY, date(2026, 8, 4)),  # no handleplan recorded yet: a new case, within 3 months
    (PlanFrame(citizen_id=1, author_id=1, close_follow_up=True), TODAY, date(2026, 8, 4)),
    (PlanFrame(citizen_id=1, author_id=1, close_follow_up=False), TODAY, date(2027, 5, 4)),
    (PlanFrame(citizen_id=1, author_id=1, close_follow_up=False), date(2026, 11, 30), date(2027, 11, 30)),
])
def test_after_a_meeting_the_next_follow_up_proposed_is_the_rules_latest_date_from_that_meeting(
        frame, held_on, proposed):
    assert next_after_meeting(frame, held_on) == proposed == latest_allowed(held_on, is_close(frame))


# ---------------------------------------------------------------- the proposed date


def test_the_proposal_is_the_rules_latest_date_while_it_is_still_ahead():
    assert proposed_date(date(2026, 3, 1), True, TODAY) == date(2026, 6, 1)
    assert proposed_date(TODAY, False, TODAY) == date(2027, 5, 4)


def test_the_rules_date_is_still_proposed_the_day_before_it():
    start = date(2026, 2, 5)  # the limit is 5 May, tomorrow
    assert proposed_date(start, True, TODAY) == date(2026, 5, 5)


@pytest.mark.parametrize("start", [date(2026, 2, 3), date(2025, 1, 1), date(2020, 6, 30)])
def test_when_the_rules_date_has_passed_two_weeks_from_today_is_proposed(start):
    assert latest_allowed(start, True) < TODAY
    assert proposed_date(start, True, TODAY) == TODAY + timedelta(days=14)


def test_the_proposal_is_never_in_the_past():
    for days_back in range(0, 800, 7):
        start = TODAY - timedelta(days=days_back)
        for close in (True, False):
            assert proposed_date(start, close, TODAY) > TODAY


# ---------------------------------------------------------------- overdue


@pytest.mark.parametrize(("due_on", "recorded", "overdue"), [
    (TODAY - timedelta(days=1), False, True),  # the date has passed, nothing recorded
    (TODAY - timedelta(days=400), False, True),
    (TODAY, False, False),  # today is not overdue: the meeting may be this afternoon
    (TODAY + timedelta(days=1), False, False),
    (TODAY - timedelta(days=1), True, False),  # held and recorded
    (None, False, False),  # nothing on the calendar
    (None, True, False),
])
def test_a_follow_up_is_overdue_only_when_its_date_has_passed_and_no_record_answers_it(due_on, recorded, overdue):
    assert is_overdue(due_on, recorded, TODAY) is overdue


# ---------------------------------------------------------------- the expected duration is a length


@pytest.mark.parametrize("text", [
    "1/3-2027", "1. marts 2027", "2027-03-01", "marts 2027", "Marts 2027", "01.03.2027", "1.3.2027",
    "1-3-2027", "1 marts", "1. mar. 2027", "til 1/3-2027", "ca. 2 år, til 1. marts 2027", "31/12",
    "december 2027",
])
def test_a_duration_written_as_a_date_is_recognised_as_a_date(text):
    assert looks_like_a_date(text) is True


@pytest.mark.parametrize("text", [
    "ca. 2 år", "mindst 1 år", "længerevarende", "Længerevarende", "2 år", "et halvt år", "6 måneder",
    "ca. 18 måneder", "mindst 12 uger", "Mindst et år, måske længere", "6 mdr.", "",
])
def test_a_duration_written_as_a_length_is_not_a_date(text):
    assert looks_like_a_date(text) is False


@pytest.mark.parametrize("text", ["1-2 år", "ca. 2-3 år", "1/2 år"])
def test_a_duration_written_as_a_range_or_a_fraction_of_years_is_not_a_date(text):
    assert looks_like_a_date(text) is False


# ---------------------------------------------------------------- the 80 % rule


@pytest.mark.parametrize(("met", "followed_up", "suggest"), [
    (0, 0, False),  # nothing followed up: nothing to say
    (0, 1, False),  # with one or two goals a single miss says little
    (1, 2, False),
    (0, 2, False),
    (2, 3, True),  # 67 %
    (3, 3, False),
    (3, 4, True),  # 75 %
    (4, 5, False),  # exactly 80 % is enough
    (3, 5, True),  # 60 %
    (7, 9, True),  # 78 %
    (8, 10, False),
    (79, 100, True),
    (80, 100, False),
    (28, 35, False),  # 80 % again, where 0.8 * n is not exact in floating point
    (0, 3, True),
])
def test_fewer_than_80_percent_of_three_or_more_goals_met_suggests_smaller_goals(met, followed_up, suggest):
    assert suggest_smaller_goals(met, followed_up) is suggest


def test_at_or_above_80_percent_never_suggests_smaller_goals():
    for followed_up in range(3, 60):
        for met in range(followed_up + 1):
            assert suggest_smaller_goals(met, followed_up) is (met * 5 < followed_up * 4), (met, followed_up)
