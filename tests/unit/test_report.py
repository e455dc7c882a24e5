"""The manager's report (citizenplan.domain.report and citizenplan.reports.management): the pilot's figures,
what counts as a plan and a goal, the period, fulfilment and overdue follow-ups, who may read it, a fixed
number of SQL statements, no name, text or id in anything it returns, and CSV that Danish Excel opens.
SQLite and PostgreSQL.

The counts before protection are checked against our own reading of the rows (`expected_counts`, plain
Python over every row) by watching what the report hands to disclosure.protect.
"""

import csv
import io
import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert
from sqlmodel import Session, select

from citizenplan import synthetic
from citizenplan.clock import danish_today
from citizenplan.domain import disclosure, report, report_facts, sharing, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.disclosure import TOTAL
from citizenplan.domain.errors import AccessDenied, UserError
from citizenplan.domain.follow_up import GoalInput
from citizenplan.domain.vocabulary import Role
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import (
    FollowUp,
    FollowUpRecord,
    GoalAssessment,
    GoalFulfilment,
    PlanFrame,
    SharedSnapshot,
    Unit,
    User,
    WorkbookItem,
)
from citizenplan.reports import management
from tests.support.disclosure_search import Search
from tests.support.follow_up_case import (
    MET,
    NOT_MET,
    NOW,
    PARTLY,
    REL,
    TODAY,
    Case,
    change_and_share,
    goal_content,
    make_case,
    plan,
    save_frame,
    share_goal,
    share_item,
    sign,
)
from tests.support.people import actor
from tests.support.report_counts import (
    DAY,
    PERIOD,
    PILOT_SHAPES,
    F,
    H,
    P,
    Spy,
    _aware,
    assert_counts_match,
    expected_counts,
    manager_of_all_units,
    run,
)
from tests.support.statements import statements

BACKWARDS = "Perioden slutter, før den begynder. Vælg en slutdato efter startdatoen."
BIG_ID = 7_300_000  # rows written here get ids no count or date could contain


# ---------------------------------------------------------------- helpers


def figures(table: disclosure.ProtectedTable) -> dict[tuple[str, str], int | None]:
    return {key: cell.value for key, cell in table.cells.items()}


def area_row(table: disclosure.ProtectedTable, column: str) -> tuple[int | None, ...]:
    return tuple(table.cell(a, column).value for a in (H, P, F, TOTAL))


def add_plans(db: Session, unit_id: int, count: int, *, first_id: int, author_id: int,
              at: datetime = NOW - 30 * DAY, revoked_at: datetime | None = None, name: str = "Borger",
              title: str = "Mål", goals_each: int = 1, degree: str | None = None, follow_up: str | None = None,
              content: dict[str, Any] | None = None, text: str = "") -> list[int]:
    """`count` citizens in the unit, each with `goals_each` goals shared with the contact person at `at`,
    written in bulk with ids from `first_id` on. degree: a signed record ten days ago rates every goal.
    follow_up: "overdue" (live, due yesterday), "today", "upcoming", "cancelled" (due 20 days ago) or
    "done" (due 10 days ago, answered by the record). `text` goes into every free-text field."""
    users, items, snaps, records, fulfilments, follow_ups = [], [], [], [], [], []
    citizen_ids = []
    for n in range(count):
        citizen_id = first_id + n
        citizen_ids.append(citizen_id)
        users.append({"id": citizen_id, "username": None, "display_name": f"{name} {n + 1}",
                      "role": Role.CITIZEN.value, "unit_id": unit_id, "locale": "da", "password_hash": None,
                      "created_at": at, "activated_at": at})
        record_id = first_id + 30_000 + n
        if degree or follow_up == "done":
            records.append({"id": record_id, "citizen_id": citizen_id, "held_on": TODAY - 10 * DAY,
                            "participants": f"Deltagere {text}", "note": f"Note {text}", "author_id": author_id,
                            "signed_at": NOW - 10 * DAY, "corrects_id": None})
        for g in range(goals_each):
            item_id = first_id + 10_000 + n * goals_each + g
            body = {"title": f"{title} {g + 1}", "why": f"Hvorfor {text}", "success": f"Succes {text}",
                    "target_date": "2026-12-01", "life_area": "housing", "who_dimension": "environment",
                    **(content or {})}
            items.append({"id": item_id, "citizen_id": citizen_id, "kind": "goal", "parent_id": None,
                          "origin_id": None, "position": g, "version": 1, "created_at": at, "updated_at": at,
                          "deleted_at": None})
            snaps.append({"id": item_id + 10_000, "citizen_id": citizen_id, "item_id": item_id,
                          "audience": "contact_person", "kind": "goal", "parent_item_id": None, "position": g,
                          "approved_version": 1, "content": body, "approved_at": at, "revoked_at": revoked_at})
            if degree:
                fulfilments.append({"id": item_id + 30_000, "record_id": record_id, "citizen_id": citizen_id,
                                    "item_id": item_id, "goal_title": body["title"],
                                    "description": f"Beskrivelse {text}", "degree": degree,
                                    "citizen_view": f"Syn {text}", "citizen_degree": degree})
        if follow_up:
            due = {"overdue": TODAY - DAY, "today": TODAY, "upcoming": TODAY + 30 * DAY,
                   "cancelled": TODAY - 20 * DAY, "done": TODAY - 10 * DAY}[follow_up]
            follow_ups.append({"id": first_id + 40_000 + n, "citizen_id": citizen_id, "due_on": due,
                               "at_time": "", "place": f"Sted {text}", "participants": "", "reason_later": "",
                               "scheduled_by": author_id, "created_at": at,
                               "cancelled_at": NOW - 25 * DAY if follow_up == "cancelled" else None,
                               "done_by_record_id": record_id if follow_up == "done" else None})
    for model, rows in [(User, users), (WorkbookItem, items), (SharedSnapshot, snaps), (FollowUpRecord, records),
                        (GoalFulfilment, fulfilments), (FollowUp, follow_ups)]:
        if rows:
            db.execute(insert(model.__table__), rows)
    report_facts.rebuild(db, citizen_ids)  # rows written past the domain: bring the report's facts along
    db.commit()
    return citizen_ids


