"""The manager's report (citizenplan.domain.report.unit_report) at 100,000 citizens and 1,000,000 goals.

    .venv/bin/python benchmarks/report.py [--citizens 100000] [--goals-per-citizen 10] [--runs 5] [--warmup 1]
        [--sqlite-only | --postgres-only] [--extra-index 'follow_up_record(corrects_id)' ...]
        [--time-limit 300] [--alone-runs 3] [--keep]

What is measured, on SQLite and on PostgreSQL, in this process (Reflex is not started):
`report.unit_report(db, actor, report.default_period(today))` in an open session, for a manager whose
`managed_unit_ids` are all the units (an `Actor` with `Role.MANAGER`; the policy reads no table for
this check, so the manager has no user row).

The data is `citizenplan.synthetic.generate(db, citizens=--citizens, goals_per_citizen=--goals-per-citizen,
seed=1)` in a database made by `citizenplan.migrations.upgrade`; then the tables are analysed (ANALYZE;
VACUUM ANALYZE on PostgreSQL, which autovacuum would otherwise start in the middle of the measured calls
after the bulk load), as a database in use would be. The script prints:

* the time to generate the data and to analyse it, and the row counts (citizens, plans, goals and
  records as `generate` reports them, and the rows of every table the report reads);
* the report's time: `--warmup` calls not counted, then `--runs` calls: median, p95 (nearest rank) and
  max in ms, the part of it spent in Python on small-cell protection (`disclosure.protect`, timed by
  wrapping it in this process; the rest is the SQL and its rows), and the number of SQL statements per
  call (`before_cursor_execute`);
* each statement of one report, run alone on its own connection (median of `--alone-runs`), with its
  query plan: EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE, COSTS OFF) on PostgreSQL, printed one
  line per plan node and with long lines cut;
* a report for the same 12 months a year earlier, and the time of report_facts.refresh for one citizen;
* the indexes of the tables the queries read, and of those a refresh reads (`sqlalchemy.inspect`).

No call runs for ever: a report or statement still running after `--time-limit` seconds is interrupted
(sqlite3 `interrupt()`, psycopg `cancel()`) and printed as "stopped"; the plans are still printed
(on PostgreSQL a plain EXPLAIN for a statement that was stopped), so the slow step can be found.
`--extra-index 'table(column, ...)'` (repeatable) adds an index to the benchmark's own throw-away
database after the load and before ANALYZE, to try an index before writing its migration.

PostgreSQL is a throw-away server on 127.0.0.1 (tests/support/postgres.py, its default settings);
SQLite is a file in a temporary folder. Both are removed at the end, also after an error, Ctrl-C or
SIGTERM. The script prints figures and exits 0 whatever they are: it never passes or fails on time.
"""

import argparse
import os
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

import sqlalchemy as sa  # noqa: E402
from common import (  # noqa: E402 - benchmarks/common.py, beside this script
    StatementLog,
    cut,
    explain,
    indexes,
    machine_facts,
    percentile,
    postgres_database,
    short,
)
from dateutil.relativedelta import relativedelta  # noqa: E402
from sqlalchemy import event, func, select  # noqa: E402
from sqlmodel import Session  # noqa: E402

from citizenplan import migrations, synthetic  # noqa: E402
from citizenplan.clock import danish_today, utcnow  # noqa: E402
from citizenplan.db import engine_for  # noqa: E402
from citizenplan.domain import disclosure, report, report_facts  # noqa: E402
from citizenplan.domain.actors import Actor  # noqa: E402
from citizenplan.domain.vocabulary import Role  # noqa: E402
from citizenplan.models import ReportGoalFact, Unit  # noqa: E402
from tests.support import postgres  # noqa: E402

# The tables the report's queries read.
READ_TABLES = ("unit", "report_goal_fact", "report_plan_fact")  # what the report's statements read
SOURCE_TABLES = ("user", "workbook_item", "shared_snapshot", "goal_assessment", "goal_fulfilment",
                 "follow_up_record", "follow_up", "plan_frame")  # what report_facts reads on a refresh
