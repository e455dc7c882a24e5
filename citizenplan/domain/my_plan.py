"""Min plan: the citizen's whole plan as her contact person and the municipality see it, beside her own words
(issue 20; seed 002 recs. 11-13: she knows her plan, takes part in it, and her remarks are in it).

One read model, for the citizen herself: the policy decides (`Action.PRINT_PLAN` on her own id), so the page,
the print and her PDF all read this and can never disagree. It is a list of sections so that later parts of
the plan plug in as more sections: a builder `(db, actor, citizen_id) -> Section | None` appended to
`SECTIONS` (the municipality's handleplan, the provider's indsatsplan with delmål) is shown, printed and put
in her PDF with no change to the page.

Every entry says whose words it holds: hers (`own`) or a professional's (`author`, `role`). A professional
entry names its term (`term`, a key of TERMS); the presenter explains each term in a short line the first
time it appears (`first_uses`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, select

from citizenplan.clock import utcnow
from citizenplan.domain import access_log, follow_up, sharing, workbook
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
from citizenplan.domain.vocabulary import ROLE_LABELS, Audience, Role
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import ContactAssignment, SharedSnapshot, ShareEvent, User

CONTACT_ROLE = ROLE_LABELS[Role.CONTACT_PERSON]

# The professional words she meets in her plan, each with one short line in plain Danish.
TERMS: dict[str, tuple[str, str]] = {
    "frame": (N_("Rammen efter § 141"),
              N_("Det, kommunen har sagt ja til. Reglen står i loven, § 141.")),
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
SECTIONS: list[SectionBuilder] = []  # later parts of the plan, after the frame and before the meetings


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
    sections = [_goals(mine, shares, assessments, names),
                _frame(db, follow_up.frame_of(db, actor, citizen_id))]
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


def _frame(db: Session, frame) -> Section:
    """The § 141 frame as the contact person recorded it from the municipality."""
    if frame is None:
        return Section("frame", N_("Kommunens ramme for din hjælp"), N_("Det er ikke skrevet endnu."), (),
                       term="frame")
    author = db.get(User, frame.author_id)
    by = {"author": author.display_name if author else "", "role": CONTACT_ROLE}
    entries = []
    if frame.purpose:
        entries.append(Entry("field", frame.purpose, N_("Formålet med indsatsen"), term="purpose", **by))
    if frame.intervention:
        entries.append(Entry("field", frame.intervention, N_("Indsatsen"), term="intervention", **by))
    if frame.duration_kind or frame.duration_text:  # "Omtrent · ca. 2 år"
        kind = DURATION_KIND_LABELS[DurationKind(frame.duration_kind)] if frame.duration_kind else ""
        entries.append(Entry("field", frame.duration_text, N_("Forventet varighed"), term="duration", prefix=kind, **by))
    for key, text in frame.special.items():
        entries.append(Entry("field", text, SPECIAL_CONDITION_LABELS.get(key, key), term="special", **by))
    entries.append(Entry("field", frame.started_on, N_("Planen begyndte")))
    return Section("frame", N_("Kommunens ramme for din hjælp"),
                   N_("Det her har din kontaktperson skrevet ud fra kommunens beslutning."), tuple(entries), term="frame")


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
