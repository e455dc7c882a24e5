"""What a flow's names stand for: the special effect of an answer (`action`), the condition under which a
step is passed by (`skip_when`), where a step's chips come from (`choices_from`) and what a step is asked once
for each of (`for_each`). Each is registered below by the name the flows use; `catalogue` checks the flows
against the registries when they load."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlmodel import Session

from citizenplan.domain import accounts, sharing, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.chat.registry import Registry, check
from citizenplan.domain.chat.store import Run, Written
from citizenplan.domain.chat.view import YES_NO, ChoiceView, Text
from citizenplan.domain.flow import Flow, InputKind, Step
from citizenplan.domain.workbook import ItemKind, ItemView

# An action does what an answer does beyond being kept, and gives back each workbook version it wrote
# (noted on the answer, for Tilbage to take back).
FlowAction = Callable[[Session, Actor, Run, Any, Written], list[ItemView]]
Condition = Callable[[Session, Actor, Run], bool]
ChoiceSource = Callable[[Session, Actor], list[ChoiceView]]
LoopSource = Callable[[Session, Actor], list[int]]


# ------------------------------------------------------------------ actions


def _pick_dream(db: Session, actor: Actor, run: Run, value: Any, row: Written) -> list[ItemView]:
    dream = int(value) if value not in (None, "new") else None
    run.context = {**run.context, "slots": {**run.context.get("slots", {}), "dream": dream}}
    return []


def _target_from_choice(db: Session, actor: Actor, run: Run, value: Any, row: Written) -> list[ItemView]:
    goal_id = run.context.get("slots", {}).get("goal")
    if not goal_id:
        return []
    if value in ("month", "half_year", "year"):
        months = {"month": 1, "half_year": 6, "year": 12}[value]
        target = (row.created_at.date() + relativedelta(months=months)).isoformat()
        horizon = "short" if months <= 6 else "long"
        return [workbook.write_fields(db, actor, goal_id, {"target_date": target, "horizon": horizon},
                                      now=row.created_at)]
    return [workbook.write_fields(db, actor, goal_id, {"target_date": None, "horizon": None}, now=row.created_at)]


def _set_priority(db: Session, actor: Actor, run: Run, value: Any, row: Written) -> list[ItemView]:
    if value is not None:
        workbook.put_first(db, actor, int(value))
    return []


def _remember_contact_name(db: Session, actor: Actor, run: Run, value: Any, row: Written) -> list[ItemView]:
    rest = {k: v for k, v in run.context.items() if k != "contact_name"}
    run.context = {**rest, "contact_name": value} if value else rest
    return []


def _share_preparation(db: Session, actor: Actor, run: Run, value: Any, row: Written) -> list[ItemView]:
    sharing.with_contact_person(db, actor, run.context.get("slots", {}).get("preparation"), value == "yes",
                                row.created_at)
    return []


def _share_crisis_plan(db: Session, actor: Actor, run: Run, value: Any, row: Written) -> list[ItemView]:
    plan = next(iter(workbook.items(db, actor, (ItemKind.CRISIS_PLAN,))), None)  # one per citizen
    sharing.with_contact_person(db, actor, plan.item_id if plan else None, value == "yes", row.created_at)
    return []


def _add_contact(db: Session, actor: Actor, run: Run, value: Any, row: Written) -> list[ItemView]:
    slots = dict(run.context.get("slots", {}))
    entry = {"name": run.context.get("contact_name", ""), "phone": value or ""}
    plan = next(iter(workbook.items(db, actor, (ItemKind.CRISIS_PLAN,))), None)  # one per citizen
    if plan is None:
        plan = workbook.create_with_fields(db, actor, ItemKind.CRISIS_PLAN, {"contacts": [entry]}, now=row.created_at)
    else:
        contacts = [*plan.content.get("contacts", []), entry]
        plan = workbook.write_fields(db, actor, plan.item_id, {"contacts": contacts}, now=row.created_at)
    row.item_id = plan.item_id
    run.context = {**run.context, "slots": {**slots, "crisis_plan": plan.item_id}}
    return [plan]


ACTIONS: Registry[FlowAction] = Registry("action", {
    "pick_dream": _pick_dream,
    "target_from_choice": _target_from_choice,
    "set_priority": _set_priority,
    "remember_contact_name": _remember_contact_name,
    "share_preparation": _share_preparation,
    "share_crisis_plan": _share_crisis_plan,
    "add_contact": _add_contact,
})
# Actions whose effect Tilbage does not take back (an order, a share). A step with one must end its flow:
# a finished conversation has no Tilbage (tests/unit/test_chat_rules.py checks the flows).
FINAL_ACTIONS = frozenset({"set_priority", "share_preparation", "share_crisis_plan"})


# ------------------------------------------------------------------ conditions (skip_when)


def _no_dreams(db: Session, actor: Actor, run: Run) -> bool:
    return not workbook.items(db, actor, (ItemKind.DREAM,))


def _one_goal(db: Session, actor: Actor, run: Run) -> bool:
    return len(workbook.active_goals(db, actor)) < 2


def _no_contact_name(db: Session, actor: Actor, run: Run) -> bool:
    return not run.context.get("contact_name")


def _nothing_to_share(db: Session, actor: Actor, run: Run) -> bool:
    """No crisis plan written, or no contact person to show it to."""
    return not workbook.items(db, actor, (ItemKind.CRISIS_PLAN,)) or not accounts.my_contact_persons(db, actor)


CONDITIONS: Registry[Condition] = Registry("skip_when", {
    "no_dreams": _no_dreams,
    "one_goal": _one_goal,
    "no_contact_name": _no_contact_name,
    "nothing_to_share": _nothing_to_share,
})


# ------------------------------------------------------------------ chips from the workbook (choices_from)


def _dreams(db: Session, actor: Actor) -> list[ChoiceView]:
    return [ChoiceView(str(d.item_id), Text(workbook.headline(d), "literal"))
            for d in workbook.items(db, actor, (ItemKind.DREAM,))]


def _goals(db: Session, actor: Actor) -> list[ChoiceView]:
    return [ChoiceView(str(g.item_id), Text(workbook.headline(g), "literal")) for g in workbook.active_goals(db, actor)]


CHOICE_SOURCES: Registry[ChoiceSource] = Registry("choices_from", {"dreams": _dreams, "goals": _goals})


class Choices:
    """The chips of each step, each computed at most once while the engine handles one event: the same
    chips check the answer, label its bubble and show the question, and a source reads the workbook."""

    def __init__(self, db: Session, actor: Actor):
        self._db, self._actor = db, actor
        self._known: dict[str, tuple[ChoiceView, ...]] = {}

    def of(self, step: Step) -> tuple[ChoiceView, ...]:
        known = self._known.get(step.id)
        if known is None:
            known = self._known[step.id] = self._compute(step)
        return known

    def _compute(self, step: Step) -> tuple[ChoiceView, ...]:
        found: list[ChoiceView] = []
        if step.choices_from:
            found = CHOICE_SOURCES[step.choices_from](self._db, self._actor)
        if step.input is InputKind.YES_NO:
            found = [ChoiceView(value, Text(label)) for value, label in YES_NO.items()]
        return tuple(found) + tuple(ChoiceView(c.value, Text(c.label)) for c in step.choices)


# ------------------------------------------------------------------ loops (for_each)


def _active_goal_ids(db: Session, actor: Actor) -> list[int]:
    return [g.item_id for g in workbook.active_goals(db, actor)]


LOOPS: Registry[LoopSource] = Registry("for_each", {"active_goals": _active_goal_ids})


def catalogue(*flows: Flow) -> dict[str, Flow]:
    """The flows by id, each checked against the registries above: a mistyped name fails here."""
    return check(flows, (ACTIONS, CONDITIONS, CHOICE_SOURCES, LOOPS))
