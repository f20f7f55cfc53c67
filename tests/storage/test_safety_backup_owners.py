"""Two databases with the same file name share the backup folder (the default one in the data
folder): the committee's `branchdesk.sqlite` and a branch's `branchdesk.sqlite` opened from another
folder or a USB drive. Backups were told apart by the file name alone, so one database's backups
counted as the other's:
- the other's backup of the day stopped this one's daily backup;
- after damage, the other database's backup was offered as this one's newest good backup;
- turning encryption on encrypted the other database's plain backups with this one's key (its owner
  could no longer restore them without this password);
- this one's rotation deleted the other's backups.
A backup's sidecar now names the database it was made of, and its change history names its chain
(db/anchor.py): a backup is this database's when either says so."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from branchdesk import paths
from branchdesk.db import backup as store
from branchdesk.db import backup_info, backup_owners, backup_rotation, cipher, encryption, file_checks
from branchdesk.db.migrate import open_database
from branchdesk.services import session
from branchdesk.services.storage import backups
from tests.safety_helpers import add_branch, add_member

PASSWORD = "支部台账-密码-2026"


def _two_databases(tmp_path: Path) -> tuple[Path, Path]:
    """The committee's database (3 members) and a branch's (1 member), both branchdesk.sqlite."""
    made = []
    for folder, members in (("党委", 3), ("U盘 备份", 1)):
        path = tmp_path / folder / paths.DATABASE_FILENAME
        path.parent.mkdir()
        database = session.open(path)
        branch = add_branch(database)
        for index in range(1, members + 1):
            add_member(database, branch, index)
        database.close()
        made.append(path)
    return made[0], made[1]


def _members(backup: Path) -> int:
    return backup_info.read_info(backup).counts["members"]


def test_the_other_databases_backup_of_the_day_does_not_stand_for_this_ones(tmp_path: Path) -> None:
    mine, other = _two_databases(tmp_path)
    open_database(other).close()  # the branch's daily backup
    folder = store.configured_folder(mine)
    assert store.daily_backup_due(mine, folder)
    open_database(mine).close()
    assert sorted(_members(p) for p, _, _ in backup_info.backup_files(folder, mine.stem)) == [1, 3]


def test_the_other_databases_backup_is_not_offered_for_this_one(tmp_path: Path) -> None:
    mine, other = _two_databases(tmp_path)
    store.make_backup(other, "daily")
    assert store.good_backups(mine) == []
    assert backups.list_backups(mine) == [] and backups.good_backups(mine) == []
    store.make_backup(mine, "manual")
    assert [_members(i.path) for i in store.good_backups(mine)] == [3]
    assert [e.counts["members"] for e in backups.list_backups(other)] == [1]


def test_turning_encryption_on_leaves_the_other_databases_backups_to_it(tmp_path: Path) -> None:
    mine, other = _two_databases(tmp_path)
    theirs = store.make_backup(other, "daily").path
    store.make_backup(mine, "manual")
    result = encryption.encrypt_file(mine, PASSWORD)
    assert not cipher.is_encrypted(theirs) and file_checks.check_file(theirs) == "ok"
    assert sqlite3.connect(theirs).execute("SELECT count(*) FROM members").fetchone()[0] == 1
    own = [p for p, _, _ in backup_info.backup_files(store.configured_folder(mine), mine.stem) if p != theirs]
    assert own and all(cipher.is_encrypted(p) for p in own)
    assert result.backups_encrypted == len(own)


def test_this_databases_rotation_leaves_the_other_databases_backups(tmp_path: Path) -> None:
    mine, other = _two_databases(tmp_path)
    theirs = [store.make_backup(other, "manual").path for _ in range(3)]
    for _ in range(backup_rotation.KEEP_RECENT + 2):
        store.make_backup(mine, "manual")
    assert all(p.is_file() for p in theirs)
    left = [p for p, _, _ in backup_info.backup_files(store.configured_folder(mine), mine.stem) if p not in theirs]
    assert len(left) == backup_rotation.KEEP_RECENT


def test_a_backup_made_before_a_restore_of_another_chain_stays_this_databases(tmp_path: Path) -> None:
    """Restoring the branch's backup over the committee's database gives it the branch's chain: the
    backup made just before (the way back) is still listed, by the database it was made of."""
    mine, other = _two_databases(tmp_path)
    theirs = store.make_backup(other, "manual").path
    with pytest.raises(backups.OtherDatabaseFailed):  # the user is told it is the branch's, and asked again
        backups.restore_backup(mine, theirs)
    backups.restore_backup(mine, theirs, other_database=True)
    listed = {e.path: e.counts["members"] for e in backups.list_backups(mine)}
    assert sorted(listed.values()) == [1, 3] and theirs in listed  # theirs: the chain mine has now


def test_two_pcs_with_the_same_path_share_a_usb_backup_folder(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """C:\\Users\\Administrator\\AppData\\… is the same path on both PCs of a school: a backup made
    on the other PC is not this one's, though the sidecar names the same file."""
    import platform

    usb = tmp_path / "U盘" / "备份"
    path = tmp_path / "AppData" / paths.DATABASE_FILENAME
    path.parent.mkdir()
    monkeypatch.setattr(platform, "node", lambda: "教务处电脑")
    database = session.open(path)
    branch = add_branch(database)
    for index in range(1, 4):
        add_member(database, branch, index)
    database.close()
    store.make_backup(path, "daily", usb)
    path.rename(tmp_path / "教务处的数据库.sqlite")
    monkeypatch.setattr(platform, "node", lambda: "党建办电脑")
    database = session.open(path)
    add_member(database, add_branch(database), 1)
    database.close()
    assert backup_owners.own_backups(path, usb) == [] and store.daily_backup_due(path, usb)


def test_backup_out_never_writes_over_another_database_or_file(tmp_path: Path) -> None:
    """`branchdesk backup --out FILE` replaced whatever FILE was: the branch's own database on a USB
    drive, a document. It now writes over an earlier backup of this database only."""
    mine, other = _two_databases(tmp_path)
    with pytest.raises(backups.BackupFailed, match="另一个数据库"):
        backups.backup_now(mine, out=other)
    assert sqlite3.connect(other).execute("SELECT count(*) FROM members").fetchone()[0] == 1
    letter = tmp_path / "工作总结.docx"
    letter.write_bytes(b"PK\x03\x04 a document")
    with pytest.raises(backups.BackupFailed, match="不是数据库"):
        backups.backup_now(mine, out=letter)
    assert letter.read_bytes() == b"PK\x03\x04 a document"
    earlier = tmp_path / "U盘" / "台账备份.sqlite"
    backups.backup_now(mine, out=earlier)
    backups.backup_now(mine, out=earlier)  # the same database's backup: written over, as asked
    assert sqlite3.connect(earlier).execute("SELECT count(*) FROM members").fetchone()[0] == 3
    with pytest.raises(backups.BackupFailed, match="不是加密备份"):
        backups.backup_encrypted(mine, other, PASSWORD)
    assert sqlite3.connect(other).execute("SELECT count(*) FROM members").fetchone()[0] == 1