EXTRA_INDEX = re.compile(r"^\s*([a-z_][a-z0-9_]*)\s*\(\s*([a-z_][a-z0-9_]*(?:\s*,\s*[a-z_][a-z0-9_]*)*)\s*\)\s*$")
PLAN_WIDTH = 150


class Stopped(Exception):
    """A call ran past --time-limit and was interrupted."""


# ------------------------------------------------------------------ the data


def extra_index(spec: str) -> tuple[str, list[str]]:
    """'table(col, col)' -> (table, [col, col]); only plain identifiers (they go into the SQL)."""
    match = EXTRA_INDEX.match(spec)
    if not match:
        raise argparse.ArgumentTypeError(f"expected table(column, ...), got {spec!r}")
    return match.group(1), [c.strip() for c in match.group(2).split(",")]


def load_data(url: str, args: argparse.Namespace) -> dict[str, object]:
    """Migrate, generate, add the --extra-index indexes, ANALYZE; return the counts and timings."""
    facts: dict[str, object] = {}
    started = time.perf_counter()
    migrations.upgrade(url)
    facts["migrate_s"] = time.perf_counter() - started
    engine = engine_for(url)
    with engine.connect() as connection:
        facts["revision"] = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    started = time.perf_counter()
    with Session(engine) as db:
        facts["made"] = synthetic.generate(db, args.citizens, goals_per_citizen=args.goals_per_citizen, seed=1)
    facts["generate_s"] = time.perf_counter() - started
    facts["extra"] = []
    for table, columns in args.extra_index or []:
        name = f"bench_ix_{table}_{'_'.join(columns)}"
        started = time.perf_counter()
        with engine.begin() as connection:  # identifiers checked by extra_index(); quoted as the tables are
            connection.exec_driver_sql(f'CREATE INDEX "{name}" ON "{table}" ({", ".join(columns)})')
        facts["extra"].append((f"CREATE INDEX {name} ON {table} ({', '.join(columns)})",
                               time.perf_counter() - started))
    started = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # PostgreSQL: what autovacuum does after a bulk load, done now so that it does not run during the
        # measured calls and the visibility map allows index-only scans. SQLite has no vacuum to wait for.
        connection.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")
    facts["analyze_s"] = time.perf_counter() - started
    with engine.connect() as connection:
        facts["rows"] = {table: connection.execute(select(func.count()).select_from(sa.table(table))).scalar()
                         for table in READ_TABLES + SOURCE_TABLES}
    return facts


def manager(url: str) -> Actor:
    with Session(engine_for(url)) as db:
        units = frozenset(db.exec(select(Unit.id)).scalars().all())
    return Actor(user_id=0, role=Role.MANAGER, display_name="Benchmark leder", managed_unit_ids=units)


# ------------------------------------------------------------------ measuring


