"""Slow work off the event loop, a bounded number at once.

Reflex runs every event of a worker on its one event loop, and a synchronous handler runs there to the
end: while it hashes a password (argon2, about 0.2 s at production cost), builds the management report or
draws a PDF, every other socket of the worker waits. Such work runs in a lane instead: a small pool of
threads of its own. At most `size` jobs of a lane run at once and the others wait their turn in the
lane's queue, while the loop goes on serving everyone else.

- PASSWORDS: a login's (or an activation's) whole unit of work: the throttle, the user, the commit. When
  more wait than it has threads, the lowest rank goes first (`Turns`): a login from an address that has
  not just failed is not queued behind a flood's (state/login.py ranks by auth/throttle.py's FailuresSeen).
- ARGON2: the hashing itself (auth/passwords.py sends every argon2 call here, whoever calls it). argon2-cffi
  lets go of the GIL while it hashes, so one thread per core (settings.password_threads) keeps the cores busy
  and never more than that.
  These threads run at a lower CPU priority (Linux `nice`, per thread, inherited by argon2's own threads):
  a flood of logins may keep the cores busy, but a page someone is waiting for gets the CPU first. Only
  here: a thread that holds the GIL (database work, the report) must not be lowered, or the loop would
  wait for the GIL while that thread waits for a CPU.
  And they keep to a budget (`Budget`, settings.password_cpu): on average no more than that many cores'
  worth of checking, with a burst allowed after a quiet spell. A priority only helps when the scheduler
  gets to choose; on a small server a flood from many addresses (each address under its own limit) kept
  argon2 on a whole core, and pages waited for the rest. With the budget a flood slows logins, not pages.
- HEAVY: the management report, the printable plan and its PDF. Mostly Python that holds the GIL, so two
  threads are enough to overlap one's database waits with the other's work.
- DATA: an ordinary event's database work (the session check and the domain call, one unit of work). Each
  statement waits for PostgreSQL (or SQLite's file); on the loop, that wait stalled every socket of the
  worker (benchmarks/load.py: more than half the loop's busy time). One thread per pooled connection, so
  a thread never waits for the pool.

An async handler that awaits a lane still holds its own tab's state lock (that tab's next event waits, as
it should) but frees the loop. `run_with_db` gives the work its own unit of work inside the thread, so that
neither a query nor the commit runs on the loop.
"""

import asyncio
import contextlib
import contextvars
import functools
import heapq
import itertools
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from citizenplan.db import session_scope
from citizenplan.settings import get_settings

T = TypeVar("T")
NICER = 10  # how much lower ARGON2's threads run than the loop (a thread may lower its own priority)


def _lower_priority() -> None:
    """Runs first in each new thread of a lowered lane. On Linux a thread's nice value is its own, and the
    threads it starts inherit it; elsewhere this does nothing."""
    try:
        me = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, me, min(19, os.getpriority(os.PRIO_PROCESS, me) + NICER))
    except (AttributeError, OSError):
        pass


class Budget:
    """A token bucket of busy seconds: `rate()` seconds of work per second on average, `burst` seconds at
    once after a quiet spell. A job waits (in its lane thread) until the bucket is not in debt, then what
    it took is drawn from the bucket. Wall time, not CPU time: argon2's own threads are not the caller's,
    and on a busy machine a check takes longer, so the lane backs off more when others need the CPU."""

    def __init__(self, rate: Callable[[], float], burst: float = 2.0,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self._rate, self.burst, self._clock, self._sleep = rate, burst, clock, sleep
        self._tokens = burst
        self._at = clock()
        self._lock = threading.Lock()

    def _refill(self, rate: float) -> None:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._at) * rate)
        self._at = now

    def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        rate = self._rate()
        if rate <= 0:  # no budget: as fast as the lane's threads go
            return fn(*args, **kwargs)
        with self._lock:
            self._refill(rate)
            debt = -self._tokens
        if debt > 0:  # once: two threads in debt both run after it, and the next ones wait the longer
            self._sleep(debt / rate)
        started = self._clock()
        try:
            return fn(*args, **kwargs)
        finally:
            with self._lock:
                self._refill(rate)
                self._tokens -= self._clock() - started


