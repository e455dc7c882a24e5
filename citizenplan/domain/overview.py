"""The contact person's overview: every assigned citizen with what needs attention.

A fixed number of aggregate queries, however many citizens and goals there are (a test counts them):
people, next follow-up per citizen, new shared items and unread comments since the last look.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Integer, and_, func
from sqlmodel import Session, select

from citizenplan.clock import danish_today, utcnow
from citizenplan.domain import accounts, follow_up
from citizenplan.domain.actors import Actor
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.vocabulary import Audience, ServiceArea
from citizenplan.models import CaseView, Comment, FollowUp, SharedSnapshot

NEVER = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class OverviewRow:
    citizen_id: int
    name: str
    service_area: ServiceArea | None
    activated: bool
    next_due: date | None
    overdue: bool
    new_shared: int  # shared or changed since the contact person last opened the plan
    unread_comments: int
    shared_goals: int

    @property
    def attention(self) -> tuple:
        """Overdue first (longest overdue first), then news, then no date, then the nearest date."""
        return (not self.overdue, -(self.new_shared + self.unread_comments) if not self.overdue else 0,
                self.next_due is not None, self.next_due or date.max, self.name.casefold())


SORTS = ("attention", "name", "next_due")


def overview(db: Session, actor: Actor, sort: str = "attention", now: datetime | None = None) -> list[OverviewRow]:
    today = danish_today(now or utcnow())
    people = accounts.my_citizens(db, actor)
    ids = [p.user_id for p in people]
    if not ids:
        return []
    due = dict(db.exec(
        select(FollowUp.citizen_id, func.min(FollowUp.due_on))
        .where(FollowUp.citizen_id.in_(ids), FollowUp.cancelled_at.is_(None), FollowUp.done_by_record_id.is_(None))
        .group_by(FollowUp.citizen_id)).all())
    seen = select(CaseView.citizen_id, CaseView.seen_at).where(CaseView.viewer_id == actor.user_id).subquery()
    since = func.coalesce(seen.c.seen_at, NEVER)
    mine = and_(SharedSnapshot.audience == Audience.CONTACT_PERSON.value, SharedSnapshot.revoked_at.is_(None),
                SharedSnapshot.citizen_id.in_(ids))
    news = db.exec(
        select(SharedSnapshot.citizen_id,
               func.sum(func.cast(SharedSnapshot.approved_at > since, Integer())),
               func.sum(func.cast(SharedSnapshot.kind == "goal", Integer())))
        .join(seen, seen.c.citizen_id == SharedSnapshot.citizen_id, isouter=True)
        .where(mine).group_by(SharedSnapshot.citizen_id)).all()
    new_shared = {cid: int(n or 0) for cid, n, _ in news}
    goals = {cid: int(g or 0) for cid, _, g in news}
    comments = dict(db.exec(
        select(Comment.citizen_id, func.count(Comment.id))
        .join(SharedSnapshot, and_(SharedSnapshot.item_id == Comment.item_id, mine))
        .join(seen, seen.c.citizen_id == Comment.citizen_id, isouter=True)
        .where(Comment.citizen_id.in_(ids), Comment.author_id != actor.user_id, Comment.created_at > since,
               Comment.audience == Audience.CONTACT_PERSON.value)
        .group_by(Comment.citizen_id)).all())
    rows = [OverviewRow(
        citizen_id=p.user_id, name=p.display_name, service_area=p.service_area, activated=p.activated,
        next_due=due.get(p.user_id), overdue=follow_up.is_overdue(due.get(p.user_id), False, today),
        new_shared=new_shared.get(p.user_id, 0), unread_comments=int(comments.get(p.user_id, 0)),
        shared_goals=goals.get(p.user_id, 0)) for p in people]
    if sort == "name":
        return sorted(rows, key=lambda r: r.name.casefold())
    if sort == "next_due":
        return sorted(rows, key=lambda r: (r.next_due is None, r.next_due or date.max, r.name.casefold()))
    return sorted(rows, key=lambda r: r.attention)


def mark_seen(db: Session, actor: Actor, citizen_id: int, now: datetime | None = None) -> None:
    """The contact person has opened the plan: what was new is not new any more."""
    authorize(db, actor, Action.VIEW_CITIZEN, Target(kind="citizen", citizen_id=citizen_id), log_read=False)
    row = db.get(CaseView, (actor.user_id, citizen_id))
    now = now or utcnow()
    if row is None:
        db.add(CaseView(viewer_id=actor.user_id, citizen_id=citizen_id, seen_at=now))
    else:
        row.seen_at = now
        db.add(row)
    db.flush()
