"""The citizen's home: the conversations that build the plan, the one to take next first."""

import reflex as rx

from citizenplan import routes
from citizenplan.components.easy_read import easy_read_switch
from citizenplan.components.fresh_start import fresh_start_notice
from citizenplan.components.i18n import t, t_var
from citizenplan.components.layout import TAP, logout_everywhere, message
from citizenplan.components.layout import page as frame
from citizenplan.state.citizen_home import CitizenHomeState


def _action(flow: rx.Var, on_click) -> rx.Component:
    return rx.button(t_var(flow.action), min_height=TAP, on_click=on_click,
                     aria_label=t_var(flow.action) + ": " + t_var(flow.title))


def _flow(flow: rx.Var) -> rx.Component:
    """`flow` is a state.citizen_home.FlowCard."""
    return rx.card(
        rx.vstack(
            rx.cond(flow.suggested,
                    rx.badge(t("Forslag: tag den her"), color_scheme="amber", high_contrast=True, size="2"),
                    rx.fragment()),
            rx.heading(t_var(flow.title), as_="h3", size="4"),
            rx.text(t_var(flow.intro)),
            rx.hstack(
                rx.text(t_var(flow.status), color_scheme="gray", size="2"),
                # A finished flow begins again only when she asks: the chat's address shows how it ended.
                rx.cond(flow.finished,
                        _action(flow, CitizenHomeState.start_over(flow.id)),
                        _action(flow, rx.redirect(flow.href))),
                justify="between", align="center", width="100%",
            ),
            spacing="2", width="100%",
        ),
        width="100%", role="listitem",
    )


def _crisis_plan() -> rx.Component:
    """One tap to the crisis plan on a bad day. A plain link (a full page load, not the app's own routing): the
    page is the server's, so the service worker can show it offline too (assets/sw.js)."""
    return rx.el.a(t("Har du det svært? Se din kriseplan"), href=routes.CRISIS_PLAN, class_name="crisis-link",
                   reload_document=True,
                   id="crisis-plan-link")


def _next_meeting() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Dit næste møde om din plan"), as_="h2", size="4"),
        rx.text(CitizenHomeState.next_meeting, rx.cond(CitizenHomeState.next_meeting_detail != "", " · ", ""),
                CitizenHomeState.next_meeting_detail, size="4", weight="bold"),
        rx.text(t("Her taler du og din kontaktperson om, hvordan det går med dine mål.")),
        rx.link(t("Gør dig klar til mødet"), href=CitizenHomeState.prepare_href, underline="always"),
        spacing="2"), width="100%", class_name="next-meeting")


def page() -> rx.Component:
    return frame(
        rx.fragment(t("Hej"), " ", CitizenHomeState.display_name),
        fresh_start_notice(),
        _crisis_plan(),
        rx.text(t("Her laver du din egen plan. Du skriver med dine egne ord."), size="4"),
        easy_read_switch(),
        message(CitizenHomeState.error),
        rx.cond(
            CitizenHomeState.flows.length() == 0,
            # Until her home has loaded (the list of conversations is never empty then), the room of the
            # next meeting is kept, so the page does not jump down when it arrives: most citizens have one.
            rx.box(class_name="meeting-space", aria_hidden="true"),
            rx.cond(CitizenHomeState.next_meeting != "", _next_meeting(), rx.fragment()),
        ),
        rx.heading(t("Hvad vil du gerne? Hvad håber du på? Hvad drømmer du om?"), as_="h2", size="5"),
        rx.vstack(rx.foreach(CitizenHomeState.flows, _flow), spacing="3", width="100%", role="list",
                  aria_label=t("Samtaler")),
        rx.link(t("Min plan"), href=routes.MY_PLAN, underline="always", size="4"),
        rx.link(t("Se din arbejdsbog"), href=routes.WORKBOOK, underline="always", size="4"),
        rx.link(t("Mine pårørende"), href=routes.MY_RELATIVES, underline="always", size="4"),
        rx.link(t("Mine data og logins"), href=routes.MY_DATA, underline="always", size="4", id="my-data-link"),
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
        speak="main",  # "Læs op" (components/read_aloud.py)
    )
