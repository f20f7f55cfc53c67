"""Put a backup back in place of the database file, so that a crash at any moment leaves the old
database whole or the restored one whole under the database's name (issue 8).

Order of work: check the backup (SQLite header, integrity_check, not written by a newer BranchDesk);
back up the current database (or, if it is damaged, rename it aside — never overwrite it); fold the
current WAL into the main file and leave WAL mode so no stale `-wal` can be replayed onto the restored
file; copy the backup into `<name>.partial`, check and fsync it; rename it over the database; fsync the
folder. The database must be closed by every program while this runs (the window closes its own).

Encryption (db/cipher.py): an encrypted backup comes back with its own key file (the password valid
when it was made); a plain backup restored over an encrypted database is encrypted with that
database's key on the way in, so turning encryption on is never undone by a restore.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from branchdesk.db import cipher, files
from branchdesk.db.backup import (
    PARTIAL_SUFFIX,
    BackupError,
    BackupInfo,
    check_connection,
    check_file,
    copy_checked,
    discard_partial,
    explain_os_error,
    fsync_file,
    fsync_folder,
    make_backup,
    read_revisions,
)
from branchdesk.db.files import ERRORS as DB_ERRORS

SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class RestoreResult:
    database: Path
    restored_from: Path
    safety_backup: BackupInfo | None  # the backup of the database as it was, made first
    moved_aside: Path | None  # the damaged database, renamed, when it could not be backed up


def move_aside(database: Path, label: str = "damaged") -> Path:
    """Rename a database (and its -wal/-shm/-journal) to `<name>.<label>-<stamp>`; never delete it."""
    database = Path(database)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = database.with_name(f"{database.name}.{label}-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = database.with_name(f"{database.name}.{label}-{stamp}-{counter}")
    os.replace(database, target)
    for extra in (*SIDE_FILES, cipher.KEY_SUFFIX):  # an encrypted one keeps its key file beside it
        side = database.with_name(database.name + extra)
        if side.exists():
            os.replace(side, target.with_name(target.name + extra))
    fsync_folder(database.parent)
    return target


def damaged_siblings(database: Path) -> list[Path]:
    """Files an earlier open renamed aside because they were damaged, newest first."""
    database = Path(database)
    if not database.parent.is_dir():
        return []
    found = [p for p in database.parent.glob(f"{database.name}.damaged-*")
             if not p.name.endswith((*SIDE_FILES, cipher.KEY_SUFFIX))]
    return sorted(found, key=lambda p: p.name, reverse=True)


def leave_wal_mode(database: Path) -> None:
    """Fold the WAL into the main file and switch to a rollback journal, so the file stands alone.

    Switching fails while another connection has the database open: that is our 'in use' test."""
    connection = files.open_file(database, timeout=2)
    try:
        mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except DB_ERRORS as exc:
        raise BackupError("数据库正被另一个 BranchDesk 窗口或程序使用，请先关闭它再恢复") from exc
    finally:
        connection.close()
    if str(mode).lower() != "delete":
        raise BackupError("数据库正被另一个 BranchDesk 窗口或程序使用，请先关闭它再恢复")


def _current_encryption(database: Path) -> tuple[bytes, cipher.KeyFile] | None:
    """The key and key file of the database being replaced, when it is encrypted (and unlocked)."""
    if not cipher.is_encrypted(database):
        return None
    try:
        return cipher.key_for(database), cipher.read_key_file(database)
    except cipher.KeyRequired:
        return None  # locked, or its key file is gone: the restored copy is stored as the backup was


def _encrypted_copy(backup: Path, partial: Path, key: bytes) -> str:
    """Copy a plain backup into `partial` encrypted with `key`; the copy's integrity_check."""
    source = cipher.open_plain(backup)
    try:
        cipher.export(source, partial, key)
    finally:
        source.close()
    connection = cipher.connect(partial, key)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
        return check_connection(connection, full=True)
    finally:
        connection.close()


def check_backup(backup: Path, known_revisions: set[str] | None = None) -> None:
    """Raise BackupError unless `backup` is a whole database this BranchDesk can open."""
    backup = Path(backup)
    if not backup.is_file():
        raise BackupError(f"找不到备份文件“{backup}”")
    problem = check_file(backup, full=True)
    if problem != "ok":
        raise BackupError(f"备份文件“{backup.name}”不可用（{problem}），请选择另一个备份")
    if known_revisions is not None:
        connection = files.open_file(backup, read_only=True)
        try:
            revisions = set(read_revisions(connection))
        finally:
            connection.close()
        if revisions - known_revisions:
            raise BackupError(f"备份“{backup.name}”来自更新版本的 BranchDesk，请先升级程序再恢复")


def restore_file(
    backup: Path,
    database: Path,
    *,
    folder: Path | None = None,
    known_revisions: set[str] | None = None,
    after_safety_backup: Callable[[], None] | None = None,
) -> RestoreResult:
    """Replace `database` by a copy of `backup` (see the module docstring for the order of work)."""
    backup, database = Path(backup).resolve(), Path(database).expanduser().resolve()
    check_backup(backup, known_revisions)
    if backup == database:
        raise BackupError("不能用数据库文件自身来恢复")
    safety: BackupInfo | None = None
    moved: Path | None = None
    if cipher.is_encrypted(database) and _current_encryption(database) is None:
        raise BackupError("数据库已加密，恢复前请先输入它的密码解锁（它会先被备份，不能在锁定时替换）")
    try:
        key = files.key_of(backup)
        sealed = cipher.read_key_file(backup) if key is not None else None
        keep = _current_encryption(database) if key is None else None
        if database.exists():
            healthy = files.is_database_file(database) and check_file(database, full=False) == "ok"
            if healthy:
                safety = make_backup(database, "before-restore", folder)
                if after_safety_backup:
                    after_safety_backup()
                leave_wal_mode(database)
            else:
                moved = move_aside(database)
        database.parent.mkdir(parents=True, exist_ok=True)
    except cipher.KeyRequired as exc:
        raise BackupError("数据库或备份已加密且未解锁，请先输入密码") from exc
    except OSError as exc:
        raise BackupError("恢复失败，数据库保持原样：" + explain_os_error(exc, database.parent)) from exc
    partial = database.with_name(database.name + PARTIAL_SUFFIX)
    try:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        if keep is not None:  # a plain backup into an encrypted database: it stays encrypted
            key, sealed = keep
            problem = _encrypted_copy(backup, partial, key)
        else:
            problem = copy_checked(files.open_file(backup, read_only=True, key=key), partial, key)
        if problem != "ok":
            raise BackupError(f"恢复的副本未通过完整性检查（{problem}），数据库保持原样")
        fsync_file(partial)
        if sealed is not None:  # the key file, pending until the file it fits is in place
            cipher.write_key_file(database, cipher.stamped(sealed, partial), pending=True)
        for extra in SIDE_FILES:  # only empty leftovers can remain after leave_wal_mode
            with contextlib.suppress(FileNotFoundError):
                database.with_name(database.name + extra).unlink()
        os.replace(partial, database)
        fsync_folder(database.parent)
        if key is not None:
            os.replace(cipher.pending_key_file(database), cipher.key_file(database))
        else:  # a plain file needs no key; a stale one would only confuse
            cipher.remove_key_files(database)
    except BackupError:
        discard_partial(partial)
        raise
    except (OSError, *DB_ERRORS) as exc:
        discard_partial(partial)
        raise BackupError("恢复失败，数据库保持原样：" + explain_os_error(exc, database.parent)) from exc
    return RestoreResult(database=database, restored_from=backup, safety_backup=safety, moved_aside=moved)
