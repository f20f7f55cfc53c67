"""Shared fixtures. Qt runs offscreen; every test gets a fresh migrated database in tmp_path."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user's data folder or Qt settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BRANCHDESK_HOME", str(home / "BranchDesk 数据"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Key files made in tests use a small Argon2id setting (a key file records its own, so opening
    works alike); the program's real setting is asserted in test_safety_cipher.py. Every test starts
    and ends with no unlocked key in the process."""
    from branchdesk.db import cipher

    monkeypatch.setattr(cipher, "MEMORY_KIB", 1024)
    monkeypatch.setattr(cipher, "ITERATIONS", 1)
    monkeypatch.setattr(cipher, "LANES", 1)
    cipher.lock()
    yield
    cipher.lock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "测试 数据库.sqlite"


@pytest.fixture
def db(db_path: Path):  # type: ignore[no-untyped-def]
    from branchdesk.services import session
    from tests.pg_support import fresh_database, server_url

    if server_url():  # BRANCHDESK_TEST_DATABASE_URL: a fresh PostgreSQL database per test (issue 9)
        with fresh_database(server_url()) as url:  # type: ignore[arg-type]
            database = session.open(url)
            yield database
            database.close()
        return
    database = session.open(db_path)
    yield database
    database.close()


@pytest.fixture
def demo_db(db):  # type: ignore[no-untyped-def]
    from branchdesk.services.demo import build_demo

    build_demo(db, today=date(2026, 11, 20))
    return db


@pytest.fixture(autouse=True)
def _no_background_work_left_behind():  # type: ignore[no-untyped-def]
    """A page's background task (checks, loading) must not run on into the next test and starve the
    shared thread pool: wait for it here."""
    yield
    import sys

    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone(60_000)
