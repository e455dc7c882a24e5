"""Min plan: the citizen's whole plan as her contact person and the municipality see it, beside her own words
(issue 20; seed 002 recs. 11-13: she knows her plan, takes part in it, and her remarks are in it).

One read model, for the citizen herself: the policy decides (`Action.PRINT_PLAN` on her own id), so the page,
the print and her PDF all read this and can never disagree. It is a list of sections so that later parts of
the plan plug in as more sections: a builder `(db, actor, citizen_id) -> Section | None` in `SECTIONS` is
shown, printed and put in her PDF with no change to the page. The two levels of seed 000 are two such
builders: the municipality's handleplan (`municipal_plan_section`) and the provider's indsatsplan beside her
goals (`provider_plan_section`, docs/plan-levels.md). Each reads with a fixed number of SQL statements, however
many goals and delmål she has.

Every entry says whose words it holds: hers (`own`) or a professional's (`author`, `role`). A professional
entry names its term (`term`, a key of TERMS); the presenter explains each term in a short line the first
time it appears (`first_uses`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, select

from citizenplan.clock import utcnow
from citizenplan.domain import access_log, follow_up, municipal_plan, provider_plan, sharing, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_
from citizenplan.domain.follow_up import (
    DEGREE_LABELS,
    DURATION_KIND_LABELS,
    PURPOSE_TYPE_LABELS,
    SPECIAL_CONDITION_LABELS,
    Degree,
    DurationKind,
    PurposeType,
)
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.text import clean_text
from citizenplan.domain.vocabulary import LIFE_AREA_LABELS, ROLE_LABELS, Audience, LifeArea, Role
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import ContactAssignment, SharedSnapshot, ShareEvent, User

CONTACT_ROLE = ROLE_LABELS[Role.CONTACT_PERSON]

# The professional words she meets in her plan, each with one short line in plain Danish.
TERMS: dict[str, tuple[str, str]] = {
    "municipal_plan": (N_("Kommunens handleplan"),
                       N_("Kommunens plan for din hjælp. Din sagsbehandler laver den. "
                          "I loven hedder den en handleplan efter § 141.")),
    "case_worker": (N_("Sagsbehandler"), N_("Den person i kommunen, der har din sag.")),
    "offer": (N_("Tilbud om en handleplan"),
              N_("Kommunen skal give dig et tilbud om en handleplan. Du må sige ja eller nej tak.")),
    "scope": (N_("Omfang"), N_("Hvor meget hjælp du får. Fx hvor mange timer om ugen.")),
    "provider_plan": (N_("Indsatsplan"),
                      N_("Planen for, hvad dit bosted eller din bostøtte gør for dig. Den bygger på dine mål "
                         "og på kommunens mål.")),
    "sub_goal": (N_("Delmål"), N_("Et lille trin på vejen mod et mål. Der står, hvem gør hvad, og hvor tit.")),
    "other_actors": (N_("Andre aktører"), N_("Andre, der også hjælper dig. Fx din læge eller jobcentret.")),
    "unmet_needs": (N_("Udækkede behov"), N_("Det, du har brug for hjælp til, men ikke får hjælp til endnu.")),
    "purpose": (N_("Formålet med indsatsen"), N_("Det, hjælpen skal føre dig hen imod på lang sigt.")),
    "intervention": (N_("Indsatsen"), N_("Den hjælp, du får.")),
    "duration": (N_("Forventet varighed"), N_("Hvor længe hjælpen nok varer. Det er ikke en dato for et møde.")),
    "special": (N_("Andre særlige forhold"), N_("Andet, der har betydning for din hjælp. Fx bolig eller behandling.")),
    "purpose_type": (N_("Formålstype"),
                     N_("Om målet skal hjælpe dig med at lære nyt, at holde fast i det, du kan, eller at klare det, "
                        "der er svært.")),
    "assessment": (N_("Faglig vurdering"),
                   N_("Det, din kontaktperson mener som fagperson. Det står ved siden af dine egne ord.")),
    "follow_up": (N_("Opfølgning"), N_("Et møde, hvor I ser på, hvordan det går med din plan.")),
    "degree": (N_("Opfyldelsesgrad"), N_("Hvor langt du er nået med målet: ikke, delvist eller helt.")),
}


@dataclass(frozen=True)
class Entry:
    """One line of the plan. value: the words as written, a date, or (msgid=True) a label to translate."""

    kind: str  # "heading" (a goal, a meeting), "field" (label: value), "note" (a line of its own)
    value: str | date = ""
    label: str = ""  # msgid
    own: bool = False  # her own words
    author: str = ""  # who wrote it, when not her
    role: str = ""  # msgid of the author's role
    term: str = ""  # a key of TERMS: the professional word this entry is
    msgid: bool = False
    at: date | None = None  # when it was written (a dated assessment)
    prefix: str = ""  # msgid shown before the value, such as the kind of a duration
    answer_on: int | None = None  # kind "link": the goal whose page is where she answers (the page links there)


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # msgid
    intro: str  # msgid
    entries: tuple[Entry, ...]
    term: str = ""  # the professional name of the whole section, explained with it


@dataclass(frozen=True)
class ShareLine:
    """One item she shares with one audience: since when, whether she changed it since, who read it last."""

    item_id: int
    kind: ItemKind
    headline: str
    audience: Audience
    since: datetime
    changed_since: bool
    last_reader: str = ""
    last_read_at: datetime | None = None
    last_read_words: str = ""  # the approved words the reader was shown then


@dataclass(frozen=True)
class MyPlan:
    citizen_id: int
    citizen_name: str
    contact_names: tuple[str, ...]
    sections: tuple[Section, ...]
    shares: tuple[ShareLine, ...]
    remarks: str  # her remarks on the plan, as she last wrote them
    remarks_shared: bool  # her contact person sees them as they stand
    made_at: datetime = field(default_factory=utcnow)


SectionBuilder = Callable[[Session, Actor, int], "Section | None"]


def my_plan(db: Session, actor: Actor, citizen_id: int, now: datetime | None = None) -> MyPlan:
    """Her whole plan. It holds her own words as they stand now, drafts too, so the policy's question is
    READ_DRAFT: the citizen herself, nobody else (a contact person prints the shared plan: case_file)."""
    citizen = db.get(User, citizen_id)
    authorize(db, actor, Action.READ_DRAFT,
              Target(kind="my_plan", citizen_id=citizen_id, unit_id=citizen.unit_id if citizen else None))
    mine = workbook.items(db, actor)
    shares = what_i_share(db, actor, mine)
    assessments = follow_up.goal_assessments(db, actor, citizen_id)
    names = dict(db.exec(select(User.id, User.display_name).where(
        User.id.in_({a.author_id for a in assessments.values()}))).all()) if assessments else {}
    sections = [_goals(mine, shares, assessments, names)]
    sections += [s for s in (build(db, actor, citizen_id) for build in SECTIONS) if s is not None]
    sections.append(_meetings(follow_up.records_of(db, actor, citizen_id),
                              follow_up.next_follow_up(db, actor, citizen_id)))
    remarks = next((i for i in mine if i.kind is ItemKind.REMARKS), None)
    sections.insert(1, Section("remarks", N_("Mine bemærkninger til planen"), N_("Det her vil du have med i planen."),
                               (Entry("note", str(remarks.content.get("text") or ""), own=True),)
                               if remarks and remarks.content.get("text") else
                               (Entry("note", N_("Du har ikke skrevet bemærkninger endnu."), msgid=True),)))
    shared_remarks = next((s for s in shares if remarks and s.item_id == remarks.item_id
                           and s.audience is Audience.CONTACT_PERSON), None)
    return MyPlan(
        citizen_id=citizen_id, citizen_name=citizen.display_name, contact_names=tuple(_contacts(db, citizen_id)),
        sections=tuple(sections), shares=tuple(shares),
        remarks=str(remarks.content.get("text") or "") if remarks else "",
        remarks_shared=bool(shared_remarks and not shared_remarks.changed_since), made_at=now or utcnow(),
    )


def first_uses(sections: tuple[Section, ...] | list[Section]) -> set[tuple[int, int]]:
    """Where each term is explained: (section index, entry index) of its first use; entry -1 is the section's
    own term. A term used again later is not explained again."""
    seen: set[str] = set()
    found: set[tuple[int, int]] = set()
    for s_index, section in enumerate(sections):
        for e_index, term in [(-1, section.term), *((i, e.term) for i, e in enumerate(section.entries))]:
            if term and term not in seen:
                seen.add(term)
                found.add((s_index, e_index))
    return found


def _contacts(db: Session, citizen_id: int) -> list[str]:
    return list(db.exec(select(User.display_name).join(ContactAssignment, ContactAssignment.contact_person_id == User.id)
                        .where(ContactAssignment.citizen_id == citizen_id, ContactAssignment.ended_at.is_(None))
                        .order_by(User.display_name)).all())


def _goals(mine: list[workbook.ItemView], shares: list[ShareLine], assessments: dict, names: dict[int, str]) -> Section:
    """Her goals in her words and order, each with its steps, and beside it what her contact person wrote."""
    entries: list[Entry] = []
    steps: dict[int, list[workbook.ItemView]] = {}
    for item in mine:
        if item.kind is ItemKind.STEP and item.parent_id:
            steps.setdefault(item.parent_id, []).append(item)
    for goal in (i for i in mine if i.kind is ItemKind.GOAL):
        c = goal.content
        entries.append(Entry("heading", str(c.get("title") or ""), own=True))
        for key, label in (("why", N_("Derfor er det vigtigt")), ("success", N_("Sådan kan jeg mærke det"))):
            if c.get(key):
                entries.append(Entry("field", str(c[key]), label, own=True))
        if c.get("target_date"):
            entries.append(Entry("field", date.fromisoformat(c["target_date"]), N_("Hvornår"), own=True))
        entries += [Entry("field", str(s.content.get("text") or ""), N_("Skridt"), own=True)
                    for s in steps.get(goal.item_id, []) if s.content.get("text")]
        if c.get("agrees") is False:
            entries.append(Entry("note", N_("Jeg er ikke enig i dette mål"), own=True, msgid=True))
        entries.append(Entry("note", _shared_label(goal.item_id, shares), msgid=True))
        assessed = assessments.get(goal.item_id)
        if assessed is not None:
            by = {"author": names.get(assessed.author_id, ""), "role": CONTACT_ROLE}
            if assessed.purpose_type:
                entries.append(Entry("field", PURPOSE_TYPE_LABELS[PurposeType(assessed.purpose_type)],
                                     N_("Formålstype"), term="purpose_type", msgid=True, **by))
            if assessed.linked_to_purpose:
                entries.append(Entry("note", N_("Målet hører til formålet med indsatsen"), term="purpose",
                                     msgid=True, **by))
            if assessed.assessment:
                entries.append(Entry("field", assessed.assessment, N_("Faglig vurdering"), term="assessment",
                                     at=assessed.created_at.date(), **by))
    if not entries:
        entries.append(Entry("note", N_("Du har ingen mål endnu."), msgid=True))
    return Section("goals", N_("Mine mål"), N_("Her står dine mål med dine egne ord. Ved siden af står det, "
                                              "din kontaktperson har skrevet."), tuple(entries))


def _shared_label(item_id: int, shares: list[ShareLine]) -> str:
    mine = [s for s in shares if s.item_id == item_id and s.audience is Audience.CONTACT_PERSON]
    if not mine:
        return N_("Din kontaktperson kan ikke se dette mål.")
    if mine[0].changed_since:
        return N_("Du har ændret målet. Din kontaktperson ser det, som det var, da du delte det.")
    return N_("Din kontaktperson kan se dette mål.")


def _names(db: Session, ids: set[int]) -> dict[int, str]:
    """Display names of the professionals who wrote something, in one query."""
    return dict(db.exec(select(User.id, User.display_name).where(User.id.in_(ids))).all()) if ids else {}


def municipal_plan_section(db: Session, actor: Actor, citizen_id: int) -> Section:
    """Kommunens handleplan (§ 141, myndighedsniveau) as her contact person recorded it: who made it and when,
    the purpose, the help and its scope, how long, the municipality's goals and suggestions, and the offer."""
    plan = municipal_plan.municipal_plan(db, actor, citizen_id)
    title = N_("Kommunens handleplan")
    if plan is None:
        return Section("municipal_plan", title, N_("Din kontaktperson har ikke skrevet den ind endnu."), (),
                       term="municipal_plan")
    f = plan.frame
    entries: list[Entry] = []
    if f.case_worker:
        entries.append(Entry("field", f.case_worker, N_("Sagsbehandler"), term="case_worker"))
    if f.municipality:
        entries.append(Entry("field", f.municipality, N_("Kommune")))
    if f.made_on:
        entries.append(Entry("field", f.made_on, N_("Dato")))
    # the words are the municipality's: the case worker wrote them, the contact person typed them in
    by = ({"author": f.case_worker, "role": N_("sagsbehandler")} if f.case_worker
          else {"author": plan.recorded_by, "role": CONTACT_ROLE})
    if f.purpose:
        entries.append(Entry("field", f.purpose, N_("Formålet med indsatsen"), term="purpose", **by))
    if f.intervention:
        entries.append(Entry("field", f.intervention, N_("Indsatsen"), term="intervention", **by))
    if f.intervention_scope:
        entries.append(Entry("field", f.intervention_scope, N_("Omfang"), term="scope", **by))
    if f.duration_kind or f.duration_text:  # "Omtrent · ca. 2 år"
        kind = DURATION_KIND_LABELS[DurationKind(f.duration_kind)] if f.duration_kind else ""
        entries.append(Entry("field", f.duration_text, N_("Forventet varighed"), term="duration", prefix=kind, **by))
    for key, text in f.special.items():
        entries.append(Entry("field", text, SPECIAL_CONDITION_LABELS.get(key, key), term="special", **by))
    entries += [Entry("field", g.text, N_("Kommunens mål"), **by) for g in plan.goals]
    if f.suggestions:
        entries.append(Entry("field", f.suggestions, N_("Kommunens forslag til dem, der hjælper dig"), **by))
    if f.offer in municipal_plan.Offer._value2member_map_:
        entries.append(Entry("field", municipal_plan.OFFER_LABELS[municipal_plan.Offer(f.offer)],
                             N_("Tilbud om en handleplan"), term="offer", msgid=True, at=f.offer_on, **by))
    entries.append(Entry("field", f.started_on, N_("Planen begyndte")))
    if plan.recorded_by:
        entries.append(Entry("field", plan.recorded_by, N_("Skrevet ind her af")))
    return Section("municipal_plan", title, N_("Det her er kommunens plan for din hjælp."), tuple(entries),
                   term="municipal_plan")


