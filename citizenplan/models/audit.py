"""What happened to whose data: access to another person's content, denials, shares, and every
one-time code made and used (who made it, for whom)."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from citizenplan.clock import utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    # The manager's list of codes used in their units reads one action over a period.
    __table_args__ = (Index("ix_audit_event_action_at", "action", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    action: str = Field(max_length=40)
    allowed: bool
    # No foreign key: an attempt on an id that does not exist is worth recording too.
    citizen_id: int | None = Field(default=None, index=True)
    target_kind: str = Field(default="", max_length=40)
    target_id: int | None = None
    # The approved copy (SharedSnapshot) a reader was shown: "Hvem har set min plan" shows the words that
    # were seen then, not the item's words now. A reference, not a copy: the log holds no citizen's text.
    snapshot_id: int | None = None
    detail: str = Field(default="", max_length=500)
    # A code's use: who made the code (the actor is the account it set up).
    code_maker_id: int | None = Field(default=None, foreign_key="user.id")
