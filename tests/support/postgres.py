"""A real PostgreSQL server for the test session: Debian's binaries, a temporary folder (in /dev/shm
when it has room, as a throw-away server needs no disk), a free port on 127.0.0.1, no durability
(fsync, synchronous_commit and full_page_writes off).

`running_postgres()` is a context manager that yields a SQLAlchemy URL of the server's default
database and always stops the server and removes its folder, also when a test run fails or the
server does not come up. PostgreSQL refuses to run as root, so as root (CI) it is run as the
`postgres` system user that the Debian package creates.
"""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from citizenplan.ops import postgres as server
from citizenplan.ops.postgres import (  # noqa: F401 - the tests' names for the shared pieces
    SYSTEM_USER,
    PostgresStartFailed,
    PostgresUnavailable,
    free_port,
)

SKIP_ENV = "CITIZENPLAN_SKIP_POSTGRES"
SUPERUSER = "postgres"
DEFAULT_DB = "postgres"
START_TIMEOUT_S = 60
PREFIX = "citizenplan-pg-"

MISSING_MESSAGE = (
    "PostgreSQL is not installed: the tests run every database test on SQLite and on PostgreSQL. "
    "Run `make test` (it installs the Debian package `postgresql`), or `apt-get install -y postgresql`. "
    f"To run without PostgreSQL on purpose, set {SKIP_ENV}=1."
)


def skip_requested() -> bool:
    return os.environ.get(SKIP_ENV, "").strip() not in ("", "0")


def find_bin_dir() -> Path:
    try:
        return server.find_bin_dir()
    except PostgresUnavailable:
        raise PostgresUnavailable(MISSING_MESSAGE) from None


def _scratch_dir() -> str | None:
    """Memory (/dev/shm) when there is room: the data is thrown away, and CREATE DATABASE per test
    copies a whole template. Otherwise the usual temporary folder."""
    shm = Path("/dev/shm")
    try:
        if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 512 * 2**20:
            return str(shm)
    except OSError:
        pass
    return None


def _remove_stale(scratch: str | None) -> None:
    """Folders of earlier runs that were killed before they could clean up (a dead server's pid)."""
    for folder in Path(scratch or tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            pid = int((folder / "data" / "postmaster.pid").read_text().split()[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, ValueError, IndexError):
            continue  # starting up, not ours to judge, or no server: leave it


@contextmanager
def running_postgres() -> Iterator[str]:
    """Start a throw-away server; yield `postgresql+psycopg://postgres@127.0.0.1:PORT/postgres`."""
    bin_dir = find_bin_dir()
    scratch = _scratch_dir()
    _remove_stale(scratch)
    root = Path(tempfile.mkdtemp(prefix=PREFIX, dir=scratch))
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    started = False
    try:
        sockets.mkdir()
        server.give_to_server_user(root, sockets)
        server.initdb(bin_dir, data, root, SUPERUSER, ["--auth=trust", "--no-sync"])
        # Loopback only, trust: the server lives as long as the test run, in its own folder.
        (data / "pg_hba.conf").write_text(
            "local all all trust\n"
            "host all all 127.0.0.1/32 trust\n"
        )
        port = free_port()
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(
                "\n# citizenplan tests\n"
                + server.loopback_settings(port, sockets, max_connections=200) +
                "fsync = off\n"
                "synchronous_commit = off\n"
                "full_page_writes = off\n"
                "wal_level = minimal\n"
                "max_wal_senders = 0\n"
                "autovacuum = off\n"  # a worker visiting the template would hold up CREATE DATABASE
            )
        started = True  # from here on, try to stop it even if the start reports a failure
        try:
            server.run_as_server_user([str(bin_dir / "pg_ctl"), "start", "-D", str(data), "-l", str(log), "-w",
                                       "-t", str(START_TIMEOUT_S), "-o", "-F"], root, "pg_ctl start")
        except PostgresStartFailed as error:
            raise PostgresStartFailed(f"{error}\nserver log:\n{server.log_tail(log)}") from None
        yield f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/{DEFAULT_DB}"
    finally:
        try:
            if started:
                subprocess.run(
                    server.as_server_user() + [str(bin_dir / "pg_ctl"), "stop", "-D", str(data), "-m",
                                               "immediate", "-w", "-t", "30"],
                    cwd=root, capture_output=True, timeout=60, check=False,
                )
        finally:
            shutil.rmtree(root, ignore_errors=True)
