"""Everything a contact person needs at a follow-up meeting, in one read: the shared plan, the § 141
frame, the calendar, the records, the citizen's preparation, the quality check and the 80 % rule.
The follow-up screen and the printed plan both read this, so they can never disagree."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from citizenplan.clock import danish_today, utcnow
from citizenplan.domain import follow_up, shared_view
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.vocabulary import ServiceArea
from citizenplan.models import ContactAssignment, FollowUp, GoalAssessment, PlanFrame, Unit, User


@dataclass(frozen=True)
class QualityLine:
    """One of the nine questions of seed 002's assessment form, as far as the data can answer it.
    status: "ok", "missing" or "judge" (only a person can answer it)."""

    number: int
    question: str  # msgid
    status: str
    advice: str  # msgid, may use {count}
    count: int = 0


@dataclass(frozen=True)
class CaseFile:
    citizen_id: int
    citizen_name: str
    unit_name: str
    service_area: ServiceArea | None
    contact_names: tuple[str, ...]
    shared: tuple[shared_view.SharedItem, ...]
    frame: PlanFrame | None
    frame_author: str
    assessments: dict[int, GoalAssessment]
    next: FollowUp | None
    overdue: bool
    proposed: date
    limit: date
    records: tuple[follow_up.RecordView, ...]
    quality: tuple[QualityLine, ...]
    met: int
    followed_up: int
    suggest_smaller_goals: bool
    printed_at: datetime

    @property
    def goals(self) -> tuple[shared_view.SharedItem, ...]:
        return tuple(i for i in self.shared if i.kind == "goal")

    @property
    def preparations(self) -> tuple[shared_view.SharedItem, ...]:
        return tuple(sorted((i for i in self.shared if i.kind == "preparation"),
                            key=lambda i: (i.approved_at, i.item_id), reverse=True))

    def steps_of(self, goal_id: int) -> tuple[shared_view.SharedItem, ...]:
        return tuple(i for i in self.shared if i.kind == "step" and i.parent_item_id == goal_id)


def case_file(db: Session, actor: Actor, citizen_id: int, now: datetime | None = None,
              action: Action = Action.READ_FOLLOW_UP) -> CaseFile:
    now = now or utcnow()
    today = danish_today(now)
    citizen = db.get(User, citizen_id)
    authorize(db, actor, action, Target(kind="follow_up", citizen_id=citizen_id,
                                        unit_id=citizen.unit_id if citizen else None),
              log_read=action is not Action.READ_FOLLOW_UP)  # records_of logs the reading
    shared = tuple(shared_view.shared_plan(db, actor, citizen_id))
    unit = db.get(Unit, citizen.unit_id) if citizen.unit_id else None
    contacts = tuple(db.exec(select(User.display_name).join(ContactAssignment, ContactAssignment.contact_person_id == User.id)
                             .where(ContactAssignment.citizen_id == citizen_id, ContactAssignment.ended_at.is_(None))
                             .order_by(User.display_name)).all())
    frame = follow_up.frame_of(db, actor, citizen_id)
    author = db.get(User, frame.author_id) if frame else None
    assessments = follow_up.goal_assessments(db, actor, citizen_id)
    upcoming = follow_up.next_follow_up(db, actor, citizen_id)
    proposed, limit = follow_up.proposal_for(db, actor, citizen_id, today)
    records = tuple(follow_up.records_of(db, actor, citizen_id))
    met, followed = follow_up.share_met(list(records))
    overdue = follow_up.is_overdue(upcoming.due_on if upcoming else None, False, today)
    goals = [i for i in shared if i.kind == "goal"]
    return CaseFile(
        citizen_id=citizen_id, citizen_name=citizen.display_name, unit_name=unit.name if unit else "",
        service_area=ServiceArea(unit.service_area) if unit else None, contact_names=contacts, shared=shared,
        frame=frame, frame_author=author.display_name if author else "", assessments=assessments,
        next=upcoming, overdue=overdue, proposed=proposed, limit=limit, records=records,
        quality=quality_check(frame, goals, assessments, citizen_voice(records), upcoming, overdue),
        met=met, followed_up=followed, suggest_smaller_goals=follow_up.suggest_smaller_goals(met, followed),
        printed_at=now,
    )


def citizen_voice(records: tuple[follow_up.RecordView, ...]) -> bool:
    """Line 8, as the manager's report counts it too: the newest follow-up in force holds the citizen's own
    view of a goal. Every shared goal is in the citizen's words, so sharing alone would always pass."""
    newest = next(iter(follow_up.in_force(list(records))), None)
    return bool(newest and any(g.citizen_degree is not None or g.citizen_view for g in newest.goals))


