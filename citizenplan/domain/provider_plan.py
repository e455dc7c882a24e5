"""The provider's indsatsplan (udførerniveau), made in Min Vej with the citizen.

Its goals are the citizen's own goal items, her words unchanged; the professional part sits beside each in
the newest models.GoalAssessment (the handleplan goal it serves, who is responsible, the WHO dimension, the
realism answers) and in models.provider_plan (delmål with the citizen's answers and the assessments, other
actors, unmet needs per life area). Everything is append-only: nothing written here is overwritten.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session, select

from citizenplan.clock import danish_today, utcnow
from citizenplan.domain import municipal_plan, shared_view
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.text import clean_text
from citizenplan.domain.vocabulary import WHO_DIMENSION_OF, LifeArea
from citizenplan.models import (
    GoalAssessment,
    OtherActor,
    SubGoal,
    SubGoalAnswer,
    SubGoalAssessment,
    UnmetNeed,
    User,
)


class Answer(StrEnum):
    """The citizen's answer to a delmål."""

    ACCEPTED = "agrees"
    DISAGREES = "disagrees"


ANSWER_LABELS = {Answer.ACCEPTED: N_("Det er jeg med på"), Answer.DISAGREES: N_("Det er jeg ikke enig i")}


@dataclass(frozen=True)
class SubGoalView:
    """A live delmål with the citizen's answers (newest first) and the assessments of her disagreements."""

    sub_goal: SubGoal
    answers: tuple[SubGoalAnswer, ...] = ()
    assessments: tuple[SubGoalAssessment, ...] = ()

    @property
    def answer(self) -> SubGoalAnswer | None:
        return self.answers[0] if self.answers else None

    @property
    def disagrees(self) -> bool:
        return self.answer is not None and self.answer.answer == Answer.DISAGREES.value

    @property
    def needs_assessment(self) -> bool:
        """She disagrees, and no assessment answers that disagreement yet (rec. 14)."""
        return self.disagrees and not any(a.answer_id == self.answer.id for a in self.assessments)


@dataclass(frozen=True)
class ProviderPlan:
    """The indsatsplan's professional part for one citizen. Goals are looked up by the workbook item id."""

    links: dict[int, GoalAssessment] = field(default_factory=dict)  # newest GoalAssessment per goal
    sub_goals: dict[int, tuple[SubGoalView, ...]] = field(default_factory=dict)
    actors: tuple[OtherActor, ...] = ()
    unmet_needs: dict[str, UnmetNeed] = field(default_factory=dict)  # newest non-empty per life area
    handleplan_keys: frozenset[int] = frozenset()  # goal keys of the newest handleplan version

    def link_of(self, item_id: int) -> int | None:
        row = self.links.get(item_id)
        return row.municipal_goal_key if row else None

    def link_removed(self, item_id: int) -> bool:
        """The goal is linked to a handleplan goal that the newest handleplan version no longer has."""
        key = self.link_of(item_id)
        return key is not None and key not in self.handleplan_keys

    def who_dimension(self, item_id: int, content: dict[str, Any]) -> str:
        return effective_who_dimension(content, self.links.get(item_id))


def effective_who_dimension(content: dict[str, Any], assessment: GoalAssessment | None) -> str:
    """The contact person's choice when made; else the goal's own (derived from its life area); "" if none."""
    if assessment is not None and assessment.who_dimension:
        return assessment.who_dimension
    if content.get("who_dimension"):
        return str(content["who_dimension"])
    area = content.get("life_area")
    return WHO_DIMENSION_OF[LifeArea(area)].value if area in LifeArea._value2member_map_ else ""


def _authorize_read(db: Session, actor: Actor, citizen_id: int) -> None:
    citizen = db.get(User, citizen_id)
    authorize(db, actor, Action.READ_FOLLOW_UP, Target(kind="follow_up", citizen_id=citizen_id,
                                                        unit_id=citizen.unit_id if citizen else None),
              log_read=False)


def live_sub_goals(db: Session, citizen_id: int) -> list[SubGoal]:
    """No policy check. Delmål not replaced by a newer row and not ended, oldest first."""
    replaced = select(SubGoal.replaces_id).where(SubGoal.citizen_id == citizen_id, SubGoal.replaces_id.is_not(None))
    return list(db.exec(select(SubGoal).where(
        SubGoal.citizen_id == citizen_id, SubGoal.ended_at.is_(None), SubGoal.id.not_in(replaced))
        .order_by(SubGoal.created_at, SubGoal.id)).all())


def provider_plan(db: Session, actor: Actor, citizen_id: int) -> ProviderPlan:
    """The indsatsplan's professional part: for the contact person, and for the citizen herself."""
    _authorize_read(db, actor, citizen_id)
    return _read(db, citizen_id)


