"""The report's fact tables (domain.report_facts): every write through the app leaves them exactly as a
rebuild from the source tables would, and the report over them agrees with a plain reading of every row
for periods that end today and periods long past. SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from citizenplan import synthetic
from citizenplan.domain import follow_up, report, report_facts, sharing, workbook
from citizenplan.models import ReportGoalFact
from tests.support.follow_up_case import (
    MET,
    NOT_MET,
    NOW,
    PARTLY,
    TODAY,
    change_and_share,
    make_case,
    plan,
    save_frame,
    share_goal,
    sign,
)
from tests.support.report_counts import Spy, assert_counts_match, expected_counts, manager_of_all_units, run

DAY = timedelta(days=1)


def facts(db: Session) -> list[tuple]:
    rows = [tuple(v for k, v in row.model_dump().items() if k != "id") for row in db.exec(select(ReportGoalFact))]
    return sorted(rows, key=repr)


def assert_same_as_a_rebuild(db: Session) -> None:
    kept = facts(db)
    report_facts.rebuild(db)
    db.commit()
    assert kept == facts(db)


def test_every_write_the_report_counts_leaves_the_facts_as_a_rebuild_would(db):
    """Checked after each write on its own, so that one write's refresh cannot hide another's lack of one."""
    c = make_case(db)
    goals: dict[str, int] = {}
    records = []
    writes = [
        lambda: goals.update(walk=share_goal(c, "Gå en tur", now=NOW - 300 * DAY)),
        lambda: goals.update(cook=share_goal(c, "Lave mad", now=NOW - 250 * DAY, success="")),
        lambda: change_and_share(c, goals["walk"], {"title": "Gå en lang tur", "life_area": "family"},
                                 now=NOW - 200 * DAY),
        lambda: follow_up.assess_goal(db, c.contact, c.citizen, goals["walk"], "developing", True, "",
                                      now=NOW - 190 * DAY),
        lambda: save_frame(c, now=NOW - 190 * DAY),
        lambda: plan(c, TODAY - 100 * DAY, now=NOW - 180 * DAY),
        lambda: records.append(sign(c, {goals["walk"]: MET, goals["cook"]: NOT_MET}, held_on=TODAY - 120 * DAY,
                                    now=NOW - 120 * DAY)),
        lambda: sign(c, {goals["walk"]: PARTLY, goals["cook"]: NOT_MET}, held_on=TODAY - 120 * DAY,
                     corrects=records[0].id, now=NOW - 110 * DAY),
        lambda: sign(c, {goals["walk"]: MET, goals["cook"]: MET}, held_on=TODAY - 20 * DAY, now=NOW - 20 * DAY),
        lambda: sharing.stop_sharing(db, c.me, goals["cook"], now=NOW - 10 * DAY),
        lambda: workbook.delete(db, c.me, goals["walk"], now=NOW - 5 * DAY),
    ]
    for write in writes:
        before = facts(db)
        write()
        db.commit()
        after = facts(db)
        assert after != before  # every one of these writes changes something the report counts
        assert_same_as_a_rebuild(db)
    assert facts(db) != []  # the stopped goal still counts for the periods it was shared in


def test_a_stopped_goal_keeps_its_history_and_a_deleted_one_leaves_none(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur", now=NOW - 300 * DAY)
    cook = share_goal(c, "Lave mad", now=NOW - 300 * DAY)
    sharing.stop_sharing(db, c.me, walk, now=NOW - 10 * DAY)
    workbook.delete(db, c.me, cook, now=NOW - 10 * DAY)
    db.commit()
    rows = db.exec(select(ReportGoalFact)).all()
    assert [(r.item_id, r.shared_until) for r in rows] == [(walk, report_facts.day(NOW - 10 * DAY))]


def test_a_database_without_facts_is_noticed_and_rebuilt(db):
    c = make_case(db)
    share_goal(c, "Gå en tur")
    assert report_facts.built(db)
    db.exec(ReportGoalFact.__table__.delete())
    db.commit()
    assert not report_facts.built(db)
    report_facts.rebuild(db)
    assert report_facts.built(db)


@pytest.mark.parametrize("days_back, length", [(0, 365), (150, 120), (380, 200), (600, 365)])
def test_the_report_for_any_period_is_what_the_rows_say(db, monkeypatch, days_back, length):
    """Periods ending today and long ago, so that later meetings, later copies and stopped sharing matter."""
    synthetic.generate(db, 150, seed=5, now=NOW)
    who = manager_of_all_units(db)
    end = TODAY - days_back * DAY
    period = report.Period(end - length * DAY, end)
    spy = Spy(monkeypatch)
    run(db, who, period)
    assert_counts_match(spy, expected_counts(db, set(who.managed_unit_ids), period, NOW))


def test_a_period_before_a_goal_was_reworded_counts_the_words_it_had_then(db, monkeypatch):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur", now=NOW - 300 * DAY, life_area="body_and_health")
    change_and_share(c, walk, {"life_area": "family"}, now=NOW - 100 * DAY)
    sign(c, {walk: NOT_MET}, held_on=TODAY - 200 * DAY, now=NOW - 200 * DAY)
    sign(c, {walk: MET}, held_on=TODAY - 50 * DAY, now=NOW - 50 * DAY)
    for end in (TODAY, TODAY - 150 * DAY, TODAY - 250 * DAY):
        period = report.Period(end - 120 * DAY, end)
        spy = Spy(monkeypatch)
        run(db, c.manager, period)
        assert_counts_match(spy, expected_counts(db, set(c.manager.managed_unit_ids), period, NOW))
