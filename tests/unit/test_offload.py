"""Slow work runs in a lane: in a thread of its own, never on the event loop, and never more than the
lane's size at once."""

import asyncio
import os
import threading

import pytest

from citizenplan import offload

pytestmark = pytest.mark.anyio
WAIT_S = 30  # only for a broken lane: a working one never waits this long


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def lane():
    lane = offload.Lane("test", 2)
    yield lane
    lane.shutdown()


async def test_a_lane_never_runs_more_than_its_size_at_once(lane):
    running, peak, guard = [0], [0], threading.Lock()
    started, release = threading.Semaphore(0), threading.Event()

    def job(n: int) -> int:
        with guard:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        started.release()
        release.wait(WAIT_S)
        with guard:
            running[0] -= 1
        return n

    jobs = [asyncio.create_task(lane.run(job, n)) for n in range(3 * lane.size)]
    for _ in range(lane.size):  # the first `size` jobs are running and holding their threads
        assert await asyncio.to_thread(started.acquire, timeout=WAIT_S)
    # with every thread held, no further job starts: it waits in the queue
    assert not await asyncio.to_thread(started.acquire, timeout=0.3)
    assert running[0] == lane.size
    release.set()
    assert await asyncio.gather(*jobs) == list(range(3 * lane.size))
    assert peak[0] == lane.size


async def test_the_work_runs_in_a_thread_of_the_lane_and_the_loop_stays_free(lane):
    loop_thread = threading.current_thread()
    started, release = threading.Event(), threading.Event()

    def slow() -> threading.Thread:
        started.set()
        release.wait(WAIT_S)
        return threading.current_thread()

    task = asyncio.create_task(lane.run(slow))
    assert await asyncio.to_thread(started.wait, WAIT_S)
    await asyncio.sleep(0)  # the loop goes on while the slow work runs
    assert not task.done()
    release.set()
    worker = await task
    assert worker is not loop_thread and worker.name.startswith("lane-test")


async def test_an_exception_in_the_work_is_raised_to_the_caller(lane):
    def fails() -> None:
        raise ValueError("plain reason")

    with pytest.raises(ValueError, match="plain reason"):
        await lane.run(fails)


def _niceness() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="no per-thread priority here")
async def test_a_lowered_lanes_threads_give_way_to_the_event_loop_and_other_lanes_do_not():
    """argon2's lane runs below the loop; a lane whose threads hold the GIL (database work, the report) must
    not, or the loop would wait for the GIL while such a thread waits for a CPU."""
    if _niceness() >= 19:
        pytest.skip("this test runs at the lowest priority already")
    lowered, plain = offload.Lane("low", 1, lowered=True), offload.Lane("plain", 1)
    try:
        assert await lowered.run(_niceness) > _niceness()
        assert await plain.run(_niceness) == _niceness()
    finally:
        lowered.shutdown()
        plain.shutdown()


def test_call_runs_the_work_in_the_lane_and_waits_for_it(lane):
    worker = lane.call(threading.current_thread)
    assert worker is not threading.current_thread() and worker.name.startswith("lane-test")


def test_argon2_has_a_lowered_thread_per_core_logins_a_thread_per_core_and_the_heavy_lane_two(monkeypatch):
    monkeypatch.delenv("CITIZENPLAN_PASSWORD_THREADS", raising=False)
    cores = os.cpu_count() or 1
    assert (offload.ARGON2.size, offload.ARGON2.lowered) == (cores, True)
    assert (offload.PASSWORDS.size, offload.PASSWORDS.lowered) == (cores, False)
    assert (offload.HEAVY.size, offload.HEAVY.lowered) == (2, False)


def test_the_data_lane_has_a_thread_per_pooled_connection_so_no_thread_waits_for_the_pool(monkeypatch):
    monkeypatch.setenv("CITIZENPLAN_DB_POOL_SIZE", "3")
    assert (offload.DATA.size, offload.DATA.lowered) == (3, False)


