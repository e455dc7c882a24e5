"""A contact person's view of one citizen's plan: only what the citizen shared, as they approved it."""

import json
from typing import Any

import reflex as rx

from citizenplan import i18n, routes
from citizenplan.db import session_scope
from citizenplan.domain import comments, proposals, readers
from citizenplan.domain.errors import N_, AccessDenied, UserError
from citizenplan.domain.ids import require_id
from citizenplan.domain.vocabulary import ROLE_LABELS
from citizenplan.domain.workbook import KIND_LABELS, ItemKind
from citizenplan.state import inputs
from citizenplan.state.relative_home import CLEAR_BOX
from citizenplan.state.session import SessionState
from citizenplan.state.workbook import lines_of

GONE = N_("Det er ikke længere delt med dig.")


class SharedPlanState(SessionState):
    citizen_id: int = 0
    citizen_name: str = ""
    items: list[dict[str, Any]] = []
    follow_up_href: str = ""

    async def load(self):
        return await self._open(routes.SHARED_PLAN, self._show)

    def _show(self, actor) -> None:
        self.citizen_id = self._id_in_address()
        self.follow_up_href = routes.follow_up(self.citizen_id)
        self._refresh(actor)

    def _refresh(self, actor) -> None:
        try:
            with session_scope() as db:
                page = readers.shared_plan_page(db, actor, require_id(self.citizen_id))
        except UserError as error:
            self.items, self.error = [], self._explain(error, actor)
            return
        self.citizen_name = page.citizen_name
        self.items = [{
            "id": str(i.item_id), "kind": KIND_LABELS[ItemKind(i.kind)], "is_goal": i.kind == ItemKind.GOAL.value,
            "title": str(i.content.get("title") or ""), "goal": r.goal,
            "when": i18n.long_date(i.approved_at, actor.locale),
            "lines": lines_of(i.content, actor.locale),
            "comments": [{"who": c.author_name, "role": ROLE_LABELS[c.author_role], "text": c.text,
                          "when": i18n.date_time(c.created_at, actor.locale)} for c in r.comments],
        } for r in page.items for i in (r.item,)]

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

    async def comment(self, form: dict):
        form = inputs.form(form)
        item_id, text, citizen_id = form.get("item_id", ""), form.get("comment", ""), self.citizen_id
        return await self._write(lambda db, actor: comments.add_comment(db, actor, citizen_id, require_id(item_id),
                                                                        text), f"comment-{item_id}")

    async def propose(self, form: dict):
        form = inputs.form(form)
        item_id, text, citizen_id = form.get("item_id", ""), form.get("proposal", ""), self.citizen_id
        return await self._write(lambda db, actor: proposals.propose(db, actor, citizen_id, require_id(item_id),
                                                                     "title", text), f"proposal-{item_id}",
                                 N_("Dit forslag er sendt. Borgeren bestemmer, om det skal bruges."))
