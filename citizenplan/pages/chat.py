"""The chat: bubbles, one question at a time, chips as big buttons, and a box that grows."""

import reflex as rx
from reflex.utils.imports import ImportVar
from reflex.vars import FunctionStringVar, VarData

from citizenplan import routes
from citizenplan.components.easy_read import life_area_picture
from citizenplan.components.i18n import t, t_var
from citizenplan.components.layout import TAP, message
from citizenplan.components.layout import page as frame
from citizenplan.components.read_aloud import read_aloud
from citizenplan.domain.chat import FACES as chat_faces
from citizenplan.domain.chat import LONGEST_ANSWER
from citizenplan.domain.errors import N_
from citizenplan.state.chat import DATABASE_DOWN, WAITING, Bubble, ChatState

FACE_LABELS = {
    "1": N_("Meget dårligt"), "2": N_("Dårligt"), "3": N_("Midt imellem"), "4": N_("Godt"), "5": N_("Rigtig godt"),
}
FACES = {str(number): face for number, face in chat_faces.items()}
# How many characters are left, under a box near its limit (assets/minvej.js fills in {count}).
CHARS_LEFT = N_("Du kan skrive {count} tegn mere.")
ONE_CHAR_LEFT = N_("Du kan skrive ét tegn mere.")
NO_CHARS_LEFT = N_("Der er ikke plads til mere. Dit svar må højst have {count} tegn.")
# How the chat works, the same for everyone and every flow: it is in the page's prerendered HTML, so it is
# shown at the first paint, before the scripts and the conversation arrive (issue 21).
LEAD = N_("Du får ét spørgsmål ad gangen. Dit svar bliver gemt, så snart du sender det. "
          "Du kan springe over og holde pause, når du vil.")


def _words(part: rx.Var) -> rx.Var:
    """A part of a bubble (or a chip): translated here when it is one of our texts, as written when it is hers."""
    return rx.cond(part.msgid != "", t_var(part.msgid).replace("{goal}", part.goal), part.text)


def _parts(bubble: rx.Var) -> rx.Component:
    return rx.foreach(bubble.parts,
                      lambda part, i: rx.fragment(rx.cond(i > 0, ", ", ""), life_area_picture(part.msgid),
                                                  _words(part)))


def _bot(bubble: rx.Var) -> rx.Component:
    spoken = bubble.parts[0]
    return rx.hstack(
        rx.box(rx.text(_parts(bubble)), class_name="bubble bot"),
        read_aloud(text=_words(spoken)),
        align="end", spacing="1", class_name="bubble-row",
    )


def _edit_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.label(t("Ret dit svar"), html_for="edit-answer", font_weight="600"),
            rx.cond(
                ChatState.editing_is_date,
                rx.input(id="edit-answer", name="answer", type="date", default_value=ChatState.editing_value,
                         min_height=TAP, width="100%"),
                rx.text_area(id="edit-answer", name="answer", default_value=ChatState.editing_value, rows="3",
                             width="100%", max_length=LONGEST_ANSWER, enter_key_submit=True),
            ),
            *_chars_left(),
            rx.hstack(
                rx.button(t("Gem"), type="submit", min_height=TAP),
                rx.button(t("Fortryd"), type="button", variant="soft", on_click=ChatState.stop_editing,
                          min_height=TAP, custom_attrs={"data-draft-discard": ""}),
                spacing="2",
            ),
            width="100%", spacing="2",
        ),
        on_submit=ChatState.save_edit, width="100%",
        # A reconnect that redraws the form puts back what she had typed (assets/minvej.js, drafts).
        custom_attrs={"data-draft": "chat-" + ChatState.conversation_id.to_string() + "-edit-"
                      + ChatState.editing_answer_id.to_string()},
    )


def _mine(bubble: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.box(rx.text(_parts(bubble)), class_name="bubble me"),
        rx.cond(bubble.editable,
                rx.button(t("Ret"), variant="ghost", size="2", class_name="tap",
                          on_click=ChatState.start_editing(bubble.answer_id),
                          aria_label=t("Ret dit svar") + ": " + bubble.parts[0].text),
                rx.fragment()),
        align="end", spacing="1", class_name="bubble-row",
    )


# React.memo that also skips a bubble whose object is new but whose content is the same: when the tail is
# folded into `bubbles`, the browser gets those bubbles as new objects.
SAME_BUBBLE_MEMO = FunctionStringVar.create(
    "(component) => memo(component, (before, after) => before.bubble === after.bubble"
    " || JSON.stringify(before.bubble) === JSON.stringify(after.bubble))",
    _var_data=VarData(imports={"react": [ImportVar(tag="memo")]}),
)


