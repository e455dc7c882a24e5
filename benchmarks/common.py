"""What the benchmark scripts share: the nearest-rank percentile, the machine line, a log of the SQL an
engine sends, query plans, index lists, a throw-away PostgreSQL and a throw-away Redis. Imported by the scripts beside it
(a script's own folder is on sys.path when it runs)."""

import math
import os
import platform
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

from citizenplan.db import engine_for
from tests.support import postgres

LONG_ID_LIST = re.compile(r"'\{\d+(,\d+){5,}\}'")


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def machine_facts() -> str:
    """CPUs, system, Python, SQLAlchemy and the load average, on one line."""
    model = cpu_model()
    return (f"machine: {os.cpu_count()} CPUs{f' ({model})' if model else ''}, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, SQLAlchemy {sa.__version__}; "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


class StatementLog:
    """Every statement the engine sends, while `on`."""

    def __init__(self, engine: sa.Engine) -> None:
        self.on = False
        self.statements: list[tuple[str, object]] = []
        event.listen(engine, "before_cursor_execute", self._note)

    def _note(self, _conn, _cursor, statement, parameters, _context, _executemany) -> None:
        if self.on:
            self.statements.append((statement, parameters))

    @contextmanager
    def recording(self) -> Iterator[list[tuple[str, object]]]:
        self.statements = []
        self.on = True
        try:
            yield self.statements
        finally:
            self.on = False


def cut(line: str, width: int) -> str:
    return line if len(line) <= width else line[:width - 3] + "..."


def short(statement: str, width: int = 100) -> str:
    """A statement on one line, cut to `width`."""
    return cut(" ".join(statement.split()), width)


def explain(connection: sa.Connection, statement: str, parameters, postgres_prefix: str = "EXPLAIN ") -> list[str]:
    """The statement's plan, a line per node: EXPLAIN QUERY PLAN indented by depth on SQLite;
    `postgres_prefix` + the statement on PostgreSQL, with a long IN list said as a count of ids."""
    if connection.dialect.name == "sqlite":  # (id, parent, notused, detail): indent by depth
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
        depth = {0: -1}
        lines = []
        for node, parent, _, detail in rows:
            depth[node] = depth.get(parent, -1) + 1
            lines.append("  " * depth[node] + detail)
        return lines
    rows = connection.exec_driver_sql(postgres_prefix + statement, parameters).all()
    return [LONG_ID_LIST.sub(lambda m: f"'{{{m.group(0).count(',') + 1} ids}}'", row[0]) for row in rows]


def indexes(engine: sa.Engine, tables: tuple[str, ...]) -> list[str]:
    """Each table's primary key, indexes and unique constraints, a line per table."""
    inspector = sa.inspect(engine)
    lines = []
    for table in tables:
        primary = inspector.get_pk_constraint(table).get("constrained_columns") or []
        found = [f"PRIMARY KEY ({', '.join(primary)})"] if primary else []
        for index in sorted(inspector.get_indexes(table), key=lambda i: i["name"] or ""):
            if index.get("duplicates_constraint"):  # PostgreSQL: the index behind a unique constraint
                continue
            found.append(f"{index['name']} ({', '.join(str(c) for c in index['column_names'])})"
                         + (" unique" if index.get("unique") else ""))
        for unique in inspector.get_unique_constraints(table):
            found.append(f"{unique['name'] or 'unique'} ({', '.join(unique['column_names'])}) unique")
        lines.append(f"  {table:<18} " + "; ".join(found))
    return lines


@contextmanager
def postgres_database() -> Iterator[str]:
    """A throw-away server (tests/support/postgres.py) and a database `bench` in it."""
    with postgres.running_postgres() as server:
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
        with admin.connect() as connection:
            connection.exec_driver_sql('CREATE DATABASE "bench"')
        admin.dispose()
        url = server.rsplit("/", 1)[0] + "/bench"
        try:
            yield url
        finally:
            engine_for(url).dispose()


def start_redis(folder: Path) -> tuple[subprocess.Popen, int]:
    """A Redis of its own on loopback (no persistence, files in `folder`), answering when this returns; the
    caller stops it by its process group."""
    from tests.support.app_server import free_port

    port = free_port()
    process = subprocess.Popen([shutil.which("redis-server") or "redis-server", "--port", str(port),  # noqa: S603
                                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, port
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start") from None
            time.sleep(0.1)
