"""The citizen's home: the conversations to start or go on with, and who their contact person is."""

import reflex as rx

from citizenplan import i18n, routes
from citizenplan.db import session_scope
from citizenplan.domain import account_codes, accounts, chat
from citizenplan.domain import follow_up as meetings
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_
from citizenplan.domain.vocabulary import ROLE_LABELS
from citizenplan.state.session import SessionState

FRESH_START = N_("Din adgang blev sat op igen den {date} med en kode fra {name} ({role}).")
FRESH_START_BY_NOBODY = N_("Din adgang blev sat op igen den {date}.")
TELL_MANAGER = N_("Var det ikke dig, så sig det til {name} (leder).")
TELL_MANAGERS = N_("Var det ikke dig, så sig det til en af dine ledere: {names}.")
TELL_SOMEONE = N_("Var det ikke dig, så sig det til en anden ansat, som du stoler på.")

STATUS_LABELS = {"new": N_("Ikke startet"), "started": N_("I gang"), "finished": N_("Færdig")}
ACTION_LABELS = {"new": N_("Start"), "started": N_("Fortsæt")}  # a finished flow: its own "Start forfra"


class CitizenHomeState(SessionState):
    contact_persons: list[str] = []
    flows: list[dict[str, str]] = []
    next_meeting: str = ""
    next_meeting_detail: str = ""
    prepare_href: str = routes.chat("prepare_follow_up")
    fresh_starts: list[str] = []  # "Din adgang blev sat op igen den ...", newest first
    tell: str = ""  # whom to tell if it was not her
    access_log_href: str = routes.ACCESS_LOG

    async def load(self):
        return await self._open(routes.CITIZEN_HOME, self._show)

    def _show(self, actor: Actor) -> None:
        with session_scope() as db:
            self.contact_persons = accounts.my_contact_persons(db, actor)
            self.flows = [
                {"id": f.flow_id, "title": f.title, "intro": f.intro, "status": STATUS_LABELS[f.status],
                 "action": ACTION_LABELS.get(f.status, f.again), "href": routes.chat(f.flow_id),
                 "finished": "yes" if f.status == "finished" else "", "suggested": "yes" if f.suggested else ""}
                for f in chat.flows_for(db, actor)
            ]
            meeting = meetings.next_follow_up(db, actor, actor.user_id)
            self._show_notice(actor, account_codes.notice(db, actor))
        self.next_meeting = i18n.long_date(meeting.due_on, actor.locale) if meeting else ""
        self.next_meeting_detail = " · ".join(x for x in (meeting.at_time, meeting.place) if x) if meeting else ""

    def _show_notice(self, actor: Actor, notice: account_codes.FreshStartNotice | None) -> None:
        """Each fresh start of her access, who made the code, and whom to tell if it was not her."""
        if notice is None:
            self.fresh_starts, self.tell = [], ""
            return
        self.fresh_starts = [
            self._say(actor, FRESH_START, date=i18n.long_date(use.at, actor.locale), name=use.maker_name,
                      role=self._say(actor, ROLE_LABELS[use.maker_role]))
            if use.maker_name and use.maker_role else
            self._say(actor, FRESH_START_BY_NOBODY, date=i18n.long_date(use.at, actor.locale))
            for use in notice.uses
        ]
        if len(notice.tell) == 1:
            self.tell = self._say(actor, TELL_MANAGER, name=notice.tell[0])
        elif notice.tell:
            self.tell = self._say(actor, TELL_MANAGERS, names=", ".join(notice.tell))
        else:
            self.tell = self._say(actor, TELL_SOMEONE)

    async def notice_seen(self):
        """"Jeg har set det": the notice goes until her access is set up again (only she may hide it)."""
        if (await self._as_actor(account_codes.notice_seen)).ok:
            self.fresh_starts, self.tell = [], ""

    async def start_over(self, flow_id: str):
        """"Start forfra" or "Ny runde" on a finished flow: a new run, then the chat. The chat's address alone
        shows the finished flow, so a Back or a reload never begins it again."""
        flow_id = str(flow_id)
        outcome = await self._as_actor(lambda db, actor: chat.start_over(db, actor, flow_id))
        return rx.redirect(routes.chat(flow_id)) if outcome.ok else outcome.to_login
