"""One goal at a follow-up: the contact person's degree and words, and beside them the citizen's own
view. Both always show; where they differ, a badge says so and neither replaces the other."""

import reflex as rx

from citizenplan.components.i18n import t, t_var


def goal_fulfilment(goal: rx.Var, citizen_label: rx.Var) -> rx.Component:
    text = goal["description"].to(str)
    view = goal["citizen_view"].to(str)
    own = goal["citizen_degree"].to(str)
    return rx.box(
        rx.text.strong(goal["title"].to(str)),
        rx.text(t("Kontaktpersonen"), ": ", t_var(goal["degree"].to(str)),
                rx.cond(text != "", rx.fragment(" · ", text), rx.fragment()), white_space="pre-wrap"),
        rx.cond((view != "") | (own != ""), rx.text(
            citizen_label, ": ", rx.cond(own != "", t_var(own), ""),
            rx.cond(view != "", rx.fragment(" · ", view), rx.fragment()), white_space="pre-wrap"), rx.fragment()),
        rx.cond(goal["differ"].to(bool), rx.badge(t("I ser det forskelligt"), color_scheme="amber",
                                                  high_contrast=True), rx.fragment()),
        width="100%",
    )
