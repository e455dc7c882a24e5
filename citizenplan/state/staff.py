"""What contact persons and managers share: handing over a code, a fresh start for a forgotten password, and
confirming a colleague's new access (the two-person rule, domain/account_codes.py)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx

from citizenplan import offload
from citizenplan.auth.invitations import Handover
from citizenplan.domain import account_codes, accounts
from citizenplan.domain.actors import Actor
from citizenplan.domain.ids import require_id
from citizenplan.state.handover import HandoverState
from citizenplan.state.session import SessionState


@dataclass(frozen=True)
class Awaiting:
    """A contact person whose new access someone must confirm (components/confirm_access.py)."""
    id: str = ""
    name: str = ""
    mine: bool = False  # the code was made by the one looking: someone else must confirm


class StaffState(SessionState):
    awaiting: list[Awaiting] = []

    def _show_awaiting(self, rows: list[account_codes.AwaitingConfirmation]) -> None:
        """What account_codes.awaiting_confirmation read (in the page's own unit of work, in a thread)."""
        self.awaiting = [Awaiting(str(row.user_id), row.name, row.made_by_me) for row in rows]

    async def _hand_over(self, make: Callable[[Any, Actor], Handover]):
        """Run `make` as the logged-in person; show the card or the plain reason it failed."""
        outcome = await self._as_actor(make)
        if outcome.ok:
            (await self.get_state(HandoverState))._show(outcome.value, outcome.actor.locale)
            # afresh: a new citizen is now one this actor follows
            await self._refresh(await self._actor() or outcome.actor)
        return outcome.to_login

    @rx.event
    async def fresh_start(self, user_id: str):
        return await self._hand_over(lambda db, actor: accounts.issue_fresh_start(db, actor, require_id(user_id)))

    @rx.event
    async def confirm(self, user_id: str):
        """A colleague or another manager: this contact person set up their own access."""
        outcome = await self._as_actor(lambda db, actor: account_codes.confirm(db, actor, require_id(user_id)))
        if outcome.ok:
            self._show_awaiting(await offload.DATA.run_with_db(account_codes.awaiting_confirmation, outcome.actor))
        return outcome.to_login
