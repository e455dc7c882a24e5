"""The handover card: a code to read aloud, a link, a QR code, the expiry date, and a print button."""

import reflex as rx

from citizenplan.components.i18n import t
from citizenplan.components.layout import TAP
from citizenplan.state.handover import HandoverState


def handover_card() -> rx.Component:
    return rx.cond(
        HandoverState.code != "",
        rx.card(
            rx.vstack(
                rx.heading(t("Kode til aktivering"), as_="h2", size="5"),
                rx.text(t("Giv koden til:"), " ", rx.text.strong(HandoverState.name)),
                rx.text(HandoverState.code, id="handover-code", font_size="2rem", font_family="monospace",
                        letter_spacing="0.15em", weight="bold", aria_label=HandoverState.code),
                rx.text(t("Koden kan bruges én gang. Den udløber"), " ", HandoverState.expires, "."),
                rx.image(src=HandoverState.qr, alt=t("QR-kode med linket til aktivering"), width="10rem",
                         height="10rem"),
                rx.text(t("Link:"), " ", rx.link(HandoverState.link, href=HandoverState.link, id="handover-link",
                                                class_name="tap-link"),
                        word_break="break-all"),
                rx.hstack(
                    rx.button(t("Udskriv"), on_click=rx.call_script("window.print()"), min_height=TAP,
                              class_name="no-print"),
                    rx.button(t("Luk"), on_click=HandoverState.close, variant="soft", min_height=TAP,
                              class_name="no-print"),
                    spacing="3",
                ),
                spacing="3",
            ),
            width="100%", class_name="handover",
        ),
        rx.fragment(),
    )
