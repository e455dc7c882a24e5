"""Acting on an item that no longer exists (deleted on another device, or an id that was never there):
the citizen is told plainly, nothing changes, and nothing crashes. SQLite and PostgreSQL."""

from collections.abc import Callable

import pytest
from sqlmodel import Session, func, select

from citizenplan.db import session_scope
from citizenplan.domain import sharing, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import UserError
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import AuditEvent, ItemVersion, SharedSnapshot, ShareEvent, WorkbookItem
from tests.support.refusals import denied
from tests.support.sharing_world import CP, GONE, REL, error_of, share, world, write

UNKNOWN = 999_999

# Everything the citizen can do to one item from the workbook screens. Each takes (db, me, item_id, version).
ACTIONS: dict[str, Callable[[Session, Actor, int, int], object]] = {
    "share": lambda db, me, i, v: sharing.share(db, me, i, {CP}, v),
    "share_change": lambda db, me, i, v: sharing.approve_change(db, me, i, v),
    "stop_sharing": lambda db, me, i, v: sharing.stop_sharing(db, me, i),
    "sharing_state": lambda db, me, i, v: sharing.state_of(db, me, i),
    "save": lambda db, me, i, v: workbook.save(db, me, i, {"title": "Nye ord"}, v),
    "write": lambda db, me, i, v: workbook.write_fields(db, me, i, {"title": "Nye ord"}),
    "move_up": lambda db, me, i, v: workbook.move(db, me, i, -1),
    "move_down": lambda db, me, i, v: workbook.move(db, me, i, +1),
    "put_first": lambda db, me, i, v: workbook.put_first(db, me, i),
    "toggle_step": lambda db, me, i, v: workbook.toggle_step(db, me, i),
    "set_goal_status": lambda db, me, i, v: workbook.set_goal_status(db, me, i, "reached"),
    "delete_again": lambda db, me, i, v: workbook.delete(db, me, i),
    "open": lambda db, me, i, v: workbook.item(db, me, i),
    "history": lambda db, me, i, v: workbook.history(db, me, i),
}
# What a step is needed for; everything else is tried on a goal.
ON_A_STEP = {"toggle_step"}


def snapshot_of_tables(db: Session) -> tuple:
    db.expire_all()
    return (db.exec(select(func.count()).select_from(ItemVersion)).one(),
            db.exec(select(func.count()).select_from(ShareEvent)).one(),
            db.exec(select(func.count()).select_from(SharedSnapshot).where(SharedSnapshot.revoked_at.is_(None))).one(),
            tuple(db.exec(select(WorkbookItem.id, WorkbookItem.position, WorkbookItem.version, WorkbookItem.deleted_at)
                          .order_by(WorkbookItem.id)).all()))


@pytest.mark.parametrize("action", list(ACTIONS))
def test_acting_on_an_item_deleted_on_another_device_says_it_no_longer_exists_and_changes_nothing(db, action):
    w = world(db)
    kind = ItemKind.STEP if action in ON_A_STEP else ItemKind.GOAL
    item_id = write(db, w.me, kind)
    write(db, w.me, ItemKind.GOAL, {"title": "Et andet mål"})
    version = workbook.item(db, w.me, item_id).version
    share(db, w.me, item_id, CP, REL)
    workbook.delete(db, w.me, item_id)
    db.commit()
    before = snapshot_of_tables(db)

    error = error_of(lambda: ACTIONS[action](db, w.me, item_id, version))
    assert type(error) is UserError
    assert error.message == GONE
    db.rollback()
    assert snapshot_of_tables(db) == before


@pytest.mark.parametrize("action", list(ACTIONS))
def test_acting_on_an_id_that_never_existed_is_a_plain_refusal_not_a_crash(db, action):
    w = world(db)
    write(db, w.me, ItemKind.GOAL)
    before = snapshot_of_tables(db)
    denied(lambda: ACTIONS[action](db, w.me, UNKNOWN, 1))
    db.rollback()
    assert snapshot_of_tables(db) == before


@pytest.mark.parametrize("action", list(ACTIONS))
def test_acting_on_another_citizens_item_is_refused_and_changes_nothing(db, action):
    w = world(db)
    kind = ItemKind.STEP if action in ON_A_STEP else ItemKind.GOAL
    theirs = write(db, w.neighbour, kind)
    version = workbook.item(db, w.neighbour, theirs).version
    write(db, w.me, ItemKind.GOAL)
    before = snapshot_of_tables(db)
    denied(lambda: ACTIONS[action](db, w.me, theirs, version))
    db.rollback()
    assert snapshot_of_tables(db) == before


@pytest.mark.parametrize("action", list(ACTIONS))
def test_a_refused_action_on_another_citizens_item_is_on_record_even_after_the_rollback(db, app_db, action):
    """Her order of goals too (move up, move down, put first): the policy is asked and the refusal logged."""
    w = world(db)
    kind = ItemKind.STEP if action in ON_A_STEP else ItemKind.GOAL
    theirs = write(db, w.neighbour, kind)
    version = workbook.item(db, w.neighbour, theirs).version
    write(db, w.me, ItemKind.GOAL)
    db.commit()

    def attempt() -> None:
        with session_scope() as work:
            ACTIONS[action](work, w.me, theirs, version)

    denied(attempt)
    db.expire_all()
    refusals = db.exec(select(AuditEvent.action, AuditEvent.citizen_id).where(
        AuditEvent.actor_id == w.me.user_id, AuditEvent.allowed.is_(False))).all()
    assert refusals and {citizen for _, citizen in refusals} == {w.people.neighbour}
