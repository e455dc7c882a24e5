"""Min arbejdsbog: everything the citizen has written, in their own words."""

import reflex as rx

from citizenplan import routes
from citizenplan.components.i18n import t, t_var
from citizenplan.components.layout import page as frame
from citizenplan.state.workbook import WorkbookState


def _line(line: rx.Var) -> rx.Component:
    return rx.text(
        rx.cond(line["label"] != "", rx.fragment(rx.text.strong(t_var(line["label"])), ": "), rx.fragment()),
        rx.cond(line["msgid"] != "", t_var(line["msgid"]), line["text"]),
        white_space="pre-wrap",
    )


def _item(item: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t_var(item["kind"].to(str)), as_="h2", size="3", color_scheme="gray"),
            rx.foreach(item["lines"].to(list[dict[str, str]]), _line),
            spacing="1",
        ),
        width="100%", role="listitem",
        margin_left=rx.cond(item["child"] != "", "1.5rem", "0"),
    )


def page() -> rx.Component:
    return frame(
        t("Min arbejdsbog"),
        rx.cond(
            WorkbookState.items.length() > 0,
            rx.vstack(rx.foreach(WorkbookState.items, _item), spacing="2", width="100%", role="list",
                      aria_label=t("Min arbejdsbog")),
            rx.text(t("Her er ikke noget endnu. Start en samtale på forsiden.")),
        ),
        rx.link(t("Til forsiden"), href=routes.CITIZEN_HOME, underline="always"),
    )
