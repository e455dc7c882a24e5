"""The workbook: goals first, then the rest, in the citizen's own words; and the records of their meetings."""

from dataclasses import dataclass, field
from datetime import date

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.domain import municipal_plan, workbook, workbook_page
from citizenplan.domain.chat import FACES
from citizenplan.domain.errors import N_
from citizenplan.domain.ids import require_id
from citizenplan.domain.vocabulary import LIFE_AREA_LABELS, LifeArea
from citizenplan.domain.workbook import KIND_LABELS, ItemKind
from citizenplan.state import inputs
from citizenplan.state.rows import MeetingRow, meeting_row
from citizenplan.state.session import SessionState

FIELD_LABELS = {
    "title": "", "text": "", "wants": N_("Det vil jeg"), "why": N_("Derfor er det vigtigt"),
    "success": N_("Sådan kan jeg mærke det"), "target_date": N_("Hvornår"), "life_area": N_("Del af livet"),
    "helper": N_("Hvem hjælper"), "score": N_("Sådan går det"), "note": N_("Note"),
    "signs": N_("Tegn på, at jeg får det værre"), "helps": N_("Det hjælper"), "not_helps": N_("Det hjælper ikke"),
    "contacts": N_("Ring til"), "practical": N_("Praktiske ting"), "areas": "",
    "went_well": N_("Det er gået godt"), "hard": N_("Det har været svært"),
    "talk_about": N_("Det vil jeg tale om"), "agrees": "",
}
STATUS_LABELS = {"active": N_("I gang"), "reached": N_("Nået"), "paused": N_("Sat på pause"),
                 "dropped": N_("Droppet")}


@dataclass(frozen=True)
class Line:
    """One field of an item as a line: a msgid label (may be empty) and either the citizen's text or a msgid."""
    label: str = ""
    text: str = ""
    msgid: str = ""


def item_lines(content: dict, locale: str) -> list[Line]:
    """Each field of an item's content as a line, in the order of FIELD_LABELS."""
    lines = []
    for key, label in FIELD_LABELS.items():
        value = content.get(key)
        if value in (None, "", []):
            continue
        if key == "target_date":
            lines.append(Line(label, i18n.long_date(date.fromisoformat(value), locale)))
        elif key == "life_area" and value in LifeArea._value2member_map_:
            lines.append(Line(label, msgid=LIFE_AREA_LABELS[LifeArea(value)]))
        elif key == "areas":
            lines.extend(Line(msgid=LIFE_AREA_LABELS[LifeArea(a)]) for a in value if a in LifeArea._value2member_map_)
        elif key == "agrees":
            if value is False:
                lines.append(Line(msgid=N_("Jeg er ikke enig i dette mål")))
        elif key == "score":
            lines.append(Line(label, f"{FACES.get(int(value), '')} {value}"))
        elif key == "contacts":
            lines.extend(Line(label, f"{c.get('name', '')} {c.get('phone', '')}".strip()) for c in value)
        else:
            lines.append(Line(label, str(value)))
    return lines


SHARE_LABELS = {workbook_page.PRIVATE: N_("Privat"), workbook_page.SHARED: N_("Delt"),
                workbook_page.CHANGED: N_("Delt, men ændret siden")}


def _score(check_in) -> str:
    """A check-in's score with its face."""
    return f"{FACES.get(int(check_in.content['score']), '')} {check_in.content['score']}"


@dataclass(frozen=True)
class Handleplan:
    """The municipality's plan as the citizen sees it: whose it is, when, what for, and its goals."""
    made_by: str = ""
    made_on: str = ""
    recorded_by: str = ""
    purpose: str = ""
    goals: list[str] = field(default_factory=list)


def _handleplan_for_citizen(plan: municipal_plan.MunicipalPlan | None, locale: str) -> Handleplan | None:
    if plan is None:
        return None
    frame = plan.frame
    return Handleplan(made_by=", ".join(x for x in (frame.case_worker, frame.municipality) if x),
                      made_on=i18n.long_date(frame.made_on, locale) if frame.made_on else "",
                      recorded_by=plan.recorded_by, purpose=frame.purpose, goals=[g.text for g in plan.goals])


