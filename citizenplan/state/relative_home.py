"""A relative's home: the people who let them in, and what each chose to share with them."""

import json
from typing import Any

import reflex as rx

from citizenplan import i18n, routes
from citizenplan.db import session_scope
from citizenplan.domain import comments, readers
from citizenplan.domain.ids import require_id
from citizenplan.domain.vocabulary import ROLE_LABELS
from citizenplan.domain.workbook import KIND_LABELS, ItemKind
from citizenplan.state import inputs
from citizenplan.state.session import SessionState
from citizenplan.state.workbook import lines_of

CLEAR_BOX = "var box = document.getElementById({box}); if (box) box.value = '';"


class RelativeHomeState(SessionState):
    comment_error: str = ""
    error_in: str = ""  # the id of the box the comment error is about
    citizens: list[dict[str, Any]] = []

    async def load(self):
        self.comment_error = self.error_in = ""
        return await self._open(routes.RELATIVE_HOME, self._refresh)

    def _refresh(self, actor) -> None:
        with session_scope() as db:
            home = readers.relative_home(db, actor)
        locale = actor.locale
        self.citizens = [{
            "id": str(person.citizen_id), "name": person.name, "expired": person.expired,
            "until": i18n.long_date(person.expires_at, locale) if person.expires_at else "",
            "can_comment": person.can_comment,
            "items": [{
                "id": str(r.item.item_id), "kind": KIND_LABELS[ItemKind(r.item.kind)],
                "citizen_id": str(person.citizen_id), "can_comment": person.can_comment,
                "lines": lines_of(r.item.content, locale), "goal": r.goal,
                "comments": [{"who": c.author_name, "role": ROLE_LABELS[c.author_role], "text": c.text,
                              "when": i18n.date_time(c.created_at, locale)} for c in r.comments],
            } for r in person.items],
        } for person in home.citizens]

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
        if not ok and not any(c["id"] == citizen_id and any(i["id"] == item_id for i in c["items"])
                              for c in self.citizens):  # the item is gone from the page: say it at the top
            self.error, self.comment_error, self.error_in = self.comment_error, "", ""
        return rx.call_script(CLEAR_BOX.format(box=json.dumps(f"comment-{citizen_id}-{item_id}"))) if ok else None
