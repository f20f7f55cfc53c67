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
