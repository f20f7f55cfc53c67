"""Trial S, TS-7: restoring from a plain database file on a USB drive left `-shm`/`-wal` files beside
it, though README says the file picked is read without leaving anything beside it. Now it is read
immutable (or through a copy), whether the database it goes into is plain or encrypted."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from branchdesk.db import encryption
from branchdesk.db.migrate import open_database
from branchdesk.services.storage import backups
from tests.safety_helpers import add_branch, add_member

PASSWORD = "青山镇学校2026!"


@pytest.mark.parametrize("encrypted", [False, True])
def test_a_plain_database_file_on_the_drive_is_left_alone(tmp_path: Path, encrypted: bool) -> None:
    path = tmp_path / "我的 文档" / "台账.sqlite"
    folder = tmp_path / "备份"
    db = open_database(path, backup_folder=folder)
    add_member(db, add_branch(db), 1, name="邵凡")
    db.close()
    drive = tmp_path / "U盘" / "旧拷贝2"
    drive.mkdir(parents=True)
    copy = drive / "台账 备份.sqlite"
    shutil.copyfile(path, copy)
    connection = sqlite3.connect(copy)  # a working database in WAL mode, as copied from the PC
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()
    assert sorted(p.name for p in drive.iterdir()) == [copy.name]
    before = copy.read_bytes()
    if encrypted:
        encryption.encrypt_file(path, PASSWORD, backup_folder=folder)
    backups.describe_file(copy)  # what the restore question shows
    backups.restore_backup(path, copy, other_database=True)
    assert sorted(p.name for p in drive.iterdir()) == [copy.name]  # failed before: -shm and -wal beside it
    assert copy.read_bytes() == before
