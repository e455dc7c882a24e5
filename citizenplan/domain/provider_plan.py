"""The provider's indsatsplan (udførerniveau), made in Min Vej with the citizen.

Its goals are the citizen's own goal items, her words unchanged; the professional part sits beside each in
the newest models.GoalAssessment (the handleplan goal it serves, who is responsible, the WHO dimension, the
realism answers) and in models.provider_plan (delmål with the citizen's answers and the assessments, other
actors, unmet needs per life area). Everything is append-only: nothing written here is overwritten.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlmodel import Session, select

from citizenplan.domain import municipal_plan
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_
from citizenplan.domain.policy import Action, Target, authorize
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

    ACCEPTED = "enig"
    DISAGREES = "uenig"


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