def _connection_advice(has_goals: bool, linked: bool, no_type: int) -> str:
    """Line 7 names only what is missing: a count of 0 goals, or linking when one is linked, says nothing."""
    if not has_goals:
        return N_("Borgeren har ikke delt et mål endnu.")
    if not linked and no_type:
        return N_("Knyt mindst ét mål til formålet, og vælg en formålstype for hvert mål. {count} mål mangler typen.")
    if not linked:
        return N_("Knyt mindst ét mål til formålet.")
    return N_("Vælg en formålstype for hvert mål. {count} mål mangler typen.")


def quality_check(frame: PlanFrame | None, goals: list[shared_view.SharedItem],
                  assessments: dict[int, GoalAssessment], citizen_voice: bool, upcoming: FollowUp | None,
                  overdue: bool) -> tuple[QualityLine, ...]:
    """Seed 002's nine questions; each line says in a few words what to do."""
    no_date = sum(1 for g in goals if not g.content.get("target_date"))
    no_success = sum(1 for g in goals if not str(g.content.get("success") or "").strip())
    no_type = sum(1 for g in goals if not (assessments.get(g.item_id) and assessments[g.item_id].purpose_type))
    linked = any(assessments.get(g.item_id) and assessments[g.item_id].linked_to_purpose for g in goals)

    def line(number: int, question: str, ok: bool, advice: str, count: int = 0) -> QualityLine:
        return QualityLine(number, question, "ok" if ok else "missing", advice, count)

    return (
        line(1, N_("Er formålet med indsatsen tydeligt?"), bool(frame and frame.purpose),
             N_("Skriv formålet med indsatsen i rammen.")),
        line(2, N_("Kan målene nås inden for tiden?"), bool(goals) and no_date == 0,
             N_("Aftal en dato med borgeren for hvert mål. {count} mål mangler en dato.")
             if goals else N_("Borgeren har ikke delt et mål endnu."), no_date),
        line(3, N_("Står det, hvornår målene er nået?"), bool(goals) and no_success == 0,
             N_("Spørg borgeren: Hvordan kan du mærke, at du er nået i mål? {count} mål mangler det.")
             if goals else N_("Borgeren har ikke delt et mål endnu."), no_success),
        line(4, N_("Er omfanget af indsatsen tydeligt?"), bool(frame and frame.intervention),
             N_("Beskriv indsatsen og dens omfang i rammen.")),
        QualityLine(5, N_("Giver målene plads til udførerens faglighed?"), "judge",
                    N_("Vurder selv: Siger målene hvad, og ikke hvordan?")),
        line(6, N_("Er den forventede varighed angivet?"), bool(frame and (frame.duration_text or frame.duration_kind)),
             N_("Skriv den forventede varighed i rammen.")),
        line(7, N_("Hænger formål, mål og indsats sammen?"), bool(goals) and linked and no_type == 0,
             _connection_advice(bool(goals), linked, no_type), no_type),
        line(8, N_("Er borgeren med i planen?"), citizen_voice,
             N_("Borgerens eget syn på målene står ikke i den seneste opfølgning. Skriv det, når I følger op.")),
        line(9, N_("Kan planen bruges til at styre efter?"), upcoming is not None and not overdue,
             N_("Opfølgningen er overskredet. Hold mødet, eller flyt datoen.") if overdue
             else N_("Sæt en dato for næste opfølgning.")),
    )
