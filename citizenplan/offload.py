"""Slow work off the event loop, a bounded number at once.

Reflex runs every event of a worker on its one event loop, and a synchronous handler runs there to the
end: while it hashes a password (argon2, about 0.2 s at production cost), builds the management report or
draws a PDF, every other socket of the worker waits. Such work runs in a lane instead: a small pool of
threads of its own. At most `size` jobs of a lane run at once and the others wait their turn in the
lane's queue, while the loop goes on serving everyone else.

- PASSWORDS: a login's (or an activation's) whole unit of work: the throttle, the user, the commit.
- ARGON2: the hashing itself (auth/passwords.py sends every argon2 call here, whoever calls it). argon2-cffi
  lets go of the GIL while it hashes, so one thread per core (settings.password_threads) keeps the cores busy
  and never more than that.
  These threads run at a lower CPU priority (Linux `nice`, per thread, inherited by argon2's own threads):
  a flood of logins may keep the cores busy, but a page someone is waiting for gets the CPU first. Only
  here: a thread that holds the GIL (database work, the report) must not be lowered, or the loop would
  wait for the GIL while that thread waits for a CPU.
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
import contextvars
import functools
import os
import threading
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


class Lane:
    """A named pool of `size` threads, made on first use (after a fork, in the process that uses it)."""

    def __init__(self, name: str, size: int | Callable[[], int], lowered: bool = False) -> None:
        self.name = name
        self._size = size  # a callable is read when the pool is made (settings are read after import)
        self.lowered = lowered
        self._pool: ThreadPoolExecutor | None = None
        self._made = threading.Lock()

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
        call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self._executor(), call)

    async def run_with_db(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """`fn(db, *args, **kwargs)` in a unit of work of its own (committed, or rolled back on an
        exception), all of it in one of the lane's threads."""
        return await self.run(_in_unit_of_work, fn, *args, **kwargs)

    def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """`fn(*args, **kwargs)` in one of the lane's threads, waited for by the calling thread (which is
        itself a thread of another lane, or a command line tool: never the loop)."""
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
PASSWORDS = Lane("passwords", CORES)
ARGON2 = Lane("argon2", lambda: get_settings().password_threads, lowered=True)
HEAVY = Lane("heavy", 2)
DATA = Lane("data", lambda: get_settings().db_pool_size)
