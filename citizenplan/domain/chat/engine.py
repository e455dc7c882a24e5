"""The conversation engine: runs a flow one question at a time and keeps every answer the moment it
arrives. A tab's state can be lost at any time (DESIGN section 7); the database is the memory.

Each answer row keeps the context as it was when its question was asked, and which workbook versions it
wrote, so "back" is exact: it takes back what the answer wrote, restores that context and asks the
question again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case
from sqlmodel import Session, select

# The flows by id, read when a call needs them: the flows load after this package's registries, against
# which they are checked (citizenplan/flows/__init__.py).
from citizenplan import flows as flow_catalogue
from citizenplan.clock import utcnow
from citizenplan.domain import workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.chat import store
from citizenplan.domain.chat.actions import ACTIONS, CONDITIONS, LOOPS, Choices
from citizenplan.domain.chat.store import Run, Tally, Written
from citizenplan.domain.chat.validation import is_vague, validate
from citizenplan.domain.chat.view import (
    Bubble,
    ChatView,
    Delta,
    FlowStatus,
    Question,
    SavedItem,
    Text,
    answer_bubble,
    is_editable,
    saved,
)
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.flow import Flow, Step
from citizenplan.domain.policy import Action, authorize
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import Conversation, ConversationAnswer

# ------------------------------------------------------------------ entry points


def flows_for(db: Session, actor: Actor) -> list[FlowStatus]:
    """Each flow with whether it is new, started or finished, and the one to suggest next. What the citizen
    did decides: a flow is started once she has answered or skipped something in it (opening the chat's
    address is not starting), and finished once she has been through it."""
    authorize(db, actor, Action.READ_DRAFT, workbook.own(actor))
    answered = select(ConversationAnswer.id).where(ConversationAnswer.conversation_id == Conversation.id).exists()
    runs = db.exec(select(Conversation.flow_id, Conversation.status, Conversation.context, answered)
                   .where(Conversation.citizen_id == actor.user_id).order_by(Conversation.started_at)).all()
    status: dict[str, str] = {}
    for flow_id, run_status, context, has_answers in runs:
        if run_status == "active" and has_answers:
            status[flow_id] = "started"
        elif run_status == "finished" and not context.get("empty"):  # a check-in with no goal is not one done
            status.setdefault(flow_id, "finished")
    suggestion = _suggest(db, actor, status)
    return [FlowStatus(f.id, f.title, f.intro, status.get(f.id, "new"), f.id == suggestion, f.again)
            for f in flow_catalogue.FLOWS.values()]


def _suggest(db: Session, actor: Actor, status: dict[str, str]) -> str:
    if status.get("getting_started") != "finished":
        return "getting_started"
    if not workbook.active_goals(db, actor):
        return "dream_to_goal"
    if status.get("crisis_plan") != "finished":
        return "crisis_plan"
    return "check_in"


def start(db: Session, actor: Actor, flow_id: str, now: datetime | None = None) -> ChatView:
    """Resume the flow where it stopped, on any device; show a finished flow as it ended, with what it
    saved; or begin a flow never begun. Opening the chat again (a reload, the browser's Back button) never
    starts a finished flow over: only start_over does, when the citizen asks for it."""
    flow = _flow(db, actor, flow_id)
    run = db.exec(select(Conversation).where(
        Conversation.citizen_id == actor.user_id, Conversation.flow_id == flow_id)
        .order_by(case((Conversation.status == "active", 0), else_=1), Conversation.id.desc())).first()
    if run is None or run.context.get("empty"):  # a check-in that found no goal looks again
        run = _begin(db, actor, flow, now or utcnow())
    return _view(db, actor, run)


def start_over(db: Session, actor: Actor, flow_id: str, now: datetime | None = None) -> ChatView:
    """"Start forfra" (or "Ny runde"): the flow from its first question, in a new conversation; the finished
    ones stay as they were. A run already under way (a second tap, another tab) is resumed instead."""
    flow = _flow(db, actor, flow_id)
    run = db.exec(select(Conversation).where(
        Conversation.citizen_id == actor.user_id, Conversation.flow_id == flow_id,
        Conversation.status == "active")).first()
    return _view(db, actor, run or _begin(db, actor, flow, now or utcnow()))


def _flow(db: Session, actor: Actor, flow_id: str) -> Flow:
    authorize(db, actor, Action.WRITE_ITEM, workbook.own(actor))
    flow = flow_catalogue.FLOWS.get(flow_id)
    if flow is None:
        raise UserError(N_("Vi kan ikke finde den samtale."))
    return flow


def _begin(db: Session, actor: Actor, flow: Flow, now: datetime) -> Conversation:
    """A new run of the flow, at its first question (or finished at once: a check-in with no goal)."""
    run = Conversation(citizen_id=actor.user_id, flow_id=flow.id, context={}, started_at=now, updated_at=now)
    db.add(run)
    db.flush()
    loop = flow.steps[0].for_each
    if loop:
        run.context = {"queue": LOOPS[loop](db, actor)}
        if not run.context["queue"]:
            _finish(run, now)
            run.context = {**run.context, "empty": True}
            db.add(run)
            return run
        _next_in_loop(db, actor, run)
    _enter(db, actor, run, flow, flow.first, now)
    return run


def view(db: Session, actor: Actor, conversation_id: int) -> ChatView:
    return _view(db, actor, store.own_run(db, actor, conversation_id))


def answer(db: Session, actor: Actor, conversation_id: int, step_id: str, value: Any, client_id: str,
           now: datetime | None = None, shown: str = "") -> ChatView:
    """Store an answer the moment it arrives. The same client_id twice is stored once; an answer to a
    question that is no longer asked is ignored (it arrived late, from another tab or device).
    `shown` is the mark of the view the caller shows (view.Delta)."""
    run = store.own_run(db, actor, conversation_id)
    tally = store.tally(db, run, client_id)
    if tally.have or run.status != "active" or step_id != run.step_id:
        return _view(db, actor, run)
    now = now or utcnow()
    flow = _flow_of(run)
    step = flow.step(step_id)
    choices = Choices(db, actor)
    clean = validate(step, value, now, choices)
    if clean is None and step.required:
        raise UserError(N_("Skriv gerne et par ord. Eller tryk på Spring over."), field="answer")
    hinted = list(run.context.get("hinted", []))
    vague = step.vague_hint and step.id not in hinted and is_vague(step, clean)
    row = _record(db, actor, run, step, clean, client_id, now, tally)
    if vague:
        run.context = {**run.context, "hinted": [*hinted, step.id], "asking": [step.vague_hint]}
        run.updated_at = now
        store.save_run(db, run)
        return _after(db, actor, run, step, row, shown == tally.mark_of(run), choices)
    _apply(db, actor, run, step, clean, row)
    following = step.next.cases.get(str(clean), step.next.default) if clean is not None else step.next.default
    _enter(db, actor, run, flow, following, now)
    return _after(db, actor, run, step, row, shown == tally.mark_of(run), choices)


def skip(db: Session, actor: Actor, conversation_id: int, step_id: str, client_id: str,
         now: datetime | None = None, shown: str = "") -> ChatView:
    """'Spring over' is always allowed; the flow goes on as if nothing was said."""
    run = store.own_run(db, actor, conversation_id)
    tally = store.tally(db, run, client_id)
    if tally.have or run.status != "active" or step_id != run.step_id:
        return _view(db, actor, run)
    now = now or utcnow()
    flow = _flow_of(run)
    step = flow.step(step_id)
    row = _record(db, actor, run, step, None, client_id, now, tally, skipped=True)
    _apply(db, actor, run, step, None, row)
    _enter(db, actor, run, flow, step.next.default, now)
    return _after(db, actor, run, step, row, shown == tally.mark_of(run), Choices(db, actor))


def back(db: Session, actor: Actor, conversation_id: int, now: datetime | None = None) -> ChatView:
    """Ask the last question again, and take back what its answer wrote in the workbook, so that the
    workbook holds what the chat shows: each field it wrote as it was before (a new version), an item it
    made deleted. The answer row and every version stay in the history."""
    run = store.own_run(db, actor, conversation_id)
    answers = store.live_answers(db, run)
    if not answers or run.status != "active":
        return _view(db, actor, run)
    now = now or utcnow()
    last = answers[-1]
    for item_id, version in reversed(last.params.get("wrote", [])):
        workbook.take_back(db, actor, item_id, version, now=now)
    last.superseded_at = now
    run.context = dict(last.context_before)
    run.step_id = last.step_id
    run.updated_at = now
    db.add(last)
    db.flush()
    store.save_run(db, run)
    return _view(db, actor, run)


def change(db: Session, actor: Actor, conversation_id: int, answer_id: int, value: Any, client_id: str,
           now: datetime | None = None) -> ChatView:
    """Change an earlier answer without leaving the current question; the workbook gets a new version."""
    run = store.own_run(db, actor, conversation_id)
    if store.tally(db, run, client_id).have:
        return _view(db, actor, run)
    old = db.get(ConversationAnswer, answer_id)
    if old is None or old.conversation_id != run.id or old.superseded_at is not None:
        raise UserError(N_("Det svar findes ikke længere."))
    step = _flow_of(run).step(old.step_id)
    if not is_editable(step, old):
        raise UserError(N_("Det svar kan ikke ændres her. Brug Tilbage."))
    now = now or utcnow()
    choices = Choices(db, actor)
    clean = validate(step, value, now, choices)
    if clean is None and step.required:
        raise UserError(N_("Skriv gerne et par ord. Eller tryk på Spring over."), field="answer")
    old.superseded_at = now
    new = ConversationAnswer(conversation_id=run.id, step_id=old.step_id, seq=old.seq, value=clean,
                             params=old.params, context_before=old.context_before, client_id=client_id,
                             item_id=old.item_id, created_at=now)
    db.add_all([old, new])
    if old.item_id is not None:
        workbook.write_fields(db, actor, old.item_id, {step.store.field: clean}, now=now)
    run.updated_at = now
    db.flush()
    store.save_run(db, run)
    return _view(db, actor, run, choices)


# ------------------------------------------------------------------ what the page is sent


def _flow_of(run: Run) -> Flow:
    return flow_catalogue.FLOWS[run.flow_id]


def _view(db: Session, actor: Actor, run: Run, choices: Choices | None = None) -> ChatView:
    """The conversation as it stands, for a run the caller has already asked the policy about."""
    choices = choices or Choices(db, actor)
    flow = _flow_of(run)
    answers = store.live_rows(db, run)
    bubbles: list[Bubble] = []
    for answered in answers:
        step = flow.step(answered.step_id)
        bubbles.extend(Bubble("bot", (Text(m, params=answered.params.get("fill", {})),), step_id=step.id)
                       for m in answered.params.get("asked", step.say))
        bubbles.append(answer_bubble(step, answered, choices))
    question = None
    if run.status == "active":
        asking, question = _asking(run, flow, choices)
        bubbles.extend(asking)
    kept: tuple[SavedItem, ...] = ()
    if run.status == "finished":
        if run.context.get("empty"):
            bubbles.append(Bubble("bot", (Text(N_("Du har ingen mål endnu. Start med at gøre en drøm til et mål.")),)))
        else:
            bubbles.append(Bubble("bot", (Text(flow.done),)))
            kept = saved(db, actor, answers)
    return ChatView(run.id, flow.id, tuple(bubbles), question, run.status == "finished", kept,
                    can_go_back=bool(answers) and run.status == "active",
                    delta=Delta(store.tally(db, run, "").mark_of(run)))


def _asking(run: Run, flow: Flow, choices: Choices) -> tuple[tuple[Bubble, ...], Question]:
    """The question the run stands at: the bot's bubbles and what the citizen may answer."""
    step = flow.step(run.step_id)
    bubbles = tuple(Bubble("bot", (Text(m, params=run.context.get("fill", {})),), step_id=step.id)
                    for m in run.context.get("asking", step.say))
    following = step.next.default
    return bubbles, Question(step.id, step.input, choices.of(step), step.required,
                             utcnow().date().isoformat() if step.future_date else None,
                             next_input=flow.step(following).input if following else None)


def _after(db: Session, actor: Actor, run: Run, step: Step, row: Written, caller_is_current: bool,
           choices: Choices) -> ChatView:
    """The view after an answer or a skip. A caller that shows the conversation as it stood before gets
    only what follows (the answer and the next question): no answer before it is read again."""
    if not caller_is_current or run.status != "active":
        return _view(db, actor, run, choices)
    flow = _flow_of(run)
    asking, question = _asking(run, flow, choices)
    return ChatView(run.id, flow.id, (answer_bubble(step, row, choices), *asking), question, False, (),
                    can_go_back=True, delta=Delta(store.mark(run.id, row.id, row.seq), appended=True))


# ------------------------------------------------------------------ keeping an answer


def _record(db: Session, actor: Actor, run: Run, step: Step, value: Any, client_id: str,
            now: datetime, tally: Tally, skipped: bool = False) -> Written:
    """Write the answer row, and the workbook field the step keeps it in, before anything else happens."""
    seq = (tally.last_live_seq or 0) + 1
    asked = run.context.get("asking") or None
    params = {"fill": run.context.get("fill", {})}
    if asked:
        params["asked"] = asked
    item_id = None
    if step.store is not None and not skipped and value is not None:
        item_id, version = _store(db, actor, run, step, value, now)
        params["wrote"] = [[item_id, version]]  # what Tilbage takes back
    row = Written(0, step.id, seq, params, item_id, now, value, skipped)
    row.id = store.insert_answer(db, run, row, client_id)
    if item_id is not None:
        run.context = {**run.context, "slots": {**run.context.get("slots", {}), step.store.slot: item_id}}
    return row


def _store(db: Session, actor: Actor, run: Run, step: Step, value: Any, now: datetime) -> tuple[int, int]:
    """Keep the answer in its item (a new one when the step says so, or its slot is empty): the item's id
    and the number of the version written."""
    kept = step.store
    slots = dict(run.context.get("slots", {}))
    item_id = None if kept.fresh else slots.get(kept.slot)
    if item_id is None:
        made = workbook.create_with_fields(db, actor, ItemKind(kept.kind), {kept.field: value},
                                           parent_id=slots.get(kept.parent) if kept.parent else None,
                                           origin_id=slots.get(kept.origin) if kept.origin else None, now=now)
    else:
        made = workbook.write_fields(db, actor, item_id, {kept.field: value}, now=now)
    return made.item_id, made.version


def _apply(db: Session, actor: Actor, run: Run, step: Step, value: Any, row: Written) -> None:
    """What an answer does beyond being kept: the action the step names (actions.ACTIONS). Each workbook
    version it writes is noted on the answer, for Tilbage to take back."""
    if step.action is None:
        return
    wrote = ACTIONS[step.action](db, actor, run, value, row)
    if wrote:
        row.params = {**row.params, "wrote": [*row.params.get("wrote", []), *([w.item_id, w.version] for w in wrote)]}
        store.note_effect(db, row)


# ------------------------------------------------------------------ moving through the flow


def _enter(db: Session, actor: Actor, run: Run, flow: Flow, step_id: str, now: datetime) -> None:
    """Go to `step_id`, passing by steps whose condition says so; at the end, the next goal or the end."""
    context = {k: v for k, v in run.context.items() if k not in ("asking",)}
    run.context = context
    for _ in range(len(flow.steps) * 2 + 2):
        if step_id == "":
            if run.context.get("queue"):
                _next_in_loop(db, actor, run)
                step_id = next(s.id for s in flow.steps if s.for_each)
                continue
            _finish(run, now)
            break
        step = flow.step(step_id)
        if step.skip_when and CONDITIONS[step.skip_when](db, actor, run):
            step_id = step.next.default
            continue
        run.step_id = step.id
        break
    run.updated_at = now
    store.save_run(db, run)


def _next_in_loop(db: Session, actor: Actor, run: Run) -> None:
    queue = list(run.context.get("queue", []))
    goal_id = queue.pop(0)
    goals = {g.item_id: g for g in workbook.active_goals(db, actor)}
    title = goals[goal_id].content.get("title", "") if goal_id in goals else ""
    slots = {k: v for k, v in run.context.get("slots", {}).items() if k != "check_in"}
    run.context = {**run.context, "queue": queue, "slots": {**slots, "goal": goal_id}, "fill": {"goal": title}}


def _finish(run: Run, now: datetime) -> None:
    run.status = "finished"
    run.step_id = ""
    run.finished_at = now
