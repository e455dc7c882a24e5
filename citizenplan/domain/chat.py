"""The conversation engine: runs a flow one question at a time and keeps every answer the moment it
arrives. A tab's state can be lost at any time (DESIGN section 7); the database is the memory.

Each answer row keeps the context as it was when its question was asked, and which workbook versions it
wrote, so "back" is exact: it takes back what the answer wrote, restores that context and asks the
question again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from dateutil.relativedelta import relativedelta
from sqlalchemy import Row, bindparam, case, func, insert, update
from sqlalchemy.orm import defer
from sqlmodel import Session, select

from citizenplan.clock import utcnow
from citizenplan.domain import accounts, sharing, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.flow import Flow, InputKind, Step
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.text import clean_text
from citizenplan.domain.vocabulary import LIFE_AREA_LABELS, LifeArea
from citizenplan.domain.workbook import ItemKind
from citizenplan.flows import FLOWS
from citizenplan.models import Conversation, ConversationAnswer

LONGEST_ANSWER = 2000
EDITABLE_INPUTS = frozenset({InputKind.TEXT, InputKind.DATE})  # chips are answered again with Tilbage
TYPED_INPUTS = frozenset({InputKind.TEXT, InputKind.DATE, InputKind.PHONE})
VAGUE_PHRASES = ("ved ikke", "aner det ikke", "det ved jeg ikke", "måske", "bedre", "godt", "ingen anelse")
DANISH_PHONE = re.compile(r"^(?:\+45|0045)?(\d{8})$")
YES_NO = {"yes": N_("Ja"), "no": N_("Nej")}
FACES = {1: "😞", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}


@dataclass(frozen=True)
class Text:
    """A piece of what is shown: a Danish msgid to translate, the citizen's own words, or a date."""

    value: str
    kind: str = "msgid"  # msgid, literal, date
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Bubble:
    who: str  # "bot" or "me"
    texts: tuple[Text, ...]
    answer_id: int | None = None
    step_id: str = ""
    editable: bool = False
    value: Any = None  # the raw answer, to fill the box when the citizen changes it


@dataclass(frozen=True)
class ChoiceView:
    value: str
    label: Text


@dataclass(frozen=True)
class Question:
    step_id: str
    input: InputKind
    choices: tuple[ChoiceView, ...]
    required: bool
    min_date: str | None
    typed_next: bool = False  # the question after it (on the usual way on) is typed into a box too


@dataclass(frozen=True)
class SavedItem:
    item_id: int
    kind: ItemKind
    parts: tuple[Text, ...]  # the citizen's words, or the labels they chose


@dataclass(frozen=True)
class ChatView:
    conversation_id: int
    flow_id: str
    bubbles: tuple[Bubble, ...]
    question: Question | None
    finished: bool
    saved: tuple[SavedItem, ...] = ()
    can_go_back: bool = False
    # Which stored conversation this view shows. Given back with an answer, it lets the engine send only
    # what follows, when nothing else has changed the conversation since.
    mark: str = ""
    appended: bool = False  # `bubbles` are only those after the bubbles of the view with the given mark


@dataclass(frozen=True)
class FlowStatus:
    flow_id: str
    title: str
    intro: str
    status: str  # "new", "started", "finished"
    suggested: bool
    again: str = ""  # Danish msgid: how to begin the flow again once it is finished ("Start forfra")


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
            for f in FLOWS.values()]


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
    flow = FLOWS.get(flow_id)
    if flow is None:
        raise UserError(N_("Vi kan ikke finde den samtale."))
    return flow


def _begin(db: Session, actor: Actor, flow: Flow, now: datetime) -> Conversation:
    """A new run of the flow, at its first question (or finished at once: a check-in with no goal)."""
    run = Conversation(citizen_id=actor.user_id, flow_id=flow.id, context={}, started_at=now, updated_at=now)
    db.add(run)
    db.flush()
    if flow.steps[0].for_each == "active_goals":
        run.context = {"queue": [g.item_id for g in workbook.active_goals(db, actor)]}
        if not run.context["queue"]:
            _finish(run, now)
            run.context = {**run.context, "empty": True}
            db.add(run)
            return run
        _next_in_loop(db, actor, run)
    _enter(db, actor, run, flow, flow.first, now)
    return run


