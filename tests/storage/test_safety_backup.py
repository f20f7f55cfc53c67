"""Backups and restores (issue 8): checked, fsynced, renamed into place, rotated, automatic at the
first open of a changed day and before a migration, import and restore; CLI end to end."""

from __future__ import annotations

import errno
import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from branchdesk import paths
from branchdesk.cli.main import main
from branchdesk.db import backup_info, backup_rotation, safe_copy
from branchdesk.db.engine import Database, make_engine
from branchdesk.db.migrate import open_database, upgrade
from branchdesk.services.storage import backups
from tests.safety_helpers import add_branch, add_member, count, integrity


def _backups(reason: str = "") -> list[Path]:
    folder = paths.backup_folder()
    return sorted(p for p in folder.glob(f"*{reason}.sqlite")) if folder.is_dir() else []


def test_cli_backup_to_folder_and_out_file(db, db_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    for i in range(3):
        add_member(db, branch, i)
    db.close()
    assert main(["backup", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert len(_backups("-daily")) == 1  # opening a changed database for the first time today
    made = _backups("-manual")
    assert len(made) == 1 and made[0].name.startswith("测试 数据库-")
    assert "党员 3 人" in out and integrity(made[0]) == "ok" and count(made[0]) == 3
    assert not list(paths.backup_folder().glob("*.partial"))
    sqlite3.connect(made[0]).execute("SELECT 1")  # a standalone file: no -wal needed beside it
    assert backup_info.read_info(made[0]).counts["members"] == 3

    target = tmp_path / "U盘" / "带走 的备份.sqlite"
    assert main(["backup", "--db", str(db_path), "--out", str(target)]) == 0
    assert count(target) == 3 and integrity(target) == "ok"
    assert main(["backup", "--db", str(db_path), "--list"]) == 0
    assert "共 2 个备份" in capsys.readouterr().out


def test_restore_backs_up_current_first_and_brings_old_data_back(db, db_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    add_member(db, branch, 1)
    saved = backups.backup_now(db)
    assert saved.members == 1 and saved.ok and saved.records >= 2
    add_member(db, branch, 2)
    db.close()

    assert main(["restore", str(saved.path), "--db", str(db_path)]) == 0
    text = capsys.readouterr().out
    assert "已从备份恢复" in text and "恢复前的数据库已先备份为" in text
    assert count(db_path) == 1 and integrity(db_path) == "ok"
    before_restore = _backups("-before-restore")
    assert len(before_restore) == 1 and count(before_restore[0]) == 2  # nothing was lost by restoring
    reopened = open_database(db_path)
    reopened.close()


def test_restore_refuses_damaged_backup_and_leaves_database(db, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_member(db, add_branch(db), 1)
    db.close()
    before = db_path.read_bytes()
    bad = tmp_path / "坏的备份.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    with pytest.raises(backups.BackupFailed, match="不可用"):
        backups.restore_backup(db_path, bad)
    assert main(["restore", str(tmp_path / "没有.sqlite"), "--db", str(db_path)]) == 4
    assert db_path.read_bytes() == before and _backups() == []


def test_restore_refuses_while_database_is_in_use(db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_member(db, add_branch(db), 1)
    saved = backups.backup_now(db)
    with db.session() as session:  # the window keeps a connection open
        session.connection()
        with pytest.raises(backups.BackupFailed, match="正被"):
            backups.restore_backup(db_path, saved.path)
    assert count(db_path) == 1


def test_rotation_keeps_daily_weekly_monthly() -> None:
    start = datetime(2026, 11, 25, 9, 0)
    stamps = [start - timedelta(hours=12 * i) for i in range(800)]  # two a day for 400 days
    keep = backup_rotation.backups_to_keep(stamps)
    days = {d.date() for d in keep}
    weeks = {d.isocalendar()[:2] for d in keep}
    months = {(d.year, d.month) for d in keep}
    assert len(days) >= 12 and len(weeks) >= 10 and len(months) >= 9
    assert max(stamps) in keep and len(keep) < 50
    assert all(start - d <= timedelta(days=300) for d in keep)


def test_rotate_deletes_old_files_and_partials(tmp_path: Path) -> None:
    start = datetime(2026, 11, 25, 9, 0)
    for i in range(60):
        name = backup_info.backup_name(Path("db.sqlite"), "daily", start - timedelta(days=i))
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "db-20261001-090000-000000-daily.sqlite.partial").write_bytes(b"half")
    (tmp_path / "db-20261001-090000-000000-daily.sqlite.converting.partial").write_bytes(b"half")
    (tmp_path / "other-20200101-000000-000000-daily.sqlite").write_bytes(b"not ours")
    (tmp_path / "db-2-20200101-000000-000000-daily.sqlite.partial").write_bytes(b"another database's")
    removed = backup_rotation.rotate_backups(tmp_path, "db")
    left = backup_info.backup_files(tmp_path, "db")
    assert len(removed) + len(left) == 60 and 20 <= len(left) < 40
    assert [p.name for p in tmp_path.glob("*.partial")] == ["db-2-20200101-000000-000000-daily.sqlite.partial"]
    assert (tmp_path / "other-20200101-000000-000000-daily.sqlite").exists()


def test_daily_backup_only_when_data_changed(db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_member(db, add_branch(db), 1)
    db.close()
    open_database(db_path).close()  # first open today with data, no backup yet -> one
    made = _backups()
    assert len(made) == 1 and made[0].name.endswith("-daily.sqlite")
    open_database(db_path).close()  # same day: none
    assert len(_backups()) == 1
    yesterday = made[0].with_name(backup_info.backup_name(db_path, "daily", datetime.now() - timedelta(days=1)))
    made[0].rename(yesterday)
    made[0].with_name(made[0].name + ".json").rename(yesterday.with_name(yesterday.name + ".json"))
    open_database(db_path).close()  # a new day but nothing changed: none
    assert _backups() == [yesterday]
    database = open_database(db_path)
    add_member(database, 1, 2)
    database.close()
    open_database(db_path).close()  # still yesterday's newest, data changed: one more
    assert len(_backups()) == 2


def test_backup_before_migration(tmp_path: Path) -> None:
    path = tmp_path / "旧版本.sqlite"
    old = Database(make_engine(path))
    upgrade(old, "0001")
    old.close()
    open_database(path).close()
    made = _backups("-before-migration")
    assert len(made) == 1
    connection = sqlite3.connect(made[0])
    assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    connection.close()


def test_backup_folder_setting(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    usb = tmp_path / "U 盘" / "备份"
    assert backups.set_backup_folder(db, usb) == usb
    entry = backups.backup_now(db)
    assert entry.path.parent == usb and backups.list_backups(db)[0].path == entry.path
    blocker = tmp_path / "是个文件"
    blocker.write_text("x")
    with pytest.raises(backups.BackupFailed, match="不能使用"):
        backups.set_backup_folder(db, blocker / "备份")
    assert backups.backup_folder(db) == usb
    backups.set_backup_folder(db, None)
    assert backups.backup_folder(db) == paths.backup_folder()


def test_full_disk_during_backup_leaves_nothing_half_written(db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    add_member(db, add_branch(db), 1)

    def full(_path: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_copy, "fsync_file", full)
    with pytest.raises(backups.BackupFailed, match="磁盘已满"):
        backups.backup_now(db)
    folder = paths.backup_folder()
    assert not list(folder.glob("*")) if folder.exists() else True


def test_missing_usb_drive_is_reported(db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    usb = tmp_path / "usb"
    backups.set_backup_folder(db, usb)
    usb.rmdir()
    blocker = tmp_path / "usb"
    blocker.write_text("pulled out")  # the path now cannot be a folder
    with pytest.raises(backups.BackupFailed, match="备份失败"):
        backups.backup_now(db)


def test_backup_of_a_missing_database_is_refused(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "没有这个.sqlite"
    assert main(["backup", "--db", str(missing)]) == 4
    assert "找不到数据库" in capsys.readouterr().out and not missing.exists()


def test_every_table_has_a_chinese_label_for_the_backup_lists(db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import inspect

    from branchdesk.services.storage.backups import TABLE_LABELS

    tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables - set(TABLE_LABELS) == set()


def test_restore_keeps_this_pcs_backup_folder_and_lock_minutes(db, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services import session
    from branchdesk.services.storage import encryption
    from branchdesk.services.storage.backups import (
        backup_now,
        current_backup_folder_setting,
        restore_backup,
        set_backup_folder,
    )

    if db.path is None:
        pytest.skip("restore replaces a database file; a server database is backed up by its server")
    old = backup_now(db, out=tmp_path / "旧.sqlite").path  # made before the settings were chosen
    usb = tmp_path / "U盘" / "备份"
    set_backup_folder(db, usb)
    encryption.set_lock_minutes(db, 3)
    db.close()
    restore_backup(db_path, old)
    reopened = session.open(db_path)
    try:
        assert current_backup_folder_setting(reopened) == str(usb)
        assert encryption.lock_minutes(reopened) == 3
    finally:
        reopened.close()
