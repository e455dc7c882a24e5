"""One item of the workbook: the citizen's words, changes, history, sharing with approval, comments."""


import reflex as rx

from citizenplan import routes
from citizenplan.components.check_in_chart import check_in_chart
from citizenplan.components.comments import comment_view
from citizenplan.components.first_data import first_data_slot
from citizenplan.components.i18n import t, t_var
from citizenplan.components.layout import TAP, message
from citizenplan.components.layout import page as frame
from citizenplan.pages.workbook import line_in_label, line_view, step_link
from citizenplan.state.item import ItemState


def _edit_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.input(type="hidden", name="seen_version", value=ItemState.version.to_string()),
            rx.foreach(ItemState.fields, lambda f: rx.vstack(
                rx.el.label(t_var(f.label), html_for="edit-" + f.name, font_weight="600"),
                rx.cond(f.is_date,
                        rx.input(id="edit-" + f.name, name=f.name, type="date", default_value=f.value,
                                 min_height=TAP, width="100%"),
                        rx.text_area(id="edit-" + f.name, name=f.name, default_value=f.value, rows="3",
                                     width="100%", max_length=4000)),
                spacing="1", width="100%")),
            rx.hstack(rx.button(t("Gem"), type="submit", min_height=TAP),
                      rx.button(t("Fortryd"), type="button", variant="soft", on_click=ItemState.cancel_edit,
                                min_height=TAP, custom_attrs={"data-draft-discard": ""}), spacing="2"),
            spacing="3", width="100%",
        ),
        on_submit=ItemState.save, width="100%",
        # What she types is kept in the browser until she saves or cancels (assets/minvej.js, drafts), for the
        # version she is changing: a reconnect or reload that draws the form anew puts it back.
        custom_attrs={"data-draft": "item-" + ItemState.item_id.to_string() + "-v" + ItemState.version.to_string()},
    )


def _status() -> rx.Component:
    def choice(value: str, label: str) -> rx.Component:
        return rx.button(t(label), variant=rx.cond(ItemState.status == value, "solid", "outline"),
                         aria_pressed=rx.cond(ItemState.status == value, "true", "false"),
                         on_click=ItemState.set_status(value), min_height=TAP)
    return rx.vstack(
        rx.heading(t("Hvordan står det til med målet?"), as_="h2", size="4"),
        rx.flex(choice("active", "I gang"), choice("reached", "Nået"), choice("paused", "Sat på pause"),
                choice("dropped", "Droppet"), wrap="wrap", spacing="2"),
        rx.heading(t("Vil du nå det snart eller på lang sigt?"), as_="h2", size="4"),
        rx.flex(*[rx.button(label, variant=rx.cond(ItemState.horizon == value, "solid", "outline"),
                            aria_pressed=rx.cond(ItemState.horizon == value, "true", "false"),
                            on_click=ItemState.set_horizon(value), min_height=TAP)
                  for value, label in (("short", t("Snart: inden for et halvt år")), ("long", t("På lang sigt")))],
                wrap="wrap", spacing="2"),
        rx.heading(t("Er du enig i målet?"), as_="h2", size="4"),
        rx.flex(
            rx.button(t("Ja, jeg er enig"), variant=rx.cond(ItemState.disagrees, "outline", "solid"),
                      aria_pressed=rx.cond(ItemState.disagrees, "false", "true"),
                      on_click=ItemState.set_agreement(True), min_height=TAP),
            rx.button(t("Nej, jeg er ikke enig"), variant=rx.cond(ItemState.disagrees, "solid", "outline"),
                      aria_pressed=rx.cond(ItemState.disagrees, "true", "false"),
                      on_click=ItemState.set_agreement(False), min_height=TAP),
            wrap="wrap", spacing="2"),
        spacing="2",
    )