class Turns:
    """Who goes next when more jobs wait than there are `size()` places: the lowest rank first, then the
    first come. The jobs wait on the event loop (a heap of futures), not in the thread pool's queue, which
    has only first come, first served. One per lane and worker; used only from the loop."""

    def __init__(self, size: Callable[[], int]) -> None:
        self._size = size
        self._busy = 0
        self._waiting: list[tuple[int, int, asyncio.Future]] = []
        self._arrivals = itertools.count()

    @property
    def waiting(self) -> int:
        return sum(1 for *_, future in self._waiting if not future.done())

    @contextlib.asynccontextmanager
    async def turn(self, rank: int):
        if self._busy < self._size() and not self.waiting:
            self._busy += 1
        else:
            future = asyncio.get_running_loop().create_future()
            heapq.heappush(self._waiting, (rank, next(self._arrivals), future))
            try:
                await future  # the place of a job that ended is handed over: _busy stays as it is
            except asyncio.CancelledError:
                if future.done() and not future.cancelled():  # handed a place, then cancelled: pass it on
                    self._leave()
                future.cancel()
                raise
        try:
            yield
        finally:
            self._leave()

    def _leave(self) -> None:
        while self._waiting:
            *_, future = heapq.heappop(self._waiting)
            if not future.done():
                future.set_result(None)
                return
        self._busy -= 1


class Lane:
    """A named pool of `size` threads, made on first use (after a fork, in the process that uses it). An
    `ordered` lane lets the caller rank its jobs (`run_ranked`); the others serve first come, first served."""

    def __init__(self, name: str, size: int | Callable[[], int], lowered: bool = False,
                 budget: Budget | None = None, ordered: bool = False) -> None:
        self.name = name
        self._size = size  # a callable is read when the pool is made (settings are read after import)
        self.lowered = lowered
        self.budget = budget
        self._pool: ThreadPoolExecutor | None = None
        self._made = threading.Lock()
        self.turns = Turns(lambda: self.size) if ordered else None

    @property
    def size(self) -> int:
        return max(1, self._size() if callable(self._size) else self._size)

    def _executor(self) -> ThreadPoolExecutor:
        with self._made:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self.size, thread_name_prefix=f"lane-{self.name}",
                                                initializer=_lower_priority if self.lowered else None)
            return self._pool

    async def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """`fn(*args, **kwargs)` in one of the lane's threads, awaited; its exception is raised here."""
        return await self.run_ranked(0, fn, *args, **kwargs)

    async def run_ranked(self, rank: int, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """As `run`; in an ordered lane a job of a lower rank that waits goes before those of higher ranks."""
        call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
        if self.turns is None:
            return await asyncio.get_running_loop().run_in_executor(self._executor(), call)
        async with self.turns.turn(rank):
            return await asyncio.get_running_loop().run_in_executor(self._executor(), call)

    async def run_with_db(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """`fn(db, *args, **kwargs)` in a unit of work of its own (committed, or rolled back on an
        exception), all of it in one of the lane's threads."""
        return await self.run(_in_unit_of_work, fn, *args, **kwargs)

    async def run_with_db_ranked(self, rank: int, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        return await self.run_ranked(rank, _in_unit_of_work, fn, *args, **kwargs)

    def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """`fn(*args, **kwargs)` in one of the lane's threads, waited for by the calling thread (which is
        itself a thread of another lane, or a command line tool: never the loop)."""
        if self.budget is not None:
            return self._executor().submit(self.budget.run, fn, *args, **kwargs).result()
        return self._executor().submit(fn, *args, **kwargs).result()

    def shutdown(self) -> None:
        """Stop the threads (tests); the next job makes a new pool."""
        with self._made:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)


def _in_unit_of_work(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    with session_scope() as db:
        return fn(db, *args, **kwargs)


CORES = os.cpu_count() or 1
PASSWORDS = Lane("passwords", CORES, ordered=True)
ARGON2_PARALLELISM = 2  # threads of one argon2 check (auth/passwords.py): a second of checking is 2 of CPU
ARGON2 = Lane("argon2", lambda: get_settings().password_threads, lowered=True,
              budget=Budget(lambda: get_settings().password_cpu / ARGON2_PARALLELISM))
HEAVY = Lane("heavy", 2)
DATA = Lane("data", lambda: get_settings().db_pool_size)