def strings_of(result: report.Report, locale: str) -> list[str]:
    """Everything the report gives a page or a download, as text."""
    out = [repr(result)]
    for table in management.tables(result, locale):
        out += [table.key, table.title, table.note, repr(table.columns), repr(table.rows), repr(table.chart),
                repr(table.series), management.as_csv(table)]
    return out


# ---------------------------------------------------------------- (a) the pilot's figures


def test_the_pilot_population_gives_exactly_the_pilot_s_plans_and_goals(db):
    """Once everything the generator wrote lies in the past, the report shows the pilot's figures."""
    synthetic.generate(db, 0, shapes=PILOT_SHAPES, now=NOW, seed=1)
    later = NOW + 31 * DAY  # the generator dates goals up to 30 days after a plan starts
    result = run(db, manager_of_all_units(db), report.default_period(danish_today(later)), now=later)
    assert area_row(result.plans_and_goals, "plans") == (22, 16, 29, 67)
    assert area_row(result.plans_and_goals, "goals") == (45, 19, 51, 115)
    assert not any(cell.hidden for cell in result.plans_and_goals.cells.values())
    first = management.tables(result, "da")[0]
    assert first.key == "plans_and_goals"
    assert first.columns == ["Område", "Planer", "Mål (delmål)"]
    assert first.rows == [["Handicap", "22", "45"], ["Psykiatri", "16", "19"], ["Forsorg og misbrug", "29", "51"],
                          ["I alt", "67", "115"]]
    assert first.chart == [{"area": "Handicap", "plans": 22, "goals": 45},
                           {"area": "Psykiatri", "plans": 16, "goals": 19},
                           {"area": "Forsorg og misbrug", "plans": 29, "goals": 51}]
    handleplans = management.tables(result, "da")[1]  # II: every pilot plan has its handleplan
    assert handleplans.key == "handleplans"
    assert handleplans.rows == [["Handicap", "22", "22", "100\xa0%"], ["Psykiatri", "16", "16", "100\xa0%"],
                                ["Forsorg og misbrug", "29", "29", "100\xa0%"], ["I alt", "67", "67", "100\xa0%"]]


def pilot_follow_ups(c: Case) -> None:
    """The pilot's 67 plans and 115 goals (seed 000, table I) with its follow-ups (seed 001, figure III): 26
    goals followed up, 19 + 6 + 1 by area (73 %, 23 %, 4 % of them), and 56 goals whose follow-up date has
    passed (the seed's split by area does not survive its text extraction; 26 + 12 + 18 is ours)."""
    p, ids = c.people, itertools.count(BIG_ID, 1_000)
    for unit, count, goals_each, kind in [
            (p.unit_a, 1, 3, "followed"), (p.unit_a, 8, 2, "followed"), (p.unit_a, 13, 2, "overdue"),
            (p.unit_b, 3, 2, "followed"), (p.unit_b, 12, 1, "overdue"), (p.unit_b, 1, 1, ""),
            (p.unit_c, 1, 1, "followed"), (p.unit_c, 9, 2, "overdue"), (p.unit_c, 13, 2, ""), (p.unit_c, 6, 1, "")]:
        add_plans(c.db, unit, count, first_id=next(ids), author_id=p.contact, goals_each=goals_each,
                  degree=MET if kind == "followed" else None, follow_up="overdue" if kind == "overdue" else None)


def test_the_pilot_s_goals_with_a_follow_up_26_and_overdue_56_of_115_counted_per_goal(db):
    c = make_case(db)
    pilot_follow_ups(c)
    result = run(db, manager_of_all_units(db))
    assert area_row(result.plans_and_goals, "plans") == (22, 16, 29, 67)
    assert area_row(result.plans_and_goals, "goals") == (45, 19, 51, 115)
    f = result.follow_up
    assert (f.cell(TOTAL, "goals").value, f.cell(TOTAL, "with_follow_up").value, f.cell(TOTAL, "overdue").value) == (
        115, 26, 56)
    assert area_row(f, "overdue") == (26, 12, 18, 56)
    assert f.cell(H, "with_follow_up").value == 19
    assert f.cell(F, "with_follow_up").primary  # 1 goal: "< 5", and Psykiatri's 6 hidden with it
    assert f.cell(P, "with_follow_up").hidden