def _agreement(sub: rx.Var) -> rx.Component:
    """One thing the contact person proposes under the goal (a state.item_rows.SubGoal); the citizen says yes
    or no, in her words."""
    sub_id = sub.id
    return rx.card(rx.vstack(
        rx.text(rx.text.strong(sub.what), white_space="pre-wrap"),
        rx.text(t("Hvem:"), " ", sub.who),
        rx.cond(sub.how_often != "", rx.text(t("Hvor tit:"), " ", sub.how_often), rx.fragment()),
        rx.match(sub.answer,
                 ("agrees", rx.text(t("Du har sagt ja til det."))),
                 ("disagrees", rx.text(t("Du har sagt, at du ikke er enig."))),
                 rx.fragment()),
        rx.cond(sub.words != "", rx.text(t("Dine ord:"), " ", sub.words, white_space="pre-wrap"),
                rx.fragment()),
        rx.foreach(sub.assessments, lambda a: rx.text(
            t("Din kontaktperson har skrevet, hvorfor:"), " ", a.text, " (", a.on, ")", white_space="pre-wrap")),
        rx.cond(ItemState.answer_error_at == sub_id, message(ItemState.answer_error), rx.fragment()),
        rx.form(rx.vstack(
            rx.el.input(type="hidden", name="sub_goal_id", value=sub_id),
            rx.el.fieldset(
                rx.el.legend(t("Er du med på det?"), font_weight="600", margin_bottom="0.25rem"),
                rx.flex(*[rx.el.label(
                    rx.el.input(type="radio", name="answer", value=value, default_checked=sub.answer == value,
                                class_name="big-choice"), label,
                    display="flex", align_items="center", gap="0.5rem", min_height=TAP, padding="0 0.75rem",
                    border="1px solid var(--gray-8)", border_radius="8px", cursor="pointer")
                    for value, label in (("agrees", t("Ja, det er jeg med på")), ("disagrees", t("Nej, det er jeg ikke enig i")))],
                    wrap="wrap", spacing="2"),
                border="none", padding="0", margin="0", width="100%"),
            rx.el.label(t("Skriv gerne med dine egne ord"), html_for="words-" + sub_id, font_weight="600"),
            rx.text_area(id="words-" + sub_id, name="words", default_value=sub.words, rows="2",
                         width="100%", max_length=2000),
            rx.button(t("Send svar"), type="submit", min_height=TAP),
            spacing="2", width="100%"), on_submit=ItemState.answer_sub_goal, width="100%"),
        spacing="2", width="100%"), width="100%", role="listitem")


def _agreements() -> rx.Component:
    return rx.cond(
        (ItemState.sub_goals.length() > 0) | (ItemState.handleplan_goal != ""),
        rx.vstack(
            rx.heading(t("Hvem gør hvad"), as_="h2", size="4"),
            rx.cond(ItemState.handleplan_goal != "", rx.text(t("Kommunens mål for dig:"), " ",
                                                             ItemState.handleplan_goal), rx.fragment()),
            rx.cond(ItemState.sub_goals.length() > 0, rx.fragment(
                rx.text(t("Din kontaktperson foreslår det her. Sig, om du er med på det.")),
                rx.cond(ItemState.notice != "", rx.callout(t_var(ItemState.notice), color_scheme="green",
                                                           high_contrast=True, role="status", width="100%"),
                        rx.fragment()),
                rx.vstack(rx.foreach(ItemState.sub_goals, _agreement), spacing="3", width="100%", role="list")),
                rx.fragment()),
            spacing="2", width="100%", id="agreements"),
        rx.fragment(),
    )


def _chart() -> rx.Component:
    return rx.cond(
        ItemState.check_ins.length() > 0,
        rx.vstack(
            rx.heading(t("Sådan er det gået"), as_="h2", size="4"),
            check_in_chart(ItemState.check_ins),
            rx.el.ul(rx.foreach(ItemState.check_ins, lambda c: rx.el.li(
                c.when, ": ", c.score.to_string(), " ", t("af 5"),
                rx.cond(c.note != "", rx.fragment(" – ", c.note), rx.fragment())))),
            spacing="2", width="100%",
        ),
        rx.fragment(),
    )


def _tick(label: rx.Component, element_id: str, *, checked: rx.Var | bool = False, on_change=None, name: str = "",
          value: rx.Var | str = "", key: rx.Var | str = "") -> rx.Component:
    """A native checkbox with its label: large, and read out right by every screen reader. It is the
    browser's own (uncontrolled), so a tap shows at once, before any answer from the server."""
    return rx.el.label(
        rx.el.input(type="checkbox", id=element_id, default_checked=checked, name=name, value=value, key=key,
                    on_change=on_change, style={"width": "1.5rem", "height": "1.5rem", "flex": "none"}),
        label,
        html_for=element_id, style={"display": "flex", "align_items": "center", "gap": "0.75rem",
                                    "min_height": TAP, "cursor": "pointer"},
    )


