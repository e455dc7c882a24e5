"""The contact person's overview: each assigned citizen with the next follow-up, an overdue flag, what the
citizen shared or changed since the contact person last opened the plan, unread comments, and three sort
orders. The page runs a fixed number of SQL statements however many citizens and goals there are.
SQLite and PostgreSQL."""

import time
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import insert
from sqlmodel import Session, select

from citizenplan.auth.passwords import hash_password
from citizenplan.domain import comments, follow_up, overview, sharing
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import AccessDenied
from citizenplan.domain.vocabulary import Audience, Role, ServiceArea
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import (
    CaseView,
    Comment,
    ContactAssignment,
    FollowUp,
    SharedSnapshot,
    User,
    WorkbookItem,
)
from tests.support.follow_up_case import (
    CP,
    MET,
    NOW,
    REL,
    TODAY,
    Case,
    change_and_share,
    goal_content,
    make_case,
    plan,
    second_contact,
    share_goal,
    share_item,
    sign,
)
from tests.support.people import actor
from tests.support.statements import statements

HOUR = timedelta(hours=1)


def add_citizen(c: Case, name: str, *, activated: bool = True) -> Actor | None:
    """A new citizen in my unit, followed by my contact person (who is loaded again to know it)."""
    user = User(username=name.casefold(), display_name=name, role=Role.CITIZEN.value, unit_id=c.people.unit_a,
                activated_at=NOW - timedelta(days=100) if activated else None, created_at=NOW - timedelta(days=100))
    c.db.add(user)
    c.db.flush()
    c.db.add(ContactAssignment(citizen_id=user.id, contact_person_id=c.people.contact, started_at=NOW))
    c.db.commit()
    c.contact = actor(c.db, c.people.contact)
    return actor(c.db, user.id) if activated else None


def rows_of(c: Case, *, sort: str = "attention", now: datetime = NOW, who: Actor | None = None
            ) -> dict[str, overview.OverviewRow]:
    return {r.name: r for r in overview.overview(c.db, who or c.contact, sort, now=now)}


def as_citizen(c: Case, me: Actor) -> Case:
    """The same case, with `me` as the citizen who writes and shares."""
    return Case(c.db, c.people, me, c.contact, c.other_contact, c.far_contact, c.relative, c.manager, c.neighbour)


# ---------------------------------------------------------------- the rows


def test_the_overview_lists_every_citizen_assigned_to_me_and_nobody_else(db):
    c = make_case(db)
    add_citizen(c, "Bente")
    add_citizen(c, "Carl", activated=False)
    rows = overview.overview(db, c.contact, now=NOW)
    assert sorted(r.name for r in rows) == ["Bente", "Carl", "Citizen"]  # not the neighbour or the stranger
    bente = next(r for r in rows if r.name == "Bente")
    assert (bente.service_area, bente.activated, bente.next_due, bente.overdue, bente.new_shared,
            bente.unread_comments, bente.shared_goals) == (ServiceArea.HANDICAP, True, None, False, 0, 0, 0)
    assert next(r for r in rows if r.name == "Carl").activated is False


def test_a_contact_person_with_no_citizens_sees_an_empty_overview(db):
    c = make_case(db)
    db.delete(db.exec(select(ContactAssignment).where(  # far_contact's only citizen
        ContactAssignment.contact_person_id == c.people.far_contact)).one())
    db.commit()
    assert overview.overview(db, actor(db, c.people.far_contact), now=NOW) == []


def test_next_due_is_the_follow_up_on_the_calendar(db):
    c = make_case(db)
    plan(c, date(2026, 6, 1))
    assert rows_of(c)["Citizen"].next_due == date(2026, 6, 1)
    plan(c, date(2026, 6, 15), now=NOW + HOUR)  # moved: the cancelled date is not the next one
    assert rows_of(c)["Citizen"].next_due == date(2026, 6, 15)
    walk = share_goal(c, "Gå en tur hver dag")
    sign(c, {walk: MET}, next_due=date(2026, 7, 1), now=NOW + 2 * HOUR)  # answered: the record's next date
    assert rows_of(c)["Citizen"].next_due == date(2026, 7, 1)


