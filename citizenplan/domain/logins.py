""""Mine logins": where a person is logged in (device and browser in plain words, last use), and ending one.

Only the person's own sessions, found by their own id: no policy question about anyone else's data arises,
and an id of someone else's session is treated as one that is not there.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from citizenplan.auth import devices
from citizenplan.auth.tokens import digest
from citizenplan.clock import utcnow
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import NotFound
from citizenplan.models import AuthSession
from citizenplan.settings import get_settings


@dataclass(frozen=True)
class Login:
    session_id: int
    device: str  # a msgid or a product name: translate before showing
    browser: str
    started_at: datetime
    last_seen_at: datetime
    this_one: bool  # the login this page is shown in


def _live(actor: Actor, now: datetime):
    settings = get_settings()
    return select(AuthSession).where(
        AuthSession.user_id == actor.user_id, AuthSession.live.is_(True), AuthSession.ended_at.is_(None),
        AuthSession.last_seen_at >= now - timedelta(minutes=settings.session_idle_minutes),
        AuthSession.created_at >= now - timedelta(hours=settings.session_max_hours))


def my_logins(db: Session, actor: Actor, token: str | None, now: datetime | None = None) -> list[Login]:
    """Her live logins, this one first, then the most recently used."""
    now = now or utcnow()
    mine = digest(token) if token else ""
    rows = db.exec(_live(actor, now).order_by(col(AuthSession.last_seen_at).desc())).all()
    found = [Login(r.id, *_named(r.user_agent), r.created_at, r.last_seen_at, r.token_hash == mine) for r in rows]
    return sorted(found, key=lambda login: not login.this_one)


def _named(user_agent: str) -> tuple[str, str]:
    device = devices.describe(user_agent)
    return device.device, device.browser


def end_login(db: Session, actor: Actor, session_id: int, now: datetime | None = None) -> None:
    """End one of her own logins; that phone or computer is logged out on its next step."""
    row = db.get(AuthSession, session_id)
    if row is None or row.user_id != actor.user_id or row.ended_at is not None:
        raise NotFound()
    row.ended_at = now or utcnow()
    db.add(row)
