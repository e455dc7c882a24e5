"""The professional side of a plan: the municipality's § 141 handleplan, goal assessments, follow-ups and
their records.

Every table here is append-only: a new frame version, a new assessment, a correcting record. A dated
assessment is never changed or deleted (seed 004), so nothing a contact person wrote is lost.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from citizenplan.clock import utcnow


class PlanFrame(SQLModel, table=True):
    """One version of the municipality's handleplan (§ 141, myndighedsniveau) as the contact person recorded
    it from the municipality's plan; the newest version is the handleplan. In the glossary: municipal_plan.

    It is not the provider's plan: that is the indsatsplan (models.provider_plan). The table keeps its old
    name because the frame always held the handleplan's fields (purpose, indsats, duration, særlige forhold).
    (citizen_id, version) is unique, so two contact persons saving on top of the same version cannot both
    win: the second gets a conflict instead of silently overwriting the first.
    """

    __tablename__ = "plan_frame"
    __table_args__ = (UniqueConstraint("citizen_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    version: int
    purpose: str = Field(default="", max_length=4000)  # formålet med indsatsen
    intervention: str = Field(default="", max_length=4000)  # indsatsen
    duration_kind: str = Field(default="", max_length=20)  # values of domain.follow_up.DurationKind
    duration_text: str = Field(default="", max_length=200)
    special: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    close_follow_up: bool = True  # new, complex or costly case: first follow-up within 3 months
    started_on: date
    author_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    # who made it and when: the municipality's, never the provider's
    case_worker: str = Field(default="", max_length=200)  # sagsbehandler
    municipality: str = Field(default="", max_length=200)
    made_on: date | None = None  # the handleplan's own date; never in the future
    intervention_scope: str = Field(default="", max_length=2000)  # omfanget af den bevilgede indsats
    suggestions: str = Field(default="", max_length=4000)  # kommunens forslag til udføreren (seed 002 rec. 16)
    offer: str = Field(default="", max_length=20)  # values of domain.municipal_plan.Offer; "" before any answer
    offer_on: date | None = None  # when the citizen was offered it / answered
    # imported from the municipality's system as FHIR: its CarePlan ("system|value", or "CarePlan/id") and the
    # CarePlan's own version (meta.versionId); "" / None when the contact person typed it in
    source: str = Field(default="", max_length=500)
    source_version: int | None = None


class MunicipalGoal(SQLModel, table=True):
    """One overall goal of one handleplan version. `key` is the same in every version the goal stays in, so
    the indsatsplan's links survive a new version; a key missing from the newest version was removed."""

    __tablename__ = "municipal_goal"
    __table_args__ = (UniqueConstraint("frame_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    frame_id: int = Field(foreign_key="plan_frame.id", index=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    key: int  # 1, 2, 3 … per citizen, never reused
    position: int = 0
    text: str = Field(max_length=2000)
    source_ref: str = Field(default="", max_length=500)  # the imported Goal it came from, so its key stays


class GoalAssessment(SQLModel, table=True):
    """The contact person's frame beside one shared goal: purpose type, link to the purpose, and the
    professional assessment where the citizen disagrees. The newest row for an item counts."""

    __tablename__ = "goal_assessment"

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    item_id: int = Field(foreign_key="workbook_item.id", index=True)
    purpose_type: str | None = Field(default=None, max_length=20)  # values of domain.follow_up.PurposeType
    linked_to_purpose: bool = False
    assessment: str = Field(default="", max_length=4000)
    author_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    # the indsatsplan beside the goal (the goal itself stays the citizen's item, her words unchanged)
    municipal_goal_key: int | None = None  # MunicipalGoal.key of the handleplan goal it serves
    responsible: str = Field(default="", max_length=500)  # hvem er ansvarlig for målet
    who_dimension: str | None = Field(default=None, max_length=20)  # None: derived from the life area
    obstacles: str = Field(default="", max_length=2000)  # Hvad kan gøre det svært?
    supports: str = Field(default="", max_length=2000)  # Hvad kan hjælpe?


class FollowUp(SQLModel, table=True):
    """A follow-up meeting on the calendar. Overdue when due_on has passed and no record answers it.

    Moving the date cancels this row and schedules a new one, so the first promise stays on record.
    """

    __tablename__ = "follow_up"

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    due_on: date = Field(index=True)
    at_time: str = Field(default="", max_length=5)  # "HH:MM", or empty
    place: str = Field(default="", max_length=200)
    participants: str = Field(default="", max_length=500)
    reason_later: str = Field(default="", max_length=1000)  # why later than the rule allows
    scheduled_by: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    cancelled_at: datetime | None = None
    done_by_record_id: int | None = Field(default=None, foreign_key="follow_up_record.id", index=True)


class FollowUpRecord(SQLModel, table=True):
    """What was said at a follow-up meeting, signed when saved. Never edited: a correction is a new
    record whose corrects_id names the one it corrects."""

    __tablename__ = "follow_up_record"

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    held_on: date
    participants: str = Field(max_length=500)
    note: str = Field(default="", max_length=4000)
    author_id: int = Field(foreign_key="user.id")
    signed_at: datetime = Field(default_factory=utcnow)
    corrects_id: int | None = Field(default=None, foreign_key="follow_up_record.id", index=True)
    # the purpose of the handleplan judged at this meeting (seed 002 rec. 2): values of
    # domain.follow_up.PurposeJudgement; None in records signed before it was asked
    purpose_judgement: str | None = Field(default=None, max_length=20)


class GoalFulfilment(SQLModel, table=True):
    """One goal at one follow-up: the contact person's description and degree, and beside it the
    citizen's own view. Neither overrides the other. goal_title keeps the goal's words as shared then."""

    __tablename__ = "goal_fulfilment"

    id: int | None = Field(default=None, primary_key=True)
    record_id: int = Field(foreign_key="follow_up_record.id", index=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    item_id: int = Field(foreign_key="workbook_item.id", index=True)
    goal_title: str = Field(default="", max_length=2000)
    description: str = Field(default="", max_length=4000)
    degree: str = Field(max_length=20)  # values of domain.follow_up.Degree
    citizen_view: str = Field(default="", max_length=4000)
    citizen_degree: str | None = Field(default=None, max_length=20)


class CaseView(SQLModel, table=True):
    """When a contact person last opened a citizen's plan, so the overview can say what is new."""

    __tablename__ = "case_view"

    viewer_id: int = Field(foreign_key="user.id", primary_key=True)
    citizen_id: int = Field(foreign_key="user.id", primary_key=True)
    seen_at: datetime = Field(default_factory=utcnow)
