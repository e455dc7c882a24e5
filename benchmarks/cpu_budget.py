"""Give each backend worker a fixed share of the CPU (a Linux cgroup's CFS quota), for `load.py --capacity
--worker-cores`.

Why: on one 2-core machine the workers share their cores with the load's own clients, PostgreSQL, Redis and
nginx, so "what the second worker adds" measures the machine, not the app (benchmarks/README.md, `--capacity`).
With a budget of, say, half a core per worker, both setups run with CPU to spare for everything else, and each
worker has the same CPU whether it runs alone or beside another: as on a site where each worker has a core of
its own. What is then measured is whether the two workers share anything that stops the second one from adding
what the first gives (Redis's locks, PostgreSQL, nginx).

Needs root and a writable cpu controller (cgroup v1 `/sys/fs/cgroup/cpu`, or v2 with `cpu` in
`cgroup.subtree_control`); it says so in one sentence and stops otherwise. Every group it makes is removed at the
end, its processes given back to the root group. The process tree is taken once: a worker that the stack's
supervisor restarts during the run runs without the budget.
"""

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

V1 = Path("/sys/fs/cgroup/cpu")
V2 = Path("/sys/fs/cgroup")
PERIOD_US = 20_000  # short periods: a worker over its share waits at most this long, not 100 ms


class NoCpuBudget(RuntimeError):
    pass


def check() -> None:
    """Before the slow start of a stack: stop at once, in one sentence, where no budget can be set."""
    _controller()


def _controller() -> tuple[Path, bool]:
    """(the folder to make groups in, whether it is cgroup v1)."""
    if (V1 / "cpu.cfs_quota_us").exists() and os.access(V1, os.W_OK):
        return V1, True
    controllers = V2 / "cgroup.subtree_control"
    if controllers.exists() and "cpu" in controllers.read_text().split() and os.access(V2, os.W_OK):
        return V2, False
    raise NoCpuBudget("--worker-cores needs root and a writable cpu cgroup (v1 /sys/fs/cgroup/cpu or v2 with "
                      "the cpu controller); none was found")


def process_tree(root_pid: int) -> set[int]:
    """The process, everyone in its process group, and every descendant of these (from /proc)."""
    parents: dict[int, tuple[int, int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = (int(fields[1]), int(fields[2]))
    tree = {pid for pid, (_parent, group) in parents.items() if pid == root_pid or group == root_pid}
    grew = True
    while grew:
        more = {pid for pid, (parent, _group) in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return tree


@contextlib.contextmanager
def worker_budgets(worker_pids: list[int], cores: float) -> Iterator[list[Path]]:
    """One group per worker (its whole process tree), each allowed `cores` of CPU; removed on exit."""
    folder, v1 = _controller()
    groups: list[Path] = []
    try:
        for pid in worker_pids:
            group = folder / f"minvej-load-{os.getpid()}-{pid}"
            group.mkdir()
            groups.append(group)
            quota = max(1000, int(cores * PERIOD_US))
            if v1:
                (group / "cpu.cfs_period_us").write_text(str(PERIOD_US))
                (group / "cpu.cfs_quota_us").write_text(str(quota))
            else:
                (group / "cpu.max").write_text(f"{quota} {PERIOD_US}")
            # A period's unused share may be spent in a burst later (as a core of its own would allow): a worker
            # answers in bursts, its loop and its data lane's threads at once, and a quota without this stops
            # it for the rest of the period even when its average is well under the share.
            burst = group / ("cpu.cfs_burst_us" if v1 else "cpu.max.burst")
            try:
                burst.write_text(str(quota))
            except OSError:
                print("  (this kernel has no CPU burst for a cgroup: the quota alone, stricter on a busy worker)",
                      flush=True)
            for member in sorted(process_tree(pid)):
                with contextlib.suppress(ProcessLookupError, OSError):  # a process that ended meanwhile
                    (group / "cgroup.procs").write_text(str(member))
        yield groups
    finally:
        for group in groups:
            with contextlib.suppress(OSError):
                for member in (group / "cgroup.procs").read_text().split():
                    with contextlib.suppress(OSError):
                        (folder / "cgroup.procs").write_text(member)
            with contextlib.suppress(OSError):
                group.rmdir()


def throttled_seconds(groups: list[Path]) -> float:
    """How long the groups' processes were held back for being over their share, so far (seconds)."""
    total = 0.0
    for group in groups:
        with contextlib.suppress(OSError):
            stat = dict(line.split() for line in (group / "cpu.stat").read_text().splitlines() if " " in line)
            total += int(stat.get("throttled_time", 0)) / 1e9 if "throttled_time" in stat else \
                int(stat.get("throttled_usec", 0)) / 1e6
    return total
