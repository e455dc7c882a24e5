""""Læs op": one button, one way, on every citizen page and on each of the chat's bubbles.

The browser speaks (speechSynthesis, on the phone itself: no network, nothing sent anywhere). What it reads,
the language, the second press that stops it and the stop when she leaves the page are all in
assets/minvej.js; the button shows only where the browser has a voice for the page's language
(html.can-speak, assets/styles.css), so where speech is missing there is nothing to press. The page's button keeps
its room, hidden, from the first paint wherever the browser has speech (html.may-speak): the voices are often
known only after the scripts, and the button appearing then would move the page."""

import reflex as rx

from citizenplan.components.i18n import t


def read_aloud(*, region: str = "main", text: rx.Var | None = None) -> rx.Component:
    """The page's "Læs op" (reads the element `region` names, the page's <main> by default), or with `text`
    a small one that reads just that text (a bubble of the chat)."""
    icon = rx.icon("volume_2", size=22, aria_hidden="true", class_name="read-aloud-icon")  # drawn, not a font's emoji
    if text is not None:
        return rx.el.button(icon, type="button", class_name="read-aloud", title=t("Læs op"), aria_label=t("Læs op"),
                            aria_pressed="false", custom_attrs={"data-read-aloud": "", "data-speak": text})
    return rx.el.button(icon, " ", t("Læs op"), type="button", class_name="read-aloud read-aloud-page no-print",
                        aria_pressed="false", custom_attrs={"data-read-aloud": "", "data-speak-from": region})
