"""Facts the manager's report counts, kept current by the domain on every write that changes them.

Derived rows only (domain.report_facts rebuilds them from the source tables): no text, no name. They
exist so that the report is two scans of narrow covering indexes instead of a lookup per goal in six
tables; at 1,000,000 goals that is the difference between a second and a minute.

Days are Danish calendar days as `date.toordinal()` numbers: a period starts and ends at midnight in
Copenhagen, so comparing days is exact, and small integers keep each index entry short. An open end is
`OPEN_END` (date.max), a stretch before any meeting starts at day 0.
"""

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

OPEN_END_DAY = 3652059  # date.max.toordinal(): domain.report_facts.OPEN_END


class ReportGoalFact(SQLModel, table=True):
    """One goal copy shared with the contact person, in one stretch of its follow-up history, with the
    facts of its plan beside it (a refresh rewrites all of a citizen's rows at once).

    The copy is the period's goal when it was shared in the period and not yet replaced by a newer copy at
    its end (shared_from ≤ end, shared_until ≥ start, replaced_on > end); the stretch is the one holding the
    period's last day (held_from ≤ end < held_until), so its degree is the newest recorded by then, and the
    goal counts as followed up in the period when held_from ≥ start.
    """

    __tablename__ = "report_goal_fact"
    __table_args__ = (
        Index("ix_report_goal_fact_breakdown", "unit_id", "who", "purpose", "degree", "shared_from", "shared_until",
              "replaced_on", "held_from", "held_until"),
        Index("ix_report_goal_fact_plan", "unit_id", "citizen_id", "first_due_on", "last_due_on", "duration",
              "handleplan_from", "shared_from", "shared_until", "replaced_on", "held_from", "held_until", "no_success", "no_date",
              "voice"),
    )

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(index=True)
    item_id: int
    unit_id: int | None = None
    shared_from: int  # the day the copy was approved
    shared_until: int  # the day sharing stopped (OPEN_END: still shared)
    replaced_on: int  # the day a newer copy of the same goal was approved (OPEN_END: none)
    held_from: int  # the meeting whose degree holds from this day (0: no meeting yet)
    held_until: int  # the next meeting's day (OPEN_END: none since)
    who: str = Field(max_length=20)
    purpose: str = Field(max_length=20)
    degree: str | None = Field(default=None, max_length=20)
    voice: int = 0  # the citizen's own view was recorded at that meeting
    no_success: int = 0
    no_date: int = 0
    first_due_on: int  # the plan's earliest live follow-up (OPEN_END: none); overdue when before today
    last_due_on: int  # the plan's latest live follow-up (0: none); upcoming when today or later
    duration: int = 0  # the plan's newest frame states the expected duration
    handleplan_from: int = OPEN_END_DAY  # the day of the citizen's handleplan (OPEN_END: none, or declined)


class ReportPlanFact(SQLModel, table=True):
    """One citizen with a recorded handleplan (the municipality's § 141 plan): the day it holds from and
    the newest answer to the offer of it, for figure II (handleplaner with an indsatsplan) and the offers."""

    __tablename__ = "report_plan_fact"
    __table_args__ = (Index("ix_report_plan_fact_unit", "unit_id", "handleplan_from", "offer", "offer_on"),)

    citizen_id: int = Field(primary_key=True)
    unit_id: int | None = None
    handleplan_from: int  # its date (the recorded day when it has none); OPEN_END when she said no to it
    offer: str = Field(default="", max_length=20)  # values of domain.municipal_plan.Offer, "" when not recorded
    offer_on: int = 0  # the day of the offer or her answer (0: not given)