def test_a_follow_up_whose_date_has_passed_without_a_record_is_flagged_overdue(db):
    c = make_case(db)
    plan(c, TODAY - timedelta(days=2), now=NOW - timedelta(days=30))
    assert rows_of(c)["Citizen"].overdue is True
    assert rows_of(c, now=NOW - timedelta(days=2))["Citizen"].overdue is False  # on the day itself
    walk = share_goal(c, "Gå en tur hver dag")
    sign(c, {walk: MET}, held_on=TODAY - timedelta(days=1))
    row = rows_of(c)["Citizen"]
    assert (row.overdue, row.next_due) == (False, TODAY + timedelta(days=27))


# ---------------------------------------------------------------- what is new since I last looked


def test_what_the_citizen_shared_is_new_until_i_open_the_plan(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag", now=NOW)
    share_goal(c, "Lægge et budget", now=NOW)
    share_item(c, ItemKind.STEP, {"text": "Købe sko"}, CP, parent_id=walk, now=NOW)
    share_item(c, ItemKind.HOPE, {"text": "Privat håb"}, now=NOW)  # a draft: not news to anyone
    share_goal(c, "Kun til søsteren", REL, now=NOW)  # not shared with me
    stopped = share_goal(c, "Stoppet", now=NOW)
    sharing.stop_sharing(db, c.me, stopped, now=NOW)
    db.commit()
    row = rows_of(c, now=NOW + HOUR)["Citizen"]
    assert (row.new_shared, row.shared_goals) == (3, 2)

    overview.mark_seen(db, c.contact, c.citizen, now=NOW + HOUR)
    db.commit()
    row = rows_of(c, now=NOW + HOUR)["Citizen"]
    assert (row.new_shared, row.shared_goals) == (0, 2)

    change_and_share(c, walk, {"success": "Når jeg har gået hver dag i en måned."}, now=NOW + 2 * HOUR)
    assert rows_of(c, now=NOW + 3 * HOUR)["Citizen"].new_shared == 1
    overview.mark_seen(db, c.contact, c.citizen, now=NOW + 3 * HOUR)  # a second look updates the first
    db.commit()
    assert rows_of(c, now=NOW + 3 * HOUR)["Citizen"].new_shared == 0


def test_what_one_contact_person_has_seen_is_still_new_to_another(db):
    c = make_case(db)
    colleague = second_contact(c)
    share_goal(c, "Gå en tur hver dag", now=NOW)
    overview.mark_seen(db, colleague, c.citizen, now=NOW + HOUR)
    db.commit()
    assert rows_of(c, now=NOW + HOUR)["Citizen"].new_shared == 1
    assert rows_of(c, now=NOW + HOUR, who=colleague)["Citizen"].new_shared == 0


def test_comments_from_the_citizen_are_unread_until_i_open_the_plan_and_my_own_never_are(db):
    c = make_case(db)
    walk = share_item(c, ItemKind.GOAL, goal_content("Gå en tur hver dag"), CP, REL, now=NOW)
    private = share_item(c, ItemKind.HOPE, {"text": "Privat håb"}, now=NOW)
    overview.mark_seen(db, c.contact, c.citizen, now=NOW)
    db.commit()

    def say(who: Actor, item_id: int, text: str, at: datetime, to: Audience | None = None) -> None:
        comments.add_comment(db, who, c.citizen, item_id, text, now=at, to=to)
        db.commit()

    say(c.me, walk, "Jeg gik i dag!", NOW + timedelta(minutes=10), CP)
    say(c.me, walk, "Og i går.", NOW + timedelta(minutes=11), CP)
    say(c.contact, walk, "Flot!", NOW + timedelta(minutes=12))  # my own
    say(c.relative, walk, "Godt gået, søs.", NOW + timedelta(minutes=13))  # in the relatives' thread
    say(c.me, walk, "Til min søster.", NOW + timedelta(minutes=13), REL)  # in the relatives' thread
    say(c.me, walk, "En note til mig selv.", NOW + timedelta(minutes=14))  # the citizen's own
    say(c.me, private, "Kun til mig selv.", NOW + timedelta(minutes=14))  # on a draft
    row = rows_of(c, now=NOW + HOUR)["Citizen"]
    assert (row.unread_comments, row.new_shared) == (2, 0)

    overview.mark_seen(db, c.contact, c.citizen, now=NOW + HOUR)
    db.commit()
    assert rows_of(c, now=NOW + HOUR)["Citizen"].unread_comments == 0
    say(c.me, walk, "Og i dag igen.", NOW + 2 * HOUR, CP)
    assert rows_of(c, now=NOW + 2 * HOUR)["Citizen"].unread_comments == 1


def test_only_my_own_citizens_can_be_marked_as_seen(db):
    c = make_case(db)
    with pytest.raises(AccessDenied):
        overview.mark_seen(db, c.contact, c.people.neighbour, now=NOW)
    db.rollback()
    assert db.get(CaseView, (c.people.contact, c.people.neighbour)) is None


# ---------------------------------------------------------------- sorting


def _people_to_sort(c: Case) -> None:
    """Frida and Erik are overdue (Frida longest, Erik has news too), Dorte has news and no date, Carl and
    Citizen have nothing, Bente is due in 5 days and Anders in 30."""
    people = {name: add_citizen(c, name) for name in ("Anders", "Bente", "Carl", "Dorte", "Erik", "Frida")}
    for name, days in (("Frida", -10), ("Erik", -2), ("Bente", 5), ("Anders", 30)):
        follow_up.schedule(c.db, c.contact, people[name].user_id, follow_up.ScheduleInput(
            due_on=(TODAY + timedelta(days=days)).isoformat()), now=NOW - timedelta(days=20))
        c.db.commit()
    for name in ("Dorte", "Erik"):
        share_goal(as_citizen(c, people[name]), f"{name}s mål")


def test_attention_puts_overdue_first_longest_overdue_first_then_news_then_no_date_then_the_nearest_date(db):
    c = make_case(db)
    _people_to_sort(c)
    assert list(rows_of(c)) == ["Frida", "Erik", "Dorte", "Carl", "Citizen", "Bente", "Anders"]
    assert list(rows_of(c, sort="whatever")) == list(rows_of(c))  # an unknown sort is the default


def test_the_overview_sorts_by_name(db):
    c = make_case(db)
    _people_to_sort(c)
    assert list(rows_of(c, sort="name")) == ["Anders", "Bente", "Carl", "Citizen", "Dorte", "Erik", "Frida"]


def test_the_overview_sorts_by_next_date_with_no_date_last(db):
    c = make_case(db)
    _people_to_sort(c)
    assert list(rows_of(c, sort="next_due")) == ["Frida", "Erik", "Bente", "Anders", "Carl", "Citizen", "Dorte"]


# ---------------------------------------------------------------- a fixed number of SQL statements


GOALS_EACH = 50
FIRST_ID = 1_000_000  # bulk rows get ids far from the ones the database hands out


def _bulk_caseload(db: Session, unit_id: int, citizens: int, goals_each: int, first_id: int) -> Actor:
    """A new contact person following `citizens` citizens with `goals_each` shared goals each, written with
    bulk inserts: half the goals shared before the contact person last looked, half after; a comment from
    each citizen after the look and one from the contact person; every third citizen overdue."""
    password = hash_password("x")
    contact_id = first_id
    users = [{"id": contact_id, "username": f"kp{first_id}", "display_name": f"Kontakt {first_id}",
              "role": Role.CONTACT_PERSON.value, "unit_id": unit_id, "locale": "da", "password_hash": password,
              "created_at": NOW, "activated_at": NOW}]
    citizen_ids = [first_id + 1 + n for n in range(citizens)]
    users += [{"id": cid, "username": f"b{cid}", "display_name": f"Borger {cid}", "role": Role.CITIZEN.value,
               "unit_id": unit_id, "locale": "da", "password_hash": None, "created_at": NOW, "activated_at": NOW}
              for cid in citizen_ids]
    db.execute(insert(User.__table__), users)
    db.execute(insert(ContactAssignment.__table__), [
        {"citizen_id": cid, "contact_person_id": contact_id, "started_at": NOW, "ended_at": None}
        for cid in citizen_ids])
    items, snapshots, follow_ups, views, notes = [], [], [], [], []
    item_id = first_id + 100_000
    for n, cid in enumerate(citizen_ids):
        views.append({"viewer_id": contact_id, "citizen_id": cid, "seen_at": NOW})
        for g in range(goals_each):
            item_id += 1
            items.append({"id": item_id, "citizen_id": cid, "kind": "goal", "parent_id": None, "origin_id": None,
                          "position": g, "version": 1, "created_at": NOW, "updated_at": NOW, "deleted_at": None})
            snapshots.append({"citizen_id": cid, "item_id": item_id, "audience": CP.value, "kind": "goal",
                              "parent_item_id": None, "position": g, "approved_version": 1,
                              "content": {"title": f"Mål {g}"}, "revoked_at": None,
                              "approved_at": NOW + (HOUR if g % 2 else -HOUR)})
            if g == 0:
                notes += [{"citizen_id": cid, "item_id": item_id, "author_id": cid, "audience": CP.value,
                           "text": "Hej", "created_at": NOW + HOUR},
                          {"citizen_id": cid, "item_id": item_id, "author_id": cid, "audience": None,
                           "text": "Kun til mig", "created_at": NOW + HOUR},
                          {"citizen_id": cid, "item_id": item_id, "author_id": contact_id, "audience": CP.value,
                           "text": "Hej selv", "created_at": NOW + HOUR}]
        due = TODAY - timedelta(days=3) if n % 3 == 0 else TODAY + timedelta(days=n + 1)
        follow_ups += [{"citizen_id": cid, "due_on": due, "at_time": "", "place": "", "participants": "",
                        "reason_later": "", "scheduled_by": contact_id, "created_at": NOW, "cancelled_at": None,
                        "done_by_record_id": None},
                       {"citizen_id": cid, "due_on": TODAY - timedelta(days=50), "at_time": "", "place": "",
                        "participants": "", "reason_later": "", "scheduled_by": contact_id, "created_at": NOW,
                        "cancelled_at": NOW, "done_by_record_id": None}]
    db.execute(insert(WorkbookItem.__table__), items)
    db.execute(insert(SharedSnapshot.__table__), snapshots)
    db.execute(insert(FollowUp.__table__), follow_ups)
    db.execute(insert(CaseView.__table__), views)
    db.execute(insert(Comment.__table__), notes)
    db.commit()
    return actor(db, contact_id)


def test_the_overview_runs_as_many_sql_statements_for_200_citizens_with_10000_goals_as_for_5(db):
    c = make_case(db)
    started = time.monotonic()
    small = _bulk_caseload(db, c.people.unit_a, 5, 3, FIRST_ID)
    big = _bulk_caseload(db, c.people.unit_a, 200, GOALS_EACH, 2 * FIRST_ID)

    with statements(db) as for_small:
        small_rows = overview.overview(db, small, now=NOW + 2 * HOUR)
    db.commit()
    with statements(db) as for_big:
        big_rows = overview.overview(db, big, now=NOW + 2 * HOUR)
    db.commit()

    assert len(for_big) == len(for_small), (for_small, for_big)
    assert len(for_small) <= 5  # people, dates, news, comments
    assert (len(small_rows), len(big_rows)) == (5, 200)
    # and the numbers are right, not just cheap
    assert {(r.shared_goals, r.new_shared, r.unread_comments) for r in big_rows} == {(GOALS_EACH, GOALS_EACH // 2, 1)}
    assert sum(r.overdue for r in big_rows) == len(range(0, 200, 3))
    assert [r.overdue for r in big_rows[:67]] == [True] * 67  # attention: the overdue ones first
    assert time.monotonic() - started < 20
