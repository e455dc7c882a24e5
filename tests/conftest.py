"""Test setup shared by every suite.

Every database test runs twice: on SQLite and on a real PostgreSQL (started once per session, see
tests/support/postgres.py). Each test gets its own database, copied from one migrated template, so
tests never see each other's data.

Fixtures:
  db_url         a fresh, migrated database (ids: sqlite, postgres)
  db             a sqlmodel.Session on it (citizenplan.db.engine_for)
  app_db         CITIZENPLAN_DATABASE_URL points at it, so citizenplan.db.session_scope() uses it
  empty_db_url   a fresh database with no tables at all (for migration tests)
"""

import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

# Before anything imports citizenplan: fast password hashing (settings are read from the environment).
os.environ["CITIZENPLAN_ARGON2_MEMORY_KIB"] = "1024"
os.environ["CITIZENPLAN_ARGON2_TIME_COST"] = "1"

import pytest  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session  # noqa: E402

from citizenplan import migrations  # noqa: E402
from citizenplan.db import engine_for  # noqa: E402
from tests.support import postgres  # noqa: E402

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres, id="postgres")]
TEMPLATE_DB = "citizenplan_template"


def pytest_configure(config: pytest.Config) -> None:
    # passlib 1.7.4 touches deprecated parts of the standard library and of argon2-cffi: not ours to fix.
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning:passlib.*")


# ---------------------------------------------------------------- isolation from the developer's setup


@pytest.fixture(scope="session")
def _data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, _data_dir: Path) -> None:
    """No test touches the developer's database or data folder by accident."""
    monkeypatch.delenv("CITIZENPLAN_DATABASE_URL", raising=False)
    monkeypatch.setenv("CITIZENPLAN_DATA_DIR", str(_data_dir))


# ---------------------------------------------------------------- PostgreSQL, one server per session


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of the server's default database; the server stops when the session ends."""
    if postgres.skip_requested():
        pytest.skip(f"{postgres.SKIP_ENV}=1: PostgreSQL tests skipped")
    try:
        postgres.find_bin_dir()
        missing = ""
    except postgres.PostgresUnavailable as error:
        missing = str(error)
    if missing:  # a failure, not a skip: PostgreSQL is part of the test setup
        pytest.fail(missing, pytrace=False)
    with postgres.running_postgres() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_admin(postgres_server: str) -> Iterator[sa.Engine]:
    """Autocommit connections to the default database, for CREATE/DROP DATABASE."""
    engine = sa.create_engine(postgres_server, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    yield engine
    engine.dispose()


def _postgres_url(server_url: str, name: str) -> str:
    return server_url.rsplit("/", 1)[0] + "/" + name


def _create_postgres_db(admin: sa.Engine, name: str, template: str = "template0") -> None:
    with admin.connect() as connection:
        # FILE_COPY (PostgreSQL 15+) copies the template's files instead of writing them all to the WAL.
        strategy = " STRATEGY FILE_COPY" if connection.dialect.server_version_info >= (15,) else ""
        connection.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{strategy}'))


def _drop_postgres_db(admin: sa.Engine, name: str) -> None:
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres_template(postgres_server: str, postgres_admin: sa.Engine) -> str:
    """A database migrated once; each test's database is a copy of it (CREATE DATABASE ... TEMPLATE)."""
    _create_postgres_db(postgres_admin, TEMPLATE_DB)
    url = _postgres_url(postgres_server, TEMPLATE_DB)
    migrations.upgrade(url)
    engine_for(url).dispose()  # a template must have no open connection
    return TEMPLATE_DB


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "citizenplan.db"
    url = f"sqlite:///{path}"
    migrations.upgrade(url)
    engine_for(url).dispose()
    return path


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy, whatever is still in the write-ahead log."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


# ---------------------------------------------------------------- one database per test


def _fresh_database(request: pytest.FixtureRequest, tmp_path: Path, migrated: bool) -> Iterator[str]:
    if request.param == "sqlite":
        path = tmp_path / "citizenplan.db"
        if migrated:
            _copy_sqlite(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
        try:
            yield url
        finally:
            engine_for(url).dispose()
        return
    server: str = request.getfixturevalue("postgres_server")
    admin: sa.Engine = request.getfixturevalue("postgres_admin")
    template = request.getfixturevalue("postgres_template") if migrated else "template0"
    name = f"test_{uuid.uuid4().hex[:16]}"
    _create_postgres_db(admin, name, template)
    url = _postgres_url(server, name)
    try:
        yield url
    finally:
        engine_for(url).dispose()
        _drop_postgres_db(admin, name)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database at the newest migration, for this test alone."""
    yield from _fresh_database(request, tmp_path, migrated=True)


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database with no tables, not even Alembic's."""
    yield from _fresh_database(request, tmp_path, migrated=False)


@pytest.fixture
def db(db_url: str) -> Iterator[Session]:
    engine = engine_for(db_url)
    session = Session(engine)
    try:
        yield session
    finally:
        session.close()
        engine.dispose()


@pytest.fixture
def app_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the app's own settings at this test's database: session_scope() and get_engine() use it."""
    monkeypatch.setenv("CITIZENPLAN_DATABASE_URL", db_url)
    return db_url
