""""Mine pårørende": who is in the citizen's network, what each may do, and inviting someone new."""

import reflex as rx

from citizenplan import routes
from citizenplan.components.handover import handover_card
from citizenplan.components.i18n import t, t_var
from citizenplan.components.layout import TAP, field, message
from citizenplan.components.layout import page as frame
from citizenplan.state.relatives import RelativesState

SELECT_STYLE = {"min_height": TAP, "width": "100%", "font_size": "1rem", "border": "1px solid #8b8d98",
                "border_radius": "8px", "padding": "0 0.75rem", "background": "white"}


def _duration_options() -> rx.Component:
    return rx.foreach(RelativesState.durations, lambda d: rx.el.option(t_var(d.label), value=d.value))


def _relative(row: rx.Var) -> rx.Component:
    grant = row.id
    return rx.card(
        rx.vstack(
            rx.heading(row.name, as_="h2", size="4"),  # under the h1: no level skipped (axe heading-order)
            rx.text(rx.cond(row.relation != "", rx.fragment(row.relation, " · "), ""), t_var(row.status),
                    rx.cond(row.until != "", rx.fragment(" · ", t("indtil"), " ", row.until), ""),
                    color_scheme="gray", size="2"),
            rx.text(t("Kan se det, du deler med dine pårørende."), " ",
                    rx.cond(row.comment, t("Må skrive kommentarer."), t("Må ikke skrive kommentarer."))),
            rx.flex(
                # the status is said above; the button says what it does
                rx.button(rx.cond(row.comment, t("Stop kommentarer"), t("Tillad kommentarer")),
                          variant="soft", min_height=TAP, on_click=RelativesState.toggle_comment(grant, row.comment)),
                rx.cond(row.invited,
                        rx.button(t("Ny kode"), variant="soft", min_height=TAP, on_click=RelativesState.new_code(grant)),
                        rx.fragment()),
                rx.button(t("Fjern"), variant="outline", color_scheme="red", min_height=TAP,
                          on_click=RelativesState.ask_remove(grant), aria_label=t("Fjern") + " " + row.name),
                wrap="wrap", spacing="2",
            ),
            rx.cond(RelativesState.removing == grant, rx.callout(rx.vstack(
                rx.text(t("Vil du fjerne"), " ", row.name, "? ",
                        t("Så kan personen ikke længere se det, du deler med dine pårørende.")),
                rx.flex(rx.button(t("Ja, fjern"), color_scheme="red", high_contrast=True, min_height=TAP,
                                  on_click=RelativesState.remove(grant)),
                        rx.button(t("Nej"), variant="soft", color_scheme="gray", high_contrast=True, min_height=TAP,
                                  on_click=RelativesState.keep),
                        wrap="wrap", spacing="2"),
                spacing="2"), color_scheme="red", high_contrast=True, role="alert", width="100%"), rx.fragment()),
            rx.el.label(t("Hvor længe?"), html_for="duration-" + grant, font_weight="600"),
            rx.el.select(
                rx.cond(row.duration == "",
                        rx.el.option(rx.cond(row.expired, t("Udløbet. Vælg igen"), t("Indtil") + " " + row.until),
                                     value="", disabled=True),
                        rx.fragment()),
                _duration_options(), id="duration-" + grant, value=row.duration,
                on_change=lambda value: RelativesState.set_duration(grant, value), style=SELECT_STYLE),
            spacing="2", width="100%",
        ),
        width="100%", role="listitem",
    )


def page() -> rx.Component:
    return frame(
        t("Mine pårørende"),
        rx.text(t("Du bestemmer, hvem der er med. De ser kun det, du deler med dine pårørende.")),
        handover_card(),
        message(RelativesState.error),
        # The invitation is the same for everyone: it is in the first paint (the page's largest text, so its LCP is
        # the first paint). Her people come below it, drawn once her list has arrived, with what follows them: on the
        # first paint nothing is said about her people that is not known yet ("Du har ikke inviteret nogen endnu."),
        # and when they arrive they push nothing that was on the screen (layout shift 0.19 before, issue 21).
        rx.form(
            rx.vstack(
                rx.heading(t("Invitér en pårørende"), as_="h2", size="5"),
                field(t("Navn"), "name", element_id="relative-name"),
                field(t("Hvordan kender I hinanden? Fx mor, bror, ven"), "relation", element_id="relative-relation",
                      required=False, max_length=100),
                rx.el.label(t("Hvor længe?"), html_for="relative-duration", font_weight="600"),
                rx.el.select(_duration_options(), id="relative-duration", name="duration", default_value="6m",
                             style=SELECT_STYLE),
                rx.el.label(
                    rx.el.input(type="checkbox", id="relative-may-comment", name="may_comment",
                                style={"width": "1.5rem", "height": "1.5rem"}),
                    t("Må skrive kommentarer"), html_for="relative-may-comment",
                    style={"display": "flex", "align_items": "center", "gap": "0.75rem", "min_height": TAP}),
                rx.button(t("Invitér og lav kode"), type="submit", size="3", min_height=TAP),
                spacing="3", width="100%",
            ),
            on_submit=RelativesState.invite, width="100%",
        ),
        rx.cond(RelativesState.loaded, rx.fragment(
            rx.cond(RelativesState.relatives.length() > 0,
                    rx.vstack(rx.foreach(RelativesState.relatives, _relative), spacing="2", width="100%", role="list",
                              aria_label=t("Mine pårørende")),
                    rx.text(t("Du har ikke inviteret nogen endnu."))),
            rx.link(t("Til forsiden"), href=routes.CITIZEN_HOME, underline="always"),
        )),
        speak="main",  # "Læs op" (components/read_aloud.py)
    )
