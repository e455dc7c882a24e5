"""`make run-scale`: the whole stack on one machine, from the project's own files, no sudo, no service.

PostgreSQL (Debian's binaries, a cluster in FOLDER/pg), Redis (FOLDER/redis), migrations and the demo
people once, the frontend exported once into FOLDER/web (never the `.web/` of `make run`) and served by
nginx (FOLDER/nginx), and WORKERS backend workers (`reflex run --env prod --backend-only`, one Granian
process each) on loopback ports behind it. Every process is a child in its own process group; one that
dies is started again; Ctrl-C (or SIGTERM) stops them all, nginx first, PostgreSQL last.

FOLDER/stack.json says what runs where (ports, process ids, whether each worker answers `/_ready`), for
an operator and for tests/e2e/test_scale_stack.py. Configuration is only the environment (see
`read_config`); a wrong value stops the start with one Danish sentence naming the variable.
"""

import hashlib
import http.client
import ipaddress
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from citizenplan.ops import nginx, postgres
from citizenplan.settings import PROJECT_DIR

SUPERUSER = "postgres"
APP_ROLE = "minvej"
APP_DB = "minvej"
RESERVED_CONNECTIONS = 5  # PostgreSQL's 3 for superusers, and room for `citizenplan migrate` or psql
START_TIMEOUT_S = 120
STOP_TIMEOUT_S = 20
RESTART_BACKOFF_S = (1, 2, 5, 10, 30)
PING_EVERY_S = 2.0


class ConfigError(SystemExit):
    """A wrong or missing setting: one Danish sentence that names it."""


# ---------------------------------------------------------------- configuration


@dataclass(frozen=True)
class StackConfig:
    folder: Path
    workers: int
    port: int
    bind: str
    public_url: str
    pg_port: int
    redis_port: int
    pg_max_connections: int
    pool_size: int
    max_overflow: int
    hung_after_s: int = 30  # a worker that leaves a /ping unanswered this long is killed and started again

    @property
    def connections_needed(self) -> int:
        """Each worker is one process (GRANIAN_WORKERS=1) with its own pool."""
        return self.workers * (self.pool_size + self.max_overflow) + RESERVED_CONNECTIONS


def _int(environ: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ConfigError(f"{name} skal være et helt tal fra {low} til {high}, ikke {raw!r}.")
    return value


def read_config(environ: dict[str, str] | None = None) -> StackConfig:
    env = dict(os.environ if environ is None else environ)
    workers = _int(env, "WORKERS", 2, 1, 32)
    port = _int(env, "PORT", 3000, 1, 65535)
    bind = env.get("CITIZENPLAN_BIND", "").strip() or "127.0.0.1"
    try:
        ipaddress.ip_address(bind)
    except ValueError:
        raise ConfigError(f"CITIZENPLAN_BIND skal være en IP-adresse som 127.0.0.1 eller 0.0.0.0, ikke {bind!r}.") from None
    public_url = env.get("CITIZENPLAN_PUBLIC_URL", "").strip() or f"http://localhost:{port}"
    if not public_url.startswith(("http://", "https://")):
        raise ConfigError(f"CITIZENPLAN_PUBLIC_URL skal begynde med http:// eller https://, ikke {public_url!r}.")
    folder = Path(env.get("CITIZENPLAN_SCALE_DIR", "").strip() or PROJECT_DIR / ".scale").resolve()
    config = StackConfig(
        folder=folder, workers=workers, port=port, bind=bind, public_url=public_url.rstrip("/"),
        pg_port=_int(env, "CITIZENPLAN_PG_PORT", 0, 0, 65535),
        redis_port=_int(env, "CITIZENPLAN_REDIS_PORT", 0, 0, 65535),
        pg_max_connections=_int(env, "CITIZENPLAN_PG_MAX_CONNECTIONS", 100, 20, 10000),
        pool_size=_int(env, "CITIZENPLAN_DB_POOL_SIZE", 5, 1, 1000),
        max_overflow=_int(env, "CITIZENPLAN_DB_MAX_OVERFLOW", 10, 0, 1000),
        hung_after_s=_int(env, "CITIZENPLAN_WORKER_HUNG_S", 30, 3, 3600),
    )
    if config.connections_needed > config.pg_max_connections:
        raise ConfigError(
            f"WORKERS × (CITIZENPLAN_DB_POOL_SIZE + CITIZENPLAN_DB_MAX_OVERFLOW) + {RESERVED_CONNECTIONS} = "
            f"{config.connections_needed} er flere forbindelser end CITIZENPLAN_PG_MAX_CONNECTIONS = "
            f"{config.pg_max_connections}; sæt færre arbejdere, en mindre pulje eller flere forbindelser."
        )
    return config


def _require_programs() -> dict[str, str]:
    found = {"nginx": shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else ""),
             "redis-server": shutil.which("redis-server") or ""}
    for program, package in (("nginx", "nginx"), ("redis-server", "redis-server")):
        if not found[program]:
            raise ConfigError(f"Programmet {program} mangler: kør `make run-scale` som root, "
                              f"eller `sudo apt-get install -y {package}`.")
    try:
        postgres.find_bin_dir()
    except postgres.PostgresUnavailable:
        raise ConfigError("PostgreSQL mangler: kør `make run-scale` som root, "
                          "eller `sudo apt-get install -y postgresql`.") from None
    return found