def provider_plan_section(db: Session, actor: Actor, citizen_id: int) -> Section:
    """The indsatsplan (udførerniveau): each of her goals in her words and order, the municipality's goal it
    serves, who is responsible, the delmål with her answer and the dated assessment where she disagrees (rec.
    14), a link to where she answers one that waits; then the other actors and the unmet needs per life area."""
    plan = provider_plan.provider_plan(db, actor, citizen_id)
    handleplan = municipal_plan.municipal_plan(db, actor, citizen_id)
    goals = workbook.items(db, actor, (ItemKind.GOAL,))
    names = _names(db, {r.author_id for r in plan.links.values()}
                   | {v.sub_goal.author_id for views in plan.sub_goals.values() for v in views}
                   | {a.author_id for views in plan.sub_goals.values() for v in views for a in v.assessments}
                   | {a.author_id for a in plan.actors} | {n.author_id for n in plan.unmet_needs.values()})

    def by(author_id: int) -> dict[str, str]:
        return {"author": names.get(author_id, ""), "role": CONTACT_ROLE}

    entries: list[Entry] = []
    for number, goal in enumerate(goals, start=1):
        link, sub_goals = plan.links.get(goal.item_id), plan.sub_goals.get(goal.item_id, ())
        if link is not None and link.municipal_goal_key is None and not (
                link.responsible or link.obstacles or link.supports):
            link = None  # only a purpose type or an assessment: that stands under "Mine mål"
        if link is None and not sub_goals:
            continue  # nothing of the indsatsplan beside this goal (yet): it stays under "Mine mål"
        c = goal.content
        entries.append(Entry("heading", str(c.get("title") or ""), own=True))
        entries.append(Entry("field", str(number), N_("Nummer i din rækkefølge"), own=True))
        if c.get("horizon") in workbook.HORIZON_LABELS:
            entries.append(Entry("field", workbook.HORIZON_LABELS[c["horizon"]], N_("Kort eller lang sigt"),
                                 own=True, msgid=True))
        if c.get("life_area") in LifeArea._value2member_map_:
            entries.append(Entry("field", LIFE_AREA_LABELS[LifeArea(c["life_area"])], N_("Livsområde"),
                                 own=True, msgid=True))
        if link is not None:
            if plan.link_removed(goal.item_id):
                entries.append(Entry("note", N_("Kommunen har fjernet det mål, som dit mål hørte til."), msgid=True,
                                     **by(link.author_id)))
            elif link.municipal_goal_key is not None and handleplan is not None:
                entries.append(Entry("field", handleplan.goal_text(link.municipal_goal_key), N_("Kommunens mål"),
                                     **by(link.author_id)))
            for text, label in ((link.responsible, N_("Hvem har ansvaret")),
                                (link.obstacles, N_("Det kan gøre det svært")), (link.supports, N_("Det kan hjælpe"))):
                if text:
                    entries.append(Entry("field", text, label, **by(link.author_id)))
        for view in sub_goals:
            entries += _sub_goal(view, goal.item_id, by)
    if plan.actors:
        entries.append(Entry("heading", N_("Andre aktører"), term="other_actors", msgid=True))
        for other in plan.actors:
            entries.append(Entry("field", f"{other.name} ({other.role})" if other.role else other.name, N_("Hvem"),
                                 **by(other.author_id)))
            if other.does:
                entries.append(Entry("field", other.does, N_("Det gør de"), **by(other.author_id)))
    if plan.unmet_needs:
        entries.append(Entry("heading", N_("Udækkede behov"), term="unmet_needs", msgid=True))
        for area in LifeArea:  # in the order of the life areas, not of writing
            need = plan.unmet_needs.get(area.value)
            if need is not None:
                entries.append(Entry("field", need.text, LIFE_AREA_LABELS[area], **by(need.author_id)))
    if not entries:
        entries.append(Entry("note", N_("Din kontaktperson har ikke skrevet noget her endnu."), msgid=True))
    return Section("provider_plan", N_("Indsatsplan"),
                   N_("Her står, hvad I gør for at nå dine mål. Dine egne ord står først."), tuple(entries),
                   term="provider_plan")