def _read(db: Session, citizen_id: int) -> ProviderPlan:
    links = {row.item_id: row for row in db.exec(select(GoalAssessment).where(GoalAssessment.citizen_id == citizen_id)
                                                 .order_by(GoalAssessment.created_at, GoalAssessment.id)).all()}
    answers: dict[int, list[SubGoalAnswer]] = {}
    for row in db.exec(select(SubGoalAnswer).where(SubGoalAnswer.citizen_id == citizen_id)
                       .order_by(SubGoalAnswer.answered_at.desc(), SubGoalAnswer.id.desc())).all():
        answers.setdefault(row.sub_goal_id, []).append(row)
    assessments: dict[int, list[SubGoalAssessment]] = {}
    for row in db.exec(select(SubGoalAssessment).where(SubGoalAssessment.citizen_id == citizen_id)
                       .order_by(SubGoalAssessment.created_at.desc(), SubGoalAssessment.id.desc())).all():
        assessments.setdefault(row.sub_goal_id, []).append(row)
    sub_goals: dict[int, list[SubGoalView]] = {}
    for row in live_sub_goals(db, citizen_id):
        # a reworded delmål is a new row and asks her again; the old row keeps its answers on record
        sub_goals.setdefault(row.item_id, []).append(SubGoalView(
            row, tuple(answers.get(row.id, ())), tuple(assessments.get(row.id, ()))))
    actors = tuple(db.exec(select(OtherActor).where(OtherActor.citizen_id == citizen_id,
                                                    OtherActor.ended_at.is_(None))
                           .order_by(OtherActor.created_at, OtherActor.id)).all())
    needs: dict[str, UnmetNeed] = {}
    for row in db.exec(select(UnmetNeed).where(UnmetNeed.citizen_id == citizen_id)
                       .order_by(UnmetNeed.created_at, UnmetNeed.id)).all():
        needs[row.life_area] = row
    frame = municipal_plan.newest_frame(db, citizen_id)
    keys = frozenset(g.key for g in municipal_plan.goals_of(db, frame.id)) if frame else frozenset()
    return ProviderPlan(links=links, sub_goals={k: tuple(v) for k, v in sub_goals.items()}, actors=actors,
                        unmet_needs={k: v for k, v in needs.items() if v.text}, handleplan_keys=keys)



# ------------------------------------------------------------------ writes


def _authorize(db: Session, actor: Actor, citizen_id: int, action: Action) -> None:
    citizen = db.get(User, citizen_id)
    authorize(db, actor, action, Target(kind="follow_up", citizen_id=citizen_id,
                                        unit_id=citizen.unit_id if citizen else None))


def _live(db: Session, citizen_id: int, sub_goal_id: int) -> SubGoal:
    row = db.get(SubGoal, sub_goal_id)
    if row is None or row.citizen_id != citizen_id or row.ended_at is not None or db.exec(
            select(SubGoal.id).where(SubGoal.replaces_id == sub_goal_id)).first() is not None:
        raise UserError(N_("Det delmål er ændret eller fjernet imens. Se siden igen."))
    return row


@dataclass(frozen=True)
class SubGoalInput:
    what: str
    responsible: str
    how_often: str = ""


def propose_sub_goal(db: Session, actor: Actor, citizen_id: int, item_id: int, entry: SubGoalInput,
                     replaces_id: int | None = None, now: datetime | None = None) -> SubGoal:
    """The contact person proposes a delmål under one of the citizen's shared goals (the Erik example:
    who does what, how often). Someone must be responsible. A new wording replaces the old row, which stays."""
    _authorize(db, actor, citizen_id, Action.RECORD_FRAME)
    goal = shared_view.shared_item(db, actor, citizen_id, item_id)
    if goal.kind != "goal":
        raise UserError(N_("Det kan kun gøres ved et mål."))
    what = clean_text(entry.what, longest=2000, required=False, field="what")
    if not what:
        raise UserError(N_("Skriv, hvad der skal gøres."), field="what")
    responsible = clean_text(entry.responsible, longest=500, required=False, field="responsible")
    if not responsible:
        raise UserError(N_("Skriv, hvem der er ansvarlig for delmålet. Fx \"Bostøtten\" eller \"Anna og Maria\"."),
                        field="responsible")
    if replaces_id is not None and _live(db, citizen_id, replaces_id).item_id != item_id:
        raise UserError(N_("Det delmål er ændret eller fjernet imens. Se siden igen."))
    row = SubGoal(citizen_id=citizen_id, item_id=item_id, what=what, responsible=responsible,
                  how_often=clean_text(entry.how_often, longest=200, required=False, field="how_often"),
                  author_id=actor.user_id, created_at=now or utcnow(), replaces_id=replaces_id)
    db.add(row)
    db.flush()
    return row


def end_sub_goal(db: Session, actor: Actor, citizen_id: int, sub_goal_id: int, now: datetime | None = None) -> None:
    """A delmål that no longer applies is closed; it and her answers stay on record."""
    _authorize(db, actor, citizen_id, Action.RECORD_FRAME)
    row = _live(db, citizen_id, sub_goal_id)
    row.ended_at = now or utcnow()
    db.add(row)
    db.flush()


