"""The chat: a flow (citizenplan/flows/) run one question at a time, every answer kept the moment it arrives.

The public API the states use. Inside, along its lines:
    engine.py       the entry points and moving through a flow
    view.py         what the page is sent (ChatView and its parts; the page-update protocol, Delta)
    validation.py   an answer checked and put in its stored form
    actions.py      what a flow's names stand for: actions, skip conditions, chip sources, loops (registries)
    registry.py     the registries, and the check of the flows against them when they load
    store.py        the conversation's rows, as plain statements
"""

from citizenplan.domain.chat.actions import FINAL_ACTIONS
from citizenplan.domain.chat.engine import answer, back, change, flows_for, skip, start, start_over, view
from citizenplan.domain.chat.validation import LONGEST_ANSWER
from citizenplan.domain.chat.view import (
    FACES,
    YES_NO,
    Bubble,
    ChatView,
    ChoiceView,
    Delta,
    FlowStatus,
    Question,
    SavedItem,
    Text,
)

__all__ = ["FACES", "FINAL_ACTIONS", "LONGEST_ANSWER", "YES_NO", "Bubble", "ChatView", "ChoiceView", "Delta",
           "FlowStatus", "Question", "SavedItem", "Text", "answer", "back", "change", "flows_for", "skip", "start",
           "start_over", "view"]
