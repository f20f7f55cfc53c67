"""TY-17: a save is in the database file itself a moment after it is made — a teacher who copies only
`台账.sqlite` to a USB drive while the window is open carried a file without the day's saves (they sat in
`台账.sqlite-wal`), and the copy opened on the other PC as if nothing were missing."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.pg_support import server_url
from tests.safety_helpers import add_branch, add_member

pytestmark = pytest.mark.skipif(bool(server_url()), reason="a SQLite file's write-ahead log")


def _names_in_a_copy_of_the_file_alone(db, folder: Path) -> list[str]:  # type: ignore[no-untyped-def]
    copy = folder / "U 盘" / "台账.sqlite"
    copy.parent.mkdir(exist_ok=True)
    shutil.copyfile(db.path, copy)  # the file alone, as Explorer copies what the user picked
    connection = sqlite3.connect(copy)
    try:
        return [row[0] for row in connection.execute("SELECT name FROM members ORDER BY id")]
    finally:
        connection.close()


def test_a_save_reaches_the_file_while_the_database_stays_open(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    add_member(db, branch, 1, name="周德明")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _names_in_a_copy_of_the_file_alone(db, tmp_path) != ["周德明"]:
        time.sleep(0.2)
    assert _names_in_a_copy_of_the_file_alone(db, tmp_path) == ["周德明"]


def test_closing_stops_the_folding_thread(db) -> None:  # type: ignore[no-untyped-def]
    add_branch(db)
    thread = db._folder._thread  # this database's own (other tests' open databases have theirs)
    assert isinstance(thread, threading.Thread) and thread.name == "branchdesk-wal-fold" and thread.is_alive()
    db.close()
    assert not thread.is_alive()


def test_locking_waits_for_a_fold_under_way(db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The idle lock empties the pool: a fold that had its connection out gives it back first (a keyed
    SQLCipher connection must not outlive the lock), and saves after the unlock are folded again."""
    from branchdesk.db import wal_fold

    started, release = threading.Event(), threading.Event()
    folded: list[bool] = []
    real = wal_fold.WalFolder._fold

    def slow_fold(self) -> None:  # type: ignore[no-untyped-def]
        started.set()
        release.wait(5)
        real(self)
        folded.append(True)

    monkeypatch.setattr(wal_fold.WalFolder, "_fold", slow_fold)
    add_branch(db)
    assert started.wait(10)
    locker = threading.Thread(target=db.lock)
    locker.start()
    locker.join(0.3)
    assert locker.is_alive()  # the lock waits for the fold under way
    release.set()
    locker.join(10)
    assert not locker.is_alive() and folded == [True]
    thread = db._folder._thread
    assert thread is None or not thread.is_alive()



def _org_names_in_a_copy_of_the_file_alone(db, folder: Path) -> list[str]:  # type: ignore[no-untyped-def]
    copy = folder / "U 盘" / "台账.sqlite"
    copy.parent.mkdir(exist_ok=True)
    shutil.copyfile(db.path, copy)
    connection = sqlite3.connect(copy)
    try:
        return [row[0] for row in connection.execute("SELECT name FROM organisations ORDER BY id")]
    finally:
        connection.close()


def test_a_write_on_the_session_s_connection_reaches_the_file_too(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Not every save goes through the ORM: the exchange writes its book-keeping with statements on
    the session's connection (a 上报 written: exchange_packages, the peer's numbers), and a copy of the
    file alone still said that 上报 was not written. Since a commit no longer folds the WAL after 1,000
    pages (db/engine.WAL_AUTOCHECKPOINT_PAGES) the background fold is the only one: every transaction
    that changed a row asks for it."""
    import sqlalchemy as sa

    branch = add_branch(db)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _org_names_in_a_copy_of_the_file_alone(db, tmp_path) == []:
        time.sleep(0.2)  # the first save, folded
    with db.session() as s:
        s.connection().execute(sa.text("UPDATE organisations SET name = '第九党支部' WHERE id = :id"), {"id": branch})
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _org_names_in_a_copy_of_the_file_alone(db, tmp_path) != ["第九党支部"]:
        time.sleep(0.2)
    assert _org_names_in_a_copy_of_the_file_alone(db, tmp_path) == ["第九党支部"]
