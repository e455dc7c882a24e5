"""One clock for the whole app: timezone-aware UTC, as SQLModel's UTCDateTime columns require."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def utcnow() -> datetime:
    return datetime.now(UTC)


def danish_today(now: datetime | None = None) -> date:
    """The calendar date in Denmark: a meeting "today" is today in Copenhagen, not in UTC."""
    return (now or utcnow()).astimezone(DANISH_TIME).date()
