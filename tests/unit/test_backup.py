"""`citizenplan backup` / `restore` while the app is in use, on SQLite (the online backup API) and on a real
PostgreSQL (pg_dump / pg_restore of the server's own version): a backup taken while a citizen keeps
writing holds one consistent moment, and restoring it gives back every citizen's workbook exactly as it
was then (tests/support/checksums.py), whatever changed after. A file that is not a backup of ours is
refused in one Danish sentence, and nothing is replaced without --yes."""

import stat
import threading
from pathlib import Path

import pytest
from sqlmodel import select

from citizenplan import cli, demo, demo_plans
from citizenplan.db import session_scope
from citizenplan.domain import workbook
from citizenplan.domain.accounts import load_actor
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import User
from tests.support.checksums import workbook_checksums


def _user_id(name: str) -> int:
    with session_scope() as db:
        return db.exec(select(User.id).where(User.username == name)).one()


def _write_goal(citizen_id: int, title: str) -> int:
    with session_scope() as db:
        return workbook.create_with_fields(db, load_actor(db, citizen_id), ItemKind.GOAL, {"title": title}).item_id


class Writer(threading.Thread):
    """A citizen who keeps writing new goals; remembers her workbook's checksum after every commit."""

    def __init__(self, url: str, citizen_id: int) -> None:
        super().__init__(daemon=True)
        self.url, self.citizen_id = url, citizen_id
        self.stop = threading.Event()
        self.states = {workbook_checksums(url).get(citizen_id)}
        self.writes = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                _write_goal(self.citizen_id, f"Mål nummer {self.writes}")
                self.writes += 1
                self.states.add(workbook_checksums(self.url).get(self.citizen_id))
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.error = error

    def wait_for(self, writes: int) -> None:
        while self.writes < writes and self.is_alive():
            self.stop.wait(0.01)


@pytest.fixture
def demo_db(app_db: str) -> str:
    with session_scope() as db:
        demo.load(db)
    with session_scope() as db:
        demo_plans.load(db)
    return app_db


def test_a_backup_taken_while_a_citizen_writes_restores_every_workbook_as_it_was(demo_db, tmp_path, capsys):
    anna, dennis = _user_id("anna"), _user_id("dennis")
    others_before = {c: s for c, s in workbook_checksums(demo_db).items() if c != dennis}
    assert anna in others_before and len(others_before) >= 2
    target = tmp_path / "minvej.backup"

    writer = Writer(demo_db, dennis)
    writer.start()
    writer.wait_for(3)
    during = writer.writes
    assert cli.main(["backup", str(target)]) == 0
    writer.wait_for(during + 3)  # the citizen went on writing after the backup, too
    writer.stop.set()
    writer.join(30)
    assert writer.error is None and writer.writes > during
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "Sikkerhedskopien" in capsys.readouterr().out

    # Everything changes after the backup: a new goal, a changed one, a deleted one.
    with session_scope() as db:
        me = load_actor(db, anna)
        goals = workbook.items(db, me, (ItemKind.GOAL,))
        workbook.write_fields(db, me, goals[0].item_id, {"title": "Et helt andet mål"}, via="workbook")
        workbook.delete(db, me, goals[-1].item_id)
    _write_goal(anna, "Skrevet efter sikkerhedskopien")
    changed = workbook_checksums(demo_db)
    assert changed[anna] != others_before[anna]

    assert cli.main(["restore", str(target)]) == 1  # not without --yes
    assert "--yes" in capsys.readouterr().err
    assert workbook_checksums(demo_db) == changed

    assert cli.main(["restore", "--yes", str(target)]) == 0
    restored = workbook_checksums(demo_db)
    assert {c: s for c, s in restored.items() if c != dennis} == others_before
    # Dennis's workbook is one of the moments his writing passed through: never half a write.
    assert restored.get(dennis) in writer.states
    # The app goes on writing on the restored database.
    _write_goal(anna, "Efter gendannelsen")
    assert workbook_checksums(demo_db)[anna] != others_before[anna]