# ---------------------------------------------------------------- processes


@dataclass
class Service:
    """One supervised child in its own process group."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    port: int
    process: subprocess.Popen | None = None
    restarts: int = 0
    ready: bool = False
    next_start: float = 0.0
    started_at: float = field(default=0.0)
    died_at: float = 0.0
    pinged_at: float = 0.0  # when the last /ping was sent
    ping: Future | None = None  # the /ping on its way (a thread waits for the answer)
    waiting_since: float | None = None  # when the oldest /ping still unanswered was sent

    def start(self) -> None:
        with self.log.open("a") as handle:
            self.process = subprocess.Popen(  # noqa: S603 - our own fixed commands
                self.command, cwd=PROJECT_DIR, env=self.env, stdin=subprocess.DEVNULL, stdout=handle,
                stderr=subprocess.STDOUT, start_new_session=True,
            )
        self.ready = False
        self.started_at = time.monotonic()
        self.ping, self.waiting_since = None, None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def dead(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def stop(self, first_signal: int = signal.SIGTERM, grace: float = STOP_TIMEOUT_S) -> None:
        """The whole group: the worker's Granian children too, also when the leader is already gone."""
        if self.process is None:
            return
        for sig, wait in ((first_signal, grace), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                self.process.poll()
                try:
                    os.killpg(self.process.pid, 0)
                except ProcessLookupError:
                    self.process.poll()
                    return
                time.sleep(0.1)
        self.process.poll()


def _answers(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback, our URL
            return response.status == 200
    except (urllib.error.URLError, OSError, http.client.HTTPException):  # also a half-written answer
        return False


def _say(text: str) -> None:
    print(f"[min vej] {text}", flush=True)


def _reflex_environment() -> dict[str, str]:
    """As the Makefile sets it: Reflex and bun keep everything in the project and never phone home."""
    env = dict(os.environ)
    bun = shutil.which("bun") or str(PROJECT_DIR / ".tools" / "node_modules" / "bun" / "bin" / "bun.exe")
    env.setdefault("REFLEX_DIR", str(PROJECT_DIR / ".reflex"))
    env.setdefault("BUN_INSTALL_CACHE_DIR", str(PROJECT_DIR / ".cache" / "bun"))
    env.setdefault("REFLEX_BUN_PATH", bun)
    env["REFLEX_TELEMETRY_ENABLED"] = "false"
    env["REFLEX_CHECK_LATEST_VERSION"] = "false"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _venv_script(name: str) -> str:
    script = Path(sys.executable).parent / name
    return str(script) if script.exists() else name


# ---------------------------------------------------------------- the stack


class Stack:
    def __init__(self, config: StackConfig, programs: dict[str, str]):
        self.config = config
        self.programs = programs
        self.folder = config.folder
        self.logs = self.folder / "logs"
        self.bin_dir = postgres.find_bin_dir()
        self.services: list[Service] = []
        self.secrets: dict[str, str] = {}
        # One /ping in flight per worker, each waiting up to hung_after_s in a thread of its own: the
        # supervisor's loop never waits for a worker.
        self.pings = ThreadPoolExecutor(max_workers=config.workers, thread_name_prefix="ping")

    # -- files

    def _prepare_folders(self) -> None:
        for path in (self.folder, self.logs, self.folder / "redis", self.folder / "nginx",
                     self.folder / "states", *nginx.temp_folders(self.folder / "nginx")):
            path.mkdir(parents=True, exist_ok=True)
        # Passwords, Redis's copy of each tab's page and the logs are the app's alone.
        for path in (self.logs, self.folder / "redis", self.folder / "states"):
            path.chmod(0o700)
        secrets_file = self.folder / "secrets.json"
        if secrets_file.exists():
            self.secrets = json.loads(secrets_file.read_text())
        else:
            self.secrets = {name: secrets.token_urlsafe(24) for name in ("postgres", APP_ROLE, "redis")}
            secrets_file.touch(mode=0o600)
            secrets_file.write_text(json.dumps(self.secrets))

    @property
    def database_url(self) -> str:
        return f"postgresql://{APP_ROLE}:{self.secrets[APP_ROLE]}@127.0.0.1:{self.pg.port}/{APP_DB}"

    @property
    def redis_url(self) -> str:
        return f"redis://:{self.secrets['redis']}@127.0.0.1:{self.redis.port}/0"

    def app_environment(self) -> dict[str, str]:
        env = _reflex_environment()
        env.update({
            "CITIZENPLAN_DATABASE_URL": self.database_url,
            "REFLEX_REDIS_URL": self.redis_url,
            "CITIZENPLAN_PUBLIC_URL": self.config.public_url,
            "REFLEX_API_URL": self.config.public_url,
            "REFLEX_WEB_WORKDIR": str(self.folder / "web"),
            "REFLEX_STATES_WORKDIR": str(self.folder / "states"),
            "CITIZENPLAN_DB_POOL_SIZE": str(self.config.pool_size),
            "CITIZENPLAN_DB_MAX_OVERFLOW": str(self.config.max_overflow),
            "CITIZENPLAN_BIND": "127.0.0.1",
            "GRANIAN_WORKERS": "1",
            # nginx appends the client's address to X-Forwarded-For: the login limit per address counts it,
            # not nginx's own loopback address (which would make every login one address).
            "REFLEX_TRUSTED_PROXY_HOPS": "1",
        })
        env.pop("PORT", None)
        return env

    # -- PostgreSQL

    def _postgres_service(self) -> Service:
        root = self.folder / "pg"
        data, sockets = root / "data", root / "sockets"
        if not (data / "PG_VERSION").exists():
            root.mkdir(exist_ok=True)
            sockets.mkdir(exist_ok=True)
            postgres.give_to_server_user(root, sockets)
            if os.geteuid() == 0 and subprocess.run(  # noqa: S603
                    postgres.as_server_user() + ["test", "-w", str(root)], check=False).returncode != 0:
                raise ConfigError(f"PostgreSQL kører ikke som root, og brugeren postgres kan ikke nå {root}; "
                                  "sæt CITIZENPLAN_SCALE_DIR til en mappe, som alle må gå igennem.")
            password_file = root / "superuser-password"
            password_file.write_text(self.secrets["postgres"] + "\n")
            postgres.give_to_server_user(password_file)
            try:
                postgres.initdb(self.bin_dir, data, root, SUPERUSER,
                                ["--auth-local=peer", "--auth-host=scram-sha-256", f"--pwfile={password_file}"])
            finally:
                password_file.unlink(missing_ok=True)
            _say(f"PostgreSQL-klyngen er oprettet i {data}.")
        port = self.config.pg_port or postgres.free_port()
        command = postgres.as_server_user() + [
            str(self.bin_dir / "postgres"), "-D", str(data), "-p", str(port),
            "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={sockets}",
            "-c", f"max_connections={self.config.pg_max_connections}",
        ]
        return Service("postgresql", command, dict(os.environ), self.logs / "postgresql.log", port)

    def _postgres_ready(self) -> bool:
        import psycopg

        try:
            with psycopg.connect(host="127.0.0.1", port=self.pg.port, user=SUPERUSER, dbname="postgres",
                                 password=self.secrets["postgres"], connect_timeout=2):
                return True
        except psycopg.Error:
            return False

    def _ensure_database(self) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(host="127.0.0.1", port=self.pg.port, user=SUPERUSER, dbname="postgres",
                             password=self.secrets["postgres"], autocommit=True) as admin:
            if not admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (APP_ROLE,)).fetchone():
                admin.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(APP_ROLE), sql.Literal(self.secrets[APP_ROLE])))
            if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (APP_DB,)).fetchone():
                admin.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(APP_DB), sql.Identifier(APP_ROLE)))

    # -- Redis

    def _redis_service(self) -> Service:
        folder = self.folder / "redis"
        port = self.config.redis_port or postgres.free_port()
        conf = folder / "redis.conf"
        conf.touch(mode=0o600)
        conf.write_text(
            f"port {port}\nbind 127.0.0.1\nprotected-mode yes\ndir {folder}\n"
            f"requirepass {self.secrets['redis']}\n"
            # Tabs' states expire by themselves (rxconfig.py); nothing in Redis must outlive a restart.
            "save \"\"\nappendonly no\ndaemonize no\n"
            # What Reflex's state locks wait on; set here too, so a restarted Redis has it before any worker
            # reconnects (Reflex sets it once, when a worker starts).
            "notify-keyspace-events K$sgxe\n"
        )
        return Service("redis", [self.programs["redis-server"], str(conf)], dict(os.environ),
                       self.logs / "redis.log", port)

    def _redis_ready(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(host="127.0.0.1", port=self.redis.port, password=self.secrets["redis"],
                                    socket_connect_timeout=2).ping())
        except redis.RedisError:
            return False

    # -- the app

    def _citizenplan(self, *args: str) -> None:
        result = subprocess.run(  # noqa: S603
            [_venv_script("citizenplan"), *args], cwd=PROJECT_DIR, env=self.app_environment(),
            capture_output=True, text=True, timeout=600, check=False)
        with (self.logs / "setup.log").open("a") as log:
            log.write(f"$ citizenplan {' '.join(args)}\n{result.stdout}{result.stderr}\n")
        if result.returncode != 0:
            raise SystemExit(f"`citizenplan {' '.join(args)}` fejlede; se {self.logs / 'setup.log'}.\n"
                             f"{result.stderr[-2000:]}")

    def _frontend_fingerprint(self) -> str:
        """What the exported frontend is made of: the public address and every source file's content."""
        digest = hashlib.sha256(self.config.public_url.encode())
        files = [PROJECT_DIR / "rxconfig.py", PROJECT_DIR / "pyproject.toml"]
        for folder in ("citizenplan", "assets", "locales"):
            files += sorted(path for path in (PROJECT_DIR / folder).rglob("*")
                            if path.is_file() and "__pycache__" not in path.parts)
        for path in files:
            digest.update(str(path.relative_to(PROJECT_DIR)).encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()

    def _export_frontend(self) -> None:
        """Built for this public address, into FOLDER/web, never into `.web/`; again only when a source
        file or the address changed since the last build."""
        stamp = self.folder / "web-fingerprint"
        fingerprint = self._frontend_fingerprint()
        if (self.site / "index.html").exists() and stamp.exists() and stamp.read_text() == fingerprint:
            _say("Forsiden er uændret siden sidste start og bygges ikke igen.")
            return
        stamp.unlink(missing_ok=True)
        _say(f"Forsiden bygges til {self.config.public_url} (første gang tager det et par minutter).")
        log = self.logs / "export.log"
        with log.open("a") as handle:
            result = subprocess.run(  # noqa: S603
                [_venv_script("reflex"), "export", "--frontend-only", "--no-zip", "--env", "prod"],
                cwd=PROJECT_DIR, env=self.app_environment(), stdin=subprocess.DEVNULL, stdout=handle,
                stderr=subprocess.STDOUT, timeout=900, check=False)
        if result.returncode != 0:
            raise SystemExit(f"Forsiden kunne ikke bygges; se {log}.\n{postgres.log_tail(log)}")
        stamp.write_text(fingerprint)

    @property
    def site(self) -> Path:
        from reflex_base.constants.base import Dirs

        return self.folder / "web" / Dirs.STATIC

    def _worker_service(self, number: int) -> Service:
        port = postgres.free_port()
        command = [_venv_script("reflex"), "run", "--env", "prod", "--backend-only", "--backend-port", str(port)]
        return Service(f"worker-{number}", command, self.app_environment(), self.logs / f"worker-{number}.log",
                       port)

    def _nginx_service(self) -> Service:
        folder = self.folder / "nginx"
        conf = folder / "nginx.conf"
        bind = ipaddress.ip_address(self.config.bind)
        listen = f"[{bind}]:{self.config.port}" if bind.version == 6 else f"{bind}:{self.config.port}"
        conf.write_text(nginx.config(listen=listen, backends=[f"127.0.0.1:{w.port}" for w in self.workers],
                                     site=self.site, folder=folder,
                                     headers=nginx.page_headers(self.site, self.config.public_url)))
        return Service("nginx", [self.programs["nginx"], "-p", str(folder), "-e", str(folder / "nginx-error.log"),
                                 "-c", str(conf), "-g", "daemon off;"],
                       dict(os.environ), self.logs / "nginx.log", self.config.port)

    @property
    def _nginx_host(self) -> str:
        """Where this machine reaches nginx: loopback when it listens on every address."""
        address = ipaddress.ip_address(self.config.bind)
        if address.is_unspecified:
            return "127.0.0.1" if address.version == 4 else "[::1]"
        return f"[{address}]" if address.version == 6 else str(address)

    @property
    def workers(self) -> list[Service]:
        return [service for service in self.services if service.name.startswith("worker-")]

    # -- running

    def _wait(self, service: Service, ready, what: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not ready():
            if service.dead():
                raise SystemExit(f"{what} stoppede under starten; se {service.log}.\n{postgres.log_tail(service.log)}")
            if time.monotonic() > deadline:
                raise SystemExit(f"{what} svarede ikke inden {START_TIMEOUT_S} s; se {service.log}.")
            time.sleep(0.3)
        service.ready = True

    def write_status(self, state: str) -> None:
        status = {
            "state": state,
            "url": self.config.public_url,
            "services": [{"name": s.name, "pid": s.pid, "port": s.port, "ready": s.ready, "restarts": s.restarts}
                         for s in self.services],
        }
        target = self.folder / "stack.json"
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps(status, indent=2))
        temporary.replace(target)

    def start(self) -> None:
        for name in ("CITIZENPLAN_DATABASE_URL", "REFLEX_REDIS_URL"):
            if os.environ.get(name):
                _say(f"{name} er sat, men stakken bruger sin egen server i {self.folder}.")
        self._prepare_folders()
        self.pg = self._postgres_service()
        self.services.append(self.pg)
        self.pg.start()
        self._wait(self.pg, self._postgres_ready, "PostgreSQL")
        self._ensure_database()
        self.redis = self._redis_service()
        self.services.append(self.redis)
        self.redis.start()
        self._wait(self.redis, self._redis_ready, "Redis")
        self.write_status("starting")
        _say("Databasen opdateres, og demo-personerne lægges ind.")
        self._citizenplan("migrate")
        self._citizenplan("demo")
        self._export_frontend()
        for number in range(1, self.config.workers + 1):
            worker = self._worker_service(number)
            self.services.append(worker)
            worker.start()
        for worker in self.workers:
            self._wait(worker, lambda w=worker: _answers(f"http://127.0.0.1:{w.port}/_ready"), worker.name)
        self.nginx = self._nginx_service()
        self.services.append(self.nginx)
        self.nginx.start()
        self._wait(self.nginx, lambda: _answers(f"http://{self._nginx_host}:{self.config.port}/_ready"), "nginx")
        self.write_status("running")
        _say(f"Min Vej kører på {self.config.public_url}/ med {len(self.workers)} arbejdere bag nginx. "
             f"Stop med Ctrl-C. Logfiler: {self.logs}")

    def supervise_once(self) -> bool:
        """Start again whatever died (after a pause that grows when it keeps dying); notice a restarted
        worker answering again. True when something changed."""
        changed = False
        now = time.monotonic()
        for service in self.services:
            if service.dead():
                if service.next_start == 0.0:
                    code = service.process.returncode if service.process else None
                    service.stop(signal.SIGKILL, grace=0)  # its group's leftovers hold its port
                    pause = RESTART_BACKOFF_S[min(service.restarts, len(RESTART_BACKOFF_S) - 1)]
                    if now - service.started_at > 60:
                        pause = RESTART_BACKOFF_S[0]
                    service.next_start = now + pause
                    service.died_at = now
                    service.ready = False
                    _say(f"{service.name} stoppede (kode {code}); den startes igen om {pause} s.")
                    changed = True
                elif now >= service.next_start:
                    service.restarts += 1
                    service.next_start = 0.0
                    service.start()
                    changed = True
            elif not service.ready and service.process is not None and service in self.workers:
                if _answers(f"http://127.0.0.1:{service.port}/_ready", timeout=0.5):
                    service.ready = True
                    service.pinged_at, service.ping, service.waiting_since = time.monotonic(), None, None
                    _say(f"{service.name} svarer igen, {time.monotonic() - service.died_at:.0f} s efter at den stoppede.")
                    changed = True
            elif service.ready and service in self.workers:
                changed = self._kill_if_hung(service, now) or changed
            elif not service.ready and service.process is not None:
                service.ready = True
                changed = True
        return changed

    def _kill_if_hung(self, worker: Service, now: float) -> bool:
        """A worker whose process lives but whose event loop answers nothing (stuck, stopped) would keep
        its websockets and take no event: when a `/ping` has waited `hung_after_s` without an answer (or
        every ping since then failed), it is killed, and started again like one that died.

        A busy worker is not a stuck one: under a burst (hundreds of tabs reconnecting at once after a
        restart) it answers `/ping` seconds late, but it answers, and is left alone. Killing it threw its
        websockets onto the burst again (benchmarks/load.py lost a worker so, twice in a row; see
        benchmarks/README.md). `/ping` asks nothing of PostgreSQL or Redis, so an outage of theirs kills no
        worker either."""
        ping = worker.ping
        if ping is not None and ping.done():
            worker.ping = None
            if ping.result():
                worker.waiting_since = None
        if worker.ping is None and now - worker.pinged_at >= PING_EVERY_S:
            worker.pinged_at = now
            if worker.waiting_since is None:
                worker.waiting_since = now
            worker.ping = self.pings.submit(_answers, f"http://127.0.0.1:{worker.port}/ping",
                                            float(self.config.hung_after_s))
        if worker.waiting_since is None or now - worker.waiting_since < self.config.hung_after_s:
            return False
        _say(f"{worker.name} har ikke svaret i {now - worker.waiting_since:.0f} s; den stoppes og startes igen.")
        try:
            os.killpg(worker.pid, signal.SIGKILL)  # also a stopped process (SIGSTOP) dies at once
        except ProcessLookupError:
            pass
        worker.ready, worker.ping, worker.waiting_since = False, None, None
        return True

    def stop(self) -> None:
        """nginx first (no new requests), then the workers, Redis, and PostgreSQL last."""
        order = sorted(self.services, key=lambda s: {"nginx": 0, "redis": 2, "postgresql": 3}.get(s.name, 1))
        for service in order:
            service.stop()
        self.pings.shutdown(wait=False, cancel_futures=True)
        if self.folder.is_dir():
            self.write_status("stopped")


def _raise_interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


def main() -> int:
    try:
        config = read_config()
        programs = _require_programs()
    except ConfigError as error:
        print(error.code, file=sys.stderr)
        return 2
    # Also when started in the background, where SIGINT comes ignored from the shell.
    signal.signal(signal.SIGINT, _raise_interrupt)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    stack = Stack(config, programs)
    try:
        stack.start()
        while True:
            if stack.supervise_once():
                stack.write_status("running")
            time.sleep(0.5)
    except KeyboardInterrupt:
        _say("Stopper alt.")
        return 0
    except ConfigError as error:
        print(error.code, file=sys.stderr)
        return 2
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second Ctrl-C or TERM must not cut the stop short
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stack.stop()


if __name__ == "__main__":
    raise SystemExit(main())