def view(db: Session, actor: Actor, conversation_id: int) -> ChatView:
    return _view(db, actor, _own_run(db, actor, conversation_id))


def _view(db: Session, actor: Actor, run: Run) -> ChatView:
    """The conversation as it stands, for a run the caller has already asked the policy about."""
    flow = FLOWS[run.flow_id]
    answers = _live_rows(db, run.id)
    bubbles: list[Bubble] = []
    for answer in answers:
        step = flow.step(answer.step_id)
        bubbles.extend(Bubble("bot", (Text(m, params=answer.params.get("fill", {})),), step_id=step.id)
                       for m in answer.params.get("asked", step.say))
        bubbles.append(_mine(db, actor, step, answer))
    question = None
    if run.status == "active":
        asking, question = _asking(db, actor, run, flow)
        bubbles.extend(asking)
    saved: tuple[SavedItem, ...] = ()
    if run.status == "finished":
        if run.context.get("empty"):
            bubbles.append(Bubble("bot", (Text(N_("Du har ingen mål endnu. Start med at gøre en drøm til et mål.")),)))
        else:
            bubbles.append(Bubble("bot", (Text(flow.done),)))
            saved = _saved(db, actor, answers)
    return ChatView(run.id, flow.id, tuple(bubbles), question, run.status == "finished", saved,
                    can_go_back=bool(answers) and run.status == "active", mark=_tally(db, run, "").mark_of(run))


def _asking(db: Session, actor: Actor, run: Run, flow: Flow) -> tuple[tuple[Bubble, ...], Question]:
    """The question the run stands at: the bot's bubbles and what the citizen may answer."""
    step = flow.step(run.step_id)
    bubbles = tuple(Bubble("bot", (Text(m, params=run.context.get("fill", {})),), step_id=step.id)
                    for m in run.context.get("asking", step.say))
    following = step.next.default
    return bubbles, Question(step.id, step.input, _choices(db, actor, step), step.required,
                             utcnow().date().isoformat() if step.future_date else None,
                             typed_next=bool(following) and flow.step(following).input in TYPED_INPUTS)


def _mine(db: Session, actor: Actor, step: Step, answer: ConversationAnswer | Row | _Written) -> Bubble:
    return Bubble("me", _shown(db, actor, step, answer), answer.id, step.id, editable=_editable(step, answer),
                  value=answer.value)


def _after(db: Session, actor: Actor, run: Run, step: Step, row: _Written, caller_is_current: bool) -> ChatView:
    """The view after an answer or a skip. A caller that shows the conversation as it stood before gets
    only what follows (the answer and the next question): no answer before it is read again."""
    if not caller_is_current or run.status != "active":
        return _view(db, actor, run)
    flow = FLOWS[run.flow_id]
    asking, question = _asking(db, actor, run, flow)
    return ChatView(run.id, flow.id, (_mine(db, actor, step, row), *asking), question, False, (),
                    can_go_back=True, mark=_mark(run.id, row.id, row.seq), appended=True)


def answer(db: Session, actor: Actor, conversation_id: int, step_id: str, value: Any, client_id: str,
           now: datetime | None = None, shown: str = "") -> ChatView:
    """Store an answer the moment it arrives. The same client_id twice is stored once; an answer to a
    question that is no longer asked is ignored (it arrived late, from another tab or device).
    `shown` is the mark of the view the caller shows (see _after)."""
    run = _own_run(db, actor, conversation_id)
    tally = _tally(db, run, client_id)
    if tally.have or run.status != "active" or step_id != run.step_id:
        return _view(db, actor, run)
    now = now or utcnow()
    flow = FLOWS[run.flow_id]
    step = flow.step(step_id)
    clean = _validate(db, actor, step, value, now)
    if clean is None and step.required:
        raise UserError(N_("Skriv gerne et par ord. Eller tryk på Spring over."), field="answer")
    hinted = list(run.context.get("hinted", []))
    vague = step.vague_hint and step.id not in hinted and _is_vague(step, clean)
    row = _record(db, actor, run, step, clean, client_id, now, tally)
    if vague:
        run.context = {**run.context, "hinted": [*hinted, step.id], "asking": [step.vague_hint]}
        run.updated_at = now
        _save_run(db, run)
        return _after(db, actor, run, step, row, shown == tally.mark_of(run))
    _apply(db, actor, run, step, clean, row)
    following = step.next.cases.get(str(clean), step.next.default) if clean is not None else step.next.default
    _enter(db, actor, run, flow, following, now)
    return _after(db, actor, run, step, row, shown == tally.mark_of(run))


