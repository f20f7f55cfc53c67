"""Automatic backups of a SQLite database file (issue 8): the folder they live in (a setting, default
`paths.backup_folder()`, possibly a USB drive), making one — a copy trusted after a power cut
(db/safe_copy.py), its sidecar written (db/backup_info.py), the database's history anchor moved on and
the folder rotated (db/backup_rotation.py) — whether the day's backup is due, and the backups of a
database that pass their own integrity check. Databases of the same file name share the folder:
each one's daily backup, list, restore offer, rotation and encryption take only its own backups
(db/backup_owners.py).
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from branchdesk import paths
from branchdesk.db import cipher
from branchdesk.db import files as dbfiles
from branchdesk.db.backup_info import (
    BackupInfo,
    backup_name,
    describe,
    left_by_restore,
    read_info,
    write_sidecar,
)
from branchdesk.db.backup_owners import database_key, own_backups, own_backups_of_chain
from branchdesk.db.backup_rotation import rotate_backups
from branchdesk.db.file_checks import NEEDS_KEY, check_file, fingerprint
from branchdesk.db.safe_copy import BackupError, copy_database

SETTING_KEY = "backup.folder"


def configured_folder(database: Path) -> Path:
    """The backup folder chosen in 设置 (stored in the database itself), else the default one."""
    if Path(database).is_file() and dbfiles.is_database_file(database):
        try:
            connection = dbfiles.open_file(database, read_only=True)
            try:
                row = connection.execute("SELECT value FROM settings WHERE key = ?", (SETTING_KEY,)).fetchone()
            finally:
                connection.close()
            if row and row[0].strip():
                return Path(row[0].strip()).expanduser()
        except (cipher.CipherError, *dbfiles.errors()):  # locked or damaged: the default folder
            pass
    return paths.backup_folder()


def make_backup(database: Path, reason: str, folder: Path | None = None, *, rotate: bool = True,
                note: str = "") -> BackupInfo:
    """An automatic backup of `database` into the backup folder, with its sidecar (`note`: what it is
    taken before, the file an import reads); rotates afterwards."""
    database = Path(database)
    folder = Path(folder) if folder is not None else configured_folder(database)
    if not folder.is_dir():
        _refuse_unplugged(database, folder)
    from branchdesk.db import leftovers

    with leftovers.backing_up(folder, database.stem) as mark:  # (another process's rotation waits: TR-6)
        when = datetime.now()
        target = folder / backup_name(database, reason, when)
        copy_database(database, target)
        info = replace(describe(target, created=when, reason=reason), source=database_key(database), note=note)
        write_sidecar(info)
        _advance_anchor(database, target)
        if rotate:
            with contextlib.suppress(OSError):
                rotate_backups(folder, database.stem, database, made=target, own=mark, now=when)
    return info


def _refuse_unplugged(database: Path, folder: Path) -> None:
    """The backup folder chosen in 设置 is not there, nor the folder it is in: a USB drive unplugged
    (or a network share gone). Making its path anew would put the backups on the PC's own disk,
    where nobody looks for them — and, at 启用加密, leave those on the drive plain while saying the
    backups were encrypted (trial R, TR-7). The backup fails with the plain reason instead; a folder
    removed from a drive that is there is made again, and so is the default folder."""
    if folder.parent.is_dir() or folder == paths.backup_folder() or folder != configured_folder(database):
        return
    raise BackupError(f"备份失败：找不到备份文件夹“{folder}”（U 盘或移动硬盘是否已拔出？）。"
                      f"请插上后重试，或在“设置 → 备份与恢复”中改选备份文件夹。")


def _advance_anchor(database: Path, copy: Path) -> None:
    """The database's history anchor moves to the head the backup just recorded (db/anchor.py)."""
    from branchdesk.db import anchor

    with contextlib.suppress(cipher.CipherError, OSError, *dbfiles.errors()):
        key = dbfiles.key_of(copy)
        connection = dbfiles.open_file(copy, read_only=True)
        try:
            anchor.advance(database, connection, key)
        finally:
            connection.close()


def daily_backup_due(database: Path, folder: Path, today: datetime | None = None) -> bool:
    """True at the first open of a day when the data changed since the newest backup."""
    from branchdesk.db import anchor

    day = (today or datetime.now()).date()
    connection = dbfiles.open_file(database, read_only=True)
    try:
        chain = anchor.first_hash(connection)  # one row: which backups are this database's
        files = own_backups_of_chain(database, folder, chain, strict=True)
        if any(created.date() == day for _, created, _ in files):
            return False  # the usual case of a day's later opens: no fingerprint read (issue 18: 40 ms
        if not files:  # of counting every table of a district's database at every open)
            return True
        current = fingerprint(connection)
    finally:
        connection.close()
    for path, _, _ in files:
        try:
            return read_info(path).fingerprint != current
        except (OSError, cipher.CipherError, *dbfiles.errors()):
            continue  # an unreadable backup does not count; look at the next one
    return True


def good_backups(database: Path, folder: Path | None = None, *, limit: int | None = None,
                 last_state: bool = False) -> list[BackupInfo]:
    """Backups of `database` that pass their own integrity_check, newest first (stops at `limit`).
    `last_state`: what to offer after damage — the database's own last state first, so a 恢复前 backup
    of a state the user left by restoring comes after the others (TS-3: offered first, it brought back
    the import she had undone); it is still offered when nothing else is there."""
    folder = Path(folder) if folder is not None else configured_folder(database)
    found: list[BackupInfo] = []
    left: list[BackupInfo] = []
    for path, _, _ in own_backups(database, folder):
        try:
            info = read_info(path)
        except (OSError, cipher.CipherError, *dbfiles.errors()):
            continue
        if last_state and left_by_restore(info):
            left.append(info)  # checked only if needed, below
            continue
        if check_file(path, full=True) not in ("ok", NEEDS_KEY):  # a locked one is offered: its password is asked
            continue
        found.append(info)
        if limit is not None and len(found) >= limit:
            return found
    for info in left:
        if limit is not None and len(found) >= limit:
            break
        if check_file(info.path, full=True) in ("ok", NEEDS_KEY):
            found.append(info)
    return found
