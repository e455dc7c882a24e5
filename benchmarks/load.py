"""N simulated citizens over Reflex's real websocket protocol, each logging in and answering a chat question
every 10 s: Min Vej on `make run-scale`'s stack with 1 and with 2 workers, and the bare Reflex app of
benchmarks/bare_app under the same load, in one run.

    .venv/bin/python benchmarks/load.py --citizens 50,200          # a look: about 15 minutes here
    .venv/bin/python benchmarks/load.py --citizens 1000 --seconds 120 # issue 18's figure

What one simulated citizen does, as her phone's page would (benchmarks/reflex_socket.py, a minimal
Engine.IO/Socket.IO client; every connection goes through the stack's nginx):

1. login: opens a websocket to the login page and sends LoginState.login with her user name and password
   (argon2 at the production cost, checked by the worker); the answer carries a one-use ticket, which
   she posts to /auth/session as the page does; the answer sets the session cookie.
2. opens the chat (/samtale?flow=getting_started) on a new websocket whose handshake carries the cookie,
   and sends the page's first event (hydrate_and_load: the whole state, then ChatState.load).
3. every `--interval` seconds (10; each citizen starts at her own random moment in the first interval)
   she answers the question she is shown: a text question with a sentence, a question with choices with
   "Ja" (so the flow "Kom godt i gang" never ends: one more dream, a dream, ...), as the page sends it
   (ChatState.send_form / choose). The round trip is from sending the answer to the state update that
   carries the next question (a new question_key), on the client's clock.

The bare app gets the same: a websocket, hydrate_and_load, and every `--interval` seconds one answer
(its ChatState.send), timed to the update with the new bubbles; it has no login, no database, no
translation; it runs as one Granian process with its own Redis as state manager (as a stack worker does).

Per N and configuration every citizen first logs in and opens the chat (`--login-concurrency` logins at a
time per client process, so that the argon2 queue is not what is measured; at most `--ramp-limit`
seconds); then `--seconds` seconds are measured, and it prints: how many got in and how long that took, answers/s,
p50/p95/p99 round trip (nearest rank), errors (an answer with no reply within `--timeout`, a refused
answer, a lost socket, a failed login), login p50/p95, the largest RSS of each worker (its whole process
group: the `reflex run` process and its Granian process), and where a worker's time went during the
window (the sampler in benchmarks/sampler/sitecustomize.py: share of the event loop thread's time that
was busy, and the functions it was busy in). The targets of issue 18 (not checked here): at 1,000
citizens p95 under 200 ms and no error; the second worker adds at least 0.8x the first one's capacity;
Min Vej's p95 no more than 1.5x the bare app's.

The simulated citizens are `--processes` client processes (this script with --client) on the same
machine: their CPU is taken from the servers'. The citizens are made once, straight in the stack's
database (user names last-1 ... last-N, one password hash for all). Everything lives in one temporary
folder, removed at the end (unless --keep); every server is stopped by its process group, also after an
error or Ctrl-C. It exits 0 whatever the figures are.

`--capacity` finds what each setup (1 and 2 workers) sustains, in one run: N citizens (1,000) open the chat
with a session made straight in the database (no password check: the ramp takes seconds, and what is
measured is the chat), each setup with citizens of its own (a transcript grows with every answer); then the
offered rate goes up step by step (`--rates`, answers/s = N / the interval; `--seconds` per step, 12) on
the same open chats (after one step at the lowest rate that is not counted: a warm-up), until a step does
not hold: p95 over 200 ms, an error, or answers/s under 95 % of the offered rate. `--worker-cores C` holds each
worker to C cores (benchmarks/cpu_budget.py: a cgroup's CPU quota; needs root), so that a worker has the same
CPU alone or beside the other and the clients, PostgreSQL, Redis and nginx have room beside both. It prints each step with the CPU each side used (from /proc: the workers, the client
processes, PostgreSQL + Redis + nginx, the whole machine), each setup's capacity (the answers/s of the
highest step that held) and 2 workers / 1 worker.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import signal
import sys
import threading
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
for folder in (PROJECT_DIR, BENCH_DIR):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

PASSWORD = "belastning-og-tålmodighed"  # noqa: S105 - made-up benchmark citizens
USER_PREFIX = "last-"
FLOW = "getting_started"
TICKET = re.compile(r"ticket[\\\"]*:\s*[\\\"]*([A-Za-z0-9_\-]{16,})")
SUFFIX = "_rx_state_"
CLIENT_DEADLINE_S = 3600


# ------------------------------------------------------------------ the simulated citizens (--client)


class Tally:
    def __init__(self) -> None:
        self.round_trips: list[float] = []  # ms, answers sent inside the window
        self.logins: list[float] = []  # ms
        self.errors: dict[str, int] = {}

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def _chat_delta(update: dict, chat_state: str) -> dict | None:
    delta = update.get("delta") or {}
    found = delta.get(chat_state)
    if found is None:
        found = next((v for k, v in delta.items() if k.endswith("____chat_state")), None)
    if found is None:
        return None
    return {name.removesuffix(SUFFIX): value for name, value in found.items()}


async def _until(socket, condition, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        update = await asyncio.wait_for(socket.next_update(), max(0.01, deadline - time.monotonic()))
        if condition(update):
            return update


async def _login(args, index: int, http) -> str:
    """Steps 1: the password over the websocket, the ticket to /auth/session; returns the Cookie header."""
    from reflex_socket import ReflexSocket

    socket = await ReflexSocket.open(args.host, args.port, args.origin)
    try:
        await socket.send_event(args.login_event, {"form": {"username": f"{USER_PREFIX}{index}",
                                                           "password": PASSWORD}}, path="/")
        update = await _until(socket, lambda u: "ticket" in json.dumps(u), args.login_timeout)
    finally:
        await socket.close()
    ticket = TICKET.search(json.dumps(update))
    if not ticket:
        raise RuntimeError("no ticket in the login's answer")
    response = await http.post(f"http://{args.host}:{args.port}/auth/session", json={"ticket": ticket.group(1)},
                               headers={"Origin": args.origin, "Sec-Fetch-Site": "same-origin"})
    cookie = next((h.split(";", 1)[0] for h in response.headers.get_list("set-cookie")
                   if h.startswith("minvej_session=")), "")
    if response.status_code >= 300 or not cookie:
        raise RuntimeError(f"/auth/session answered {response.status_code}")
    return cookie


def _answer_event(args, shown: dict, number: int) -> tuple[str, dict]:
    """What the page sends for the question shown: text in the box, or the "Ja" chip."""
    key, step = shown.get("question_key", ""), shown.get("step_id", "")
    if args.bare:
        return args.chat_state + ".send", {"form": {"answer": f"Svar nummer {number}"}}
    if shown.get("finished"):
        return args.chat_state + ".start_over", {}
    choices = shown.get("choices") or []
    if choices:
        values = [c.get("value") for c in choices]
        value = next((v for v in values if str(v).lower() in ("ja", "yes", "true")), values[0])
        return args.chat_state + ".choose", {"step": step, "value": value, "key": key}
    text = f"Jeg vil gerne gå en tur ved vandet hver dag, nummer {number}."
    return args.chat_state + ".send_form", {"form": {"answer": text, "key": key, "step": step}}


class Window:
    """One measured window, on the wall clock: its start, end and the seconds between a citizen's answers."""

    def __init__(self, start: float, seconds: float, interval: float) -> None:
        self.start, self.end, self.interval = start, start + seconds, interval


