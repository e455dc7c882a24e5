"""The three plan levels for domain tests: the municipality's handleplan with its goals, and a sub-goal proposed
by the provider (Erik's story)."""

from citizenplan.domain import provider_plan
from citizenplan.domain.provider_plan import SubGoalInput
from tests.support.follow_up_case import (
    NOW,
    save_frame,
)

ERIK = "Bostøtten hjælper Erik med en konkret aftale om tid, sted og aktivitet med børnene"


def goals(*texts: str, keys: tuple[int | None, ...] = ()) -> tuple[tuple[int | None, str], ...]:
    return tuple(zip(keys or (None,) * len(texts), texts, strict=True))


def handleplan(c, **fields):
    base = {"case_worker": "Lene Holm", "municipality": "Aabenraa Kommune", "made_on": "2026-04-20",
            "offer": "accepted", "offer_on": "2026-04-20"}
    return save_frame(c, **(base | fields))


def propose(c, goal, what=ERIK, responsible="Bostøtten", how_often="hver 14. dag", **kw):
    row = provider_plan.propose_sub_goal(c.db, c.contact, c.citizen, goal, SubGoalInput(what, responsible, how_often),
                                         now=NOW, **kw)
    c.db.commit()
    return row
