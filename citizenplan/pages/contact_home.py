"""The contact person's list of their citizens."""

import reflex as rx

from citizenplan.components.confirm_access import confirm_access
from citizenplan.components.fresh_start import fresh_start_notice
from citizenplan.components.handover import handover_card
from citizenplan.components.i18n import t, t_var
from citizenplan.components.layout import TAP, field, logout_everywhere, message
from citizenplan.components.layout import page as frame
from citizenplan.state.contact_home import SORT_CHOICES, ContactHomeState
from citizenplan.state.staff import StaffState


def _citizen(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.link(row.name, href=row.href, weight="bold", underline="always"),
                rx.text(t_var(row.area), " · ", t_var(row.status), size="2", color_scheme="gray"),
                rx.cond(row.overdue,
                        rx.badge(t("Overskredet"), ": ", row.next_due, color_scheme="red", high_contrast=True,
                                 size="2"),
                        rx.cond(row.next_due != "",
                                rx.text(t("Næste opfølgning"), ": ", row.next_due, size="2"),
                                rx.text(t("Ingen dato for opfølgning"), size="2", color_scheme="gray"))),
                rx.cond(row.news != "", rx.text(row.news, size="2", weight="bold"), rx.fragment()),
                rx.cond(row.comments != "", rx.text(row.comments, size="2", weight="bold"), rx.fragment()),
                rx.link(t("Det, borgeren har delt"), href=row.shared_href, size="2", underline="always"),
                spacing="1",
            ),
            rx.button(t("Ny kode"), on_click=StaffState.fresh_start(row.id), variant="soft",
                      min_height=TAP, aria_label=t("Ny kode til") + " " + row.name),
            justify="between", align="center", width="100%",
        ),
        width="100%", role="listitem",
    )


def page() -> rx.Component:
    return frame(
        t("Mine borgere"),
        rx.text(ContactHomeState.display_name, " · ", ContactHomeState.unit_name, color_scheme="gray"),
        fresh_start_notice(),
        handover_card(),
        message(ContactHomeState.error),
        rx.hstack(
            rx.el.label(t("Sortér"), html_for="citizen-sort", font_weight="600"),
            rx.el.select(*[rx.el.option(t(label), value=value) for value, label in SORT_CHOICES], id="citizen-sort",
                         value=ContactHomeState.sort, on_change=ContactHomeState.sort_by, min_height=TAP,
                         padding="0 0.5rem", border_radius="6px", border="1px solid var(--gray-8)"),
            align="center", spacing="2",
        ),
        rx.cond(
            ContactHomeState.citizens.length() > 0,
            rx.vstack(rx.foreach(ContactHomeState.citizens, _citizen), spacing="2", width="100%",
                      role="list", aria_label=t("Mine borgere")),
            rx.text(t("Du har ingen borgere endnu.")),
        ),
        confirm_access(),
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
