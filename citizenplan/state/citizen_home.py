"""The citizen's home: a friendly start. The chat comes here (issue 4)."""

from citizenplan import routes
from citizenplan.db import session_scope
from citizenplan.domain import accounts
from citizenplan.domain.vocabulary import Role
from citizenplan.state.session import SessionState


class CitizenHomeState(SessionState):
    contact_persons: list[str] = []

    async def load(self):
        actor, follow_up = await self._enter(Role.CITIZEN, routes.CITIZEN_HOME)
        if actor is None:
            return follow_up
        with session_scope() as db:
            self.contact_persons = accounts.my_contact_persons(db, actor)
        return follow_up
