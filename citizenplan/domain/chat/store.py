"""The rows of a conversation, read and written with plain statements on every answer.

An answer is the chat's hot path (benchmarks/chat_round_trip.py): an ORM object to load, track and flush cost
several times the statement, so the run and the answer rows are plain values here, each statement built
once with bind parameters (a statement object keeps its cache key, so neither building it nor keying it
into SQLAlchemy's cache is paid per answer). Every function but `own_run` takes a run that the caller got
from `own_run` or made after asking the policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Row, bindparam, case, func, insert, update
from sqlalchemy.orm import defer
from sqlmodel import Session, select

from citizenplan.domain.actors import Actor
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.models import Conversation, ConversationAnswer


@dataclass
class RunRow:
    """A conversation row as plain values: read with one statement, written back with one (save_run)."""

    id: int
    citizen_id: int
    flow_id: str
    status: str
    step_id: str
    context: dict[str, Any]
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None


Run = Conversation | RunRow  # start() makes a run as an ORM object; the other entry points read RunRow

_CONVERSATION = Conversation.__table__
_READ_RUN = select(*(_CONVERSATION.c[name] for name in RunRow.__dataclass_fields__)).where(
    _CONVERSATION.c.id == bindparam("run_id"))
_SAVE_RUN = update(_CONVERSATION).where(_CONVERSATION.c.id == bindparam("run_id")).values(
    status=bindparam("new_status"), step_id=bindparam("new_step_id"), context=bindparam("new_context"),
    updated_at=bindparam("new_updated_at"), finished_at=bindparam("new_finished_at"))


def own_run(db: Session, actor: Actor, conversation_id: int) -> RunRow | None:
    """The conversation, if the actor may write in it (the policy refuses anyone else, and a missing one)."""
    found = db.connection().execute(_READ_RUN, {"run_id": conversation_id}).first()
    run = RunRow(*found) if found is not None else None
    authorize(db, actor, Action.WRITE_ITEM,
              Target(kind="conversation", citizen_id=run.citizen_id if run else None, unit_id=actor.unit_id))
    return run


def save_run(db: Session, run: Run) -> None:
    """Write the run's step, context and times: an ORM object with its session, plain values with an UPDATE
    (and a copy of the row the session may hold is expired, so it is read afresh)."""
    if isinstance(run, Conversation):
        db.add(run)
        return
    db.connection().execute(_SAVE_RUN, {
        "run_id": run.id, "new_status": run.status, "new_step_id": run.step_id, "new_context": run.context,
        "new_updated_at": run.updated_at, "new_finished_at": run.finished_at})
    held = db.identity_map.get(Session.identity_key(Conversation, run.id))
    if held is not None:
        db.expire(held)


# ------------------------------------------------------------------ the answers so far


def mark(run_id: int, last_id: int | None, last_live_seq: int | None) -> str:
    """Which stored conversation a view shows (view.Delta). Each answer, skip and change makes a newer row,
    and each Tilbage lowers the live seq (live seqs run 1..n), so no mark comes back in a conversation's life."""
    return f"{run_id}:{last_id or 0}:{last_live_seq or 0}"


class Tally(NamedTuple):
    have: bool  # an answer with this client id is stored already
    last_live_seq: int | None  # the highest seq of the answers that stand
    last_id: int | None  # the newest answer row, taken back or changed ones too

    def mark_of(self, run: Run) -> str:
        return mark(run.id, self.last_id, self.last_live_seq)


_TALLY = select(
    func.max(case((ConversationAnswer.client_id == bindparam("client_id"), 1), else_=0)),
    func.max(case((ConversationAnswer.superseded_at.is_(None), ConversationAnswer.seq))),
    func.max(ConversationAnswer.id),
).where(ConversationAnswer.conversation_id == bindparam("conversation_id"))
_LIVE_ROWS = select(
    ConversationAnswer.id, ConversationAnswer.step_id, ConversationAnswer.value, ConversationAnswer.skipped,
    ConversationAnswer.params, ConversationAnswer.item_id,
).where(ConversationAnswer.conversation_id == bindparam("conversation_id"),
        ConversationAnswer.superseded_at.is_(None)).order_by(ConversationAnswer.seq, ConversationAnswer.id)


def tally(db: Session, run: Run, client_id: str) -> Tally:
    """What answer(), skip() and change() need to know about the answers so far, in one query."""
    have, last_live, last_id = db.connection().execute(
        _TALLY, {"client_id": client_id[:64], "conversation_id": run.id}).one()
    return Tally(bool(have), last_live, last_id)


def live_answers(db: Session, run: Run) -> list[ConversationAnswer]:
    """The answers that stand, in order, as ORM objects (Tilbage marks the last one taken back)."""
    return list(db.exec(select(ConversationAnswer).options(defer(ConversationAnswer.context_before)).where(
        ConversationAnswer.conversation_id == run.id, ConversationAnswer.superseded_at.is_(None))
        .order_by(ConversationAnswer.seq, ConversationAnswer.id)).all())


def live_rows(db: Session, run: Run) -> list[Row]:
    """The same answers as live_answers, as plain rows of what a view shows (cheaper than ORM objects)."""
    return list(db.exec(_LIVE_ROWS, params={"conversation_id": run.id}).all())


# ------------------------------------------------------------------ writing an answer


@dataclass
class Written:
    """The answer row just written, as the engine and the flow actions need it."""

    id: int
    step_id: str
    seq: int
    params: dict[str, Any]
    item_id: int | None
    created_at: datetime
    value: Any
    skipped: bool


# The answer row is a plain INSERT: it is written once and never changed in place (a later change is a
# new row, a flow action's effect is noted with note_effect).
_INSERT_ANSWER = insert(ConversationAnswer.__table__)


def insert_answer(db: Session, run: Run, row: Written, client_id: str) -> int:
    """Write the answer row, with the context as it was when its question was asked; its id."""
    db.flush()  # anything pending goes first, as the ORM would order it
    return db.connection().execute(_INSERT_ANSWER, {
        "conversation_id": run.id, "step_id": row.step_id, "seq": row.seq, "value": row.value,
        "skipped": row.skipped, "params": row.params, "context_before": dict(run.context),
        "client_id": client_id[:64], "item_id": row.item_id, "created_at": row.created_at, "superseded_at": None,
    }).inserted_primary_key[0]


def note_effect(db: Session, row: Written) -> None:
    """Keep on the answer row what a flow action wrote (its item, the versions Tilbage takes back)."""
    db.exec(update(ConversationAnswer).where(ConversationAnswer.id == row.id)
            .values(item_id=row.item_id, params=row.params))
