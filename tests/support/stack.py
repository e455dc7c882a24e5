"""The stack of `make run-scale` for a test: `python -m citizenplan.ops.stack` in a throw-away folder with
free loopback ports, read through its FOLDER/stack.json, stopped as Ctrl-C stops it (SIGINT).

`running_stack(workers, settings)` yields a `RunningStack` (`settings`: more environment for the stack);
on the way out it stops the stack, waits for it, and records every process group it ever saw (killed and
restarted workers too) in `.groups_seen`, and those still alive after the stop in `.leftovers` (then kills
them), so that a test can prove none was left. As root the folder is opened for PostgreSQL's `postgres`
user. `.query(sql, params)` reads the stack's database as the app's own role.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.app_server import PROJECT_DIR, app_environment, free_port, log_tail

START_TIMEOUT_S = 420
STOP_TIMEOUT_S = 90


class StackFailed(RuntimeError):
    """The stack did not come up; the message carries the end of its output."""


@dataclass
class RunningStack:
    folder: Path
    url: str
    process: subprocess.Popen
    output: Path
    groups_seen: set[int] = field(default_factory=set)
    leftovers: list[int] = field(default_factory=list)  # groups still alive after the stack stopped

    def status(self) -> dict:
        try:
            status = json.loads((self.folder / "stack.json").read_text())
        except (OSError, ValueError):
            return {"state": "starting", "services": []}
        self.groups_seen.update(s["pid"] for s in status["services"] if s.get("pid"))
        return status

    def service(self, name: str) -> dict:
        return next(s for s in self.status()["services"] if s["name"] == name)

    def restarted(self, name: str, old_pid: int, timeout: float = 180) -> dict:
        """Wait until `name` runs again under a new process id and is ready; its status then."""
        status = self.wait_for(lambda s: any(x["name"] == name and x["pid"] != old_pid and x["ready"]
                                             for x in s["services"]), f"{name} started again", timeout)
        return next(x for x in status["services"] if x["name"] == name)

    @property
    def database_url(self) -> str:
        """The app's own PostgreSQL role and database (citizenplan/ops/stack.py), for checks in SQL."""
        password = json.loads((self.folder / "secrets.json").read_text())["minvej"]
        return f"postgresql://minvej:{password}@127.0.0.1:{self.service('postgresql')['port']}/minvej"

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.database_url, connect_timeout=5, autocommit=True) as connection:
            cursor = connection.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def wait_for(self, condition, what: str, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            status = self.status()
            if condition(status):
                return status
            if self.process.poll() is not None:
                raise StackFailed(f"the stack exited ({self.process.returncode}) while waiting for {what}:\n"
                                  f"{log_tail(self.output)}")
            if time.monotonic() > deadline:
                raise StackFailed(f"no {what} within {timeout:.0f} s:\n{log_tail(self.output)}")
            time.sleep(0.5)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@contextmanager
def running_stack(workers: int = 2, settings: dict[str, str] | None = None) -> Iterator[RunningStack]:
    folder = Path(tempfile.mkdtemp(prefix="citizenplan-stack-"))
    folder.chmod(0o755)  # PostgreSQL runs as `postgres` under root and must reach FOLDER/pg
    port = free_port()
    env = app_environment(folder, port)
    for name in ("CITIZENPLAN_DATABASE_URL", "REFLEX_REDIS_URL", "CITIZENPLAN_PUBLIC_URL", "REFLEX_API_URL",
                 "REFLEX_WEB_WORKDIR", "REFLEX_STATES_WORKDIR", "CITIZENPLAN_BIND"):
        env.pop(name, None)
    env.update({"CITIZENPLAN_SCALE_DIR": str(folder / "stack"), "WORKERS": str(workers), **(settings or {})})
    output = folder / "stack.out"
    with output.open("w") as handle:
        process = subprocess.Popen([sys.executable, "-m", "citizenplan.ops.stack"], cwd=PROJECT_DIR, env=env,
                                   stdin=subprocess.DEVNULL, stdout=handle, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    stack = RunningStack(folder=folder / "stack", url=f"http://localhost:{port}", process=process, output=output)
    try:
        stack.wait_for(lambda status: status["state"] == "running", "running stack", START_TIMEOUT_S)
        yield stack
    finally:
        stack.status()
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # what Ctrl-C sends
            try:
                process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        # Nothing of a failed test may outlive it: whatever the stack left is killed here (and reported).
        stack.groups_seen.discard(process.pid)
        stack.leftovers = [pgid for pgid in sorted(stack.groups_seen) if group_alive(pgid)]
        for pgid in stack.leftovers:
            os.killpg(pgid, signal.SIGKILL)
        shutil.rmtree(folder, ignore_errors=True)
