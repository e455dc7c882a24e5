"""Where one chat answer's CPU goes inside a worker, in one process: Reflex's real event processing (the
event namespace's `on_event`, the event processor, the Redis state manager, the tab-owner guard, the handler,
the delta and the frame as Socket.IO encodes it) for ChatState.send_form / choose, N answers of the four demo
citizens, each in her own tab; and the same for the bare app's ChatState.send (benchmarks/bare_app).

    .venv/bin/python benchmarks/event_cost.py [--answers 400] [--database postgres|sqlite] [--apps minvej,bare]
                                              [--profile 200] [--top 25]

The script starts a throw-away PostgreSQL (tests/support/postgres.py; or SQLite) with the demo data and a Redis
on loopback, then runs each app in a child process of its own (Reflex's configuration is one per process). No
socket and no browser: the frames the worker would send are encoded and kept; what arrives is what the page
sends. Prints CPU per answer (time.process_time: every thread of the process, so the data lane's work is in
it) as a whole and split by phase (each phase's own time, without the phases inside it), the Redis commands
and frames per answer, and a cProfile top list of a separate run (the loop's thread only; the data lane's
thread is not profiled). A benchmark, not a test: it prints figures and exits 0 whatever they are. The
figures move with the machine's load (printed).
"""

import argparse
import asyncio
import gc
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
BARE_DIR = PROJECT_DIR / "benchmarks" / "bare_app"
for path in (PROJECT_DIR, PROJECT_DIR / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

CITIZENS = ("anna", "bo", "camilla", "dennis")
SUFFIX = "_rx_state_"
FLOW = "getting_started"
WARM_ANSWERS = 20
# The bare app sends its whole list at every answer: its tab is opened again (on_load starts a new list) at this
# length, as Min Vej's answers send only the tail (at most ChatState's TAIL_LONGEST bubbles; load.py's citizens
# answer a few dozen times each).
BARE_LONGEST = 50


# ---------------------------------------------------------------- phases: each one's own CPU (process_time)


class Phases:
    """CPU time charged to the innermost phase running on the loop (a stack); the rest to "other"."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        self.stack: list[str] = ["other"]
        self.mark = time.process_time()

    def _charge(self) -> None:
        now = time.process_time()
        top = self.stack[-1]
        self.totals[top] = self.totals.get(top, 0.0) + now - self.mark
        self.mark = now

    def enter(self, name: str) -> None:
        self._charge()
        self.stack.append(name)
        self.counts[name] = self.counts.get(name, 0) + 1

    def leave(self) -> None:
        self._charge()
        self.stack.pop()

    def reset(self) -> None:
        self.totals, self.counts, self.stack[:] = {}, {}, ["other"]
        self.mark = time.process_time()

    def wrap_async(self, owner, attribute: str, name: str) -> None:
        original = getattr(owner, attribute)

        async def timed(*args, **kwargs):
            self.enter(name)
            try:
                return await original(*args, **kwargs)
            finally:
                self.leave()

        setattr(owner, attribute, timed)

    def wrap_sync(self, owner, attribute: str, name: str) -> None:
        original = getattr(owner, attribute)

        def timed(*args, **kwargs):
            self.enter(name)
            try:
                return original(*args, **kwargs)
            finally:
                self.leave()

        setattr(owner, attribute, timed)

    def watch_gc(self) -> None:
        def callback(phase: str, info: dict) -> None:
            name = f"Python's garbage collector (generation {info.get('generation')})"
            if phase == "start":
                self.enter(name)
            elif self.stack[-1] == name:
                self.leave()

        gc.callbacks.append(callback)


def _instrument(phases: Phases, app, chat_state) -> None:
    """The phases of an event, each a function of Reflex's or ours that the event passes through."""
    from reflex.istate.manager.redis import StateManagerRedis
    from reflex.state import BaseState
    from reflex_base.event.processor import base_state_processor

    manager = app.state_manager
    phases.wrap_async(manager.redis, "execute_command", "Redis commands (redis-py, the client side)")
    phases.wrap_async(StateManagerRedis, "get_state", "state read: unpickle the tab's states")
    phases.wrap_async(StateManagerRedis, "set_state", "state write: pickle the touched states")
    phases.wrap_async(app, "_preprocess", "middleware: the tab-owner guard")
    phases.wrap_sync(BaseState, "_update_router_vars", "router data into the state")
    phases.wrap_async(BaseState, "_get_resolved_delta", "delta: compute")
    phases.wrap_async(base_state_processor, "process_event", "handler (Reflex's and ours, the rest)")
    phases.wrap_async(base_state_processor, "chain_updates", "delta and events: route")
    phases.wrap_async(app.event_namespace, "on_event", "on_event: the frame's event and router data")
    phases.wrap_async(app.event_namespace, "emit", "frame: encode (Socket.IO + JSON)")
    if chat_state is not None:
        from citizenplan import offload

        phases.wrap_async(offload.Lane, "run_with_db", "ours: session check + domain, in the data lane")
        phases.wrap_sync(chat_state, "_show", "ours: _show")
    phases.watch_gc()


# ---------------------------------------------------------------- one app in this process (the child)


class Tab:
    """One citizen's tab: its token, socket id and what its page shows (from the frames sent to it)."""

    def __init__(self, name: str, cookie: str) -> None:
        self.name, self.cookie = name, cookie
        self.token, self.sid = str(uuid.uuid4()), uuid.uuid4().hex[:20]
        self.shown: dict = {}


class Worker:
    """The app's event namespace with its socket output replaced by an encoder that keeps the frames."""

    def __init__(self, app, chat_state_name: str) -> None:
        from socketio import packet

        self.app, self.chat_state_name = app, chat_state_name
        self.namespace = app.event_namespace
        self.frames: dict[str, list[str]] = {}
        self.futures: list = []
        self.delta_vars: dict[str, int] = {}  # state.var: how many frames carried it
        self._packet = packet
        sid_tab: dict[str, Tab] = {}
        self.sid_tab = sid_tab

        async def emit(event, data=None, to=None, **_kwargs):
            encoded = packet.Packet(packet.EVENT, namespace=self.namespace.namespace, data=[event, data]).encode()
            self.frames.setdefault(to, []).append(encoded)
            tab = sid_tab.get(to)
            if tab is not None and event == "event":
                self._read(tab, encoded)

        self.namespace.emit = emit

    def _read(self, tab: Tab, encoded: str) -> None:
        update = json.loads(encoded[encoded.index("["):])[1]
        for state, found in (update.get("delta") or {}).items():
            for name in found:
                var = f"{state.rsplit('.', 1)[-1]}.{name.removesuffix(SUFFIX)}"
                self.delta_vars[var] = self.delta_vars.get(var, 0) + 1
        delta = (update.get("delta") or {}).get(self.chat_state_name)
        if delta:
            tab.shown.update({name.removesuffix(SUFFIX): value for name, value in delta.items()})

    async def connect(self, tab: Tab, origin: str) -> None:
        self.sid_tab[tab.sid] = tab
        headers = [(b"origin", origin.encode()), (b"user-agent", b"Mozilla/5.0 (Linux; Android 10) event_cost"),
                   (b"accept-language", b"da-DK,da;q=0.9"), (b"host", b"localhost:3000")]
        if tab.cookie:
            headers.append((b"cookie", tab.cookie.encode()))
        environ = {"QUERY_STRING": f"token={tab.token}",
                   "asgi.scope": {"headers": headers, "client": ("127.0.0.1", 40000)}}
        await self.namespace.on_connect(tab.sid, environ)

    async def send(self, tab: Tab, name: str, payload: dict, path: str, query: dict | None) -> None:
        """What the page sends, the way the page sends it; returns when the event and what it chained are done."""
        from urllib.parse import urlencode

        as_path = path + ("?" + urlencode(query) if query else "")
        data = {"name": name, "payload": payload,
                "router_data": {"pathname": path, "query": query or {}, "asPath": as_path}}
        await self.namespace.on_event(tab.sid, data)
        while self.futures:
            future = self.futures.pop(0)
            try:
                await future
            except asyncio.CancelledError:
                pass

    def capture_futures(self, processor) -> None:
        original = processor.enqueue

        async def enqueue(token, event, ev_ctx=None):
            future = await original(token, event, ev_ctx)
            self.futures.append(future)
            return future

        processor.enqueue = enqueue


def _answer_event(chat: str, shown: dict, number: int) -> tuple[str, dict]:
    """What the page sends for the question shown (as benchmarks/load.py's citizens answer)."""
    key, step = shown.get("question_key", ""), shown.get("step_id", "")
    if shown.get("finished"):
        return chat + ".start_over", {}
    choices = shown.get("choices") or []
    if choices:
        values = [c.get("value") for c in choices]
        value = next((v for v in values if str(v).lower() in ("ja", "yes", "true")), values[0])
        return chat + ".choose", {"step": step, "value": value, "key": key}
    text = f"Jeg vil gerne gå en tur ved vandet hver dag, nummer {number}."
    return chat + ".send_form", {"form": {"answer": text, "key": key, "step": step}}


def _leave_out_the_second_frame() -> None:
    """--without-second-frame: an answer's script (take it out of the outbox, scroll) is not returned."""
    os.chdir(PROJECT_DIR)
    from citizenplan.state.chat import ChatState

    send = ChatState._send

    async def without_script(self, action, *, done_key: str = ""):
        result = await send(self, action, done_key=done_key)
        return None if self.question_key and not self.error and done_key else result

    ChatState._send = without_script


def _load_app(which: str):
    """(the rx.App, the chat state's class, whether it is Min Vej): imported as `reflex run` would."""
    if which == "bare":
        os.chdir(BARE_DIR)
        sys.path.insert(0, str(BARE_DIR))
        from barechat import barechat

        return barechat.app, barechat.ChatState, False
    os.chdir(PROJECT_DIR)
    from citizenplan.citizenplan import app
    from citizenplan.state.chat import ChatState

    return app, ChatState, True


async def _measure(which: str, answers: int, profile_answers: int, top: int, together: bool) -> None:
    from reflex.state import State

    app, chat_state, minvej = _load_app(which)
    app._enable_state()
    worker_processor_context = app._setup_event_processor()
    await worker_processor_context.__aenter__()
    worker = Worker(app, chat_state.get_full_name())
    worker.capture_futures(app.event_processor)
    hydrate = State.get_full_name() + ".hydrate_and_load"
    chat = chat_state.get_full_name()
    path, query = ("/samtale", {"flow": FLOW}) if minvej else ("/", None)

    tabs: list[Tab] = []
    for name in CITIZENS if minvej else tuple(f"bare-{i}" for i in range(1, len(CITIZENS) + 1)):
        cookie = ""
        if minvej:
            from citizenplan.auth.cookies import COOKIE_NAME
            from tests.support.states import token_for

            cookie = f"{COOKIE_NAME}={token_for(name)}"
        tab = Tab(name, cookie)
        await worker.connect(tab, "http://localhost:3000")
        await worker.send(tab, hydrate, {}, path, query)
        if minvej and not tab.shown.get("question_key"):
            raise SystemExit(f"{name}'s chat did not load: {tab.shown}")
        tabs.append(tab)

    counter = {"n": 0}

    async def one_answer(tab: Tab) -> str:
        counter["n"] += 1
        if not minvej and len(tab.shown.get("bubbles") or []) >= BARE_LONGEST:
            await worker.send(tab, hydrate, {}, path, query)  # the page opened again: its on_load starts afresh
            return "hydrate_and_load (the bare page opened again)"
        if minvej:
            name, payload = _answer_event(chat, tab.shown, counter["n"])
        else:
            name, payload = chat + ".send", {"form": {"answer": f"Svar nummer {counter['n']}"}}
        await worker.send(tab, name, payload, path, query)
        if minvej and tab.shown.get("error"):
            raise SystemExit(f"{tab.name}'s answer was refused: {tab.shown.get('error')}")
        return name.rsplit(".", 1)[1]

    async def run(count: int) -> dict[str, int]:
        """`count` events, one tab after the other; with --together, the tabs' events a round at a time, at once
        (the loop serves one tab's Redis and pickling while another's unit of work runs in the data lane)."""
        kinds: dict[str, int] = {}
        step = len(tabs) if together else 1
        for i in range(0, count, step):
            done = await asyncio.gather(*(one_answer(tabs[(i + j) % len(tabs)]) for j in range(min(step, count - i))))
            for kind in done:
                kinds[kind] = kinds.get(kind, 0) + 1
        return kinds

    await run(WARM_ANSWERS)  # warm: imports, caches, the pool's connections
    phases = Phases()
    _instrument(phases, app, chat_state if minvej else None)
    redis_calls: dict[str, int] = {}
    original_execute = app.state_manager.redis.execute_command

    async def counted(*args, **kwargs):
        command = str(args[0]) if args else "?"
        redis_calls[command] = redis_calls.get(command, 0) + 1
        return await original_execute(*args, **kwargs)

    app.state_manager.redis.execute_command = counted
    statements = _count_statements() if minvej else {}
    written = _count_writes(app.state_manager)
    for frames in worker.frames.values():
        frames.clear()
    worker.delta_vars.clear()
    gc.collect()
    phases.reset()
    began_cpu, began_wall = time.process_time(), time.perf_counter()
    kinds = await run(answers)
    phases._charge()
    cpu, wall = time.process_time() - began_cpu, time.perf_counter() - began_wall

    events = sum(kinds.values())
    frames = [f for tab in tabs for f in worker.frames.get(tab.sid, [])]
    print(f"\n== {'Min Vej' if minvej else 'bare app'}{' (tabs together)' if together else ''}: {events} events "
          f"({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}), {len(tabs)} tab(s)")
    print(f"CPU per event {cpu / events * 1000:.2f} ms (wall {wall / events * 1000:.2f} ms); "
          f"frames per event {len(frames) / events:.2f}, {sum(map(len, frames)) / events:.0f} bytes; "
          f"Redis commands per event {sum(redis_calls.values()) / events:.2f} "
          f"({', '.join(f'{k} {v / events:.2f}' for k, v in sorted(redis_calls.items()))})")
    print("vars in the deltas per event: " + ", ".join(
        f"{k} {v / events:.2f}" for k, v in sorted(worker.delta_vars.items(), key=lambda item: -item[1])))
    print(f"states written to Redis per event {sum(written.values()) / events:.2f} ("
          + ", ".join(f"{k} {v / events:.2f}" for k, v in sorted(written.items())) + ")")
    if minvej:
        print(f"SQL statements per event {sum(statements.values()) / events:.2f} "
              f"({', '.join(f'{k} {v / events:.2f}' for k, v in sorted(statements.items()))})")
    print(f"  {'phase (its own CPU, without the phases inside it)':<58} {'ms/event':>9} {'share':>6} {'calls/ev':>9}")
    for name, seconds in sorted(phases.totals.items(), key=lambda item: -item[1]):
        print(f"  {name:<58} {seconds / events * 1000:9.3f} {seconds / cpu:6.0%} "
              f"{phases.counts.get(name, 0) / events:9.2f}")
    if minvej:
        sizes = await _state_sizes(app, tabs[0].token, chat_state)
        print("  pickled states of a tab (bytes): " + ", ".join(f"{k} {v}" for k, v in sizes.items()))

    if profile_answers:
        import cProfile
        import pstats

        profiler, lane_profiler = cProfile.Profile(), cProfile.Profile()
        if minvej:
            _profile_the_lane(lane_profiler)
        profiler.enable()
        await run(profile_answers)
        profiler.disable()
        for title, which_profiler in (("the loop's thread", profiler), ("the data lane's threads", lane_profiler)):
            if not which_profiler.getstats():
                continue
            stats = pstats.Stats(which_profiler)
            print(f"\n  cProfile of {profile_answers} more events, {title}, by own time:")
            stats.sort_stats("tottime").print_stats(top)
            print(f"  {title}, by cumulative time:")
            stats.sort_stats("cumulative").print_stats(top)
    await worker_processor_context.__aexit__(None, None, None)
    await app.state_manager.close()


def _profile_the_lane(profiler) -> None:
    """Every unit of work of the data lane under `profiler` (enabled in the lane's thread, one at a time)."""
    from citizenplan import offload

    original = offload._in_unit_of_work

    def profiled(fn, *args, **kwargs):
        profiler.enable()
        try:
            return original(fn, *args, **kwargs)
        finally:
            profiler.disable()

    offload._in_unit_of_work = profiled


def _count_writes(manager) -> dict[str, int]:
    """Which states each event's save writes (Reflex writes a state only when the event touched it)."""
    counts: dict[str, int] = {}
    original = manager._collect_state_writes

    def collect(token, base_state):
        writes = original(token, base_state)
        for key, _ in writes:
            name = key.split("_", 1)[-1].rsplit(".", 1)[-1]
            counts[name] = counts.get(name, 0) + 1
        return writes

    manager._collect_state_writes = collect
    return counts


def _count_statements() -> dict[str, int]:
    """The statements the app's engine sends (SELECT 1 of the pool's pre-ping included), by first word."""
    from sqlalchemy import event

    from citizenplan.db import get_engine

    counts: dict[str, int] = {}

    def note(_conn, _cursor, statement, *_rest) -> None:
        word = statement.split(None, 1)[0].upper() if statement.strip() else "?"
        counts[word] = counts.get(word, 0) + 1

    event.listen(get_engine(), "before_cursor_execute", note)
    if get_engine().dialect.name == "postgresql":  # psycopg's own commands (BEGIN, COMMIT, ...) and the ping
        from psycopg import _connection_base

        command = _connection_base.BaseConnection._exec_command

        def counted(self, sql, *args, **kwargs):
            word = (bytes(sql) if isinstance(sql, bytes) else str(sql).encode()).split(None, 1)[0].decode()
            counts[word] = counts.get(word, 0) + 1
            return command(self, sql, *args, **kwargs)

        _connection_base.BaseConnection._exec_command = counted
    dialect = get_engine().dialect
    ping = dialect.do_ping

    def pinged(dbapi_connection):
        counts["(pre-ping)"] = counts.get("(pre-ping)", 0) + 1
        return ping(dbapi_connection)

    dialect.do_ping = pinged
    return counts


async def _state_sizes(app, token: str, chat_state) -> dict[str, int]:
    from reflex.istate.manager.token import BaseStateToken

    root = await app.state_manager.get_state(BaseStateToken(ident=token, cls=chat_state))
    sizes, stack = {}, [root]
    while stack:
        state = stack.pop()
        sizes[type(state).__name__] = len(state._serialize() or b"")
        stack.extend(state.substates.values())
    return sizes


# ---------------------------------------------------------------- the parent: database, Redis, the children


def _demo_database(url: str) -> None:
    from sqlmodel import Session

    from citizenplan import demo, migrations
    from citizenplan.db import engine_for

    migrations.upgrade(url)
    with Session(engine_for(url)) as db:
        demo.load(db)
        db.commit()
    engine_for(url).dispose()


def _children(args, database_url: str, folder: Path) -> None:
    from common import start_redis

    from tests.support.app_server import app_environment

    redis, redis_port = start_redis(folder)
    try:
        for which in args.apps.split(","):
            env = app_environment(folder / which, 3000)
            env.update({"REFLEX_REDIS_URL": f"redis://127.0.0.1:{redis_port}/{1 if which == 'bare' else 0}",
                        "CITIZENPLAN_DATABASE_URL": database_url, "PYTHONPATH": str(PROJECT_DIR)})
            for name in ("REFLEX_WEB_WORKDIR", "REFLEX_STATES_WORKDIR"):
                Path(env[name]).mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, __file__, "--child", which, "--answers", str(args.answers),  # noqa: S603
                            "--profile", str(args.profile), "--top", str(args.top),
                            *(["--without-second-frame"] if args.without_second_frame else []),
                            *(["--together"] if args.together else [])],
                           env=env, check=False)
    finally:
        os.killpg(redis.pid, signal.SIGTERM)
        redis.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=400, help="events measured per app (default 400)")
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--apps", default="minvej,bare", help="minvej and/or bare (default both)")
    parser.add_argument("--profile", type=int, default=200, help="events in the cProfile run (0: none)")
    parser.add_argument("--top", type=int, default=25, help="lines of each cProfile list")
    parser.add_argument("--without-second-frame", action="store_true",
                        help="an experiment, to price the second frame: Min Vej's answer returns no call_script (the "
                        "page would then never take the answer out of its outbox)")
    parser.add_argument("--together", action="store_true",
                        help="the four tabs' events at once, a round at a time (default: one after the other)")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.without_second_frame:
            _leave_out_the_second_frame()
        asyncio.run(_measure(args.child, args.answers, args.profile, args.top, args.together))
        return
    os.environ.setdefault("CITIZENPLAN_ARGON2_MEMORY_KIB", "1024")  # the demo's logins: not what is measured
    os.environ.setdefault("CITIZENPLAN_ARGON2_TIME_COST", "1")
    from common import machine_facts, postgres_database

    print(machine_facts(), flush=True)
    folder = Path(tempfile.mkdtemp(prefix="event-cost-"))
    try:
        if args.database == "sqlite":
            url = f"sqlite:///{folder / 'bench.db'}"
            _demo_database(url)
            _children(args, url, folder)
        else:
            with postgres_database() as url:
                _demo_database(url)
                _children(args, url, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
