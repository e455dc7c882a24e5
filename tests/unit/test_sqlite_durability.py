"""How long SQLite waits for the disk on each commit (CITIZENPLAN_SQLITE_SYNCHRONOUS, settings.py)."""

import pytest
from sqlalchemy import text

from citizenplan.db import get_engine

# SQLite's numbers for the setting (PRAGMA synchronous)
NORMAL, FULL = 1, 2


def _synchronous_of_a_new_connection() -> int:
    with get_engine().connect() as connection:
        return connection.execute(text("PRAGMA synchronous")).scalar_one()


@pytest.fixture
def own_sqlite(tmp_path, monkeypatch):
    monkeypatch.delenv("CITIZENPLAN_DATABASE_URL", raising=False)
    monkeypatch.setenv("CITIZENPLAN_DATA_DIR", str(tmp_path))


def test_by_default_a_commit_survives_any_crash_of_the_app_without_a_disk_flush_per_answer(own_sqlite):
    assert _synchronous_of_a_new_connection() == NORMAL


def test_an_operator_can_ask_for_a_disk_flush_on_every_commit(own_sqlite, monkeypatch):
    monkeypatch.setenv("CITIZENPLAN_SQLITE_SYNCHRONOUS", "full")
    assert _synchronous_of_a_new_connection() == FULL


def test_an_unknown_value_is_refused_with_the_values_that_will_do(own_sqlite, monkeypatch):
    monkeypatch.setenv("CITIZENPLAN_SQLITE_SYNCHRONOUS", "OFF")
    with pytest.raises(ValueError, match="NORMAL, FULL, EXTRA"):
        get_engine()