def _pick(label: rx.Var, audience: str, element_id: str, picked: rx.Var) -> rx.Component:
    """A box in "Hvem må se det?": drawn again from the server's picks when it refuses a tick."""
    return _tick(label, element_id, checked=picked, key=element_id + "-" + ItemState.pick_round.to_string(),
                 on_change=lambda on: ItemState.set_pick(audience, on))


def _step_offers() -> rx.Component:
    """A goal's steps its readers would not see: one box each, not ticked. Sharing one is the citizen's
    own choice, like sharing the goal."""
    return rx.cond(ItemState.step_offers.length() > 0, rx.el.fieldset(
        rx.el.legend(t("Vil du også dele målets skridt?"), font_weight="600"),
        rx.text(t("Dem, du deler med, kan ikke se skridtene endnu. Sæt flueben ved dem, der skal med."), size="2"),
        rx.foreach(ItemState.step_offers, lambda offer: _tick(
            rx.el.span(rx.foreach(offer.lines, line_in_label)),
            "share-step-" + offer.id, name="step-" + offer.id, value=offer.version)),
        border="none", padding="0", margin="0", width="100%",
    ), rx.fragment())


def _sharing() -> rx.Component:
    picker = rx.vstack(
        rx.text(t("Hvem må se det?")),
        _pick(t("Min kontaktperson"), "contact_person", "pick-contact", ItemState.pick_contact),
        _pick(t("Mine pårørende"), "relative", "pick-relative", ItemState.pick_relative),
        rx.hstack(rx.button(t("Videre"), on_click=ItemState.show_preview, min_height=TAP),
                  rx.button(t("Fortryd"), variant="soft", on_click=ItemState.cancel_share, min_height=TAP), spacing="2"),
        spacing="3", width="100%",
    )
    preview = rx.card(rx.form(rx.vstack(
        rx.heading(t("Det her bliver delt"), as_="h3", size="3"),
        rx.foreach(ItemState.lines, line_view),
        rx.el.input(type="hidden", name="seen_version", value=ItemState.version.to_string()),
        _step_offers(),
        rx.text(t("Med:"), " ", rx.cond(ItemState.pick_contact, rx.text.strong(t("din kontaktperson")), ""),
                rx.cond(ItemState.pick_contact & ItemState.pick_relative, " " + "·" + " ", ""),
                rx.cond(ItemState.pick_relative, rx.text.strong(t("dine pårørende")), ""),
                rx.cond(~ItemState.pick_contact & ~ItemState.pick_relative, t("ingen. Det bliver privat."), "")),
        rx.hstack(rx.button(t("Del"), type="submit", min_height=TAP),
                  rx.button(t("Fortryd"), type="button", variant="soft", on_click=ItemState.cancel_share,
                            min_height=TAP),
                  spacing="2"),
        spacing="2"), on_submit=ItemState.share, width="100%"), width="100%")
    return rx.vstack(
        rx.heading(t("Deling"), as_="h2", size="4"),
        rx.cond(ItemState.shared_with.length() > 0,
                rx.text(t("Delt med:"), " ", rx.foreach(ItemState.shared_with, lambda a, i: rx.fragment(
                    rx.cond(i > 0, ", ", ""), t_var(a)))),
                rx.text(t("Privat. Kun du kan se det."))),
        rx.cond(ItemState.unshared_changes.length() > 0, rx.callout(rx.vstack(
            rx.text(t("Du har ændret det, efter du delte det. De andre ser stadig det gamle.")),
            rx.foreach(ItemState.unshared_changes, lambda c: rx.text(
                rx.text.strong(t_var(c.label)), ": ", rx.el.del_(c.before), " → ", rx.el.ins(c.after))),
            rx.button(t("Del ændringen"), on_click=ItemState.approve_change(ItemState.version), min_height=TAP),
            spacing="2"), color_scheme="amber", high_contrast=True, width="100%"), rx.fragment()),
        rx.cond(ItemState.choosing_audience,
                rx.cond(ItemState.preview, preview, picker),
                rx.hstack(
                    rx.button(t("Vælg, hvem der må se det"), on_click=ItemState.choose_audience, min_height=TAP),
                    rx.cond(ItemState.shared_with.length() > 0,
                            rx.button(t("Stop deling"), variant="outline", color_scheme="red",
                                      on_click=ItemState.stop_sharing, min_height=TAP), rx.fragment()),
                    spacing="2", wrap="wrap")),
        spacing="2", width="100%",
    )


