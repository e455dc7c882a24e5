"""A small sampling profiler for benchmarks/load.py: where a backend worker's time goes, without py-spy.

Put this folder first on PYTHONPATH and set MINVEJ_SAMPLE_DIR: every Python process started so, and every
process forked from one (Granian forks its worker), samples the stacks of all its threads every 5 ms
(`sys._current_frames`) and writes running totals to MINVEJ_SAMPLE_DIR/<pid>.json every 2 s (pid,
process group, samples, and per thread kind "loop" — a thread inside asyncio's `_run_once` — or "other":
busy samples, and counts per function of the leaf frame (self) and of every frame on the stack (total)).
The event loop thread is idle only while it waits in select(); a wait anywhere else (psycopg waiting for
PostgreSQL, a lock) holds up every socket of the worker and counts as busy. Another thread whose leaf
frame waits (select, a lock, a queue, a pool's idle worker) is idle. load.py reads
the totals before and after a measured window and prints the difference. Only the Python frames are seen:
time in C code (argon2, psycopg, JSON) is counted to the Python function that called it.

The stacks are read by `faulthandler.dump_traceback` (all threads, in C, in one go while this thread holds
the GIL), never by walking `frame.f_back` from `sys._current_frames()`: on CPython 3.11 that walk reads
frames that another thread frees meanwhile (the GIL can change hands between two steps of it), and it
crashed the process it sampled: a load.py worker died of a segfault in libpython (dmesg), once right after
"AttributeError: 'Handle' object has no attribute 'f_back'" in this thread (the same bug in ddtrace's and
Sentry's samplers: DataDog/dd-trace-py#13567, getsentry/sentry-python#6119).
"""

import os

if os.environ.get("MINVEJ_SAMPLE_DIR"):
    import faulthandler
    import json
    import re
    import sys
    import threading
    import time
    from collections import Counter

    _IDLE = {("selectors.py", "select"), ("threading.py", "wait"), ("threading.py", "_wait_for_tstate_lock"),
             ("queue.py", "get"), ("thread.py", "_worker"), ("base_events.py", "_run_once_idle"),
             ("connection.py", "wait"), ("connection.py", "_poll"), ("connection.py", "_recv"),
             ("popen_fork.py", "poll"), ("subprocess.py", "_wait"), ("selectors.py", "_select")}
    _PERIOD_S, _WRITE_EVERY_S = 0.005, 2.0

    _FRAME = re.compile(r'  File "(.*)", line (?:\d+|\?\?\?) in (.*)$')

    def _stacks(dump: int) -> list[list[tuple[str, str]]]:
        """(file, function) of every frame, innermost first, of every thread but this one."""
        os.lseek(dump, 0, os.SEEK_SET)
        os.ftruncate(dump, 0)
        faulthandler.dump_traceback(dump, all_threads=True)
        size = os.lseek(dump, 0, os.SEEK_CUR)
        raw = os.pread(dump, size, 0)
        stacks: list[list[tuple[str, str]]] = []
        current: list[tuple[str, str]] | None = None
        for line in raw.decode("utf-8", "replace").splitlines():
            if line.startswith("Thread "):
                current = []
                stacks.append(current)
            elif line.startswith("Current thread"):  # this one
                current = None
            elif current is not None and (found := _FRAME.match(line)):
                current.append((found.group(1), found.group(2)))
        return [stack for stack in stacks if stack]

    def _where(path: str, function: str) -> str:
        for marker in ("site-packages/", "lib/python3.11/", "/citizenplan/"):
            if marker in path:
                path = ("citizenplan/" if marker == "/citizenplan/" else "") + path.split(marker, 1)[1]
                break
        return f"{path}:{function}"

    def _sample_forever() -> None:
        dump = os.memfd_create("minvej-sampler")  # per process: a forked child makes its own
        totals = {kind: {"samples": 0, "busy": 0, "self": Counter(), "total": Counter()} for kind in ("loop", "other")}
        folder = os.environ["MINVEJ_SAMPLE_DIR"]
        last_write = time.monotonic()
        while True:
            time.sleep(_PERIOD_S)
            for stack in _stacks(dump):
                names = [_where(path, function) for path, function in stack]
                kind = "loop" if any(n.endswith(":_run_once") for n in names) else "other"
                bucket = totals[kind]
                bucket["samples"] += 1
                where = (os.path.basename(stack[0][0]), stack[0][1])
                # The loop is free only while it waits in select(): a wait anywhere else (a query to
                # PostgreSQL, a lock) holds up every socket of the worker, so it counts as busy.
                if (where == ("selectors.py", "select")) if kind == "loop" else where in _IDLE:
                    continue
                bucket["busy"] += 1
                bucket["self"][names[0]] += 1
                for name in set(names):
                    bucket["total"][name] += 1
            if time.monotonic() - last_write >= _WRITE_EVERY_S:
                last_write = time.monotonic()
                target = os.path.join(folder, f"{os.getpid()}.json")
                try:
                    with open(target + ".tmp", "w") as handle:
                        json.dump({"pid": os.getpid(), "pgid": os.getpgid(0), "argv": sys.argv[:3],
                                   "threads": totals}, handle)
                    os.replace(target + ".tmp", target)
                except OSError:
                    pass

    def _start() -> None:
        threading.Thread(target=_sample_forever, name="minvej-sampler", daemon=True).start()

    _start()
    os.register_at_fork(after_in_child=_start)  # Granian forks its worker: a thread is not copied into it
