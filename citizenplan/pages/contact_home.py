"""The contact person's list of their citizens."""

import reflex as rx

from citizenplan.components.handover import handover_card
from citizenplan.components.i18n import t, t_var
from citizenplan.components.layout import TAP, field, logout_everywhere, message
from citizenplan.components.layout import page as frame
from citizenplan.state.contact_home import ContactHomeState
from citizenplan.state.staff import StaffState


def _citizen(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.link(row["name"], href=row["href"], weight="bold", underline="always"),
                rx.text(t_var(row["area"]), " · ", t_var(row["status"]), size="2", color_scheme="gray"),
                spacing="1",
            ),
            rx.button(t("Ny kode"), on_click=StaffState.fresh_start(row["id"]), variant="soft",
                      min_height=TAP, aria_label=t("Ny kode til") + " " + row["name"].to(str)),
            justify="between", align="center", width="100%",
        ),
        width="100%", role="listitem",
    )


def page() -> rx.Component:
    return frame(
        t("Mine borgere"),
        rx.text(ContactHomeState.display_name, " · ", ContactHomeState.unit_name, color_scheme="gray"),
        handover_card(),
        message(ContactHomeState.error),
        rx.cond(
            ContactHomeState.citizens.length() > 0,
            rx.vstack(rx.foreach(ContactHomeState.citizens, _citizen), spacing="2", width="100%",
                      role="list", aria_label=t("Mine borgere")),
            rx.text(t("Du har ingen borgere endnu.")),
        ),
        rx.form(
            rx.vstack(
                rx.heading(t("Opret en borger"), as_="h2", size="5"),
                field(t("Borgerens navn"), "name", element_id="new-citizen-name", autocomplete="off"),
                rx.button(t("Opret og lav kode"), type="submit", size="3", min_height=TAP),
                spacing="3", width="100%",
            ),
            on_submit=ContactHomeState.create_citizen, width="100%",
        ),
        logout_everywhere(),
    )
