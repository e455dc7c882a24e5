"""The shared plan as a printable document: one list of blocks that both the print page and the PDF
lay out, so paper and screen always say the same. Only shared content and the professional frame.

Ordered so each question of seed 002's assessment form can be answered from it: purpose, intervention
and duration first, then the goals with success criteria, dates and the purpose they serve, then the
follow-up with degrees and the citizen's own view and remarks.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from citizenplan import i18n
from citizenplan.domain.actors import Actor
from citizenplan.domain.case_file import CaseFile, case_file
from citizenplan.domain.errors import N_
from citizenplan.domain.follow_up import (
    DEGREE_LABELS,
    DURATION_KIND_LABELS,
    PURPOSE_TYPE_LABELS,
    SPECIAL_CONDITION_LABELS,
    Degree,
    DurationKind,
    PurposeType,
    in_force,
)
from citizenplan.domain.policy import Action
from citizenplan.domain.vocabulary import SERVICE_AREA_LABELS


@dataclass(frozen=True)
class Block:
    kind: str  # "h1", "h2", "h3", "field" (label: text), "text"; Min plan also "explain" (label: a term,
    text: str  # text: what it means) and "by" (who wrote what follows)
    label: str = ""
    own: bool = False  # the citizen's own words (Min plan marks them)


def printable_plan(db: Session, actor: Actor, citizen_id: int) -> list[Block]:
    """The blocks of a citizen's shared plan, for whoever the policy lets print it (in one call, so that
    the print page can run it off the event loop)."""
    return plan_blocks(case_file(db, actor, citizen_id, action=Action.PRINT_PLAN), actor.locale)


def plan_blocks(case: CaseFile, locale: str) -> list[Block]:
    def _(message: str, **params) -> str:
        return i18n.translate(message, locale, **params)

    def field(label: str, text: str) -> list[Block]:
        return [Block("field", text, _(label))] if text else []

    blocks = [Block("h1", _(N_("Handleplan for {name}"), name=case.citizen_name))]
    area = _(SERVICE_AREA_LABELS[case.service_area]) if case.service_area else ""
    blocks += field(N_("Kontaktperson"), ", ".join(case.contact_names))
    blocks += field(N_("Enhed"), " · ".join(x for x in (case.unit_name, area) if x))
    blocks += field(N_("Udskrevet"), i18n.date_time(case.printed_at, locale))

    blocks.append(Block("h2", _(N_("Rammen efter § 141"))))
    frame = case.frame
    if frame is None:
        blocks.append(Block("text", _(N_("Rammen er ikke skrevet endnu."))))
    else:
        blocks += field(N_("Formålet med indsatsen"), frame.purpose)
        blocks += field(N_("Indsatsen"), frame.intervention)
        kind = _(DURATION_KIND_LABELS[DurationKind(frame.duration_kind)]) if frame.duration_kind else ""
        blocks += field(N_("Forventet varighed"), " · ".join(x for x in (kind, frame.duration_text) if x))
        for key, text in frame.special.items():
            blocks += field(SPECIAL_CONDITION_LABELS.get(key, key), text)
        blocks += field(N_("Planen begyndte"), i18n.long_date(frame.started_on, locale))

    blocks.append(Block("h2", _(N_("Mål"))))
    if not case.goals:
        blocks.append(Block("text", _(N_("Borgeren har ikke delt et mål endnu."))))
    for goal in case.goals:
        c = goal.content
        blocks.append(Block("h3", str(c.get("title") or "")))
        blocks += field(N_("Derfor er det vigtigt"), str(c.get("why") or ""))
        blocks += field(N_("Sådan kan borgeren mærke det"), str(c.get("success") or ""))
        if c.get("target_date"):
            blocks += field(N_("Hvornår"), i18n.long_date(date.fromisoformat(c["target_date"]), locale))
        assessed = case.assessments.get(goal.item_id)
        if assessed and assessed.purpose_type:
            blocks += field(N_("Formålstype"), _(PURPOSE_TYPE_LABELS[PurposeType(assessed.purpose_type)]))
        if assessed and assessed.linked_to_purpose:
            blocks.append(Block("text", _(N_("Målet hører til formålet med indsatsen"))))
        for step in case.steps_of(goal.item_id):
            s = step.content
            helper = _(N_("hjælp fra {name}"), name=s["helper"]) if s.get("helper") else ""
            blocks += field(N_("Skridt"), " · ".join(x for x in (str(s.get("text") or ""), helper) if x))
        if c.get("agrees") is False:
            blocks.append(Block("text", _(N_("Borgeren er ikke enig i dette mål."))))
        if assessed and assessed.assessment:
            blocks += field(N_("Faglig vurdering"), f"{assessed.assessment} ({i18n.long_date(assessed.created_at, locale)})")

    blocks.append(Block("h2", _(N_("Opfølgning"))))
    if case.next:
        nxt = case.next
        when = " · ".join(x for x in (i18n.long_date(nxt.due_on, locale), nxt.at_time, nxt.place) if x)
        blocks += field(N_("Næste opfølgning"), when + (f" ({_(N_('Overskredet'))})" if case.overdue else ""))
    latest = in_force(list(case.records))
    if latest:
        record = latest[0]
        blocks.append(Block("h3", _(N_("Seneste opfølgning {date}"), date=record.record.held_on)))
        blocks += field(N_("Hvem var med"), record.record.participants)
        for g in record.goals:
            degree = _(DEGREE_LABELS[Degree(g.degree)])
            blocks.append(Block("field", " · ".join(x for x in (degree, g.description) if x), g.goal_title))
            own = _(DEGREE_LABELS[Degree(g.citizen_degree)]) if g.citizen_degree else ""
            blocks += field(N_("Borgerens eget syn"), " · ".join(x for x in (own, g.citizen_view) if x))
        blocks += field(N_("Andet fra mødet"), record.record.note)
    else:
        blocks.append(Block("text", _(N_("Der er ingen opfølgninger endnu."))))

    remarks = [i for i in case.shared if i.kind == "remarks"]
    if remarks:
        blocks.append(Block("h2", _(N_("Borgerens bemærkninger til planen"))))
        blocks += [Block("text", str(r.content.get("text") or "")) for r in remarks]
    return blocks
