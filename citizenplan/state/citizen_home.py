"""The citizen's home: the conversations to start or go on with, and who their contact person is."""

from dataclasses import dataclass

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.domain import accounts, chat
from citizenplan.domain import follow_up as meetings
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_
from citizenplan.state.session import SessionState

STATUS_LABELS = {"new": N_("Ikke startet"), "started": N_("I gang"), "finished": N_("Færdig")}
ACTION_LABELS = {"new": N_("Start"), "started": N_("Fortsæt")}  # a finished flow: its own "Start forfra"


@dataclass(frozen=True)
class FlowCard:
    """A conversation on her home: what it is, how far she is, and the way into it."""
    id: str = ""
    title: str = ""  # msgid
    intro: str = ""  # msgid
    status: str = ""  # msgid
    action: str = ""  # msgid of the button
    href: str = ""
    finished: bool = False
    suggested: bool = False  # the one to take next


def _home_of(db, actor: Actor) -> tuple:
    """Her contact persons, her conversations and her next follow-up: one unit of work, in a thread."""
    return (accounts.my_contact_persons(db, actor), chat.flows_for(db, actor),
            meetings.next_follow_up(db, actor, actor.user_id))


class CitizenHomeState(SessionState):
    contact_persons: list[str] = []
    flows: list[FlowCard] = []
    next_meeting: str = ""
    next_meeting_detail: str = ""
    prepare_href: str = routes.chat("prepare_follow_up")

    @rx.event
    async def load(self):
        return await self._open(routes.CITIZEN_HOME, self._show)

    async def _show(self, actor: Actor) -> None:
        contact_persons, flows, meeting = await offload.DATA.run_with_db(_home_of, actor)
        self.contact_persons = contact_persons
        self.flows = [
            FlowCard(id=f.flow_id, title=f.title, intro=f.intro, status=STATUS_LABELS[f.status],
                     action=ACTION_LABELS.get(f.status, f.again), href=routes.chat(f.flow_id),
                     finished=f.status == "finished", suggested=bool(f.suggested))
            for f in flows
        ]
        self.next_meeting = i18n.long_date(meeting.due_on, actor.locale) if meeting else ""
        self.next_meeting_detail = " · ".join(x for x in (meeting.at_time, meeting.place) if x) if meeting else ""

    @rx.event
    async def start_over(self, flow_id: str):
        """"Start forfra" or "Ny runde" on a finished flow: a new run, then the chat. The chat's address alone
        shows the finished flow, so a Back or a reload never begins it again."""
        flow_id = str(flow_id)
        outcome = await self._as_actor(lambda db, actor: chat.start_over(db, actor, flow_id))
        return rx.redirect(routes.chat(flow_id)) if outcome.ok else outcome.to_login
