"""Min plan: her whole plan in plain Danish, her own words marked and first, every professional word
explained once; read aloud, print, her PDF; her remarks straight from here; what she shares and who saw it."""

import reflex as rx

from citizenplan import routes
from citizenplan.components.easy_read import life_area_picture
from citizenplan.components.first_data import first_data_slot
from citizenplan.components.i18n import t
from citizenplan.components.layout import TAP, message
from citizenplan.components.layout import page as frame
from citizenplan.state.my_plan import MyPlanState as S

OWN_WORDS = "own-words"  # the CSS class that marks her own words (assets/styles.css)


def _block(block: rx.Var) -> rx.Component:
    """`block` is a state.my_plan.PlanBlock."""
    own = rx.cond(block.own, OWN_WORDS, "")  # the class that marks her own words (assets/styles.css)
    return rx.match(
        block.kind,
        ("h2", rx.heading(block.text, as_="h2", size="6", margin_top="1rem")),
        ("h3", rx.heading(block.text, as_="h3", size="4", margin_top="0.75rem", class_name=own)),
        ("field", rx.box(rx.text(life_area_picture(block.area), rx.text.strong(block.label)),
                         rx.text(block.text, white_space="pre-wrap"), class_name=own)),
        ("explain", rx.text(rx.text.strong(block.label), ": ", block.text, class_name="term-explained")),
        ("by", rx.text(block.text, size="2", weight="medium", class_name="written-by")),
        ("link", rx.link(block.text, href=block.href, underline="always", class_name="no-print tap-link")),
        rx.text(block.text, white_space="pre-wrap", class_name=own),
    )


def _share(line: rx.Var) -> rx.Component:
    return rx.card(rx.vstack(
        rx.text(line.what, weight="bold", white_space="pre-wrap"),
        rx.text(line.who, " · ", line.since),
        rx.cond(line.changed != "", rx.text(line.changed), rx.fragment()),
        rx.text(line.seen),
        rx.cond(line.words != "", rx.el.blockquote(line.words, class_name="seen-words"), rx.fragment()),
        spacing="1", width="100%"), width="100%", role="listitem")


def _remarks() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(t("Mine bemærkninger til planen"), as_="h2", size="6"),
            rx.el.label(t("Skriv det, du vil have med i planen. Fx hvis du er uenig i noget."),
                        html_for="remarks", font_weight="600"),
            rx.text_area(id="remarks", name="remarks", default_value=S.remarks, key=S.remarks, max_length=2000,
                         rows="5", width="100%", size="3"),
            rx.el.label(
                rx.el.input(type="checkbox", name="show_contact_person", id="show-contact-person",
                            default_checked=S.remarks_shared, key=S.remarks_shared,
                            class_name="big-checkbox"),
                t("Min kontaktperson må læse dem"),
                html_for="show-contact-person", class_name="checkbox-line"),
            rx.button(t("Gem bemærkninger"), type="submit", size="3", min_height=TAP),
            spacing="3", width="100%",
        ),
        on_submit=S.save_remarks, width="100%",
    )


def page() -> rx.Component:
    return frame(
        t("Min plan"),
        rx.text(t("Her er hele din plan. Du ser den, som din kontaktperson og kommunen ser den."), size="4"),
        rx.hstack(
            rx.button(t("Udskriv"), on_click=rx.call_script("window.print()"), variant="soft", size="3",
                      min_height=TAP),
            rx.el.a(t("Hent som PDF"), href=S.pdf_href, download="min-plan.pdf", reload_document=True,
                    class_name="plain-link tap-link"),
            wrap="wrap", spacing="4", align="center", class_name="no-print",
        ),
        message(S.error),
        # Drawn once her plan has arrived (pdf_href is set with it): her plan's length pushes nothing that was
        # already on the screen (issue 21: the empty frame's remarks form moved down by the plan's height, a
        # layout shift of 0.51), and the frame never says "Du har ikke delt noget endnu" before it knows.
        rx.cond(S.pdf_href != "", rx.fragment(
            message(S.notice, "notice"),
            rx.box(rx.foreach(S.blocks, _block), id="my-plan", width="100%", class_name="my-plan"),
            rx.box(_remarks(), width="100%", class_name="no-print"),
            rx.vstack(
                rx.heading(t("Det har du delt"), as_="h2", size="6"),
                rx.cond(S.shares.length() > 0,
                        rx.vstack(rx.foreach(S.shares, _share), spacing="2", width="100%", role="list",
                                  aria_label=t("Det har du delt")),
                        rx.text(t("Du har ikke delt noget endnu."))),
                spacing="3", width="100%",
            ),
            rx.link(t("Hvem har set min plan?"), href=routes.ACCESS_LOG, underline="always", class_name="no-print"),
            rx.link(t("Til forsiden"), href=routes.CITIZEN_HOME, underline="always", class_name="no-print"),
        ), first_data_slot()),  # until then: her plan as the server wrote it into the page (reports/first_data.py)
        speak="#my-plan",  # "Læs op" reads her plan, not the page's forms and buttons
    )