def answer_sub_goal(db: Session, actor: Actor, sub_goal_id: int, answer: str, words: str = "",
                    now: datetime | None = None) -> SubGoalAnswer:
    """The citizen says whether she is with a delmål, in her words. A later answer is a new row."""
    found = db.get(SubGoal, sub_goal_id)
    _authorize(db, actor, found.citizen_id if found else actor.user_id, Action.ANSWER_PROPOSAL)
    row = _live(db, actor.user_id, sub_goal_id)
    if answer not in Answer._value2member_map_:
        raise UserError(N_("Vælg et af svarene."), field="answer")
    text = clean_text(words, longest=2000, required=False, field="words")
    reply = SubGoalAnswer(sub_goal_id=row.id, citizen_id=actor.user_id, answer=answer, words=text,
                          answered_at=now or utcnow())
    db.add(reply)
    db.flush()
    return reply


def assess_sub_goal(db: Session, actor: Actor, citizen_id: int, sub_goal_id: int, text: str,
                    assessed_on: str = "", now: datetime | None = None) -> SubGoalAssessment:
    """The dated professional assessment where the citizen disagrees (rec. 14). Her words stay beside it."""
    _authorize(db, actor, citizen_id, Action.RECORD_FRAME)
    now = now or utcnow()
    row = _live(db, citizen_id, sub_goal_id)
    newest = db.exec(select(SubGoalAnswer).where(SubGoalAnswer.sub_goal_id == row.id)
                     .order_by(SubGoalAnswer.answered_at.desc(), SubGoalAnswer.id.desc())).first()
    if newest is None or newest.answer != Answer.DISAGREES.value:
        raise UserError(N_("Borgeren er ikke uenig i det delmål. Der er intet at vurdere."))
    words = clean_text(text, longest=4000, required=False, field="assessment")
    if not words:
        raise UserError(N_("Skriv din faglige vurdering."), field="assessment")
    on = _date(assessed_on, danish_today(now))
    assessment = SubGoalAssessment(sub_goal_id=row.id, answer_id=newest.id, citizen_id=citizen_id,
                                   assessed_on=on, text=words, author_id=actor.user_id, created_at=now)
    db.add(assessment)
    db.flush()
    return assessment


def _date(value: str, today: date) -> date:
    if not (value or "").strip():
        return today
    try:
        when = date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(N_("Skriv en dato."), field="assessed_on") from None
    if when > today:
        raise UserError(N_("Vurderingen kan ikke være dateret i fremtiden."), field="assessed_on")
    return when


@dataclass(frozen=True)
class ActorInput:
    name: str
    role: str = ""
    does: str = ""


def add_other_actor(db: Session, actor: Actor, citizen_id: int, entry: ActorInput,
                    now: datetime | None = None) -> OtherActor:
    """Someone else around the citizen: psychiatry, job centre, GP …"""
    _authorize(db, actor, citizen_id, Action.RECORD_FRAME)
    name = clean_text(entry.name, longest=200, required=False, field="actor_name")
    if not name:
        raise UserError(N_("Skriv navnet på aktøren, fx \"Jobcentret\" eller \"Egen læge\"."), field="actor_name")
    row = OtherActor(citizen_id=citizen_id, name=name, author_id=actor.user_id, created_at=now or utcnow(),
                     role=clean_text(entry.role, longest=200, required=False, field="actor_role"),
                     does=clean_text(entry.does, longest=1000, required=False, field="actor_does"))
    db.add(row)
    db.flush()
    return row


def end_other_actor(db: Session, actor: Actor, citizen_id: int, actor_id: int, now: datetime | None = None) -> None:
    _authorize(db, actor, citizen_id, Action.RECORD_FRAME)
    row = db.get(OtherActor, actor_id)
    if row is None or row.citizen_id != citizen_id or row.ended_at is not None:
        raise UserError(N_("Det findes ikke længere."))
    row.ended_at = now or utcnow()
    db.add(row)
    db.flush()


def set_unmet_needs(db: Session, actor: Actor, citizen_id: int, needs: dict[str, str],
                    now: datetime | None = None) -> list[UnmetNeed]:
    """Udækkede behov per life area, as a need and not as a goal (seed 004). A new row only where the text
    changed; an empty text means none any more. Returns the rows written."""
    _authorize(db, actor, citizen_id, Action.RECORD_FRAME)
    now = now or utcnow()
    unknown = [area for area in needs if area not in LifeArea._value2member_map_]
    if unknown:
        raise UserError(N_("Vælg et livsområde."), field="life_area")
    current: dict[str, str] = {}
    for row in db.exec(select(UnmetNeed).where(UnmetNeed.citizen_id == citizen_id)
                       .order_by(UnmetNeed.created_at, UnmetNeed.id)).all():
        current[row.life_area] = row.text
    cleaned = {area: clean_text(text, longest=2000, required=False, field=f"need-{area}") for area, text in needs.items()}
    written = [UnmetNeed(citizen_id=citizen_id, life_area=area, text=text, author_id=actor.user_id, created_at=now)
               for area, text in cleaned.items() if text != current.get(area, "")]
    db.add_all(written)
    db.flush()
    return written
