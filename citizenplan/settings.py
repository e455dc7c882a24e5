"""Configuration from the environment, with defaults that run on one machine with no server."""

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "")
    return float(value) if value.strip() else default


def _default_public_url() -> str:
    """The address links and QR codes carry when none is set: this machine, on the port actually served
    (PORT, which rxconfig.py serves on too), so `PORT=8080 make run` prints links that work."""
    return f"http://localhost:{_env_int('PORT', 3000)}"


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("CITIZENPLAN_DATA_DIR", PROJECT_DIR / "data"))
    )
    database_url: str = field(default_factory=lambda: os.environ.get("CITIZENPLAN_DATABASE_URL", ""))
    public_url: str = field(
        default_factory=lambda: os.environ.get("CITIZENPLAN_PUBLIC_URL", "").strip() or _default_public_url()
    )
    session_idle_minutes: int = field(default_factory=lambda: _env_int("CITIZENPLAN_SESSION_IDLE_MINUTES", 30))
    session_max_hours: int = field(default_factory=lambda: _env_int("CITIZENPLAN_SESSION_MAX_HOURS", 12))
    invitation_days: int = 7  # a code for a new person
    fresh_start_hours: int = 24  # a code that sets up an existing person's access again
    # argon2 cost; tests lower it through the environment so that hundreds of logins stay quick.
    argon2_memory_kib: int = field(default_factory=lambda: _env_int("CITIZENPLAN_ARGON2_MEMORY_KIB", 65536))
    argon2_time_cost: int = field(default_factory=lambda: _env_int("CITIZENPLAN_ARGON2_TIME_COST", 3))
    # Password checks at once per worker (offload.ARGON2): one per core. Leaving a core free (cores - 1) made
    # no difference a benchmark could tell to a citizen's chat under a flood of logins (benchmarks/README.md,
    # login_flood.py, 8 rounds each), and halves the logins a worker checks in a morning's rush.
    password_threads: int = field(
        default_factory=lambda: max(1, _env_int("CITIZENPLAN_PASSWORD_THREADS", os.cpu_count() or 1))
    )
    # Cores' worth of CPU one worker's password checks may take on average (offload.Budget; 0: no limit).
    # Half a core: a morning's logins (some per second) go as fast as without it, a flood of logins from
    # many addresses waits in the password lane instead of taking the CPU the pages need.
    password_cpu: float = field(default_factory=lambda: max(0.0, _env_float("CITIZENPLAN_PASSWORD_CPU", 0.5)))
    # When SQLite waits for the disk (db.py). NORMAL: a committed answer survives any crash of the app, and
    # the database is never damaged; an OS crash or power cut may lose the last seconds. FULL: not even
    # that, at the cost of a disk flush (about 1 ms here) on every answer before the reply.
    sqlite_synchronous: str = field(
        default_factory=lambda: os.environ.get("CITIZENPLAN_SQLITE_SYNCHRONOUS", "").strip().upper() or "NORMAL"
    )
    # PostgreSQL connections each backend worker process may hold: pool_size kept open, max_overflow more at
    # a peak. The sum over every worker of every machine must stay under the server's max_connections
    # (docs/operations.md has the rule and the numbers).
    db_pool_size: int = field(default_factory=lambda: _env_int("CITIZENPLAN_DB_POOL_SIZE", 5))
    db_max_overflow: int = field(default_factory=lambda: _env_int("CITIZENPLAN_DB_MAX_OVERFLOW", 10))

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'citizenplan.db'}"

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """The only origins whose pages may talk to the app: CORS, the websocket and /auth/* all ask this."""
        return origins_of(self.public_url)


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")
DEFAULT_PORTS = {"http": 80, "https": 443}


def origins_of(public_url: str) -> tuple[str, ...]:
    """The origin of the public URL as a browser writes it in an `Origin` header (no path, no default port).

    On a loopback host (a developer's machine, the tests) the other loopback names of the same port are
    allowed too, so http://127.0.0.1:3000 works when the public URL says http://localhost:3000; no other
    site can be served from a loopback address of this machine. Any other public URL allows only itself.
    """
    parts = urlsplit(public_url.strip())
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "localhost").lower()
    host = f"[{host}]" if ":" in host else host
    port = "" if parts.port in (None, DEFAULT_PORTS.get(scheme)) else f":{parts.port}"
    hosts = LOOPBACK_HOSTS if host in LOOPBACK_HOSTS else (host,)
    return tuple(f"{scheme}://{name}{port}" for name in (host, *(h for h in hosts if h != host)))


# The variables Settings reads. get_settings() runs a few times on every event (each unit of work asks
# for the engine); building Settings anew each time cost more than reading these.
ENVIRONMENT = ("CITIZENPLAN_DATA_DIR", "CITIZENPLAN_DATABASE_URL", "CITIZENPLAN_PUBLIC_URL",
               "CITIZENPLAN_SESSION_IDLE_MINUTES", "CITIZENPLAN_SESSION_MAX_HOURS",
               "CITIZENPLAN_ARGON2_MEMORY_KIB", "CITIZENPLAN_ARGON2_TIME_COST", "CITIZENPLAN_PASSWORD_THREADS",
               "CITIZENPLAN_PASSWORD_CPU", "CITIZENPLAN_SQLITE_SYNCHRONOUS",
               "PORT", "CITIZENPLAN_DB_POOL_SIZE", "CITIZENPLAN_DB_MAX_OVERFLOW")


def get_settings() -> Settings:
    """The settings as the environment says now (a changed variable gives new settings at once)."""
    return _settings_for(tuple(os.environ.get(name) for name in ENVIRONMENT))


@lru_cache(maxsize=8)
def _settings_for(_environment: tuple[str | None, ...]) -> Settings:
    return Settings()
