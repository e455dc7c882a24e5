"""A contact person's view of one citizen's plan: only what the citizen shared, as they approved it."""

import json
from dataclasses import dataclass

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.domain import comments, proposals, readers
from citizenplan.domain.errors import N_, AccessDenied, UserError
from citizenplan.domain.ids import require_id
from citizenplan.domain.workbook import KIND_LABELS, ItemKind
from citizenplan.state import inputs
from citizenplan.state.relative_home import CLEAR_BOX
from citizenplan.state.rows import CommentRow, comment_rows
from citizenplan.state.session import SessionState
from citizenplan.state.workbook import Line, item_lines

GONE = N_("Det er ikke længere delt med dig.")


@dataclass(frozen=True)
class SharedCard:
    """One item as the citizen approved it for her contact person."""
    id: str
    kind: str  # a msgid
    is_goal: bool  # a goal: the contact person may propose other words for it
    title: str
    goal: str  # for a step: its goal's title
    when: str  # approved then (a long date)
    lines: list[Line]  # shown by pages/workbook.py's line_view
    comments: list[CommentRow]


class SharedPlanState(SessionState):
    citizen_id: int = 0
    citizen_name: str = ""
    items: list[SharedCard] = []
    follow_up_href: str = ""

    @rx.event
    async def load(self):
        return await self._open(routes.SHARED_PLAN, self._show)

    async def _show(self, actor) -> None:
        self.citizen_id = self._id_in_address()
        self.follow_up_href = routes.follow_up(self.citizen_id)
        await self._refresh(actor)

    async def _refresh(self, actor) -> None:
        try:
            page = await offload.DATA.run_with_db(readers.shared_plan_page, actor, require_id(self.citizen_id))
        except UserError as error:
            self.items, self.error = [], self._explain(error, actor)
            return
        self.citizen_name = page.citizen_name
        self.items = [SharedCard(
            id=str(i.item_id), kind=KIND_LABELS[ItemKind(i.kind)], is_goal=i.kind == ItemKind.GOAL.value,
            title=str(i.content.get("title") or ""), goal=r.goal,
            when=i18n.long_date(i.approved_at, actor.locale),
            lines=item_lines(i.content, actor.locale), comments=comment_rows(r.comments, actor.locale),
        ) for r in page.items for i in (r.item,)]

    async def _write(self, action, box: str, notice: str = ""):
        """A comment or a proposal: once it is stored, empty its box and say `notice`; a refusal of access
        means the item is no longer shared with this person, and is said so."""
        outcome = await self._as_actor(action, refresh=True)
        if isinstance(outcome.refusal, AccessDenied):
            self.error = self._say(outcome.actor, GONE)
        if not outcome.ok:
            return outcome.to_login
        self.notice = notice or self.notice
        return rx.call_script(CLEAR_BOX.format(box=json.dumps(box)))

    @rx.event
    async def comment(self, form: dict):
        form = inputs.form(form)
        item_id, text, citizen_id = form.get("item_id", ""), form.get("comment", ""), self.citizen_id
        return await self._write(lambda db, actor: comments.add_comment(db, actor, citizen_id, require_id(item_id),
                                                                        text), f"comment-{item_id}")

    @rx.event
    async def propose(self, form: dict):
        form = inputs.form(form)
        item_id, text, citizen_id = form.get("item_id", ""), form.get("proposal", ""), self.citizen_id
        return await self._write(lambda db, actor: proposals.propose(db, actor, citizen_id, require_id(item_id),
                                                                     "title", text), f"proposal-{item_id}",
                                 N_("Dit forslag er sendt. Borgeren bestemmer, om det skal bruges."))
