"""The citizen's item, workbook, Min plan and home, and the confirm-access list, hold typed vars (issue 22):
frozen dataclasses, not dicts, so that the pages read fields as attributes and need no casts; flags are
booleans. What reaches the browser is the same JSON as the dicts were."""

import dataclasses
import json
import typing
from datetime import date

import pytest
from reflex_base.utils import format as reflex_format

from citizenplan import routes
from citizenplan.db import session_scope
from citizenplan.domain import workbook
from citizenplan.domain.workbook import ItemKind
from citizenplan.state.citizen_home import CitizenHomeState
from citizenplan.state.item import ItemState
from citizenplan.state.my_plan import MyPlanState
from citizenplan.state.staff import StaffState
from citizenplan.state.workbook import WorkbookState, item_lines
from tests.support.fuzz import live_token, state_at
from tests.support.people import actor
from tests.support.states import user_id_of

pytestmark = pytest.mark.anyio

STATES = (ItemState, WorkbookState, MyPlanState, CitizenHomeState, StaffState)


def _untyped(kind, where: str) -> list[str]:
    """Where `kind` holds a dict, Any or a mutable dataclass, anywhere inside it."""
    kind = typing.get_args(kind)[0] if typing.get_origin(kind) is typing.ClassVar else kind
    if kind is typing.Any or kind is dict or typing.get_origin(kind) is dict:
        return [where]
    if dataclasses.is_dataclass(kind):
        if not kind.__dataclass_params__.frozen:
            return [f"{where}: {kind.__name__} is not frozen"]
        return [x for f in dataclasses.fields(kind) for x in _untyped(f.type, f"{where}.{f.name}")]
    return [x for arg in typing.get_args(kind) for x in _untyped(arg, where)]


@pytest.mark.parametrize("state", STATES, ids=lambda s: s.__name__)
def test_no_var_of_these_states_holds_a_dict(state):
    hints = typing.get_type_hints(state)
    assert [x for name in state.base_vars for x in _untyped(hints[name], name)] == []


def _write(kind: ItemKind, content: dict, parent_id: int | None = None) -> int:
    with session_scope() as db:
        me = actor(db, user_id_of("anna"))
        item = workbook.create_item(db, me, kind, parent_id=parent_id)
        workbook.write_fields(db, me, item.id, content)
        return item.id


def _as_browser_sees(state, name: str):
    """The var as the browser gets it: Reflex's JSON of the state."""
    return json.loads(reflex_format.json_dumps(getattr(state, name)))


async def test_a_goal_s_steps_and_check_ins_reach_the_browser_as_before_with_done_a_boolean(demo_people):
    goal = _write(ItemKind.GOAL, {"title": "Gå en tur", "target_date": date(2027, 3, 1).isoformat()})
    _write(ItemKind.STEP, {"text": "Købe sko", "done": True}, parent_id=goal)
    _write(ItemKind.STEP, {"text": "Gå til hjørnet"}, parent_id=goal)
    _write(ItemKind.CHECK_IN, {"score": 4, "note": "Godt"}, parent_id=goal)
    page = state_at(ItemState, live_token(user_id_of("anna")), routes.workbook_item(goal))
    await ItemState.load.fn(page)

    assert [(s.text, s.done) for s in page.steps] == [("Købe sko", True), ("Gå til hjørnet", False)]
    assert [step.keys() for step in _as_browser_sees(page, "steps")] == [{"text", "href", "done"}] * 2
    [check_in] = _as_browser_sees(page, "check_ins")  # the chart's data: a list of plain objects, as before
    assert (check_in["score"], check_in["note"]) == (4, "Godt")
    assert _as_browser_sees(page, "lines") == [
        dataclasses.asdict(line) for line in item_lines({"title": "Gå en tur", "target_date": "2027-03-01"}, "da")]
    assert [f.is_date for f in page.fields if f.name == "target_date"] == [True]
    # The tab's state is pickled between events (disk or Redis): the dataclasses come back as they were.
    again = type(page)._deserialize(page._serialize())
    assert (again.steps, again.lines, again.check_ins) == (page.steps, page.lines, page.check_ins)


async def test_the_workbook_s_goal_cards_and_the_missing_handleplan(demo_people):
    goal = _write(ItemKind.GOAL, {"title": "Få en hund", "life_area": "leisure"})
    _write(ItemKind.STEP, {"text": "Ringe til internatet", "done": True}, parent_id=goal)
    page = state_at(WorkbookState, live_token(user_id_of("anna")), routes.WORKBOOK)
    await WorkbookState.load.fn(page)
    card = next(g for g in page.goals if g.title == "Få en hund")
    assert (card.area, [(s.text, s.done) for s in card.steps]) == ("leisure", [("Ringe til internatet", True)])
    # No plan from the municipality: None, and the page's condition false, where it was {} before.
    assert (page.handleplan, page.has_handleplan, _as_browser_sees(page, "handleplan")) == (None, False, None)
