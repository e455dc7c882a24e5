"""A chat run: which flow, where it stands, and every answer with its time."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from citizenplan.clock import utcnow


class Conversation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    flow_id: str = Field(max_length=40, index=True)
    status: str = Field(default="active", max_length=20)  # active, finished
    step_id: str = Field(default="", max_length=60)  # the question waiting for an answer
    context: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    started_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None


class ConversationAnswer(SQLModel, table=True):
    """One answer. A changed answer supersedes the old row, which is kept."""

    __tablename__ = "conversation_answer"
    __table_args__ = (UniqueConstraint("conversation_id", "client_id"),)

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", index=True)
    step_id: str = Field(max_length=60)
    seq: int  # the order in the conversation; a changed answer keeps its seq
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    skipped: bool = False
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # The conversation's context when the question was asked: what Tilbage restores. Read only then.
    context_before: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))
    client_id: str = Field(max_length=64)  # sent by the browser: the same answer sent twice is stored once
    item_id: int | None = Field(default=None, foreign_key="workbook_item.id")
    created_at: datetime = Field(default_factory=utcnow)
    superseded_at: datetime | None = None
