"""The page frame: a header with the app's name, who is logged in, language and logout; one <main>."""

import reflex as rx

from citizenplan.components.i18n import t
from citizenplan.components.read_aloud import read_aloud
from citizenplan.state.i18n_state import I18nState
from citizenplan.state.session import SessionState

TEAL = "#1f5f5b"
TAP = "44px"


def language_switch(on_choose) -> rx.Component:
    """A link-like button to the other language, named in that language."""
    return rx.cond(
        I18nState.locale == "da",
        rx.button("English", lang="en", variant="ghost", on_click=on_choose("en"), min_height=TAP),
        rx.button("Dansk", lang="da", variant="ghost", on_click=on_choose("da"), min_height=TAP),
    )


def header(logged_in: bool) -> rx.Component:
    right = (
        rx.hstack(
            language_switch(SessionState.switch_language),
            rx.button(t("Log ud"), on_click=SessionState.logout, variant="soft", min_height=TAP),
            spacing="2",
        )
        if logged_in
        else language_switch(I18nState.choose)
    )
    return rx.el.header(
        rx.hstack(
            rx.link("Min Vej", href="/", underline="none", class_name="site-name"),
            right,
            justify="between", align="center", width="100%", max_width="44rem", margin="0 auto",
        ),
        class_name="site-header no-print",  # calm: the page's colours and a thin accent line (assets/styles.css)
    )


def page(heading: rx.Var, *children: rx.Component, logged_in: bool = True,
         speak: str | None = None) -> rx.Component:
    """`speak`: a citizen's page gets "Læs op" under its heading, reading what that selector names ("main")."""
    return rx.box(
        header(logged_in),
        rx.el.main(
            rx.vstack(
                rx.heading(heading, as_="h1", size="7"),
                *([read_aloud(region=speak)] if speak else []),
                *children,
                spacing="5", width="100%",
            ),
            max_width="44rem", margin="0 auto", padding="24px 16px 48px",  # the 8 px grid
        ),
        min_height="100vh",
    )


def message(text: rx.Var, kind: str = "error") -> rx.Component:
    """An error or notice read out by screen readers the moment it appears. An error has the form pattern's look:
    a red bar on its left and "Fejl:" before the words (drawn from data-prefix by assets/styles.css, so the
    message's own text stays exactly what the server said)."""
    if kind == "error":
        shown = rx.el.div(text, role="alert", class_name="error-message", data_prefix=t("Fejl:"))
    else:
        shown = rx.callout(text, color_scheme="green", role="alert", width="100%", high_contrast=True,
                           class_name="notice-message")
    return rx.cond(text != "", shown, rx.fragment())


def form_field(label: rx.Var, control: rx.Component, element_id: str | rx.Var,
               hint: rx.Var | rx.Component | None = None) -> rx.Component:
    """One pattern for every field: the label above, then a hint if there is one, then the box. The control
    must carry aria-describedby=hint_id(element_id) when a hint is given (see field, forms.text_box)."""
    return rx.el.div(
        rx.el.label(label, html_for=element_id, class_name="field-label"),
        rx.fragment() if hint is None else rx.el.div(hint, id=hint_id(element_id), class_name="field-hint"),
        control,
        class_name="form-field",
    )


def hint_id(element_id: str | rx.Var) -> str | rx.Var:
    return element_id + "-hint"


def field(label: rx.Var, name: str, *, input_type: str = "text", autocomplete: str = "off",
          element_id: str = "", required: bool = True, max_length: int = 200) -> rx.Component:
    element_id = element_id or f"field-{name}"
    return form_field(label, rx.input(id=element_id, name=name, type=input_type, auto_complete=autocomplete,
                                      required=required, max_length=max_length, size="3", width="100%",
                                      min_height=TAP), element_id)


def logout_everywhere() -> rx.Component:
    return rx.button(t("Log ud på alle enheder"), on_click=SessionState.logout_everywhere, variant="outline",
                     color_scheme="gray", min_height=TAP)