class Citizen:
    """One simulated citizen between windows: her socket (None when lost), what she is shown, her cookie."""

    def __init__(self, index: int) -> None:
        self.index, self.rng = index, random.Random(index)
        self.socket, self.shown, self.cookie = None, {}, None
        self.number = 0


async def _enter(args, index: int, tally: Tally, http, logins: asyncio.Semaphore, cookie: str | None):
    """Log in (unless there is a cookie already), open the chat and load it: (socket, shown, cookie)."""
    from reflex_socket import ReflexSocket

    if not args.bare and cookie is None and args.session_secret:
        cookie = f"minvej_session={args.session_secret}-{index}"  # a session made in the database (--capacity)
    if not args.bare and cookie is None:
        async with logins:  # a few at a time: a queue at the server's argon2 lane is not what is measured
            began = time.perf_counter()
            cookie = await _login(args, index, http)
            tally.logins.append((time.perf_counter() - began) * 1000)
    socket = await ReflexSocket.open(args.host, args.port, args.origin, cookie=cookie)
    path, query = ("/", None) if args.bare else ("/samtale", {"flow": FLOW})
    shown: dict = {}

    def loaded(update: dict) -> bool:
        delta = _chat_delta(update, args.chat_state)
        if delta:
            shown.update(delta)
        return bool(shown.get("bubbles") if args.bare else shown.get("question_key"))

    try:
        await socket.send_event(args.hydrate_event, {}, path=path, query=query)
        await _until(socket, loaded, args.timeout)
    except BaseException:
        await socket.close()
        raise
    return socket, shown, cookie


async def _answer(args, socket, shown: dict, number: int) -> float | str:
    """One answer to the question shown: its round trip in ms, or what went wrong."""
    from reflex_socket import SocketClosed

    path, query = ("/", None) if args.bare else ("/samtale", {"flow": FLOW})
    name, payload = _answer_event(args, shown, number)
    before = shown.get("question_key"), len(shown.get("bubbles") or [])

    def replied(update: dict) -> bool:
        delta = _chat_delta(update, args.chat_state)
        if delta is None:
            return False
        shown.update(delta)
        if args.bare:
            return len(shown.get("bubbles") or []) != before[1]
        return shown.get("question_key") != before[0] or bool(delta.get("error"))

    began = time.perf_counter()
    try:
        await socket.send_event(name, payload, path=path, query=query)
        await _until(socket, replied, args.timeout)
    except TimeoutError:
        return "timeout"
    except (OSError, SocketClosed):
        return "socket"
    return "refused" if shown.get("error") else (time.perf_counter() - began) * 1000


