"""Facts the manager's report counts, kept current by the domain on every write that changes them.

Derived rows only (domain.report_facts rebuilds them from the source tables): no text, no name. They
exist so that the report is one scan of a narrow, covered table instead of a lookup per goal in six
tables; at 1,000,000 goals that is the difference between a second and a minute.
"""

from datetime import date, datetime

from sqlalchemy import Column, Index, Integer
from sqlmodel import Field, SQLModel


class ReportGoalFact(SQLModel, table=True):
    """One goal copy shared with the contact person, in one stretch of its follow-up history.

    The copy is the report's goal in a period when it was live in it and no newer copy was
    (approved_at < end, revoked_at ≥ start, superseded_at ≥ end); the stretch is the one that holds the
    period's last day (held_from ≤ end < held_until), so its degree is the newest one recorded up to
    then, and it counts as followed up in the period when held_from ≥ start.
    """

    __tablename__ = "report_goal_fact"
    __table_args__ = (
        Index("ix_report_goal_fact_breakdown", "unit_id", "who", "purpose", "degree", "approved_at", "revoked_at",
              "superseded_at", "held_from", "held_until"),
        Index("ix_report_goal_fact_plan", "unit_id", "citizen_id", "approved_at", "revoked_at", "superseded_at",
              "held_from", "held_until", "no_success", "no_date", "voice"),
    )

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(index=True)
    item_id: int
    unit_id: int | None = None
    approved_at: datetime
    revoked_at: datetime | None = None
    superseded_at: datetime | None = None  # when the next copy of the same goal was approved
    held_from: date | None = None  # the meeting whose degree holds from here (None: no meeting yet)
    held_until: date | None = None  # the next meeting's date (None: none since)
    who: str = Field(max_length=20)
    purpose: str = Field(max_length=20)
    degree: str | None = Field(default=None, max_length=20)
    voice: int = 0  # the citizen's own view was recorded at that meeting
    no_success: int = 0
    no_date: int = 0


class ReportCitizenFact(SQLModel, table=True):
    """What the report counts per plan rather than per goal."""

    __tablename__ = "report_citizen_fact"

    citizen_id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    unit_id: int | None = None
    first_due_on: date | None = None  # the earliest live follow-up (overdue when before today)
    last_due_on: date | None = None  # the latest live follow-up (upcoming when today or later)
    duration: int = 0  # the newest frame states the expected duration
