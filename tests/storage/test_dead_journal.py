"""A rollback journal that SQLite will never play back, left beside a WAL database by a switch out of
WAL mode cut short (an encryption change or a restore killed at that moment), is removed at the next
open once it is old; a journal SQLite may still need, or one too young to judge, is never touched."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from branchdesk.db import leftovers
from branchdesk.db.migrate import open_database

PAGE = 4096


def _wal_database(path: Path) -> Path:
    open_database(path).close()
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()
    return path


def _journal(database: Path, *, header: bytes, age: float) -> Path:
    journal = database.with_name(database.name + "-journal")
    journal.write_bytes(header.ljust(512, b"\x00") + database.read_bytes()[:PAGE] + b"\x00" * 8)
    then = time.time() - age
    os.utime(journal, (then, then))
    return journal


def test_a_dead_journal_beside_a_wal_database_goes_at_the_next_open(tmp_path: Path) -> None:
    database = _wal_database(tmp_path / "支部 台账.sqlite")
    # as SQLite finishes a journal it keeps: magic and record count zeroed, the rest of the header left
    journal = _journal(database, header=bytes(12) + bytes.fromhex("2213bd6c000000ad0000020000001000"),
                       age=leftovers.STALE_KEY_SECONDS + 60)
    database_bytes = database.read_bytes()
    open_database(database, backup_folder=tmp_path / "备份", auto_backup=False).close()
    assert not journal.exists()
    assert database.read_bytes()[:100] == database_bytes[:100]


@pytest.mark.parametrize("why", ["hot", "young", "not wal"])
def test_any_other_journal_is_left_to_sqlite(tmp_path: Path, why: str) -> None:
    database = _wal_database(tmp_path / "台账.sqlite")
    if why == "not wal":
        connection = sqlite3.connect(database)
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.close()
    header = bytes.fromhex("d9d505f920a163d7") + b"\x00\x00\x00\x01" if why == "hot" else b""
    age = 5 if why == "young" else leftovers.STALE_KEY_SECONDS + 60
    journal = _journal(database, header=header, age=age)
    assert leftovers.sweep_beside(database) == []
    assert journal.exists()
