"""The schema: migrations reach head from empty, round-trip down and up, match the models, and a
database from a newer BranchDesk or a non-database file is refused without being touched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from branchdesk import paths
from branchdesk.db.migrate import (
    NewerDatabaseError,
    NotADatabaseError,
    current_revisions,
    downgrade,
    open_database,
    script_heads,
    upgrade,
)
from branchdesk.db.models import Base


def test_empty_database_upgrades_to_all_heads(db) -> None:
    assert current_revisions(db) == script_heads()


def test_models_and_migrations_agree(db) -> None:
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == [], f"models and migrations differ; write a migration: {diff}"


def test_downgrade_to_base_and_back(db) -> None:
    downgrade(db, "base")
    assert current_revisions(db) == set()
    upgrade(db)
    assert current_revisions(db) == script_heads()


def test_sqlite_pragmas(db) -> None:
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_newer_database_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path).close()
    connection = sqlite3.connect(db_path)
    connection.execute("DELETE FROM alembic_version")
    connection.execute("INSERT INTO alembic_version VALUES ('9999_future')")
    connection.commit()
    connection.close()
    before = db_path.read_bytes()
    with pytest.raises(NewerDatabaseError, match="更新版本"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "花名册.sqlite"
    path.write_bytes(b"PK\x03\x04 this is a zip, not a database")
    with pytest.raises(NotADatabaseError, match="不是 BranchDesk 数据库"):
        open_database(path)
    assert path.read_bytes().startswith(b"PK")


def test_backup_taken_before_migrating_an_old_database(db_path: Path) -> None:
    database = open_database(db_path)
    downgrade(database, "base")
    database.close()
    open_database(db_path).close()
    backups = list(paths.backup_folder().glob("*-before-migration.sqlite"))  # the configured folder (issue 8)
    assert backups, "a copy must be written before any migration runs"


def test_reading_does_not_hold_the_write_lock(db) -> None:
    """A long read in one thread (a background check) must not make a write in another wait."""
    import threading
    import time

    from branchdesk.db.models import Setting

    inside = threading.Event()
    release = threading.Event()

    def long_read() -> None:
        with db.reading(), db.session() as session:
            session.get(Setting, "school_name")
            inside.set()
            release.wait(10)

    reader = threading.Thread(target=long_read)
    reader.start()
    inside.wait(10)
    started = time.monotonic()
    with db.session() as session:
        session.add(Setting(key="school_name", value="青山镇学校"))
    waited = time.monotonic() - started
    release.set()
    reader.join()
    assert waited < 2, f"the write waited {waited:.1f} s for a reader"
