"""The management figures as a FHIR MeasureReport (issue 23): the same counts as the report, nothing hidden
there shown here, and no free text."""

import json

import pytest
from fhir.resources.R4B.measurereport import MeasureReport

from citizenplan import synthetic
from citizenplan.clock import danish_today
from citizenplan.domain import disclosure, report
from citizenplan.domain.errors import AccessDenied
from citizenplan.domain.fhir import codes, measure
from tests.support.follow_up_case import NOW, make_case, save_frame, share_goal
from tests.support.report_counts import DAY, PILOT_SHAPES, H, manager_of_all_units, run


def _group(doc: dict, code: str) -> dict:
    return next(g for g in doc["group"] if g["code"]["coding"][0]["code"] == code)


def _by_area(group: dict) -> dict[str, int | None]:
    return {s["value"]["coding"][0]["code"]: s["population"][0].get("count")
            for s in group["stratifier"][0]["stratum"]}


def test_the_pilot_s_figures_are_the_measure_report_s_counts(db):
    synthetic.generate(db, 0, shapes=PILOT_SHAPES, now=NOW, seed=1)
    later = NOW + 31 * DAY
    result = run(db, manager_of_all_units(db), report.default_period(danish_today(later)), now=later)
    doc = measure.measure_report(result)
    MeasureReport.model_validate(doc)
    plans, goals = _group(doc, "plans_and_goals.plans"), _group(doc, "plans_and_goals.goals")
    assert plans["population"][0]["count"] == 67 and goals["population"][0]["count"] == 115
    assert _by_area(plans) == {"handicap": 22, "psychiatry": 16, "homelessness_and_addiction": 29}
    assert _by_area(goals) == {"handicap": 45, "psychiatry": 19, "homelessness_and_addiction": 51}


def test_the_who_dimensions_keep_the_codes_the_file_has_always_had(db):
    """The report counts by the stored English keys; the file's codes for them stay what they were."""
    doc = measure.measure_report(run(db, make_case(db).manager))
    who = [g["code"]["coding"][0]["code"] for g in doc["group"] if g["code"]["coding"][0]["code"].startswith("who.")]
    assert who == ["who.fysisk", "who.psykisk", "who.social", "who.naermiljoe", "who.not_given"]


def test_a_small_cell_has_no_count_in_the_file_but_is_marked_masked(db):
    c = make_case(db)
    share_goal(c, "Mål om at lave mad", now=NOW - 10 * DAY)
    save_frame(c, purpose="Et formål", now=NOW - 10 * DAY)
    result = run(db, c.manager)
    assert result.plans_and_goals.cell(H, "plans").hidden
    doc = measure.measure_report(result)
    stratum = next(s for s in _group(doc, "plans_and_goals.plans")["stratifier"][0]["stratum"]
                   if s["value"]["coding"][0]["code"] == H)
    population = stratum["population"][0]
    assert "count" not in population
    assert population["extension"] == [{"url": codes.DATA_ABSENT, "valueCode": "masked"}]
    hidden = sum(cell.hidden for name in measure.TABLES for (_, column), cell in getattr(result, name).cells.items()
                 if column != disclosure.TOTAL)  # an area's total over a split is its goals, already a group
    text = json.dumps(doc)
    assert text.count('"masked"') == hidden  # every hidden cell, and only those


def test_the_measure_report_holds_codes_and_counts_only(db):
    c = make_case(db)
    share_goal(c, "Fritekst Qwerty mål", why="Fritekst hvorfor", now=NOW - 10 * DAY)
    doc = measure.measure_report(run(db, c.manager))
    text = json.dumps(doc, ensure_ascii=False)
    assert "Qwerty" not in text and "Fritekst" not in text
    strings = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str):
            strings.append((key, value))
    walk(doc)
    assert {key for key, _ in strings} <= {"resourceType", "status", "type", "measure", "date", "start", "end",
                                           "system", "code", "url", "valueCode"}


def test_only_a_manager_of_the_unit_gets_the_measure_report(db):
    c = make_case(db)
    with pytest.raises(AccessDenied):
        measure.unit_measure_report(db, c.contact, report.default_period(danish_today(NOW)), now=NOW)
    assert disclosure.SMALLEST_SHOWN == 5