def skip(db: Session, actor: Actor, conversation_id: int, step_id: str, client_id: str,
         now: datetime | None = None, shown: str = "") -> ChatView:
    """'Spring over' is always allowed; the flow goes on as if nothing was said."""
    run = _own_run(db, actor, conversation_id)
    tally = _tally(db, run, client_id)
    if tally.have or run.status != "active" or step_id != run.step_id:
        return _view(db, actor, run)
    now = now or utcnow()
    flow = FLOWS[run.flow_id]
    step = flow.step(step_id)
    row = _record(db, actor, run, step, None, client_id, now, tally, skipped=True)
    _apply(db, actor, run, step, None, row)
    _enter(db, actor, run, flow, step.next.default, now)
    return _after(db, actor, run, step, row, shown == tally.mark_of(run))


def back(db: Session, actor: Actor, conversation_id: int, now: datetime | None = None) -> ChatView:
    """Ask the last question again, and take back what its answer wrote in the workbook, so that the
    workbook holds what the chat shows: each field it wrote as it was before (a new version), an item it
    made deleted. The answer row and every version stay in the history."""
    run = _own_run(db, actor, conversation_id)
    answers = _live_answers(db, run.id)
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
    _save_run(db, run)
    return _view(db, actor, run)


def change(db: Session, actor: Actor, conversation_id: int, answer_id: int, value: Any, client_id: str,
           now: datetime | None = None) -> ChatView:
    """Change an earlier answer without leaving the current question; the workbook gets a new version."""
    run = _own_run(db, actor, conversation_id)
    if _tally(db, run, client_id).have:
        return _view(db, actor, run)
    old = db.get(ConversationAnswer, answer_id)
    if old is None or old.conversation_id != run.id or old.superseded_at is not None:
        raise UserError(N_("Det svar findes ikke længere."))
    step = FLOWS[run.flow_id].step(old.step_id)
    if not _editable(step, old):
        raise UserError(N_("Det svar kan ikke ændres her. Brug Tilbage."))
    now = now or utcnow()
    clean = _validate(db, actor, step, value, now)
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
    _save_run(db, run)
    return _view(db, actor, run)


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
        if step.skip_when and _condition(db, actor, run, step.skip_when):
            step_id = step.next.default
            continue
        run.step_id = step.id
        break
    run.updated_at = now
    _save_run(db, run)


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


def _condition(db: Session, actor: Actor, run: Run, name: str) -> bool:
    if name == "no_dreams":
        return not workbook.items(db, actor, (ItemKind.DREAM,))
    if name == "one_goal":
        return len(workbook.active_goals(db, actor)) < 2
    if name == "no_contact_name":
        return not run.context.get("contact_name")
    if name == "nothing_to_share":  # no crisis plan written, or no contact person to show it to
        return not workbook.items(db, actor, (ItemKind.CRISIS_PLAN,)) or not accounts.my_contact_persons(db, actor)
    raise KeyError(name)


# ------------------------------------------------------------------ answers


