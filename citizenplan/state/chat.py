"""The chat: shows the conversation the database holds, and sends each answer the moment it is given."""

import json
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.domain import chat
from citizenplan.domain.chat import ChatView, Text
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.flow import InputKind
from citizenplan.domain.ids import parse_id
from citizenplan.domain.workbook import KIND_LABELS
from citizenplan.flows import FLOWS
from citizenplan.state import inputs
from citizenplan.state.session import SessionState

TAIL_LONGEST = 24
SHOW_NEWEST = "window.scrollTo({top: document.body.scrollHeight, behavior: 'smooth'});"
OUTBOX_READ = "window.minvejOutbox ? window.minvejOutbox.json() : '[]'"
RETRY_AFTER_MS = 3000
TYPED_INPUTS = frozenset({InputKind.TEXT, InputKind.DATE, InputKind.PHONE})  # answered in a box (keep_focus)
# The database did not answer: the outbox is read again a little later and its answers sent (resend).
OUTBOX_READ_LATER = f"new Promise(resolve => setTimeout(() => resolve({OUTBOX_READ}), {RETRY_AFTER_MS}))"
# After a refused answer the box has the focus again, unless the citizen has moved it somewhere.
FOCUS_BOX = ("if (document.activeElement === document.body) {"
             " const box = document.querySelector('#answer, #answer-date, #answer-phone'); if (box) box.focus(); }")


def _after_render(script: str) -> str:
    """Reflex runs a reply's scripts as the reply arrives, before React has drawn the new state: run this
    one after, so the bot's new message is not kept waiting, and the scroll reaches the new bottom."""
    return f"setTimeout(() => {{ {script} }}, 0);"


def _stored(*keys: str) -> str:
    """The answers under these keys are stored: the browser takes them out of its outbox, and empties the
    answer box if it still holds one of them as it was sent (assets/minvej.js). The box stays on the page
    from one typed question to the next, so this, not a new box, is what makes room for the next answer."""
    return _outbox("stored", keys)


def _refused(*keys: str) -> str:
    """The answers under these keys are refused for good: out of the outbox, and the text stays in the box."""
    return _outbox("remove", keys)


def _outbox(method: str, keys: tuple[str, ...]) -> str:
    keys = tuple(key for key in keys if key)
    return f"window.minvejOutbox && window.minvejOutbox.{method}(...{json.dumps(list(keys))});" if keys else ""


@dataclass(frozen=True)
class Part:
    """A piece of a bubble: our msgid (with the goal it names), or text as written or formatted."""
    msgid: str = ""
    text: str = ""
    goal: str = ""


@dataclass(frozen=True)
class Bubble:
    who: str  # "bot" or "me"
    parts: list[Part]
    answer_id: int  # her answer's id (0 for the bot): "Ret" changes it
    editable: bool


@dataclass(frozen=True)
class Choice:
    """A chip: the value it sends, and its words as a Part's (pages/chat.py shows both the same way)."""
    value: str
    msgid: str = ""
    text: str = ""
    goal: str = ""


@dataclass(frozen=True)
class Saved:
    """A line of "Det er gemt": the kind of item (a msgid) and what was stored."""
    kind: str
    parts: list[Part]


def _part(text: Text, locale: str) -> Part:
    """A msgid stays a msgid (the page translates it, so a language switch needs no round trip)."""
    if text.kind == "msgid":
        return Part(msgid=text.value, goal=str(text.params.get("goal", "")))
    if text.kind == "date":
        return Part(text=i18n.long_date(date.fromisoformat(text.value), locale))
    return Part(text=text.value)


def _choice(value: str, words: Part) -> Choice:
    return Choice(value, words.msgid, words.text, words.goal)