@rx.memo(wrapper=SAME_BUBBLE_MEMO)
def chat_bubble(bubble: rx.Var[Bubble]) -> rx.Component:
    """One bubble as a component of its own that reads nothing of ChatState, so an answer renders only
    the bubbles that are new: the browser keeps the object of a bubble that did not change (and the
    memo compares the content of one that arrives anew), so React skips every earlier bubble."""
    return rx.cond(bubble.who == "bot", _bot(bubble), _mine(bubble))


def _bubble(bubble: rx.Var) -> rx.Component:
    return rx.cond(
        bubble.who == "bot",
        chat_bubble(bubble=bubble),
        rx.cond(ChatState.editing_answer_id == bubble.answer_id, _edit_form(),
                chat_bubble(bubble=bubble)),
    )


def _hidden() -> list[rx.Component]:
    return [rx.el.input(type="hidden", name="key", value=ChatState.question_key),
            rx.el.input(type="hidden", name="step", value=ChatState.step_id)]


def _send_button() -> rx.Component:
    return rx.button(t("Send"), type="submit", size="3", class_name="tap")


def _outbox_attrs() -> dict:
    return {"data-outbox": "", "data-conversation": ChatState.conversation_id, "data-kind": ChatState.input_kind,
            "data-keep-focus": ChatState.keep_focus.to_string()}


def _chars_left() -> list[rx.Component]:
    """What is left of the box's room, once it is nearly full: counted in the browser (assets/minvej.js),
    so typing sends nothing to the server. The line shows at once; a screen reader hears the same words
    from a polite status line, updated when she pauses rather than on every keystroke."""
    texts = {"data-left": t(CHARS_LEFT), "data-left-one": t(ONE_CHAR_LEFT), "data-full": t(NO_CHARS_LEFT)}
    return [rx.el.p("", hidden=True, aria_hidden="true", class_name="chars-left",
                    custom_attrs={"data-chars-left": "", **texts}),
            rx.el.p("", role="status", aria_live="polite", class_name="visually-hidden",
                    custom_attrs={"data-chars-left-status": ""})]


def _text_input(input_type: str = "text") -> rx.Component:
    # Reflex's form replaces the submitted value of a field by the value of the element whose id equals
    # the field's name (refs["ref_<id>"], one registry for the page). One id per element, then.
    # No autoFocus: assets/minvej.js focuses a new question's box a frame after it is drawn, so the focus
    # (which lays out and scrolls the page) does not hold up the bot's new message.
    input_id = {"text": "answer", "date": "answer-date", "tel": "answer-phone"}[input_type]
    box = (
        rx.text_area(id=input_id, name="answer", rows="3", size="3", max_length=LONGEST_ANSWER,
                     enter_key_submit=True, class_name="answer-box full")
        if input_type == "text" else
        rx.input(id=input_id, name="answer", type=input_type, size="3", class_name="full tap",
                 min=ChatState.min_date, auto_complete="tel" if input_type == "tel" else "off")
    )
    return rx.form(
        rx.vstack(
            *_hidden(),
            # Visible: a named box helps a reader who is unsure where to write (the bubble above is the question).
            rx.el.label(t("Dit svar"), html_for=input_id, class_name="answer-label"),
            box,
            *(_chars_left() if input_type == "text" else []),
            _send_button(),
            spacing="2", align="end", class_name="full",
        ),
        # Keyed on the conversation and the kind of answer, not the question: the box stays from one typed
        # question to the next (no new box to mount and focus per answer), and assets/minvej.js empties it
        # when the server has stored what it held. A new conversation or kind of answer gets a new box.
        key=f"{ChatState.input_kind}-{ChatState.conversation_id}", on_submit=ChatState.send_form, class_name="full",
        # What she types is kept in the browser until the server has stored it (assets/minvej.js, drafts): a
        # reconnect that draws the box anew puts it back.
        custom_attrs={**_outbox_attrs(), "data-draft": "chat-" + ChatState.conversation_id.to_string()},
        no_validate=True,  # the server says why a date will not do, in plain Danish
    )


def _chip(choice: rx.Var) -> rx.Component:
    return rx.button(
        life_area_picture(choice.value), _words(choice), variant="outline", size="3", class_name="chip tap",
        on_click=ChatState.choose(ChatState.step_id, choice.value, ChatState.question_key),
        custom_attrs={"data-outbox-action": "answer", "data-key": ChatState.question_key,
                      "data-step": ChatState.step_id, "data-value": choice.value,
                      "data-conversation": ChatState.conversation_id},
    )


