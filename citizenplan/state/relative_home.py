"""A relative's home: whose network they are in. What is shared with them comes with issue 7."""

from citizenplan import routes
from citizenplan.db import session_scope
from citizenplan.domain import accounts
from citizenplan.domain.vocabulary import Role
from citizenplan.state.session import SessionState


class RelativeHomeState(SessionState):
    citizens: list[str] = []

    async def load(self):
        actor, follow_up = await self._enter(Role.RELATIVE, routes.RELATIVE_HOME)
        if actor is None:
            return follow_up
        with session_scope() as db:
            self.citizens = accounts.relative_citizen_names(db, actor)
        return follow_up
