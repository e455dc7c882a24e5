"""A relative's home: short and warm. What each citizen chose to share, and a word of encouragement."""

import reflex as rx

from citizenplan.components.comments import comment_view
from citizenplan.components.fresh_start import fresh_start_notice
from citizenplan.components.i18n import t, t_var
from citizenplan.components.layout import TAP, logout_everywhere, message
from citizenplan.components.layout import page as frame
from citizenplan.pages.workbook import line_view
from citizenplan.state.relative_home import RelativeHomeState


def _item(item: rx.Var) -> rx.Component:
    """Everything the item needs is in the item: an event cannot see the outer loop's variable."""
    citizen_id = item.citizen_id
    form_id = "comment-" + citizen_id + "-" + item.id
    return rx.card(
        rx.vstack(
            rx.heading(t_var(item.kind), as_="h3", size="3", color_scheme="gray"),
            rx.cond(item.goal != "", rx.text(t("Til målet:"), " ", item.goal, size="2"), rx.fragment()),
            rx.foreach(item.lines, line_view),
            rx.foreach(item.comments, comment_view),
            rx.cond(item.can_comment, rx.form(
                rx.vstack(
                    # The ids travel in the form: Reflex lifts a form's submit handler out of the loop.
                    rx.el.input(type="hidden", name="citizen_id", value=citizen_id),
                    rx.el.input(type="hidden", name="item_id", value=item.id),
                    rx.el.label(t("Skriv en hilsen"), html_for=form_id, font_weight="600"),
                    rx.text_area(id=form_id, name="comment", rows="2", width="100%", max_length=4000),
                    rx.cond(RelativeHomeState.error_in == form_id, message(RelativeHomeState.comment_error),
                            rx.fragment()),
                    rx.button(t("Send"), type="submit", min_height=TAP), spacing="2", width="100%"),
                on_submit=RelativeHomeState.comment,
                width="100%"), rx.fragment()),
            spacing="2", width="100%",
        ),
        width="100%", role="listitem",
    )


def _citizen(citizen: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.heading(citizen.name, as_="h2", size="5"),
        rx.cond(
            citizen.expired,
            rx.callout(t("Din adgang er udløbet. Spørg, om du må få den igen."), color_scheme="amber",
                       high_contrast=True, width="100%"),
            rx.cond(citizen.shared.length() > 0,
                    rx.vstack(rx.foreach(citizen.shared, _item),
                              spacing="2", width="100%", role="list", aria_label=citizen.name),
                    rx.text(t("Der er ikke delt noget med dig endnu."), color_scheme="gray")),
        ),
        spacing="2", width="100%",
    )


def page() -> rx.Component:
    return frame(
        rx.fragment(t("Hej"), " ", RelativeHomeState.display_name),
        rx.text(t("Her ser du det, som er delt med dig. Kun det, de selv har valgt at dele.")),
        fresh_start_notice(),
        message(RelativeHomeState.error),
        rx.cond(RelativeHomeState.citizens.length() > 0,
                rx.vstack(rx.foreach(RelativeHomeState.citizens, _citizen), spacing="5", width="100%"),
                rx.text(t("Du har ikke adgang til nogens plan lige nu."))),
        logout_everywhere(),
    )
