"""The citizen's home."""

import reflex as rx

from citizenplan.components.i18n import t
from citizenplan.components.layout import logout_everywhere
from citizenplan.components.layout import page as frame
from citizenplan.state.citizen_home import CitizenHomeState


def page() -> rx.Component:
    return frame(
        rx.fragment(t("Hej"), " ", CitizenHomeState.display_name),
        rx.text(t("Her laver du din egen plan. Du skriver med dine egne ord."), size="4"),
        rx.card(
            rx.vstack(
                rx.heading(t("Hvad vil du? Hvad håber du på? Hvad drømmer du om?"), as_="h2", size="5"),
                rx.text(t("Snart kan du skrive din plan her, i en samtale. Du bestemmer selv, hvem der må se den.")),
                spacing="2",
            ),
            width="100%",
        ),
        rx.cond(
            CitizenHomeState.contact_persons.length() > 0,
            rx.vstack(
                rx.heading(t("Din kontaktperson"), as_="h2", size="4"),
                rx.foreach(CitizenHomeState.contact_persons, lambda name: rx.text(name)),
                spacing="1",
            ),
            rx.fragment(),
        ),
        logout_everywhere(),
    )
