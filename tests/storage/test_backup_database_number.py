"""Backups tied to their database by its number (db/database_id.py), not only by its file name (NOTE12
"Left"). The backup folder is shared by every database of this PC and names backups by the file name
only; a still-empty database's backup has no change history to be known by. Another database's
(a branch's 台账.sqlite on a USB drive, unplugged now) was taken for this one's: encrypted under this
database's key at 启用加密, listed and rotated with this one's when its sidecar was lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from branchdesk import paths
from branchdesk.db import backup_info, database_id
from branchdesk.db.migrate import open_database
from branchdesk.services.storage import backups
from branchdesk.services.storage import encryption as service
from tests.safety_helpers import add_branch, add_member

PASSWORD = "支部密码-2026"
SQLITE_HEADER = b"SQLite format 3\x00"


def _plain(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.sqlite") if p.read_bytes()[:16] == SQLITE_HEADER)


def _unplugged_branch_with_an_empty_backup(tmp_path: Path) -> Path:
    """A branch's own 台账.sqlite on a USB drive, still empty, backed up into this PC's folder; then
    the drive was taken away: its path is no file here."""
    other = open_database(tmp_path / "U盘" / "台账.sqlite")
    empty = backups.backup_now(other, reason="before-import").path
    other.close()
    (tmp_path / "U盘").rename(tmp_path / "拔出的U盘")
    return empty


def test_a_new_database_is_numbered_and_its_copies_carry_the_number(tmp_path: Path) -> None:
    first = open_database(tmp_path / "一" / "台账.sqlite")
    second = open_database(tmp_path / "二" / "台账.sqlite")
    assert first.path is not None and second.path is not None
    one, two = database_id.read(first.path), database_id.read(second.path)
    assert one and two and one != two
    copy = backups.backup_now(first, reason="before-import").path  # still empty: no change history
    assert database_id.read(copy) == one and backup_info.read_info(copy).database_id == one
    service.enable(first, PASSWORD, PASSWORD)  # the database and its backups re-written under a key
    assert database_id.read(first.path) == one and database_id.read(copy) == one
    first.close()
    second.close()


def test_an_unplugged_databases_empty_backup_is_not_encrypted_under_this_key(tmp_path: Path) -> None:
    empty = _unplugged_branch_with_an_empty_backup(tmp_path)
    db = open_database(tmp_path / "党委" / "台账.sqlite")
    add_member(db, add_branch(db), 1)
    assert empty not in [e.path for e in backups.list_backups(db)]
    service.enable(db, PASSWORD, PASSWORD)
    db.close()
    assert _plain(paths.backup_folder()) == [empty.name]  # left to its database, which can still restore it


def test_without_its_sidecar_another_databases_empty_backup_is_still_not_this_ones(tmp_path: Path) -> None:
    """The sidecar is only a cache: without it the backup named no database and was listed (and
    rotated) as this one's; its number says whose it is."""
    empty = _unplugged_branch_with_an_empty_backup(tmp_path)
    backup_info.sidecar_path(empty).unlink()
    db = open_database(tmp_path / "党委" / "台账.sqlite")
    add_member(db, add_branch(db), 1)
    assert empty not in [e.path for e in backups.list_backups(db)]
    service.enable(db, PASSWORD, PASSWORD)
    db.close()
    assert _plain(paths.backup_folder()) == [empty.name]


def test_a_moved_databases_own_empty_backup_is_known_by_its_number(tmp_path: Path) -> None:
    """The data folder moved (a USB drive's new letter): the still-empty database's backup names the
    old path and holds no history; its number says it is this one's — listed, and encrypted with it."""
    db = open_database(tmp_path / "E盘" / "台账.sqlite")
    empty = backups.backup_now(db, reason="before-import").path
    db.close()
    (tmp_path / "E盘").rename(tmp_path / "F盘")
    db = open_database(tmp_path / "F盘" / "台账.sqlite")
    assert empty in [e.path for e in backups.list_backups(db)]
    service.enable(db, PASSWORD, PASSWORD)
    db.close()
    assert _plain(paths.backup_folder()) == []


def _unnumbered(db_path: Path) -> None:
    """The database as one made before databases were numbered: 0 in its header (every school's own)."""
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA application_id = 0")
    connection.commit()
    connection.close()


def test_a_numbered_databases_empty_backup_is_not_an_older_databases(tmp_path: Path) -> None:
    """This database was made before databases were numbered (0: every school's database of today);
    the branch's new one on the USB drive is numbered. Its still-empty backup, its sidecar lost, carries
    a number this database never had: it is not this one's — before, 0 here counted as "not known" and
    the backup was listed as this one's and encrypted under this key (NOTE12 "Left", on every existing
    database). At its first open by this version the older database is numbered (after a backup):
    its own backups made before stay its own."""
    empty = _unplugged_branch_with_an_empty_backup(tmp_path)
    backup_info.sidecar_path(empty).unlink()
    path = tmp_path / "党委" / "台账.sqlite"
    db = open_database(path)
    add_member(db, add_branch(db), 1)
    db.close()
    _unnumbered(path)
    assert empty not in [e.path for e in backups.list_backups(path)]  # unnumbered, not opened yet
    own = backups.backup_now(path, reason="before-import").path  # an unnumbered database's own: still its own
    assert own in [e.path for e in backups.list_backups(path)]
    db = open_database(path)
    assert database_id.read(path) != database_id.NONE  # numbered at this open
    assert empty not in [e.path for e in backups.list_backups(db)]
    assert own in [e.path for e in backups.list_backups(db)]
    service.enable(db, PASSWORD, PASSWORD)
    db.close()
    assert _plain(paths.backup_folder()) == [empty.name]
