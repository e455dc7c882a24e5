"""The one place where an event handler's failure to reach the database becomes a calm Danish message.

Every event handler runs its work in `session_scope()`, one transaction that is rolled back on any error,
so when PostgreSQL is down or restarting nothing is half-written and the event may simply be tried again.
Reflex hands any exception a handler raises to the app's `backend_exception_handler`; this one answers a
database outage with `OutageState.tell` instead of Reflex's English "An error occurred" toast (and logs
one line, not a stack trace). On the chat page the answer stays in the browser's outbox and in the box,
and the page sends it again by itself until the database is back (ChatState._database_down).

The other failure an overloaded worker meets is Reflex's own: an event that held its tab's state lock in Redis
longer than the lock lasts (`redis_lock_expiration`, 10 s; the event waited its turn on a busy loop and in the
data lane) cannot save the tab's state (`LockExpiredError`). By then the handler has run and its update has
reached the page: a chat answer is committed, the page shows the next question and took the answer out of its
outbox. Only the server's copy of the tab's state is the one from before the event. Reflex's default handler
formatted a whole traceback on the loop for each (27 % of an overloaded worker's loop, benchmarks/README.md)
and showed the citizen an English "An error occurred" for an answer that was stored. Here it is one log line
(no token, no payload) and nothing for the page, which is right already. No event is added to bring the
server's copy up to date: a lost save happens only when the worker is over its capacity, and one more event per
lost save is more work exactly then (tried: benchmarks/README.md). The chat reads her next answer by the form's own fields, not by
the question the old copy last showed, and the engine checks it against the step stored in the database; a
resend of the same answer is stored once (its client id, domain/chat/engine.py).
"""

import logging

import reflex as rx
from reflex.app import default_backend_exception_handler
from reflex.event import EventSpec
from reflex_base.utils.exceptions import LockExpiredError

from citizenplan import i18n, routes
from citizenplan.db import is_outage
from citizenplan.domain.errors import N_
from citizenplan.state.chat import ChatState
from citizenplan.state.i18n_state import I18nState

logger = logging.getLogger(__name__)

TRY_AGAIN = N_("Det virker ikke lige nu. Prøv igen om lidt.")


def handle_backend_exception(exception: Exception) -> EventSpec | None:
    """Reflex checks this signature when the app starts."""
    if is_outage(exception):
        logger.warning("the database did not answer an event (%s); the page was told to try again",
                       type(exception).__name__)
        return OutageState.tell()
    if isinstance(exception, LockExpiredError):
        logger.warning("an event held its tab's state longer than the lock lasts; its update reached the page, "
                       "its state was not saved")
        return None
    return default_backend_exception_handler(exception)


class OutageState(rx.State):
    """Reads nothing from the database: it must work while the database is away."""

    async def tell(self):
        locale = (await self.get_state(I18nState)).locale
        if self.router.url.path.rstrip("/") == routes.CHAT:
            chat = await self.get_state(ChatState)
            return chat._database_down(locale)
        return rx.toast.warning(i18n.translate(TRY_AGAIN, locale), position="top-center")

