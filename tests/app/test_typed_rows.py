"""The people pages, the chat and the report hold typed rows: frozen dataclasses the pages read as attributes
(`row.title`), not dicts that need a `.to(...)` cast per field, and booleans where a flag was "yes" or ""."""

import dataclasses
import typing

import pytest

from citizenplan.state.access_log import AccessLogState
from citizenplan.state.chat import ChatState
from citizenplan.state.contact_home import ContactHomeState
from citizenplan.state.manager_home import ManagerHomeState
from citizenplan.state.my_data import MyDataState
from citizenplan.state.print_plan import PrintPlanState
from citizenplan.state.relative_home import RelativeHomeState
from citizenplan.state.relatives import RelativesState
from citizenplan.state.report import ReportState
from citizenplan.state.shared_plan import SharedPlanState

STATES = [AccessLogState, ChatState, ContactHomeState, ManagerHomeState, MyDataState, PrintPlanState,
          RelativeHomeState, RelativesState, ReportState, SharedPlanState]
# Mappings that are mappings, not rows: a table per figure key and a chart's points keyed by series stay as
# their makers give them.
MAPPINGS = {(ReportState, "tables"), ("*", "chart")}


def _rows(hint) -> list[type]:
    """Every dataclass a type hint holds, however deep (list[Row], Row | None, dict[str, Row])."""
    if dataclasses.is_dataclass(hint):
        return [hint, *[row for f in dataclasses.fields(hint) for row in _rows(typing.get_type_hints(hint)[f.name])]]
    return [row for arg in typing.get_args(hint) for row in _rows(arg)]


def _dicts(owner, name: str, hint) -> list[str]:
    found = []
    if typing.get_origin(hint) is dict or hint is dict:
        if (owner, name) not in MAPPINGS and ("*", name) not in MAPPINGS:
            found.append(f"{getattr(owner, '__name__', owner)}.{name}: {hint}")
    for arg in typing.get_args(hint):
        found += _dicts(owner, name, arg)
    return found


@pytest.mark.parametrize("state", STATES, ids=[s.__name__ for s in STATES])
def test_each_var_the_page_shows_is_a_frozen_row_or_a_plain_value(state) -> None:
    hints = typing.get_type_hints(state)
    shown = [name for name in state.base_vars if not name.startswith("_") and name in state.__annotations__]
    problems = [p for name in shown for p in _dicts(state, name, hints[name])]
    for name in shown:
        for row in _rows(hints[name]):
            assert row.__dataclass_params__.frozen, row
            row_hints = typing.get_type_hints(row)
            problems += [p for f in dataclasses.fields(row) for p in _dicts(row, f.name, row_hints[f.name])]
    assert problems == []


def test_a_flag_is_a_bool() -> None:
    from citizenplan.state.contact_home import CitizenRow
    from citizenplan.state.my_data import LoginRow
    from citizenplan.state.relatives import RelativeCard

    flags = [(RelativeCard, "invited"), (RelativeCard, "comment"), (RelativeCard, "expired"),
             (CitizenRow, "overdue"), (LoginRow, "this_one")]
    assert [typing.get_type_hints(row)[name] for row, name in flags] == [bool] * len(flags)
