"""The shape of a chat flow, as data: steps with the bot's words, an input kind, where the answer is
kept, and which step follows. Flows themselves live in citizenplan/flows/; a municipality can change
the questions there without touching a component."""

from dataclasses import dataclass, field
from enum import StrEnum

from citizenplan.domain.errors import N_


class InputKind(StrEnum):
    TEXT = "text"
    CHOICE = "choice"  # one of several chips
    MULTI = "multi"  # several chips
    DATE = "date"
    SCALE = "scale"  # 1-5 with faces
    YES_NO = "yes_no"
    PHONE = "phone"  # a Danish phone number


@dataclass(frozen=True)
class Choice:
    value: str
    label: str  # a Danish msgid


@dataclass(frozen=True)
class Store:
    """Where an answer goes: field `field` of the item in `slot` (created as `kind` when empty).

    fresh=True starts a new item in the slot, e.g. one more dream. parent/origin name the slots whose
    items this one belongs to or came from.
    """

    slot: str
    kind: str
    field: str
    fresh: bool = False
    parent: str | None = None
    origin: str | None = None


@dataclass(frozen=True)
class Next:
    """The step that follows: `cases` by the answer's value, else `default` ("" ends the flow)."""

    default: str
    cases: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    id: str
    say: tuple[str, ...]  # the bot's messages, Danish msgids; {goal} and the like are filled in
    input: InputKind
    next: Next
    store: Store | None = None
    choices: tuple[Choice, ...] = ()
    choices_from: str | None = None  # fill the chips from the workbook: "dreams" or "goals"
    required: bool = True  # an empty answer is asked again (skipping is always possible)
    vague_hint: str | None = None  # asked once when the answer is vague (seed 004's SMART help)
    future_date: bool = False  # a date must not be in the past
    skip_when: str | None = None  # a condition under which the step is passed by, e.g. "one_goal"
    action: str | None = None  # a special effect of the answer, e.g. "set_priority", "target_from_choice"
    for_each: str | None = None  # "active_goals": the step is asked once for each


@dataclass(frozen=True)
class Flow:
    id: str
    title: str  # Danish msgid
    intro: str  # Danish msgid: what the flow is for, on the home screen
    first: str
    steps: tuple[Step, ...]
    done: str  # Danish msgid: the warm closing words
    # Danish msgid: the button that begins the flow again once it is finished. Opening the chat again
    # shows the finished flow; only this button starts a new run.
    again: str = N_("Start forfra")

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)
