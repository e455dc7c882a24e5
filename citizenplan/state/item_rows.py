"""What the item page shows, row by row: typed, so that the page reads fields as attributes (state/item.py)."""

from dataclasses import dataclass, field

from citizenplan.state.rows import AssessmentRow
from citizenplan.state.workbook import Line


@dataclass(frozen=True)
class EditField:
    """A field of the edit form."""
    name: str = ""
    label: str = ""  # msgid
    value: str = ""
    is_date: bool = False


@dataclass(frozen=True)
class Change:
    """What the citizen changed since she shared it: one field, before and after."""
    label: str = ""  # msgid
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class StepOffer:
    """A goal's step its readers would not see, offered in the preview."""
    id: str = ""
    version: str = ""
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class Version:
    number: str = ""
    when: str = ""
    who: str = ""
    mine: bool = False  # written by the citizen herself
    via: str = ""  # msgid, or ""
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class Proposal:
    id: str = ""
    who: str = ""
    text: str = ""
    label: str = ""  # msgid
    mine: str = ""  # her own words in the field now


@dataclass(frozen=True)
class CheckIn:
    when: str = ""
    score: int = 0
    note: str = ""


@dataclass(frozen=True)
class SubGoal:
    """What the contact person proposes under the goal, with the citizen's answer."""
    id: str = ""
    what: str = ""
    who: str = ""
    how_often: str = ""
    answer: str = ""  # "agrees", "disagrees" or ""
    words: str = ""
    assessments: list[AssessmentRow] = field(default_factory=list)
