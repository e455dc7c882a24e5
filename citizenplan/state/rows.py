"""Rows that several pages show alike: a comment, a follow-up record with both views of each goal.

Frozen dataclasses in state vars: Reflex 0.10 sends them to the browser as JSON objects (field by field,
nested lists too), and a page reads their fields as typed vars (`row.title`), with no `.to(...)` cast."""

from dataclasses import dataclass, field

from citizenplan import i18n
from citizenplan.domain import follow_up
from citizenplan.domain.follow_up import DEGREE_LABELS, Degree
from citizenplan.domain.vocabulary import ROLE_LABELS


@dataclass(frozen=True)
class CommentRow:
    """One comment: who wrote it, their role (a msgid), when, and the words as typed."""

    who: str = ""
    role: str = ""
    when: str = ""
    text: str = ""


def comment_rows(thread, locale: str) -> list[CommentRow]:
    """A thread of domain CommentViews in the tab's language (a relative's home and the shared plan)."""
    return [CommentRow(who=c.author_name, role=ROLE_LABELS[c.author_role], when=i18n.date_time(c.created_at, locale),
                       text=c.text) for c in thread]


@dataclass(frozen=True)
class AssessmentRow:
    """The contact person's assessment of a delmål: when, and the words (the follow-up page and her item page)."""

    on: str = ""
    text: str = ""


@dataclass(frozen=True)
class FulfilmentRow:
    """One goal at a follow-up: the contact person's degree (a msgid) and words, the citizen's own view."""

    title: str = ""
    degree: str = ""
    description: str = ""
    citizen_view: str = ""
    citizen_degree: str = ""  # a msgid, or "" where the citizen said nothing
    differ: bool = False


@dataclass(frozen=True)
class MeetingRow:
    """A signed follow-up record: who wrote it, when, and each goal's fulfilment."""

    id: str = ""
    held_on: str = ""
    by: str = ""
    signed: str = ""
    participants: str = ""
    note: str = ""
    corrects: bool = False
    corrected: bool = False
    goals: list[FulfilmentRow] = field(default_factory=list)


def meeting_row(view: follow_up.RecordView, locale: str) -> MeetingRow:
    """A follow-up record as the contact person and the citizen read it: who wrote it, both views of each goal."""
    r = view.record
    return MeetingRow(
        id=str(r.id), held_on=i18n.long_date(r.held_on, locale), by=view.author_name,
        signed=i18n.date_time(r.signed_at, locale), participants=r.participants, note=r.note,
        corrects=bool(r.corrects_id), corrected=bool(view.corrected_by),
        goals=[FulfilmentRow(
            title=g.goal_title, degree=DEGREE_LABELS[Degree(g.degree)], description=g.description,
            citizen_view=g.citizen_view,
            citizen_degree=DEGREE_LABELS[Degree(g.citizen_degree)] if g.citizen_degree else "",
            differ=bool(g.citizen_degree) and g.citizen_degree != g.degree) for g in view.goals])
