"""Alembic environment: the app's own migrations, on whatever URL the settings give."""

from sqlmodel import SQLModel

import citizenplan.models  # noqa: F401 - registers every table on SQLModel.metadata
from alembic import context
from citizenplan.db import engine_for

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = engine_for(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
