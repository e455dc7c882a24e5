"""A relative's home: the people who let them in, and what each chose to share with them."""

import json
from dataclasses import dataclass

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.domain import comments, readers
from citizenplan.domain.ids import require_id
from citizenplan.domain.workbook import KIND_LABELS, ItemKind
from citizenplan.state import inputs
from citizenplan.state.rows import CommentRow, comment_rows
from citizenplan.state.session import SessionState
from citizenplan.state.workbook import Line, item_lines

CLEAR_BOX = "var box = document.getElementById({box}); if (box) box.value = '';"


@dataclass(frozen=True)
class SharedItemCard:
    """One item a citizen shared with this relative."""
    id: str
    kind: str  # a msgid
    citizen_id: str  # in the item: an event cannot see the outer loop's variable
    can_comment: bool
    lines: list[Line]  # pages/workbook.py's line_view shows them
    goal: str  # for a step: its goal's title
    comments: list[CommentRow]


@dataclass(frozen=True)
class CitizenCard:
    """A citizen who let this relative in."""
    id: str
    name: str
    expired: bool
    until: str
    can_comment: bool
    shared: list[SharedItemCard]  # not `items`: a var of a dataclass has an items() of its own (ObjectVar)


class RelativeHomeState(SessionState):
    comment_error: str = ""
    error_in: str = ""  # the id of the box the comment error is about
    citizens: list[CitizenCard] = []

    @rx.event
    async def load(self):
        self.comment_error = self.error_in = ""
        return await self._open(routes.RELATIVE_HOME, self._refresh)

    async def _refresh(self, actor) -> None:
        home = await offload.DATA.run_with_db(readers.relative_home, actor)
        locale = actor.locale
        self.citizens = [CitizenCard(
            id=str(person.citizen_id), name=person.name, expired=person.expired,
            until=i18n.long_date(person.expires_at, locale) if person.expires_at else "",
            can_comment=person.can_comment,
            shared=[SharedItemCard(
                id=str(r.item.item_id), kind=KIND_LABELS[ItemKind(r.item.kind)],
                citizen_id=str(person.citizen_id), can_comment=person.can_comment,
                lines=item_lines(r.item.content, locale), goal=r.goal, comments=comment_rows(r.comments, locale),
            ) for r in person.items],
        ) for person in home.citizens]

    @rx.event
    async def comment(self, form: dict):
        form = inputs.form(form)
        citizen_id, item_id, text = form.get("citizen_id", ""), form.get("item_id", ""), form.get("comment", "")
        self.error = ""
        outcome = await self._as_actor(lambda db, actor: comments.add_comment(
            db, actor, require_id(citizen_id), require_id(item_id), text), say_in="comment_error", refresh=True)
        if outcome.actor is None:
            return outcome.to_login
        ok = outcome.ok
        # Said under the box the greeting was written in (the page can be long), and the text stays there.
        self.error_in = f"comment-{citizen_id}-{item_id}" if not ok else ""
        if not ok and not any(c.id == citizen_id and any(i.id == item_id for i in c.shared)
                              for c in self.citizens):  # the item is gone from the page: say it at the top
            self.error, self.comment_error, self.error_in = self.comment_error, "", ""
        return rx.call_script(CLEAR_BOX.format(box=json.dumps(f"comment-{citizen_id}-{item_id}"))) if ok else None
