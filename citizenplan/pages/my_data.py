""""Mine data": take everything with her, see where she is logged in, or leave."""

import reflex as rx

from citizenplan import routes
from citizenplan.components.i18n import t
from citizenplan.components.layout import TAP, logout_everywhere, message
from citizenplan.components.layout import page as frame
from citizenplan.state.my_data import MyDataState

LIST = {"list_style": "disc", "padding_left": "1.25rem"}
ITEM = {"margin_bottom": "0.5rem"}


def _download() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Hent mine data"), as_="h2", size="5"),
        rx.text(t("Her kan du hente alt, hvad Min Vej har om dig. Også det, andre har skrevet om dig.")),
        # Plain links: the browser itself fetches the file, with the session cookie, never the app's router.
        rx.el.a(t("Hent alt som PDF"), href=routes.MY_DATA_PDF, download="mine-data.pdf", reload_document=True,
                id="download-pdf", class_name="plain-link tap-link"),
        rx.el.a(t("Hent alt som datafil"), href=routes.MY_DATA_JSON, download="mine-data.json", reload_document=True,
                id="download-json", class_name="plain-link tap-link"),
        rx.text(t("Datafilen kan du give til et andet program."), size="2", color_scheme="gray"),
        rx.el.a(t("Hent min plan som FHIR-fil"), href=routes.FHIR_MY_PLAN, download="min-plan.fhir.json",
                reload_document=True, id="download-fhir", class_name="plain-link tap-link"),
        rx.text(t("FHIR er den måde, kommuner sender planer til hinanden på."), size="2", color_scheme="gray"),
        spacing="3", width="100%"), width="100%")


def _login(login: rx.Var) -> rx.Component:
    return rx.el.li(rx.hstack(
        rx.vstack(
            rx.text(login.what, weight="bold"),
            rx.text(login.when, size="2", color_scheme="gray"),
            spacing="0"),
        rx.cond(login.this_one,
                rx.badge(t("Her er du nu"), color_scheme="teal", high_contrast=True, size="2"),
                rx.button(t("Log ud her"), variant="outline", min_height=TAP,
                          on_click=MyDataState.end_login(login.id),
                          aria_label=t("Log ud her") + ": " + login.what)),
        justify="between", align="center", width="100%"), style={"margin_bottom": "0.75rem"})


def _logins() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Mine logins"), as_="h2", size="5"),
        rx.text(t("Her er du logget ind lige nu.")),
        rx.el.ul(rx.foreach(MyDataState.logins, _login), style={"list_style": "none", "padding": "0",
                                                                 "width": "100%"}, id="my-logins"),
        logout_everywhere(),
        spacing="3", width="100%"), width="100%")


def _confirm() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Det bliver slettet"), as_="h3", size="4"),
        rx.el.ul(rx.foreach(MyDataState.goes, lambda line: rx.el.li(line, style=ITEM)), style=LIST),
        rx.text(t("Alt det, du har skrevet, bliver slettet. Det kan ikke fortrydes.")),
        rx.text(t("Din kontaktperson og dine pårørende kan ikke se noget mere.")),
        rx.cond(MyDataState.kept.length() > 0, rx.vstack(
            rx.heading(t("Det skal kommunen gemme"), as_="h3", size="4"),
            rx.text(t("Kommunen må ikke slette det, en fagperson har skrevet og dateret. Det siger loven.")),
            rx.el.ul(rx.foreach(MyDataState.kept, lambda k: rx.el.li(
                rx.text(k.what, weight="bold"), rx.text(k.why), style=ITEM)), style=LIST),
            rx.text(t("Det, du selv har skrevet, bliver slettet. Kun det, der står i referaterne fra jeres møder, "
                      "bliver gemt.")),
            spacing="2", width="100%"), rx.fragment()),
        rx.text(t("Hent dine data først, hvis du vil gemme dem."), weight="bold"),
        rx.hstack(
            # high contrast: white on Radix's red 9 is 3.9:1 (axe let it pass; tests/support/contrast.py does not)
            rx.button(t("Ja, slet min konto nu"), color_scheme="red", high_contrast=True, min_height=TAP,
                      on_click=MyDataState.erase, id="erase-now"),
            rx.button(t("Fortryd"), variant="soft", min_height=TAP, on_click=MyDataState.cancel),
            spacing="3", wrap="wrap"),
        spacing="3", width="100%", role="region", aria_label=t("Slet min konto"), id="erase-confirm")


def _erase() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Slet min konto"), as_="h2", size="5"),
        rx.text(t("Vil du ikke bruge Min Vej mere? Så kan du slette din konto og alt, du har skrevet.")),
        rx.cond(MyDataState.confirming, _confirm(),
                rx.button(t("Slet min konto"), color_scheme="red", variant="outline", min_height=TAP,
                          on_click=MyDataState.ask_to_erase)),
        spacing="3", width="100%"), width="100%")


def page() -> rx.Component:
    return frame(
        t("Mine data"),
        message(MyDataState.error),
        message(MyDataState.notice, kind="notice"),
        _download(),
        _logins(),
        _erase(),
        rx.link(t("Tilbage til forsiden"), href=routes.CITIZEN_HOME, underline="always"),
        speak="main",  # "Læs op" (components/read_aloud.py)
    )
