"""The manager's unit page."""

import reflex as rx

from citizenplan.components.confirm_access import confirm_access
from citizenplan.components.fresh_start import fresh_start_notice
from citizenplan.components.handover import handover_card
from citizenplan.components.i18n import t, t_var
from citizenplan.components.layout import TAP, field, logout_everywhere, message
from citizenplan.components.layout import page as frame
from citizenplan.state.manager_home import ManagerHomeState
from citizenplan.state.staff import StaffState


def _contact_person(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.text(row.name, weight="bold"),
                rx.text(t_var(row.area), " · ", t_var(row.status), " · ", row.count, " ",
                        rx.cond(row.count == 1, t("borger"), t("borgere")), size="2", color_scheme="gray"),
                spacing="1",
            ),
            rx.button(t("Ny kode"), on_click=StaffState.fresh_start(row.id), variant="soft",
                      min_height=TAP, aria_label=t("Ny kode til") + " " + row.name),
            justify="between", align="center", width="100%",
        ),
        width="100%",
    )


def _unit_option(unit: rx.Var) -> rx.Component:
    return rx.el.option(unit.name, value=unit.id)


def _unassigned(row: rx.Var) -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.text(rx.text.strong(row.name), " · ", row.unit),
        rx.el.input(type="hidden", name="citizen_id", value=row.id),
        rx.el.label(t("Kontaktperson"), html_for="assign-" + row.id, font_weight="600"),
        rx.hstack(
            rx.el.select(rx.foreach(ManagerHomeState.contact_persons,
                                    lambda c: rx.el.option(c.name, value=c.id)),
                         id="assign-" + row.id, name="contact_person_id",
                         style={"min_height": TAP, "font_size": "1rem", "border": "1px solid #8b8d98",
                                "border_radius": "8px", "padding": "0 0.75rem", "background": "white"}),
            rx.button(t("Tildel"), type="submit", min_height=TAP,
                      aria_label=t("Tildel kontaktperson til") + " " + row.name),
            spacing="2", wrap="wrap"),
        spacing="2", width="100%"), on_submit=ManagerHomeState.assign, width="100%"), width="100%")


def _counts() -> rx.Component:
    c = ManagerHomeState.counts
    return rx.cond(c, rx.vstack(
        rx.heading(t("Borgere i dine enheder"), as_="h2", size="5"),
        rx.text(t("Borgere"), ": ", c.citizens.to_string()),
        rx.text(t("Uden kontaktperson"), ": ", c.without_contact_person.to_string()),
        rx.text(t("Uden en delt plan"), ": ", c.without_plan.to_string()),
        rx.foreach(ManagerHomeState.unassigned, _unassigned),
        spacing="2", width="100%"), rx.fragment())


def _code_uses() -> rx.Component:
    """Every fresh start and activation in the manager's units: names and dates, never a plan's content."""
    return rx.vstack(
        rx.heading(t("Nye koder, der er brugt"), as_="h2", size="5"),
        rx.text(t("Hver gang nogen i dine enheder har fået sin adgang sat op med en kode, de sidste 90 dage. "
                  "En ny kode til en borger giver adgang til hele borgerens plan. Spørg, hvis noget ser forkert ud.")),
        rx.cond(
            ManagerHomeState.code_uses.length() > 0,
            rx.el.ul(rx.foreach(ManagerHomeState.code_uses, lambda use: rx.el.li(
                rx.text(use.when, size="2", color_scheme="gray"),
                rx.text(use.text),
                style={"margin_bottom": "0.75rem"})), id="code-uses"),
            rx.text(t("Ingen koder er brugt.")),
        ),
        spacing="2", width="100%",
    )


def page() -> rx.Component:
    return frame(
        t("Min enhed"),
        rx.text(ManagerHomeState.display_name, color_scheme="gray"),
        fresh_start_notice(),
        rx.card(rx.vstack(
            rx.heading(t("Ledelsesinformation"), as_="h2", size="5"),
            rx.text(t("Planer, mål, opfølgning og målopfyldelse for dine enheder. Kun tal.")),
            rx.link(t("Se rapporten"), href=ManagerHomeState.report_href, underline="always", size="4"),
            spacing="2"), width="100%"),
        rx.cond(ManagerHomeState.notice != "", rx.callout(t_var(ManagerHomeState.notice), color_scheme="green",
                                                          high_contrast=True, role="status", width="100%"),
                rx.fragment()),
        rx.vstack(
            rx.heading(t("Enheder"), as_="h2", size="5"),
            rx.foreach(ManagerHomeState.units,
                       lambda unit: rx.text(unit.name, " · ", t_var(unit.area))),
            spacing="1",
        ),
        handover_card(),
        message(ManagerHomeState.error),
        _counts(),
        confirm_access(),
        rx.heading(t("Kontaktpersoner"), as_="h2", size="5"),
        rx.vstack(rx.foreach(ManagerHomeState.contact_persons, _contact_person), spacing="2", width="100%"),
        rx.form(
            rx.vstack(
                rx.heading(t("Invitér en kontaktperson"), as_="h2", size="5"),
                field(t("Navn"), "name", element_id="new-contact-name"),
                rx.el.label(t("Enhed"), html_for="new-contact-unit", font_weight="600"),
                rx.el.select(rx.foreach(ManagerHomeState.units, _unit_option), id="new-contact-unit",
                             name="unit", style={"min_height": TAP, "width": "100%", "font_size": "1rem",
                                                "border": "1px solid #8b8d98", "border_radius": "8px",
                                                "padding": "0 0.75rem", "background": "white"}),
                rx.button(t("Invitér og lav kode"), type="submit", size="3", min_height=TAP),
                spacing="3", width="100%",
            ),
            on_submit=ManagerHomeState.invite, width="100%",
        ),
        _code_uses(),
        logout_everywhere(),
    )