def test_figure_iii_shows_each_area_s_share_of_each_category_as_the_seed_draws_it(db):
    c = make_case(db)
    pilot_follow_ups(c)
    table = next(t for t in management.tables(run(db, manager_of_all_units(db)), "da") if t.key == "follow_up")
    assert [point["area"] for point in table.chart] == [
        "Mål i alt (115)", "Mål m. opfølgning (26)", "Mål m. overskredet dato (56)"]
    assert table.chart[0] == {"area": "Mål i alt (115)", H: 39.1, P: 16.5, F: 44.3}  # the seed: 39 %, 17 %, 44 %
    assert table.chart[1] == {"area": "Mål m. opfølgning (26)", H: 73.1, P: None, F: None}  # the seed: 73 %
    assert table.chart[2] == {"area": "Mål m. overskredet dato (56)", H: 46.4, P: 21.4, F: 32.1}
    assert table.rows[0] == ["Handicap", "45", "39\xa0%", "19", "73\xa0%", "26", "46\xa0%"]
    assert table.rows[-1] == ["I alt", "115", "100\xa0%", "26", "100\xa0%", "56", "100\xa0%"]
    assert [s for s, _ in table.series] == [H, P, F]


def add_handleplans(db: Session, citizen_ids: list[int], author_id: int, offer: str = "accepted",
                    made_on: date = TODAY - 40 * DAY) -> None:
    db.execute(insert(PlanFrame.__table__), [
        {"citizen_id": c, "version": 1, "purpose": "Formål", "intervention": "Indsats", "duration_kind": "",
         "duration_text": "", "special": {}, "close_follow_up": True, "started_on": made_on, "author_id": author_id,
         "created_at": NOW - 40 * DAY, "made_on": made_on, "offer": offer, "offer_on": made_on,
         "case_worker": "", "municipality": "", "intervention_scope": "", "suggestions": ""} for c in citizen_ids])
    report_facts.rebuild(db, citizen_ids)
    db.commit()


def test_figure_ii_is_the_share_of_handleplaner_that_have_an_indsatsplan(db):
    c = make_case(db)
    p = c.people
    with_goals = add_plans(db, p.unit_a, 10, first_id=BIG_ID, author_id=p.contact)
    no_goals = add_plans(db, p.unit_a, 5, first_id=BIG_ID + 1_000, author_id=p.contact, goals_each=0)
    declined = add_plans(db, p.unit_a, 5, first_id=BIG_ID + 2_000, author_id=p.contact)
    add_handleplans(db, with_goals[:8] + no_goals, p.contact)
    add_handleplans(db, declined, p.contact, offer="declined")  # she said no: no handleplan, but an indsatsplan
    result = run(db, c.manager)
    assert result.handleplans.cell(H, "handleplans").value == 13
    assert result.handleplans.cell(H, "with_provider_plan").value == 8
    assert result.plans_and_goals.cell(H, "plans").value == 15  # the 5 without goals have no plan here
    table = next(t for t in management.tables(result, "da") if t.key == "handleplans")
    assert table.title == "Andel indsatsplaner"
    assert table.rows[0] == ["Handicap", "13", "8", "62\xa0%"]
    assert table.chart[0] == {"area": "Handicap", "share": 61.5}


def test_a_handleplan_made_after_the_period_is_not_counted_in_it(db):
    c = make_case(db)
    ids = add_plans(db, c.people.unit_a, 5, first_id=BIG_ID, author_id=c.people.contact)
    add_handleplans(db, ids, c.people.contact, made_on=TODAY - 5 * DAY)
    earlier = run(db, c.manager, report.Period(TODAY - 300 * DAY, TODAY - 10 * DAY))
    assert (earlier.handleplans.cell(H, "handleplans").value, earlier.offers.cell(H, "offered").value) == (0, 0)
    assert run(db, c.manager).handleplans.cell(H, "with_provider_plan").value == 5


def test_citizens_offered_a_handleplan_and_those_who_said_no_are_counted(db):
    c = make_case(db)
    p = c.people
    add_handleplans(db, add_plans(db, p.unit_a, 7, first_id=BIG_ID, author_id=p.contact), p.contact)
    add_handleplans(db, add_plans(db, p.unit_a, 5, first_id=BIG_ID + 1_000, author_id=p.contact), p.contact,
                    offer="declined")
    add_handleplans(db, add_plans(db, p.unit_a, 6, first_id=BIG_ID + 2_000, author_id=p.contact), p.contact,
                    offer="not_yet")  # not offered yet
    add_handleplans(db, add_plans(db, p.unit_a, 5, first_id=BIG_ID + 3_000, author_id=p.contact), p.contact,
                    offer="")  # not on record
    result = run(db, c.manager)
    assert (result.offers.cell(H, "offered").value, result.offers.cell(H, "declined").value) == (12, 5)
    table = next(t for t in management.tables(result, "da") if t.key == "offers")
    assert table.rows[0] == ["Handicap", "12", "5", "42\xa0%"]


