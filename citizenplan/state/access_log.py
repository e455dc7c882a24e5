""""Hvem har set min plan": who opened the citizen's items, when, and which."""

from citizenplan import i18n, routes
from citizenplan.db import session_scope
from citizenplan.domain import access_log, workbook
from citizenplan.domain.vocabulary import Role
from citizenplan.domain.workbook import KIND_LABELS
from citizenplan.state.item import ROLE_NAMES
from citizenplan.state.session import SessionState


class AccessLogState(SessionState):
    viewings: list[dict[str, str]] = []

    async def load(self):
        actor, follow_up = await self._enter(Role.CITIZEN, routes.ACCESS_LOG)
        if actor is None:
            return follow_up
        with session_scope() as db:
            seen = access_log.who_has_seen(db, actor)
            names = {v.item_id: v for v in workbook.items(db, actor)}
        self.viewings = [
            {"who": v.who, "role": ROLE_NAMES[v.role], "when": i18n.date_time(v.at, actor.locale),
             "kind": KIND_LABELS[names[v.item_id].kind] if v.item_id in names else "",
             "what": workbook.headline(names[v.item_id]) if v.item_id in names else ""}
            for v in seen
        ]
        return follow_up
