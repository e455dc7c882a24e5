"""Debian's PostgreSQL binaries, run from a project folder without sudo or a system service.

Shared by the tests' throw-away server (tests/support/postgres.py) and the stack of `make run-scale`
(citizenplan/ops/stack.py). PostgreSQL refuses to run as root, so as root (CI, a fresh container) every
server binary runs as the `postgres` system user that the Debian package creates.
"""

import glob
import os
import shutil
import socket
import subprocess
from pathlib import Path

SYSTEM_USER = "postgres"  # made by Debian's postgresql-common
COMMAND_TIMEOUT_S = 60


class PostgresUnavailable(RuntimeError):
    """The binaries are not on this machine."""


class PostgresStartFailed(RuntimeError):
    """initdb or the server failed; the message carries their output and the server log."""


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
    raise PostgresUnavailable("PostgreSQL's initdb and pg_ctl were not found (Debian package `postgresql`).")


def free_port() -> int:
    """A port on 127.0.0.1 that is free now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_server_user() -> list[str]:
    """The command prefix that runs a server binary as an ordinary user."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser") or "/usr/sbin/runuser"
    return [runuser, "-u", SYSTEM_USER, "--"]


def give_to_server_user(*paths: Path) -> None:
    """As root, the folders the server writes must be the server user's."""
    if os.geteuid() == 0:
        for path in paths:
            shutil.chown(path, SYSTEM_USER, SYSTEM_USER)


def run_as_server_user(command: list[str], cwd: Path, what: str) -> None:
    result = subprocess.run(as_server_user() + command, cwd=cwd, capture_output=True, text=True,  # noqa: S603
                            timeout=COMMAND_TIMEOUT_S, check=False)
    if result.returncode != 0:
        raise PostgresStartFailed(
            f"{what} failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
        )


def log_tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def initdb(bin_dir: Path, data: Path, cwd: Path, superuser: str, extra: list[str]) -> None:
    """A new cluster in `data` (which must not exist yet), UTF-8, owned by the server user."""
    run_as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-U", superuser, "--encoding=UTF8",
                        "--locale=C.UTF-8", "--no-instructions", *extra], cwd, "initdb")


def loopback_settings(port: int, sockets: Path, max_connections: int) -> str:
    """The postgresql.conf lines that keep a server on 127.0.0.1 and its socket in the project folder."""
    return (
        "listen_addresses = '127.0.0.1'\n"
        f"port = {port}\n"
        f"unix_socket_directories = '{sockets}'\n"
        f"max_connections = {max_connections}\n"
    )
