"""A flow names the engine's hooks by name (a step's action, skip_when, choices_from, for_each, and the steps
that follow). Each name is looked up in a registry (citizenplan/domain/chat/actions.py), and the flows are
checked against the registries as they load: a mistyped name fails at import, never silently at the
citizen's question."""

import importlib.util
import subprocess
import sys
import types
from dataclasses import replace
from pathlib import Path

import pytest

import citizenplan.flows
from citizenplan.domain.chat import actions
from citizenplan.domain.chat.registry import UnknownName
from citizenplan.flows import FLOWS

# A flow module as a municipality would write one, with one name to plant a mistake in.
PLANTED_FLOW = '''
from citizenplan.domain.chat.actions import catalogue
from citizenplan.domain.flow import Flow, InputKind, Next, Step

PLANTED = Flow(
    id="planted", title="Prøve", intro="Prøve", first={first!r}, done="Tak.",
    steps=(
        Step(id="which", say=("Hvilket mål?",), input=InputKind.CHOICE, choices_from={choices_from!r},
             action={action!r}, skip_when={skip_when!r}, next=Next({next!r})),
        Step(id="how", say=("Hvordan går det?",), input=InputKind.SCALE, for_each={for_each!r}, next=Next("")),
    ),
)
FLOWS = catalogue(PLANTED)
'''
CLEAN = {"first": "which", "choices_from": "goals", "action": "set_priority", "skip_when": "one_goal",
         "next": "how", "for_each": "active_goals"}
MISTYPED = {
    "action": "set_priorty",
    "skip_when": "one_goals",
    "choices_from": "dream",
    "for_each": "active_goal",
    "next": "hwo",
    "first": "wich",
}


def _import(path: Path, name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _planted(tmp_path: Path, **names: str) -> Path:
    path = tmp_path / "planted_flow.py"
    path.write_text(PLANTED_FLOW.format(**{**CLEAN, **names}), encoding="utf-8")
    return path


def test_a_planted_flow_that_names_only_what_exists_loads(tmp_path):
    assert list(_import(_planted(tmp_path), "planted_clean").FLOWS) == ["planted"]


@pytest.mark.parametrize("field", list(MISTYPED))
def test_a_planted_flow_with_a_mistyped_name_fails_at_import(tmp_path, field):
    with pytest.raises(UnknownName, match=MISTYPED[field]) as refused:
        _import(_planted(tmp_path, **{field: MISTYPED[field]}), f"planted_{field}")
    assert "planted" in str(refused.value)


def test_the_flows_package_checks_its_flows_as_it_loads(monkeypatch):
    """citizenplan/flows/__init__.py itself, loaded again with one of its flows mistyped, fails."""
    real = sys.modules["citizenplan.flows.check_in"].CHECK_IN
    bad = replace(real, steps=(replace(real.steps[0], skip_when="no_goal"), *real.steps[1:]))
    monkeypatch.setitem(sys.modules, "citizenplan.flows.check_in", types.SimpleNamespace(CHECK_IN=bad))
    with pytest.raises(UnknownName, match="no_goal"):
        _import(Path(citizenplan.flows.__file__), "flows_again")


def test_every_name_the_flows_use_is_registered_and_every_registered_name_is_used():
    """The registries hold what the flows need, and nothing a flow no longer names."""
    registries = (actions.ACTIONS, actions.CONDITIONS, actions.CHOICE_SOURCES, actions.LOOPS)
    for registry in registries:
        used = {getattr(step, registry.field) for flow in FLOWS.values() for step in flow.steps} - {None}
        assert used == set(registry.names), registry.field
    assert actions.FINAL_ACTIONS <= set(actions.ACTIONS.names)


@pytest.mark.parametrize("first", ["citizenplan.flows", "citizenplan.domain.chat", "citizenplan.domain.chat.view"])
def test_the_flows_and_the_engine_load_whichever_is_imported_first(first):
    """The flows import the registries of the engine's package, and the engine reads the flows: neither
    order of import may find the other half-loaded."""
    script = f"import {first}\nfrom citizenplan.domain import chat\nfrom citizenplan.flows import FLOWS\n" \
             "assert chat.flows_for and len(FLOWS) >= 5\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
