"""Min arbejdsbog: the citizen's own book, goals in their order, each item's sharing at a glance."""

import reflex as rx

from citizenplan import routes
from citizenplan.components.easy_read import life_area_picture
from citizenplan.components.fulfilment import goal_fulfilment
from citizenplan.components.i18n import t, t_var
from citizenplan.components.layout import TAP, message
from citizenplan.components.layout import page as frame
from citizenplan.state.workbook import WorkbookState


def line_view(line: rx.Var) -> rx.Component:
    """`line` is a state.workbook.Line (or a dict with its keys, on pages not yet typed)."""
    return _line(line, "p")


def line_in_label(line: rx.Var) -> rx.Component:
    """The same, where a paragraph may not stand: inside a checkbox's label."""
    return _line(line, "span")


def _line(line: rx.Var, element: str) -> rx.Component:
    return rx.text(
        rx.cond(line["label"] != "", rx.fragment(rx.text.strong(t_var(line["label"])), ": "), rx.fragment()),
        life_area_picture(line["msgid"]),  # easy-read: a life area's picture before its name
        rx.cond(line["msgid"] != "", t_var(line["msgid"]), line["text"]),
        white_space="pre-wrap", as_=element, display="block",
    )


def step_link(step: rx.Var) -> rx.Component:
    """A goal's step (a state.workbook.StepLink) as a link to it, ✔ when done."""
    return rx.el.li(rx.link(rx.cond(step.done, "✔ ", ""), step.text, href=step.href, class_name="tap-link"))


def _share_badge(label: rx.Var) -> rx.Component:
    return rx.badge(t_var(label), color_scheme="gray", high_contrast=True, size="2")


def _other(item: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(t_var(item.kind), as_="h3", size="3"), _share_badge(item.share),
                      justify="between", width="100%"),
            rx.foreach(item.lines, line_view),
            rx.link(t("Åbn"), href=item.href, underline="always", class_name="tap-link",
                    aria_label=t("Åbn") + " " + t_var(item.kind)),
            spacing="1", width="100%",
        ),
        width="100%", role="listitem",
    )


def _goal(goal: rx.Var, index: rx.Var) -> rx.Component:
    card = rx.card(
        rx.vstack(
            rx.hstack(rx.hstack(life_area_picture(goal.area),
                                rx.link(rx.heading(goal.title, as_="h3", size="4"), href=goal.href),
                                spacing="0", align="center"),
                      _share_badge(goal.share), justify="between", width="100%", align="start"),
            rx.text(t_var(goal.status),
                    rx.cond(goal.latest != "", rx.fragment(" · ", t("Sidst:"), " ", goal.latest), ""),
                    size="2", color_scheme="gray"),
            rx.el.ul(rx.foreach(goal.steps, step_link)),
            rx.hstack(
                rx.button("↑", variant="soft", min_height=TAP, min_width=TAP, on_click=WorkbookState.move(goal.id, -1),
                          aria_label=t("Flyt op") + ": " + goal.title, disabled=index == 0),
                rx.button("↓", variant="soft", min_height=TAP, min_width=TAP, on_click=WorkbookState.move(goal.id, 1),
                          aria_label=t("Flyt ned") + ": " + goal.title,
                          disabled=index == WorkbookState.goals.length() - 1),
                spacing="2",
            ),
            spacing="2", width="100%",
        ),
        width="100%", role="listitem",
    )
    return rx.cond((WorkbookState.area_filter == "") | (WorkbookState.area_filter == goal.area), card, rx.fragment())


def _meeting(meeting: rx.Var) -> rx.Component:
    """Written by the contact person, and it says so; the citizen's own view stands beside it."""
    return rx.card(rx.vstack(
        rx.heading(t("Møde"), " ", meeting.held_on, as_="h3", size="4"),
        rx.text(t("Skrevet af"), " ", meeting.by, " (", t("kontaktperson"), ")", size="2",
                color_scheme="gray"),
        rx.cond(meeting.corrects, rx.badge(t("Rettelse"), high_contrast=True), rx.fragment()),
        rx.cond(meeting.corrected, rx.badge(t("Rettet senere"), color_scheme="gray",
                                            high_contrast=True), rx.fragment()),
        rx.foreach(meeting.goals, lambda g: goal_fulfilment(g, t("Du selv"))),
        spacing="2", width="100%"), width="100%")