def _multi() -> rx.Component:
    return rx.form(
        rx.vstack(
            *_hidden(),
            rx.el.fieldset(
                # For screen readers only: the bot's message just above says the same to the eye.
                rx.el.legend(t("Vælg gerne flere"), class_name="visually-hidden"),
                rx.flex(
                    rx.foreach(ChatState.choices, lambda c: rx.el.label(
                        rx.el.input(type="checkbox", name="pick_" + c.value),
                        life_area_picture(c.value),
                        rx.el.span(_words(c)),
                        class_name="chip pick",
                    )),
                    wrap="wrap", spacing="2",
                ),
                class_name="picks",
            ),
            _send_button(),
            spacing="3", align="end", class_name="full",
        ),
        key=ChatState.question_key,  # a new form per question, so its ticks start empty
        on_submit=ChatState.send_form, class_name="full", custom_attrs=_outbox_attrs(),
    )


def _scale() -> rx.Component:
    return rx.flex(
        *[rx.button(
            rx.vstack(rx.text(FACES[n], font_size="1.6rem", aria_hidden="true"), rx.text(n, size="2"),
                      spacing="0", align="center"),
            # The name starts with the number she sees, so "4" said to a speech-input program hits it.
            aria_label=f"{n} – " + t(FACE_LABELS[n]), variant="outline", class_name="face",
            on_click=ChatState.choose(ChatState.step_id, n, ChatState.question_key),
            custom_attrs={"data-outbox-action": "answer", "data-key": ChatState.question_key,
                          "data-step": ChatState.step_id, "data-value": n,
                          "data-conversation": ChatState.conversation_id},
        ) for n in FACES],
        spacing="2", wrap="wrap", justify="center", class_name="full",
    )


def _question() -> rx.Component:
    return rx.box(
        rx.match(
            ChatState.input_kind,
            ("text", _text_input("text")),
            ("date", _text_input("date")),
            ("phone", _text_input("tel")),
            ("multi", _multi()),
            ("scale", _scale()),
            rx.flex(rx.foreach(ChatState.choices, _chip), wrap="wrap", spacing="3", class_name="full"),
        ),
        rx.hstack(
            rx.cond(ChatState.can_go_back,
                    rx.button(t("Tilbage"), variant="soft", color_scheme="gray", on_click=ChatState.back,
                              class_name="tap"),
                    rx.fragment()),
            rx.button(t("Spring over"), variant="soft", color_scheme="gray", class_name="tap",
                      on_click=ChatState.skip(ChatState.step_id, ChatState.question_key),
                      custom_attrs={"data-outbox-action": "skip", "data-key": ChatState.question_key,
                                    "data-step": ChatState.step_id,
                                    "data-conversation": ChatState.conversation_id}),
            spacing="2", justify="end", class_name="question-actions",
        ),
        class_name="full",
        custom_attrs={"data-question": ""},  # assets/minvej.js: a focus in here goes back to the box
    )


def _summary() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Det er gemt"), as_="h2", size="4"),
            rx.el.ul(rx.foreach(ChatState.saved, lambda item: rx.el.li(
                rx.text.strong(t_var(item.kind)), ": ", _parts(item)))),
            rx.hstack(
                rx.button(t("Se din arbejdsbog"), min_height=TAP, on_click=rx.redirect(routes.WORKBOOK)),
                rx.button(t("Til forsiden"), variant="soft", min_height=TAP, on_click=rx.redirect(routes.CITIZEN_HOME)),
                # Opening the page again shows this summary; only this button begins the flow again.
                rx.button(t_var(ChatState.again_label), variant="outline", min_height=TAP,
                          on_click=ChatState.start_over),
                spacing="2", wrap="wrap",
            ),
            spacing="3",
        ),
        width="100%",
    )


def page() -> rx.Component:
    return frame(
        t_var(ChatState.flow_title),
        rx.text(t(LEAD), size="4"),
        # One list, so a bubble keeps its place (and its React component) when the tail is folded in.
        rx.vstack(rx.foreach(ChatState.bubbles + ChatState.tail, _bubble),
                  spacing="3", class_name="full", role="log", aria_live="polite", aria_label=t("Samtalen")),
        message(ChatState.error),
        # The outbox's line (assets/minvej.js) stays hidden while the alert above says the database is away.
        rx.el.p("", id="outbox-status", role="status", hidden=True,
                custom_attrs={"data-waiting": t(WAITING), "data-database-down": t(DATABASE_DOWN)}),
        rx.cond(ChatState.finished, _summary(), rx.cond(ChatState.step_id != "", _question(), rx.fragment())),
        rx.cond(ChatState.finished, rx.fragment(),
                rx.link(t("Stop og fortsæt senere"), href=routes.CITIZEN_HOME, underline="always")),
        speak="main",  # "Læs op" (components/read_aloud.py)
    )
