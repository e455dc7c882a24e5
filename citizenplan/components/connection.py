"""Our own word when the websocket is down, on every page, in place of Reflex's red English toast.

Reflex draws its connection toast ("Cannot connect to server") and a pulsing wifi icon in an app wrap
(`App.app_wraps[(5, "Overlay")]`); citizenplan.py puts this in that place instead. The status line is
always on the page and empty, so a screen reader announces the message when it is filled in (a live region
that appears together with its text is often not read); the message goes as soon as the socket is back.
What she had typed is kept in the browser meanwhile (assets/minvej.js, drafts), so the message can say so.
"""

import reflex as rx
from reflex_components_core.core.banner import has_connection_errors

from citizenplan.components.i18n import t
from citizenplan.domain.errors import N_

CONNECTION_LOST = N_("Forbindelsen er væk et øjeblik. Vi prøver igen. Det du har skrevet, er gemt.")


def connection_status() -> rx.Component:
    return rx.el.div(
        rx.cond(has_connection_errors, rx.el.p(t(CONNECTION_LOST), class_name="connection-lost"), rx.fragment()),
        id="connection-status", role="status", aria_live="polite", class_name="connection-status no-print",
    )


def overlay(stateful: bool) -> rx.Component | None:
    """The app wrap that replaces Reflex's default overlay (only pages with state have a socket)."""
    return connection_status() if stateful else None
