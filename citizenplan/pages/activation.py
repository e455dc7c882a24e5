"""Aktivér: a person with a one-time code chooses a user name and a password.

The buttons wait for React: a plain form submit before it takes over would put the code, and the
password, in a URL and lose what was typed."""

import reflex as rx

from citizenplan import routes
from citizenplan.components.i18n import t
from citizenplan.components.layout import TAP, field, message
from citizenplan.components.layout import page as frame
from citizenplan.state.activation import ActivationState
from citizenplan.state.session import SessionState


def _code_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text(t("Skriv den kode, du har fået. Store eller små bogstaver er lige meget.")),
            field(t("Kode"), "code", autocomplete="one-time-code", max_length=40),
            message(ActivationState.error),
            _log_out_first(),
            rx.button(t("Videre"), type="submit", size="3", min_height=TAP, width="100%",
                      disabled=~rx.State.is_hydrated),
            spacing="4", width="100%",
        ),
        on_submit=ActivationState.check_code, width="100%", method="post",
    )


def _log_out_first() -> rx.Component:
    """Someone is logged in in this browser: the code works only after they log out."""
    return rx.cond(
        ActivationState.error_field == "session",
        rx.vstack(
            rx.text(t("Log ud. Åbn så linket igen, eller skriv koden.")),
            rx.button(t("Log ud"), type="button", on_click=SessionState.logout, variant="soft", size="3",
                      min_height=TAP, width="100%"),
            spacing="2", width="100%",
        ),
        rx.fragment(),
    )


def _password_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text(t("Hej"), " ", rx.text.strong(ActivationState.greeting_name), ". ",
                    t("Vælg, hvordan du vil logge ind.")),
            rx.cond(
                ActivationState.needs_username,
                rx.vstack(
                    field(t("Vælg et brugernavn"), "username", autocomplete="username", max_length=40),
                    rx.text(t("Brug 3 til 40 tegn. Brug bogstaver og tal. Du må også bruge punktum og bindestreg."), size="2",
                            color_scheme="gray"),
                    spacing="1", width="100%",
                ),
                rx.text(t("Dit brugernavn er:"), " ", rx.text.strong(ActivationState.existing_username)),
            ),
            field(t("Vælg en adgangskode"), "password", input_type="password", autocomplete="new-password",
                  max_length=500),
            rx.text(t("Mindst 8 tegn. Tre ord, du kan huske, er en god adgangskode."), size="2",
                    color_scheme="gray"),
            field(t("Skriv adgangskoden igen"), "repeat", input_type="password", autocomplete="new-password",
                  max_length=500),
            message(ActivationState.error),
            _log_out_first(),
            rx.button(t("Gem og aktivér"), type="submit", size="3", min_height=TAP, width="100%",
                      disabled=~rx.State.is_hydrated),
            spacing="4", width="100%",
        ),
        on_submit=ActivationState.activate, width="100%", method="post",
    )


def _join_form() -> rx.Component:
    """For a relative who already has a login from another citizen's invitation."""
    return rx.el.details(
        rx.el.summary(t("Har du allerede en bruger i Min Vej? Brug den."),
                      style={"min_height": TAP, "cursor": "pointer", "font_weight": "600", "padding": "0.6rem 0"}),
        rx.form(
            rx.vstack(
                field(t("Dit brugernavn"), "username", element_id="join-username", autocomplete="username"),
                field(t("Din adgangskode"), "password", element_id="join-password", input_type="password",
                      autocomplete="current-password"),
                rx.button(t("Brug min bruger"), type="submit", size="3", min_height=TAP, width="100%",
                      disabled=~rx.State.is_hydrated),
                spacing="3", width="100%",
            ),
            on_submit=ActivationState.join, width="100%", method="post",
        ),
        width="100%",
    )


def _done() -> rx.Component:
    """After a new password she is logged in at once; after joining with an existing login she logs in."""
    return rx.vstack(
        rx.cond(
            ActivationState.signing_in,
            rx.callout(t("Din adgang er klar. Du bliver logget ind."), color_scheme="green", role="status",
                       high_contrast=True),
            rx.callout(t("Din adgang er klar. Log ind med dit brugernavn."), color_scheme="green",
                       role="status", high_contrast=True),
        ),
        rx.text(t("Dit brugernavn er:"), " ", rx.text.strong(ActivationState.done_username, id="done-username")),
        rx.cond(ActivationState.signing_in, rx.fragment(),
                rx.link(rx.button(t("Gå til log ind"), size="3", min_height=TAP), href=routes.LOGIN)),
        spacing="4", width="100%",
    )


def page() -> rx.Component:
    return frame(
        t("Aktivér din adgang"),
        rx.cond(
            ActivationState.done_username != "",
            _done(),
            rx.cond(ActivationState.greeting_name != "",
                    rx.vstack(_password_form(), rx.cond(ActivationState.may_join, _join_form(), rx.fragment()),
                              spacing="5", width="100%"),
                    _code_form()),
        ),
        logged_in=False,
    )
