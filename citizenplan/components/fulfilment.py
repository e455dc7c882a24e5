"""One goal at a follow-up: the contact person's degree and words, and beside them the citizen's own
view. Both always show; where they differ, a badge says so and neither replaces the other."""

import reflex as rx

from citizenplan.components.i18n import t, t_var


def goal_fulfilment(goal: rx.Var, citizen_label: rx.Var) -> rx.Component:
    """`goal` is a state.rows.FulfilmentRow (state.rows.meeting_row makes them)."""
    own = goal.citizen_degree
    return rx.box(
        rx.text.strong(goal.title),
        rx.text(t("Kontaktpersonen"), ": ", t_var(goal.degree),
                rx.cond(goal.description != "", rx.fragment(" · ", goal.description), rx.fragment()),
                white_space="pre-wrap"),
        rx.cond((goal.citizen_view != "") | (own != ""), rx.text(
            citizen_label, ": ", rx.cond(own != "", t_var(own), ""),
            rx.cond(goal.citizen_view != "", rx.fragment(" · ", goal.citizen_view), rx.fragment()),
            white_space="pre-wrap"), rx.fragment()),
        rx.cond(goal.differ, rx.badge(t("I ser det forskelligt"), color_scheme="amber", high_contrast=True),
                rx.fragment()),
        width="100%",
    )
