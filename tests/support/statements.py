"""The SQL statements a piece of code sends: `with statements(db) as seen:` collects each one, for tests that
count a screen's statements (a read with a fixed number of statements, whatever the data)."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlmodel import Session


@contextmanager
def statements(db: Session) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _many) -> None:
        seen.append(statement)

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)
