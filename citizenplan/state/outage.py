"""The one place where an event handler's failure to reach the database becomes a calm Danish message.

Every event handler runs its work in `session_scope()`, one transaction that is rolled back on any error,
so when PostgreSQL is down or restarting nothing is half-written and the event may simply be tried again.
Reflex hands any exception a handler raises to the app's `backend_exception_handler`; this one answers a
database outage with `OutageState.tell` instead of Reflex's English "An error occurred" toast (and logs
one line, not a stack trace). On the chat page the answer stays in the browser's outbox and in the box,
and the page sends it again by itself until the database is back (ChatState._database_down).
"""

import logging

import reflex as rx
from reflex.app import default_backend_exception_handler
from reflex.event import EventSpec

from citizenplan import i18n, routes
from citizenplan.db import is_outage
from citizenplan.domain.errors import N_
from citizenplan.state.chat import ChatState
from citizenplan.state.i18n_state import I18nState

logger = logging.getLogger(__name__)

TRY_AGAIN = N_("Det virker ikke lige nu. Prøv igen om lidt.")


def handle_backend_exception(exception: Exception) -> EventSpec:
    """Reflex checks this signature when the app starts."""
    if is_outage(exception):
        logger.warning("the database did not answer an event (%s); the page was told to try again",
                       type(exception).__name__)
        return OutageState.tell()
    return default_backend_exception_handler(exception)


class OutageState(rx.State):
    """Reads nothing from the database: it must work while the database is away."""

    async def tell(self):
        locale = (await self.get_state(I18nState)).locale
        if self.router.url.path.rstrip("/") == routes.CHAT:
            chat = await self.get_state(ChatState)
            return chat._database_down(locale)
        return rx.toast.warning(i18n.translate(TRY_AGAIN, locale), position="top-center")
