"""Follow-up (DESIGN section 5): the municipality's § 141 handleplan as recorded (the "frame"), goal
assessments, scheduling, and signed records.

The rules a social worker expects live here: the first follow-up no later than 3 months ahead for a
new or complex case, otherwise within a year (seed 002 rec. 10); a later date needs a reason; the
expected duration is a length, never a date (seed 004); records are never edited, a correction is a new
dated record that refers to the old one; the contact person's degree and the citizen's own view are
kept side by side.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from citizenplan.clock import danish_today, utcnow
from citizenplan.domain import municipal_plan, report_facts, shared_view
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.text import clean_text
from citizenplan.domain.vocabulary import WhoDimension
from citizenplan.models import (
    FollowUp,
    FollowUpRecord,
    GoalAssessment,
    GoalFulfilment,
    MunicipalGoal,
    PlanFrame,
    User,
)


class Degree(StrEnum):
    NOT_MET = "not_met"
    PARTLY_MET = "partly_met"
    MET = "met"


class PurposeJudgement(StrEnum):
    """The handleplan's purpose judged at a follow-up (seed 002 rec. 2: concrete enough to be judged)."""

    REACHED = "reached"
    ON_THE_WAY = "on_the_way"
    NOT_REACHED = "not_reached"


class PurposeType(StrEnum):
    COMPENSATING = "compensating"
    MAINTAINING = "maintaining"
    DEVELOPING = "developing"


class DurationKind(StrEnum):
    PERSPECTIVE = "perspective"  # længerevarende
    APPROXIMATE = "approximate"  # fx nogle år
    MINIMUM = "minimum"  # fx mindst et år


class SpecialCondition(StrEnum):
    """The handleplan's "andre særlige forhold" (seed 004): the keys of PlanFrame.special, stored in English."""

    HOUSING = "housing"  # bolig
    EMPLOYMENT = "employment"  # beskæftigelse
    PERSONAL_HELP = "personal_help"  # personlig hjælp
    TREATMENT = "treatment"  # behandling
    ASSISTIVE_DEVICES = "assistive_devices"  # hjælpemidler


SPECIAL_CONDITIONS = tuple(c.value for c in SpecialCondition)  # in the form's order

DEGREE_LABELS = {Degree.NOT_MET: N_("Ikke opfyldt"), Degree.PARTLY_MET: N_("Delvist opfyldt"),
                 Degree.MET: N_("Opfyldt")}
PURPOSE_JUDGEMENT_LABELS = {PurposeJudgement.REACHED: N_("Nået"), PurposeJudgement.ON_THE_WAY: N_("På vej"),
                            PurposeJudgement.NOT_REACHED: N_("Ikke nået")}
PURPOSE_TYPE_LABELS = {PurposeType.COMPENSATING: N_("Kompenserende"),
                       PurposeType.MAINTAINING: N_("Vedligeholdende"),
                       PurposeType.DEVELOPING: N_("Udviklende")}
DURATION_KIND_LABELS = {DurationKind.PERSPECTIVE: N_("Længerevarende"),
                        DurationKind.APPROXIMATE: N_("Omtrent"),
                        DurationKind.MINIMUM: N_("Mindst")}
SPECIAL_CONDITION_LABELS = {SpecialCondition.HOUSING: N_("Bolig"), SpecialCondition.EMPLOYMENT: N_("Beskæftigelse"),
                            SpecialCondition.PERSONAL_HELP: N_("Personlig hjælp"),
                            SpecialCondition.TREATMENT: N_("Behandling"),
                            SpecialCondition.ASSISTIVE_DEVICES: N_("Hjælpemidler")}

CLOSE_MONTHS, NORMAL_MONTHS = 3, 12
SOON = timedelta(days=14)  # proposed when the rule's date has already passed


# ------------------------------------------------------------------ the rules, pure


def latest_allowed(start: date, close_follow_up: bool) -> date:
    """The latest follow-up date the rule allows after `start` (plan start or last meeting)."""
    return start + relativedelta(months=CLOSE_MONTHS if close_follow_up else NORMAL_MONTHS)