@pytest.mark.parametrize(("cores", "threads"), [(1, 1), (2, 2), (16, 16)])
def test_password_checks_run_one_per_core_unless_the_operator_says_fewer(monkeypatch, cores, threads):
    from citizenplan.settings import Settings

    monkeypatch.delenv("CITIZENPLAN_PASSWORD_THREADS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert Settings().password_threads == threads


def test_the_argon2_lane_is_as_wide_as_the_settings_say(monkeypatch):
    from citizenplan.settings import get_settings

    monkeypatch.setenv("CITIZENPLAN_PASSWORD_THREADS", "3")
    assert get_settings().password_threads == 3
    assert offload.ARGON2.size == 3


class _Clock:
    """A clock that moves only when work or a wait moves it."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept += seconds
        self.now += seconds


def _budget(clock: _Clock, rate: float, burst: float = 2.0) -> offload.Budget:
    return offload.Budget(lambda: rate, burst=burst, clock=clock, sleep=clock.sleep)


def _check(clock: _Clock, seconds: float):
    return lambda: clock.sleep(seconds) or "checked"


def test_a_few_checks_after_a_quiet_spell_wait_for_nothing():
    clock = _Clock()
    budget = _budget(clock, rate=0.25)
    for _ in range(10):  # 10 x 0.15 s = 1.5 s of checking, inside the 2 s burst
        assert budget.run(_check(clock, 0.15)) == "checked"
    assert clock.now - 100.0 == pytest.approx(1.5)  # only the work itself


def test_a_flood_of_checks_keeps_to_the_budget_on_average():
    clock = _Clock()
    budget = _budget(clock, rate=0.25)
    for _ in range(400):  # 60 s of checking asked for
        budget.run(_check(clock, 0.15))
    elapsed = clock.now - 100.0
    # busy at most a quarter of the time, beyond the burst and the last check (its debt is the next one's wait)
    assert (400 * 0.15 - budget.burst - 0.15) / elapsed <= 0.25 + 1e-9
    assert (400 * 0.15) / elapsed > 0.2  # and not much less: the budget is used


def test_checks_spread_over_two_threads_keep_to_the_same_budget():
    clock = _Clock()
    budget = _budget(clock, rate=0.5, burst=0.0)
    lock = threading.Lock()

    def check():
        with lock:  # the fake clock is shared; serialise the work, the budget is what is tested
            clock.sleep(0.1)

    threads = [threading.Thread(target=lambda: [budget.run(check) for _ in range(50)]) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 100 * 0.1 / (clock.now - 100.0) <= 0.5 + 0.05


def test_no_budget_means_no_waiting():
    clock = _Clock()
    budget = _budget(clock, rate=0.0)
    for _ in range(100):
        budget.run(_check(clock, 0.15))
    assert clock.now - 100.0 == pytest.approx(15.0)


def test_a_failed_check_still_counts_against_the_budget():
    clock = _Clock()
    budget = _budget(clock, rate=0.25, burst=0.0)

    def failing():
        clock.sleep(1.0)
        raise ValueError("boom")

    with pytest.raises(ValueError):
        budget.run(failing)
    budget.run(_check(clock, 0.1))
    assert clock.slept == pytest.approx(1.0 + 4.0 + 0.1)  # 1 s of work is 4 s of budget at a quarter


def test_password_checks_keep_to_half_a_core_unless_the_operator_says_otherwise(monkeypatch):
    from citizenplan.settings import get_settings

    monkeypatch.delenv("CITIZENPLAN_PASSWORD_CPU", raising=False)
    assert get_settings().password_cpu == 0.5
    assert offload.ARGON2.budget._rate() == 0.5 / offload.ARGON2_PARALLELISM
    monkeypatch.setenv("CITIZENPLAN_PASSWORD_CPU", "0")
    assert offload.ARGON2.budget._rate() == 0.0


def test_every_argon2_call_goes_through_the_budget(monkeypatch):
    from citizenplan.auth import passwords

    seen = []
    real = offload.ARGON2.budget.run
    monkeypatch.setattr(offload.ARGON2.budget, "run", lambda fn, *a, **k: seen.append(fn) or real(fn, *a, **k))
    stored = passwords.hash_password("en lang adgangskode")
    assert passwords.verify_and_update("en lang adgangskode", stored)[0]
    assert not passwords.verify_and_update("forkert", None)[0]
    assert len(seen) == 3


# ---------------------------------------------------------------- turns: who goes next in an ordered lane


async def _line_up(turns: offload.Turns, ranks: list[int]) -> list[int]:
    """One job holds the only place; jobs of `ranks` arrive in this order; the order in which they got in."""
    order, release = [], asyncio.Event()

    async def job(name: int, rank: int) -> None:
        async with turns.turn(rank):
            order.append(name)
            if name == -1:
                await release.wait()

    holder = asyncio.create_task(job(-1, 0))
    await asyncio.sleep(0)
    others = []
    for name, rank in enumerate(ranks):
        others.append(asyncio.create_task(job(name, rank)))
        await asyncio.sleep(0)
    assert turns.waiting == len(ranks)
    release.set()
    await asyncio.wait_for(asyncio.gather(holder, *others), WAIT_S)
    return order[1:]


async def test_when_more_wait_than_there_are_places_the_lowest_rank_goes_first_then_the_first_come():
    assert await _line_up(offload.Turns(lambda: 1), [3, 0, 1, 0, 3]) == [1, 3, 2, 0, 4]


async def test_a_job_that_gives_up_waiting_leaves_the_line_and_holds_no_place():
    turns, release = offload.Turns(lambda: 1), asyncio.Event()

    async def holder():
        async with turns.turn(0):
            await release.wait()

    held = asyncio.create_task(holder())
    await asyncio.sleep(0)
    quitter = asyncio.create_task(holder())
    await asyncio.sleep(0)
    quitter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await quitter
    release.set()
    await held
    assert turns.waiting == 0
    async with turns.turn(5):  # the place is free again, for anyone
        pass


async def test_an_ordered_lane_runs_the_lower_rank_first_and_never_more_than_its_size():
    lane, started, release, order = offload.Lane("ordered", 1, ordered=True), threading.Event(), threading.Event(), []

    def work(name: str) -> None:
        order.append(name)
        if name == "first":
            started.set()
            release.wait(WAIT_S)

    try:
        first = asyncio.create_task(lane.run_ranked(0, work, "first"))
        assert await asyncio.to_thread(started.wait, WAIT_S)
        flood = [asyncio.create_task(lane.run_ranked(2, work, f"flood{n}")) for n in range(3)]
        await asyncio.sleep(0.05)
        person = asyncio.create_task(lane.run(work, "person"))  # rank 0, and last to come
        await asyncio.sleep(0.05)
        release.set()
        await asyncio.wait_for(asyncio.gather(first, *flood, person), WAIT_S)
    finally:
        lane.shutdown()
    assert order == ["first", "person", "flood0", "flood1", "flood2"]


def test_logins_wait_in_an_ordered_lane_and_the_other_lanes_serve_first_come_first_served():
    assert offload.PASSWORDS.turns is not None
    assert offload.DATA.turns is None and offload.HEAVY.turns is None and offload.ARGON2.turns is None