@pytest.mark.parametrize("content", [b"", b"bare noget tekst\n", b"PGDMP ikke et arkiv", b"SQLite format 3\x00rod"])
def test_restore_refuses_a_file_that_is_not_a_backup_of_ours_and_changes_nothing(demo_db, tmp_path, capsys,
                                                                                 content):
    before = workbook_checksums(demo_db)
    wrong = tmp_path / "noget.backup"
    wrong.write_bytes(content)
    assert cli.main(["restore", "--yes", str(wrong)]) == 1
    message = capsys.readouterr().err.strip()
    assert message == f"Filen {wrong} er ikke en sikkerhedskopi fra Min Vej, så intet er ændret."
    assert workbook_checksums(demo_db) == before


def test_restore_refuses_another_sqlite_database(demo_db, tmp_path, capsys):
    import sqlite3

    other = tmp_path / "andet.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE user (id INTEGER PRIMARY KEY)")
    connection.close()
    before = workbook_checksums(demo_db)
    assert cli.main(["restore", "--yes", str(other)]) == 1
    assert "ikke en sikkerhedskopi fra Min Vej" in capsys.readouterr().err
    assert workbook_checksums(demo_db) == before


def test_a_missing_file_is_said_plainly(demo_db, tmp_path: Path, capsys):
    assert cli.main(["restore", "--yes", str(tmp_path / "findes-ikke.backup")]) == 1
    assert capsys.readouterr().err.strip() == f"Filen {tmp_path / 'findes-ikke.backup'} findes ikke."


def _set_schema_revision(url: str, revision: str) -> None:
    import sqlalchemy as sa

    from citizenplan.db import engine_for

    with engine_for(url).begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = :revision"), {"revision": revision})


def _schema_revision(url: str) -> str:
    import sqlalchemy as sa

    from citizenplan.db import engine_for

    with engine_for(url).connect() as connection:
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()


def test_restore_refuses_a_backup_from_a_newer_min_vej_and_changes_nothing(demo_db, tmp_path, capsys):
    """Its tables would meet code that does not know them."""
    from citizenplan import migrations

    head, _ = migrations.known_revisions(demo_db)
    _set_schema_revision(demo_db, "future_0099")
    newer = tmp_path / "nyere.backup"
    assert cli.main(["backup", str(newer)]) == 0
    _set_schema_revision(demo_db, head)
    _write_goal(_user_id("anna"), "Skrevet efter kopien")
    before = workbook_checksums(demo_db)
    capsys.readouterr()

    assert cli.main(["restore", "--yes", str(newer)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"Filen {newer} er fra en nyere udgave af Min Vej end denne (databaseversion future_0099), så intet er "
        "ændret. Opdater Min Vej først.")
    assert workbook_checksums(demo_db) == before
    assert _schema_revision(demo_db) == head


def test_a_backup_from_an_older_min_vej_is_restored_and_brought_up_to_this_version(app_db, tmp_path, capsys):
    """The older database is an empty one (downgrading a filled SQLite file trips over its foreign keys)."""
    from alembic import command
    from citizenplan import migrations
    from citizenplan.db import engine_for

    head, _ = migrations.known_revisions(app_db)
    engine_for(app_db).dispose()
    command.downgrade(migrations.alembic_config(app_db), "-1")  # the schema as the previous version left it
    assert _schema_revision(app_db) != head
    older = tmp_path / "aeldre.backup"
    assert cli.main(["backup", str(older)]) == 0
    engine_for(app_db).dispose()
    migrations.upgrade(app_db)
    with session_scope() as db:
        demo.load(db)
    assert workbook_checksums(app_db) or _user_id("anna")
    capsys.readouterr()

    assert cli.main(["restore", "--yes", str(older)]) == 0
    assert capsys.readouterr().out.strip() == (
        f"Databasen er gendannet fra {older} og opdateret til denne udgave af Min Vej.")
    assert _schema_revision(app_db) == head
    with session_scope() as db:
        assert db.exec(select(User)).all() == [], "the backup's (empty) data, not what was written after it"
