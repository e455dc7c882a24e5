""""Mine pårørende": the citizen invites, adjusts and removes the people in their network."""

from dataclasses import dataclass

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.auth.invitations import Handover
from citizenplan.domain import relatives
from citizenplan.domain.errors import N_
from citizenplan.domain.ids import require_id
from citizenplan.domain.relatives import DURATION_LABELS
from citizenplan.state import inputs
from citizenplan.state.handover import HandoverState
from citizenplan.state.session import SessionState

STATUS = {"invited": N_("Har ikke brugt koden endnu"), "active": N_("Har adgang"), "expired": N_("Tiden er gået")}


@dataclass(frozen=True)
class RelativeCard:
    """One person in her network as the page shows it."""
    id: str
    name: str
    relation: str
    status: str  # a msgid
    invited: bool  # has not used the code yet: "Ny kode"
    comment: bool  # may write comments
    until: str  # the access ends then (a long date), or ""
    # "Hvor længe?" shows the current choice; after it ran out, or when it is not known, the select shows
    # that instead, so that any choice (even the same length again) is a change
    duration: str
    expired: bool


@dataclass(frozen=True)
class Duration:
    value: str
    label: str  # a msgid


class RelativesState(SessionState):
    relatives: list[RelativeCard] = []
    # Her list has arrived (set with it): until then the page draws neither the list nor "Du har ikke inviteret
    # nogen endnu." (not known yet), nor what comes after them, so that nothing on the screen moves (issue 21).
    loaded: bool = False
    removing: str = ""  # the grant whose removal the citizen is asked to confirm
    durations: list[Duration] = [Duration(k, v) for k, v in DURATION_LABELS.items()]

    @rx.event
    async def load(self):
        self.removing = ""
        return await self._open(routes.MY_RELATIVES, self._refresh)

    async def _refresh(self, actor) -> None:
        rows = await offload.DATA.run_with_db(relatives.my_relatives, actor)
        self.relatives = [RelativeCard(
            id=str(r.grant_id), name=r.name, relation=r.relation, status=STATUS[r.status],
            invited=r.status == "invited", comment=r.can_comment,
            until=i18n.long_date(r.expires_at, actor.locale) if r.expires_at else "",
            duration=r.duration if r.duration and r.status != "expired" else "",
            expired=r.status == "expired",
        ) for r in rows]
        self.loaded = True

    async def _change(self, action):
        """Run `action` (a relatives.* call) as the citizen, then show the code card it made (a Handover)
        or take away the card of the person it removed (their id)."""
        outcome = await self._as_actor(action, refresh=True)
        if isinstance(outcome.value, Handover):
            (await self.get_state(HandoverState))._show(outcome.value, outcome.actor.locale)
        elif isinstance(outcome.value, int):  # a removed person: their code card goes with them
            (await self.get_state(HandoverState))._withdrawn(outcome.value)
        return outcome

    @rx.event
    async def invite(self, form: dict):
        form = inputs.form(form)
        name, relation = form.get("name", ""), form.get("relation", "")
        may_comment, duration = bool(form.get("may_comment")), form.get("duration", "6m")
        outcome = await self._change(lambda db, actor: relatives.invite(db, actor, name, relation, may_comment,
                                                                        duration))
        if outcome.ok:
            return [rx.set_value("relative-name", ""), rx.set_value("relative-relation", "")]
        return outcome.to_login

    @rx.event
    async def toggle_comment(self, grant_id: str, now_allowed: bool):
        allowed = now_allowed is not True  # only a true JSON true was allowed: anything else allows
        return (await self._change(lambda db, actor: relatives.change(db, actor, require_id(grant_id), allowed,
                                                                      None))).to_login

    @rx.event
    async def set_duration(self, grant_id: str, duration: str):
        row = next((r for r in self.relatives if r.id == grant_id), None)
        may_comment, duration = bool(row and row.comment), inputs.text(duration)
        return (await self._change(lambda db, actor: relatives.change(db, actor, require_id(grant_id), may_comment,
                                                                      duration))).to_login

    @rx.event
    def ask_remove(self, grant_id: str):
        """Removing someone is not undone by a tap: the citizen says yes first."""
        self.removing = inputs.text(grant_id)

    @rx.event
    def keep(self):
        self.removing = ""

    @rx.event
    async def remove(self, grant_id: str):
        self.removing = ""
        return (await self._change(lambda db, actor: relatives.remove(db, actor, require_id(grant_id)))).to_login

    @rx.event
    async def new_code(self, grant_id: str):
        return (await self._change(lambda db, actor: relatives.new_code(db, actor, require_id(grant_id)))).to_login
