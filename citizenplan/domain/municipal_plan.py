"""The municipality's handleplan (§ 141, myndighedsniveau), as the contact person recorded it.

Min Vej is not the municipality's case system: the handleplan is made by the case worker and recorded here
as received, marked as the municipality's. It is stored on models.PlanFrame (one row per version) with its
overall goals in models.MunicipalGoal; a goal keeps its `key` across versions, so the indsatsplan's links
to it survive a new version, and a link to a key that the newest version lacks is a link to a removed goal.
"""

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, col, select

from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.models import MunicipalGoal, PlanFrame, User


class Offer(StrEnum):
    """Whether the citizen was offered a handleplan (seed 000: "dokumentation af, at borgeren tilbydes
    en handleplan") and what she answered."""

    ACCEPTED = "accepted"
    DECLINED = "declined"
    NOT_YET = "not_yet"


OFFER_LABELS = {Offer.ACCEPTED: N_("Tilbudt og taget imod"), Offer.DECLINED: N_("Tilbudt og sagt nej tak"),
                Offer.NOT_YET: N_("Ikke tilbudt endnu")}


@dataclass(frozen=True)
class MunicipalPlan:
    """One version of the handleplan with its overall goals, in their order."""

    frame: PlanFrame
    goals: tuple[MunicipalGoal, ...]
    recorded_by: str  # the contact person who recorded it (the case worker is frame.case_worker)

    @property
    def goal_keys(self) -> frozenset[int]:
        return frozenset(g.key for g in self.goals)

    def goal_text(self, key: int | None) -> str:
        return next((g.text for g in self.goals if g.key == key), "")


def _authorize_read(db: Session, actor: Actor, citizen_id: int) -> None:
    citizen = db.get(User, citizen_id)
    authorize(db, actor, Action.READ_FOLLOW_UP, Target(kind="follow_up", citizen_id=citizen_id,
                                                        unit_id=citizen.unit_id if citizen else None),
              log_read=False)  # the professional's own words, not the citizen's content


def newest_frame(db: Session, citizen_id: int) -> PlanFrame | None:
    """No policy check: for domain code that has already asked the policy."""
    return db.exec(select(PlanFrame).where(PlanFrame.citizen_id == citizen_id)
                   .order_by(col(PlanFrame.version).desc())).first()


def goals_of(db: Session, frame_id: int) -> tuple[MunicipalGoal, ...]:
    """No policy check: for domain code that has already asked the policy."""
    return tuple(db.exec(select(MunicipalGoal).where(MunicipalGoal.frame_id == frame_id)
                         .order_by(MunicipalGoal.position, MunicipalGoal.key)).all())


def _view(db: Session, frame: PlanFrame) -> MunicipalPlan:
    author = db.get(User, frame.author_id)
    return MunicipalPlan(frame, goals_of(db, frame.id), author.display_name if author else "")


def municipal_plan(db: Session, actor: Actor, citizen_id: int) -> MunicipalPlan | None:
    """The newest version of the citizen's handleplan, or None when none is recorded."""
    _authorize_read(db, actor, citizen_id)
    frame = newest_frame(db, citizen_id)
    return _view(db, frame) if frame else None


def municipal_plan_history(db: Session, actor: Actor, citizen_id: int) -> list[MunicipalPlan]:
    """Every version, newest first."""
    _authorize_read(db, actor, citizen_id)
    frames = db.exec(select(PlanFrame).where(PlanFrame.citizen_id == citizen_id)
                     .order_by(col(PlanFrame.version).desc())).all()
    return [_view(db, frame) for frame in frames]
