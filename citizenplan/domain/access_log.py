""""Hvem har set min plan": each time someone other than the citizen opened one of their items, and each
time her access was set up again with a code someone made (whoever used it could read everything)."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from citizenplan.domain import account_codes, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.policy import CONTENT_READS, Action, authorize
from citizenplan.domain.vocabulary import Role
from citizenplan.models import AuditEvent, User


@dataclass(frozen=True)
class Viewing:
    who: str
    role: Role | None  # None: a code made by no person (the command line)
    at: datetime
    item_id: int | None
    fresh_start: bool = False  # `who` made a code that set up her access again


def who_has_seen(db: Session, actor: Actor, limit: int = 200) -> list[Viewing]:
    """Newest first. A fresh start made by no person (the command line) has `who` empty."""
    authorize(db, actor, Action.READ_ACCESS_LOG, workbook.own(actor))
    rows = db.exec(select(AuditEvent, User).join(User, User.id == AuditEvent.actor_id).where(
        AuditEvent.citizen_id == actor.user_id, AuditEvent.actor_id != actor.user_id,
        AuditEvent.allowed.is_(True), AuditEvent.action.in_([a.value for a in CONTENT_READS]))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)).all()
    viewings = [Viewing(u.display_name, Role(u.role), e.at, e.target_id) for e, u in rows]
    viewings += [Viewing(use.maker_name or "", use.maker_role, use.at, None, fresh_start=True)
                 for use in account_codes.fresh_starts(db, actor)]
    return sorted(viewings, key=lambda v: v.at, reverse=True)[:limit]
