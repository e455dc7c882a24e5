"""Our Alembic migrations build exactly the tables the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import citizenplan.models  # noqa: F401 - every table on the metadata
from alembic import command
from citizenplan import cli, migrations
from citizenplan.db import engine_for


def _differences(url: str) -> list:
    with engine_for(url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)


def test_there_is_one_line_of_migrations():
    script = ScriptDirectory.from_config(migrations.alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_the_migrated_tables_match_the_models(db_url):
    assert _differences(db_url) == []


def test_an_empty_database_is_reported_as_empty_and_migrating_it_brings_it_to_head(empty_db_url, monkeypatch,
                                                                                   capsys):
    monkeypatch.setenv("CITIZENPLAN_DATABASE_URL", empty_db_url)
    assert migrations.pending_revision() == "empty"
    assert cli.main(["check"]) == 1
    assert "make migrate" in capsys.readouterr().err

    assert cli.main(["migrate"]) == 0
    assert migrations.pending_revision() is None
    assert cli.main(["check"]) == 0
    assert _differences(empty_db_url) == []


def test_the_migrations_go_down_to_nothing_and_up_again(db_url, monkeypatch):
    monkeypatch.setenv("CITIZENPLAN_DATABASE_URL", db_url)
    command.downgrade(migrations.alembic_config(db_url), "base")
    assert migrations.pending_revision() == "empty"
    migrations.upgrade(db_url)
    assert migrations.pending_revision() is None
    assert _differences(db_url) == []
