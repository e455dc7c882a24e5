"""The supervisor's hang check (citizenplan/ops/stack.py, issue 18): a worker that answers nothing is killed
and started again; a worker that is only slow, because a burst of tabs is reconnecting to it, is left alone.

Measured in benchmarks/load.py at 1,000 citizens: while hundreds of tabs reconnected at once, a worker
answered `/ping` 1-5 s late for half a minute; the old check (no answer within 1 s for 30 s) killed it,
its websockets reconnected to the next worker, and that one was killed in turn. Here the supervisor's loop
runs on a fake clock against a fake worker, whose `/ping` answers after a set delay or never.
"""

from concurrent.futures import Future
from types import SimpleNamespace

import pytest

from citizenplan.ops import stack as stack_module
from citizenplan.ops.stack import Service, Stack, read_config

HUNG_AFTER_S = 30
LOOP_S = 0.5  # the supervisor's pause between two rounds (stack.main)


class FakeWorker:
    """A worker process whose `/ping` answers `delay` seconds after it is asked, or never (None); from
    `stuck_at` on (fake time) it answers nothing."""

    def __init__(self, clock: SimpleNamespace, delay: float | None, stuck_at: float | None) -> None:
        self.clock, self.delay, self.stuck_at, self.pid = clock, delay, stuck_at, 4242
        self.killed_at: float | None = None
        self.pings = 0

    def poll(self) -> int | None:
        return None if self.killed_at is None else -9

    def ping(self, timeout: float) -> tuple[float, bool]:
        """How long asking takes (the answer, or the timeout, whichever comes first) and the outcome."""
        self.pings += 1
        stuck = self.stuck_at is not None and self.clock.now >= self.stuck_at
        if self.delay is not None and self.delay <= timeout and not stuck:
            return self.delay, True
        return timeout, False

    def answers(self, url: str, timeout: float = 2.0) -> bool:
        """`_answers` called in the supervisor's own thread: the supervisor waits as long as it takes."""
        assert url.endswith("/ping")
        took, answered = self.ping(timeout)
        self.clock.now += took
        return answered


class PingThreads:
    """The executor of the pings on the fake clock: a ping's future is done when its answer (or its
    timeout) would come; `settle` is called before each round of the supervisor."""

    def __init__(self, worker: FakeWorker) -> None:
        self.worker, self.waiting = worker, []

    def submit(self, function, url: str, timeout: float) -> Future:
        assert function is stack_module._answers and url.endswith("/ping")
        took, answered = self.worker.ping(timeout)
        future: Future = Future()
        self.waiting.append((self.worker.clock.now + took, answered, future))
        return future

    def settle(self) -> None:
        for entry in [e for e in self.waiting if e[0] <= self.worker.clock.now]:
            self.waiting.remove(entry)
            entry[2].set_result(entry[1])

    def shutdown(self, **_kwargs) -> None:
        pass


BEGAN = 1000.0


def supervise(monkeypatch: pytest.MonkeyPatch, delay: float | None, seconds: float,
              stuck_at: float | None = None) -> FakeWorker:
    """The supervisor's loop for `seconds` of fake time over one ready worker; returns the worker."""
    clock = SimpleNamespace(now=BEGAN)
    monkeypatch.setattr(stack_module, "time", SimpleNamespace(monotonic=lambda: clock.now, sleep=lambda _s: None))
    worker = FakeWorker(clock, delay, stuck_at)
    monkeypatch.setattr(stack_module, "_answers", worker.answers)

    def killpg(pgid: int, _sig: int) -> None:
        assert pgid == worker.pid
        if worker.killed_at is None:
            worker.killed_at = clock.now

    monkeypatch.setattr(stack_module.os, "killpg", killpg)
    monkeypatch.setattr(stack_module, "_say", lambda _text: None)
    stack = Stack.__new__(Stack)
    stack.config = read_config({"CITIZENPLAN_WORKER_HUNG_S": str(HUNG_AFTER_S), "WORKERS": "1"})
    threads = stack.pings = PingThreads(worker)
    stack.services = [Service("worker-1", [], {}, log=None, port=8001, process=worker, ready=True,
                              started_at=clock.now)]
    while clock.now < BEGAN + seconds and worker.killed_at is None:
        threads.settle()
        stack.supervise_once()
        clock.now += LOOP_S
    return worker


@pytest.mark.parametrize("delay", [0.01, 1.5, 5.0, 25.0])
def test_a_worker_that_answers_late_under_a_burst_is_left_alone(monkeypatch, delay):
    worker = supervise(monkeypatch, delay, seconds=10 * HUNG_AFTER_S)
    assert worker.killed_at is None
    assert worker.pings >= 5  # it was asked all along


def test_a_worker_that_answers_nothing_is_killed_after_the_hang_time(monkeypatch):
    """A stopped (SIGSTOP) or stuck worker: its ping waits and gets no answer."""
    worker = supervise(monkeypatch, None, seconds=10 * HUNG_AFTER_S)
    assert worker.killed_at is not None
    assert HUNG_AFTER_S <= worker.killed_at - BEGAN <= HUNG_AFTER_S + stack_module.PING_EVERY_S + 2 * LOOP_S


def test_a_slow_worker_that_gets_stuck_is_killed_once_it_is_stuck(monkeypatch):
    stuck_at = BEGAN + 4 * HUNG_AFTER_S
    worker = supervise(monkeypatch, 5.0, seconds=10 * HUNG_AFTER_S, stuck_at=stuck_at)
    assert worker.killed_at is not None
    assert HUNG_AFTER_S <= worker.killed_at - stuck_at <= HUNG_AFTER_S + 5.0 + stack_module.PING_EVERY_S + 2 * LOOP_S
