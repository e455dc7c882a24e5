"""A contact person's view of one citizen's plan: only what the citizen shared, as they approved it."""

import json
from typing import Any

import reflex as rx

from citizenplan import i18n, routes
from citizenplan.db import session_scope
from citizenplan.domain import comments, proposals, readers
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.ids import parse_id, require_id
from citizenplan.domain.vocabulary import ROLE_LABELS, Role
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
        actor, follow_up = await self._enter(Role.CONTACT_PERSON, routes.SHARED_PLAN)
        if actor is None:
            return follow_up
        raw = str(self.router.url.query_parameters.get("id", ""))
        self.citizen_id = parse_id(raw) or 0
        self.follow_up_href = routes.follow_up(self.citizen_id)
        self._refresh(actor)
        return follow_up

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

    def _act(self, action) -> bool:
        with session_scope() as db:
            actor = self._actor_in(db)
            if actor is None:
                return False
            try:
                action(db, actor)
            except UserError as error:
                self.error = self._explain(error, actor)
                ok = False
            else:
                self.error, ok = "", True
        self._refresh(actor)
        if not ok and self.error == self._explain(UserError(N_("Det har du ikke adgang til."))):
            self.error = self._say(actor, GONE)
        return ok

    def comment(self, form: dict):
        form = inputs.form(form)
        item_id, text = form.get("item_id", ""), form.get("comment", "")
        if self._act(lambda db, actor: comments.add_comment(db, actor, self.citizen_id, require_id(item_id), text)):
            return rx.call_script(CLEAR_BOX.format(box=json.dumps(f"comment-{item_id}")))
        return None

    def propose(self, form: dict):
        form = inputs.form(form)
        item_id, text = form.get("item_id", ""), form.get("proposal", "")
        if self._act(lambda db, actor: proposals.propose(db, actor, self.citizen_id, require_id(item_id), "title",
                                                         text)):
            self.notice = N_("Dit forslag er sendt. Borgeren bestemmer, om det skal bruges.")
            return rx.call_script(CLEAR_BOX.format(box=json.dumps(f"proposal-{item_id}")))
        return None