def _sub_goal(view: provider_plan.SubGoalView, goal_id: int, by: Callable[[int], dict[str, str]]) -> list[Entry]:
    """One delmål: who does what, how often; her answer in her words; the dated assessment where she disagrees;
    where it waits for her answer, a link to where she gives it."""
    sub = view.sub_goal
    entries = [Entry("field", sub.what, N_("Delmål"), term="sub_goal", **by(sub.author_id)),
               Entry("field", sub.responsible, N_("Hvem gør det"), **by(sub.author_id))]
    if sub.how_often:
        entries.append(Entry("field", sub.how_often, N_("Hvor tit"), **by(sub.author_id)))
    answer = view.answer
    if answer is None:
        entries.append(Entry("note", N_("Du har ikke svaret endnu."), msgid=True))
        entries.append(Entry("link", N_("Gå til målet og svar"), msgid=True, answer_on=goal_id))
        return entries
    entries.append(Entry("field", provider_plan.ANSWER_LABELS[provider_plan.Answer(answer.answer)], N_("Dit svar"),
                         own=True, msgid=True, at=answer.answered_at.date()))
    if answer.words:
        entries.append(Entry("field", answer.words, N_("Dine egne ord"), own=True))
    for assessed in view.assessments:  # newest first; each answers one of her disagreements
        entries.append(Entry("field", assessed.text, N_("Faglig vurdering"), term="assessment", at=assessed.assessed_on,
                             **by(assessed.author_id)))
    if view.needs_assessment:
        entries.append(Entry("note", N_("Din kontaktperson skal skrive, hvorfor det står sådan."), msgid=True))
    return entries


