"""Opening a database safely (issue 8): damaged, non-database, newer-version and network-share files
get a clear Chinese message fast, nothing is overwritten, and the newest good backup is offered."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from branchdesk.db import location, migrate
from branchdesk.db.migrate import (
    DamagedDatabaseError,
    MissingDatabaseError,
    NetworkShareError,
    NewerDatabaseError,
    NotADatabaseError,
    open_database,
)
from branchdesk.services.storage import backups
from branchdesk.services.storage.database_check import check_database
from tests.safety_helpers import add_branch, add_member, count


def _damage(path: Path) -> None:
    with path.open("r+b") as handle:
        for page in range(1, path.stat().st_size // 4096):
            handle.seek(page * 4096)
            handle.write(b"\xa5" * 64)


@pytest.fixture
def filled(db, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    for i in range(40):
        add_member(db, branch, i)
    backups.backup_now(db)
    db.close()
    return db_path


def test_damaged_database_is_moved_aside_and_backup_offered(filled: Path) -> None:
    _damage(filled)
    damaged_bytes = filled.read_bytes()
    started = time.perf_counter()
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(filled)
    assert time.perf_counter() - started < 1.0
    error = caught.value
    text = str(error)
    assert "已损坏" in text and "没有被覆盖" in text and "最新的可用备份" in text and "branchdesk restore" in text
    assert not filled.exists() and error.moved_to is not None and error.moved_to.read_bytes() == damaged_bytes
    assert error.backups and error.backups[0].counts["members"] == 40

    with pytest.raises(MissingDatabaseError, match="不会自动新建"):  # no empty database in its place
        open_database(filled)
    assert not filled.exists()

    outcome = backups.restore_backup(filled, error.backups[0].path)
    assert outcome.safety_backup is None and count(filled) == 40
    open_database(filled).close()


def test_new_database_after_damage_only_on_purpose(filled: Path) -> None:
    _damage(filled)
    with pytest.raises(DamagedDatabaseError):
        open_database(filled)
    database = open_database(filled, new_after_damage=True)
    database.close()
    assert count(filled) == 0


def test_garbage_database_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "branchdesk.sqlite"
    path.write_bytes(b"\x00" * 8192)
    with pytest.raises(DamagedDatabaseError, match="没有找到可用的备份"):
        open_database(path)
    assert not path.exists() and len(list(tmp_path.glob("branchdesk.sqlite.damaged-*"))) == 1


def test_other_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(b"PK\x03\x04 not a database")
    with pytest.raises(NotADatabaseError, match="没有改动它"):
        open_database(path)
    assert path.read_bytes() == b"PK\x03\x04 not a database"
    assert list(tmp_path.iterdir()) == [path]


def test_newer_version_is_refused_untouched(filled: Path) -> None:
    connection = sqlite3.connect(filled)
    connection.execute("INSERT INTO alembic_version VALUES ('9001')")
    connection.commit()
    connection.close()
    before = filled.read_bytes()
    with pytest.raises(NewerDatabaseError, match="更新版本"):
        open_database(filled)
    assert filled.read_bytes() == before
    with pytest.raises(backups.BackupFailed, match="更新版本"):
        backups.restore_backup(filled.with_name("other.sqlite"), filled)


MOUNTS = (
    "/dev/sda1 / ext4 rw 0 0\n"
    "//server/share /mnt/school\\040share cifs rw 0 0\n"
    "server:/export /home/nfs nfs4 rw 0 0\n"
    "tmpfs /tmp tmpfs rw 0 0\n"
)


def test_network_share_detection() -> None:
    assert location.network_share("/mnt/school share/db.sqlite", platform="linux", mounts_text=MOUNTS)
    assert "nfs4" in location.network_share("/home/nfs/a/b.sqlite", platform="linux", mounts_text=MOUNTS)
    assert location.network_share("/home/nfsx/b.sqlite", platform="linux", mounts_text=MOUNTS) is None
    assert location.network_share("/tmp/x.sqlite", platform="linux", mounts_text=MOUNTS) is None
    assert location.network_share(r"\\server\share\db.sqlite", platform="win32")
    assert location.network_share(r"\\?\UNC\server\share\db.sqlite", platform="win32")
    assert location.network_share(r"\\?\C:\data\db.sqlite", platform="linux") is None


def test_database_on_network_share_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mounts = f"/dev/sda1 / ext4 rw 0 0\n//nas/d {tmp_path} cifs rw 0 0\n"
    monkeypatch.setattr(migrate, "network_share", lambda p: location.network_share(p, mounts_text=mounts))
    with pytest.raises(NetworkShareError, match="网络共享"):
        open_database(tmp_path / "db.sqlite")
    assert list(tmp_path.iterdir()) == []


def test_check_database_finds_broken_links_and_history_edits(db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    add_member(db, branch, 1)
    report = check_database(db)
    assert report.ok and report.history_rows >= 2 and "检查通过" in report.to_text()

    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute("UPDATE members SET branch_id = 999")
    raw.commit()
    with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
        raw.execute("UPDATE change_log SET new_value = '改过' WHERE id = 1")
    with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
        raw.execute("DELETE FROM change_log WHERE id = 1")
    raw.execute("DROP TRIGGER change_log_no_update")  # someone edits the file with another tool
    raw.execute("UPDATE change_log SET new_value = '改过' WHERE id = 1")
    raw.commit()
    raw.close()
    report = check_database(db)
    assert not report.ok and report.foreign_keys and report.history
    text = report.to_text()
    assert "members" in text and "之外被改动" in text