def _proposals() -> rx.Component:
    return rx.foreach(ItemState.proposals, lambda p: rx.card(rx.vstack(
        rx.heading(t("Forslag fra"), " ", p.who, as_="h2", size="3"),
        rx.text(rx.text.strong(t("Dine ord:")), " ", p.mine),
        rx.text(rx.text.strong(t("Forslag:")), " ", p.text),
        rx.hstack(rx.button(t("Ja tak"), on_click=ItemState.answer_proposal(p.id, True), min_height=TAP),
                  rx.button(t("Nej tak"), variant="soft", on_click=ItemState.answer_proposal(p.id, False),
                            min_height=TAP), spacing="2"),
        spacing="2"), width="100%"))


def _history() -> rx.Component:
    return rx.el.details(
        rx.el.summary(t("Tidligere udgaver"), style={"min_height": TAP, "cursor": "pointer", "font_weight": "600",
                                                      "padding": "0.6rem 0"}),
        rx.vstack(rx.foreach(ItemState.history, lambda v: rx.box(
            rx.text(v.when, " · ", t("skrevet af"), " ", rx.cond(v.mine, t("dig"), v.who), " ", t_var(v.via),
                    size="2", color_scheme="gray"),
            rx.foreach(v.lines, line_view),
            border_left="3px solid var(--gray-6)", padding_left="0.75rem")), spacing="3"),
    )


def _thread(title: rx.Var, hint: rx.Var, notes: rx.Var, to: str, label: rx.Var, send: rx.Var,
            open_: rx.Var | None = None, closed: rx.Var | None = None) -> rx.Component:
    """One thread: who reads it, what was written, and a box to write in while they may read it (or while
    it holds text that was refused, so the citizen sees why and keeps what they wrote)."""
    form_id = f"comment-{to or 'own'}"
    write = rx.form(rx.vstack(
        rx.el.input(type="hidden", name="to", value=to),
        rx.el.label(label, html_for=form_id, font_weight="600"),
        rx.text_area(id=form_id, name="comment", rows="2", width="100%", max_length=4000),
        rx.cond(ItemState.comment_error_in == to, message(ItemState.comment_error), rx.fragment()),
        rx.button(t("Send"), type="submit", min_height=TAP, aria_label=send), spacing="2", width="100%"),
        on_submit=ItemState.add_comment, width="100%",
        custom_attrs={"data-draft": "item-" + ItemState.item_id.to_string() + "-" + form_id})  # drafts, as above
    return rx.vstack(
        rx.heading(title, as_="h3", size="3"),
        rx.text(hint, size="2"),
        rx.foreach(notes, comment_view),
        write if open_ is None else rx.fragment(
            rx.cond(open_ | (ItemState.comment_error_in == to), write, rx.fragment()),
            rx.cond(open_, rx.fragment(), rx.text(closed, size="2"))),
        spacing="2", width="100%",
    )


def _readers_thread(title: rx.Var, hint: rx.Var, notes: rx.Var, to: str, label: rx.Var, send: rx.Var,
                    open_: rx.Var, closed: rx.Var) -> rx.Component:
    """A contact persons' or relatives' thread: shown while shared, while it has comments, or while it
    holds a refused text."""
    return rx.cond(open_ | (notes.length() > 0) | (ItemState.comment_error_in == to),
                   _thread(title, hint, notes, to, label, send, open_, closed), rx.fragment())


