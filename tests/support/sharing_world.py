"""A citizen's world for sharing tests: the people of tests/support/people.py as actors, an item written and shared
in one call, what a reader sees, and the refusal a call raises."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from citizenplan.db import engine_for
from citizenplan.domain import shared_view, sharing, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import AccessDenied, UserError
from citizenplan.domain.vocabulary import Audience
from citizenplan.domain.workbook import ItemKind
from tests.support.people import People, actor, make_people
from tests.support.refusals import plain_refusal

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
CP, REL = Audience.CONTACT_PERSON, Audience.RELATIVE
GONE = "Det findes ikke længere."

# Text with everything that could be mangled on its way: Danish letters, a line break, quotes, markup,
# an emoji, surrounding spaces inside the text.
APPROVED = "Jeg vil gå en tur ved åen hver morgen.\n«Med Bølle» 🐕 & <b>kaffe</b> — 100 %"

# Every kind the citizen can share, with what the citizen wrote; `APPROVED` is in the field that is edited.
CONTENT: dict[ItemKind, dict[str, Any]] = {
    ItemKind.ABOUT_ME: {"text": APPROVED, "wants": "Mit eget sted at bo."},
    ItemKind.DREAM: {"text": APPROVED, "life_area": "housing"},
    ItemKind.HOPE: {"text": APPROVED},
    ItemKind.GOAL: {"title": APPROVED, "why": "Så jeg får luft.", "success": "Når jeg har gået hver dag i en uge.",
                    "life_area": "body_and_health"},
    ItemKind.STEP: {"text": APPROVED, "helper": "Maria", "done": False},
    ItemKind.CHECK_IN: {"score": 4, "note": APPROVED},
    ItemKind.CRISIS_PLAN: {"signs": APPROVED, "helps": "Musik.", "not_helps": "Råb.",
                           "contacts": [{"name": "Mor", "phone": "12 34 56 78"}], "practical": "Nøgle hos naboen."},
    ItemKind.REMARKS: {"text": APPROVED},
    ItemKind.PREPARATION: {"went_well": APPROVED, "hard": "Trappen.", "talk_about": "Min økonomi."},
}
EDITED_FIELD = {
    ItemKind.ABOUT_ME: "text", ItemKind.DREAM: "text", ItemKind.HOPE: "text", ItemKind.GOAL: "title",
    ItemKind.STEP: "text", ItemKind.CHECK_IN: "note", ItemKind.CRISIS_PLAN: "signs", ItemKind.REMARKS: "text",
    ItemKind.PREPARATION: "went_well",
}
SHAREABLE_KINDS = list(CONTENT)
WITH_PARENT = {ItemKind.STEP, ItemKind.CHECK_IN}  # made under a goal


@dataclass
class World:
    db: Session
    people: People
    me: Actor  # the citizen
    contact: Actor  # assigned to me
    other_contact: Actor  # same unit, assigned to the neighbour
    far_contact: Actor  # another unit
    relative: Actor  # granted by me
    manager: Actor  # leads my unit
    neighbour: Actor  # another citizen in my unit

    def reload(self, user_id: int, now: datetime | None = None) -> Actor:
        return actor(self.db, user_id, now)


def world(db: Session, *, relative_may_comment: bool = True) -> World:
    p = make_people(db, relative_may_comment=relative_may_comment)
    return World(db, p, actor(db, p.citizen), actor(db, p.contact), actor(db, p.other_contact),
                 actor(db, p.far_contact), actor(db, p.relative), actor(db, p.manager), actor(db, p.neighbour))


def write(db: Session, me: Actor, kind: ItemKind, content: dict[str, Any] | None = None,
          parent_id: int | None = None, via: str = "chat") -> int:
    """The citizen makes an item and writes it, then the unit of work commits."""
    if kind in WITH_PARENT and parent_id is None:
        parent_id = write(db, me, ItemKind.GOAL, {"title": "At komme ud"})
    item = workbook.create_item(db, me, kind, parent_id=parent_id)
    workbook.write_fields(db, me, item.id, dict(CONTENT[kind] if content is None else content), via=via)
    db.commit()
    return item.id


def version_of(db: Session, me: Actor, item_id: int) -> int:
    return workbook.item(db, me, item_id).version


def share(db: Session, me: Actor, item_id: int, *audiences: Audience) -> sharing.SharingState:
    """"Del": the citizen shares what they were just shown."""
    state = sharing.share(db, me, item_id, set(audiences), version_of(db, me, item_id))
    db.commit()
    return state


def edit(db: Session, me: Actor, item_id: int, changes: dict[str, Any]) -> workbook.SaveResult:
    """An edit on the item's own screen, opened just now (a preparation, which has none, in the chat)."""
    shown = workbook.item(db, me, item_id)
    if shown.kind not in workbook.EDITABLE_FIELDS:
        view = workbook.write_fields(db, me, item_id, changes, via="chat")
        db.commit()
        return workbook.SaveResult(view, conflict=False)
    result = workbook.save(db, me, item_id, changes, shown.version)
    db.commit()
    return result


def plan_ids(db: Session, reader: Actor, citizen_id: int) -> list[int] | None:
    """The item ids in the reader's view of the citizen's plan; None if the plan is refused."""
    try:
        return [s.item_id for s in shared_view.shared_plan(db, reader, citizen_id)]
    except AccessDenied:
        return None


def seen(db: Session, reader: Actor, citizen_id: int, item_id: int) -> dict[str, Any] | None:
    """The content the reader gets when opening the item; None when refused.

    Whatever the answer, the plan page must agree with it: the item is in the plan, with the same
    content, exactly when it can be opened.
    """
    try:
        opened: dict[str, Any] | None = shared_view.shared_item(db, reader, citizen_id, item_id).content
    except AccessDenied:
        opened = None
    try:
        in_plan = {s.item_id: s.content for s in shared_view.shared_plan(db, reader, citizen_id)}.get(item_id)
    except AccessDenied:
        in_plan = None
    assert in_plan == opened, "the plan page and the item page disagree"
    return opened


@contextmanager
def reader_session(db_url: str) -> Iterator[Session]:
    """Another person's connection: its own session, as their browser tab would have."""
    engine = engine_for(db_url)
    try:
        with Session(engine) as other:
            yield other
    finally:
        engine.dispose()


def error_of(call) -> UserError:
    """What the person is told; any other exception fails the test, and so does an access refusal (`denied`)."""
    return plain_refusal(call)