def proposed_date(start: date, close_follow_up: bool, today: date) -> date:
    """The rule's date; when that has passed already, as soon as can be arranged (and that needs no reason)."""
    limit = latest_allowed(start, close_follow_up)
    return limit if limit >= today else today + SOON


def is_close(frame: PlanFrame | None) -> bool:
    """A new or complex case is followed up within 3 months; without a recorded handleplan it counts as one."""
    return frame.close_follow_up if frame else True


def next_after_meeting(frame: PlanFrame | None, held_on: date) -> date:
    """The next follow-up the record form proposes for a meeting held on `held_on`: the latest date the rule
    allows from that meeting, which signing accepts without a reason."""
    return proposed_date(held_on, is_close(frame), held_on)


def is_overdue(due_on: date | None, recorded: bool, today: date) -> bool:
    return due_on is not None and not recorded and due_on < today


DATE_LIKE = re.compile(
    r"\b\d{1,4}\s*[-./]\s*\d{1,2}(\s*[-./]\s*\d{1,4})?\b(?!\s*(år|aar|måned|maaned|md|mdr|uge|dag))"
    r"|\b\d{1,2}\.?\s*(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)[a-zæøå]*\.?(\s+\d{2,4})?\b"
    r"|\b(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)[a-zæøå]*\.?\s+\d{4}\b",
    re.IGNORECASE,
)


def looks_like_a_date(text: str) -> bool:
    """'1/3-2027' or '1. marts 2027' is a date; 'ca. 2 år' or 'mindst 1 år' is a duration."""
    return bool(DATE_LIKE.search(text))


