"""What a citizen shared: approved snapshots, comments on items, proposed rewordings."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from citizenplan.clock import utcnow


class SharedSnapshot(SQLModel, table=True):
    """A copy of an item as the citizen approved it for one audience.

    Contact persons and relatives read this table and nothing else of the workbook: the draft is never
    in a row they can reach, so no query, page, event or export of theirs can show it.
    """

    __tablename__ = "shared_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    item_id: int = Field(foreign_key="workbook_item.id", index=True)
    audience: str = Field(max_length=20, index=True)  # values of domain.vocabulary.Audience
    kind: str = Field(max_length=20)
    parent_item_id: int | None = None  # a shared step under its shared goal
    position: int = 0
    approved_version: int  # the ItemVersion.number the citizen approved
    content: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    approved_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class ShareEvent(SQLModel, table=True):
    """Every share, approved change and revoke, for the citizen's own record."""

    __tablename__ = "share_event"

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    item_id: int = Field(foreign_key="workbook_item.id", index=True)
    audience: str = Field(max_length=20)
    what: str = Field(max_length=20)  # shared, changed, revoked
    version: int | None = None
    at: datetime = Field(default_factory=utcnow)


class Comment(SQLModel, table=True):
    """A comment on an item, in one thread. audience: the readers whose thread it is (a reader writes in
    their own; the citizen chooses). None: a note of the citizen's that only they see."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    item_id: int = Field(foreign_key="workbook_item.id", index=True)
    author_id: int = Field(foreign_key="user.id")
    audience: str | None = Field(default=None, max_length=20)
    text: str = Field(max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)


class RewordingProposal(SQLModel, table=True):
    """A contact person's suggestion for a goal's words; the citizen accepts or declines it."""

    __tablename__ = "rewording_proposal"

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    item_id: int = Field(foreign_key="workbook_item.id", index=True)
    author_id: int = Field(foreign_key="user.id")
    field: str = Field(max_length=40)
    text: str = Field(max_length=2000)
    based_on_version: int
    created_at: datetime = Field(default_factory=utcnow)
    answered_at: datetime | None = None
    accepted: bool | None = None
