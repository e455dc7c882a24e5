"""A real PostgreSQL server for the test session: Debian's binaries, a temporary folder (in /dev/shm
when it has room, as a throw-away server needs no disk), a free port on 127.0.0.1, no durability
(fsync, synchronous_commit and full_page_writes off).

`running_postgres()` is a context manager that yields a SQLAlchemy URL of the server's default
database and always stops the server and removes its folder, also when a test run fails or the
server does not come up. PostgreSQL refuses to run as root, so as root (CI) it is run as the
`postgres` system user that the Debian package creates.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SKIP_ENV = "CITIZENPLAN_SKIP_POSTGRES"
SUPERUSER = "postgres"
DEFAULT_DB = "postgres"
SYSTEM_USER = "postgres"  # made by Debian's postgresql-common
START_TIMEOUT_S = 60
PREFIX = "citizenplan-pg-"

MISSING_MESSAGE = (
    "PostgreSQL is not installed: the tests run every database test on SQLite and on PostgreSQL. "
    "Run `make test` (it installs the Debian package `postgresql`), or `apt-get install -y postgresql`. "
    f"To run without PostgreSQL on purpose, set {SKIP_ENV}=1."
)


class PostgresUnavailable(RuntimeError):
    """The binaries are not on this machine."""


class PostgresStartFailed(RuntimeError):
    """initdb or pg_ctl failed; the message carries their output and the server log."""


def skip_requested() -> bool:
    return os.environ.get(SKIP_ENV, "").strip() not in ("", "0")


def _version_key(path: str) -> tuple[int, ...]:
    version = Path(path).parent.parent.name  # /usr/lib/postgresql/<ver>/bin/initdb
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def find_bin_dir() -> Path:
    """The newest /usr/lib/postgresql/<ver>/bin with initdb and pg_ctl (or those on PATH)."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key, reverse=True)
    for initdb in candidates:
        bin_dir = Path(initdb).parent
        if (bin_dir / "pg_ctl").exists():
            return bin_dir
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    raise PostgresUnavailable(MISSING_MESSAGE)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def _as_server_user() -> list[str]:
    """The command prefix that runs a server binary as an ordinary user."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser") or "/usr/sbin/runuser"
    return [runuser, "-u", SYSTEM_USER, "--"]


def _run(command: list[str], cwd: Path, what: str) -> None:
    result = subprocess.run(_as_server_user() + command, cwd=cwd, capture_output=True, text=True,
                            timeout=START_TIMEOUT_S, check=False)
    if result.returncode != 0:
        raise PostgresStartFailed(
            f"{what} failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
        )


def _log_tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


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
        if os.geteuid() == 0:
            for path in (root, sockets):
                shutil.chown(path, SYSTEM_USER, SYSTEM_USER)
        _run([str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust",
              "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"],
             root, "initdb")
        # Loopback only, trust: the server lives as long as the test run, in its own folder.
        (data / "pg_hba.conf").write_text(
            "local all all trust\n"
            "host all all 127.0.0.1/32 trust\n"
        )
        port = free_port()
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(
                "\n# citizenplan tests\n"
                "listen_addresses = '127.0.0.1'\n"
                f"port = {port}\n"
                f"unix_socket_directories = '{sockets}'\n"
                "fsync = off\n"
                "synchronous_commit = off\n"
                "full_page_writes = off\n"
                "wal_level = minimal\n"
                "max_wal_senders = 0\n"
                "autovacuum = off\n"  # a worker visiting the template would hold up CREATE DATABASE
                "max_connections = 200\n"
            )
        started = True  # from here on, try to stop it even if the start reports a failure
        try:
            _run([str(bin_dir / "pg_ctl"), "start", "-D", str(data), "-l", str(log), "-w",
                  "-t", str(START_TIMEOUT_S), "-o", "-F"], root, "pg_ctl start")
        except PostgresStartFailed as error:
            raise PostgresStartFailed(f"{error}\nserver log:\n{_log_tail(log)}") from None
        yield f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/{DEFAULT_DB}"
    finally:
        try:
            if started:
                subprocess.run(
                    _as_server_user() + [str(bin_dir / "pg_ctl"), "stop", "-D", str(data), "-m", "immediate",
                                         "-w", "-t", "30"],
                    cwd=root, capture_output=True, timeout=60, check=False,
                )
        finally:
            shutil.rmtree(root, ignore_errors=True)
