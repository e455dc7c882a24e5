"""`t("Dansk tekst")`: the text in the tab's language, as a var (pages are compiled once, in Danish)."""

import reflex as rx

from citizenplan.state.i18n_state import I18nState


def t(message: str) -> rx.Var:
    return I18nState.t[message].to(str)


def t_var(message: rx.Var) -> rx.Var:
    """For a msgid that arrives in data, such as a service area's label."""
    return I18nState.t[message.to(str)].to(str)
