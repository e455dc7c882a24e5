""""Hvem har set min plan"."""

import reflex as rx

from citizenplan import routes
from citizenplan.components.i18n import t, t_var
from citizenplan.components.layout import page as frame
from citizenplan.state.access_log import AccessLogState


def page() -> rx.Component:
    return frame(
        t("Hvem har set min plan?"),
        rx.text(t("Her kan du se, når en anden har åbnet noget, du har delt, og hvad der stod.")),
        rx.text(t("Åbner de det samme flere gange inden for en halv time, står det her én gang."), size="2",
                color_scheme="gray"),
        rx.text(t("Du kan også se, når din adgang er sat op igen med en ny kode.")),
        rx.cond(
            AccessLogState.viewings.length() > 0,
            rx.el.ul(rx.foreach(AccessLogState.viewings, lambda v: rx.el.li(
                rx.text(rx.text.strong(v.who), rx.cond(v.role != "", rx.fragment(" (", t_var(v.role), ")"), ""),
                        " · ", v.when),
                rx.text(rx.cond(v.kind != "", rx.fragment(t_var(v.kind), ": "), ""), v.what,
                        color_scheme="gray"),
                style={"margin_bottom": "0.75rem"}))),
            rx.text(t("Ingen har set noget endnu.")),
        ),
        rx.link(t("Tilbage til arbejdsbogen"), href=routes.WORKBOOK, underline="always"),
        speak="main",  # "Læs op" (components/read_aloud.py)
    )
