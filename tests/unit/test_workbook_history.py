"""The workbook keeps everything: each change is a new version with who and how, an edit from a second
device is kept beside the first, goals stay in the citizen's order, steps are ticked off and goals given
a status as new versions. SQLite and PostgreSQL."""

import pytest
from sqlmodel import Session, func, select

from citizenplan.domain import shared_view, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import AccessDenied
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import ItemVersion, WorkbookItem
from tests.support.sharing_world import CP, edit, error_of, share, version_of, world, write


def versions(db: Session, item_id: int) -> list[ItemVersion]:
    return list(db.exec(select(ItemVersion).where(ItemVersion.item_id == item_id).order_by(ItemVersion.number)))


def version_count(db: Session) -> int:
    return db.exec(select(func.count()).select_from(ItemVersion)).one()


def goal_order(db: Session, me: Actor) -> list[int]:
    return [g.item_id for g in workbook.items(db, me, (ItemKind.GOAL,))]


def positions(db: Session, me: Actor) -> list[int]:
    return sorted(db.exec(select(WorkbookItem.position).where(
        WorkbookItem.citizen_id == me.user_id, WorkbookItem.kind == ItemKind.GOAL.value,
        WorkbookItem.deleted_at.is_(None))).all())


def goals(db: Session, me: Actor, *titles: str) -> list[int]:
    return [write(db, me, ItemKind.GOAL, {"title": t}) for t in titles]


# ---------------------------------------------------------------- versions


def test_every_change_is_a_new_version_with_its_author_and_how_it_was_made_and_nothing_is_overwritten(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL, {"title": "Eget sted at bo"}, via="chat")
    workbook.write_fields(db, w.me, goal, {"why": "Ro"}, via="chat")
    edit(db, w.me, goal, {"title": "Min egen lejlighed"})

    rows = versions(db, goal)
    assert [(v.number, v.author_id, v.via) for v in rows] == [
        (1, w.people.citizen, "chat"), (2, w.people.citizen, "chat"), (3, w.people.citizen, "workbook")]
    assert [v.content.get("title") for v in rows] == ["Eget sted at bo", "Eget sted at bo", "Min egen lejlighed"]
    assert [v.content.get("why") for v in rows] == [None, "Ro", "Ro"]
    assert db.get(WorkbookItem, goal).version == 3


def test_the_citizen_sees_every_version_newest_first_with_who_and_how(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL, {"title": "Eget sted at bo"}, via="chat")
    edit(db, w.me, goal, {"title": "Min egen lejlighed"})
    history = workbook.history(db, w.me, goal)
    assert [(v.number, v.content["title"], v.via, v.author_name, v.author_is_citizen) for v in history] == [
        (2, "Min egen lejlighed", "workbook", "Citizen", True),
        (1, "Eget sted at bo", "chat", "Citizen", True),
    ]
    assert all(v.created_at is not None for v in history)