def test_figure_iv_counts_the_who_dimension_the_contact_person_chose_and_shows_shares(db):
    c = make_case(db)
    ids = add_plans(db, c.people.unit_a, 10, first_id=BIG_ID, author_id=c.people.contact)  # nærmiljø by life area
    goals = db.exec(select(SharedSnapshot.item_id).where(SharedSnapshot.citizen_id.in_(ids[:5]))).all()
    for item_id, citizen_id in zip(goals, ids[:5], strict=True):
        db.add(GoalAssessment(citizen_id=citizen_id, item_id=item_id, who_dimension="psychological", author_id=c.people.contact))
    db.flush()
    report_facts.rebuild(db, ids)
    db.commit()
    result = run(db, c.manager)
    assert (result.who.cell(H, "psychological").value, result.who.cell(H, "environment").value) == (5, 5)
    table = next(t for t in management.tables(result, "da") if t.key == "who")
    assert table.chart[0]["psychological"] == 50.0 and table.chart[0]["environment"] == 50.0


def test_the_pilot_population_reported_at_the_moment_it_was_made_gives_the_pilot_s_figures(db):
    synthetic.generate(db, 0, shapes=PILOT_SHAPES, now=NOW, seed=1)
    result = run(db, manager_of_all_units(db), report.default_period(TODAY), now=NOW)
    assert area_row(result.plans_and_goals, "plans") == (22, 16, 29, 67)
    assert area_row(result.plans_and_goals, "goals") == (45, 19, 51, 115)
    assert management.tables(result, "da")[0].rows[-1] == ["I alt", "67", "115"]


def test_the_synthetic_population_writes_no_goal_dated_after_now(db):
    synthetic.generate(db, 0, shapes=PILOT_SHAPES, now=NOW, seed=1)
    late = [s.item_id for s in db.exec(select(SharedSnapshot)).all() if _aware(s.approved_at) > NOW]
    assert late == []


@pytest.fixture
def xfail_on_postgres(request: pytest.FixtureRequest, db_url: str) -> None:
    if False:  # fixed: synthetic.generate moves PostgreSQL's sequences
        request.applymarker(pytest.mark.xfail(strict=True, reason=(
            "BUG: synthetic.generate inserts explicit ids (max(id) + 1) but never moves PostgreSQL's id "
            "sequences, so the next ordinary insert (a new user, unit, goal...) fails with a duplicate key; "
            "the demo's load_population does this to every demo database on PostgreSQL. fix: after the bulk "
            "insert, on PostgreSQL run setval(pg_get_serial_sequence(table, 'id'), max(id)) for each table")))


def test_after_a_synthetic_population_the_app_can_still_add_people_and_goals(db, xfail_on_postgres):
    synthetic.generate(db, 10, seed=1, now=NOW)
    unit_id = db.exec(select(Unit.id)).first()
    citizen = User(display_name="Ny borger", role=Role.CITIZEN.value, unit_id=unit_id, activated_at=NOW)
    db.add(citizen)
    db.commit()
    me = actor(db, citizen.id)
    goal = workbook.create_item(db, me, ItemKind.GOAL)
    workbook.write_fields(db, me, goal.id, goal_content("Nyt mål"), now=NOW)
    db.commit()
    assert citizen.id > 10 and goal.id > 10


# ---------------------------------------------------------------- (b) the same on SQLite and PostgreSQL

# A synthetic population of 150 citizens (seed 3, now NOW), reported at NOW for the last 12 months: the
# tables as published, worked out once. SQLite and PostgreSQL must both give exactly these.
EXPECTED_YEAR = {
    'plans_and_goals': [
        ["Handicap", "37", "87"],
        ["Psykiatri", "25", "51"],
        ["Forsorg og misbrug", "52", "122"],
        ["I alt", "114", "260"],
    ],
    'handleplans': [
        ["Handicap", "32", "29", "91\xa0%"],
        ["Psykiatri", "23", "19", "83\xa0%"],
        ["Forsorg og misbrug", "50", "38", "76\xa0%"],
        ["I alt", "105", "86", "82\xa0%"],
    ],
    'follow_up': [
        ["Handicap", "87", "33\xa0%", "42", "39\xa0%", "26", "25\xa0%"],
        ["Psykiatri", "51", "20\xa0%", "19", "18\xa0%", "12", "12\xa0%"],
        ["Forsorg og misbrug", "122", "47\xa0%", "47", "44\xa0%", "66", "63\xa0%"],
        ["I alt", "260", "100\xa0%", "108", "100\xa0%", "104", "100\xa0%"],
    ],
    'offers': [
        ["Handicap", "29", "< 5", "–"],
        ["Psykiatri", "25", "< 5", "–"],
        ["Forsorg og misbrug", "52", "< 5", "–"],
        ["I alt", "106", "10", "9\xa0%"],
    ],
    'who': [
        ["Handicap", "19", "–", "–", "44", "0", "87"],
        ["Psykiatri", "–", "< 5", "–", "–", "–", "51"],
        ["Forsorg og misbrug", "27", "–", "23", "58", "0", "122"],
        ["I alt", "61", "–", "46", "127", "0", "260"],
    ],
    'purpose': [
        ["Handicap", "–", "23", "37", "–", "87"],
        ["Psykiatri", "–", "–", "–", "< 5", "51"],
        ["Forsorg og misbrug", "12", "36", "57", "–", "122"],
        ["I alt", "32", "71", "120", "–", "260"],
    ],
    'fulfilment': [
        ["Handicap", "–", "–", "–", "42"],
        ["Psykiatri", "–", "< 5", "< 5", "19"],
        ["Forsorg og misbrug", "31", "–", "–", "47"],
        ["I alt", "61", "–", "–", "108"],
    ],
    'quality': [
        ["Handicap", "37", "43\xa0%", "65\xa0%", "86\xa0%", "32\xa0%", "65\xa0%"],
        ["Psykiatri", "25", "52\xa0%", "60\xa0%", "92\xa0%", "32\xa0%", "72\xa0%"],
        ["Forsorg og misbrug", "52", "48\xa0%", "54\xa0%", "79\xa0%", "29\xa0%", "54\xa0%"],
        ["I alt", "114", "47\xa0%", "59\xa0%", "84\xa0%", "31\xa0%", "61\xa0%"],
    ],
}