def parse_date(value: str, field_name: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise UserError(N_("Skriv en dato."), field=field_name) from None


def parse_time(value: str) -> str:
    text = (value or "").strip()
    if text and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", text):
        raise UserError(N_("Skriv tidspunktet som timer og minutter, fx 10:30."), field="at_time")
    return text


# ------------------------------------------------------------------ access


def _citizen(db: Session, actor: Actor, citizen_id: int, action: Action, log_read: bool = True) -> User:
    citizen = db.get(User, citizen_id)
    authorize(db, actor, action, Target(kind="follow_up", citizen_id=citizen_id,
                                        unit_id=citizen.unit_id if citizen else None), log_read=log_read)
    return citizen


# ------------------------------------------------------------------ the § 141 frame


@dataclass(frozen=True)
class FrameInput:
    """One version of the municipality's handleplan as typed from its plan. `goals` are (key, text): the key
    of a goal already in the handleplan (None for a new one); a known goal left out or left empty is removed.
    goals=None keeps the goals as they are."""

    purpose: str = ""
    intervention: str = ""
    duration_kind: str = ""
    duration_text: str = ""
    special: dict[str, str] = field(default_factory=dict)
    close_follow_up: bool = True
    started_on: str = ""
    case_worker: str = ""
    municipality: str = ""
    made_on: str = ""
    intervention_scope: str = ""
    suggestions: str = ""
    offer: str = ""
    offer_on: str = ""
    goals: tuple[tuple[int | None, str], ...] | None = None


def _current_frame(db: Session, citizen_id: int) -> PlanFrame | None:
    return db.exec(select(PlanFrame).where(PlanFrame.citizen_id == citizen_id)
                   .order_by(col(PlanFrame.version).desc())).first()


def frame_of(db: Session, actor: Actor, citizen_id: int) -> PlanFrame | None:
    _citizen(db, actor, citizen_id, Action.READ_FOLLOW_UP, log_read=False)  # the professional's own words
    return _current_frame(db, citizen_id)


def record_frame(db: Session, actor: Actor, citizen_id: int, entry: FrameInput, based_on_version: int,
                 now: datetime | None = None) -> PlanFrame:
    """Save a new version of the frame. Refused when someone saved another version since `based_on_version`
    was shown: no silent overwrite. The caller keeps the typed text."""
    _citizen(db, actor, citizen_id, Action.RECORD_FRAME)
    now = now or utcnow()
    current = _current_frame(db, citizen_id)
    if (current.version if current else 0) != based_on_version:
        raise _changed_meanwhile(db, current)
    duration_text = clean_text(entry.duration_text, longest=200, required=False, field="duration_text")
    if duration_text and looks_like_a_date(duration_text):
        raise UserError(N_("Forventet varighed er en længde, ikke en dato. Skriv fx \"ca. 2 år\" eller "
                           "\"mindst 1 år\". Datoen for opfølgning vælger du for sig."), field="duration_text")
    if entry.duration_kind and entry.duration_kind not in DurationKind._value2member_map_:
        raise UserError(N_("Vælg en af mulighederne."), field="duration_kind")
    started_on = parse_date(entry.started_on, "started_on") if entry.started_on.strip() else (
        current.started_on if current else danish_today(now))
    made_on = _not_in_future(entry.made_on, "made_on", now, N_(
        "Handleplanens dato kan ikke ligge i fremtiden. Skriv den dato, der står på kommunens handleplan."))
    if entry.offer and entry.offer not in municipal_plan.Offer._value2member_map_:
        raise UserError(N_("Vælg en af mulighederne."), field="offer")
    offer_on = _not_in_future(entry.offer_on, "offer_on", now, N_(
        "Datoen for tilbuddet kan ikke ligge i fremtiden. Skriv den dag, borgeren fik tilbuddet eller svarede."))
    goals = _checked_municipal_goals(db, citizen_id, current, entry.goals)
    frame = PlanFrame(
        citizen_id=citizen_id, version=(current.version if current else 0) + 1,
        purpose=clean_text(entry.purpose, longest=4000, required=False, field="purpose"),
        intervention=clean_text(entry.intervention, longest=4000, required=False, field="intervention"),
        duration_kind=entry.duration_kind, duration_text=duration_text,
        special={key: clean_text(entry.special.get(key, ""), longest=2000, required=False, field=key)
                 for key in SPECIAL_CONDITIONS if (entry.special.get(key) or "").strip()},
        close_follow_up=entry.close_follow_up, started_on=started_on, author_id=actor.user_id, created_at=now,
        case_worker=clean_text(entry.case_worker, longest=200, required=False, field="case_worker"),
        municipality=clean_text(entry.municipality, longest=200, required=False, field="municipality"),
        made_on=made_on, offer=entry.offer, offer_on=offer_on,
        intervention_scope=clean_text(entry.intervention_scope, longest=2000, required=False,
                                      field="intervention_scope"),
        suggestions=clean_text(entry.suggestions, longest=4000, required=False, field="suggestions"),
    )
    try:
        with db.begin_nested():  # the insert inside the savepoint, so a clash leaves the session usable
            db.add(frame)
            db.flush()
            for position, (key, text) in enumerate(goals):
                db.add(MunicipalGoal(frame_id=frame.id, citizen_id=citizen_id, key=key, position=position, text=text))
            db.flush()
    except IntegrityError:  # someone saved the same version number a moment ago
        raise _changed_meanwhile(db, _current_frame(db, citizen_id)) from None
    report_facts.refresh(db, citizen_id)
    return frame


def _not_in_future(value: str, field_name: str, now: datetime, message: str) -> date | None:
    if not (value or "").strip():
        return None
    when = parse_date(value, field_name)
    if when > danish_today(now):
        raise UserError(message, field=field_name)
    return when


def _checked_municipal_goals(db: Session, citizen_id: int, current: PlanFrame | None,
                             goals: tuple[tuple[int | None, str], ...] | None) -> list[tuple[int, str]]:
    """(key, text) of the new version's goals. A known goal keeps its key; a new one gets the next key the
    citizen has never had, so a removed goal's key is never given to another goal."""
    known = list(municipal_plan.goals_of(db, current.id)) if current else []
    if goals is None:
        return [(g.key, g.text) for g in known]
    known_keys = {g.key for g in known}
    used = db.exec(select(MunicipalGoal.key).where(MunicipalGoal.citizen_id == citizen_id)
                   .order_by(col(MunicipalGoal.key).desc())).first() or 0
    checked = []
    for n, (key, text) in enumerate(goals):
        words = clean_text(text, longest=2000, required=False, field=f"mgoal-{key if key else f'new-{n}'}")
        if not words:
            continue
        if key is not None and key not in known_keys:
            raise UserError(N_("Et af handleplanens mål er ændret af en anden imens. Se siden igen."), field="goals")
        if key is None:
            used += 1
            key = used
        checked.append((key, words))
    return checked


def _changed_meanwhile(db: Session, current: PlanFrame | None) -> UserError:
    author = db.get(User, current.author_id) if current else None
    return UserError(N_("{name} har gemt en ny udgave af handleplanen, mens du skrev. Din tekst står stadig i "
                        "felterne. Se den nye udgave, og gem igen."),
                     name=author.display_name if author else "")


def frame_history(db: Session, actor: Actor, citizen_id: int) -> list[PlanFrame]:
    _citizen(db, actor, citizen_id, Action.READ_FOLLOW_UP, log_read=False)
    return list(db.exec(select(PlanFrame).where(PlanFrame.citizen_id == citizen_id)
                        .order_by(col(PlanFrame.version).desc())).all())


# ------------------------------------------------------------------ goals in the frame


@dataclass(frozen=True)
class GoalPlanInput:
    """The indsatsplan beside one of the citizen's goals. None in a field: keep what the newest row says."""

    municipal_goal_key: int | None = None  # 0: not linked
    responsible: str | None = None
    who_dimension: str | None = None  # "": back to the dimension of the goal's life area
    obstacles: str | None = None
    supports: str | None = None


def assess_goal(db: Session, actor: Actor, citizen_id: int, item_id: int, purpose_type: str,
                linked_to_purpose: bool, assessment: str, now: datetime | None = None,
                plan: GoalPlanInput | None = None) -> GoalAssessment:
    """The professional frame beside one shared goal; the earlier assessments stay on record. The citizen's
    goal itself is not touched: her words stay hers."""
    _citizen(db, actor, citizen_id, Action.RECORD_FRAME)
    goal = shared_view.shared_item(db, actor, citizen_id, item_id)
    if goal.kind != "goal":
        raise UserError(N_("Det kan kun gøres ved et mål."))
    if purpose_type and purpose_type not in PurposeType._value2member_map_:
        raise UserError(N_("Vælg en af mulighederne."), field="purpose_type")
    before = db.exec(select(GoalAssessment).where(GoalAssessment.citizen_id == citizen_id,
                                                  GoalAssessment.item_id == item_id)
                     .order_by(col(GoalAssessment.created_at).desc(), col(GoalAssessment.id).desc())).first()
    plan = plan or GoalPlanInput()
    key = _checked_link(db, citizen_id, plan.municipal_goal_key, before)
    if plan.who_dimension and plan.who_dimension not in WhoDimension._value2member_map_:
        raise UserError(N_("Vælg en af mulighederne."), field="who_dimension")

    def kept(value: str | None, name: str, longest: int) -> str:
        if value is None:
            return getattr(before, name) if before else ""
        return clean_text(value, longest=longest, required=False, field=name)

    row = GoalAssessment(citizen_id=citizen_id, item_id=item_id, purpose_type=purpose_type or None,
                         linked_to_purpose=linked_to_purpose or key is not None, author_id=actor.user_id,
                         assessment=clean_text(assessment, longest=4000, required=False, field="assessment"),
                         created_at=now or utcnow(), municipal_goal_key=key,
                         responsible=kept(plan.responsible, "responsible", 500),
                         who_dimension=(before.who_dimension if before else None) if plan.who_dimension is None
                         else (plan.who_dimension or None),
                         obstacles=kept(plan.obstacles, "obstacles", 2000), supports=kept(plan.supports, "supports", 2000))
    db.add(row)
    db.flush()
    report_facts.refresh(db, citizen_id)
    return row


def _checked_link(db: Session, citizen_id: int, key: int | None, before: GoalAssessment | None) -> int | None:
    """A goal can be linked only to a goal in the newest handleplan version (bad input: one removed since)."""
    if key == 0:
        return None
    key = key if key is not None else (before.municipal_goal_key if before else None)
    if key is None:
        return None
    frame = _current_frame(db, citizen_id)
    if frame is None or key not in {g.key for g in municipal_plan.goals_of(db, frame.id)}:
        raise UserError(N_("Det mål står ikke længere i kommunens handleplan. Vælg et af handleplanens mål, "
                           "eller vælg \"Ikke knyttet\"."), field="municipal_goal_key")
    return key


def goal_assessments(db: Session, actor: Actor, citizen_id: int) -> dict[int, GoalAssessment]:
    """The newest assessment per goal."""
    _citizen(db, actor, citizen_id, Action.READ_FOLLOW_UP, log_read=False)
    rows = db.exec(select(GoalAssessment).where(GoalAssessment.citizen_id == citizen_id)
                   .order_by(GoalAssessment.created_at, GoalAssessment.id)).all()
    return {row.item_id: row for row in rows}


# ------------------------------------------------------------------ scheduling


def _live_follow_up(db: Session, citizen_id: int) -> FollowUp | None:
    return db.exec(select(FollowUp).where(
        FollowUp.citizen_id == citizen_id, FollowUp.cancelled_at.is_(None),
        FollowUp.done_by_record_id.is_(None)).order_by(FollowUp.due_on)).first()


def next_follow_up(db: Session, actor: Actor, citizen_id: int) -> FollowUp | None:
    """The meeting on the calendar (the citizen sees it on their home screen)."""
    _citizen(db, actor, citizen_id, Action.READ_FOLLOW_UP, log_read=False)
    return _live_follow_up(db, citizen_id)


def _rule_start(db: Session, citizen_id: int, today: date) -> tuple[date, bool]:
    """Where the rule counts from (the last meeting, else the plan's start) and whether it is a close case."""
    frame = _current_frame(db, citizen_id)
    close = is_close(frame)
    last = db.exec(select(FollowUpRecord.held_on).where(
        FollowUpRecord.citizen_id == citizen_id, FollowUpRecord.corrects_id.is_(None))
        .order_by(col(FollowUpRecord.held_on).desc())).first()
    return (last or (frame.started_on if frame else today)), close


def proposal_for(db: Session, actor: Actor, citizen_id: int, today: date | None = None) -> tuple[date, date]:
    """(proposed date, latest date without a reason) for the scheduling form."""
    _citizen(db, actor, citizen_id, Action.RECORD_FOLLOW_UP, log_read=False)
    today = today or danish_today()
    start, close = _rule_start(db, citizen_id, today)
    return proposed_date(start, close, today), proposed_date(start, close, today)


@dataclass(frozen=True)
class ScheduleInput:
    due_on: str
    at_time: str = ""
    place: str = ""
    participants: str = ""
    reason_later: str = ""


def _checked_schedule(entry: ScheduleInput, limit: date, today: date, field_name: str = "due_on") -> FollowUp:
    due = parse_date(entry.due_on, field_name)
    if due < today:
        raise UserError(N_("Datoen er gået. Vælg i dag eller en dag frem i tiden."), field=field_name)
    reason = clean_text(entry.reason_later, longest=1000, required=False, field="reason_later")
    if due > limit and not reason:
        raise UserError(N_("Datoen er senere end {limit}, som reglen siger. Skriv hvorfor, så det står i "
                           "planen."), field=field_name.replace("due_on", "reason_later"), limit=limit)
    return FollowUp(citizen_id=0, due_on=due, at_time=parse_time(entry.at_time),
                    place=clean_text(entry.place, longest=200, required=False, field="place"),
                    participants=clean_text(entry.participants, longest=500, required=False, field="participants"),
                    reason_later=reason if due > limit else "", scheduled_by=0)


def schedule(db: Session, actor: Actor, citizen_id: int, entry: ScheduleInput,
             now: datetime | None = None) -> FollowUp:
    """Put the next follow-up on the calendar; a date already there is moved (and kept on record)."""
    _citizen(db, actor, citizen_id, Action.RECORD_FOLLOW_UP)
    now = now or utcnow()
    today = danish_today(now)
    start, close = _rule_start(db, citizen_id, today)
    follow_up = _checked_schedule(entry, proposed_date(start, close, today), today)
    follow_up = _put_on_calendar(db, actor, citizen_id, follow_up, now)
    report_facts.refresh(db, citizen_id)
    return follow_up


def _put_on_calendar(db: Session, actor: Actor, citizen_id: int, follow_up: FollowUp, now: datetime) -> FollowUp:
    live = _live_follow_up(db, citizen_id)
    if live is not None:
        live.cancelled_at = now
        db.add(live)
    follow_up.citizen_id, follow_up.scheduled_by, follow_up.created_at = citizen_id, actor.user_id, now
    db.add(follow_up)
    db.flush()
    return follow_up


# ------------------------------------------------------------------ the record


@dataclass(frozen=True)
class GoalInput:
    item_id: int
    degree: str
    description: str = ""
    citizen_view: str = ""
    citizen_degree: str = ""


@dataclass(frozen=True)
class RecordInput:
    held_on: str
    participants: str
    goals: tuple[GoalInput, ...]
    note: str = ""
    next: ScheduleInput | None = None  # required unless this corrects an earlier record
    corrects_id: int | None = None
    purpose_judgement: str = ""  # values of PurposeJudgement; "" not judged (the quality check asks for it)


def record(db: Session, actor: Actor, citizen_id: int, entry: RecordInput,
           now: datetime | None = None) -> FollowUpRecord:
    """Sign a follow-up record. It answers the meeting on the calendar and puts the next one there."""
    _citizen(db, actor, citizen_id, Action.RECORD_FOLLOW_UP)
    now = now or utcnow()
    today = danish_today(now)
    held_on = parse_date(entry.held_on, "held_on")
    if held_on > today:
        raise UserError(N_("Mødet kan ikke være holdt i fremtiden. Vælg datoen for mødet."), field="held_on")
    participants = clean_text(entry.participants, longest=500, required=False, field="participants")
    if not participants:
        raise UserError(N_("Skriv, hvem der var med til mødet."), field="participants")
    corrected = _correctable(db, citizen_id, entry.corrects_id) if entry.corrects_id else None
    if entry.purpose_judgement and entry.purpose_judgement not in PurposeJudgement._value2member_map_:
        raise UserError(N_("Vælg en af mulighederne."), field="purpose_judgement")
    goals = _checked_goals(db, actor, citizen_id, entry.goals)
    next_follow_up = None
    if corrected is None:
        if entry.next is None or not entry.next.due_on.strip():
            raise UserError(N_("Vælg en dato for næste opfølgning."), field="next_due_on")
        _, close = _rule_start(db, citizen_id, today)
        next_follow_up = _checked_schedule(entry.next, proposed_date(held_on, close, today), today, "next_due_on")
    row = FollowUpRecord(citizen_id=citizen_id, held_on=held_on, participants=participants,
                         note=clean_text(entry.note, longest=4000, required=False, field="note"),
                         author_id=actor.user_id, signed_at=now, purpose_judgement=entry.purpose_judgement or None,
                         corrects_id=corrected.id if corrected else None)
    db.add(row)
    db.flush()
    for goal, title in goals:
        db.add(GoalFulfilment(record_id=row.id, citizen_id=citizen_id, item_id=goal.item_id, goal_title=title,
                              description=goal.description, degree=goal.degree, citizen_view=goal.citizen_view,
                              citizen_degree=goal.citizen_degree or None))
    if next_follow_up is not None:
        live = _live_follow_up(db, citizen_id)
        if live is not None:
            live.done_by_record_id = row.id
            db.add(live)
            db.flush()
        _put_on_calendar(db, actor, citizen_id, next_follow_up, now)
    db.flush()
    report_facts.refresh(db, citizen_id)
    return row


def _correctable(db: Session, citizen_id: int, record_id: int) -> FollowUpRecord:
    earlier = db.get(FollowUpRecord, record_id)
    if earlier is None or earlier.citizen_id != citizen_id:
        raise UserError(N_("Det findes ikke længere."))
    if db.exec(select(FollowUpRecord.id).where(FollowUpRecord.corrects_id == record_id)).first() is not None:
        raise UserError(N_("Den opfølgning er allerede rettet. Ret den nyeste rettelse i stedet."))
    return earlier


def _checked_goals(db: Session, actor: Actor, citizen_id: int,
                   goals: tuple[GoalInput, ...]) -> list[tuple[GoalInput, str]]:
    """Each goal must be shared with the contact person now and have a degree; the texts are cleaned."""
    shared = {i.item_id: i for i in shared_view.shared_plan(db, actor, citizen_id) if i.kind == "goal"}
    if not goals and shared:
        raise UserError(N_("Vælg, hvor godt hvert mål er opfyldt."), field="goals")
    given = {goal.item_id for goal in goals}
    for item_id, item in shared.items():
        if item_id not in given:
            raise UserError(N_("Vælg, hvor godt målet \"{goal}\" er opfyldt."), field=f"degree-{item_id}",
                            goal=str(item.content.get("title") or ""))
    checked = []
    for goal in goals:
        item = shared.get(goal.item_id)
        if item is None:
            raise UserError(N_("Et af målene er ikke længere delt med dig. Se siden igen."), field="goals")
        title = str(item.content.get("title") or "")
        if goal.degree not in Degree._value2member_map_:
            raise UserError(N_("Vælg, hvor godt målet \"{goal}\" er opfyldt."), field=f"degree-{goal.item_id}",
                            goal=title)
        if goal.citizen_degree and goal.citizen_degree not in Degree._value2member_map_:
            raise UserError(N_("Vælg en af mulighederne."), field=f"citizen_degree-{goal.item_id}")
        checked.append((GoalInput(
            item_id=goal.item_id, degree=goal.degree, citizen_degree=goal.citizen_degree,
            description=clean_text(goal.description, longest=4000, required=False, field=f"description-{goal.item_id}"),
            citizen_view=clean_text(goal.citizen_view, longest=4000, required=False,
                                    field=f"citizen_view-{goal.item_id}")), title))
    return checked


@dataclass(frozen=True)
class RecordView:
    record: FollowUpRecord
    author_name: str
    goals: tuple[GoalFulfilment, ...]
    corrected_by: tuple[int, ...]  # the records that correct this one


def records_of(db: Session, actor: Actor, citizen_id: int) -> list[RecordView]:
    """Every signed record about the citizen, newest meeting first, with the goals and who wrote it."""
    _citizen(db, actor, citizen_id, Action.READ_FOLLOW_UP)
    rows = db.exec(select(FollowUpRecord, User.display_name).join(User, User.id == FollowUpRecord.author_id)
                   .where(FollowUpRecord.citizen_id == citizen_id)
                   .order_by(col(FollowUpRecord.held_on).desc(), col(FollowUpRecord.id).desc())).all()
    fulfilments = db.exec(select(GoalFulfilment).where(GoalFulfilment.citizen_id == citizen_id)
                          .order_by(GoalFulfilment.id)).all()
    by_record: dict[int, list[GoalFulfilment]] = {}
    for goal in fulfilments:
        by_record.setdefault(goal.record_id, []).append(goal)
    corrections: dict[int, list[int]] = {}
    for row, _ in rows:
        if row.corrects_id:
            corrections.setdefault(row.corrects_id, []).append(row.id)
    return [RecordView(row, name, tuple(by_record.get(row.id, ())), tuple(corrections.get(row.id, ())))
            for row, name in rows]


def in_force(records: list[RecordView]) -> list[RecordView]:
    """The records that count: a corrected record gives way to its newest correction."""
    return [r for r in records if not r.corrected_by]


def share_met(records: list[RecordView]) -> tuple[int, int]:
    """(met, followed up) over the goals of the newest record in force: the basis of the 80 % rule."""
    current = in_force(records)
    if not current:
        return 0, 0
    goals = current[0].goals
    return sum(1 for g in goals if g.degree == Degree.MET.value), len(goals)


EIGHTY_PERCENT = 0.8
FEWEST_FOR_THE_RULE = 3  # with one or two goals a single miss says little


def suggest_smaller_goals(met: int, followed_up: int) -> bool:
    """Seed 003: below about 80 % met, plans lose force; suggest making goals smaller."""
    return followed_up >= FEWEST_FOR_THE_RULE and met < EIGHTY_PERCENT * followed_up
