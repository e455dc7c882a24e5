"""Our own Alembic environment, driven from Python so that `citizenplan migrate` needs no ini file."""

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from alembic import command
from citizenplan.db import get_engine
from citizenplan.settings import PROJECT_DIR, get_settings


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(PROJECT_DIR / "alembic"))
    config.set_main_option("sqlalchemy.url", url or get_settings().effective_database_url)
    return config


def upgrade(url: str | None = None) -> None:
    if url is None:
        get_engine()  # makes the data folder for the default SQLite file
    command.upgrade(alembic_config(url), "head")


def make_revision(message: str) -> None:
    command.revision(alembic_config(), message=message, autogenerate=True)


def pending_revision() -> str | None:
    """None when the database is at head; otherwise the revision it is at (or 'empty')."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with get_engine().connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return None if current == head else (current or "empty")


def known_revisions(url: str | None = None) -> tuple[str, set[str]]:
    """(head, every revision this code has): a database at a revision outside it was made by a newer Min Vej."""
    scripts = ScriptDirectory.from_config(alembic_config(url))
    return scripts.get_current_head(), {script.revision for script in scripts.walk_revisions()}
