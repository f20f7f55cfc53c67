"""Crash test (issue 8): workers writing records with their history, making backups and restoring
are SIGKILLed at random moments. After every kill: integrity_check ok, foreign_key_check empty, every
acknowledged record present with its history; a backup or restored file under its final name is the
old one whole or the new one whole. Figures are printed (run with -s to see them)."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from branchdesk.db.history_verify import verify_chain
from branchdesk.db.safe_copy import copy_database
from branchdesk.services import session
from tests.safety_helpers import add_branch, add_member
from tests.storage.crash_support import ForkServer, kill_worker, read_acks, timed, wait_for_first_ack

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the fork server needs POSIX")

WRITE_KILLS = 160
BACKUP_KILLS = 30
RESTORE_KILLS = 30


def _check_whole(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    return connection


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    fork_server = ForkServer(tmp_path_factory.mktemp("crash-home") / "BranchDesk 数据")
    yield fork_server
    fork_server.close()


def test_kill_while_writing(server: ForkServer, db, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    db.close()
    rng = random.Random(8)
    acknowledged: set[int] = set()
    busy = 0  # kills that hit a worker which had already committed (so it was mid-transaction or between)
    started = time.perf_counter()
    for kill in range(1, WRITE_KILLS + 1):
        ack = tmp_path / f"ack-{kill}.txt"
        pid = server.start("write", ack, db_path, branch)
        if kill % 4:  # three kills in four once writing is under way, one at any moment of the start
            wait_for_first_ack(ack)
            time.sleep(rng.uniform(0.0, 0.06))
        else:
            time.sleep(rng.uniform(0.0, 0.1))
        kill_worker(pid)
        acks = [int(x) for x in read_acks(ack)]
        busy += bool(acks)
        acknowledged.update(acks)
        connection = _check_whole(db_path)
        try:
            present = {r[0] for r in connection.execute("SELECT id FROM members")}
            assert acknowledged <= present, f"kill {kill}: lost {sorted(acknowledged - present)[:5]}"
            orphans = connection.execute(
                "SELECT id FROM members WHERE CAST(id AS TEXT) NOT IN "
                "(SELECT record_id FROM change_log WHERE table_name = 'members' AND action = 'insert')"
            ).fetchall()
            assert orphans == [], f"kill {kill}: records without history {orphans[:5]}"
        finally:
            connection.close()
        if kill % 20 == 0:
            engine = create_engine(f"sqlite:///{db_path}")
            with engine.connect() as sa_connection:
                rows, problems = verify_chain(sa_connection)
            engine.dispose()
            assert problems == [] and rows > 0
    elapsed = time.perf_counter() - started
    print(f"\ncrash test (writes): {WRITE_KILLS} kills ({busy} after the worker had committed), "
          f"{len(acknowledged)} acknowledged records, {elapsed:.1f} s")
    assert busy >= WRITE_KILLS // 2  # most kills landed while records were being written
    reopened = session.open(db_path)
    reopened.close()


def _database_with(path: Path, members: int, padding: int) -> None:
    database = session.open(path)
    branch = add_branch(database)
    for i in range(members):
        add_member(database, branch, i)
    with database.engine.begin() as connection:  # bulk pages so a copy takes a measurable time
        connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS padding (x BLOB)")
        for _ in range(padding):
            connection.exec_driver_sql("INSERT INTO padding VALUES (randomblob(4000))")
    database.close()


def _members(path: Path) -> int:
    connection = _check_whole(path)
    try:
        return connection.execute("SELECT count(*) FROM members").fetchone()[0]
    finally:
        connection.close()


def test_kill_during_backup_and_restore(server: ForkServer, tmp_path: Path) -> None:
    old_db, new_db = tmp_path / "旧.sqlite", tmp_path / "新.sqlite"
    _database_with(old_db, 3, 300)
    _database_with(new_db, 7, 450)
    old_copy = tmp_path / "old-copy.sqlite"
    copy_database(old_db, old_copy)
    target = tmp_path / "备份 目标.sqlite"
    rng = random.Random(88)
    started = time.perf_counter()

    shutil.copyfile(old_copy, target)
    duration = backup_duration = timed(server, tmp_path / "ack.txt", "backup", new_db, target)
    seen: set[int] = set()
    for kill in range(BACKUP_KILLS):
        shutil.copyfile(old_copy, target)
        ack = tmp_path / f"b-{kill}.txt"
        pid = server.start("backup", ack, new_db, target)
        time.sleep(rng.uniform(0.0, duration * 1.2))
        kill_worker(pid)
        seen.add(_members(target))
        assert _members(new_db) == 7
    assert seen <= {3, 7}

    live = tmp_path / "在用 数据库.sqlite"
    folder = tmp_path / "backups"
    shutil.copyfile(old_copy, live)
    duration = timed(server, tmp_path / "ack.txt", "restore", new_db, live, folder)
    print(f"\nbackup takes {backup_duration * 1000:.0f} ms, restore {duration * 1000:.0f} ms")
    assert _members(live) == 7
    restored: set[int] = set()
    checked: set[Path] = set()
    for kill in range(RESTORE_KILLS):
        for extra in ("", "-wal", "-shm", "-journal"):
            Path(f"{live}{extra}").unlink(missing_ok=True)
        shutil.copyfile(old_copy, live)
        ack = tmp_path / f"r-{kill}.txt"
        pid = server.start("restore", ack, new_db, live, folder)
        time.sleep(rng.uniform(0.0, duration * 1.2))
        kill_worker(pid)
        restored.add(_members(live))
        for safety in set(folder.glob("*.sqlite")) - checked:
            assert _members(safety) == 3  # a safety backup under its final name is always whole
            checked.add(safety)
    assert restored <= {3, 7}
    elapsed = time.perf_counter() - started
    print(f"\ncrash test (backup/restore): {BACKUP_KILLS} + {RESTORE_KILLS} kills, outcomes backup {sorted(seen)}, "
          f"restore {sorted(restored)}, {elapsed:.1f} s")


ENCRYPT_KILLS = 25
DECRYPT_KILLS = 25


def _members_either(path: Path, password: str) -> tuple[str, int]:
    """('plain' | 'encrypted', members) of a database that must be whole in one of the two forms,
    an encrypted one opening with its password through the key file that fits it."""
    from branchdesk.db import cipher

    if cipher.has_sqlite_header(path):
        return "plain", _members(path)
    assert cipher.is_encrypted(path), "an encrypted file the program would not recognise (no key file)"
    cipher.lock()
    key = cipher.unlock(path, password)
    connection = cipher.connect(path, key)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        return "encrypted", connection.execute("SELECT count(*) FROM members").fetchone()[0]
    finally:
        connection.close()
        cipher.lock()


def _reset(source: Path, target: Path, key_file: Path | None) -> None:
    from branchdesk.db import cipher

    for extra in ("", "-wal", "-shm", "-journal", ".key", ".key.next"):
        Path(f"{target}{extra}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    if key_file is not None:
        shutil.copyfile(key_file, cipher.key_file(target))


def test_kill_while_encrypting_or_decrypting(server: ForkServer, tmp_path: Path) -> None:
    """Turning encryption on or off replaces the file and its key file: after a kill at any moment the
    database is the plain one whole, or the encrypted one whole with a key file that opens it."""
    from branchdesk.db import cipher
    from branchdesk.db.encryption import encrypt_file

    password = "崩溃测试密码123"
    plain = tmp_path / "明文 原件.sqlite"
    _database_with(plain, 7, 400)
    encrypted = tmp_path / "加密 原件.sqlite"
    shutil.copyfile(plain, encrypted)
    encrypt_file(encrypted, password, backup_folder=tmp_path / "none")
    cipher.lock()
    live = tmp_path / "在用 台账.sqlite"
    rng = random.Random(808)
    started = time.perf_counter()
    outcomes: dict[str, set[str]] = {"encrypt": set(), "decrypt": set()}
    for mode, kills, source, key_file, args in (
        ("encrypt", ENCRYPT_KILLS, plain, None, (password, tmp_path / "bk")),
        ("decrypt", DECRYPT_KILLS, encrypted, cipher.key_file(encrypted), (password,)),
    ):
        _reset(source, live, key_file)
        duration = timed(server, tmp_path / "ack.txt", mode, live, *args)
        for kill in range(kills):
            _reset(source, live, key_file)
            pid = server.start(mode, tmp_path / f"{mode}-{kill}.txt", live, *args)
            time.sleep(rng.uniform(0.0, duration * 1.2))
            kill_worker(pid)
            form, members = _members_either(live, password)
            assert members == 7, f"{mode} kill {kill}: {form} database has {members} members"
            outcomes[mode].add(form)
    print(f"\ncrash test (encryption): {ENCRYPT_KILLS} + {DECRYPT_KILLS} kills, outcomes {outcomes}, "
          f"{time.perf_counter() - started:.1f} s")
