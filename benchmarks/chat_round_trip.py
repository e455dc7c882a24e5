"""The round trip of one chat answer in Min Vej, next to the same in a bare Reflex app, in one run.

    .venv/bin/python benchmarks/chat_round_trip.py [--answers 200] [--warmup 10] [--dreams 8] [--keep]

What is measured: in headless Chromium at 390x844, the time from the click on "Send" (a text answer)
or on a chip ("Ja"/"Nej") to the moment the next bot bubble is in the page and laid out (it has a box
and text). The clock is the page's own `performance.now()`: it starts right before the click and stops
in a MutationObserver on the bubble list (role="log"), so Playwright's polling is not in the figure.
That is: the click's JavaScript, the event over the websocket, the server's handler, the state delta
back, React's render and layout.

More figures help to see where the time goes: `send`, from the click to the moment the page hands the
event to its WebSocket (the page's own JavaScript before anything leaves it); `reply`, from the click to
the last websocket message before the bubble showed (`send`, then the server and the network; a wrapper
put on the page's WebSocket before any page script notes when each message leaves and arrives); and
`render`, from that message to the bubble (the page's own work). `ws bytes` is the websocket payload the page received for one answer.

Both apps run on this machine at the same time and are measured in turns, one conversation each:

* Min Vej: the real app (tests/support/app_server.py: `reflex run --env prod`, one port, a throw-away
  SQLite database with the demo people), logged in as the demo citizen `dennis`. Each conversation is
  "Kom godt i gang" from the start: who, want, hope, dream, then `--dreams` times ("Ja" + one more
  dream), then "Nej", and "Spring over" at the life areas (not measured) to finish the flow, then
  "Start forfra" (not measured), so that the next visit to the chat is a new conversation (opening a
  finished flow shows how it ended).
* bare: a minimal Reflex app the script writes into a temporary folder (benchmarks/bare_app/): the
  same Reflex, theme and `reflex run --env prod`, a bubble list, a form with a text box and Send, and
  "Ja"/"Nej" buttons; each answer appends the citizen's bubble and a bot reply to a list var. No
  database, no login. It gets the same sequence of answers, and each visit starts a new conversation.

The first `--warmup` answers of each app are not counted. The run goes on until each app has at least
`--answers` text answers and as many chip answers. The script prints figures and exits 0 whatever
they are: it never passes or fails on time.

Everything lives in one temporary folder (both builds, both databases, the logs), removed at the end,
also on an error or Ctrl-C (unless --keep). The servers are stopped by process group.
"""

import argparse
import math
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from common import cpu_model, percentile  # noqa: E402 - benchmarks/common.py, beside this script
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402

from citizenplan.demo import DEMO_PASSWORD  # noqa: E402
from tests.support import app_server  # noqa: E402
from tests.support.browser import (  # noqa: E402
    chromium,
    fill_login,
    new_context,
    open_page,
    path_pattern,
    wait_until_interactive,
)

BARE_TEMPLATE = Path(__file__).resolve().parent / "bare_app"
CITIZEN = "dennis"
CHAT_PATH = "/samtale?flow=getting_started"
FIRST_TEXTS = 4  # who, want, hope, dream
ANSWER_TIMEOUT_MS = 30_000

TEXTS = [
    "Jeg hedder Dennis. Jeg kan lide at lave mad og gå ture med min hund.",
    "Jeg vil gerne have et arbejde, hvor jeg møder andre mennesker hver dag.",
    "Jeg håber, at jeg kan bo i min egen lejlighed om et år.",
    "Jeg drømmer om at tage på ferie til Bornholm med min søster.",
    "Jeg vil lære at cykle igen, så jeg selv kan komme rundt i byen.",
    "Jeg drømmer om at spille guitar i et band sammen med nogle venner.",
    "Min drøm er at få en uddannelse som kok.",
]