def _rows_by_key(result: report.Report) -> dict[str, list[list[str]]]:
    return {t.key: t.rows for t in management.tables(result, "da")}


@pytest.mark.parametrize("months", [12, 3])
def test_the_report_s_counts_are_what_the_rows_say(db, monkeypatch, months):
    synthetic.generate(db, 150, seed=3, now=NOW)
    who = manager_of_all_units(db)
    period = report.Period(TODAY - timedelta(days=30 * months), TODAY)
    spy = Spy(monkeypatch)
    run(db, who, period)
    assert_counts_match(spy, expected_counts(db, set(who.managed_unit_ids), period, NOW))


def test_sqlite_and_postgresql_publish_the_same_tables(db):
    synthetic.generate(db, 150, seed=3, now=NOW)
    result = run(db, manager_of_all_units(db))
    assert _rows_by_key(result) == EXPECTED_YEAR


def test_no_small_count_in_the_published_report_can_be_worked_out_from_what_the_markers_say(db, monkeypatch):
    """A reader who knows "< 5" is 1-4 and "–" is 0 or 5 and more, checked by our own exact search."""
    synthetic.generate(db, 150, seed=3, now=NOW)
    spy = Spy(monkeypatch)
    result = run(db, manager_of_all_units(db))
    counts = spy.named()
    for name, table, partition in [("plans", result.plans_and_goals, False), ("follow_up", result.follow_up, False),
                                   ("who", result.who, True), ("purpose", result.purpose, True),
                                   ("fulfilment", result.fulfilment, True), ("quality", result.quality, False)]:
        rows, columns = list(table.rows), list(table.columns)
        values = disclosure.with_totals(counts[name], rows, columns, partition)
        search = Search(table, values, rows, columns, partition, markers=True)
        pinned = [key for key in search.hidden if table.cells[key].primary and not search.has_another_value(key)]
        assert pinned == [], (name, {key: values[key] for key in pinned})


# ---------------------------------------------------------------- (c) a fixed number of SQL statements


def test_the_report_runs_as_many_sql_statements_for_300_citizens_as_for_10(db):
    synthetic.generate(db, 10, seed=1, now=NOW)
    who = manager_of_all_units(db)
    with statements(db) as for_small:
        small = run(db, who)
    db.commit()
    synthetic.generate(db, 290, seed=2, now=NOW)
    who = manager_of_all_units(db)
    with statements(db) as for_big:
        big = run(db, who)
    db.commit()
    assert len(for_big) == len(for_small), (for_small, for_big)
    assert len(for_small) <= 4  # unit names, the goals, the quality per plan, the handleplans
    assert big.plans_and_goals.cell(TOTAL, "plans").value > 200 > 10 >= (small.plans_and_goals.cell(
        TOTAL, "plans").value or 0)


# ---------------------------------------------------------------- (d) no name, text or id


def test_nothing_the_report_returns_holds_a_name_a_title_a_free_text_or_an_id(db):
    c = make_case(db)
    citizen = db.get(User, c.citizen)
    citizen.display_name = "Borger Qwertyson"
    db.add(citizen)
    db.commit()
    markers = ["Borger Qwertyson", "Borger Zebulon", "Mål 1", "Mål 2", "Qwerty", "Zebulon", "Xylofon",
               "Hemmelig", "Fritekst"]
    bulk = add_plans(db, c.people.unit_a, 6, first_id=BIG_ID, author_id=c.people.contact, name="Borger Zebulon",
                     title="Mål", goals_each=2, degree=MET, follow_up="done", text="Xylofon Hemmelig Fritekst")
    add_plans(db, c.people.unit_a, 5, first_id=BIG_ID + 500, author_id=c.people.contact, name="Borger Zebulon",
              follow_up="overdue", text="Xylofon")
    goal = share_goal(c, "Mål 1 Qwerty Hemmelig", why="Fritekst hvorfor Qwerty", success="Fritekst succes Qwerty",
                      now=NOW - 60 * DAY)
    save_frame(c, purpose="Fritekst formål Qwerty", intervention="Fritekst indsats Qwerty", now=NOW - 60 * DAY)
    sign(c, {goal: GoalInput(goal, PARTLY, "Fritekst beskrivelse Qwerty", "Fritekst syn Qwerty", MET)},
         held_on=TODAY - 20 * DAY, now=NOW - 20 * DAY, participants="Fritekst deltagere Qwerty",
         note="Fritekst note Qwerty")
    assert bulk[0] == BIG_ID
    ids = [str(row_id) for model in (User, WorkbookItem, SharedSnapshot, FollowUpRecord, GoalFulfilment, FollowUp)
           for row_id in db.exec(select(model.id).where(model.id >= BIG_ID)).all()]
    assert len(ids) > 40

    result = run(db, c.manager)
    assert result.plans_and_goals.cell(H, "plans").value == 12  # the data is in the report
    for locale in ("da", "en"):
        for text in strings_of(result, locale):
            for marker in markers + ids:
                assert marker not in text, (marker, text[:300])
            assert "Borger " not in text and "Mål 1" not in text


