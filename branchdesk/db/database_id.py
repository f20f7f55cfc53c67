"""A database's own number, so its backups are known as its own by more than their file name.

The backup folder is shared by every database of this PC and names backups by the database's file
name only. A backup made once the database has a change history is known by that history's chain
(db/anchor.py); a still-empty database has none, and its backup could only be told by the path its
sidecar names — which a moved data folder changes, and which another database of the same file name
on a USB drive does not name. So a new database is given a random number in SQLite's header field
`application_id` (no table, no change history, nothing a user entered): every copy of it — a backup,
a restored file, an encrypted one (cipher.export) — carries it, and another database never does
(NOTE12 "Left": another database's still-empty backup was encrypted under this database's key).
A database made before this has 0 there: its backups are told apart as before, and a numbered
database's backup is never taken for its own (`another_database`).
"""

from __future__ import annotations

import contextlib
import secrets
from pathlib import Path
from typing import Any

from branchdesk.db import cipher
from branchdesk.db import files as dbfiles

NONE = 0  # a database made before databases were numbered


def of_connection(connection: Any) -> int:
    """The number in an open database's header (0: none)."""
    return int(connection.execute("PRAGMA application_id").fetchone()[0])


def read(path: Path) -> int | None:
    """`path`'s number: 0 when it has none; None when it cannot be read (locked, damaged, missing)."""
    try:
        connection = dbfiles.open_file(Path(path), read_only=True)
    except (OSError, cipher.CipherError, *dbfiles.errors()):
        return None
    try:
        return of_connection(connection)
    except (cipher.CipherError, *dbfiles.errors()):
        return None
    finally:
        connection.close()


def new_number() -> int:
    """A random number in 1 … 2³¹−1 (SQLite's header field is a signed 32-bit integer)."""
    return secrets.randbelow(2**31 - 1) + 1


def write(connection: Any, number: int) -> None:
    """Put `number` in an open database's header (a new database; a restored copy, `db/restore.py`)."""
    connection.execute(f"PRAGMA application_id = {int(number)}")
    connection.commit()


def can_write(path: Path, timeout: float = 1.0) -> bool:
    """Can `path` be written now — no other program holding it for writing? Asked before an older
    database's numbering backs it up (db/migrate.py): while it cannot, each open made one more
    pinned backup and numbered nothing (review rev3 R3-2)."""
    with contextlib.suppress(OSError, cipher.CipherError, *dbfiles.errors()):
        connection = dbfiles.open_file(Path(path), timeout=timeout)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.rollback()
            return True
        finally:
            connection.close()
    return False


def assign(path: Path) -> int:
    """Give the database `path` its number (a random one in 1 … 2³¹−1): a new one, or one made before
    databases were numbered at its first open by this version (db/migrate.py, after its backup, as
    every schema change); 0 when it could not be written (its backups are then told apart as an older
    database's)."""
    number = new_number()
    with contextlib.suppress(OSError, cipher.CipherError, *dbfiles.errors()):
        connection = dbfiles.open_file(Path(path))
        try:
            write(connection, number)
        finally:
            connection.close()
        return number
    return NONE


def another_database(backup: int | None, database: int | None) -> bool:
    """Is a backup carrying the number `backup` known to be a copy of another database than the one
    whose number is `database` — whatever the paths its sidecar names? So when the backup is numbered
    and the database's number is read and is not the backup's: a 0 there too, the number of a database
    made before databases were numbered (every school's database of today), which a numbered database's
    backup is never a copy of. (An unnumbered database may be one restored from a backup older than the
    numbers, its numbered backups made before that restore: those name it, or hold its history, and
    are its own by that — the callers ask those first — and one that does neither holds no record.)
    A backup or a database whose number is not known (0 in a backup, None: unreadable) says nothing."""
    return bool(backup) and database is not None and backup != database