# Before any page script: note when each websocket message arrives (the listener added here runs before
# the app's own handler), so a round trip can be split into "reply arrived" and "rendered".
FRAME_CLOCK_JS = """(() => {
  const Native = window.WebSocket;
  window.__benchLastFrame = 0;
  window.__benchFirstSend = 0;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { window.__benchLastFrame = performance.now(); });
    }
    send(data) {
      if (!window.__benchFirstSend) window.__benchFirstSend = performance.now();
      return super.send(data);
    }
  };
})();"""

# Runs in the page. Resolves with the milliseconds from the click to the first moment the bubble list
# holds more bot bubbles than before and the newest one is laid out with text in it (`total`), and from
# the click to the last websocket message before that moment (`reply`).
MEASURE_JS = """async ({kind, label, timeoutMs}) => {
  const log = document.querySelector('[role=log]');
  if (!log) throw new Error('no role=log on the page');
  const bots = () => log.querySelectorAll('.bubble.bot');
  const before = bots().length;
  let target;
  if (kind === 'text') {
    const box = document.querySelector('#answer');
    target = box && box.form && box.form.querySelector('button[type=submit]');
  } else {
    target = Array.from(document.querySelectorAll('button.chip')).find(b => b.textContent.trim() === label);
  }
  if (!target) throw new Error('nothing to click for ' + kind + ' ' + (label || ''));
  return await new Promise((resolve, reject) => {
    let start = 0;
    const shown = () => {
      const all = bots();
      if (all.length <= before) return false;
      const newest = all[all.length - 1];
      return newest.getClientRects().length > 0 && newest.textContent.trim() !== '';
    };
    const observer = new MutationObserver(() => {
      if (!shown()) return;
      const now = performance.now();
      observer.disconnect();
      clearTimeout(timer);
      resolve({total: now - start, reply: window.__benchLastFrame > start ? window.__benchLastFrame - start : NaN,
               send: window.__benchFirstSend > start ? window.__benchFirstSend - start : NaN});
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('no new bot bubble within ' + timeoutMs + ' ms'));
    }, timeoutMs);
    observer.observe(log, {childList: true, subtree: true, characterData: true});
    window.__benchFirstSend = 0;
    start = performance.now();
    target.click();
  });
}"""

# A new conversation is on the screen: bot bubbles, none of the citizen's, and the text box.
FRESH_CONVERSATION_JS = """() => {
  const log = document.querySelector('[role=log]');
  return !!log && log.querySelectorAll('.bubble.me').length === 0
    && log.querySelectorAll('.bubble.bot').length > 0 && !!document.querySelector('#answer');
}"""


@dataclass
class Sample:
    kind: str  # "text" or "chip"
    ms: float
    reply_ms: float  # from the click to the websocket message the page rendered (server and network)
    position: int  # the answer's number in its conversation, from 1
    send_ms: float = math.nan  # from the click to the event handed to the WebSocket (the page's JavaScript)
    received_bytes: int | None = None  # websocket payload received until the page was ready for more


@dataclass
class Subject:
    """One app under measurement: where it runs, the tab, and what was measured."""

    name: str
    base_url: str
    chat_path: str
    finishes_with_skip: bool  # Min Vej: "Spring over" at the life areas ends the flow
    page: Page | None = None
    samples: list[Sample] = field(default_factory=list)
    answered: int = 0  # answers given, warm-up included
    conversations: int = 0
    _received: list[int] = field(default_factory=lambda: [0])

    def count(self, kind: str) -> int:
        return sum(1 for s in self.samples if s.kind == kind)

    def watch_websocket(self) -> None:
        def on_socket(socket) -> None:
            socket.on("framereceived", lambda payload: self._add(len(payload)))

        self.page.on("websocket", on_socket)

    def _add(self, size: int) -> None:
        self._received[0] += size

    def take_received(self) -> int:
        size, self._received[0] = self._received[0], 0
        return size


# ------------------------------------------------------------------ the bare app


