"""One clock for the whole app: timezone-aware UTC, as SQLModel's UTCDateTime columns require."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