def test_nobody_else_reads_the_history_or_writes_in_the_workbook(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    share(db, w.me, goal, CP)
    before = version_count(db)
    for other in (w.contact, w.relative, w.manager, w.neighbour):
        for call in (lambda o=other: workbook.history(db, o, goal),
                     lambda o=other: workbook.content_of(db, o, goal),
                     lambda o=other: workbook.save(db, o, goal, {"title": "Andre ord"}, 1),
                     lambda o=other: workbook.write_fields(db, o, goal, {"title": "Andre ord"}),
                     lambda o=other: workbook.set_goal_status(db, o, goal, "dropped"),
                     lambda o=other: workbook.delete(db, o, goal)):
            with pytest.raises(AccessDenied):
                call()
    assert version_count(db) == before
    assert db.get(WorkbookItem, goal).deleted_at is None


# ---------------------------------------------------------------- two devices


def test_an_edit_from_a_screen_opened_before_another_edit_is_saved_as_a_new_version_and_reported(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL, {"title": "Eget sted at bo"})
    on_phone = on_tablet = version_of(db, w.me, goal)

    from_tablet = workbook.save(db, w.me, goal, {"title": "Skrevet på tablet"}, on_tablet)
    db.commit()
    from_phone = workbook.save(db, w.me, goal, {"title": "Skrevet på telefon"}, on_phone)
    db.commit()

    assert from_tablet.conflict is False
    assert from_phone.conflict is True
    assert (from_tablet.item.version, from_phone.item.version) == (2, 3)
    assert workbook.content_of(db, w.me, goal)["title"] == "Skrevet på telefon"
    assert [v.content["title"] for v in workbook.history(db, w.me, goal)] == [
        "Skrevet på telefon", "Skrevet på tablet", "Eget sted at bo"]


def test_an_edit_on_a_fresh_screen_is_no_conflict(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    assert edit(db, w.me, goal, {"title": "Et"}).conflict is False
    assert edit(db, w.me, goal, {"title": "To"}).conflict is False


# ---------------------------------------------------------------- the citizen's order of goals


def test_moving_goals_up_and_down_keeps_positions_unique_and_in_one_run(db):
    w = world(db)
    a, b, c, d = goals(db, w.me, "A", "B", "C", "D")
    assert goal_order(db, w.me) == [a, b, c, d]

    workbook.move(db, w.me, c, -1)
    assert goal_order(db, w.me) == [a, c, b, d]
    workbook.move(db, w.me, a, +2)
    assert goal_order(db, w.me) == [c, b, a, d]
    workbook.move(db, w.me, d, -10)  # further than the top: it stops at the top
    assert goal_order(db, w.me) == [d, c, b, a]
    workbook.move(db, w.me, d, +10)
    assert goal_order(db, w.me) == [c, b, a, d]
    workbook.put_first(db, w.me, a)
    db.commit()
    assert goal_order(db, w.me) == [a, c, b, d]
    assert positions(db, w.me) == [0, 1, 2, 3]


def test_moving_a_goal_makes_no_new_version(db):
    w = world(db)
    a, b = goals(db, w.me, "A", "B")
    before = version_count(db)
    workbook.move(db, w.me, b, -1)
    assert version_count(db) == before


def test_moving_goals_after_one_was_deleted_closes_the_gap(db):
    w = world(db)
    a, b, c = goals(db, w.me, "A", "B", "C")
    workbook.delete(db, w.me, b)
    workbook.move(db, w.me, c, -1)
    db.commit()
    assert goal_order(db, w.me) == [c, a]
    assert positions(db, w.me) == [0, 1]


def test_a_goal_added_after_one_was_deleted_comes_last(db):
    w = world(db)
    a, b, c = goals(db, w.me, "A", "B", "C")
    workbook.delete(db, w.me, b)
    db.commit()
    (d,) = goals(db, w.me, "D")
    assert goal_order(db, w.me) == [a, c, d]


def test_a_goal_added_after_one_was_deleted_gets_a_position_of_its_own(db):
    w = world(db)
    a, b, c = goals(db, w.me, "A", "B", "C")
    workbook.delete(db, w.me, b)
    db.commit()
    goals(db, w.me, "D")
    assert len(set(positions(db, w.me))) == 3


def test_the_contact_person_sees_shared_goals_in_the_citizens_new_order_once_the_citizen_shares_again(db):
    w = world(db)
    a, b = goals(db, w.me, "A", "B")
    share(db, w.me, a, CP)
    share(db, w.me, b, CP)
    assert [s.item_id for s in shared_view.shared_plan(db, w.contact, w.people.citizen)] == [a, b]
    workbook.move(db, w.me, b, -1)
    share(db, w.me, a, CP)
    share(db, w.me, b, CP)
    assert [s.item_id for s in shared_view.shared_plan(db, w.contact, w.people.citizen)] == [b, a]


# ---------------------------------------------------------------- steps and goal status


def test_ticking_a_step_off_and_on_again_makes_a_new_version_each_time(db):
    w = world(db)
    step = write(db, w.me, ItemKind.STEP, {"text": "Ring til boligselskabet"})
    assert workbook.toggle_step(db, w.me, step).content["done"] is True
    assert workbook.toggle_step(db, w.me, step).content["done"] is False
    db.commit()
    rows = versions(db, step)
    assert [(v.content.get("done"), v.via) for v in rows] == [(None, "chat"), (True, "workbook"), (False, "workbook")]
    assert all(v.content["text"] == "Ring til boligselskabet" for v in rows)


@pytest.mark.parametrize("status", ["active", "reached", "paused", "dropped"])
def test_a_goal_may_be_in_progress_reached_paused_or_dropped(db, status):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    view = workbook.set_goal_status(db, w.me, goal, status)
    db.commit()
    assert view.content["status"] == status
    assert [v.via for v in versions(db, goal)] == ["chat", "workbook"]
    assert workbook.content_of(db, w.me, goal)["title"] == view.content["title"]


@pytest.mark.parametrize("status", ["done", "", "ACTIVE", "deleted", None])
def test_any_other_goal_status_is_refused_and_changes_nothing(db, status):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    before = version_count(db)
    assert error_of(lambda: workbook.set_goal_status(db, w.me, goal, status)).message == "Tryk på en knap."
    assert version_count(db) == before
    assert workbook.content_of(db, w.me, goal)["status"] == "active"


def test_a_new_goal_is_in_progress(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL, {"title": "Flytte"})
    assert workbook.content_of(db, w.me, goal)["status"] == "active"


def test_only_a_step_can_be_ticked_off_and_only_a_goal_given_a_status(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL)
    step = write(db, w.me, ItemKind.STEP, parent_id=goal)
    before = version_count(db)
    assert error_of(lambda: workbook.toggle_step(db, w.me, goal)).message == "Det findes ikke længere."
    assert error_of(lambda: workbook.set_goal_status(db, w.me, step, "reached")).message == "Det findes ikke længere."
    assert version_count(db) == before


# ---------------------------------------------------------------- what an edit may hold


@pytest.mark.parametrize(("kind", "field"), [(ItemKind.GOAL, "title"), (ItemKind.DREAM, "text"),
                                             (ItemKind.HOPE, "text"), (ItemKind.STEP, "text")])
@pytest.mark.parametrize("empty", ["", "   \n "])
def test_the_words_an_item_is_known_by_cannot_be_emptied_so_it_can_always_be_found_again(db, kind, field, empty):
    w = world(db)
    item = write(db, w.me, kind, {field: "Noget"})
    before = version_count(db)
    error = error_of(lambda: workbook.save(db, w.me, item, {field: empty}, version_of(db, w.me, item)))
    assert (error.message, error.field) == ("Skriv noget her. Det må ikke være tomt.", field)
    assert version_count(db) == before
    assert workbook.content_of(db, w.me, item)[field] == "Noget"


def test_a_goals_other_words_may_be_emptied(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL, {"title": "Flytte", "why": "Fordi", "success": "Nøgle"})
    workbook.save(db, w.me, goal, {"why": "", "success": "  "}, version_of(db, w.me, goal))
    db.commit()
    content = workbook.content_of(db, w.me, goal)
    assert (content["title"], content["why"], content["success"]) == ("Flytte", "", "")


def test_an_edit_longer_than_a_chat_answer_or_with_invisible_characters_is_refused(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL, {"title": "Flytte"})
    seen = version_of(db, w.me, goal)
    assert workbook.save(db, w.me, goal, {"why": "å" * 2000}, seen).item.content["why"] == "å" * 2000
    too_long = error_of(lambda: workbook.save(db, w.me, goal, {"why": "å" * 2001}, seen))
    assert (too_long.message, too_long.params) == ("Teksten er for lang. Den må højst have {count} tegn.",
                                                   {"count": 2000})
    hidden = error_of(lambda: workbook.save(db, w.me, goal, {"title": "Flytte\x00"}, seen))
    assert hidden.message == "Teksten har usynlige tegn, som ikke kan gemmes. Skriv den igen."


@pytest.mark.parametrize(("typed", "kept"), [("2027-03-01", "2027-03-01"), ("", None)])
def test_a_target_date_is_a_day_or_nothing(db, typed, kept):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL, {"title": "Flytte", "target_date": "2027-01-01"})
    workbook.save(db, w.me, goal, {"target_date": typed}, version_of(db, w.me, goal))
    assert workbook.content_of(db, w.me, goal)["target_date"] == kept


def test_a_target_date_that_is_not_a_day_is_refused_plainly(db):
    w = world(db)
    goal = write(db, w.me, ItemKind.GOAL, {"title": "Flytte"})
    error = error_of(lambda: workbook.save(db, w.me, goal, {"target_date": "i morgen"}, version_of(db, w.me, goal)))
    assert (error.message, error.field) == ("Vælg en dato i kalenderen.", "target_date")
