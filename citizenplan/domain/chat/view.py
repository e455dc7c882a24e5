"""What the engine hands the page: the conversation as it stands, and how a stored answer reads in the
citizen's bubble. Plain values; the page decides how they look.

`ChatView.delta` is the one part that is about the page rather than the conversation: the protocol by which
a page that keeps the transcript is sent only what is new (see `Delta`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row
from sqlmodel import Session

from citizenplan.domain import workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_
from citizenplan.domain.flow import InputKind, Step
from citizenplan.domain.vocabulary import LIFE_AREA_LABELS, LifeArea
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import ConversationAnswer

if TYPE_CHECKING:
    from citizenplan.domain.chat.actions import Choices
    from citizenplan.domain.chat.store import Written

YES_NO = {"yes": N_("Ja"), "no": N_("Nej")}
FACES = {1: "😞", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}
EDITABLE_INPUTS = frozenset({InputKind.TEXT, InputKind.DATE})  # chips are answered again with Tilbage


@dataclass(frozen=True)
class Text:
    """A piece of what is shown: a Danish msgid to translate, the citizen's own words, or a date."""

    value: str
    kind: str = "msgid"  # msgid, literal, date
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Bubble:
    who: str  # "bot" or "me"
    texts: tuple[Text, ...]
    answer_id: int | None = None
    step_id: str = ""
    editable: bool = False
    value: Any = None  # the raw answer, to fill the box when the citizen changes it


@dataclass(frozen=True)
class ChoiceView:
    value: str
    label: Text


@dataclass(frozen=True)
class Question:
    step_id: str
    input: InputKind
    choices: tuple[ChoiceView, ...]
    required: bool
    min_date: str | None
    # How the question after this one (on the usual way on) is answered, None at the end. A fact of the
    # flow; the page makes of it what it needs (the chat keeps the box's focus when both are typed).
    next_input: InputKind | None = None


@dataclass(frozen=True)
class SavedItem:
    item_id: int
    kind: ItemKind
    parts: tuple[Text, ...]  # the citizen's words, or the labels they chose


@dataclass(frozen=True)
class Delta:
    """The page-update protocol. A view carries the `mark` of the stored conversation it shows; a page
    gives it back with its next answer or skip (`shown=`). When nothing else has changed the conversation
    since, the engine sends only what follows, and says so with `appended`: `bubbles` are then only those
    after the bubbles of the view with that mark. Otherwise the view is whole."""

    mark: str = ""
    appended: bool = False


@dataclass(frozen=True)
class ChatView:
    conversation_id: int
    flow_id: str
    bubbles: tuple[Bubble, ...]
    question: Question | None
    finished: bool
    saved: tuple[SavedItem, ...] = ()
    can_go_back: bool = False
    delta: Delta = Delta()


@dataclass(frozen=True)
class FlowStatus:
    flow_id: str
    title: str
    intro: str
    status: str  # "new", "started", "finished"
    suggested: bool
    again: str = ""  # Danish msgid: how to begin the flow again once it is finished ("Start forfra")


# ------------------------------------------------------------------ the citizen's answers


def answer_bubble(step: Step, answer: ConversationAnswer | Row | Written, choices: Choices) -> Bubble:
    """The citizen's bubble for a stored answer."""
    return Bubble("me", shown(step, answer, choices), answer.id, step.id, editable=is_editable(step, answer),
                  value=answer.value)


def shown(step: Step, answer: ConversationAnswer | Row | Written, choices: Choices) -> tuple[Text, ...]:
    """The citizen's answer as their bubble shows it: her words, or the labels of the chips she chose."""
    value = answer.value
    if answer.skipped or value is None:
        return (Text(N_("Sprunget over")),)
    if step.input in (InputKind.CHOICE, InputKind.MULTI):
        labels = {c.value: c.label for c in choices.of(step)}
        picked = value if isinstance(value, list) else [value]
        return tuple(labels.get(v, Text(str(v), "literal")) for v in picked)
    if step.input is InputKind.YES_NO:
        return (Text(YES_NO[value]),)
    if step.input is InputKind.SCALE:
        return (Text(f"{FACES[int(value)]} {value}", "literal"),)
    if step.input is InputKind.DATE:
        return (Text(value, "date"),)
    return (Text(str(value), "literal"),)


def is_editable(step: Step, answer: ConversationAnswer | Row | Written) -> bool:
    """Ret is offered for typed words kept in an item by the step itself (not by an action)."""
    return (step.store is not None and step.action is None and step.input in EDITABLE_INPUTS
            and answer.item_id is not None and not answer.skipped)


def saved(db: Session, actor: Actor, answers: list[ConversationAnswer] | list[Row]) -> tuple[SavedItem, ...]:
    """What a finished conversation keeps in the workbook, item by item, in the order it was written."""
    ids = list(dict.fromkeys(a.item_id for a in answers if a.item_id is not None))
    views = {v.item_id: v for v in workbook.items(db, actor)}
    return tuple(SavedItem(i, views[i].kind, _parts(views[i])) for i in ids if i in views)


def _parts(item: workbook.ItemView) -> tuple[Text, ...]:
    if item.kind is ItemKind.FOCUS_AREAS:
        return tuple(Text(LIFE_AREA_LABELS[LifeArea(area)]) for area in item.content.get("areas", []))
    return (Text(workbook.headline(item), "literal"),)