async def _get_in(args, citizen: Citizen, tally: Tally, http, logins: asyncio.Semaphore) -> None:
    """Log in (three tries), open the chat and give one answer that is not measured (a warm worker)."""
    from reflex_socket import SocketClosed

    for attempt in range(3):
        try:
            if args.session_secret:  # no password to check: the first pages, a few at a time
                async with logins:
                    citizen.socket, citizen.shown, citizen.cookie = await _enter(
                        args, citizen.index, tally, http, contextlib.nullcontext(), citizen.cookie)
            else:
                citizen.socket, citizen.shown, citizen.cookie = await _enter(
                    args, citizen.index, tally, http, logins, citizen.cookie)
            if isinstance(await _answer(args, citizen.socket, citizen.shown, 0), str):
                raise TimeoutError("the first answer got no reply")
            return
        except (OSError, SocketClosed, RuntimeError, TimeoutError) as error:
            if citizen.socket is not None:
                await citizen.socket.close()
                citizen.socket = None
            tally.error("login" if citizen.cookie is None and not args.bare else "connect")
            if sum(tally.errors.values()) <= 5:  # the first few, for the log (--keep keeps it)
                print(f"citizen {citizen.index}: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
            await asyncio.sleep(1 + attempt * 2 + citizen.rng.random())


async def _in_window(args, citizen: Citizen, tally: Tally, http, logins: asyncio.Semaphore, window: Window) -> None:
    """An answer every `window.interval` seconds, from a random moment in the first one, until the end."""
    from reflex_socket import SocketClosed

    next_at = window.start + citizen.rng.uniform(0, window.interval)
    while True:
        await asyncio.sleep(max(0.0, next_at - time.time()))
        if time.time() >= window.end:
            return
        if citizen.socket is None:  # lost: in again with the same cookie (no new login)
            try:
                citizen.socket, citizen.shown, citizen.cookie = await _enter(
                    args, citizen.index, tally, http, logins, citizen.cookie)
            except (OSError, SocketClosed, RuntimeError, TimeoutError):
                tally.error("connect")
                next_at += window.interval
                continue
        citizen.number += 1
        outcome = await _answer(args, citizen.socket, citizen.shown, citizen.number)
        if isinstance(outcome, float):
            tally.round_trips.append(outcome)
        else:
            tally.error(outcome)
            if outcome != "refused":  # a late reply would be taken for the next one: a new socket
                await citizen.socket.close()
                citizen.socket = None
        next_at += window.interval


async def _client_main(args) -> None:
    """Everyone in; "ready N" on stdout; then per line on stdin ("START [INTERVAL [SECONDS]]", START in epoch
    seconds) one measured window and its tally as one JSON line on stdout; until stdin ends."""
    import httpx

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    logins = asyncio.Semaphore(args.login_concurrency)
    limits = httpx.Limits(max_connections=50, max_keepalive_connections=20)
    citizens = [Citizen(index) for index in range(args.first, args.first + args.count)]
    async with httpx.AsyncClient(limits=limits, timeout=args.login_timeout) as http:
        tally = Tally()
        entering = [asyncio.create_task(_get_in(args, citizen, tally, http, logins)) for citizen in citizens]
        waiter = asyncio.create_task(stop.wait())
        await asyncio.wait([waiter, asyncio.gather(*entering, return_exceptions=True)],
                           return_when=asyncio.FIRST_COMPLETED, timeout=args.ramp_limit)
        for task in entering:
            task.cancel()
        await asyncio.gather(*entering, return_exceptions=True)
        print(f"ready {sum(c.socket is not None for c in citizens)}", flush=True)
        try:
            while not stop.is_set():
                line = await loop.run_in_executor(None, sys.stdin.readline)
                if not line.strip():
                    break
                start, *rest = line.split()
                window = Window(float(start), float(rest[1]) if len(rest) > 1 else args.seconds,
                                float(rest[0]) if rest else args.interval)
                answering = [asyncio.create_task(_in_window(args, c, tally, http, logins, window)) for c in citizens]
                await asyncio.wait([waiter, asyncio.gather(*answering, return_exceptions=True)],
                                   return_when=asyncio.FIRST_COMPLETED,
                                   timeout=min(CLIENT_DEADLINE_S, window.end - time.time() + args.timeout + 10))
                for task in answering:
                    task.cancel()
                await asyncio.gather(*answering, return_exceptions=True)
                print(json.dumps(tally.__dict__), flush=True)
                tally = Tally()
        finally:
            waiter.cancel()
            for citizen in citizens:
                if citizen.socket is not None:
                    await citizen.socket.close()


def client(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--client", action="store_true")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--origin", required=True)
    parser.add_argument("--bare", action="store_true")
    parser.add_argument("--login-event", default="")
    parser.add_argument("--hydrate-event", required=True)
    parser.add_argument("--chat-state", required=True)
    parser.add_argument("--first", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--ramp-limit", type=float, default=1800)
    parser.add_argument("--login-concurrency", type=int, default=4)
    parser.add_argument("--login-timeout", type=float, default=300)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--interval", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--session-secret", default="")
    args = parser.parse_args(argv)
    asyncio.run(_client_main(args))
    return 0


# ------------------------------------------------------------------ servers


def _group_rss_kib(pgid: int) -> int:
    """The resident memory of every process in the group, summed."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return total


def _samples(folder: Path) -> dict[int, dict]:
    found = {}
    for path in folder.glob("*.json"):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        found[data["pid"]] = data
    return found


def _profile_lines(before: dict[int, dict], after: dict[int, dict], pgids: list[int], top: int) -> list[str]:
    """The busiest process of the first worker's group: its event loop's busy share and busiest functions."""
    from collections import Counter

    lines = []
    for pgid in pgids[:1]:
        best, best_busy = None, -1
        for pid, data in after.items():
            if data.get("pgid") != pgid:
                continue
            busy = sum(t["busy"] for t in data["threads"].values()) - sum(
                t["busy"] for t in before.get(pid, {}).get("threads", {}).values())
            if busy > best_busy:
                best, best_busy = pid, busy
        if best is None:
            return ["  (no samples: the sampler did not run in the worker)"]
        for kind in ("loop", "other"):
            now = after[best]["threads"][kind]
            then = before.get(best, {}).get("threads", {}).get(kind, {"samples": 0, "busy": 0, "self": {},
                                                                      "total": {}})
            samples, busy = now["samples"] - then["samples"], now["busy"] - then["busy"]
            if samples <= 0 or (kind == "other" and busy <= 0):
                continue
            own = Counter(now["self"]) - Counter(then["self"])
            total = Counter(now["total"]) - Counter(then["total"])
            label = "event loop thread" if kind == "loop" else "other threads (offload pools, Granian)"
            lines.append(f"  {label}: busy {busy / samples:.0%} of {samples} samples")
            if busy:
                lines.append("    self  " + "; ".join(f"{name} {count / busy:.0%}"
                                                    for name, count in own.most_common(top)))
                outer = ("reflex/reflex.py:", "reflex/utils/exec.py:", "reflex/utils/processes.py:")
                for label, prefixes in (("ours ", ("citizenplan/",)), ("reflex", ("reflex", "engineio", "socketio"))):
                    found = [(n, c) for n, c in total.most_common()
                             if n.startswith(prefixes) and not n.startswith(outer)][:top]
                    if found:
                        lines.append(f"    {label} " + "; ".join(f"{n} {c / busy:.0%}" for n, c in found))
    return lines


def _cpu_seconds(groups: dict[str, set[int]]) -> dict[str, float]:
    """CPU seconds (user + system) so far of every live process under each named set of processes (the
    process itself, its group, and every descendant: PostgreSQL's backends are in sessions of their own),
    from /proc; "machine": every CPU's busy time (anything but idle and iowait), whoever used it."""
    ticks = os.sysconf("SC_CLK_TCK")
    table: dict[int, tuple[int, int, int]] = {}  # pid: (parent, group, ticks)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            table[int(entry.name)] = (int(fields[1]), int(fields[2]), int(fields[11]) + int(fields[12]))
        except (OSError, IndexError, ValueError):
            continue

    def owner(pid: int) -> str | None:
        for _ in range(64):  # up the line of parents
            if pid not in table:
                return None
            parent, pgid, _cpu = table[pid]
            for name, roots in groups.items():
                if pid in roots or pgid in roots:
                    return name
            pid = parent
        return None

    used = dict.fromkeys(groups, 0.0)
    for pid, (_parent, _pgid, cpu) in table.items():
        if (name := owner(pid)) is not None:
            used[name] += cpu / ticks
    total = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    used["machine"] = (sum(total) - total[3] - total[4]) / ticks
    return used


def print_capacity(outcomes: list[dict], args, citizens: int, took_s: float) -> None:
    from common import machine_facts

    print()
    print(machine_facts())
    print(f"--capacity: {citizens} citizens with their chat open, {args.seconds:.0f} s per step, "
          f"{args.processes} client processes on the same machine; total run {took_s:.0f} s")
    print(f"a step holds when p95 <= {P95_LIMIT_MS} ms, no error and answers/s >= {KEEPS_UP:.0%} of the offered rate; "
          "the run stops after two steps in a row that do not hold. CPU in cores (of the machine's {}) during the "
          "step, from /proc: the workers, the client processes, PostgreSQL + Redis + nginx, and everything else on "
          "the machine (other work, the supervisor, this script)".format(os.cpu_count()))
    if args.worker_cores:
        print(f"each worker held to at most {args.worker_cores:g} cores (a cgroup's CPU quota, "
              f"benchmarks/cpu_budget.py); 'held': the workers' groups' throttled time per second, summed over the "
              "groups (per CPU, so it may pass 1)")
    header = (f"{'setup':<10} {'offered/s':>9} {'answers/s':>9} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6} {'holds':>5} "
              f"{'workers':>7} {'clients':>7} {'pg+redis+nginx':>14} {'else':>5}"
              + (f" {'held':>5}" if args.worker_cores else ""))
    print(header)
    print("-" * len(header))
    capacity = {}
    for outcome in outcomes:
        for step in outcome["steps"]:
            cpu = step["cpu"]
            cells = [f"{'-' if step[q] is None else f'{step[q]:.0f}':>7}" for q in ("p50", "p95")]
            print(f"{outcome['setup']:<10} {step['offered']:9.0f} {step['answered']:9.1f} {' '.join(cells)} "
                  f"{sum(step['errors'].values()):6d} {'yes' if step['holds'] else 'no':>5} {cpu['workers']:7.2f} "
                  f"{cpu['clients']:7.2f} {cpu['stack']:14.2f} "
                  f"{max(0.0, cpu['machine'] - cpu['workers'] - cpu['clients'] - cpu['stack']):5.2f}"
                  + (f" {step['held_back']:5.2f}" if args.worker_cores else ""))
        held = [step["answered"] for step in outcome["steps"] if step["holds"]]
        capacity[outcome["setup"]] = max(held) if held else None
        for step in outcome["steps"]:
            if step["errors"]:
                print(f"{'':<10} errors at {step['offered']:.0f}/s: "
                      + ", ".join(f"{k} {v}" for k, v in sorted(step["errors"].items())))
        print(f"{'':<10} worker RSS MiB (largest): "
              + ", ".join(f"{kib / 1024:.0f}" for kib in outcome["rss_kib"].values()))
    print()
    for setup, value in capacity.items():
        last = next(o for o in outcomes if o["setup"] == setup)["steps"]
        ceiling = "" if not last or last[-1]["holds"] else f"; the steps up to {last[-1]['offered']:.0f}/s did not hold"
        print(f"capacity, {setup}: " + ("none of the steps held" if value is None else
                                        f"{value:.1f} answers/s sustained{ceiling}"
                                        + ("" if ceiling else " (every step held: offer more with --rates)")))
    one, two = capacity.get("1 worker"), capacity.get("2 workers")
    if one and two:
        print(f"2 workers / 1 worker = {two / one:.2f}: the second worker adds {(two - one) / one:.2f}x the first "
              "one's capacity (target at least 0.8)")


P95_LIMIT_MS = 200  # issue 18: p95 under 200 ms
KEEPS_UP = 0.95  # answers/s at least this share of the offered rate


def step_holds(offered: float, answered: float, p95_ms: float | None, errors: int) -> bool:
    """A capacity step the setup sustained: p95 within the target, no error, and it kept up."""
    return p95_ms is not None and p95_ms <= P95_LIMIT_MS and errors == 0 and answered >= KEEPS_UP * offered


def main(argv: list[str]) -> int:  # noqa: C901 - one run, start to end, in the order it happens
    import shutil
    import subprocess
    import tempfile
    from contextlib import ExitStack, contextmanager
    from dataclasses import dataclass, field

    import cpu_budget
    from common import machine_facts, percentile, start_redis

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citizens", default=None, help="comma-separated N (default 50,200; --capacity: 1000)")
    parser.add_argument("--seconds", type=float, default=None, help="measured seconds per N and setup (default "
                        "60; --capacity: per step, 12)")
    parser.add_argument("--ramp-limit", type=float, default=1800, help="the most seconds for logins and first "
                        "pages before the window; who is not in by then is left out (default 1800)")
    parser.add_argument("--login-concurrency", type=int, default=4, help="logins in flight per client process "
                        "(default 4)")
    parser.add_argument("--interval", type=float, default=10, help="seconds between a citizen's answers (10)")
    parser.add_argument("--timeout", type=float, default=None, help="an answer with no reply by then is an error "
                        "(default 30 s; --capacity: 5 s)")
    parser.add_argument("--processes", type=int, default=2, help="client processes (default 2)")
    parser.add_argument("--setups", default=None, help="what to measure: bare, 1 and/or 2 workers (default "
                        "bare,1,2; --capacity: 1,2)")
    parser.add_argument("--capacity", action="store_true", help="find each setup's capacity: the offered rate "
                        "goes up step by step (--rates) until p95 > 200 ms, an error, or answers/s < 95 %% of it")
    parser.add_argument("--rates", default="50,75,100,125,150,200,250,300,400,500,600",
                        help="--capacity: the offered answers/s of each step (N / the interval)")
    parser.add_argument("--worker-cores", type=float, default=None, help="--capacity: give each worker at most "
                        "this many cores (a cgroup's CPU quota; needs root), so that each has the same CPU alone or "
                        "beside another, and the rest of the machine has room: benchmarks/cpu_budget.py")
    parser.add_argument("--top", type=int, default=6, help="functions listed per profile (default 6)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, samples)")
    parser.add_argument("--no-sampler", action="store_true", help="no profile: the servers' CPU without the "
                        "sampler's own (it dumps every thread's stack 200 times a second, dearer in a process with "
                        "more threads: a stack worker has a dozen, the bare app two)")
    args = parser.parse_args(argv)
    for name, plain, capacity in (("citizens", "50,200", "1000"), ("seconds", 60.0, 12.0), ("timeout", 30.0, 5.0),
                                  ("setups", "bare,1,2", "1,2")):
        if getattr(args, name) is None:
            setattr(args, name, capacity if args.capacity else plain)
    sizes = [int(n) for n in args.citizens.split(",") if n.strip()]
    setups = [s.strip() for s in args.setups.split(",") if s.strip()]
    if args.worker_cores:
        try:
            cpu_budget.check()
        except cpu_budget.NoCpuBudget as missing:
            print(missing)
            return 2

    from reflex.state import State

    from citizenplan.state.chat import ChatState
    from citizenplan.state.login import LoginState
    from tests.support import app_server
    from tests.support.stack import RunningStack, group_alive

    hydrate_event = State.get_full_name() + ".hydrate_and_load"
    login_event = LoginState.get_full_name() + ".login"
    minvej_chat = ChatState.get_full_name()
    bare_chat = State.get_full_name() + ".barechat___barechat____chat_state"

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    for name in ("CITIZENPLAN_ARGON2_MEMORY_KIB", "CITIZENPLAN_ARGON2_TIME_COST"):
        os.environ.pop(name, None)  # the citizens' password hash at the production cost

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)

    @dataclass
    class Result:
        setup: str
        citizens: int
        tally: dict = field(default_factory=dict)
        rss_kib: list[int] = field(default_factory=list)
        profile: list[str] = field(default_factory=list)
        ready: int = 0
        ramp_s: float = 0.0
        cpu: dict = field(default_factory=dict)  # cores during the window: "workers", "services"

    root = Path(tempfile.mkdtemp(prefix="minvej-load-"))
    root.chmod(0o755)  # PostgreSQL runs as `postgres` under root and must reach the stack's folder
    samples = root / "samples"
    samples.mkdir()
    print(f"temporary folder: {root}", flush=True)
    print(machine_facts(), flush=True)
    results: list[Result] = []

    def sampled_environment(env: dict[str, str]) -> dict[str, str]:
        env = dict(env)
        env["PYTHONPATH"] = os.pathsep.join([*([] if args.no_sampler else [str(BENCH_DIR / "sampler")]),
                                             str(PROJECT_DIR), *filter(None, [env.get("PYTHONPATH", "")])])
        if not args.no_sampler:
            env["MINVEJ_SAMPLE_DIR"] = str(samples)
        for name in ("CITIZENPLAN_ARGON2_MEMORY_KIB", "CITIZENPLAN_ARGON2_TIME_COST"):
            env.pop(name, None)  # the production cost
        return env

    stack_port = app_server.free_port()  # one address for every stack run: the frontend is built once

    @contextmanager
    def stack(workers: int):
        """tests/support/stack.py's stack, in one folder for every run (the frontend is built once,
        PostgreSQL keeps the citizens), with the sampler in every process."""
        port = stack_port
        env = app_server.app_environment(root, port)
        for name in ("CITIZENPLAN_DATABASE_URL", "REFLEX_REDIS_URL", "CITIZENPLAN_PUBLIC_URL", "REFLEX_API_URL",
                     "REFLEX_WEB_WORKDIR", "REFLEX_STATES_WORKDIR", "CITIZENPLAN_BIND"):
            env.pop(name, None)
        env.update({"CITIZENPLAN_SCALE_DIR": str(root / "stack"), "WORKERS": str(workers), "PORT": str(port),
                    # the login ramp before the window is not measured: no password budget (offload.Budget) to
                    # keep it from taking minutes longer; no login happens in the measured window
                    "CITIZENPLAN_PASSWORD_CPU": "0"})
        output = root / f"stack-{workers}.out"
        with output.open("w") as handle:
            process = subprocess.Popen([sys.executable, "-m", "citizenplan.ops.stack"], cwd=PROJECT_DIR,
                                       env=sampled_environment(env), stdin=subprocess.DEVNULL, stdout=handle,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        running = RunningStack(folder=root / "stack", url=f"http://localhost:{port}", process=process,
                               output=output)
        try:
            (root / "stack" / "stack.json").unlink(missing_ok=True)
            running.wait_for(lambda status: status["state"] == "running", "running stack", 900)
            yield running
        finally:
            running.status()
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(90)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            running.groups_seen.discard(process.pid)
            for pgid in sorted(running.groups_seen):
                if group_alive(pgid):
                    os.killpg(pgid, signal.SIGKILL)

    @contextmanager
    def bare_app():
        """benchmarks/bare_app as chat_round_trip.py runs it, on one Granian process with its own Redis."""
        from chat_round_trip import BARE_TEMPLATE

        folder = root / "bare"
        app_dir = folder / "app"
        shutil.copytree(BARE_TEMPLATE, app_dir, ignore=shutil.ignore_patterns("__pycache__", ".web", ".states"))
        (app_dir / "assets").mkdir(exist_ok=True)
        redis, redis_port = start_redis(folder)
        port = app_server.free_port()
        env = sampled_environment(app_server.app_environment(folder, port))
        env.update({"REFLEX_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0", "GRANIAN_WORKERS": "1"})
        log = folder / "reflex.log"
        with log.open("a") as handle:
            process = subprocess.Popen(
                [app_server._venv_script("reflex"), "run", "--env", "prod", "--frontend-port", str(port),
                 "--backend-port", str(port)],
                cwd=app_dir, env=env, stdin=subprocess.DEVNULL, stdout=handle, stderr=subprocess.STDOUT,
                start_new_session=True)
        try:
            deadline = time.monotonic() + 600
            while not app_server._answers_ping(f"http://localhost:{port}"):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the bare app did not start; log {log}:\n{app_server.log_tail(log)}")
                time.sleep(0.5)
            yield port, process.pid, redis.pid
        finally:
            for child in (process, redis):
                try:
                    os.killpg(child.pid, signal.SIGTERM)
                    child.wait(30)
                except ProcessLookupError:
                    pass
                except subprocess.TimeoutExpired:
                    os.killpg(child.pid, signal.SIGKILL)
                    child.wait()

    def make_citizens(stack_folder: Path, count: int) -> None:
        """last-1 ... last-count, straight in the stack's database, one password hash for all (made at the
        production argon2 cost, so a login costs what it costs in a municipality)."""
        import sqlalchemy as sa

        from citizenplan.auth.passwords import hash_password
        from citizenplan.clock import utcnow
        from citizenplan.db import engine_for
        from citizenplan.models import Unit, User

        secrets = json.loads((stack_folder / "secrets.json").read_text())
        pg_port = next(s["port"] for s in json.loads((stack_folder / "stack.json").read_text())["services"]
                       if s["name"] == "postgresql")
        engine = engine_for(f"postgresql://minvej:{secrets['minvej']}@127.0.0.1:{pg_port}/minvej")
        with engine.begin() as connection:
            have = set(connection.execute(sa.select(User.username).where(User.username.like(f"{USER_PREFIX}%")))
                       .scalars())
            unit_id = connection.execute(sa.select(Unit.id).order_by(Unit.id)).scalars().first()
            password_hash, now = hash_password(PASSWORD), utcnow()
            rows = [{"username": f"{USER_PREFIX}{i}", "display_name": f"Borger {i}", "role": "citizen",
                     "unit_id": unit_id, "locale": "da", "password_hash": password_hash, "created_at": now,
                     "activated_at": now} for i in range(1, count + 1) if f"{USER_PREFIX}{i}" not in have]
            if rows:
                connection.execute(sa.insert(User), rows)
        engine.dispose()
        print(f"  {count} citizens ready (made {len(rows)} now)", flush=True)

    def spawn_clients(setup: str, port: int, origin: str, citizens: int, timeout: float,
                      session_secret: str = "", offset: int = 0) -> list[subprocess.Popen]:
        """`--processes` client processes, the citizens (last-`offset + 1` on) shared out among them."""
        bare = setup == "bare"
        per_process = -(-citizens // args.processes)
        clients = []
        for n in range(args.processes):
            first = offset + 1 + n * per_process
            count = min(per_process, offset + citizens - first + 1)
            if count <= 0:
                continue
            command = [sys.executable, str(Path(__file__).resolve()), "--client", "--port", str(port),
                       "--origin", origin, "--hydrate-event", hydrate_event,
                       "--chat-state", bare_chat if bare else minvej_chat, "--first", str(first),
                       "--count", str(count), "--seconds", str(args.seconds), "--interval", str(args.interval),
                       "--timeout", str(timeout), "--ramp-limit", str(args.ramp_limit),
                       "--login-concurrency", str(args.login_concurrency)]
            command += ["--bare"] if bare else ["--login-event", login_event]
            command += [f"--session-secret={session_secret}"] if session_secret else []
            clients.append(subprocess.Popen(command, cwd=PROJECT_DIR, stdin=subprocess.PIPE,  # noqa: S603
                                            stdout=subprocess.PIPE,
                                            stderr=(root / f"client-{setup}-{citizens}-{n}.err").open("w"),
                                            text=True, start_new_session=True))
        return clients

    def run_load(setup: str, port: int, origin: str, citizens: int, pgids: list[int],
                 services: set[int] = frozenset()) -> Result:
        clients = spawn_clients(setup, port, origin, citizens, args.timeout)
        result = Result(setup, citizens)
        rss = {pgid: 0 for pgid in pgids}
        print(f"  {setup}: {citizens} citizens log in and open the chat ...", flush=True)
        ramp_began = time.monotonic()
        tallies: dict[int, tuple[threading.Thread, list[str]]] = {}
        try:
            for c in clients:  # each says "ready N" when all its citizens are in (or given up)
                line = c.stdout.readline()
                result.ready += int(line.split()[1]) if line.startswith("ready ") else 0
            result.ramp_s = time.monotonic() - ramp_began
            # Read each client's final tally while it runs: at 1,000 citizens it is larger than a pipe holds
            # (64 KiB), and a client blocked on a full pipe would be killed mid-line.
            for c in clients:
                box: list[str] = []
                reader = threading.Thread(target=lambda c=c, box=box: box.append(c.stdout.read()), daemon=True)
                reader.start()
                tallies[c.pid] = (reader, box)
            window_start = time.time() + 1
            for c in clients:
                c.stdin.write(f"{window_start}\n")
                c.stdin.close()  # one window: the client ends after it
            print(f"    {result.ready} in after {result.ramp_s:.0f} s; {args.seconds:.0f} s measured ...", flush=True)
            time.sleep(max(0.0, window_start - time.time()))
            before = _samples(samples)
            groups = {"workers": set(pgids), "services": set(services)}
            cpu_from = (time.monotonic(), _cpu_seconds(groups))
            cpu_to = None
            while any(c.poll() is None for c in clients):
                now = time.time()
                if window_start <= now <= window_start + args.seconds:
                    for pgid in pgids:
                        rss[pgid] = max(rss[pgid], _group_rss_kib(pgid))
                elif now > window_start + args.seconds and cpu_to is None:
                    cpu_to = (time.monotonic(), _cpu_seconds(groups))
                if now > window_start + args.seconds + args.timeout + 60:
                    break
                time.sleep(1)
        finally:
            for c in clients:
                if c.poll() is None:
                    os.killpg(c.pid, signal.SIGTERM)
        after = _samples(samples)
        merged: dict = {"round_trips": [], "logins": [], "errors": {}}
        for c in clients:
            try:
                reader, box = tallies[c.pid]
                reader.join(60)
                c.wait(timeout=10)
                tally = json.loads(box[0].strip().splitlines()[-1])
            except (subprocess.TimeoutExpired, ValueError, IndexError, KeyError):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(c.pid, signal.SIGKILL)
                c.wait()
                merged["errors"]["client failed"] = merged["errors"].get("client failed", 0) + 1
                continue
            merged["round_trips"] += tally["round_trips"]
            merged["logins"] += tally["logins"]
            for kind, count in tally["errors"].items():
                merged["errors"][kind] = merged["errors"].get(kind, 0) + count
        result.tally = merged
        result.rss_kib = [rss[p] for p in pgids]
        if cpu_to is not None:
            spent = cpu_to[0] - cpu_from[0]
            result.cpu = {name: (cpu_to[1][name] - cpu_from[1][name]) / spent for name in ("workers", "services")}
        result.profile = _profile_lines(before, after, pgids, args.top)
        trips = merged["round_trips"]
        p95 = f"{percentile(trips, 0.95):.0f} ms" if trips else "-"
        print(f"    {len(trips)} answers, p95 {p95}, errors {sum(merged['errors'].values())}", flush=True)
        return result

    def make_sessions(stack_folder: Path, first: int, count: int) -> str:
        """--capacity: a live session for each of last-`first` ... in the database, as a login would leave
        it; the clients' cookies are SECRET-INDEX (no argon2 in the ramp: what is measured is the chat)."""
        import secrets as token_secrets

        import sqlalchemy as sa

        from citizenplan.auth.tokens import digest
        from citizenplan.clock import utcnow
        from citizenplan.db import engine_for
        from citizenplan.models import User
        from citizenplan.models.auth import AuthSession

        secret = token_secrets.token_hex(16)  # never begins with "-" (an option to argparse)
        stored = json.loads((stack_folder / "secrets.json").read_text())
        pg_port = next(s["port"] for s in json.loads((stack_folder / "stack.json").read_text())["services"]
                       if s["name"] == "postgresql")
        engine = engine_for(f"postgresql://minvej:{stored['minvej']}@127.0.0.1:{pg_port}/minvej")
        names = [f"{USER_PREFIX}{i}" for i in range(first, first + count)]
        with engine.begin() as connection:
            ids = dict(connection.execute(sa.select(User.username, User.id).where(User.username.in_(names))).all())
            now = utcnow()
            connection.execute(sa.insert(AuthSession), [
                {"user_id": ids[name], "token_hash": digest(f"{secret}-{first + n}"), "live": True,
                 "created_at": now, "last_seen_at": now, "user_agent": "load.py --capacity"}
                for n, name in enumerate(names)])
        engine.dispose()
        return secret

    def run_capacity(workers: int, running, citizens: int, offset: int, budgets: list) -> dict:
        """The offered rate up step by step (`--rates`: N / interval) on the same open chats, until a step
        does not hold (step_holds); the CPU each side used in each step, from /proc."""
        setup = f"{workers} worker{'s' if workers > 1 else ''}"
        port = int(running.url.rsplit(":", 1)[1])
        secret = make_sessions(running.folder, offset + 1, citizens)
        clients = spawn_clients(setup, port, running.url, citizens, args.timeout, secret, offset)
        outcome = {"setup": setup, "steps": [], "ready": 0, "rss_kib": {}}
        print(f"  {setup}: {citizens} citizens open the chat (sessions made in the database) ...", flush=True)
        began = time.monotonic()
        try:
            for c in clients:
                line = c.stdout.readline()
                outcome["ready"] += int(line.split()[1]) if line.startswith("ready ") else 0
            print(f"    {outcome['ready']} in after {time.monotonic() - began:.0f} s", flush=True)
            if not outcome["ready"]:
                print(f"    nobody got in: see {root}/client-{setup}-{citizens}-*.err (--keep)", flush=True)
                return outcome
            rates = [float(r) for r in args.rates.split(",") if r.strip()]
            # A first step at the lowest rate, not counted: each citizen's first answer after opening the chat
            # also warms what her next ones reuse (the pool's connections, the flow's texts, the allocator).
            for number, rate in enumerate(rates[:1] + rates):
                services = {s["name"]: s["pid"] for s in running.status()["services"]}
                groups = {"workers": {pid for name, pid in services.items() if name.startswith("worker-")},
                          "clients": {c.pid for c in clients},
                          "stack": {services[name] for name in ("postgresql", "redis", "nginx")}}
                interval = max(1, outcome["ready"]) / rate  # the citizens who got in
                window_start = time.time() + 1
                boxes: list[list[str]] = []
                readers = []
                for c in clients:  # one JSON line each, read as it comes (larger than a pipe holds)
                    c.stdin.write(f"{window_start} {interval} {args.seconds}\n")
                    c.stdin.flush()
                    boxes.append([])
                    readers.append(threading.Thread(target=lambda c=c, box=boxes[-1]: box.append(c.stdout.readline()),
                                                    daemon=True))
                    readers[-1].start()
                time.sleep(max(0.0, window_start - time.time()))
                cpu_before, held_before = _cpu_seconds(groups), cpu_budget.throttled_seconds(budgets)
                time.sleep(args.seconds)
                cpu_after, held_after = _cpu_seconds(groups), cpu_budget.throttled_seconds(budgets)
                for pgid in groups["workers"]:
                    outcome["rss_kib"][pgid] = max(outcome["rss_kib"].get(pgid, 0), _group_rss_kib(pgid))
                trips: list[float] = []
                errors: dict[str, int] = {}
                for reader, box in zip(readers, boxes, strict=True):
                    reader.join(args.timeout + 60)
                    try:
                        tally = json.loads(box[0])
                    except (IndexError, ValueError):
                        errors["client failed"] = errors.get("client failed", 0) + 1
                        continue
                    trips += tally["round_trips"]
                    for kind, count in tally["errors"].items():
                        errors[kind] = errors.get(kind, 0) + count
                answered = len(trips) / args.seconds
                p95 = percentile(trips, 0.95) if trips else None
                step = {"offered": rate, "answered": answered, "p50": percentile(trips, 0.5) if trips else None,
                        "p95": p95, "errors": errors, "holds": step_holds(rate, answered, p95, sum(errors.values())),
                        "cpu": {k: (cpu_after[k] - cpu_before[k]) / args.seconds for k in cpu_after},
                        "held_back": (held_after - held_before) / args.seconds}
                print(f"    offered {rate:.0f}/s: {answered:.1f} answers/s, p95 "
                      f"{'-' if p95 is None else f'{p95:.0f} ms'}, errors {sum(errors.values())}"
                      f"{'' if step['holds'] else ' (does not hold)'}"
                      f"{' (warm-up, not counted)' if number == 0 else ''}", flush=True)
                if number == 0:
                    continue
                outcome["steps"].append(step)
                # One step that does not hold may be a moment of other work on the machine: the next is tried.
                if len(outcome["steps"]) >= 2 and not any(s["holds"] for s in outcome["steps"][-2:]):
                    break
        finally:
            for c in clients:
                with contextlib.suppress(OSError, ValueError):
                    c.stdin.close()
            for c in clients:
                try:
                    c.wait(30)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(c.pid, signal.SIGKILL)
                    c.wait()
        return outcome

    started = time.monotonic()
    if args.capacity:
        outcomes = []
        try:
            for workers in (1, 2):
                if str(workers) not in setups:
                    continue
                print(f"starting the stack with {workers} worker(s) (the first time: PostgreSQL, the build) ...",
                      flush=True)
                with stack(workers) as running, ExitStack() as budget:
                    budgets = []
                    if args.worker_cores:
                        pids = [s["pid"] for s in running.status()["services"] if s["name"].startswith("worker-")]
                        budgets = budget.enter_context(cpu_budget.worker_budgets(pids, args.worker_cores))
                    make_citizens(running.folder, sizes[-1] * 2)
                    # Each setup its own citizens, from a fresh conversation: a transcript grows with each
                    # answer, and a later setup would otherwise begin with the longer ones.
                    outcomes.append(run_capacity(workers, running, sizes[-1], (workers - 1) * sizes[-1], budgets))
        except KeyboardInterrupt:
            print("interrupted: the figures so far", flush=True)
        finally:
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
        print_capacity(outcomes, args, sizes[-1], time.monotonic() - started)
        return 0
    try:
        with ExitStack():
            if "bare" in setups:
                print("starting the bare Reflex app (build) ...", flush=True)
                with bare_app() as (port, pid, redis_pid):
                    for citizens in sizes:
                        results.append(run_load("bare", port, f"http://localhost:{port}", citizens, [pid],
                                                {redis_pid}))
            for workers in (1, 2):
                if str(workers) not in setups:
                    continue
                print(f"starting the stack with {workers} worker(s) (the first time: PostgreSQL, the build) ...",
                      flush=True)
                with stack(workers) as running:
                    make_citizens(running.folder, max(sizes))
                    port = int(running.url.rsplit(":", 1)[1])
                    pgids = [s["pid"] for s in running.status()["services"] if s["name"].startswith("worker-")]
                    services = {s["pid"] for s in running.status()["services"]
                                if s["name"] in ("postgresql", "redis", "nginx")}
                    for citizens in sizes:
                        results.append(run_load(f"{workers} worker{'s' if workers > 1 else ''}", port, running.url,
                                                citizens, pgids, services))
    except KeyboardInterrupt:
        print("interrupted: the figures so far", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    print()
    print(machine_facts())
    print(f"{args.interval:.0f} s between a citizen's answers; {args.seconds:.0f} s measured per row; "
          f"{args.processes} client processes on the same machine; total run {time.monotonic() - started:.0f} s")
    header = (f"{'setup':<10} {'N':>6} {'in':>6} {'answers/s':>10} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
              f"{'max ms':>8} {'errors':>7} {'login p50/p95 ms':>17} {'all in s':>9}  worker RSS MiB")
    print(header)
    print("-" * len(header))
    p95_of = {}
    rate_of = {}
    for r in results:
        trips, logins = r.tally["round_trips"], r.tally["logins"]
        rate = len(trips) / args.seconds
        rate_of[(r.setup, r.citizens)] = rate
        cells = [f"{percentile(trips, q):8.0f}" for q in (0.5, 0.95, 0.99)] if trips else [f"{'-':>8}"] * 3
        if trips:
            p95_of[(r.setup, r.citizens)] = percentile(trips, 0.95)
        login = (f"{percentile(logins, 0.5):.0f}/{percentile(logins, 0.95):.0f}" if logins else "-")
        errors = sum(r.tally["errors"].values())
        print(f"{r.setup:<10} {r.citizens:>6} {r.ready:>6} {rate:10.1f} {' '.join(cells)} "
              f"{max(trips) if trips else 0:8.0f} {errors:>7} {login:>17} {r.ramp_s:9.0f}  "
              f"{', '.join(f'{k / 1024:.0f}' for k in r.rss_kib)}")
        if errors:
            print(f"{'':<17} errors: " + ", ".join(f"{k} {v}" for k, v in sorted(r.tally["errors"].items())))
    print()
    for citizens in sizes:
        bare, one, two = (p95_of.get((s, citizens)) for s in ("bare", "1 worker", "2 workers"))
        if bare and one:
            print(f"N={citizens}: p95 1 worker / p95 bare = {one / bare:.2f} (target at most 1.5)"
                  + (f"; 2 workers / bare = {two / bare:.2f}" if two else ""))
    print("(in: citizens logged in with the chat open when the window began; all in s: how long that took, "
          f"{args.login_concurrency} logins at a time per client process. answers/s: answers sent in the window "
          "that got their reply, per second; N/interval when a setup keeps up: capacity shows once it falls "
          "short or its p95 grows)")
    print()
    print("CPU during the measured window (from /proc; cores, and ms of CPU per answer answered): the worker "
          "processes (bare: its one Granian process), and the services (bare: its Redis; the stack: PostgreSQL, "
          "Redis, nginx)")
    print(f"{'setup':<10} {'N':>6} {'answers/s':>10} {'worker cores':>13} {'ms/answer':>10} {'services cores':>15} "
          f"{'ms/answer':>10}")
    for r in results:
        rate = rate_of[(r.setup, r.citizens)]
        if not r.cpu:
            continue
        per = [f"{1000 * r.cpu[k] / rate:10.1f}" if rate else f"{'-':>10}" for k in ("workers", "services")]
        print(f"{r.setup:<10} {r.citizens:>6} {rate:10.1f} {r.cpu['workers']:13.2f} {per[0]} "
              f"{r.cpu['services']:15.2f} {per[1]}")
    print()
    print("where the time went (the sampler, during the measured window; the first worker's busiest process):")
    for r in results:
        print(f"{r.setup}, N={r.citizens}:")
        for line in r.profile:
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(client(sys.argv[1:]) if "--client" in sys.argv else main(sys.argv[1:]))
