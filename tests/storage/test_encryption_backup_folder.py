"""Encryption and a backup folder out of reach (trial R, TR-7). With the USB drive chosen as backup
folder unplugged, 启用加密 recreated the drive's path on the PC's own disk, wrote its backups there
and said "原有备份也已加密", while the plain backups on the drive stayed plain. Now a chosen backup
folder that is not there is never created for it: nothing is changed, and the user is told plainly
that the backups there could not be reached and are still unencrypted. Backups the program wrote
to a backup folder used before are encrypted as well (or named, when that folder is not there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from branchdesk import paths
from branchdesk.db import cipher
from branchdesk.db.migrate import open_database
from branchdesk.services.storage import backups
from branchdesk.services.storage import encryption as service
from tests.safety_helpers import add_branch, add_member

PASSWORD = "支部密码-2026"


def _plain_backups(folder: Path) -> list[Path]:
    return [p for p in folder.glob("*.sqlite") if not cipher.is_encrypted(p)]


def test_enable_with_the_usb_backup_folder_unplugged_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "台账.sqlite"
    db = open_database(path, backup_folder=tmp_path / "默认备份")
    add_member(db, add_branch(db), 1)
    drive = tmp_path / "usb"
    usb = drive / "支部台账备份"
    backups.set_backup_folder(db, usb)
    backups.backup_now(db)
    assert len(_plain_backups(usb)) == 1
    drive.rename(tmp_path / "usb-拔出")  # the drive is unplugged
    with pytest.raises(service.EncryptionFailed) as refused:
        service.enable(db, PASSWORD, PASSWORD)
    message = str(refused.value)
    assert str(usb) in message and "找不到" in message and "未加密" in message
    assert not drive.exists()  # the drive's path is not made on the PC's own disk
    assert not db.encrypted
    (tmp_path / "usb-拔出").rename(drive)  # plugged in again: now it works, and the backups there are encrypted
    outcome = service.enable(db, PASSWORD, PASSWORD)
    assert db.encrypted and outcome.backups_encrypted == 2 and not _plain_backups(usb)
    db.close()


def test_backups_in_a_folder_used_before_are_encrypted_or_named(tmp_path: Path) -> None:
    """The backup folder was switched before encrypting: the backups the program wrote to the old
    folders are encrypted too when they are there; one that is not there (a USB drive) is named."""
    path = tmp_path / "台账.sqlite"
    db = open_database(path, backup_folder=tmp_path / "默认备份")
    add_member(db, add_branch(db), 1)
    backups.backup_now(db)  # into the default folder
    default = paths.backup_folder()
    assert backups.backup_folder(db) == default and len(_plain_backups(default)) == 1
    drive = tmp_path / "usb"
    usb = drive / "支部台账备份"
    backups.set_backup_folder(db, usb)
    backups.backup_now(db)
    now = tmp_path / "新备份"
    backups.set_backup_folder(db, now)
    backups.backup_now(db)
    drive.rename(tmp_path / "usb-拔出")
    outcome = service.enable(db, PASSWORD, PASSWORD)
    assert not _plain_backups(default) and not _plain_backups(now)
    assert outcome.backups_encrypted == 3  # the new folder's two (one made before encrypting), the default's one
    assert str(usb) in outcome.left_text and "未加密" in outcome.left_text
    assert not drive.exists()
    db.close()


def test_no_backup_makes_the_path_of_an_unplugged_drive(tmp_path: Path) -> None:
    """The day's backup at the next open (before 启用加密 is even asked) had already made the drive's
    path on the PC's own disk; an import's backup did the same. Now such a backup fails with the
    plain reason, and a folder whose drive is there is still made when it is missing."""
    from branchdesk.db import backup as store
    from branchdesk.db.safe_copy import BackupError

    path = tmp_path / "台账.sqlite"
    db = open_database(path, backup_folder=tmp_path / "默认备份")
    add_member(db, add_branch(db), 1)
    drive = tmp_path / "usb"
    usb = drive / "支部台账备份"
    backups.set_backup_folder(db, usb)
    db.close()
    drive.rename(tmp_path / "usb-拔出")
    with pytest.raises(BackupError, match="找不到"):
        store.make_backup(path, "daily")
    assert not drive.exists()
    (tmp_path / "usb-拔出").rename(drive)
    usb.rmdir()  # the folder itself removed from the drive: made again
    assert store.make_backup(path, "daily").path.parent == usb


SQLITE_HEADER = b"SQLite format 3\x00"


def _opens_as_plain_sqlite(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.read_bytes()[:16] == SQLITE_HEADER)


def _moved_database_with_an_empty_backup(tmp_path: Path) -> Path:
    """The first import's backup was taken while the database was still empty (no record, no change
    history), then the data folder moved (a USB drive's letter changed, the folder was copied): the
    backup's sidecar names the old path and it holds no chain, so it is no known database's."""
    first = tmp_path / "E盘" / "台账.sqlite"
    first.parent.mkdir()
    db = open_database(first)
    backups.backup_now(db, reason="before-import")  # of the empty database
    add_member(db, add_branch(db), 1)
    backups.backup_now(db, reason="before-import")
    db.close()
    (tmp_path / "E盘").rename(tmp_path / "F盘")
    return tmp_path / "F盘" / "台账.sqlite"


def test_after_enable_no_backup_opens_as_plain_sqlite_not_even_the_empty_databases(  # type: ignore[no-untyped-def]
        tmp_path: Path, monkeypatch, capsys) -> None:
    """Re-trial 11, N-6: after `branchdesk encryption enable` the before-import backup of the still-empty
    database stayed plain in the backup folder; now every backup there is encrypted like the others."""
    from branchdesk.cli.main import main

    moved = _moved_database_with_an_empty_backup(tmp_path)
    folder = paths.backup_folder()
    assert len(_opens_as_plain_sqlite(folder)) == 2
    monkeypatch.setenv("BRANCHDESK_NEW_PASSWORD", PASSWORD)
    assert main(["encryption", "enable", "--db", str(moved)]) == 0
    out = capsys.readouterr().out
    assert _opens_as_plain_sqlite(folder) == []
    made = len(list(folder.glob("*.sqlite")))  # the two, the day's first one and the one before encrypting
    assert f"程序做的 {made} 个原有备份" in out, out


def test_the_window_encrypts_the_empty_databases_backup_too(tmp_path: Path) -> None:
    """设置 → 数据加密 → 启用加密 takes the same way (services.storage.encryption.enable)."""
    moved = _moved_database_with_an_empty_backup(tmp_path)
    db = open_database(moved)
    outcome = service.enable(db, PASSWORD, PASSWORD)
    db.close()
    folder = paths.backup_folder()
    assert _opens_as_plain_sqlite(folder) == [] and outcome.backups_encrypted == len(list(folder.glob("*.sqlite")))


def test_another_databases_empty_backup_of_the_same_name_is_left_to_it(tmp_path: Path) -> None:
    """A branch's own 台账.sqlite on this PC, still empty, shares the folder: its backup is its own —
    neither encrypted under another database's key nor counted (backup_owners)."""
    other = open_database(tmp_path / "支部U盘" / "台账.sqlite")
    empty = backups.backup_now(other, reason="before-import")
    other.close()
    db = open_database(tmp_path / "党委" / "台账.sqlite")
    add_member(db, add_branch(db), 1)
    service.enable(db, PASSWORD, PASSWORD)
    db.close()
    assert _opens_as_plain_sqlite(paths.backup_folder()) == [empty.path.name]


def test_an_empty_backup_an_earlier_version_left_plain_is_encrypted_at_the_next_open(  # type: ignore[no-untyped-def]
        tmp_path: Path, monkeypatch) -> None:
    """A database encrypted by an earlier version kept that plain empty backup: the next open encrypts
    it with the other plain backups it finds, and says so."""
    from branchdesk.db import database_id
    from branchdesk.db import encryption as files_encryption

    monkeypatch.setattr(database_id, "assign", lambda _path: 0)  # made by that version: not numbered
    moved = _moved_database_with_an_empty_backup(tmp_path)
    db = open_database(moved)
    with monkeypatch.context() as patched:  # the earlier version: the empty backup not taken
        patched.setattr(files_encryption, "_unclaimed_empty", lambda *_args: [])
        service.enable(db, PASSWORD, PASSWORD)
    db.close()
    assert len(_opens_as_plain_sqlite(paths.backup_folder())) == 1
    cipher.lock()
    service.unlock(moved, PASSWORD)
    db = open_database(moved)
    assert "备份文件夹中发现 1 个未加密的旧备份，已用数据库的密钥加密。" in db.notices
    db.close()
    assert _opens_as_plain_sqlite(paths.backup_folder()) == []


def test_a_copied_data_folder_whose_original_was_encrypted_too(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The re-trial's own case: the data folder copied (database and backups), then each copy encrypted.
    The copy's empty backup names the original, which is there but encrypted and locked — its chain
    cannot be read, so it is not known to be another database's: the copy's enable encrypts it too."""
    import shutil

    original = tmp_path / "数据" / "BranchDesk"
    monkeypatch.setenv("BRANCHDESK_HOME", str(original))
    db = open_database(original / "台账.sqlite")
    backups.backup_now(db, reason="before-import")  # of the empty database
    add_member(db, add_branch(db), 1)
    db.close()
    copy = tmp_path / "新电脑" / "BranchDesk"
    shutil.copytree(original, copy)
    db = open_database(original / "台账.sqlite")
    service.enable(db, PASSWORD, PASSWORD)
    db.close()
    cipher.lock()
    assert _opens_as_plain_sqlite(original / "backups") == []

    monkeypatch.setenv("BRANCHDESK_HOME", str(copy))
    db = open_database(copy / "台账.sqlite")
    service.enable(db, "另一个密码-2027", "另一个密码-2027")
    db.close()
    assert _opens_as_plain_sqlite(copy / "backups") == []
