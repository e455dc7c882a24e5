"""The shared plan laid out for paper: plain headings and fields, no buttons on the printout."""

import reflex as rx

from citizenplan.components.i18n import t
from citizenplan.components.layout import TAP, message
from citizenplan.state.print_plan import PrintPlanState

S = PrintPlanState


def _block(block: rx.Var) -> rx.Component:
    return rx.match(
        block.kind,
        ("h1", rx.heading(block.text, as_="h1", size="7")),
        ("h2", rx.heading(block.text, as_="h2", size="5", margin_top="1rem")),
        ("h3", rx.heading(block.text, as_="h3", size="4", margin_top="0.5rem", class_name="print-goal")),
        ("field", rx.box(rx.text.strong(block.label), rx.text(block.text, white_space="pre-wrap"))),
        rx.text(block.text, white_space="pre-wrap"),
    )


def page() -> rx.Component:
    return rx.el.main(
        rx.vstack(
            rx.hstack(
                rx.button(t("Udskriv"), on_click=S.print_page, size="3", min_height=TAP),
                rx.el.a(t("Hent planen som PDF"), href=S.pdf_href, download="indsatsplan.pdf", reload_document=True,
                        class_name="plain-link tap-link"),
                rx.link(t("Tilbage til opfølgningen"), href=S.back_href, underline="always"),
                wrap="wrap", spacing="4", align="center", class_name="print-actions",
            ),
            message(S.error),
            rx.foreach(S.blocks, _block),
            spacing="2", width="100%",
        ),
        max_width="48rem", margin="0 auto", padding="1.25rem 1rem 3rem",
    )
