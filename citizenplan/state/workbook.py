"""The workbook: goals first, then the rest, in the citizen's own words; and the records of their meetings."""

from datetime import date
from typing import Any

import reflex as rx

from citizenplan import i18n, routes
from citizenplan.db import session_scope
from citizenplan.domain import follow_up, municipal_plan, workbook, workbook_page
from citizenplan.domain.chat import FACES
from citizenplan.domain.errors import N_
from citizenplan.domain.follow_up import DEGREE_LABELS, Degree
from citizenplan.domain.ids import require_id
from citizenplan.domain.vocabulary import LIFE_AREA_LABELS, LifeArea
from citizenplan.domain.workbook import KIND_LABELS, ItemKind
from citizenplan.state import inputs
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


def lines_of(content: dict, locale: str) -> list[dict[str, str]]:
    """Each field as a line: msgid label (may be empty) and either the citizen's text or a msgid."""
    lines = []
    for key, label in FIELD_LABELS.items():
        value = content.get(key)
        if value in (None, "", []):
            continue
        if key == "target_date":
            lines.append({"label": label, "text": i18n.long_date(date.fromisoformat(value), locale), "msgid": ""})
        elif key == "life_area" and value in LifeArea._value2member_map_:
            lines.append({"label": label, "text": "", "msgid": LIFE_AREA_LABELS[LifeArea(value)]})
        elif key == "areas":
            lines.extend({"label": "", "text": "", "msgid": LIFE_AREA_LABELS[LifeArea(a)]}
                         for a in value if a in LifeArea._value2member_map_)
        elif key == "agrees":
            if value is False:
                lines.append({"label": "", "text": "", "msgid": N_("Jeg er ikke enig i dette mål")})
        elif key == "score":
            lines.append({"label": label, "text": f"{FACES.get(int(value), '')} {value}", "msgid": ""})
        elif key == "contacts":
            lines.extend({"label": label, "text": f"{c.get('name', '')} {c.get('phone', '')}".strip(), "msgid": ""}
                         for c in value)
        else:
            lines.append({"label": label, "text": str(value), "msgid": ""})
    return lines


SHARE_LABELS = {workbook_page.PRIVATE: N_("Privat"), workbook_page.SHARED: N_("Delt"),
                workbook_page.CHANGED: N_("Delt, men ændret siden")}


def _score(check_in) -> str:
    """A check-in's score with its face."""
    return f"{FACES.get(int(check_in.content['score']), '')} {check_in.content['score']}"


def _handleplan_for_citizen(plan: municipal_plan.MunicipalPlan | None, locale: str) -> dict[str, Any]:
    """The municipality's plan as the citizen sees it: whose it is, when, what for, and its goals."""
    if plan is None:
        return {}
    frame = plan.frame
    return {"made_by": ", ".join(x for x in (frame.case_worker, frame.municipality) if x),
            "made_on": i18n.long_date(frame.made_on, locale) if frame.made_on else "",
            "recorded_by": plan.recorded_by, "purpose": frame.purpose, "goals": [g.text for g in plan.goals]}


def meeting_of(view: follow_up.RecordView, locale: str) -> dict:
    """A follow-up record as the citizen reads it: who wrote it, and both views of each goal."""
    r = view.record
    return {
        "id": str(r.id), "held_on": i18n.long_date(r.held_on, locale), "by": view.author_name,
        "signed": i18n.date_time(r.signed_at, locale), "participants": r.participants, "note": r.note,
        "corrects": bool(r.corrects_id), "corrected": bool(view.corrected_by),
        "goals": [{"title": g.goal_title, "degree": DEGREE_LABELS[Degree(g.degree)], "description": g.description,
                   "citizen_view": g.citizen_view,
                   "citizen_degree": DEGREE_LABELS[Degree(g.citizen_degree)] if g.citizen_degree else "",
                   "differ": bool(g.citizen_degree) and g.citizen_degree != g.degree}
                  for g in view.goals],
    }


class WorkbookState(SessionState):
    goals: list[dict] = []
    others: list[dict] = []
    area_filter: str = ""
    areas: list[dict[str, str]] = []
    proposals_waiting: int = 0
    meetings: list[dict] = []
    handleplan: dict[str, Any] = {}  # the municipality's plan, marked as theirs; {} when none is recorded
    has_handleplan: bool = False
    agreements_waiting: int = 0  # what the contact person proposes under a goal, not answered yet

    async def load(self):
        return await self._open(routes.WORKBOOK, self._refresh)

    def _refresh(self, actor) -> None:
        with session_scope() as db:
            page = workbook_page.workbook_page(db, actor)
        locale = actor.locale
        self.proposals_waiting = page.proposals_waiting
        self.meetings = [meeting_of(r, locale) for r in page.records]
        self.handleplan = _handleplan_for_citizen(page.municipal, locale)
        self.has_handleplan = bool(self.handleplan)
        self.agreements_waiting = page.agreements_waiting
        self.goals = [{
            "id": str(g.view.item_id), "href": routes.workbook_item(g.view.item_id),
            "title": str(g.view.content.get("title") or ""), "share": SHARE_LABELS[g.share],
            "area": str(g.view.content.get("life_area") or ""),
            "status": STATUS_LABELS.get(str(g.view.content.get("status", "active")), ""),
            "latest": _score(g.latest_check_in) if g.latest_check_in else "",
            "steps": [{"href": routes.workbook_item(k.item_id), "text": str(k.content.get("text") or ""),
                       "done": "yes" if k.content.get("done") else ""} for k in g.steps],
        } for g in page.goals]
        self.others = [{"href": routes.workbook_item(e.view.item_id), "kind": KIND_LABELS[e.view.kind],
                        "lines": lines_of(e.view.content, locale), "share": SHARE_LABELS[e.share]}
                       for e in page.others]
        self.areas = [{"value": a.value, "label": LIFE_AREA_LABELS[a]} for a in page.areas]

    def filter_area(self, area: str):
        area = inputs.text(area)
        self.area_filter = "" if area == self.area_filter else area

    async def move(self, goal_id: str, steps: int):
        return (await self._as_actor(lambda db, actor: workbook.move(db, actor, require_id(goal_id),
                                                                     inputs.number(steps)), refresh=True)).to_login

    async def write_remarks(self):
        outcome = await self._as_actor(lambda db, actor: workbook.create_item(db, actor, ItemKind.REMARKS).id,
                                       refresh=True)
        return rx.redirect(routes.workbook_item(outcome.value)) if outcome.ok else outcome.to_login