class ChatState(SessionState):
    flow_id: str = ""
    flow_title: str = ""
    conversation_id: int = 0
    # The transcript in two parts, so an answer resends only what is new: `bubbles` changes on load,
    # Tilbage and Ret; `tail` holds what came since, and is folded in when it grows long.
    bubbles: list[Bubble] = []
    tail: list[Bubble] = []
    _values: dict[int, str] = {}  # each answer as given, to fill the box when it is changed
    _dates: set[int] = set()
    step_id: str = ""
    input_kind: str = ""
    choices: list[Choice] = []
    required: bool = True
    min_date: str = ""
    finished: bool = False
    again_label: str = ""  # the button that begins a finished flow again: "Start forfra", "Ny runde"
    saved: list[Saved] = []
    can_go_back: bool = False
    question_key: str = ""  # the client id of the next answer: a double tap sends it twice, stored once
    editing_answer_id: int = 0
    editing_value: str = ""
    editing_is_date: bool = False
    # The question after this one is typed into a box too. When it is not, the page lets go of the box's
    # focus as the answer leaves (assets/minvej.js), instead of when the reply takes the box away.
    keep_focus: bool = True
    _position: str = ""  # where the conversation stood when question_key was made
    _mark: str = ""  # which stored conversation the page shows (domain.chat.Delta.mark)
    _outage: bool = False  # `error` says that the database did not answer, and the page is trying again

    @rx.event
    async def load(self):
        return await self._open(routes.CHAT, self._begin)

    async def _begin(self, actor):
        """In the data lane: every page load and every reconnect of the chat runs it, and on the loop its reads
        stalled the worker's other sockets (benchmarks/README.md, load.py)."""
        flow_id = str(self.router.url.query_parameters.get("flow", ""))
        try:
            shown = await offload.DATA.run_with_db(chat.start, actor, flow_id)
        except UserError as error:
            self.error = self._explain(error, actor)
            self.conversation_id = 0
            return None
        self._show(shown, actor.locale)
        # Answers typed while offline wait in the browser: send them now, in order.
        return rx.call_script(OUTBOX_READ, callback=ChatState.resend)

    def _show(self, shown: ChatView, locale: str) -> None:
        flow = FLOWS[shown.flow_id]
        arrived = [Bubble(b.who, [_part(t, locale) for t in b.texts], b.answer_id or 0, b.editable)
                   for b in shown.bubbles]
        values = {b.answer_id: "" if b.value is None else str(b.value) for b in shown.bubbles if b.answer_id}
        dates = {b.answer_id for b in shown.bubbles if b.answer_id and b.texts and b.texts[0].kind == "date"}
        if shown.delta.appended and self.conversation_id == shown.conversation_id:
            self._values = {**self._values, **values}
            self._dates = self._dates | dates
            if len(self.tail) + len(arrived) <= TAIL_LONGEST:
                self.tail = self.tail + arrived
            else:
                self.bubbles = self.bubbles + self.tail
                self.tail = arrived
        else:
            self._values, self._dates = values, dates
            known = len(self.bubbles)
            if self.conversation_id == shown.conversation_id and arrived[:known] == self.bubbles \
                    and len(arrived) - known <= TAIL_LONGEST:
                self._assign("tail", arrived[known:])
            else:
                self._assign("bubbles", arrived)
                self._assign("tail", [])
        self._mark = shown.delta.mark
        question = shown.question
        self._assign("flow_id", flow.id)
        self._assign("flow_title", flow.title)
        self._assign("conversation_id", shown.conversation_id)
        self._assign("step_id", question.step_id if question else "")
        self._assign("input_kind", question.input.value if question else "")
        self._assign("choices", [_choice(c.value, _part(c.label, locale)) for c in question.choices]
                     if question else [])
        self._assign("required", question.required if question else False)
        self._assign("keep_focus", question is not None and question.next_input in TYPED_INPUTS)
        self._assign("min_date", (question.min_date or "") if question else "")
        self._assign("finished", shown.finished)
        self._assign("again_label", flow.again)
        self._assign("saved", [Saved(KIND_LABELS[s.kind], [_part(t, locale) for t in s.parts]) for s in shown.saved])
        self._assign("can_go_back", shown.can_go_back)
        self._assign("editing_answer_id", 0)
        self._assign("error", "")
        self._outage = False
        # A new key (and so a fresh box) only when the conversation has moved: showing the same question
        # again (a saved Ret, a duplicate answer, a resend) keeps what the citizen is typing.
        position = f"{shown.conversation_id}:{self.step_id}:{len(self.bubbles) + len(self.tail)}:{shown.finished}"
        if position != self._position:
            self._position = position
            self.question_key = secrets.token_hex(8)

    def _assign(self, name: str, value: Any) -> None:
        """Only a changed var goes to the browser: an answer sends a few hundred bytes, not the chat."""
        if getattr(self, name) != value:
            setattr(self, name, value)

    async def _send(self, action, *, done_key: str = ""):
        """Run one engine call as the logged-in citizen (SessionState._as_actor: in a thread, so the loop
        serves the other sockets while PostgreSQL answers); show the result or the plain reason."""
        if done_key and not self.conversation_id:
            # A state that has not loaded its conversation: after a worker died the tab reconnects under a
            # new token, or Redis lost the tab's state, and Reflex hands over the answer sent meanwhile
            # before the page's load has run. Refusing it would take it out of the outbox; the load that
            # follows sends the outbox (resend), this answer with it.
            return None
        outcome = await self._as_actor(action)
        if outcome.refusal is not None:  # the text stays in the box; the server has answered
            return rx.call_script(_refused(done_key) + FOCUS_BOX)
        if outcome.actor is None:
            return outcome.to_login
        self._show(outcome.value, outcome.actor.locale)
        return rx.call_script(_after_render(_stored(done_key) + SHOW_NEWEST))

    @rx.event
    async def send_form(self, form: dict):
        form = inputs.form(form)
        key, step = inputs.key(form.get("key")), form.get("step", "")
        # Read by the form's own fields, not by the question this state last showed: a typed answer comes in
        # a box named "answer", picks as pick_*. The state may be older than the page (a save lost under
        # overload, state/outage.py); the engine checks the answer against the step it is stored for.
        value: Any = form.get("answer", "") if "answer" in form else [
            name.removeprefix("pick_") for name, on in form.items() if name.startswith("pick_") and on]
        conversation_id, mark = self.conversation_id, self._mark
        return await self._send(lambda db, actor: chat.answer(db, actor, conversation_id, step, value, key,
                                                             shown=mark), done_key=key)

    @rx.event
    async def choose(self, step: str, value: str, key: str):
        """`value` may be any JSON (a scale sends a number): the engine checks it against the question."""
        step, key = inputs.text(step), inputs.key(key)
        conversation_id, mark = self.conversation_id, self._mark
        return await self._send(lambda db, actor: chat.answer(db, actor, conversation_id, step, value, key,
                                                             shown=mark), done_key=key)

    @rx.event
    async def skip(self, step: str, key: str):
        step, key = inputs.text(step), inputs.key(key)
        conversation_id, mark = self.conversation_id, self._mark
        return await self._send(lambda db, actor: chat.skip(db, actor, conversation_id, step, key, shown=mark),
                               done_key=key)

    @rx.event
    async def back(self):
        conversation_id = self.conversation_id
        return await self._send(lambda db, actor: chat.back(db, actor, conversation_id))

    @rx.event
    async def start_over(self):
        """The citizen's "Start forfra" on a finished flow: only this, never opening the page, begins it again."""
        flow_id = self.flow_id
        return await self._send(lambda db, actor: chat.start_over(db, actor, flow_id))

    @rx.event
    def start_editing(self, answer_id: int):
        answer_id = parse_id(answer_id)
        if answer_id in self._values:
            self.editing_answer_id = answer_id
            self.editing_value = self._values[answer_id]
            self.editing_is_date = answer_id in self._dates

    @rx.event
    def stop_editing(self):
        self.editing_answer_id = 0

    @rx.event
    async def save_edit(self, form: dict):
        answer_id, key, conversation_id = self.editing_answer_id, secrets.token_hex(8), self.conversation_id
        value = inputs.form(form).get("answer", "")
        return await self._send(lambda db, actor: chat.change(db, actor, conversation_id, answer_id, value, key))

    def _database_down(self, locale: str):
        """An answer (or a resend) found no database (state/outage.py). The transaction was rolled back;
        the answer is still in the outbox and in the box: say so calmly, and send the outbox again soon."""
        self.error = i18n.translate(DATABASE_DOWN, locale)
        self._outage = True
        return rx.call_script(OUTBOX_READ_LATER, callback=ChatState.resend)

    async def _back_after_outage(self):
        """Nothing waits in the outbox (the failed step was not an answer, or the page had not loaded): once
        the database answers again, the page is shown afresh; until then this raises and comes round again."""
        if await self._actor() is None:
            return rx.redirect(routes.LOGIN, replace=True)
        self._outage = False
        self.error = ""
        return ChatState.load if not self.conversation_id else None

    @rx.event
    async def resend(self, outbox: str):
        """Answers the browser kept while offline, oldest first. Each is stored once, whatever happens. Each in
        its own unit of work in a thread of offload.DATA, as an answer is: the loop serves the other sockets."""
        try:
            waiting = json.loads(inputs.text(outbox) or "[]")
        except (ValueError, RecursionError):  # not JSON, or nested deeper than a parser goes
            waiting = []
        if not isinstance(waiting, list) or not waiting or not self.conversation_id:
            return await self._back_after_outage() if self._outage else None
        actor, conversation_id = await self._actor(), self.conversation_id
        if actor is None:
            return rx.redirect(routes.LOGIN, replace=True)
        done, refused, shown = [], [], None
        for entry in waiting[:50]:
            if not isinstance(entry, dict) or entry.get("conversation") != conversation_id:
                continue
            key, step = inputs.key(entry.get("key")), inputs.text(entry.get("step"))
            try:
                if entry.get("action") == "skip":
                    shown = await offload.DATA.run_with_db(chat.skip, actor, conversation_id, step, key)
                else:
                    shown = await offload.DATA.run_with_db(chat.answer, actor, conversation_id, step,
                                                           entry.get("value"), key)
            except UserError as error:
                self.error = self._explain(error, actor)
                refused.append(key)  # for good: sending it again would be refused again; it stays in the box
                break
            done.append(key)
        if self._outage and (done or refused):
            self._outage = False
            if not refused:
                self.error = ""
        if shown is not None:
            error, self.error = self.error, ""
            self._show(shown, actor.locale)
            self.error = error
        return rx.call_script(_stored(*done) + _refused(*refused))


DATABASE_DOWN = N_("Vi kan ikke gemme dit svar lige nu. Vi prøver igen om lidt. Dit svar er ikke væk.")
WAITING = N_("Dit svar venter. Det bliver sendt, når du har forbindelse igen.")
