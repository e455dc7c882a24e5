"""Comments on an item, by anyone who can see it: the citizen on their own items, a contact person or a
relative on what was shared with them (a relative only where the citizen allows it).

Each comment belongs to one thread: the contact persons', the relatives', or the citizen's own notes.
Readers see only their audience's thread. The citizen writes into a thread by choice, so a note written
while an item was private, or a reply to the contact person, never reaches anyone else when the item is
shared later or with more people."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from citizenplan.clock import utcnow
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.shared_view import SharedItem, audience_of
from citizenplan.domain.text import clean_text
from citizenplan.domain.vocabulary import Audience, Role
from citizenplan.models import Comment, SharedSnapshot, User, WorkbookItem

LONGEST_COMMENT = 2000
NOT_SHARED_WITH = {
    Audience.CONTACT_PERSON: N_("Du deler ikke punktet med din kontaktperson nu. Del det først, eller skriv en "
                                "note til dig selv."),
    Audience.RELATIVE: N_("Du deler ikke punktet med dine pårørende nu. Del det først, eller skriv en note til "
                          "dig selv."),
}


@dataclass(frozen=True)
class CommentView:
    comment_id: int
    author_name: str
    author_role: Role
    text: str
    created_at: datetime
    mine: bool
    audience: Audience | None  # the thread: None for the citizen's own notes


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
    return Target(kind="item", citizen_id=citizen_id, unit_id=unit_id, item_id=item_id,
                  audience=frozenset({audience}) if _is_shared(db, item_id, audience) else frozenset()), audience.value


def _is_shared(db: Session, item_id: int, audience: Audience) -> bool:
    return db.exec(select(SharedSnapshot.id).where(
        SharedSnapshot.item_id == item_id, SharedSnapshot.audience == audience.value,
        SharedSnapshot.revoked_at.is_(None))).first() is not None


def comments_on(db: Session, actor: Actor, citizen_id: int, item_id: int) -> list[CommentView]:
    """Newest last. The citizen sees every thread; a reader only their audience's."""
    target, audience = _target(db, actor, citizen_id, item_id)
    authorize(db, actor, Action.READ_DRAFT if audience is None else Action.READ_SHARED, target, log_read=False)
    if target.item_id is None:
        raise UserError(N_("Det findes ikke længere."))
    query = select(Comment, User).join(User, User.id == Comment.author_id).where(
        Comment.item_id == item_id, Comment.citizen_id == citizen_id)
    if audience is not None:
        query = query.where(Comment.audience == audience)
    rows = db.exec(query.order_by(Comment.created_at, Comment.id)).all()
    return [CommentView(c.id, u.display_name, Role(u.role), c.text, c.created_at, u.id == actor.user_id,
                        Audience(c.audience) if c.audience else None) for c, u in rows]


def reader_threads(db: Session, actor: Actor, shared: dict[int, list[SharedItem]]) -> dict[int, list[CommentView]]:
    """A reader's thread on each item shared with them ({citizen id: items}, as shared_view.shared_plans
    gives them), newest last: one query however many items. The opening is logged by that read already."""
    audience = audience_of(actor)
    for citizen_id, items in shared.items():
        for item in items:
            authorize(db, actor, Action.READ_SHARED, Target(
                kind="item", citizen_id=citizen_id, item_id=item.item_id,
                audience=frozenset({audience}) if audience else frozenset()), log_read=False)
    if audience is None:  # the citizen herself reads her threads through comments_on
        raise UserError(N_("Det har du ikke adgang til."))
    threads: dict[int, list[CommentView]] = {i.item_id: [] for items in shared.values() for i in items}
    if not threads:
        return threads
    rows = db.exec(select(Comment, User).join(User, User.id == Comment.author_id).where(
        Comment.citizen_id.in_(list(shared)), Comment.item_id.in_(list(threads)), Comment.audience == audience.value)
        .order_by(Comment.created_at, Comment.id)).all()
    for c, u in rows:
        threads[c.item_id].append(CommentView(c.id, u.display_name, Role(u.role), c.text, c.created_at,
                                              u.id == actor.user_id, Audience(c.audience)))
    return threads


def add_comment(db: Session, actor: Actor, citizen_id: int, item_id: int, text: str,
                now: datetime | None = None, to: Audience | None = None) -> CommentView:
    """A reader writes in their audience's thread. The citizen writes to `to`, which must see the item
    now, or, with None, a note only they see."""
    target, audience = _target(db, actor, citizen_id, item_id)
    authorize(db, actor, Action.COMMENT, target)
    if target.item_id is None:
        raise UserError(N_("Det findes ikke længere."))
    if audience is None and to is not None:
        if not _is_shared(db, item_id, to):
            raise UserError(NOT_SHARED_WITH[to], field="comment")
        audience = to.value
    body = clean_text(text, longest=LONGEST_COMMENT, field="comment")
    comment = Comment(citizen_id=citizen_id, item_id=item_id, author_id=actor.user_id, audience=audience,
                      text=body, created_at=now or utcnow())
    db.add(comment)
    db.flush()
    return CommentView(comment.id, actor.display_name, actor.role, body, comment.created_at, True,
                       Audience(audience) if audience else None)
