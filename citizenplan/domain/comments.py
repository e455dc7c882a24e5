"""Comments on an item, by anyone who can see it: the citizen on their own items, a contact person or a
relative on what was shared with them (a relative only where the citizen allows it)."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, or_, select

from citizenplan.clock import utcnow
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.shared_view import audience_of
from citizenplan.domain.text import clean_text
from citizenplan.domain.vocabulary import Role
from citizenplan.models import Comment, SharedSnapshot, User, WorkbookItem

LONGEST_COMMENT = 2000


@dataclass(frozen=True)
class CommentView:
    comment_id: int
    author_name: str
    author_role: Role
    text: str
    created_at: datetime
    mine: bool


def _target(db: Session, actor: Actor, citizen_id: int, item_id: int) -> tuple[Target, str | None]:
    """The item as the actor may see it, and the audience they see it through (None: the owner)."""
    citizen = db.get(User, citizen_id)
    item = db.get(WorkbookItem, item_id)
    unit_id = citizen.unit_id if citizen else None
    if item is None or item.citizen_id != citizen_id or item.deleted_at is not None:
        return Target(kind="item", citizen_id=citizen_id, unit_id=unit_id, item_id=None), None
    audience = audience_of(actor)
    if actor.user_id == citizen_id or audience is None:
        return Target(kind="item", citizen_id=citizen_id, unit_id=unit_id, item_id=item_id), None
    shared = db.exec(select(SharedSnapshot.id).where(
        SharedSnapshot.item_id == item_id, SharedSnapshot.audience == audience.value,
        SharedSnapshot.revoked_at.is_(None))).first() is not None
    return Target(kind="item", citizen_id=citizen_id, unit_id=unit_id, item_id=item_id,
                  audience=frozenset({audience}) if shared else frozenset()), audience.value


def comments_on(db: Session, actor: Actor, citizen_id: int, item_id: int) -> list[CommentView]:
    """Newest last. Others see the citizen's comments and those of their own audience."""
    target, audience = _target(db, actor, citizen_id, item_id)
    authorize(db, actor, Action.READ_DRAFT if audience is None else Action.READ_SHARED, target, log_read=False)
    if target.item_id is None:
        raise UserError(N_("Det findes ikke længere."))
    query = select(Comment, User).join(User, User.id == Comment.author_id).where(
        Comment.item_id == item_id, Comment.citizen_id == citizen_id)
    if audience is not None:
        query = query.where(or_(Comment.audience.is_(None), Comment.audience == audience))
    rows = db.exec(query.order_by(Comment.created_at, Comment.id)).all()
    return [CommentView(c.id, u.display_name, Role(u.role), c.text, c.created_at, u.id == actor.user_id)
            for c, u in rows]


def add_comment(db: Session, actor: Actor, citizen_id: int, item_id: int, text: str,
                now: datetime | None = None) -> CommentView:
    target, audience = _target(db, actor, citizen_id, item_id)
    authorize(db, actor, Action.COMMENT, target)
    if target.item_id is None:
        raise UserError(N_("Det findes ikke længere."))
    body = clean_text(text, longest=LONGEST_COMMENT, field="comment")
    comment = Comment(citizen_id=citizen_id, item_id=item_id, author_id=actor.user_id, audience=audience,
                      text=body, created_at=now or utcnow())
    db.add(comment)
    db.flush()
    return CommentView(comment.id, actor.display_name, actor.role, body, comment.created_at, True)