# The parts of her plan after her goals and remarks, before the meetings: the two levels of seed 000.
SECTIONS: list[SectionBuilder] = [municipal_plan_section, provider_plan_section]


def _meetings(records: list[follow_up.RecordView], upcoming) -> Section:
    """Every follow-up about her, newest first, corrections and all; her own view beside the degree."""
    entries = []
    if upcoming is not None:
        entries.append(Entry("field", upcoming.due_on, N_("Næste møde"), term="follow_up"))
    for view in records:
        r = view.record
        by = {"author": view.author_name, "role": CONTACT_ROLE}
        entries.append(Entry("heading", r.held_on, N_("Møde"), term="follow_up", **by))
        if r.corrects_id:
            entries.append(Entry("note", N_("Det her møde retter et tidligere."), msgid=True))
        if view.corrected_by:
            entries.append(Entry("note", N_("Det her møde er rettet senere."), msgid=True))
        if r.participants:
            entries.append(Entry("field", r.participants, N_("Hvem var med"), **by))
        for g in view.goals:
            entries.append(Entry("field", DEGREE_LABELS[Degree(g.degree)], g.goal_title, term="degree",
                                 msgid=True, **by))
            if g.description:
                entries.append(Entry("field", g.description, N_("Det skrev din kontaktperson"), **by))
            if g.citizen_degree:
                entries.append(Entry("field", DEGREE_LABELS[Degree(g.citizen_degree)], N_("Det synes du selv"),
                                     own=True, msgid=True))
            if g.citizen_view:
                entries.append(Entry("field", g.citizen_view, N_("Dine egne ord"), own=True))
        if r.note:
            entries.append(Entry("field", r.note, N_("Andet fra mødet"), **by))
    if not entries:
        entries.append(Entry("note", N_("Der er ingen møder om din plan endnu."), msgid=True))
    return Section("meetings", N_("Møder om din plan"),
                   N_("Her står det, din kontaktperson skrev efter hvert møde. Dit eget syn står ved siden af."),
                   tuple(entries))


