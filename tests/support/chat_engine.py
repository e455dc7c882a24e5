"""The chat engine for domain tests: a citizen's chat at a fixed NOW, answers given in one call, and what the
database then holds (items, versions, answer rows)."""

import itertools
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, func, select

from citizenplan.domain import chat, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.chat import Bubble, ChatView
from citizenplan.domain.workbook import ItemKind, ItemView
from citizenplan.models import ConversationAnswer, ItemVersion, WorkbookItem
from tests.support.people import actor, make_people

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
ASK_AGAIN = "Skriv gerne et par ord. Eller tryk på Spring over."


@dataclass
class Chat:
    """One citizen in one conversation. Each method is one event from the chat page."""

    db: Session
    me: Actor
    now: datetime = NOW
    view: ChatView | None = None
    _client_ids: Any = field(default_factory=lambda: itertools.count(1))

    def client_id(self) -> str:
        return f"{self.me.user_id}-{next(self._client_ids)}"

    def _done(self, view: ChatView) -> ChatView:
        self.db.commit()
        self.view = view
        return view

    def start(self, flow_id: str) -> ChatView:
        return self._done(chat.start(self.db, self.me, flow_id, now=self.now))

    def start_over(self, flow_id: str) -> ChatView:
        """ "Start forfra" (or "Ny runde") on a finished flow."""
        return self._done(chat.start_over(self.db, self.me, flow_id, now=self.now))

    def answer(self, value: Any, *, step_id: str | None = None, client_id: str | None = None) -> ChatView:
        return self._whole(chat.answer(self.db, self.me, self.view.conversation_id, step_id or self.step,
                                       value, client_id or self.client_id(), now=self.now, shown=self.view.delta.mark))

    def skip(self) -> ChatView:
        return self._whole(chat.skip(self.db, self.me, self.view.conversation_id, self.step, self.client_id(),
                                     now=self.now, shown=self.view.delta.mark))

    def _whole(self, view: ChatView) -> ChatView:
        """The page sends the mark of what it shows and may get only what follows. Every answer in these
        tests checks that what follows, put after what was shown, is the whole conversation as stored."""
        before = self.view
        self.db.commit()
        whole = chat.view(self.db, self.me, view.conversation_id)
        if view.delta.appended:
            assert before.conversation_id == view.conversation_id
            view = replace(view, bubbles=before.bubbles + view.bubbles, delta=replace(view.delta, appended=False))
        assert view == whole
        return self._done(whole)

    def back(self) -> ChatView:
        return self._done(chat.back(self.db, self.me, self.view.conversation_id, now=self.now))

    def change(self, answer_id: int, value: Any) -> ChatView:
        return self._done(chat.change(self.db, self.me, self.view.conversation_id, answer_id, value,
                                      self.client_id(), now=self.now))

    # what the citizen sees

    @property
    def step(self) -> str:
        assert self.view.question is not None, "the conversation has finished"
        return self.view.question.step_id

    def asking(self) -> list[str]:
        """The bot's messages since the citizen last spoke: the question now shown."""
        tail: list[Bubble] = []
        for bubble in reversed(self.view.bubbles):
            if bubble.who == "me":
                break
            tail.insert(0, bubble)
        return [text.value for bubble in tail for text in bubble.texts]

    def choices(self) -> list[str]:
        return [c.value for c in self.view.question.choices]

    def mine(self, step_id: str) -> list[Bubble]:
        return [b for b in self.view.bubbles if b.who == "me" and b.step_id == step_id]

    def bot_says(self) -> list[str]:
        return [text.value for b in self.view.bubbles if b.who == "bot" for text in b.texts]


def citizen_chat(db: Session, who: str = "citizen") -> tuple[Chat, Any]:
    people = make_people(db, now=NOW)
    return Chat(db, actor(db, getattr(people, who), NOW)), people


def items(db: Session, me: Actor, kind: ItemKind) -> list[ItemView]:
    return workbook.items(db, me, (kind,))


def only(db: Session, me: Actor, kind: ItemKind) -> ItemView:
    found = items(db, me, kind)
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]


def row(db: Session, item_id: int) -> WorkbookItem:
    return db.get(WorkbookItem, item_id)


def versions(db: Session, item_id: int) -> list[dict]:
    return [v.content for v in db.exec(select(ItemVersion).where(ItemVersion.item_id == item_id)
                                       .order_by(ItemVersion.number)).all()]


def answer_rows(db: Session, conversation_id: int) -> list[ConversationAnswer]:
    return list(db.exec(select(ConversationAnswer).where(ConversationAnswer.conversation_id == conversation_id)
                        .order_by(ConversationAnswer.id)).all())


def count(db: Session, model) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def add_item(db: Session, me: Actor, kind: ItemKind, **content: Any) -> int:
    item = workbook.create_item(db, me, kind)
    workbook.write_fields(db, me, item.id, content, via="workbook", now=NOW)
    db.commit()
    return item.id