# ---------------------------------------------------------------- (e) what counts as a plan and a goal


def _five_plans(c: Case, **kwargs) -> None:
    add_plans(c.db, c.people.unit_a, 5, first_id=BIG_ID, author_id=c.people.contact, **kwargs)


def test_a_goal_shared_with_the_contact_person_makes_a_plan(db):
    c = make_case(db)
    _five_plans(c)
    share_goal(c, "Mål 1")
    share_goal(c, "Mål 2")
    result = run(db, c.manager)
    assert (result.plans_and_goals.cell(H, "plans").value, result.plans_and_goals.cell(H, "goals").value) == (6, 7)


def test_a_private_goal_a_deleted_goal_and_a_goal_shared_only_with_relatives_are_not_counted(db):
    c = make_case(db)
    _five_plans(c)
    share_goal(c, "Kun pårørende", REL)  # shared with relatives only
    share_item(c, ItemKind.GOAL, goal_content("Kladde"))  # never shared: the citizen's own draft
    gone = share_goal(c, "Slettet")
    workbook.delete(db, c.me, gone, now=NOW - DAY)
    db.commit()
    result = run(db, c.manager)
    assert figures(result.plans_and_goals)[(H, "plans")] == 5
    assert figures(result.plans_and_goals)[(H, "goals")] == 5


def test_a_goal_whose_sharing_was_revoked_before_the_period_is_not_counted_but_one_revoked_in_it_is(db):
    c = make_case(db)
    _five_plans(c)
    before = share_goal(c, "Stoppet før", now=NOW - 420 * DAY)
    sharing.stop_sharing(db, c.me, before, now=NOW - 380 * DAY)
    db.commit()
    assert area_row(run(db, c.manager).plans_and_goals, "goals")[0] == 5
    during = share_goal(c, "Stoppet i perioden", now=NOW - 200 * DAY)
    sharing.stop_sharing(db, c.me, during, now=NOW - 100 * DAY)
    db.commit()
    assert (figures(run(db, c.manager).plans_and_goals)[(H, "plans")],
            figures(run(db, c.manager).plans_and_goals)[(H, "goals")]) == (6, 6)


def test_the_period_s_edges_are_midnight_in_copenhagen(db):
    c = make_case(db)
    _five_plans(c)
    # 4 May 2025 23:59 in Copenhagen (summer time, UTC+2) is before the period; 00:00 on 5 May is in it.
    add_plans(db, c.people.unit_a, 5, first_id=BIG_ID + 100, author_id=c.people.contact,
              at=NOW - 500 * DAY, revoked_at=datetime(2025, 5, 4, 21, 59, tzinfo=UTC))
    add_plans(db, c.people.unit_a, 5, first_id=BIG_ID + 200, author_id=c.people.contact,
              at=NOW - 500 * DAY, revoked_at=datetime(2025, 5, 4, 22, 0, tzinfo=UTC))
    # and 4 May 2026 23:59 is the period's last minute; 00:00 on 5 May is after it.
    add_plans(db, c.people.unit_a, 5, first_id=BIG_ID + 300, author_id=c.people.contact,
              at=datetime(2026, 5, 4, 21, 59, tzinfo=UTC))
    add_plans(db, c.people.unit_a, 5, first_id=BIG_ID + 400, author_id=c.people.contact,
              at=datetime(2026, 5, 4, 22, 0, tzinfo=UTC))
    assert figures(run(db, c.manager).plans_and_goals)[(H, "plans")] == 15


def test_a_goal_shared_again_after_each_change_counts_once(db, monkeypatch):
    c = make_case(db)
    _five_plans(c)
    goal = share_goal(c, "Mål 1", now=NOW - 50 * DAY)
    change_and_share(c, goal, {"title": "Mål 1, anden udgave"}, now=NOW - 40 * DAY)
    change_and_share(c, goal, {"title": "Mål 1, tredje udgave", "life_area": "family"}, now=NOW - 30 * DAY)
    spy = Spy(monkeypatch)
    result = run(db, c.manager)
    assert (figures(result.plans_and_goals)[(H, "plans")], figures(result.plans_and_goals)[(H, "goals")]) == (6, 6)
    assert spy.named()["who"][(H, "social")] == 1  # the newest copy's life area (family is social)
    assert_counts_match(spy, expected_counts(db, set(c.manager.managed_unit_ids), PERIOD, NOW))


# ---------------------------------------------------------------- (f) the period


def test_a_period_that_ends_before_it_begins_is_refused_in_danish():
    with pytest.raises(UserError) as caught:
        report.period_from("2026-05-01", "2026-04-30", TODAY)
    assert caught.value.message == BACKWARDS


