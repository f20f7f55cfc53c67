"""A copy of a SQLite database that can be trusted after a power cut (issue 8).

The copy is made with SQLite's online backup API (a consistent snapshot even while the window has the
database open in WAL mode) into `<name>.partial`, switched to a single-file journal mode, checked with
`integrity_check`, flushed to the disk with fsync and only then renamed to its final name; the folder
is fsynced too. A crash at any moment leaves either no file or a whole one under the final name.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from pathlib import Path

from branchdesk.db import cipher
from branchdesk.db import files as dbfiles
from branchdesk.db.file_checks import check_connection
from branchdesk.db.problems import explain_database_problem, explain_os_error

PARTIAL_SUFFIX = ".partial"


class BackupError(Exception):
    """A backup or restore could not be made; the message says why in plain Chinese."""


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to sync, and NTFS journals renames."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_checked(src: sqlite3.Connection, partial: Path, key: bytes | None = None) -> str:
    """Copy an open database (closed afterwards) into `partial` with the online backup API, leave
    the copy in rollback-journal mode (one self-contained file) and return its integrity_check.
    An encrypted source (`key`) gives a copy encrypted with the same key."""
    try:
        dst = dbfiles.new_file(partial, key)
        try:
            # The copy is a `.partial` file that only an fsync and a rename make a backup (copy_database):
            # a journal and syncs of its own would protect nothing, and cost eight syncs (issue 18 — on a
            # school PC's disk each is a pause of its own).
            dst.execute("PRAGMA synchronous = OFF")
            dst.execute("PRAGMA journal_mode = MEMORY")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
            return check_connection(dst, full=True)
        finally:
            dst.close()
    finally:
        src.close()


def copy_database(source: Path, target: Path) -> Path:
    """Consistent copy of `source` to `target`: partial file, check, fsync, rename, fsync folder.

    Raises BackupError (Chinese) on any failure; the target is then untouched and no partial remains.
    """
    source, target = Path(source), Path(target)
    if not dbfiles.is_database_file(source):
        raise BackupError(f"“{source.name}”不是 SQLite 数据库文件，无法备份")
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        key = dbfiles.key_of(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        problem = copy_checked(dbfiles.open_file(source, key=key), partial, key)
        if problem != "ok":
            raise BackupError(f"备份副本未通过完整性检查（{explain_database_problem(problem)}），原数据库可能已损坏，请运行“检查数据库”")
        fsync_file(partial)
        if key is not None:  # the copy opens with the same password: its own key file (pending until
            # the copy is in place, so an older file under this name keeps the key file that fits it)
            cipher.write_key_file(target, cipher.stamped(cipher.read_key_file(source), partial), pending=True)
        os.replace(partial, target)
        with contextlib.suppress(OSError):  # tidying up: cipher.read_key_file resolves a cut-short state
            fsync_folder(target.parent)
            if key is not None:
                os.replace(cipher.pending_key_file(target), cipher.key_file(target))
            else:
                cipher.remove_key_files(target)
    except BackupError:
        discard_partial(partial)
        raise
    except cipher.KeyRequired as exc:
        discard_partial(partial)
        raise BackupError("数据库已加密且已锁定，请先输入密码解锁再备份") from exc
    except (OSError, *dbfiles.errors()) as exc:
        discard_partial(partial)
        raise BackupError("备份失败：" + explain_os_error(exc, target.parent)) from exc
    except BaseException:
        discard_partial(partial)
        raise
    return target


def discard_partial(partial: Path) -> None:
    with contextlib.suppress(OSError):
        partial.unlink()
    for extra in ("-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            partial.with_name(partial.name + extra).unlink()
