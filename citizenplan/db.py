"""Engine and sessions. SQLite in WAL mode by default; PostgreSQL when the URL says so."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from citizenplan import private_files
from citizenplan.settings import get_settings


def _normalise(url: str) -> str:
    # psycopg 3 is the driver we ship; plain postgresql:// URLs would ask for psycopg2.
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


SQLITE_SYNCHRONOUS = ("NORMAL", "FULL", "EXTRA")
CONNECT_TIMEOUT_S = 5


@lru_cache(maxsize=8)
def engine_for(url: str, sqlite_synchronous: str = "NORMAL", pool_size: int = 5, max_overflow: int = 10) -> Engine:
    """`sqlite_synchronous` is SQLite's own setting (settings.py says what each gives); PostgreSQL keeps
    its own, a flush on every commit. `pool_size` + `max_overflow` is the most PostgreSQL connections this
    process opens (docs/operations.md: the sizing rule)."""
    url = _normalise(url)
    if url.startswith("sqlite"):
        if sqlite_synchronous not in SQLITE_SYNCHRONOUS:
            raise ValueError(f"CITIZENPLAN_SQLITE_SYNCHRONOUS must be one of {', '.join(SQLITE_SYNCHRONOUS)}, "
                             f"not {sqlite_synchronous!r}")
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute(f"PRAGMA synchronous={sqlite_synchronous}")
            cursor.close()

        return engine
    # A server that does not answer fails a unit of work in seconds instead of holding the worker.
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow,
                         connect_args={"connect_timeout": CONNECT_TIMEOUT_S})


def get_engine() -> Engine:
    settings = get_settings()
    if not settings.database_url:
        _make_data_dir(settings.data_dir)
    return engine_for(settings.effective_database_url, settings.sqlite_synchronous, settings.db_pool_size,
                      settings.db_max_overflow)


@lru_cache(maxsize=8)
def _make_data_dir(path: Path) -> None:
    """Once per folder, not on every unit of work (a mkdir is a system call). The database is personal
    data: the folder and its files are the app's alone."""
    private_files.keep_private(path)


@contextmanager
def session_scope() -> Iterator[Session]:
    """One unit of work: commit on success, roll back on error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException as error:
            session.rollback()
            # A refusal is rolled back with everything else, but its audit record must stay.
            records = getattr(error, "records_after_rollback", ())
            if records:
                session.add_all(records)
                session.commit()
            raise


def is_outage(error: BaseException) -> bool:
    """The database did not answer (down, restarting, unreachable, no free connection): the work was rolled
    back and may be tried again as it was. Not a bug in our SQL, which PostgreSQL reports otherwise."""
    if isinstance(error, exc.TimeoutError):  # no connection free in the pool in time
        return True
    if isinstance(error, exc.DBAPIError):
        return error.connection_invalidated or isinstance(error, exc.OperationalError | exc.InterfaceError)
    return False