def test_a_date_that_is_not_a_date_is_refused_in_danish():
    with pytest.raises(UserError) as caught:
        report.period_from("1. maj", "", TODAY)
    assert caught.value.message == "Skriv datoerne som dato, fx 2026-01-31."


def test_empty_fields_give_the_last_twelve_months_today_included():
    assert report.period_from("", "", TODAY) == report.Period(date(2025, 5, 5), TODAY) == report.default_period(TODAY)
    assert report.period_from("  ", " ", TODAY) == report.default_period(TODAY)
    assert report.period_from("", "2026-01-31", TODAY) == report.Period(date(2025, 2, 1), date(2026, 1, 31))
    assert report.period_from("2026-01-01", "", TODAY) == report.Period(date(2026, 1, 1), TODAY)
    assert report.period_from("2026-03-01", "2026-03-01", TODAY) == report.Period(date(2026, 3, 1), date(2026, 3, 1))


def test_the_last_twelve_months_include_a_leap_day():
    assert report.default_period(date(2024, 2, 29)) == report.Period(date(2023, 3, 1), date(2024, 2, 29))
    assert report.default_period(date(2025, 3, 1)) == report.Period(date(2024, 3, 2), date(2025, 3, 1))


def test_a_period_with_no_data_is_empty(db):
    c = make_case(db)
    _five_plans(c)
    assert not run(db, c.manager).empty
    old = run(db, c.manager, report.Period(date(2020, 1, 1), date(2020, 12, 31)))
    assert old.empty
    assert all(cell.value == 0 for cell in old.plans_and_goals.cells.values())
    assert management.tables(old, "da")[0].rows[-1] == ["I alt", "0", "0"]


def test_a_report_with_a_few_plans_is_not_empty_though_the_count_is_hidden(db):
    c = make_case(db)
    share_goal(c, "Mål 1")
    result = run(db, c.manager)
    assert not result.empty
    assert result.plans_and_goals.cell(H, "plans").primary


# ---------------------------------------------------------------- (g) fulfilment and overdue


def test_fulfilment_counts_the_correction_not_the_record_it_corrects(db):
    c = make_case(db)
    _five_plans(c, degree=MET)
    add_plans(db, c.people.unit_a, 5, first_id=BIG_ID + 100, author_id=c.people.contact, degree=NOT_MET)
    goal = share_goal(c, "Mål 1", now=NOW - 60 * DAY)
    first = sign(c, {goal: NOT_MET}, held_on=TODAY - 20 * DAY, now=NOW - 20 * DAY)
    sign(c, {goal: MET}, held_on=TODAY - 20 * DAY, corrects=first.id)
    result = run(db, c.manager)
    assert (result.fulfilment.cell(H, MET).value, result.fulfilment.cell(H, NOT_MET).value) == (6, 5)
    assert result.follow_up.cell(H, "with_follow_up").value == 11
    assert result.fulfilment.cell(H, TOTAL).value == 11


def test_fulfilment_counts_the_newest_meeting_even_when_an_older_one_is_corrected_later(db):
    c = make_case(db)
    _five_plans(c, degree=MET)
    add_plans(db, c.people.unit_a, 5, first_id=BIG_ID + 100, author_id=c.people.contact, degree=NOT_MET)
    goal = share_goal(c, "Mål 1", now=NOW - 120 * DAY)
    january = sign(c, {goal: NOT_MET}, held_on=TODAY - 100 * DAY, now=NOW - 100 * DAY)
    sign(c, {goal: MET}, held_on=TODAY - 30 * DAY, now=NOW - 30 * DAY)  # the newest meeting: met
    sign(c, {goal: GoalInput(goal, NOT_MET, "Rettet stavefejl")}, held_on=TODAY - 100 * DAY,
         corrects=january.id)  # a typo in January's record, fixed today
    result = run(db, c.manager)
    assert (result.fulfilment.cell(H, MET).value, result.fulfilment.cell(H, NOT_MET).value) == (6, 5)


def test_a_record_held_before_the_period_does_not_count_as_a_follow_up(db):
    c = make_case(db)
    _five_plans(c, degree=MET)
    result = run(db, c.manager, report.Period(TODAY - 5 * DAY, TODAY))
    assert result.follow_up.cell(H, "with_follow_up").value == 0
    assert result.follow_up.cell(H, "goals").value == 5


def test_overdue_is_a_live_follow_up_whose_date_has_passed(db):
    c = make_case(db)
    _five_plans(c, follow_up="overdue")
    add_plans(db, c.people.unit_a, 5, first_id=BIG_ID + 100, author_id=c.people.contact, follow_up="today")
    add_plans(db, c.people.unit_a, 5, first_id=BIG_ID + 200, author_id=c.people.contact, follow_up="cancelled")
    add_plans(db, c.people.unit_a, 5, first_id=BIG_ID + 300, author_id=c.people.contact, follow_up="done",
              degree=PARTLY)
    add_plans(db, c.people.unit_a, 5, first_id=BIG_ID + 400, author_id=c.people.contact, follow_up="upcoming")
    share_goal(c, "Mål 1", now=NOW - 60 * DAY)
    share_goal(c, "Mål 2", now=NOW - 60 * DAY)
    plan(c, TODAY - 10 * DAY, now=NOW - 30 * DAY)  # put on the calendar then; passed since, no record
    result = run(db, c.manager)
    assert area_row(result.follow_up, "goals")[0] == 27
    assert area_row(result.follow_up, "overdue")[0] == 7  # 5 + the citizen's two goals
    assert area_row(result.follow_up, "with_follow_up")[0] == 5
    assert result.fulfilment.cell(H, PARTLY).value == 5
    # the quality line "next follow-up set" counts the plans with a live date today or later
    assert result.quality.cell(H, "next_follow_up").value == 10


