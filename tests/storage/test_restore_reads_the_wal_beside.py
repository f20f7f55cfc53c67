"""Review rev6: a plain database picked for a restore from a USB drive is read immutable only when nothing
is beside it (TS-7); with a -wal beside it, the records only in the -wal come back too, into a plain and
into an encrypted database. Pins what held when reviewed (no failing-before)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from branchdesk.services import session
from branchdesk.services.storage import backups


@pytest.mark.parametrize("encrypted_target", [False, True])
def test_a_restore_reads_the_records_in_the_wal_beside_the_file(empty_file: Path, tmp_path: Path, encrypted_target: bool) -> None:
    work = tmp_path / "work.sqlite"
    shutil.copy(empty_file, work)
    c = sqlite3.connect(work, isolation_level=None)
    c.execute("PRAGMA journal_mode=WAL")
    c.execute("PRAGMA wal_autocheckpoint=0")  # the new row stays in the -wal
    c.execute("INSERT INTO organisations (name, kind, sort_order, note) VALUES ('第九党支部', '党支部', 0, '')")
    usb = tmp_path / "U盘"
    usb.mkdir()
    shutil.copy(work, usb / "台账.sqlite")
    shutil.copy(str(work) + "-wal", usb / "台账.sqlite-wal")
    c.close()
    target = tmp_path / "pc" / "台账.sqlite"
    target.parent.mkdir()
    shutil.copy(empty_file, target)
    if encrypted_target:
        from branchdesk.db import cipher, encryption

        encryption.encrypt_file(target, "password123")
        cipher.unlock(target, "password123")
    backups.restore_backup(target, usb / "台账.sqlite")
    d = session.open(target)
    try:
        with d.engine.connect() as x:
            assert x.exec_driver_sql("SELECT count(*) FROM organisations WHERE name='第九党支部'").scalar() == 1
    finally:
        d.close()