def _validate(db: Session, actor: Actor, step: Step, value: Any, now: datetime) -> Any:
    """The answer in its stored form, None when empty; UserError with a plain message when it will not do."""
    if value is None or (isinstance(value, str) and not value.strip()) or value == []:
        return None
    kind = step.input
    if kind is InputKind.TEXT:
        if len(str(value)) > LONGEST_ANSWER:
            raise UserError(N_("Dit svar er for langt. Det må højst have {count} tegn. Prøv at gøre det kortere."),
                            field="answer", count=LONGEST_ANSWER)
        return clean_text(str(value), longest=LONGEST_ANSWER, field="answer")
    if kind is InputKind.CHOICE:
        allowed = {c.value for c in _choices(db, actor, step)}
        if str(value) not in allowed:
            raise UserError(N_("Tryk på en knap."), field="answer")
        return str(value)
    if kind is InputKind.MULTI:
        chosen = [str(v) for v in (value if isinstance(value, list) else [value])]
        allowed = [c.value for c in _choices(db, actor, step)]
        if any(v not in allowed for v in chosen):
            raise UserError(N_("Tryk på en knap."), field="answer")
        return [v for v in allowed if v in chosen]
    if kind is InputKind.YES_NO:
        if value not in YES_NO:
            raise UserError(N_("Svar ja eller nej."), field="answer")
        return value
    if kind is InputKind.SCALE:
        if str(value) not in {"1", "2", "3", "4", "5"}:
            raise UserError(N_("Vælg et tal fra 1 til 5."), field="answer")
        return int(value)
    if kind is InputKind.DATE:
        try:
            chosen = date.fromisoformat(str(value))
        except ValueError:
            raise UserError(N_("Vælg en dato i kalenderen."), field="answer") from None
        if step.future_date and chosen < now.date():
            raise UserError(N_("Den dato er allerede gået. Vælg en dag, der kommer."), field="answer")
        return chosen.isoformat()
    if kind is InputKind.PHONE:
        digits = re.sub(r"[\s\-()]", "", str(value))
        match = DANISH_PHONE.match(digits)
        if not match:
            raise UserError(N_("Skriv et telefonnummer med 8 cifre, fx 12 34 56 78. Du kan også springe over."),
                            field="answer")
        number = match.group(1)
        return f"{number[:2]} {number[2:4]} {number[4:6]} {number[6:]}"
    raise ValueError(kind)


def _is_vague(step: Step, value: Any) -> bool:
    if step.input is InputKind.CHOICE:
        return value == "unknown"
    text = str(value or "").casefold().strip(" .!")
    return len(text.split()) < 3 or any(text == p or text.startswith(p + " ") for p in VAGUE_PHRASES)


@dataclass
class _Written:
    """The answer row just written, as _apply needs it."""

    id: int
    step_id: str
    seq: int
    params: dict[str, Any]
    item_id: int | None
    created_at: datetime
    value: Any
    skipped: bool


# The answer row is a plain INSERT: it is written once and never changed in place (a later change is a
# new row), and an ORM object to build, track and flush cost several times the statement.
_INSERT_ANSWER = insert(ConversationAnswer.__table__)


def _record(db: Session, actor: Actor, run: Run, step: Step, value: Any, client_id: str,
            now: datetime, tally: _Tally, skipped: bool = False) -> _Written:
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
    db.flush()  # anything pending goes first, as the ORM would order it
    row_id = db.connection().execute(_INSERT_ANSWER, {
        "conversation_id": run.id, "step_id": step.id, "seq": seq, "value": value, "skipped": skipped,
        "params": params, "context_before": dict(run.context), "client_id": client_id[:64], "item_id": item_id,
        "created_at": now, "superseded_at": None,
    }).inserted_primary_key[0]
    if item_id is not None:
        run.context = {**run.context, "slots": {**run.context.get("slots", {}), step.store.slot: item_id}}
    return _Written(row_id, step.id, seq, params, item_id, now, value, skipped)


def _store(db: Session, actor: Actor, run: Run, step: Step, value: Any, now: datetime) -> tuple[int, int]:
    """Keep the answer in its item (a new one when the step says so, or its slot is empty): the item's id
    and the number of the version written."""
    store = step.store
    slots = dict(run.context.get("slots", {}))
    item_id = None if store.fresh else slots.get(store.slot)
    if item_id is None:
        made = workbook.create_with_fields(db, actor, ItemKind(store.kind), {store.field: value},
                                           parent_id=slots.get(store.parent) if store.parent else None,
                                           origin_id=slots.get(store.origin) if store.origin else None, now=now)
    else:
        made = workbook.write_fields(db, actor, item_id, {store.field: value}, now=now)
    return made.item_id, made.version


# Actions whose effect Tilbage does not take back (an order, a share). A step with one must end its flow:
# a finished conversation has no Tilbage (tests/unit/test_chat_rules.py checks the flows).
FINAL_ACTIONS = frozenset({"set_priority", "share_preparation", "share_crisis_plan"})