@contextmanager
def running_bare_app(root: Path) -> Iterator[str]:
    """benchmarks/bare_app copied into `root/app` and run like Min Vej (prod, one port); yields its URL."""
    app_dir = root / "app"
    shutil.copytree(BARE_TEMPLATE, app_dir, ignore=shutil.ignore_patterns("__pycache__", ".web", ".states"))
    (app_dir / "assets").mkdir(exist_ok=True)
    port = app_server.free_port()
    env = app_server.app_environment(root, port)  # same Reflex/bun settings, build in root/web
    base_url = f"http://localhost:{port}"
    log = root / "reflex.log"
    with log.open("a") as handle:
        process = subprocess.Popen(
            [app_server._venv_script("reflex"), "run", "--env", "prod", "--frontend-port", str(port),
             "--backend-port", str(port)],
            cwd=app_dir, env=env, stdin=subprocess.DEVNULL, stdout=handle, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + app_server.START_TIMEOUT_S
        while not app_server._answers_ping(base_url):
            if process.poll() is not None:
                raise app_server.AppStartFailed(f"the bare app exited with {process.returncode}. "
                                                f"Log {log}:\n{app_server.log_tail(log)}")
            if time.monotonic() > deadline:
                raise app_server.AppStartFailed(f"the bare app did not answer /ping. "
                                                f"Log {log}:\n{app_server.log_tail(log)}")
            time.sleep(0.5)
        yield base_url
    finally:
        app_server._stop(process)


# ------------------------------------------------------------------ driving a conversation


def answer(subject: Subject, kind: str, position: int, warmup: int, text: str = "", label: str = "") -> None:
    """Give one answer and time it in the page; a sample unless it is one of the first `warmup`."""
    page = subject.page
    if kind == "text":
        page.locator("#answer").fill(text)
    subject.take_received()
    timing = page.evaluate(MEASURE_JS, {"kind": kind, "label": label, "timeoutMs": ANSWER_TIMEOUT_MS})
    subject.answered += 1
    if subject.answered > warmup:
        subject.samples.append(Sample(kind, timing["total"], timing["reply"], position, timing["send"]))


def _ready_for(page: Page, kind: str, label: str = "") -> None:
    if kind == "text":
        expect(page.locator("#answer")).to_be_editable()
    else:
        expect(page.locator("button.chip", has_text=label).first).to_be_visible()


def _bytes_of_last(subject: Subject) -> None:
    if subject.samples and subject.samples[-1].received_bytes is None:
        subject.samples[-1].received_bytes = subject.take_received()


def conversation(subject: Subject, dreams: int, warmup: int) -> None:
    """One conversation, the same answers in both apps: 4 texts, `dreams` x (Ja + text), Nej."""
    page = subject.page
    open_page(page, subject.base_url, subject.chat_path)
    page.wait_for_function(FRESH_CONVERSATION_JS)
    plan: list[tuple[str, str, str]] = [("text", TEXTS[i], "") for i in range(FIRST_TEXTS)]
    for n in range(dreams):
        plan += [("chip", "", "Ja"), ("text", TEXTS[FIRST_TEXTS + n % (len(TEXTS) - FIRST_TEXTS)], "")]
    plan.append(("chip", "", "Nej"))
    for position, (kind, text, label) in enumerate(plan, start=1):
        _ready_for(page, kind, label)
        _bytes_of_last(subject)
        answer(subject, kind, position, warmup, text=text, label=label)
    page.wait_for_timeout(200)  # let trailing frames (scroll script, outbox) arrive before counting
    _bytes_of_last(subject)
    if subject.finishes_with_skip:  # the flow ends here; "Start forfra" makes the next visit a new conversation
        page.get_by_role("button", name="Spring over").click()
        expect(page.get_by_role("heading", name="Det er gemt")).to_be_visible()
        page.get_by_role("button", name="Start forfra", exact=True).click()
        page.wait_for_function(FRESH_CONVERSATION_JS)
    subject.conversations += 1


def log_in(subject: Subject) -> None:
    page = subject.page
    open_page(page, subject.base_url, "/")
    fill_login(page, CITIZEN, DEMO_PASSWORD)
    expect(page).not_to_have_url(path_pattern("/"))
    wait_until_interactive(page)


# ------------------------------------------------------------------ figures


def machine_facts() -> list[str]:
    model = cpu_model()
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        memory = f", {kib / 2**20:.1f} GiB RAM"
    except (OSError, IndexError, ValueError):
        pass
    return [f"machine: {os.cpu_count()} CPUs{f' ({model})' if model else ''}{memory}, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}"]


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _median(values: list[float]) -> float:
    values = [v for v in values if not math.isnan(v)]
    return statistics.median(values) if values else math.nan


def _ratio_interval(ours: list[float], bare: list[float], rounds: int = 2000) -> tuple[float, float]:
    """How far the p95 ratio of this run could be from the machine's: the 5th and 95th percentile of the
    ratio over resamples of both apps' answers (the same run measured again moves within about this)."""
    draw = random.Random(4)
    ratios = sorted(percentile(draw.choices(ours, k=len(ours)), 0.95)
                    / percentile(draw.choices(bare, k=len(bare)), 0.95) for _ in range(rounds))
    return percentile(ratios, 0.05), percentile(ratios, 0.95)


def report(subjects: list[Subject], facts: list[str], load_before: str, load_after: str, elapsed: float,
           args: argparse.Namespace) -> None:
    print()
    print("Chat round trip: click (Send or chip) -> next bot bubble in the page and laid out, in ms")
    print(f"headless Chromium 390x844; both apps on this machine in this run, one conversation each in turn "
          f"(4 texts, {args.dreams} x 'Ja' + text, 'Nej'); the first {args.warmup} answers of each not counted")
    for line in facts:
        print(line)
    print(f"load average (1/5/15 min): before {load_before}   after {load_after}")
    print()
    print(f"{'app':<9}{'answer':<7}{'N':>5}{'median':>9}{'p95':>9}{'max':>9}"
          f"{'| send':>8}{'reply':>7}{'render':>8}{'ws bytes':>10}")
    p95: dict[tuple[str, str], float] = {}
    for kind in ("text", "chip"):
        for subject in subjects:
            chosen = [s for s in subject.samples if s.kind == kind]
            if not chosen:
                continue
            values = [s.ms for s in chosen]
            p95[(subject.name, kind)] = percentile(values, 0.95)
            send, reply = _median([s.send_ms for s in chosen]), _median([s.reply_ms for s in chosen])
            render = _median([s.ms - s.reply_ms for s in chosen])
            size = _median([math.nan if s.received_bytes is None else s.received_bytes for s in chosen])
            print(f"{subject.name:<9}{kind:<7}{len(values):>5}{statistics.median(values):>9.1f}"
                  f"{p95[(subject.name, kind)]:>9.1f}{max(values):>9.1f}{'| ':>3}{send:>5.1f}{reply:>7.1f}{render:>8.1f}"
                  f"{size:>10.0f}")
    print()
    for kind in ("text", "chip"):
        ours, bare = p95.get(("Min Vej", kind)), p95.get(("bare", kind))
        if ours and bare:
            low, high = _ratio_interval(*([s.ms for s in subject.samples if s.kind == kind] for subject in subjects))
            print(f"p95 Min Vej / p95 bare, {kind} answers: {ours / bare:.2f}   (target: at most 1.20; "
                  f"90% bootstrap interval {low:.2f}-{high:.2f})")
    print()
    print("text answers, median ms by the answer's place in its conversation:")
    for subject in subjects:
        texts = [s for s in subject.samples if s.kind == "text"]
        groups = {"1-4": [s.ms for s in texts if s.position <= 4],
                  "5-12": [s.ms for s in texts if 5 <= s.position <= 12],
                  "13+": [s.ms for s in texts if s.position >= 13]}
        shown = "   ".join(f"{name}: {statistics.median(v):.1f} (N={len(v)})" for name, v in groups.items() if v)
        print(f"  {subject.name:<8} {shown}")
    for kind in ("text", "chip"):
        print(f"{kind} answers by place, median / p95 of total, median reply and render (ms):")
        for subject in subjects:
            for place in sorted({s.position for s in subject.samples if s.kind == kind}):
                chosen = [s for s in subject.samples if s.kind == kind and s.position == place]
                print(f"  {subject.name:<8} {place:>3}: {statistics.median(s.ms for s in chosen):6.1f} / "
                      f"{percentile([s.ms for s in chosen], 0.95):6.1f}   reply "
                      f"{_median([s.reply_ms for s in chosen]):5.1f}   render "
                      f"{_median([s.ms - s.reply_ms for s in chosen]):5.1f}   (N={len(chosen)})")
    print()
    print("send: median ms from the click to the event handed to the page's WebSocket (the page's JavaScript);")
    print("reply: median ms from the click to the last websocket message before the bubble showed (send, server and")
    print("network); render: median ms from that message to the bubble laid out (the page's own work);")
    print("ws bytes: median websocket payload the page received per answer (state delta and scripts).")
    print("p95 is the nearest-rank 95th percentile.")
    print("conversations: " + ", ".join(f"{s.name} {s.conversations}" for s in subjects)
          + f"; wall time {elapsed / 60:.1f} min, builds and start included")


# ------------------------------------------------------------------ main


_interrupted = False


def _interrupt(signum, _frame):
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt(f"signal {signum}")


def _quietly(close) -> None:
    """Close a browser context; after Ctrl-C the browser may already be gone with the terminal's group."""
    try:
        close()
    except PlaywrightError:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=200, help="measured text answers (and chip answers) "
                        "per app, at least (default 200)")
    parser.add_argument("--warmup", type=int, default=10, help="answers per app not counted (default 10)")
    parser.add_argument("--dreams", type=int, default=8, help="'Ja' + dream rounds per conversation (default 8)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (builds, logs)")
    args = parser.parse_args()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)

    started = time.monotonic()
    facts = machine_facts()
    root = Path(tempfile.mkdtemp(prefix="minvej-bench-"))
    print(f"temporary folder: {root}", flush=True)
    try:
        with ExitStack() as stack:
            print("starting Min Vej (build, migrate, demo data) ...", flush=True)
            min_vej = stack.enter_context(app_server.running_app(root / "minvej"))
            print("starting the bare Reflex app (build) ...", flush=True)
            bare_url = stack.enter_context(running_bare_app(root / "bare"))
            _playwright, browser = stack.enter_context(chromium())
            facts.append(f"Chromium {browser.version}, Reflex {_reflex_version()}")
            subjects = [Subject("Min Vej", min_vej.base_url, CHAT_PATH, finishes_with_skip=True),
                        Subject("bare", bare_url, "/", finishes_with_skip=False)]
            for subject in subjects:
                context = new_context(browser, subject.base_url)
                stack.callback(_quietly, context.close)
                context.add_init_script(FRAME_CLOCK_JS)
                subject.page = context.new_page()
                subject.watch_websocket()
            log_in(subjects[0])
            load_before = load_average()
            print(f"measuring; load average {load_before}", flush=True)
            _measure(subjects, args)
            load_after = load_average()
        report(subjects, facts, load_before, load_after, time.monotonic() - started, args)
        return 0
    except (KeyboardInterrupt, PlaywrightError) as error:
        if not _interrupted:
            raise
        print(f"\ninterrupted; servers stopped ({type(error).__name__})", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            print(f"kept: {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


def _measure(subjects: list[Subject], args: argparse.Namespace) -> None:
    def done(subject: Subject) -> bool:
        return subject.count("text") >= args.answers and subject.count("chip") >= args.answers

    while not all(done(s) for s in subjects):
        for subject in subjects:
            conversation(subject, args.dreams, args.warmup)
        print("  " + "   ".join(f"{s.name}: {s.count('text')} text, {s.count('chip')} chip" for s in subjects),
              flush=True)


def _reflex_version() -> str:
    from importlib.metadata import version

    return version("reflex")


if __name__ == "__main__":
    sys.exit(main())
