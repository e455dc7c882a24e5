"""The follow-up page's state holds typed vars (issue 22): frozen dataclasses, not dicts, so that the page reads
fields as attributes and needs no casts. What reaches the browser is the same JSON as the dicts were, and the
tab's state survives its pickling between events."""

import dataclasses
import json
import typing

import pytest
from reflex_base.utils import format as reflex_format

from citizenplan.db import session_scope
from citizenplan.domain import case_file
from citizenplan.domain.accounts import load_actor
from citizenplan.state.follow_up import FollowUpState
from citizenplan.state.rows import meeting_row
from tests.support.follow_up_states import _follow_up_page
from tests.support.states import user_id_of

pytestmark = pytest.mark.anyio
DEMO_PLANS = True  # tests/app/conftest.py: the demo plans beside the people

# The fields a goal card had as a dict, before it was a GoalRow: the browser gets the same keys.
GOAL_KEYS = {"id", "title", "success", "target", "horizon", "priority", "life_area", "disagrees", "purpose_type",
             "linked", "assessment", "assessed", "steps", "link", "link_removed", "link_text", "responsible", "who",
             "obstacles", "supports", "sub_goals"}
SUB_GOAL_KEYS = {"id", "what", "responsible", "how_often", "answer", "words", "answered", "needs_assessment",
                 "assessments"}


def _untyped(kind, where: str) -> list[str]:
    """Where `kind` holds Any, a bare dict or list, a dict of untyped values, or a mutable dataclass."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind in (typing.Any, dict, list) or (origin in (dict, list) and not args):
        return [where]
    if dataclasses.is_dataclass(kind):
        if not kind.__dataclass_params__.frozen:
            return [f"{where}: {kind.__name__} is not frozen"]
        return [x for f in dataclasses.fields(kind) for x in _untyped(f.type, f"{where}.{f.name}")]
    return [x for arg in args for x in _untyped(arg, where)]


def test_no_var_of_the_follow_up_state_is_a_dict_or_holds_an_untyped_value():
    hints = typing.get_type_hints(FollowUpState)
    own = [name for name in FollowUpState.__annotations__ if name in hints]
    dicts = [name for name in own if dict in (typing.get_origin(hints[name]), hints[name])
             or any(typing.get_origin(a) is dict for a in typing.get_args(hints[name]))]
    assert dicts == []  # a var of its own is a dataclass, a list of them, or a plain value
    assert [x for name in own for x in _untyped(hints[name], name)] == []


def _as_browser_sees(state, name: str):
    """The var as the browser gets it: Reflex's JSON of the state."""
    return json.loads(reflex_format.json_dumps(getattr(state, name)))


async def test_the_records_reach_the_browser_as_the_same_json_as_the_dicts_and_the_goals_with_the_same_keys(
        demo_people):
    page = await _follow_up_page("maria", "anna")
    with session_scope() as db:
        case = case_file.case_file(db, load_actor(db, user_id_of("maria")), user_id_of("anna"))
    assert _as_browser_sees(page, "records") == [dataclasses.asdict(meeting_row(r, "da")) for r in case.records]
    goals = _as_browser_sees(page, "goals")
    assert goals and all(set(g) == GOAL_KEYS for g in goals)
    assert all(set(s) == SUB_GOAL_KEYS for g in goals for s in g["sub_goals"])
    assert any(s["answer"] == "disagrees" and s["assessments"] for g in goals for s in g["sub_goals"])
    assert {type(g["disagrees"]) for g in goals} == {bool}  # booleans stay booleans


async def test_the_typed_vars_survive_the_state_s_pickling(demo_people):
    page = await _follow_up_page("maria", "anna")
    again = type(page)._deserialize(page._serialize())
    names = ("frame", "goals", "quality", "records", "preparations", "municipal_goals", "actors", "needs",
             "form_defaults")
    assert [getattr(again, n) for n in names] == [getattr(page, n) for n in names]
