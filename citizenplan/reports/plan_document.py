"""The shared plan as a printable document: one list of blocks that both the print page and the PDF
lay out, so paper and screen always say the same. Only what the citizen shared, the professional records
beside it, and nothing else.

Laid out as the seeds' two levels, so each question of seed 002's assessment form can be answered from it:
the municipality's handleplan (§ 141: who made it and when, purpose, granted indsats and scope, duration,
its goals, the offer), then the provider's indsatsplan made with the citizen (each goal in her words with
its horizon, life area, priority, the handleplan goal it serves, who does what, her answers), the latest
follow-up, her remarks and the hearing of the parties, and last the quality check itself.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from babel.lists import format_list
from sqlmodel import Session

from citizenplan import i18n
from citizenplan.domain.actors import Actor
from citizenplan.domain.case_file import CaseFile, case_file
from citizenplan.domain.errors import N_
from citizenplan.domain.follow_up import (
    DEGREE_LABELS,
    DURATION_KIND_LABELS,
    PURPOSE_JUDGEMENT_LABELS,
    PURPOSE_TYPE_LABELS,
    SPECIAL_CONDITION_LABELS,
    Degree,
    DurationKind,
    PurposeJudgement,
    PurposeType,
    in_force,
)
from citizenplan.domain.municipal_plan import OFFER_LABELS, Offer
from citizenplan.domain.policy import Action
from citizenplan.domain.provider_plan import ANSWER_LABELS, Answer
from citizenplan.domain.quality_check import STATUS_LABELS
from citizenplan.domain.shared_view import SharedItem
from citizenplan.domain.vocabulary import (
    LIFE_AREA_LABELS,
    SERVICE_AREA_LABELS,
    WHO_DIMENSION_LABELS,
    LifeArea,
    WhoDimension,
)

HORIZON_LABELS = {"short": N_("Kort sigt"), "long": N_("Lang sigt")}


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


def _newest(*moments: datetime | None) -> datetime | None:
    found = [m for m in moments if m is not None]
    return max(found, key=lambda m: m if m.tzinfo else m.replace(tzinfo=UTC)) if found else None


def plan_blocks(case: CaseFile, locale: str) -> list[Block]:
    def _(message: str, **params) -> str:
        return i18n.translate(message, locale, **params)

    def field(label: str, text: str, **params) -> list[Block]:
        return [Block("field", text, _(label, **params))] if text else []

    def day(value: date | datetime | None) -> str:
        return i18n.long_date(value, locale) if value else ""

    def joined(*parts: str) -> str:
        return " · ".join(p for p in parts if p)

    frame, municipal, provider = case.frame, case.municipal, case.provider
    goals = list(case.goals)
    approved = _newest(*(i.approved_at for i in case.shared))
    changed = _newest(approved, *(a.created_at for a in provider.links.values()),
                      *(s.sub_goal.created_at for subs in provider.sub_goals.values() for s in subs))

    blocks = [Block("h1", _(N_("Indsatsplan for {name}"), name=case.citizen_name))]
    if frame:
        blocks.append(Block("text", _(N_("Bygger på kommunens handleplan (§ 141), version {version} af {date}."),
                                      version=frame.version, date=day(frame.made_on or frame.started_on))))
    blocks += field(N_("Kontaktperson"), ", ".join(case.contact_names))
    area = _(SERVICE_AREA_LABELS[case.service_area]) if case.service_area else ""
    blocks += field(N_("Enhed"), joined(case.unit_name, area))
    blocks += field(N_("Planen er lavet sammen med"),
                    format_list([case.citizen_name, *case.contact_names], locale=i18n.supported(locale)))
    blocks += field(N_("Borgeren godkendte det delte"), day(approved))
    blocks += field(N_("Version og dato"), _(N_("Senest ændret {date}"), date=day(changed)) if changed else "")
    blocks += field(N_("Udskrevet"), i18n.date_time(case.printed_at, locale))

    # ------------------------------------------------------------ myndighedsniveau
    blocks.append(Block("h2", _(N_("Kommunens handleplan (§ 141)"))))
    if frame is None:
        blocks.append(Block("text", _(N_("Kommunens handleplan er ikke skrevet ind endnu."))))
    else:
        blocks.append(Block("text", _(N_("Kommunens plan, skrevet ind af {name} som modtaget."),
                                      name=case.frame_author)))
        blocks += field(N_("Sagsbehandler"), joined(frame.case_worker, frame.municipality))
        blocks += field(N_("Handleplanens dato"), day(frame.made_on))
        blocks += field(N_("Formålet med indsatsen"), frame.purpose)
        blocks += field(N_("Den bevilgede indsats"), frame.intervention)
        blocks += field(N_("Omfang"), frame.intervention_scope)
        kind = _(DURATION_KIND_LABELS[DurationKind(frame.duration_kind)]) if frame.duration_kind else ""
        blocks += field(N_("Forventet varighed"), joined(kind, frame.duration_text))
        for key, text in frame.special.items():
            blocks += field(SPECIAL_CONDITION_LABELS.get(key, key), text)
        for n, goal in enumerate(municipal.goals if municipal else (), start=1):
            blocks += field(N_("Handleplanens mål {n}"), goal.text, n=n)
        blocks += field(N_("Kommunens forslag til udføreren"), frame.suggestions)
        offer = _(OFFER_LABELS[Offer(frame.offer)]) if frame.offer else ""
        blocks += field(N_("Tilbudt borgeren"), joined(offer, day(frame.offer_on)))
        blocks += field(N_("Planen begyndte"), day(frame.started_on))

    # ------------------------------------------------------------ udførerniveau
    blocks.append(Block("h2", _(N_("Indsatsplan"))))
    blocks.append(Block("text", _(N_("Udførerens plan, lavet sammen med borgeren. Målene står med borgerens egne "
                                     "ord, i den rækkefølge borgeren vil arbejde med dem."))))
    sources = {i.item_id: i for i in case.shared if i.kind in ("dream", "hope")}
    if sources:
        blocks.append(Block("h3", _(N_("Borgerens drømme og håb"))))
        for item in sources.values():
            label = N_("Drøm") if item.kind == "dream" else N_("Håb")
            blocks += field(label, str(item.content.get("text") or ""))
    if not goals:
        blocks.append(Block("text", _(N_("Borgeren har ikke delt et mål endnu."))))
    for priority, goal in enumerate(goals, start=1):
        blocks += _goal_blocks(case, goal, priority, len(goals), sources, _, field, day, joined)
    if provider.actors:
        blocks.append(Block("h3", _(N_("Andre aktører omkring borgeren"))))
        for other in provider.actors:
            blocks.append(Block("field", joined(other.role, other.does), other.name))
    if provider.unmet_needs:
        blocks.append(Block("h3", _(N_("Udækkede behov"))))
        for area_key, need in provider.unmet_needs.items():
            label = LIFE_AREA_LABELS[LifeArea(area_key)] if area_key in LifeArea._value2member_map_ else area_key
            blocks += field(label, need.text)

    # ------------------------------------------------------------ follow-up
    blocks.append(Block("h2", _(N_("Opfølgning"))))
    if case.next:
        nxt = case.next
        when = joined(i18n.long_date(nxt.due_on, locale), nxt.at_time, nxt.place)
        blocks += field(N_("Næste opfølgning"), when + (f" ({_(N_('Overskredet'))})" if case.overdue else ""))
    latest = in_force(list(case.records))
    if latest:
        record = latest[0]
        blocks.append(Block("h3", _(N_("Seneste opfølgning {date}"), date=record.record.held_on)))
        blocks += field(N_("Hvem var med"), record.record.participants)
        judged = record.record.purpose_judgement
        blocks += field(N_("Formålet med indsatsen er"),
                        _(PURPOSE_JUDGEMENT_LABELS[PurposeJudgement(judged)]) if judged else "")
        for g in record.goals:
            degree = _(DEGREE_LABELS[Degree(g.degree)])
            blocks.append(Block("field", joined(degree, g.description), g.goal_title))
            own = _(DEGREE_LABELS[Degree(g.citizen_degree)]) if g.citizen_degree else ""
            blocks += field(N_("Borgerens eget syn"), joined(own, g.citizen_view))
        blocks += field(N_("Andet fra mødet"), record.record.note)
    else:
        blocks.append(Block("text", _(N_("Der er ingen opfølgninger endnu."))))

    # ------------------------------------------------------------ the citizen's voice
    blocks.append(Block("h2", _(N_("Borgerens bemærkninger og partshøring"))))
    remarks = [str(r.content.get("text") or "") for r in case.shared if r.kind == "remarks"]
    blocks += [Block("text", text) for text in remarks if text]
    if not any(remarks):
        blocks.append(Block("text", _(N_("Borgeren har ikke delt bemærkninger til planen."))))
    answered = sum(1 for subs in provider.sub_goals.values() for s in subs if s.answer is not None)
    all_subs = sum(len(subs) for subs in provider.sub_goals.values())
    disagreements = sum(1 for g in goals if g.content.get("agrees") is False) + sum(
        1 for subs in provider.sub_goals.values() for s in subs if s.disagrees)
    blocks.append(Block("text", _(N_("Borgeren har svaret på {answered} af {total} delmål og er uenig i {disagreements}. "
                                     "Hvor borgeren er uenig, står den faglige vurdering ved målet."),
                                  answered=answered, total=all_subs, disagreements=disagreements)))

    # ------------------------------------------------------------ the quality check, last
    blocks.append(Block("h2", _(N_("Kvalitetstjek"))))
    blocks.append(Block("text", _(N_("Vurderingsskemaets ni spørgsmål, tjekket ud fra planen. \"Vurder selv\" "
                                     "er det, kun en person kan svare på."))))
    for line in case.quality:
        if line.status == "judge":  # its advice begins "Vurder selv"
            text = _(line.advice, count=line.count)
        else:
            text = joined(_(STATUS_LABELS[line.status]), *(_(msgid, count=count) for msgid, count in line.reasons))
        blocks.append(Block("field", text, f"{line.number}. {_(line.question)}"))
    return blocks


def _goal_blocks(case: CaseFile, goal: SharedItem, priority: int, total: int, sources: dict[int, SharedItem],
                 _, field, day, joined) -> list[Block]:
    c, provider = goal.content, case.provider
    row = provider.links.get(goal.item_id)
    blocks = [Block("h3", _(N_("Mål {n}: {title}"), n=priority, title=str(c.get("title") or "")))]
    blocks += field(N_("Prioritet"), _(N_("{n} af {total}, som borgeren har valgt"), n=priority, total=total))
    origin = sources.get(case.origins.get(goal.item_id, 0))
    blocks += field(N_("Kommer fra"), str(origin.content.get("text") or "") if origin else "")
    blocks += field(N_("Derfor er det vigtigt"), str(c.get("why") or ""))
    blocks += field(N_("Sådan kan borgeren mærke det"), str(c.get("success") or ""))
    if c.get("target_date"):
        blocks += field(N_("Hvornår"), day(date.fromisoformat(str(c["target_date"]))))
    horizon = c.get("horizon")
    blocks += field(N_("Sigt"), _(HORIZON_LABELS[horizon]) if horizon in HORIZON_LABELS else "")
    life_area = c.get("life_area")
    blocks += field(N_("Livsområde"), _(LIFE_AREA_LABELS[LifeArea(life_area)])
                    if life_area in LifeArea._value2member_map_ else "")
    who = provider.who_dimension(goal.item_id, c)
    blocks += field(N_("WHO-livskvalitet"), _(WHO_DIMENSION_LABELS[WhoDimension(who)])
                    if who in WhoDimension._value2member_map_ else "")
    if case.municipal and row and row.municipal_goal_key is not None:
        text = case.municipal.goal_text(row.municipal_goal_key)
        blocks += field(N_("Handleplanens mål"), text or _(N_("Et mål, der ikke længere står i handleplanen")))
    elif row and row.linked_to_purpose:
        blocks.append(Block("text", _(N_("Målet hører til formålet med indsatsen"))))
    if row and row.purpose_type:
        blocks += field(N_("Formålstype"), _(PURPOSE_TYPE_LABELS[PurposeType(row.purpose_type)]))
    blocks += field(N_("Ansvarlig"), row.responsible if row else "")
    blocks += field(N_("Hvad kan gøre det svært?"), row.obstacles if row else "")
    blocks += field(N_("Hvad kan hjælpe?"), row.supports if row else "")
    for step in case.steps_of(goal.item_id):
        s = step.content
        helper = _(N_("hjælp fra {name}"), name=s["helper"]) if s.get("helper") else ""
        blocks += field(N_("Skridt"), joined(str(s.get("text") or ""), helper))
    for sub in provider.sub_goals.get(goal.item_id, ()):
        d = sub.sub_goal
        blocks.append(Block("field", joined(d.what, _(N_("ansvarlig: {name}"), name=d.responsible), d.how_often),
                            _(N_("Delmål"))))
        answer = sub.answer
        said = _(ANSWER_LABELS[Answer(answer.answer)]) if answer else _(N_("Borgeren har ikke svaret endnu"))
        blocks += field(N_("Borgerens svar"), joined(said, answer.words if answer else ""))
        for assessed in sub.assessments:
            blocks += field(N_("Faglig vurdering"), f"{assessed.text} ({day(assessed.assessed_on)})")
    if c.get("agrees") is False:
        blocks.append(Block("text", _(N_("Borgeren er ikke enig i dette mål."))))
    if row and row.assessment:
        blocks += field(N_("Faglig vurdering"), f"{row.assessment} ({day(row.created_at)})")
    return blocks
