"""Contact persons whose new access someone other than the code's maker must confirm (the two-person rule)."""

import reflex as rx

from citizenplan.components.i18n import t
from citizenplan.components.layout import TAP
from citizenplan.state.staff import StaffState


def _row(row: rx.Var) -> rx.Component:
    """`row` is a state.staff.Awaiting."""
    return rx.card(
        rx.hstack(
            rx.text(row.name, weight="bold"),
            rx.cond(
                row.mine,
                rx.text(t("Du lavede koden, så en anden skal bekræfte."), size="2", color_scheme="gray"),
                rx.button(t("Bekræft"), on_click=StaffState.confirm(row.id), min_height=TAP,
                          aria_label=t("Bekræft") + " " + row.name),
            ),
            justify="between", align="center", width="100%", wrap="wrap",
        ),
        width="100%", role="listitem",
    )


def confirm_access() -> rx.Component:
    return rx.cond(
        StaffState.awaiting.length() > 0,
        rx.vstack(
            rx.heading(t("Bekræft en ny adgang"), as_="h2", size="5"),
            rx.text(t("Disse kontaktpersoner har sat deres adgang op med en kode. Bekræft kun, hvis du ved, at "
                      "det var personen selv. Den, der lavede koden, kan ikke bekræfte, og kan først give "
                      "personen borgere, når en anden har bekræftet.")),
            rx.vstack(rx.foreach(StaffState.awaiting, _row), spacing="2", width="100%", role="list",
                      aria_label=t("Bekræft en ny adgang")),
            spacing="2", width="100%",
        ),
        rx.fragment(),
    )
