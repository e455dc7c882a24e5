"""One read per screen, built in the domain: the item, the workbook, the shared plan and the relative's
home each run a fixed number of SQL statements, as many for a plan of 12 goals as for a plan of 1 (as
the contact person's overview does, test_overview.py). And what they read is right, not just cheap.
SQLite and PostgreSQL."""

from datetime import timedelta

from sqlmodel import select

from citizenplan.domain import comments, item_page, proposals, readers, workbook, workbook_page
from citizenplan.domain.vocabulary import Audience
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import AuditEvent, RelativeGrant
from tests.support.follow_up_case import (
    CP,
    NOW,
    REL,
    Case,
    change_and_share,
    goal_content,
    make_case,
    share_item,
)
from tests.support.people import actor
from tests.support.statements import statements

MANY = 12


def _write_goals(c: Case, first: int, last: int) -> list[int]:
    """Goals `first`..`last - 1`, each shared with both readers, with a shared step, a private check-in,
    a comment to each reader's thread, a reply from each, and a rewording proposed by the contact person."""
    goals = []
    for n in range(first, last):
        goal = share_item(c, ItemKind.GOAL, goal_content(f"Mål {n}", life_area="housing" if n % 2 else "leisure"),
                          CP, REL)
        share_item(c, ItemKind.STEP, {"text": f"Skridt {n}"}, CP, REL, parent_id=goal)
        share_item(c, ItemKind.CHECK_IN, {"score": 4, "note": "Godt"}, parent_id=goal)
        for who, to in ((c.me, CP), (c.me, REL), (c.contact, None), (c.relative, None)):
            comments.add_comment(c.db, who, c.citizen, goal, f"Hej {n}", now=NOW, to=to)
        proposals.propose(c.db, c.contact, c.citizen, goal, "title", f"Andre ord {n}", now=NOW)
        c.db.commit()
        goals.append(goal)
    return goals


def _counted(c: Case, read) -> tuple[int, object]:
    with statements(c.db) as seen:
        result = read()
    c.db.commit()
    return len(seen), result


def test_the_shared_plan_runs_as_many_statements_for_12_goals_as_for_1_and_logs_each_item_read(db):
    c = make_case(db)
    _write_goals(c, 0, 1)
    small, _ = _counted(c, lambda: readers.shared_plan_page(db, c.contact, c.citizen, now=NOW))
    _write_goals(c, 1, MANY)
    logged_before = len(db.exec(select(AuditEvent.id).where(AuditEvent.actor_id == c.contact.user_id)).all())
    big, page = _counted(c, lambda: readers.shared_plan_page(db, c.contact, c.citizen, now=NOW + timedelta(hours=1)))

    assert big == small <= 7, (small, big)  # name, copies, log, threads, seen
    assert page.citizen_name == "Citizen"
    assert [r.item.kind for r in page.items] == ["goal", "step"] * MANY  # each goal followed by its step
    assert {r.goal for r in page.items if r.item.kind == "step"} == {f"Mål {n}" for n in range(MANY)}
    assert {tuple(x.text for x in r.comments) for r in page.items if r.item.kind == "goal"} == {
        (f"Hej {n}", f"Hej {n}") for n in range(MANY)}  # the citizen's and the contact person's, no relative's
    logged = db.exec(select(AuditEvent).where(AuditEvent.actor_id == c.contact.user_id)).all()
    assert len(logged) - logged_before == 2 * MANY  # "Hvem har set min plan": every item read, one by one
    assert all(e.action == "read_shared" and e.allowed and e.snapshot_id for e in logged[logged_before:])


def test_the_relatives_home_runs_as_many_statements_for_two_citizens_with_12_goals_as_for_one_with_1(db):
    c = make_case(db)
    _write_goals(c, 0, 1)
    small, _ = _counted(c, lambda: readers.relative_home(db, c.relative, now=NOW))
    _write_goals(c, 1, MANY)
    db.add(RelativeGrant(citizen_id=c.people.neighbour, relative_id=c.people.relative, relation="ven",
                         can_comment=False, created_at=NOW))
    db.commit()
    neighbour = Case(db, c.people, c.neighbour, c.other_contact, c.contact, c.far_contact, c.relative, c.manager,
                     c.me)  # the neighbour writes and shares
    share_item(neighbour, ItemKind.DREAM, {"text": "Et hus ved havet"}, REL)
    relative = actor(db, c.people.relative)
    big, home = _counted(c, lambda: readers.relative_home(db, relative, now=NOW))

    assert big == small <= 5, (small, big)  # grants, copies, log, threads
    mine = {p.name: p for p in home.citizens}
    assert set(mine) == {"Citizen", "Neighbour"}
    assert [r.item.kind for r in mine["Citizen"].items] == ["goal", "step"] * MANY
    assert all(tuple(x.text for x in r.comments) == (r.item.content["title"].replace("Mål", "Hej"),) * 2
               for r in mine["Citizen"].items if r.item.kind == "goal")  # the citizen's and the relative's
    assert [r.item.content["text"] for r in mine["Neighbour"].items] == ["Et hus ved havet"]
    assert (mine["Citizen"].can_comment, mine["Neighbour"].can_comment) == (True, False)


