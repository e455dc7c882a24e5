"""The contact person's overview (the home page's list of citizens) at 200 citizens and 10,000 goals.

    .venv/bin/python benchmarks/overview.py [--runs 30] [--warmup 3] [--sqlite-only] [--keep]

What is measured, on SQLite and on PostgreSQL, in this process (Reflex is not started):

* `overview`: `citizenplan.domain.overview.overview(db, actor)` alone, in an open session;
* `page`: the server's work for the page, as `ContactHomeState._refresh` does it: one `session_scope()`
  (connection from the pool, transaction, commit), `accounts.unit_of` and `overview.overview`, and the
  rows turned into the dicts the page shows (dates and texts translated). The real `_refresh` is called
  on a stand-in for the state object, so its code is what runs.

Each is run `--warmup` times (not counted), then `--runs` times: the median and p95 (nearest rank) in
ms, and the number of SQL statements per call (SQLAlchemy's `before_cursor_execute` event; the
commit is not a statement). The same is printed for a contact person with 5 citizens in the same
database, to show that the number of statements does not grow with the number of citizens.

The data is written straight into the tables with SQLAlchemy core (no domain code, for speed), in a
database made by `citizenplan.migrations.upgrade`:

* one unit; the contact person `big` follows 200 citizens, `small` follows 5 others;
* 50 goals per citizen (10,000 for `big`'s citizens, 250 for `small`'s), each a workbook item, one item
  version and one SharedSnapshot for the contact person; approved over the last 60 days;
* `big` has opened half of the plans 10 days ago (CaseView), so goals approved since then are news;
* 3 comments per citizen, some before and some after the last look, one by the contact person;
* one follow-up on the calendar for 9 citizens in 10 (one in 7 of those overdue) and a cancelled
  earlier date for one in 3.

After the load the tables are analysed (ANALYZE), as a database in use would be. The script also
prints the indexes of the tables the queries read (`sqlalchemy.inspect`) and each statement's query
plan, so one can see which index each query uses. PostgreSQL is a throw-away server on 127.0.0.1
(tests/support/postgres.py); SQLite is a file in a temporary folder. Both are removed at the end.
The script prints figures and exits 0 whatever they are: it never passes or fails on time.
"""

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

PROJECT_DIR = Path(__file__).resolve().parents[1]
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from common import (  # noqa: E402 - benchmarks/common.py, beside this script
    StatementLog,
    explain,
    indexes,
    machine_facts,
    percentile,
    postgres_database,
    short,
)
from sqlalchemy import insert  # noqa: E402
from sqlmodel import Session  # noqa: E402

from citizenplan import i18n, migrations  # noqa: E402
from citizenplan.clock import danish_today, utcnow  # noqa: E402
from citizenplan.db import engine_for  # noqa: E402
from citizenplan.domain import overview  # noqa: E402
from citizenplan.domain.accounts import load_actor  # noqa: E402
from citizenplan.domain.vocabulary import Audience, Role, ServiceArea  # noqa: E402
from citizenplan.domain.workbook import ItemKind  # noqa: E402
from citizenplan.models import (  # noqa: E402
    CaseView,
    Comment,
    ContactAssignment,
    FollowUp,
    ItemVersion,
    SharedSnapshot,
    Unit,
    User,
    WorkbookItem,
)
from citizenplan.state.contact_home import ContactHomeState  # noqa: E402
from tests.support import postgres  # noqa: E402

BIG_CITIZENS, SMALL_CITIZENS = 200, 5
GOALS_PER_CITIZEN = 50
COMMENTS_PER_CITIZEN = 3
# The tables the overview's queries read (and the page's unit_of).
READ_TABLES = ("user", "unit", "contactassignment", "follow_up", "case_view", "shared_snapshot", "comment")


# ------------------------------------------------------------------ the data


def _ids(start: int, count: int) -> range:
    return range(start, start + count)


