"""`citizenplan backup FILE` / `citizenplan restore FILE`, while the app is in use.

The database is the app's own (CITIZENPLAN_DATABASE_URL, or the SQLite file in the data folder):
- PostgreSQL: `pg_dump --format=custom` (one consistent snapshot, writers go on) and `pg_restore --clean
  --single-transaction` (the app sees the old data until the restore commits, then the restored), with
  the Debian client of the server's own major version (/usr/lib/postgresql/<major>/bin).
- SQLite: Python's online backup API, both ways: a backup is one self-contained file (no -wal beside it),
  and a restore copies it into the live database in one write transaction.

A backup file holds every citizen's words: it is written private (0600) under a temporary name and renamed
only when it is complete. A restore first checks that the file is a backup of ours, of the same kind of
database, from this version of Min Vej or an older one (its Alembic revision is one this code knows: a
newer schema would meet code that does not know its tables); every refusal is one plain Danish sentence
(BackupError). A backup from an older version is brought up to this version's schema right after.
"""

import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from citizenplan import migrations
from citizenplan.db import engine_for
from citizenplan.ops import postgres
from citizenplan.settings import get_settings

POSTGRES_MAGIC = b"PGDMP"  # the first bytes of pg_dump's custom format
SQLITE_MAGIC = b"SQLite format 3\x00"
# Tables that only our schema has together: a file without them is not a backup of Min Vej.
OUR_TABLES = ("alembic_version", "user", "workbook_item", "item_version")
COMMAND_TIMEOUT_S = 3600


class BackupError(Exception):
    """A backup or restore that cannot be done, said in one Danish sentence."""


@dataclass(frozen=True)
class Database:
    url: str

    @property
    def is_sqlite(self) -> bool:
        return make_url(self.url).get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path:
        return Path(make_url(self.url).database or "")

    @property
    def label(self) -> str:
        return "SQLite" if self.is_sqlite else "PostgreSQL"


def app_database() -> Database:
    """The database the app itself uses, chosen by the same settings."""
    settings = get_settings()
    if not settings.database_url:
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    return Database(settings.effective_database_url)


# ---------------------------------------------------------------- backup