class ProtectClock:
    """Time spent in disclosure.protect (the report's Python work), by wrapping it in this process only.
    (SQLite's execute() returns at the first row of a streaming GROUP BY, so timing the cursor would not
    separate SQL from Python.)"""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._original = disclosure.protect

    def _timed(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self._original(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started

    @contextmanager
    def installed(self) -> Iterator["ProtectClock"]:
        disclosure.protect = self._timed
        try:
            yield self
        finally:
            disclosure.protect = self._original


@contextmanager
def time_limit(dbapi_connection, dialect: str, seconds: float) -> Iterator[None]:
    """Interrupt what the connection runs after `seconds`; raise Stopped if that happened."""
    fired = threading.Event()

    def stop() -> None:
        fired.set()
        if dialect == "sqlite":
            dbapi_connection.interrupt()
        else:
            dbapi_connection.cancel()

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    try:
        yield
    except sa.exc.DBAPIError as error:
        if fired.is_set():
            raise Stopped from error
        raise
    finally:
        timer.cancel()
    if fired.is_set():  # finished, but only just after the limit
        raise Stopped


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def plan_lines(connection: sa.Connection, statement: str, parameters, analyse: bool) -> list[str]:
    """The plan, run (ANALYZE) on PostgreSQL when `analyse`; long lines cut."""
    prefix = "EXPLAIN (ANALYZE, COSTS OFF) " if analyse else "EXPLAIN (COSTS OFF) "
    return [cut(line, PLAN_WIDTH) for line in explain(connection, statement, parameters, prefix)]


# ------------------------------------------------------------------ one database


def run_backend(name: str, url: str, args: argparse.Namespace) -> None:
    print(f"\n=== {name} ===", flush=True)
    engine = engine_for(url)
    facts = load_data(url, args)
    made = facts["made"]
    if name == "PostgreSQL":
        with engine.connect() as connection:
            print(connection.exec_driver_sql("SELECT version()").scalar().split(",")[0])
    else:
        print(f"SQLite {sqlite3.sqlite_version} (WAL journal), a file in a temporary folder")
    print(f"migrated to revision {facts['revision']} in {facts['migrate_s']:.1f} s; generated in "
          f"{facts['generate_s']:.1f} s (synthetic.generate, seed 1); {'VACUUM ANALYZE' if name == 'PostgreSQL' else 'ANALYZE'} "
          f"{facts['analyze_s']:.1f} s")
    for statement, seconds in facts["extra"]:
        print(f"extra index (not in the migrations): {statement}  [{seconds:.1f} s]")
    print(f"made (as generate counts them): {made['citizens']:,} citizens, {made['plans']:,} plans, "
          f"{made['goals']:,} goals shared with the contact person (workbook_item holds all goals), "
          f"{made['records']:,} follow-up records, {made['units']} units")
    print("rows: " + ", ".join(f"{table} {count:,}" for table, count in facts["rows"].items()), flush=True)

    actor = manager(url)
    period = report.default_period(danish_today())
    print(f"report: {len(actor.managed_unit_ids)} units, period {period.start} to {period.end}; "
          f"{args.warmup} call(s) not counted, then {args.runs}; a call is stopped after {args.time_limit:g} s")
    log = StatementLog(engine)
    times, in_python, counts = [], [], []
    clock = ProtectClock()
    result = None
    stopped = False
    with Session(engine) as db:
        raw = db.connection().connection.dbapi_connection
        for n in range(args.warmup + args.runs):
            counted = n >= args.warmup
            try:
                clock.seconds = 0.0
                with (log.recording() as statements, clock.installed(),
                      time_limit(raw, engine.dialect.name, args.time_limit)):
                    started = time.perf_counter()
                    result = report.unit_report(db, actor, period)
                    elapsed = (time.perf_counter() - started) * 1000
            except Stopped:
                db.rollback()
                print(f"  call {n + 1} ({'counted' if counted else 'warm-up'}): stopped after "
                      f"{args.time_limit:g} s, in statement {len(statements)} of the call", flush=True)
                stopped = True
                break
            print(f"  call {n + 1} ({'counted' if counted else 'warm-up'}): {elapsed:,.0f} ms "
                  f"({clock.seconds * 1000:,.1f} ms of it in disclosure.protect, {len(statements)} statements)",
                  flush=True)
            if counted:
                times.append(elapsed)
                in_python.append(clock.seconds * 1000)
                counts.append(len(statements))
    if times:
        spread = f"{min(counts)}" if min(counts) == max(counts) else f"{min(counts)}-{max(counts)}"
        print(f"\n{'':<10}{'runs':>5}{'median ms':>12}{'p95 ms':>10}{'max ms':>10}{'protect ms':>11}{'SQL/call':>10}")
        print(f"{'report':<10}{len(times):>5}{statistics.median(times):>12,.0f}{percentile(times, 0.95):>10,.0f}"
              f"{max(times):>10,.0f}{statistics.median(in_python):>11,.1f}{spread:>10}")
    else:
        print(f"\nreport: no call finished within {args.time_limit:g} s" if stopped else "\nreport: no call counted")
    if result is not None:
        total = disclosure.TOTAL
        cells = [("plans", result.plans_and_goals.cell(total, "plans")),
                 ("goals", result.plans_and_goals.cell(total, "goals")),
                 ("with follow-up", result.follow_up.cell(total, "with_follow_up")),
                 ("overdue", result.follow_up.cell(total, "overdue"))]
        print("report totals: " + ", ".join(f"{label} {'hidden' if cell.hidden else f'{cell.value:,}'}"
                                            for label, cell in cells))

    if not stopped:
        other_periods_and_refresh(engine, actor, period, args)

    # The statements of one call, without waiting for them (a stopped call did not send them all).
    statements = captured_statements(engine, actor, period)
    print(f"\nthe report's {len(statements)} statements, each run alone (median of {args.alone_runs}, ms) "
          f"and its plan:", flush=True)
    for n, (statement, parameters) in enumerate(statements, start=1):
        with engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            alone: list[float] = []
            finished = True
            for _ in range(args.alone_runs):
                try:
                    with time_limit(raw, engine.dialect.name, args.time_limit):
                        alone.append(timed(lambda s=statement, p=parameters, c=connection:
                                           c.exec_driver_sql(s, p).all()))
                except Stopped:
                    connection.rollback()
                    finished = False
                    break
            figure = f"{statistics.median(alone):9,.1f} ms" if finished else f"stopped at {args.time_limit:g} s"
            print(f"  {n}. {figure}  {short(statement)}")
            try:
                with time_limit(raw, engine.dialect.name, args.time_limit):
                    plan = plan_lines(connection, statement, parameters, analyse=finished)
            except Stopped:
                connection.rollback()
                plan = plan_lines(connection, statement, parameters, analyse=False)
            if engine.dialect.name != "sqlite":
                plan.insert(0, "EXPLAIN (ANALYZE, COSTS OFF):" if finished else "EXPLAIN (COSTS OFF), not run:")
        for line in plan:
            print(f"       {line}")
        sys.stdout.flush()

    print("\nindexes of the tables the report's statements read:")
    for line in indexes(engine, READ_TABLES):
        print(line)
    print("indexes of the tables report_facts.refresh reads (by citizen_id, item_id, record_id):")
    for line in indexes(engine, SOURCE_TABLES):
        print(line)
    engine.dispose()


def other_periods_and_refresh(engine: sa.Engine, actor: Actor, period: report.Period,
                              args: argparse.Namespace) -> None:
    """A period long past (later meetings and copies must then be passed over), and what the facts cost
    a write: report_facts.refresh for one citizen, the work every share, record or date now adds."""
    past = report.Period(period.start - relativedelta(years=1), period.end - relativedelta(years=1))
    with Session(engine) as db:
        times = [timed(lambda: report.unit_report(db, actor, past)) for _ in range(args.warmup + args.runs)]
        times = times[args.warmup:]
        print(f"{'past':<10}{len(times):>5}{statistics.median(times):>12,.0f}{percentile(times, 0.95):>10,.0f}"
              f"{max(times):>10,.0f}   (period {past.start} to {past.end})")
        citizens = db.execute(sa.select(ReportGoalFact.citizen_id).distinct().order_by(ReportGoalFact.citizen_id)
                              .limit(200)).scalars().all()[::10]
        refresh = []
        for citizen_id in citizens:
            refresh.append(timed(lambda c=citizen_id: report_facts.refresh(db, c)))
            db.commit()
        goals = db.execute(sa.select(sa.func.count()).select_from(ReportGoalFact).where(
            ReportGoalFact.citizen_id.in_(citizens))).scalar()
        print(f"report_facts.refresh of one citizen ({len(citizens)} citizens, {goals / len(citizens):.1f} fact rows "
              f"each), with its commit: median {statistics.median(refresh):,.1f} ms, "
              f"max {max(refresh):,.1f} ms")


def captured_statements(engine: sa.Engine, actor: Actor, period: report.Period) -> list[tuple[str, object]]:
    """One call's statements and parameters; each is sent as `SELECT * FROM (statement) LIMIT 0`, which
    both databases answer at once with the statement's columns and no row."""
    seen: list[tuple[str, object]] = []

    def swap(_conn, _cursor, statement, parameters, _context, _executemany):
        seen.append((statement, parameters))
        return f"SELECT * FROM ({statement}) AS dry_run LIMIT 0", parameters  # noqa: S608 (SQLAlchemy's own SQL)

    event.listen(engine, "before_cursor_execute", swap, retval=True)
    try:
        with Session(engine) as db:
            report.unit_report(db, actor, period)
    finally:
        event.remove(engine, "before_cursor_execute", swap)
    return seen


def code_version() -> str:
    """The commit the code is at (the modules are read once, at the start; migrations when they run)."""
    try:
        result = subprocess.run(["git", "-C", str(PROJECT_DIR), "log", "-1", "--format=%h %cd", "--date=iso"],
                                capture_output=True, text=True, timeout=10, check=False)
        dirty = subprocess.run(["git", "-C", str(PROJECT_DIR), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return "unknown"
    return result.stdout.strip() + (" + uncommitted changes" if dirty.stdout.strip() else "") or "unknown"


def _terminate(signum, _frame) -> None:
    raise KeyboardInterrupt(f"signal {signum}")  # so that the `finally` blocks stop the server and clean up


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citizens", type=int, default=100_000, help="citizens to generate (default 100000)")
    parser.add_argument("--goals-per-citizen", type=float, default=10,
                        help="mean goals per citizen (default 10)")
    parser.add_argument("--runs", type=int, default=5, help="measured report calls (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="report calls before, not counted (default 1)")
    parser.add_argument("--alone-runs", type=int, default=3,
                        help="runs of each statement alone, for its median (default 3)")
    parser.add_argument("--time-limit", type=float, default=300,
                        help="seconds after which a report call or statement is stopped (default 300)")
    parser.add_argument("--extra-index", type=extra_index, action="append", metavar="'TABLE(COLUMN, ...)'",
                        help="an index to add to the throw-away database before ANALYZE (repeatable)")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    only.add_argument("--postgres-only", action="store_true", help="skip SQLite")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file's temporary folder")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _terminate)
    # The default data folder must not be touched: every database here is a throw-away one.
    os.environ.pop("CITIZENPLAN_DATABASE_URL", None)
    root = Path(tempfile.mkdtemp(prefix="minvej-report-"))
    os.environ["CITIZENPLAN_DATA_DIR"] = str(root / "data")
    print("Manager's report: server time and SQL statements per call")
    print(machine_facts())
    print(f"code: commit {code_version()}")
    print(f"started {utcnow():%Y-%m-%d %H:%M} UTC; {args.citizens:,} citizens, {args.goals_per_citizen:g} goals "
          f"per citizen on average; p95 is the nearest rank")
    try:
        if not args.postgres_only:
            run_backend("SQLite", f"sqlite:///{root / 'report.db'}", args)
        if not args.sqlite_only:
            try:
                postgres.find_bin_dir()
            except postgres.PostgresUnavailable as error:
                print(f"\nPostgreSQL skipped: {error}")
            else:
                with postgres_database() as url:
                    run_backend("PostgreSQL", url, args)
    except KeyboardInterrupt as error:
        print(f"\ninterrupted ({error or 'Ctrl-C'}); cleaned up", file=sys.stderr)
    finally:
        if args.keep:
            print(f"kept: {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)
    print(f"\nfinished {utcnow():%Y-%m-%d %H:%M} UTC; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