def load_data(url: str, now: datetime, seed: int = 141) -> dict[str, int]:
    """Write everyone and everything with SQLAlchemy core; return the two contact persons' ids."""
    rng = random.Random(seed)
    engine = engine_for(url)
    today = danish_today(now)
    unit_id, big, small = 1, 1, 2
    citizens = list(_ids(3, BIG_CITIZENS + SMALL_CITIZENS))
    follows = {c: big for c in citizens[:BIG_CITIZENS]} | {c: small for c in citizens[BIG_CITIZENS:]}
    users = [{"id": big, "username": "big", "display_name": "Stor Kontaktperson", "role": Role.CONTACT_PERSON.value,
              "unit_id": unit_id, "locale": "da", "created_at": now, "activated_at": now},
             {"id": small, "username": "small", "display_name": "Lille Kontaktperson",
              "role": Role.CONTACT_PERSON.value, "unit_id": unit_id, "locale": "da", "created_at": now,
              "activated_at": now}]
    users += [{"id": c, "username": f"borger{c}", "display_name": f"Borger {c:04d}", "role": Role.CITIZEN.value,
               "unit_id": unit_id, "locale": "da", "created_at": now,
               "activated_at": now if c % 5 else None} for c in citizens]
    assignments = [{"id": n, "citizen_id": c, "contact_person_id": follows[c], "started_at": now - timedelta(days=90)}
                   for n, c in enumerate(citizens, start=1)]
    items, versions, snapshots = [], [], []
    goals_of: dict[int, list[int]] = {}
    item_id = 0
    for c in citizens:
        for position in range(GOALS_PER_CITIZEN):
            item_id += 1
            approved = now - timedelta(days=rng.uniform(0, 60))
            content = {"title": f"Mål {position + 1} for borger {c}", "why": "Fordi det betyder noget for mig",
                       "success": "Når jeg har gjort det tre gange", "life_area": "daily_life",
                       "target_date": (today + timedelta(days=90)).isoformat()}
            items.append({"id": item_id, "citizen_id": c, "kind": ItemKind.GOAL.value, "position": position,
                          "version": 1, "created_at": approved, "updated_at": approved})
            versions.append({"id": item_id, "item_id": item_id, "number": 1, "content": content, "author_id": c,
                             "via": "workbook", "created_at": approved})
            snapshots.append({"id": item_id, "citizen_id": c, "item_id": item_id,
                              "audience": Audience.CONTACT_PERSON.value, "kind": ItemKind.GOAL.value,
                              "position": position, "approved_version": 1, "content": content,
                              "approved_at": approved})
            goals_of.setdefault(c, []).append(item_id)
    seen_at = now - timedelta(days=10)
    case_views = [{"viewer_id": follows[c], "citizen_id": c, "seen_at": seen_at} for c in citizens[::2]]
    comments = []
    for c in citizens:
        for n in range(COMMENTS_PER_CITIZEN):
            author = follows[c] if n == 2 else c  # the contact person's own comment is never "unread"
            comments.append({"id": len(comments) + 1, "citizen_id": c, "item_id": rng.choice(goals_of[c]),
                             "author_id": author,
                             "audience": Audience.CONTACT_PERSON.value if author != c or n else None,
                             "text": "Det gik godt i dag.", "created_at": now - timedelta(days=rng.uniform(0, 20))})
    follow_ups = []
    for n, c in enumerate(citizens):
        if n % 3 == 0:  # an earlier date, moved: cancelled, kept on record
            follow_ups.append({"citizen_id": c, "due_on": today - timedelta(days=30), "cancelled_at": now})
        if n % 10 == 9:
            continue  # nothing on the calendar
        due = today - timedelta(days=rng.randint(1, 40)) if n % 7 == 0 else today + timedelta(days=rng.randint(1, 90))
        follow_ups.append({"citizen_id": c, "due_on": due, "cancelled_at": None})
    follow_ups = [{"id": n, "at_time": "10:00", "place": "Bostedet", "participants": "", "reason_later": "",
                   "scheduled_by": follows[row["citizen_id"]], "created_at": now - timedelta(days=40),
                   "done_by_record_id": None} | row for n, row in enumerate(follow_ups, start=1)]

    with engine.begin() as connection:
        connection.execute(insert(Unit.__table__), [{"id": unit_id, "name": "Bostedet Benchmark",
                                                      "service_area": ServiceArea.HANDICAP.value}])
        for model, rows in [(User, users), (ContactAssignment, assignments), (WorkbookItem, items),
                            (ItemVersion, versions), (SharedSnapshot, snapshots), (CaseView, case_views),
                            (Comment, comments), (FollowUp, follow_ups)]:
            for start in range(0, len(rows), 2000):
                connection.execute(insert(model.__table__), rows[start:start + 2000])
        if engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for model in (Unit, User, ContactAssignment, WorkbookItem, ItemVersion, SharedSnapshot, Comment,
                          FollowUp):
                table = model.__table__.name  # our own table names, not input
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM \"{table}\"))")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("ANALYZE")
    return {"big": big, "small": small, "goals_big": BIG_CITIZENS * GOALS_PER_CITIZEN,
            "goals_all": len(items), "comments": len(comments), "follow_ups": len(follow_ups),
            "overdue": sum(1 for f in follow_ups if f["cancelled_at"] is None and f["due_on"] < today)}


# ------------------------------------------------------------------ measuring


def measure(call: Callable[[], object], log: StatementLog, runs: int, warmup: int) -> tuple[list[float], list[int]]:
    for _ in range(warmup):
        call()
    times, counts = [], []
    for _ in range(runs):
        with log.recording() as statements:
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        counts.append(len(statements))
    return times, counts


def page_refresh(actor) -> list[dict[str, str]]:
    """ContactHomeState._refresh itself, on a stand-in for the state: session_scope, unit_of, overview,
    the rows as the page's dicts."""
    page = SimpleNamespace(sort="attention",
                           _say=lambda who, message, **params: i18n.translate(message, who.locale, **params))
    ContactHomeState._refresh(page, actor)
    return page.citizens


