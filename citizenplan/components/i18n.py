"""`t("Dansk tekst")`: the text in the tab's language, as a var (pages are compiled once, in Danish)."""

import reflex as rx

from citizenplan.state.i18n_state import I18nState


def t(message: str) -> rx.Var:
    return I18nState.t[message]  # a str var: the catalogue is dict[str, str]


def t_var(message: rx.Var) -> rx.Var:
    """For a msgid that arrives in data, such as a service area's label."""
    # The one cast that stays: a var typed Any (a dict row's field, an rx.memo argument) cannot index the
    # catalogue; for a var that is already a str it changes nothing in the compiled page.
    return I18nState.t[message.to(str)]
