"""The real app for end-to-end tests: `reflex run --env prod` on a free port, on a throw-away SQLite database.

`running_app(root)` is a context manager. In the folder `root` it

1. makes `root/data` and runs the project's own CLI there: `citizenplan migrate`, then `citizenplan demo`
   (the demo people of citizenplan/demo.py, password `min-vej-demo`);
2. starts `reflex run --env prod` on one free port for frontend and backend, in its own process group,
   with stdout and stderr in `root/reflex.log`;
3. waits (up to START_TIMEOUT_S) until `/ping` answers, and fails with the end of the log if the
   process dies or never answers;
4. yields an `AppServer` (base URL, data folder, SQLite helpers);
5. always stops the whole process group (SIGTERM, then SIGKILL), also when a test fails or the start does.

The build happens in `root/web` (REFLEX_WEB_WORKDIR), not in the project's `.web/`: a `make run` on the
same checkout keeps its own build, and two test runs never compile into the same folder. With bun's cache
in `.cache/bun` the fresh folder costs a few seconds.

Environment, as the Makefile sets it: Reflex and bun keep everything inside the project and never phone
home; argon2 is cheap so logins are quick; the app's public URL is the test server's.
"""

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 300
STOP_TIMEOUT_S = 15
LOG_TAIL_LINES = 60


class AppStartFailed(RuntimeError):
    """The app did not come up; the message carries the end of its log."""


@dataclass(frozen=True)
class AppServer:
    base_url: str
    data_dir: Path
    log_path: Path

    @property
    def db_path(self) -> Path:
        return self.data_dir / "citizenplan.db"

    def url(self, path: str = "/") -> str:
        return self.base_url.rstrip("/") + path

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Read the app's database directly (SQLite in WAL mode: safe while the app runs)."""
        connection = sqlite3.connect(self.db_path, timeout=30)
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()

    def execute(self, sql: str, params: tuple = ()) -> int:
        """Change the app's database directly; returns the number of rows changed."""
        connection = sqlite3.connect(self.db_path, timeout=30)
        try:
            with connection:
                return connection.execute(sql, params).rowcount
        finally:
            connection.close()

    def user_id(self, username: str) -> int:
        rows = self.query("SELECT id FROM user WHERE username = ?", (username,))
        assert rows, f"no user {username!r} in the app's database"
        return rows[0][0]


def db_time(moment: datetime) -> str:
    """A moment as the app's SQLite columns store it: naive UTC, microseconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _bun_path() -> str:
    return (os.environ.get("REFLEX_BUN_PATH") or shutil.which("bun")
            or str(PROJECT_DIR / ".tools" / "node_modules" / "bun" / "bin" / "bun.exe"))


def app_environment(root: Path, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CITIZENPLAN_DATABASE_URL", None)  # SQLite in the data folder, never a developer's database
    env.update({
        "REFLEX_DIR": str(PROJECT_DIR / ".reflex"),
        "BUN_INSTALL_CACHE_DIR": str(PROJECT_DIR / ".cache" / "bun"),
        "REFLEX_BUN_PATH": _bun_path(),
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "REFLEX_WEB_WORKDIR": str(root / "web"),
        "REFLEX_STATES_WORKDIR": str(root / "states"),
        "CITIZENPLAN_DATA_DIR": str(root / "data"),
        "CITIZENPLAN_PUBLIC_URL": f"http://localhost:{port}",
        "CITIZENPLAN_ARGON2_MEMORY_KIB": "1024",
        "CITIZENPLAN_ARGON2_TIME_COST": "1",
        "PORT": str(port),
        "PYTHONUNBUFFERED": "1",
    })
    return env


def _venv_script(name: str) -> str:
    script = Path(sys.executable).parent / name
    return str(script) if script.exists() else name


def _citizenplan(args: list[str], env: dict[str, str], log: Path) -> None:
    command = [_venv_script("citizenplan"), *args]
    result = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120,
                            check=False)
    with log.open("a") as handle:
        handle.write(f"$ {' '.join(command)}\n{result.stdout}{result.stderr}\n")
    if result.returncode != 0:
        raise AppStartFailed(f"`citizenplan {' '.join(args)}` failed (exit {result.returncode}):\n"
                             f"{result.stdout}\n{result.stderr}")


def log_tail(log: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _answers_ping(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(base_url + "/ping", timeout=2) as response:  # noqa: S310 - loopback
            return response.status == 200 and b"pong" in response.read()
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the whole group, then SIGKILL to whatever is left of it."""
    try:
        pgid = os.getpgid(process.pid)
    except ProcessLookupError:
        return
    for sig, grace in ((signal.SIGTERM, STOP_TIMEOUT_S), (signal.SIGKILL, 5)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            process.poll()
            try:
                os.killpg(pgid, 0)  # anyone left in the group?
            except ProcessLookupError:
                return
            time.sleep(0.1)
    process.poll()


@contextmanager
def running_app(root: Path, start_timeout_s: float = START_TIMEOUT_S) -> Iterator[AppServer]:
    root.mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    log = root / "reflex.log"
    port = free_port()
    env = app_environment(root, port)
    base_url = f"http://localhost:{port}"
    _citizenplan(["migrate"], env, log)
    _citizenplan(["demo"], env, log)
    with log.open("a") as handle:
        process = subprocess.Popen(
            [_venv_script("reflex"), "run", "--env", "prod", "--frontend-port", str(port),
             "--backend-port", str(port)],
            cwd=PROJECT_DIR, env=env, stdin=subprocess.DEVNULL, stdout=handle, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + start_timeout_s
        while not _answers_ping(base_url):
            if process.poll() is not None:
                raise AppStartFailed(f"reflex exited with {process.returncode} before /ping answered. "
                                     f"Log {log}:\n{log_tail(log)}")
            if time.monotonic() > deadline:
                raise AppStartFailed(f"/ping did not answer within {start_timeout_s:.0f} s. "
                                     f"Log {log}:\n{log_tail(log)}")
            time.sleep(0.5)
        yield AppServer(base_url=base_url, data_dir=root / "data", log_path=log)
    finally:
        _stop(process)