def what_i_share(db: Session, actor: Actor, mine: list[workbook.ItemView] | None = None) -> list[ShareLine]:
    """What she has approved for sharing, with whom, since when, and what each reader saw last.

    Since: the first share after the last time she stopped sharing it with them. Last seen: the newest visit in
    her access log ("Hvem har set min plan") by someone of that audience, with the words they were shown."""
    authorize(db, actor, Action.SHARE_ITEM, workbook.own(actor))
    mine = workbook.items(db, actor) if mine is None else mine
    by_id = {i.item_id: i for i in mine}
    live = db.exec(select(SharedSnapshot).where(SharedSnapshot.citizen_id == actor.user_id,
                                                SharedSnapshot.revoked_at.is_(None))).all()
    events = db.exec(select(ShareEvent).where(ShareEvent.citizen_id == actor.user_id)
                     .order_by(ShareEvent.at, ShareEvent.id)).all()
    since: dict[tuple[int, str], datetime] = {}
    for event in events:
        key = (event.item_id, event.audience)
        if event.what == "revoked":
            since.pop(key, None)
        elif event.what == "shared" or key not in since:
            since.setdefault(key, event.at)
    last_seen: dict[tuple[int, Role], access_log.Viewing] = {}
    for viewing in access_log.who_has_seen(db, actor):  # newest first
        if viewing.item_id is not None and viewing.role is not None:
            last_seen.setdefault((viewing.item_id, viewing.role), viewing)
    reader_role = {Audience.CONTACT_PERSON: Role.CONTACT_PERSON, Audience.RELATIVE: Role.RELATIVE}
    lines = []
    for snap in live:
        item = by_id.get(snap.item_id)
        if item is None:
            continue
        audience = Audience(snap.audience)
        seen = last_seen.get((snap.item_id, reader_role[audience]))
        lines.append(ShareLine(
            snap.item_id, item.kind, workbook.headline_of(snap.content), audience,
            since.get((snap.item_id, snap.audience), snap.approved_at), item.version != snap.approved_version,
            seen.who if seen else "", seen.at if seen else None, seen.words if seen else ""))
    order = {i.item_id: n for n, i in enumerate(mine)}
    return sorted(lines, key=lambda s: (order.get(s.item_id, 0), s.audience.value))


def save_remarks(db: Session, actor: Actor, text: str, show_contact_person: bool, now: datetime | None = None) -> None:
    """"Mine bemærkninger til planen", written straight from Min plan: a new version of her one remarks item;
    ticked, her contact person sees them as they now stand (the ordinary approved copy); not ticked, the
    contact person no longer sees them."""
    now = now or utcnow()
    words = clean_text(text, longest=workbook.LONGEST_FIELD, field="remarks")
    view = workbook.create_with_fields(db, actor, ItemKind.REMARKS, {"text": words}, via="my_plan", now=now)
    sharing.with_contact_person(db, actor, view.item_id, show_contact_person, now)
