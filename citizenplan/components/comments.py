"""One comment as every page shows it: who wrote it, in which role, when, and the words as typed."""

from dataclasses import is_dataclass

import reflex as rx

from citizenplan.components.i18n import t_var
from citizenplan.state.rows import CommentRow


def comment_view(comment: rx.Var) -> rx.Component:
    """`comment` is a typed row with CommentRow's fields: who, role (a msgid), when and text."""
    if not is_dataclass(comment._var_type):
        # kept while a page still sends its comments as untyped dicts: read as the row they hold
        comment = comment.to(CommentRow)
    return rx.box(
        rx.text(rx.text.strong(comment.who), " (", t_var(comment.role), ") · ", comment.when, size="2",
                color_scheme="gray"),
        rx.text(comment.text, white_space="pre-wrap"))