@dataclass(frozen=True)
class StepLink:
    """A goal's step as a way to it."""
    text: str = ""
    href: str = ""
    done: bool = False


def step_links(steps) -> list[StepLink]:
    return [StepLink(str(k.content.get("text") or ""), routes.workbook_item(k.item_id), bool(k.content.get("done")))
            for k in steps]


@dataclass(frozen=True)
class GoalCard:
    id: str = ""
    href: str = ""
    title: str = ""
    share: str = ""  # msgid
    area: str = ""  # the life area's value, or ""
    status: str = ""  # msgid
    latest: str = ""  # the newest check-in's score with its face, or ""
    steps: list[StepLink] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """The rest of the workbook, below the goals."""
    href: str = ""
    kind: str = ""  # msgid
    lines: list[Line] = field(default_factory=list)
    share: str = ""  # msgid


@dataclass(frozen=True)
class AreaChoice:
    value: str = ""
    label: str = ""  # msgid


class WorkbookState(SessionState):
    goals: list[GoalCard] = []
    others: list[Entry] = []
    area_filter: str = ""
    areas: list[AreaChoice] = []
    proposals_waiting: int = 0
    meetings: list[MeetingRow] = []
    handleplan: Handleplan | None = None  # the municipality's plan, marked as theirs; None when none is recorded
    agreements_waiting: int = 0  # what the contact person proposes under a goal, not answered yet
    # Her book has arrived (set with it): until then the page draws none of it, not even "Du har ingen mål endnu."
    # (not known yet), so that nothing on the screen moves when it comes (issue 21).
    loaded: bool = False

    @rx.var
    def has_handleplan(self) -> bool:
        return self.handleplan is not None

    @rx.event
    async def load(self):
        return await self._open(routes.WORKBOOK, self._refresh)

    async def _refresh(self, actor) -> None:
        page = await offload.DATA.run_with_db(workbook_page.workbook_page, actor)
        locale = actor.locale
        self.proposals_waiting = page.proposals_waiting
        self.meetings = [meeting_row(r, locale) for r in page.records]
        self.handleplan = _handleplan_for_citizen(page.municipal, locale)
        self.agreements_waiting = page.agreements_waiting
        self.goals = [GoalCard(
            id=str(g.view.item_id), href=routes.workbook_item(g.view.item_id),
            title=str(g.view.content.get("title") or ""), share=SHARE_LABELS[g.share],
            area=str(g.view.content.get("life_area") or ""),
            status=STATUS_LABELS.get(str(g.view.content.get("status", "active")), ""),
            latest=_score(g.latest_check_in) if g.latest_check_in else "", steps=step_links(g.steps),
        ) for g in page.goals]
        self.others = [Entry(href=routes.workbook_item(e.view.item_id), kind=KIND_LABELS[e.view.kind],
                             lines=item_lines(e.view.content, locale), share=SHARE_LABELS[e.share])
                       for e in page.others]
        self.areas = [AreaChoice(a.value, LIFE_AREA_LABELS[a]) for a in page.areas]
        self.loaded = True

    @rx.event
    def filter_area(self, area: str):
        area = inputs.text(area)
        self.area_filter = "" if area == self.area_filter else area

    @rx.event
    async def move(self, goal_id: str, steps: int):
        return (await self._as_actor(lambda db, actor: workbook.move(db, actor, require_id(goal_id),
                                                                     inputs.number(steps)), refresh=True)).to_login

    @rx.event
    async def write_remarks(self):
        outcome = await self._as_actor(lambda db, actor: workbook.create_item(db, actor, ItemKind.REMARKS).id,
                                       refresh=True)
        return rx.redirect(routes.workbook_item(outcome.value)) if outcome.ok else outcome.to_login