def test_an_expired_relative_reads_nothing_of_that_plan(db):
    c = make_case(db)
    _write_goals(c, 0, 2)
    grant = db.exec(select(RelativeGrant).where(RelativeGrant.relative_id == c.people.relative)).one()
    grant.expires_at = NOW - timedelta(days=1)
    db.add(grant)
    db.commit()
    (person,) = readers.relative_home(db, actor(db, c.people.relative), now=NOW).citizens
    assert (person.expired, person.items) == (True, ())


def test_someone_with_no_live_grant_has_an_empty_home_and_nothing_is_read(db):
    c = make_case(db)
    _write_goals(c, 0, 1)
    grant = db.exec(select(RelativeGrant).where(RelativeGrant.relative_id == c.people.relative)).one()
    grant.ended_at = NOW
    db.add(grant)
    db.commit()
    assert readers.relative_home(db, actor(db, c.people.relative), now=NOW).citizens == ()
    assert readers.relative_home(db, c.me, now=NOW).citizens == ()  # a citizen is nobody's relative here


def test_the_workbook_runs_as_many_statements_for_12_goals_as_for_1(db):
    c = make_case(db)
    _write_goals(c, 0, 1)
    small, _ = _counted(c, lambda: workbook_page.workbook_page(db, c.me))
    goals = _write_goals(c, 1, MANY)
    share_item(c, ItemKind.DREAM, {"text": "At rejse"})
    change_and_share(c, goals[0], {"why": "Fordi"})
    workbook.write_fields(db, c.me, goals[1], {"why": "Ikke delt endnu"})
    db.commit()
    big, page = _counted(c, lambda: workbook_page.workbook_page(db, c.me))

    assert big == small <= 17, (small, big)
    assert [g.view.content["title"] for g in page.goals] == [f"Mål {n}" for n in range(MANY)]
    assert [(g.share, len(g.steps), g.latest_check_in.content["score"]) for g in page.goals[:3]] == [
        (workbook_page.SHARED, 1, 4), (workbook_page.SHARED, 1, 4), (workbook_page.CHANGED, 1, 4)]  # 1: approved
    assert [(e.view.kind, e.share) for e in page.others] == [(ItemKind.DREAM, workbook_page.PRIVATE)]
    assert [a.value for a in page.areas] == ["housing", "leisure"]  # in the usual order, not the goals'
    assert page.proposals_waiting == MANY


def test_an_item_runs_as_many_statements_with_12_steps_check_ins_comments_and_versions_as_with_1(db):
    c = make_case(db)
    (goal,) = _write_goals(c, 0, 1)
    small, _ = _counted(c, lambda: item_page.item_page(db, c.me, goal))
    for n in range(1, MANY):
        share_item(c, ItemKind.STEP, {"text": f"Skridt {n}"}, CP, parent_id=goal)
        share_item(c, ItemKind.CHECK_IN, {"score": 2}, parent_id=goal)
        comments.add_comment(db, c.me, c.citizen, goal, f"Note {n}", now=NOW)
        workbook.write_fields(db, c.me, goal, {"why": f"Grund {n}"}, via="workbook")
    _write_goals(c, 1, MANY)  # the other goals' steps and proposals are not this goal's
    db.commit()
    big, page = _counted(c, lambda: item_page.item_page(db, c.me, goal))

    assert big == small <= 24, (small, big)
    assert page.editable == ("title", "why", "success", "target_date")
    assert (len(page.steps), len(page.check_ins), len(page.versions)) == (MANY, MANY, MANY)  # the first words and 11 edits
    assert (len(page.contact_thread), len(page.relative_thread), len(page.own_notes)) == (2, 2, MANY - 1)
    assert [p.text for p in page.proposals] == ["Andre ord 0"]
    assert page.sharing.audiences == {Audience.CONTACT_PERSON, Audience.RELATIVE}
    assert [ch.field for ch in page.unshared_changes] == ["why"]  # shared, and changed since
    step = page.steps[0]
    assert item_page.item_page(db, c.me, step.item_id).goal.item_id == goal
