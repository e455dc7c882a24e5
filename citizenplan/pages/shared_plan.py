"""The contact person's view of one citizen's shared plan: the citizen's words, comments, proposals."""

import reflex as rx

from citizenplan import routes
from citizenplan.components.comments import comment_view
from citizenplan.components.i18n import t, t_var
from citizenplan.components.layout import TAP, message
from citizenplan.components.layout import page as frame
from citizenplan.pages.workbook import line_view
from citizenplan.state.shared_plan import SharedPlanState


def _item(item: rx.Var) -> rx.Component:
    item_id = item.id
    return rx.card(
        rx.vstack(
            rx.heading(t_var(item.kind), as_="h2", size="3", color_scheme="gray"),
            rx.cond(item.goal != "", rx.text(t("Til målet:"), " ", item.goal, size="2"), rx.fragment()),
            rx.foreach(item.lines, line_view),
            rx.text(t("Borgerens egne ord, delt"), " ", item.when, size="2", color_scheme="gray"),
            rx.foreach(item.comments, comment_view),
            rx.form(rx.vstack(
                rx.el.input(type="hidden", name="item_id", value=item_id),
                rx.el.label(t("Skriv en kommentar"), html_for="comment-" + item_id, font_weight="600"),
                rx.text_area(id="comment-" + item_id, name="comment", rows="2", width="100%", max_length=4000),
                rx.button(t("Send kommentar"), type="submit", min_height=TAP), spacing="2", width="100%"),
                on_submit=SharedPlanState.comment, width="100%"),
            rx.cond(item.is_goal, rx.form(rx.vstack(
                rx.el.input(type="hidden", name="item_id", value=item_id),
                rx.el.label(t("Foreslå andre ord for målet"), html_for="proposal-" + item_id, font_weight="600"),
                rx.text_area(id="proposal-" + item_id, name="proposal", rows="2", width="100%", max_length=4000),
                rx.button(t("Send forslag"), type="submit", variant="soft", min_height=TAP),
                spacing="2", width="100%"),
                on_submit=SharedPlanState.propose, width="100%"), rx.fragment()),
            spacing="3", width="100%",
        ),
        width="100%", role="listitem",
    )


def page() -> rx.Component:
    return frame(
        rx.fragment(t("Delt af"), " ", SharedPlanState.citizen_name),
        rx.text(t("Du ser kun det, borgeren har valgt at dele med dig, sådan som borgeren godkendte det.")),
        message(SharedPlanState.error),
        rx.cond(SharedPlanState.notice != "", rx.callout(t_var(SharedPlanState.notice), color_scheme="green",
                                                         high_contrast=True, role="status", width="100%"),
                rx.fragment()),
        rx.cond(SharedPlanState.items.length() > 0,
                rx.vstack(rx.foreach(SharedPlanState.items, _item), spacing="3", width="100%", role="list",
                          aria_label=t("Delt af borgeren")),
                rx.text(t("Borgeren har ikke delt noget med dig endnu."))),
        rx.link(t("Opfølgning og ramme"), href=SharedPlanState.follow_up_href, underline="always"),
        rx.link(t("Mine borgere"), href=routes.CONTACT_PERSON_HOME, underline="always"),
    )
