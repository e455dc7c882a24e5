""""Let at læse" (easy-read): her choice, kept on her user (state/session.py), and a picture per life area.

The mode itself is a class on <html> (`easy-read`), set before the first paint (citizenplan.py) and kept true
by every page load; what it changes is in assets/styles.css under "Let at læse", apart from the general look."""

import reflex as rx

from citizenplan.components.i18n import t
from citizenplan.components.layout import TAP
from citizenplan.domain.vocabulary import LIFE_AREA_LABELS, LifeArea
from citizenplan.state.session import SessionState

# One plain picture per life area (lucide icons, drawn in the page: offline, nothing fetched).
PICTURES = {
    LifeArea.HOUSING: "house",
    LifeArea.WORK_AND_EDUCATION: "briefcase",
    LifeArea.FAMILY: "users",
    LifeArea.FRIENDS_AND_NETWORK: "handshake",
    LifeArea.BODY_AND_HEALTH: "heart_pulse",
    LifeArea.WELLBEING_AND_MIND: "smile",
    LifeArea.LEISURE: "bike",
    LifeArea.MONEY: "piggy_bank",
    LifeArea.DAILY_LIFE: "shopping_basket",
}


def life_area_picture(key: rx.Var) -> rx.Component:
    """The life area's picture, shown in easy-read only, beside its name (which says it in words: the picture
    is hidden from screen readers). `key` is a life area's value or its Danish label (msgid); anything else
    draws nothing, so the same call can stand beside any choice or line."""
    cases = [(area.value, LIFE_AREA_LABELS[area],
              rx.el.span(rx.icon(PICTURES[area], size=28, aria_hidden="true"), class_name="area-picture",
                         custom_attrs={"data-area": area.value}))
             for area in LifeArea]
    return rx.match(key, *cases, rx.fragment())


def easy_read_switch() -> rx.Component:
    """On her home: a switch she can find and read, and what it does, in one sentence."""
    return rx.card(
        rx.vstack(
            # A plain checkbox in its label: the whole line is the target, and it says "til" or "fra" to a reader.
            rx.el.label(
                rx.el.input(type="checkbox", id="easy-read", checked=SessionState.easy_read,
                            on_change=SessionState.set_easy_read(~SessionState.easy_read), class_name="big-checkbox"),
                rx.el.span(t("Let at læse"), class_name="easy-read-name"),
                html_for="easy-read", class_name="checkbox-line easy-read-label"),
            rx.text(t("Større tekst og et billede til hver del af livet."), size="2"),
            spacing="1", width="100%",
        ),
        width="100%", min_height=TAP, id="easy-read-card",
    )
