"""The provider's indsatsplan (udførerniveau), made in Min Vej with the citizen.

Its goals are the citizen's own goal items, each linked to a goal of the municipality's handleplan
(GoalAssessment.municipal_goal_key); beside them: the delmål the contact person proposes (who does what,
how often), the citizen's answer to each, the professional assessment where she disagrees, the other
actors around her, and the unmet needs per life area. Append-only like the other professional records: a
changed delmål is a new row that replaces the old, an answer or an assessment is never edited.
"""

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from citizenplan.clock import utcnow


class SubGoal(SQLModel, table=True):
    """A delmål under one of the citizen's goals: what is done, who is responsible, how often.

    Never edited: a change is a new row whose `replaces_id` names the old one; `ended_at` closes a delmål
    that no longer applies. The live delmål are the rows not replaced and not ended."""

    __tablename__ = "sub_goal"

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    item_id: int = Field(foreign_key="workbook_item.id", index=True)  # the citizen's goal
    what: str = Field(max_length=2000)  # hvad gøres
    responsible: str = Field(max_length=500)  # hvem gør det (required)
    how_often: str = Field(default="", max_length=200)  # hvor tit
    author_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    replaces_id: int | None = Field(default=None, foreign_key="sub_goal.id", index=True)
    ended_at: datetime | None = None


class SubGoalAnswer(SQLModel, table=True):
    """The citizen's answer to a delmål, in her words; the newest answer counts, the earlier stay."""

    __tablename__ = "sub_goal_answer"

    id: int | None = Field(default=None, primary_key=True)
    sub_goal_id: int = Field(foreign_key="sub_goal.id", index=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    answer: str = Field(max_length=20)  # values of domain.provider_plan.Answer
    words: str = Field(default="", max_length=2000)  # her own words, kept as she wrote them
    answered_at: datetime = Field(default_factory=utcnow)


class SubGoalAssessment(SQLModel, table=True):
    """The contact person's dated professional assessment of a delmål the citizen disagrees with (seed 002
    rec. 14). Kept beside her words; neither replaces the other. Never edited or deleted."""

    __tablename__ = "sub_goal_assessment"

    id: int | None = Field(default=None, primary_key=True)
    sub_goal_id: int = Field(foreign_key="sub_goal.id", index=True)
    answer_id: int = Field(foreign_key="sub_goal_answer.id", index=True)  # the disagreement it answers
    citizen_id: int = Field(foreign_key="user.id", index=True)
    assessed_on: date
    text: str = Field(max_length=4000)
    author_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class OtherActor(SQLModel, table=True):
    """Someone else around the citizen (psychiatry, job centre, GP …): name, role, what they do.
    Removing one sets `ended_at`; the row stays."""

    __tablename__ = "other_actor"

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(max_length=200)
    role: str = Field(default="", max_length=200)
    does: str = Field(default="", max_length=1000)
    author_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None


class UnmetNeed(SQLModel, table=True):
    """Udækkede behov in one life area (seed 004), described as a need, not as a goal. The newest row per
    (citizen, life area) counts; an empty text means none any more."""

    __tablename__ = "unmet_need"

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    life_area: str = Field(max_length=40)  # values of domain.vocabulary.LifeArea
    text: str = Field(default="", max_length=2000)
    author_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
