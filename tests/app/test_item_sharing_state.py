"""The sharing picker's handlers on a goal's page (issue 17): a tick the server agrees to is kept; one it
refuses is taken back with a plain message; "Videre" offers the goal's steps; "Del" sends the ticked ones."""

import pytest

from citizenplan.db import session_scope
from citizenplan.domain import sharing, workbook
from citizenplan.domain.vocabulary import Audience
from citizenplan.domain.workbook import ItemKind
from citizenplan.state.item import ItemState
from tests.support.people import actor
from tests.support.states import state_of, token_for, user_id_of

pytestmark = pytest.mark.anyio


def write(kind: ItemKind, content: dict, parent_id: int | None = None) -> int:
    with session_scope() as db:
        me = actor(db, user_id_of("anna"))
        item = workbook.create_item(db, me, kind, parent_id=parent_id)
        workbook.write_fields(db, me, item.id, content)
        return item.id


def goal_page(goal_id: int) -> ItemState:
    page = state_of(ItemState, cookie_token=token_for("anna"))
    page.item_id = goal_id
    return page


async def test_a_tick_the_server_agrees_to_is_kept_and_one_it_refuses_is_taken_back_and_told(demo_people):
    goal = write(ItemKind.GOAL, {"title": "Gå en tur hver dag"})
    page = goal_page(goal)
    await ItemState.set_pick.fn(page, "contact_person", True)
    assert (page.pick_contact, page.pick_round, page.error) == (True, 0, "")
    await ItemState.set_pick.fn(page, "somebody_else", True)
    assert (page.pick_contact, page.pick_relative, page.pick_round) == (True, False, 0)

    with session_scope() as db:  # deleted on another device meanwhile
        workbook.delete(db, actor(db, user_id_of("anna")), goal)
    await ItemState.set_pick.fn(page, "relative", True)
    assert page.pick_relative is False, "the server does not take the refused tick"
    assert page.pick_round == 1, "so the boxes are drawn again as the server has them"
    assert page.error == "Det findes ikke længere."


async def test_videre_offers_the_goals_unshared_steps_and_del_shares_only_the_ticked_one(demo_people):
    goal = write(ItemKind.GOAL, {"title": "Lære at cykle igen"})
    pump = write(ItemKind.STEP, {"text": "Pumpe cyklen op"}, parent_id=goal)
    helmet = write(ItemKind.STEP, {"text": "Købe en hjelm"}, parent_id=goal)
    page = goal_page(goal)
    ItemState.choose_audience.fn(page)
    await ItemState.set_pick.fn(page, "contact_person", True)
    await ItemState.show_preview.fn(page)
    assert [o.lines[0].text for o in page.step_offers] == ["Pumpe cyklen op", "Købe en hjelm"]

    await ItemState.share.fn(page, {"seen_version": "1", f"step-{pump}": "1", "step-999999": "1"})  # not offered: ignored
    assert page.error == "" and page.preview is False
    with session_scope() as db:
        me = actor(db, user_id_of("anna"))
        assert sharing.state_of(db, me, goal).audiences == {Audience.CONTACT_PERSON}
        assert sharing.state_of(db, me, pump).audiences == {Audience.CONTACT_PERSON}
        assert sharing.state_of(db, me, helmet).audiences == frozenset()


async def test_whether_the_page_is_a_goal_or_a_step_is_derived_from_its_kind(demo_people):
    """`is_goal` and `is_step` are computed from `kind`, so the page can never show a goal's parts for a
    step (or keep them after moving from a goal to its step)."""
    assert {"is_goal", "is_step"} <= set(ItemState.computed_vars)
    goal = write(ItemKind.GOAL, {"title": "Lære at cykle igen"})
    step = write(ItemKind.STEP, {"text": "Pumpe cyklen op"}, parent_id=goal)
    page = goal_page(goal)
    with session_scope() as db:
        me = actor(db, user_id_of("anna"))
    await page._refresh(me)
    assert (page.kind, page.is_goal, page.is_step) == ("goal", True, False)
    page.item_id = step
    await page._refresh(me)
    assert (page.kind, page.is_goal, page.is_step) == ("step", False, True)