def backup(target: Path, database: Database | None = None) -> None:
    database = database or app_database()
    target = target.resolve()
    if target.is_dir():
        raise BackupError(f"{target} er en mappe; skriv navnet på en fil, fx {target / 'minvej.backup'}.")
    if not target.parent.is_dir():
        raise BackupError(f"Mappen {target.parent} findes ikke.")
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    _private_file(partial)
    try:
        if database.is_sqlite:
            _sqlite_backup(database.sqlite_path, partial)
        else:
            _run([_pg_program(database, "pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                  f"--file={partial}"], database, "pg_dump")
        partial.chmod(0o600)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _private_file(path: Path) -> None:
    """Made empty with mode 0600 before anything is written into it."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(descriptor)


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.exists():
        raise BackupError(f"Databasen {source} findes ikke; der er intet at tage en sikkerhedskopi af.")
    live = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(target)
    try:
        live.backup(copy)  # all pages in one step: a consistent snapshot, writers in WAL mode go on
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        copy.close()
        live.close()


# ---------------------------------------------------------------- restore


def check(source: Path, database: Database | None = None) -> None:
    """Raise BackupError unless `source` is a backup of ours that fits the app's kind of database."""
    database = database or app_database()
    try:
        with source.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise BackupError(f"Filen {source} findes ikke.") from None
    except OSError:
        raise BackupError(f"Filen {source} kan ikke læses.") from None
    if head.startswith(SQLITE_MAGIC):
        kind, ours = "SQLite", _sqlite_tables(source) >= set(OUR_TABLES)
    elif head.startswith(POSTGRES_MAGIC):
        kind, ours = "PostgreSQL", _dump_tables(source, database) >= set(OUR_TABLES)
    else:
        kind, ours = "", False
    if not ours:
        raise BackupError(f"Filen {source} er ikke en sikkerhedskopi fra Min Vej, så intet er ændret.")
    if kind != database.label:
        raise BackupError(f"Filen {source} er en sikkerhedskopi af en {kind}-database, men Min Vej bruger "
                          f"{database.label} her, så intet er ændret.")
    _, known = migrations.known_revisions(database.url)
    revision = schema_revision(source, database)
    if revision not in known:
        raise BackupError(f"Filen {source} er fra en nyere udgave af Min Vej end denne (databaseversion "
                          f"{revision or 'ukendt'}), så intet er ændret. Opdater Min Vej først.")


def restore(source: Path, database: Database | None = None) -> bool:
    """Replace every table of ours with the backup's; the caller has checked the file and asked first.
    True when the backup was from an older version and its schema has been brought up to this one."""
    database = database or app_database()
    source = source.resolve()
    check(source, database)
    if database.is_sqlite:
        _sqlite_restore(source, database.sqlite_path)
    else:
        _drop_tables_the_backup_lacks(source, database)
        _run([_pg_program(database, "pg_restore"), "--clean", "--if-exists", "--single-transaction",
              "--exit-on-error", "--no-owner", "--no-privileges", str(source)], database, "pg_restore")
    engine_for(database.url).dispose()  # no pooled connection of this process keeps an old view
    head, _ = migrations.known_revisions(database.url)
    if schema_revision(source, database) == head:
        return False
    migrations.upgrade(database.url)
    engine_for(database.url).dispose()
    return True


def _drop_tables_the_backup_lacks(source: Path, database: Database) -> None:
    """A backup from an older version lacks the tables added since; pg_restore --clean replaces only the
    tables it holds, so the newer ones would stay (with data that is not the backup's) and the upgrade after
    the restore would find them in its way. They go first, in a transaction of their own."""
    engine = engine_for(database.url)
    extra = set(sa.inspect(engine).get_table_names()) - _dump_tables(source, database)
    if extra:
        with engine.begin() as connection:
            for table in sorted(extra):
                connection.execute(sa.text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))


def schema_revision(source: Path, database: Database) -> str | None:
    """The Alembic revision a backup's schema is at (None: none found)."""
    if database.is_sqlite:
        try:
            connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            finally:
                connection.close()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row else None
    result = subprocess.run([_pg_program(database, "pg_restore"), "--data-only", "--table=alembic_version",  # noqa: S603
                             "--file=-", str(source)],
                            capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S, check=False)
    lines = result.stdout.splitlines()
    for i, line in enumerate(lines):  # COPY public.alembic_version (version_num) FROM stdin;  then the rows
        if line.startswith("COPY ") and "alembic_version" in line and i + 1 < len(lines):
            value = lines[i + 1].strip()
            return None if value == "\\." else value
    return None


def _sqlite_tables(path: Path) -> set[str]:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return set()


def _sqlite_restore(source: Path, target: Path) -> None:
    backup_file = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    live = sqlite3.connect(target, timeout=30)
    try:
        live.execute("PRAGMA busy_timeout=30000")
        backup_file.backup(live)  # one write transaction on the live file: readers see before or after
        live.execute("PRAGMA journal_mode=WAL")  # as db.py keeps it
    finally:
        live.close()
        backup_file.close()


def _dump_tables(path: Path, database: Database) -> set[str]:
    """The tables a pg_dump archive holds (`pg_restore --list`); empty when it is not an archive."""
    if database.is_sqlite:  # no server to match: any pg_restore on the machine can list an archive
        try:
            program = str(postgres.find_bin_dir() / "pg_restore")
        except postgres.PostgresUnavailable:
            return set(OUR_TABLES)  # cannot look inside; the kinds differ all the same
    else:
        program = _pg_program(database, "pg_restore")
    result = subprocess.run([program, "--list", str(path)],  # noqa: S603
                            capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S, check=False)
    if result.returncode != 0:
        return set()
    tables = set()
    for line in result.stdout.splitlines():
        # "215; 1259 16390 TABLE public workbook_item minvej"
        parts = line.split(";", 1)[-1].split()
        if len(parts) >= 5 and parts[2] == "TABLE":
            tables.add(parts[4].strip('"'))
    return tables


# ---------------------------------------------------------------- PostgreSQL clients


def _server_major(database: Database) -> int:
    engine = engine_for(database.url)
    try:
        with engine.connect() as connection:
            number = int(connection.execute(sa.text("SHOW server_version_num")).scalar_one())
    except sa.exc.OperationalError:
        raise BackupError("PostgreSQL svarer ikke på CITIZENPLAN_DATABASE_URL; prøv igen, når den kører.") from None
    return number // 10000 if number >= 100000 else number // 100  # 150004 -> 15; 90624 -> 906


def _pg_program(database: Database, name: str) -> str:
    """Debian's client of the server's own major version: an older pg_dump refuses a newer server, and a
    newer one writes archives an older pg_restore cannot read."""
    major = _server_major(database)
    program = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    if not program.exists():
        raise BackupError(f"{name} til PostgreSQL {major} mangler; installér det med "
                          f"`apt-get install -y postgresql-client-{major}`.")
    return str(program)


def _libpq(database: Database) -> tuple[str, dict[str, str]]:
    """The connection as a libpq URL without the password, which goes in PGPASSWORD (not on the command
    line, where `ps` shows it to every user)."""
    url: URL = make_url(database.url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], database: Database, what: str) -> None:
    target, env = _libpq(database)
    command = [command[0], f"--dbname={target}", *command[1:]]
    result = subprocess.run(command, capture_output=True, text=True, env=env,  # noqa: S603 - our own command
                            timeout=COMMAND_TIMEOUT_S, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"{what} fejlede: {detail[-1] if detail else f'kode {result.returncode}'}")
