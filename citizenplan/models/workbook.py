"""The citizen's workbook: items, and every version of each (nothing is overwritten in place)."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from citizenplan.clock import utcnow


class WorkbookItem(SQLModel, table=True):
    """One thing the citizen wrote: about me, a dream, a hope, a goal, a step, a check-in, a crisis plan…

    parent_id ties a step or a check-in to its goal; origin_id ties a goal to the dream it came from.
    position is the citizen's own order of priority among goals (0 first).
    """

    __tablename__ = "workbook_item"

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    kind: str = Field(max_length=20, index=True)  # values of domain.workbook.ItemKind
    parent_id: int | None = Field(default=None, foreign_key="workbook_item.id", index=True)
    origin_id: int | None = Field(default=None, foreign_key="workbook_item.id")
    position: int = 0
    version: int = 0  # the number of the newest ItemVersion
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    deleted_at: datetime | None = None


class ItemVersion(SQLModel, table=True):
    """What an item said after one change, who made the change, and how."""

    __tablename__ = "item_version"
    __table_args__ = (UniqueConstraint("item_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="workbook_item.id", index=True)
    number: int
    content: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    author_id: int = Field(foreign_key="user.id")
    via: str = Field(default="chat", max_length=20)  # chat, workbook, proposal
    created_at: datetime = Field(default_factory=utcnow)