def _handleplan() -> rx.Component:
    """The municipality's plan, marked as theirs: the citizen sees it, but it is not her words."""
    h = WorkbookState.handleplan
    return rx.cond(WorkbookState.has_handleplan, rx.vstack(
        rx.heading(t("Kommunens plan for dig"), as_="h2", size="5"),
        rx.card(rx.vstack(
            rx.text(t("Lavet af kommunen"), rx.cond(h.made_by != "", rx.fragment(": ", h.made_by), rx.fragment()),
                    rx.cond(h.made_on != "", rx.fragment(", ", h.made_on), rx.fragment()),
                    size="2", color_scheme="gray"),
            rx.text(t("Skrevet ind af"), " ", h.recorded_by, " (", t("kontaktperson"), ")", size="2",
                    color_scheme="gray"),
            rx.cond(h.purpose != "", rx.text(rx.text.strong(t("Formål:")), " ", h.purpose,
                                             white_space="pre-wrap"), rx.fragment()),
            rx.cond(h.goals.length() > 0, rx.fragment(
                rx.text.strong(t("Kommunens mål:")),
                rx.el.ul(rx.foreach(h.goals, lambda g: rx.el.li(g)))), rx.fragment()),
            spacing="2", width="100%"), width="100%"),
        spacing="2", width="100%"), rx.fragment())


def page() -> rx.Component:
    return frame(
        t("Min arbejdsbog"),
        # The same for everyone, so it is in the first paint (and her largest text there, issue 21); her book comes
        # below it only once it has arrived: nothing is said before it is known ("Du har ingen mål endnu." was
        # false for most), and nothing painted is pushed down when it comes.
        rx.text(t("Her står alt, hvad du har skrevet. Dine mål står øverst."), size="4"),
        rx.cond(WorkbookState.loaded, rx.fragment(*_book())),
        speak="main",  # "Læs op" (components/read_aloud.py)
    )


def _book() -> list[rx.Component]:
    """Her goals, the rest of her book, the meetings and the municipality's plan, and the ways on."""
    return [
        rx.cond(WorkbookState.proposals_waiting > 0,
                rx.callout(t("Din kontaktperson har foreslået andre ord. Åbn målet for at svare."),
                           color_scheme="amber", high_contrast=True, width="100%"), rx.fragment()),
        rx.cond(WorkbookState.agreements_waiting > 0,
                rx.callout(t("Din kontaktperson har foreslået, hvem der gør hvad. Åbn målet for at svare."),
                           color_scheme="amber", high_contrast=True, width="100%"), rx.fragment()),
        message(WorkbookState.error),
        rx.heading(t("Mine mål"), as_="h2", size="5"),
        rx.cond(WorkbookState.areas.length() > 1, rx.flex(
            rx.foreach(WorkbookState.areas, lambda a: rx.button(
                life_area_picture(a.value), t_var(a.label), size="2", min_height=TAP, on_click=WorkbookState.filter_area(a.value),
                variant=rx.cond(WorkbookState.area_filter == a.value, "solid", "outline"),
                aria_pressed=rx.cond(WorkbookState.area_filter == a.value, "true", "false"))),
            wrap="wrap", spacing="2"), rx.fragment()),
        rx.cond(WorkbookState.goals.length() > 0,
                rx.vstack(rx.foreach(WorkbookState.goals, _goal), spacing="2", width="100%", role="list",
                          aria_label=t("Mine mål")),
                rx.text(t("Du har ingen mål endnu."))),
        rx.heading(t("Det har jeg skrevet"), as_="h2", size="5"),
        rx.cond(WorkbookState.others.length() > 0,
                rx.vstack(rx.foreach(WorkbookState.others, _other), spacing="2", width="100%", role="list",
                          aria_label=t("Det har jeg skrevet")),
                rx.text(t("Her er ikke noget endnu. Start en samtale på forsiden."))),
        rx.cond(WorkbookState.meetings.length() > 0, rx.vstack(
            rx.heading(t("Møder om min plan"), as_="h2", size="5"),
            rx.foreach(WorkbookState.meetings, _meeting), spacing="2", width="100%"), rx.fragment()),
        _handleplan(),
        rx.button(t("Skriv bemærkninger til planen"), variant="soft", min_height=TAP,
                  on_click=WorkbookState.write_remarks),
        rx.link(t("Hvem har set min plan?"), href=routes.ACCESS_LOG, underline="always"),
        rx.link(t("Til forsiden"), href=routes.CITIZEN_HOME, underline="always"),
    ]