# ------------------------------------------------------------------ one database


def run_backend(name: str, url: str, args: argparse.Namespace) -> None:
    print(f"\n=== {name} ===", flush=True)
    started = time.perf_counter()
    migrations.upgrade(url)
    now = utcnow()
    facts = load_data(url, now)
    print(f"database made and filled in {time.perf_counter() - started:.1f} s: "
          f"{BIG_CITIZENS + SMALL_CITIZENS} citizens, {facts['goals_all']} goals shared with the contact person "
          f"({facts['goals_big']} for the 200), {facts['comments']} comments, {facts['follow_ups']} follow-ups "
          f"({facts['overdue']} overdue)")
    os.environ["CITIZENPLAN_DATABASE_URL"] = url  # session_scope() in page_refresh uses this database
    engine = engine_for(url)
    if name == "PostgreSQL":
        with engine.connect() as connection:
            print(connection.exec_driver_sql("SELECT version()").scalar().split(",")[0])
    else:
        print(f"SQLite {sqlite3.sqlite_version} (WAL journal), a file in a temporary folder")
    log = StatementLog(engine)

    print(f"\n{'who':<22}{'what':<10}{'runs':>5}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{'SQL/call':>10}"
          f"{'rows':>6}")
    captured: list[tuple[str, object]] = []
    for who, count in (("big", BIG_CITIZENS), ("small", SMALL_CITIZENS)):
        with Session(engine) as db:
            actor = load_actor(db, facts[who], now)
        label = f"{count} citizens ({who})"
        with Session(engine) as db:
            def call(db=db, actor=actor):
                return overview.overview(db, actor)

            times, counts = measure(call, log, args.runs, args.warmup)
            rows = overview.overview(db, actor)
            if who == "big":
                with log.recording() as statements:
                    overview.overview(db, actor)
                captured = list(statements)
        _line(label, "overview", times, counts, len(rows))
        times, counts = measure(lambda actor=actor: page_refresh(actor), log, args.runs, args.warmup)
        shown = page_refresh(actor)
        _line(label, "page", times, counts, len(shown))
        if who == "big":
            overdue = sum(1 for r in rows if r.overdue)
            news = sum(1 for r in rows if r.new_shared)
            unread = sum(1 for r in rows if r.unread_comments)
            print(f"{'':<22}(rows: {overdue} overdue, {news} with new shared goals, {unread} with unread comments, "
                  f"{sum(r.shared_goals for r in rows)} shared goals)")

    print("\nthe overview's statements at 200 citizens, one call, each timed alone (median of 10, ms) and its plan:")
    for n, (statement, parameters) in enumerate(captured, start=1):
        with engine.connect() as connection:
            alone = []
            for _ in range(10):
                t0 = time.perf_counter()
                connection.exec_driver_sql(statement, parameters).all()
                alone.append((time.perf_counter() - t0) * 1000)
        print(f"  {n}. {statistics.median(alone):6.2f} ms  {short(statement)}")
        with engine.connect() as connection:
            plan = explain(connection, statement, parameters)
        for line in plan:
            print(f"       {line}")

    print("\nindexes of the tables the queries read:")
    for line in indexes(engine, READ_TABLES):
        print(line)
    log.on = False
    engine.dispose()
    os.environ.pop("CITIZENPLAN_DATABASE_URL", None)


def _line(who: str, what: str, times: list[float], counts: list[int], rows: int) -> None:
    spread = f"{min(counts)}" if min(counts) == max(counts) else f"{min(counts)}-{max(counts)}"
    print(f"{who:<22}{what:<10}{len(times):>5}{statistics.median(times):>11.2f}{percentile(times, 0.95):>9.2f}"
          f"{max(times):>9.2f}{spread:>10}{rows:>6}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="measured calls per figure (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="calls before each figure, not counted (default 3)")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file's temporary folder")
    args = parser.parse_args()
    # The default data folder must not be touched; and the argon2 settings are not used (no logins).
    os.environ.pop("CITIZENPLAN_DATABASE_URL", None)
    root = Path(tempfile.mkdtemp(prefix="minvej-overview-"))
    os.environ["CITIZENPLAN_DATA_DIR"] = str(root / "data")
    print("Contact person's overview: server time and SQL statements per call")
    print(machine_facts())
    print(f"{args.runs} measured calls per figure after {args.warmup} not counted; p95 is the nearest rank. "
          f"'overview' = overview.overview(db, actor) in an open session; 'page' = ContactHomeState._refresh "
          f"(session_scope + unit_of + overview + the page's rows), Reflex not started.")
    try:
        run_backend("SQLite", f"sqlite:///{root / 'overview.db'}", args)
        if not args.sqlite_only:
            try:
                postgres.find_bin_dir()
            except postgres.PostgresUnavailable as error:
                print(f"\nPostgreSQL skipped: {error}")
            else:
                with postgres_database() as url:
                    run_backend("PostgreSQL", url, args)
    finally:
        if args.keep:
            print(f"kept: {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
