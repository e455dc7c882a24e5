"""`GET /_ready` answers 200 only while the database (and Redis, when configured) answers, 503 otherwise;
and the PostgreSQL pool a worker may open is set from the environment (the sizing rule needs it)."""

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from citizenplan import readiness
from citizenplan.db import get_engine
from tests.support.postgres import free_port


def _ask() -> tuple[int, dict]:
    with TestClient(Starlette(routes=readiness.ROUTES)) as client:
        response = client.get(readiness.PATH)
    return response.status_code, response.json()


def test_a_migrated_database_is_ready(app_db, monkeypatch):
    monkeypatch.delenv("REFLEX_REDIS_URL", raising=False)
    assert _ask() == (200, {"status": True, "db": True})


def test_a_dead_postgresql_makes_it_503(monkeypatch):
    monkeypatch.delenv("REFLEX_REDIS_URL", raising=False)
    monkeypatch.setenv("CITIZENPLAN_DATABASE_URL", f"postgresql://postgres@127.0.0.1:{free_port()}/minvej")
    assert _ask() == (503, {"status": False, "db": False})


def test_an_unmigrated_sqlite_database_is_not_ready(tmp_path, monkeypatch):
    monkeypatch.delenv("REFLEX_REDIS_URL", raising=False)
    monkeypatch.setenv("CITIZENPLAN_DATA_DIR", str(tmp_path))
    assert _ask() == (503, {"status": False, "db": False})


def test_a_dead_redis_makes_it_503(app_db, monkeypatch):
    monkeypatch.setenv("REFLEX_REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    assert _ask() == (503, {"status": False, "db": True, "redis": False})


@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_the_pool_follows_the_environment(app_db, monkeypatch):
    monkeypatch.setenv("CITIZENPLAN_DB_POOL_SIZE", "3")
    monkeypatch.setenv("CITIZENPLAN_DB_MAX_OVERFLOW", "2")
    pool = get_engine().pool
    assert (pool.size(), pool._max_overflow) == (3, 2)
