"""Log ind: the first page anyone sees."""

import reflex as rx

from citizenplan import routes
from citizenplan.components.i18n import t
from citizenplan.components.layout import TAP, field, message
from citizenplan.components.layout import page as frame
from citizenplan.state.login import LoginState


def page() -> rx.Component:
    return frame(
        t("Log ind"),
        rx.text(t("Velkommen til Min Vej. Her laver du din egen plan.")),
        message(LoginState.notice, kind="notice"),
        rx.form(
            rx.vstack(
                field(t("Brugernavn"), "username", autocomplete="username"),
                field(t("Adgangskode"), "password", input_type="password", autocomplete="current-password"),
                message(LoginState.error),
                # Disabled until React has taken over: a plain form submit would put the password in a URL.
                rx.button(t("Log ind"), type="submit", size="3", min_height=TAP, width="100%",
                          loading=LoginState.busy, disabled=~rx.State.is_hydrated),
                spacing="4", width="100%",
            ),
            on_submit=LoginState.login, width="100%", method="post",
        ),
        rx.text(t("Har du fået en kode?"), " ", rx.link(t("Aktivér din adgang"), href=routes.ACTIVATE, underline="always",
                                                             class_name="tap-link"), "."),
        rx.text(t("Har du glemt din adgangskode? Spørg din kontaktperson om en ny kode."), color_scheme="gray"),
        logged_in=False,
    )
