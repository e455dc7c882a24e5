"""What a contact person or a relative reads of a citizen's plan, one read per screen: the approved
copies shared with them, each with the goal a step belongs to and the reader's own thread of comments.
Each read runs a fixed number of statements however many items are shared (tests/unit/test_read_models.py)."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from citizenplan.domain import accounts, comments, overview, relatives, shared_view
from citizenplan.domain.actors import Actor
from citizenplan.domain.comments import CommentView
from citizenplan.domain.shared_view import SharedItem


@dataclass(frozen=True)
class ReadItem:
    item: SharedItem
    goal: str  # for a step: the title of the shared goal it belongs to; else ""
    comments: tuple[CommentView, ...]  # the reader's thread, newest last


@dataclass(frozen=True)
class SharedPlanPage:
    citizen_id: int
    citizen_name: str
    items: tuple[ReadItem, ...]


def _read_items(items: list[SharedItem], threads: dict[int, list[CommentView]]) -> tuple[ReadItem, ...]:
    return tuple(ReadItem(i, shared_view.goal_of(i, items), tuple(threads.get(i.item_id, ()))) for i in items)


def shared_plan_page(db: Session, actor: Actor, citizen_id: int, now: datetime | None = None) -> SharedPlanPage:
    """A contact person opens a citizen's shared plan: what she shared, with the threads; what was new to
    the contact person is seen from now on (the overview counts from this opening)."""
    name = accounts.citizen_name(db, actor, citizen_id)
    items = shared_view.shared_plan(db, actor, citizen_id)
    threads = comments.reader_threads(db, actor, {citizen_id: items})
    overview.mark_seen(db, actor, citizen_id, now=now)
    return SharedPlanPage(citizen_id, name, _read_items(items, threads))


@dataclass(frozen=True)
class RelativeCitizen:
    citizen_id: int
    name: str
    expired: bool  # the access has run out: said plainly, and nothing of the plan is read
    expires_at: datetime | None
    can_comment: bool
    items: tuple[ReadItem, ...]


@dataclass(frozen=True)
class RelativeHome:
    citizens: tuple[RelativeCitizen, ...]


def relative_home(db: Session, actor: Actor, now: datetime | None = None) -> RelativeHome:
    """A relative's home: each citizen who let them in, and what each shared with them."""
    people = relatives.citizens_of(db, actor, now)
    live = [p.citizen_id for p in people if not p.expired]
    shared = shared_view.shared_plans(db, actor, live) if live else {}  # nobody's plan: nothing to read
    threads = comments.reader_threads(db, actor, shared) if shared else {}
    return RelativeHome(tuple(
        RelativeCitizen(p.citizen_id, p.name, p.expired, p.expires_at, p.can_comment,
                        () if p.expired else _read_items(shared.get(p.citizen_id, []), threads))
        for p in people))
