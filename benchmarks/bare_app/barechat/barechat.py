"""The bare equivalent of Min Vej's chat, for benchmarks/chat_round_trip.py: a list of bubbles in a
role="log" list, a form with a text box and a Send button, and a "Ja" chip. Each answer appends the
citizen's bubble and a bot reply to a list var. No database, no login, no translation.

The markup the benchmark looks for is the same as Min Vej's: `[role=log] .bubble.bot`, `#answer`, a
submit button, and `button.chip`.
"""

import reflex as rx

GREETING = "Hej! Her laver du din egen plan. Hvem er du?"


class ChatState(rx.State):
    bubbles: list[dict[str, str]] = []

    def start(self):
        """Every visit starts a new conversation, as Min Vej does after a finished flow."""
        self.bubbles = [{"who": "bot", "text": GREETING}]

    def send(self, form: dict):
        text = str(form.get("answer", "")).strip()
        self.bubbles.append({"who": "me", "text": text})
        self.bubbles.append({"who": "bot", "text": f"Tak. Har du en drøm mere? ({len(self.bubbles) // 2})"})

    def choose(self, value: str):
        self.bubbles.append({"who": "me", "text": value})
        self.bubbles.append({"who": "bot", "text": f"Hvad drømmer du om? ({len(self.bubbles) // 2})"})


def _bubble(bubble: rx.Var) -> rx.Component:
    return rx.cond(
        bubble["who"] == "bot",
        rx.box(rx.text(bubble["text"]), class_name="bubble bot", background="var(--gray-3)",
               padding="0.75rem 1rem", max_width="85%"),
        rx.box(rx.text(bubble["text"], white_space="pre-wrap"), class_name="bubble me",
               background="var(--teal-3)", padding="0.75rem 1rem", max_width="85%", align_self="end"),
    )


def index() -> rx.Component:
    return rx.container(
        rx.el.main(
            rx.heading("Samtale", as_="h1"),
            rx.vstack(rx.foreach(ChatState.bubbles, _bubble), spacing="3", width="100%", role="log",
                      aria_live="polite"),
            rx.form(
                rx.vstack(
                    rx.text_area(id="answer", name="answer", rows="3", width="100%", size="3"),
                    rx.button("Send", type="submit", size="3", min_height="44px"),
                    spacing="2", width="100%", align="end",
                ),
                on_submit=ChatState.send, reset_on_submit=True, width="100%",
            ),
            rx.button("Ja", class_name="chip", variant="outline", size="3", min_height="44px",
                      on_click=ChatState.choose("yes")),
            rx.button("Nej", class_name="chip", variant="outline", size="3", min_height="44px",
                      on_click=ChatState.choose("no")),
        ),
        size="1",
    )


app = rx.App()
app.add_page(index, route="/", on_load=ChatState.start, title="Bare chat")