def _apply(db: Session, actor: Actor, run: Run, step: Step, value: Any, row: _Written) -> None:
    """What an answer does beyond being kept: the special actions a flow names. Each workbook version an
    action writes is noted on the answer, for Tilbage to take back."""
    action = step.action
    wrote: list[workbook.ItemView] = []
    if action == "pick_dream":
        dream = int(value) if value not in (None, "new") else None
        run.context = {**run.context, "slots": {**run.context.get("slots", {}), "dream": dream}}
    elif action == "target_from_choice":
        goal_id = run.context.get("slots", {}).get("goal")
        if goal_id and value in ("month", "half_year", "year"):
            months = {"month": 1, "half_year": 6, "year": 12}[value]
            target = (row.created_at.date() + relativedelta(months=months)).isoformat()
            horizon = "short" if months <= 6 else "long"
            wrote.append(workbook.write_fields(db, actor, goal_id, {"target_date": target, "horizon": horizon},
                                               now=row.created_at))
        elif goal_id:
            wrote.append(workbook.write_fields(db, actor, goal_id, {"target_date": None, "horizon": None},
                                               now=row.created_at))
    elif action == "set_priority" and value is not None:
        workbook.put_first(db, actor, int(value))
    elif action == "remember_contact_name":
        rest = {k: v for k, v in run.context.items() if k != "contact_name"}
        run.context = {**rest, "contact_name": value} if value else rest
    elif action == "share_preparation":
        sharing.with_contact_person(db, actor, run.context.get("slots", {}).get("preparation"), value == "yes", row.created_at)
    elif action == "share_crisis_plan":
        plan = next(iter(workbook.items(db, actor, (ItemKind.CRISIS_PLAN,))), None)  # one per citizen
        sharing.with_contact_person(db, actor, plan.item_id if plan else None, value == "yes", row.created_at)
    elif action == "add_contact":
        slots = dict(run.context.get("slots", {}))
        entry = {"name": run.context.get("contact_name", ""), "phone": value or ""}
        plan = next(iter(workbook.items(db, actor, (ItemKind.CRISIS_PLAN,))), None)  # one per citizen
        if plan is None:
            plan = workbook.create_with_fields(db, actor, ItemKind.CRISIS_PLAN, {"contacts": [entry]}, now=row.created_at)
        else:
            contacts = [*plan.content.get("contacts", []), entry]
            plan = workbook.write_fields(db, actor, plan.item_id, {"contacts": contacts}, now=row.created_at)
        wrote.append(plan)
        row.item_id = plan.item_id
        run.context = {**run.context, "slots": {**slots, "crisis_plan": plan.item_id}}
    if wrote:
        row.params = {**row.params, "wrote": [*row.params.get("wrote", []), *([w.item_id, w.version] for w in wrote)]}
        db.exec(update(ConversationAnswer).where(ConversationAnswer.id == row.id)
                .values(item_id=row.item_id, params=row.params))


# ------------------------------------------------------------------ reading


@dataclass
class _Run:
    """A conversation row as plain values: read with one statement, written back with one (_save_run).
    An ORM object cost more to load, track and flush than the two statements on every answer."""

    id: int
    citizen_id: int
    flow_id: str
    status: str
    step_id: str
    context: dict[str, Any]
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None


Run = Conversation | _Run  # start() makes a run as an ORM object; the other entry points read _Run

_CONVERSATION = Conversation.__table__
_READ_RUN = select(*(_CONVERSATION.c[name] for name in _Run.__dataclass_fields__)).where(
    _CONVERSATION.c.id == bindparam("run_id"))
_SAVE_RUN = update(_CONVERSATION).where(_CONVERSATION.c.id == bindparam("run_id")).values(
    status=bindparam("new_status"), step_id=bindparam("new_step_id"), context=bindparam("new_context"),
    updated_at=bindparam("new_updated_at"), finished_at=bindparam("new_finished_at"))


def _own_run(db: Session, actor: Actor, conversation_id: int) -> _Run | None:
    found = db.connection().execute(_READ_RUN, {"run_id": conversation_id}).first()
    run = _Run(*found) if found is not None else None
    authorize(db, actor, Action.WRITE_ITEM,
              Target(kind="conversation", citizen_id=run.citizen_id if run else None, unit_id=actor.unit_id))
    return run


def _save_run(db: Session, run: Run) -> None:
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


