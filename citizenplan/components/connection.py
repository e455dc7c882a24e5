"""Our own word when the websocket is down, on every page, in place of Reflex's red English toast.

Reflex draws its connection toast ("Cannot connect to server") and a pulsing wifi icon in an app wrap
(`App.app_wraps[(5, "Overlay")]`); citizenplan.py puts this in that place instead. A polite live region is
always on the page and empty, so a screen reader announces the message when it appears in it (a live region
that appears together with its text is often not read); the message itself is the status (role="status"),
there only while the socket is down, so a page's own status line stays the only one the rest of the time.
What she had typed is kept in the browser meanwhile (assets/minvej.js, drafts), so the message can say so.
"""

import reflex as rx
from reflex_components_core.core.banner import has_connection_errors

from citizenplan.components.i18n import t
from citizenplan.domain.errors import N_

CONNECTION_LOST = N_("Forbindelsen er væk et øjeblik. Vi prøver igen. Det du har skrevet, er gemt.")


def connection_status() -> rx.Component:
    return rx.el.div(
        rx.cond(has_connection_errors,
                rx.el.p(t(CONNECTION_LOST), role="status", class_name="connection-lost"), rx.fragment()),
        id="connection-status", aria_live="polite", class_name="no-print",
    )


def overlay(stateful: bool) -> rx.Component | None:
    """The app wrap that replaces Reflex's default overlay (only pages with state have a socket). An app
    wrap is the parent of the wraps below it and of the page: a fragment, so the page is not inside the
    live region but beside it."""
    return rx.fragment(connection_status()) if stateful else None
