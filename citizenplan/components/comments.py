"""One comment as every page shows it: who wrote it, in which role, when, and the words as typed."""

import reflex as rx

from citizenplan.components.i18n import t_var


def comment_view(comment: rx.Var) -> rx.Component:
    """`comment` is a state.rows.CommentRow: who, role (a msgid), when and text."""
    return rx.box(
        rx.text(rx.text.strong(comment.who), " (", t_var(comment.role), ") · ", comment.when, size="2",
                color_scheme="gray"),
        rx.text(comment.text, white_space="pre-wrap"))