class _Tally(NamedTuple):
    have: bool  # an answer with this client id is stored already
    last_live_seq: int | None  # the highest seq of the answers that stand
    last_id: int | None  # the newest answer row, taken back or changed ones too

    def mark_of(self, run: Run) -> str:
        return _mark(run.id, self.last_id, self.last_live_seq)


def _mark(run_id: int, last_id: int | None, last_live_seq: int | None) -> str:
    """Which stored conversation a view shows. Each answer, skip and change makes a newer row, and each
    Tilbage lowers the live seq (live seqs run 1..n), so no mark comes back in a conversation's life."""
    return f"{run_id}:{last_id or 0}:{last_live_seq or 0}"


# Statements of every answer, built once with bind parameters: a statement object keeps its cache key,
# so neither building the statement nor keying it into SQLAlchemy's cache is paid per answer.
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


def _tally(db: Session, run: Run, client_id: str) -> _Tally:
    """What answer(), skip() and change() need to know about the answers so far, in one query."""
    have, last_live, last_id = db.connection().execute(
        _TALLY, {"client_id": client_id[:64], "conversation_id": run.id}).one()
    return _Tally(bool(have), last_live, last_id)


def _live_answers(db: Session, conversation_id: int) -> list[ConversationAnswer]:
    return list(db.exec(select(ConversationAnswer).options(defer(ConversationAnswer.context_before)).where(
        ConversationAnswer.conversation_id == conversation_id, ConversationAnswer.superseded_at.is_(None))
        .order_by(ConversationAnswer.seq, ConversationAnswer.id)).all())


def _live_rows(db: Session, conversation_id: int) -> list[Row]:
    """The same answers as _live_answers, as plain rows of what view() shows (cheaper than ORM objects)."""
    return list(db.exec(_LIVE_ROWS, params={"conversation_id": conversation_id}).all())


def _choices(db: Session, actor: Actor, step: Step) -> tuple[ChoiceView, ...]:
    found: list[ChoiceView] = []
    if step.choices_from == "dreams":
        found = [ChoiceView(str(d.item_id), Text(workbook.headline(d), "literal"))
                 for d in workbook.items(db, actor, (ItemKind.DREAM,))]
    elif step.choices_from == "goals":
        found = [ChoiceView(str(g.item_id), Text(workbook.headline(g), "literal"))
                 for g in workbook.active_goals(db, actor)]
    if step.input is InputKind.YES_NO:
        found = [ChoiceView(value, Text(label)) for value, label in YES_NO.items()]
    return tuple(found) + tuple(ChoiceView(c.value, Text(c.label)) for c in step.choices)


def _shown(db: Session, actor: Actor, step: Step, answer: ConversationAnswer | Row) -> tuple[Text, ...]:
    """The citizen's answer as their bubble shows it."""
    value = answer.value
    if answer.skipped or value is None:
        return (Text(N_("Sprunget over")),)
    if step.input in (InputKind.CHOICE, InputKind.MULTI):
        labels = {c.value: c.label for c in _choices(db, actor, step)}
        picked = value if isinstance(value, list) else [value]
        return tuple(labels.get(v, Text(str(v), "literal")) for v in picked)
    if step.input is InputKind.YES_NO:
        return (Text(YES_NO[value]),)
    if step.input is InputKind.SCALE:
        return (Text(f"{FACES[int(value)]} {value}", "literal"),)
    if step.input is InputKind.DATE:
        return (Text(value, "date"),)
    return (Text(str(value), "literal"),)


def _editable(step: Step, answer: ConversationAnswer | Row) -> bool:
    return (step.store is not None and step.action is None and step.input in EDITABLE_INPUTS
            and answer.item_id is not None and not answer.skipped)


def _saved(db: Session, actor: Actor, answers: list[ConversationAnswer] | list[Row]) -> tuple[SavedItem, ...]:
    ids = list(dict.fromkeys(a.item_id for a in answers if a.item_id is not None))
    views = {v.item_id: v for v in workbook.items(db, actor)}
    return tuple(SavedItem(i, views[i].kind, _parts(views[i])) for i in ids if i in views)


def _parts(item: workbook.ItemView) -> tuple[Text, ...]:
    if item.kind is ItemKind.FOCUS_AREAS:
        return tuple(Text(LIFE_AREA_LABELS[LifeArea(area)]) for area in item.content.get("areas", []))
    return (Text(workbook.headline(item), "literal"),)
