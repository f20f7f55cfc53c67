"""Whose backup is it (issue 21): the backup folder is shared by every database of this PC and names
backups by the database's file name only, so each database's daily backup, list, restore offer,
rotation and encryption take only its own backups — known by the file they were made of (the
sidecar's `source`) or by the chain of the change history they hold (db/anchor.py)."""

from __future__ import annotations

import os
import platform
from datetime import datetime
from pathlib import Path

from branchdesk.db import cipher, database_id
from branchdesk.db import files as dbfiles
from branchdesk.db.backup_info import BackupInfo, backup_files, read_info


def database_key(database: Path) -> str:
    """A database file as a backup's sidecar names it: this computer's name and the file's full path,
    in the system's spelling (Windows compares paths without case). The computer's name, because a
    backup folder on a USB drive may serve two PCs whose databases have the same path
    (C:\\Users\\Administrator\\AppData\\… on both)."""
    return f"{platform.node()}|{os.path.normcase(str(Path(database).resolve()))}"


def chain_of(database: Path) -> str | None:
    """The chain of `database`'s change history (db/anchor.py): the backups and restored copies made
    from it share it, another database never does. None when it cannot be read (locked, damaged,
    no history yet)."""
    from branchdesk.db import anchor

    try:
        connection = dbfiles.open_file(database, read_only=True)
    except (cipher.CipherError, OSError, *dbfiles.errors()):
        return None
    try:
        return anchor.first_hash(connection)
    finally:
        connection.close()


def belongs(info: BackupInfo, source: str, chain: str | None, *, strict: bool = False, number: int | None = None) -> bool:
    """Is the backup `info` one of the database `source` (`database_key`) whose history is `chain`?

    The folder is shared by every database of this PC and names backups by the file name only, so
    the committee's branchdesk.sqlite and a branch's branchdesk.sqlite opened from a USB drive both
    write `branchdesk-….sqlite`. A backup is this database's when it was made of this file, or
    holds this database's chain (the file was moved, or is a restored copy). One whose sidecar
    names another file and holds another chain (or none) is the other database's. A backup that
    says neither (made by an older version, its sidecar lost) and has no chain to compare counts as
    this one's unless `strict` (is today's backup made? — only a backup known to be this one's).

    `number`: the database's own (db/database_id.py). A backup carrying another number is another
    database's, wherever it was made — a numbered backup is not an unnumbered (older) database's
    either; one carrying this number is this one's though its sidecar names another path (the data
    folder moved) — a still-empty database's backup has no chain to be known by."""
    if info.source and info.source == source:
        return True
    if chain is not None and info.chain == chain:
        return True
    if database_id.another_database(info.database_id, number):
        return False
    if number and info.database_id == number:
        return True
    if info.source or strict:
        return False
    return info.chain is None or chain is None


def own_backups(database: Path, folder: Path, *, strict: bool = False) -> list[tuple[Path, datetime, str]]:
    """`backup_files` of `database`'s file name that are its own (`belongs`), newest first. One that
    cannot be read (locked, damaged) is kept unless `strict`: it is listed as unusable, never hidden."""
    return own_backups_of_chain(database, folder, chain_of(database), strict=strict)


def own_backups_of_chain(database: Path, folder: Path, chain: str | None, *,
                 strict: bool) -> list[tuple[Path, datetime, str]]:
    source = database_key(database)
    number = database_id.read(database)
    found = []
    for entry in backup_files(folder, Path(database).stem):
        try:
            mine = belongs(read_info(entry[0]), source, chain, strict=strict, number=number)
        except (OSError, cipher.CipherError, *dbfiles.errors()):
            mine = not strict
        if mine:
            found.append(entry)
    return found
