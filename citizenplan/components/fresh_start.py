"""The notice on every role's home after their access was set up again with a code."""

import reflex as rx

from citizenplan.components.i18n import t
from citizenplan.components.layout import TAP
from citizenplan.state.fresh_start import FreshStartState


def fresh_start_notice() -> rx.Component:
    """When, whose code, whom to tell if it was not them. Loads itself as it is drawn, so each home's own
    load stays about that home."""
    return rx.box(
        rx.cond(
            FreshStartState.fresh_starts.length() > 0,
            rx.callout.root(
                rx.vstack(
                    rx.heading(t("Din adgang er sat op igen"), as_="h2", size="4"),
                    rx.foreach(FreshStartState.fresh_starts, lambda line: rx.text(line)),
                    rx.text(FreshStartState.tell, weight="bold"),
                    rx.cond(FreshStartState.access_log_href != "",
                            rx.link(t("Se, hvem der har set din plan"), href=FreshStartState.access_log_href,
                                    underline="always", high_contrast=True),
                            rx.fragment()),
                    rx.button(t("Jeg har set det"), on_click=FreshStartState.seen, size="3", min_height=TAP),
                    spacing="3", width="100%",
                ),
                color_scheme="amber", high_contrast=True, role="region", aria_label=t("Din adgang er sat op igen"),
                width="100%", id="fresh-start-notice",
            ),
            rx.fragment(),
        ),
        on_mount=FreshStartState.load, width="100%",
    )