def _comments() -> rx.Component:
    """A thread per audience, so the citizen always knows who reads what they write (domain/comments.py)."""
    return rx.vstack(
        rx.heading(t("Kommentarer"), as_="h2", size="4"),
        _readers_thread(
            t("Med din kontaktperson"), t("Din kontaktperson kan læse det, der står her."), ItemState.contact_thread,
            "contact_person", t("Skriv til din kontaktperson"), t("Send til din kontaktperson"), ItemState.to_contact,
            t("Du deler ikke punktet med din kontaktperson nu. Din kontaktperson kan ikke se det, der står her.")),
        _readers_thread(
            t("Med dine pårørende"), t("Dine pårørende kan læse det, der står her."), ItemState.relative_thread,
            "relative", t("Skriv til dine pårørende"), t("Send til dine pårørende"), ItemState.to_relative,
            t("Du deler ikke punktet med dine pårørende nu. Dine pårørende kan ikke se det, der står her.")),
        _thread(t("Noter til dig selv"), t("Kun du kan se det, du skriver her."), ItemState.own_notes, "",
                t("Skriv en note til dig selv"), t("Send note til dig selv")),
        spacing="4", width="100%",
    )


def page() -> rx.Component:
    body = rx.vstack(
        rx.cond(ItemState.goal_title != "", rx.text(t("Til målet:"), " ", rx.link(
            ItemState.goal_title, href=ItemState.goal_href, underline="always", class_name="tap-link")), rx.fragment()),
        rx.card(rx.vstack(rx.foreach(ItemState.lines, line_view), spacing="1"), width="100%"),
        rx.cond(ItemState.steps.length() > 0, rx.vstack(
            rx.heading(t("Skridt"), as_="h2", size="4"),
            rx.el.ul(rx.foreach(ItemState.steps, step_link)),
            spacing="1", width="100%"), rx.fragment()),
        rx.cond(ItemState.conflict != "", rx.callout(t_var(ItemState.conflict), color_scheme="amber",
                                                     high_contrast=True, role="status", width="100%"), rx.fragment()),
        _proposals(),
        rx.cond(ItemState.editing, _edit_form(),
                rx.hstack(
                    rx.button(t("Ret"), on_click=ItemState.start_edit, min_height=TAP),
                    rx.cond(ItemState.is_step,
                            rx.button(rx.cond(ItemState.step_done, t("Ikke gjort alligevel"), t("Marker som gjort")),
                                      variant="soft", on_click=ItemState.toggle_step, min_height=TAP),
                            rx.fragment()),
                    spacing="2", wrap="wrap")),
        rx.cond(ItemState.is_goal, _status(), rx.fragment()),
        rx.cond(ItemState.is_goal, _agreements(), rx.fragment()),
        rx.cond(ItemState.is_goal, _chart(), rx.fragment()),
        _sharing(),
        _comments(),
        _history(),
        rx.cond(ItemState.confirming_delete, rx.callout(rx.vstack(
            rx.text(t("Vil du slette det? Det forsvinder fra din arbejdsbog og hos dem, du har delt det med.")),
            rx.cond(ItemState.is_goal, rx.text(t("Målets skridt forsvinder også.")), rx.fragment()),
            rx.flex(rx.button(t("Ja, slet det"), color_scheme="red", high_contrast=True, on_click=ItemState.delete, min_height=TAP),
                    rx.button(t("Nej"), variant="soft", color_scheme="gray", high_contrast=True, on_click=ItemState.keep, min_height=TAP),
                    wrap="wrap", spacing="2"),
            spacing="2"), color_scheme="red", high_contrast=True, role="alert", width="100%"),
            rx.button(t("Slet"), variant="outline", color_scheme="red", on_click=ItemState.ask_delete, min_height=TAP)),
        spacing="5", width="100%",
    )
    return frame(
        rx.cond(ItemState.kind_label != "", t_var(ItemState.kind_label), t("Min arbejdsbog")),
        message(ItemState.error),
        # Drawn once the item has arrived: the prerendered frame (and a phone's first paint) ends under the
        # heading, so the item's words, however long, push nothing that was already on the screen (issue 21:
        # the empty frame's buttons and "Privat" moved down by the item's height, a layout shift of 0.46).
        rx.cond((ItemState.kind != "") | ItemState.gone, rx.fragment(
            rx.cond(ItemState.gone, rx.fragment(), body),
            rx.link(t("Tilbage til arbejdsbogen"), href=routes.WORKBOOK, underline="always"),
        ), first_data_slot()),  # until then: her item as the server wrote it into the page (reports/first_data.py)
        speak="main",  # "Læs op" (components/read_aloud.py)
    )
