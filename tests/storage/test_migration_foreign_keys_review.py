"""Review rev6 of the foreign-keys-off upgrade (trial S, TS-1).

R6-1: `downgrade` still ran with the foreign keys on; a downgrade that rebuilds a table with rows in it
either failed (DROP TABLE organisations: FOREIGN KEY constraint failed) or, for a table whose children
cascade, emptied them — the same loss TS-1 fixed for upgrades. R6-2: an upgrade refused because it
would leave orphaned rows raised a bare RuntimeError, which the command line prints as a program
error (a traceback) and the window does not offer a restore for; it is a DatabaseOpenError now. Also
pinned here: an encrypted database upgrades keeping its sign-in sheets, a migration that fails half
way leaves the database as it was and the keys on, and a database that already has a broken
reference still upgrades."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from branchdesk.db.migrate import DatabaseOpenError, current_revisions, downgrade, open_database, upgrade


def _seed(db) -> None:  # type: ignore[no-untyped-def]
    with db.engine.begin() as connection:
        run = connection.exec_driver_sql
        run("INSERT INTO organisations (id, name, kind, sort_order, note) VALUES (1, '第一党支部', '党支部', 0, '')")
        run("INSERT INTO meetings (id, branch_id, meeting_date, start_time, end_time, place, topic, host, recorder,"
            " lecturer, content, resolutions, has_vote, absentee_text, version, for_year)"
            " VALUES (1, 1, '2025-12-20', '', '', '', '组织生活会', '', '', '', '会议内容', '', 0, '', 1, 2025)")
        run("INSERT INTO meeting_attendance (meeting_id, name, category, status, reason, position)"
            " VALUES (1, '王芳', '正式党员', '出席', '', 0), (1, '李明', '正式党员', '请假', '出差', 1)")


def _count(db, table: str) -> int:  # type: ignore[no-untyped-def]
    with db.engine.connect() as connection:
        return int(connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 0)


def _keys_on(db) -> bool:  # type: ignore[no-untyped-def]
    with db.engine.connect() as connection:
        return connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_downgrade_keeps_the_rows_of_rebuilt_tables(db) -> None:  # type: ignore[no-untyped-def]
    downgrade(db, "0007")
    _seed(db)
    upgrade(db)
    downgrade(db, "0007")  # failed before: FOREIGN KEY constraint failed (DROP TABLE organisations)
    assert _count(db, "meeting_attendance") == 2 and _keys_on(db)


def test_an_upgrade_that_would_orphan_rows_is_refused_in_chinese(db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    downgrade(db, "0007")
    _seed(db)
    before = current_revisions(db)
    real = command.upgrade

    def orphaning(config, revision) -> None:  # type: ignore[no-untyped-def]
        real(config, revision)
        config.attributes["connection"].exec_driver_sql("DELETE FROM meetings")  # keys off: children stay

    monkeypatch.setattr(command, "upgrade", orphaning)
    with pytest.raises(DatabaseOpenError, match="没有改动"):  # failed before: a bare RuntimeError
        upgrade(db)
    assert current_revisions(db) == before and _count(db, "meeting_attendance") == 2 and _keys_on(db)


def test_a_migration_failing_half_way_changes_nothing(db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    downgrade(db, "0007")
    _seed(db)
    before = current_revisions(db)
    real = command.upgrade

    def half(config, revision) -> None:  # type: ignore[no-untyped-def]
        real(config, "0140")
        raise OSError("磁盘已满")

    monkeypatch.setattr(command, "upgrade", half)
    with pytest.raises(OSError):
        upgrade(db)
    assert current_revisions(db) == before and _count(db, "meeting_attendance") == 2 and _keys_on(db)


def test_a_database_with_a_broken_reference_still_upgrades(db) -> None:  # type: ignore[no-untyped-def]
    downgrade(db, "0007")
    _seed(db)
    db.release()
    raw = sqlite3.connect(db.path, isolation_level=None)  # keys off: as an older version may have left it
    raw.execute("INSERT INTO meeting_attendance (meeting_id, name, category, status, reason, position)"
                " VALUES (99, '张三', '正式党员', '出席', '', 0)")
    raw.close()
    upgrade(db)
    assert _count(db, "meeting_attendance") == 3 and _keys_on(db)


def test_an_encrypted_database_upgrades_keeping_its_sign_in_sheets(db_path: Path) -> None:
    from branchdesk.db import cipher, encryption
    from branchdesk.services import session

    session.open(db_path).close()
    encryption.encrypt_file(db_path, "password123")
    cipher.unlock(db_path, "password123")
    database = open_database(db_path)
    try:
        assert database.encrypted
        downgrade(database, "0007")
        _seed(database)
        upgrade(database)
        assert _count(database, "meeting_attendance") == 2 and _keys_on(database)
    finally:
        database.release()