def test_a_follow_up_due_today_is_not_yet_overdue_and_one_due_yesterday_is(db):
    c = make_case(db)
    _five_plans(c, follow_up="today")
    assert run(db, c.manager).follow_up.cell(H, "overdue").value == 0
    assert run(db, c.manager, now=NOW + DAY).follow_up.cell(H, "overdue").value == 0  # the period ended today
    later = report.default_period(TODAY + DAY)
    assert run(db, c.manager, later, now=NOW + DAY).follow_up.cell(H, "overdue").value == 5


def test_counts_from_goals_made_through_the_app_are_what_the_rows_say(db, monkeypatch):
    c = make_case(db)
    _five_plans(c, degree=MET, follow_up="done", content={"success": "", "who_dimension": "physical"})
    a = share_goal(c, "Mål 1", now=NOW - 90 * DAY)
    b = share_goal(c, "Mål 2", now=NOW - 90 * DAY, success="")
    save_frame(c, now=NOW - 90 * DAY)
    first = sign(c, {a: MET, b: PARTLY}, held_on=TODAY - 60 * DAY, now=NOW - 60 * DAY)
    sign(c, {a: GoalInput(a, NOT_MET, citizen_view="Det gik ikke"), b: PARTLY}, held_on=TODAY - 60 * DAY,
         corrects=first.id)
    spy = Spy(monkeypatch)
    run(db, c.manager)
    assert_counts_match(spy, expected_counts(db, set(c.manager.managed_unit_ids), PERIOD, NOW))
    seen = spy.named()
    assert seen["fulfilment"][(H, NOT_MET)] == 1 and seen["fulfilment"][(H, MET)] == 5
    assert seen["quality"][(H, "duration")] == 1 and seen["quality"][(H, "citizen_voice")] == 6
    assert seen["quality"][(H, "success")] == 0  # the citizen's second goal and the five have no success


# ---------------------------------------------------------------- (h) who may read it


def test_a_manager_sees_only_the_units_they_lead(db):
    c = make_case(db)
    _five_plans(c)
    add_plans(db, c.people.unit_b, 7, first_id=BIG_ID + 100, author_id=c.people.far_contact)
    mine = run(db, c.manager)
    assert area_row(mine.plans_and_goals, "plans") == (5, 0, 0, 5)
    assert mine.unit_names == ("Bostedet Test",)
    theirs = run(db, actor(db, c.people.other_manager))
    assert area_row(theirs.plans_and_goals, "plans") == (0, 7, 0, 7)
    assert theirs.unit_names == ("Psykiatrien Test",)


@pytest.mark.parametrize("role", ["contact", "citizen", "relative", "far_contact"])
def test_anyone_but_a_manager_is_refused(db, role):
    c = make_case(db)
    _five_plans(c)
    with pytest.raises(AccessDenied):
        run(db, actor(db, getattr(c.people, role)))


def test_a_manager_without_a_unit_is_refused(db):
    c = make_case(db)
    nobody = Actor(user_id=c.people.manager, role=Role.MANAGER, display_name="Manager")
    with pytest.raises(AccessDenied):
        run(db, nobody)


def test_a_contact_person_who_claims_a_unit_is_still_refused(db):
    c = make_case(db)
    claimed = Actor(user_id=c.people.contact, role=Role.CONTACT_PERSON, display_name="Contact",
                    unit_id=c.people.unit_a, managed_unit_ids=frozenset({c.people.unit_a}))
    with pytest.raises(AccessDenied):
        run(db, claimed)


# ---------------------------------------------------------------- (i) CSV for Danish Excel


def test_csv_has_a_byte_order_mark_semicolons_and_danish_column_names_and_excel_reads_the_rows_back(db):
    synthetic.generate(db, 0, shapes=PILOT_SHAPES, now=NOW - 31 * DAY, seed=1)
    for table in management.tables(run(db, manager_of_all_units(db)), "da"):
        data = management.as_csv(table)
        assert data.startswith("\ufeff")
        assert data.encode("utf-8").startswith(b"\xef\xbb\xbf")
        header = data[1:].split("\r\n")[0]
        assert header == ";".join(table.columns)
        assert header.startswith("Område;")
        text = data.encode("utf-8").decode("utf-8-sig")
        read = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        assert read == [table.columns, *table.rows]
    first = management.as_csv(management.tables(run(db, manager_of_all_units(db)), "da")[0])
    assert first == ("\ufeffOmråde;Planer;Mål (delmål)\r\nHandicap;22;45\r\nPsykiatri;16;19\r\n"
                     "Forsorg og misbrug;29;51\r\nI alt;67;115\r\n")
