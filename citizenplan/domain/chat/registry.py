"""A flow names the engine's hooks by name (a step's `action`, `skip_when`, `choices_from`, `for_each`); each
name is looked up in a registry. The flows are checked against the registries when they load
(citizenplan/flows/__init__.py), so a mistyped name fails at import instead of being passed by silently."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from citizenplan.domain.flow import Flow

T = TypeVar("T")


class UnknownName(ValueError):
    """A flow names a hook, or a step, that does not exist."""


class Registry(Generic[T]):
    """The implementations that one field of a step may name, by name."""

    def __init__(self, field: str, entries: dict[str, T]):
        self.field = field  # the Step field whose value is looked up here
        self._entries = dict(entries)

    def __getitem__(self, name: str) -> T:
        return self._entries[name]

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    @property
    def names(self) -> list[str]:
        return sorted(self._entries)


def check(flows: Iterable[Flow], registries: Iterable[Registry]) -> dict[str, Flow]:
    """The flows by id, once each is known to name only hooks and steps that exist; UnknownName otherwise."""
    registries = list(registries)
    by_id: dict[str, Flow] = {}
    for flow in flows:
        if flow.id in by_id:
            raise UnknownName(f"two flows have the id {flow.id!r}")
        ids = [step.id for step in flow.steps]
        if len(set(ids)) != len(ids):
            raise UnknownName(f"flow {flow.id!r}: two steps have the same id")
        for step in flow.steps:
            for registry in registries:
                name = getattr(step, registry.field)
                if name is not None and name not in registry:
                    raise UnknownName(f"flow {flow.id!r}, step {step.id!r}: {registry.field}={name!r} is not one "
                                      f"of {', '.join(registry.names)}")
            for following in (step.next.default, *step.next.cases.values()):
                if following and following not in ids:
                    raise UnknownName(f"flow {flow.id!r}, step {step.id!r}: the next step {following!r} is not in it")
        if flow.first not in ids:
            raise UnknownName(f"flow {flow.id!r}: the first step {flow.first!r} is not in it")
        by_id[flow.id] = flow
    return by_id
