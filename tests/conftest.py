"""Shared fixtures. Qt runs offscreen; every test gets a fresh migrated database in tmp_path.

- `db`: an empty migrated database (a Chinese file name with a space), or on PostgreSQL a fresh one.
  Creating and migrating a file takes about a second, so it is done once per run and each test gets
  its own copy of the file (opened as a new database is: no backup of the day yet).
- `demo_db`: the same, holding the demo school. Building the demo takes seconds, so it is built once
  per run (per demo day) and each test gets its own copy of the file; `demo_file(today)` gives the
  built file to tests that copy it themselves.
- `message_boxes`: records every QMessageBox instead of showing it, and answers questions.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Before any fixture runs: a module-scoped fixture or a process it starts (the crash tests' fork
# server) comes before the per-test _isolated_home, and must not reach the real data folder either.
# A fork server started with the real folder once left 1,400 backups there, slowing every later
# backup's listing of the folder.
_SESSION_HOME = tempfile.mkdtemp(prefix="branchdesk-tests-home-")
os.environ["BRANCHDESK_HOME"] = _SESSION_HOME
_SESSION_PID = os.getpid()


@atexit.register
def _remove_session_home() -> None:
    """The folder goes with the test run (a forked child's exit leaves it to the run): hundreds of
    runs had left hundreds in the temp folder, which every database open lists (db/leftovers.py)."""
    if os.getpid() == _SESSION_PID:
        shutil.rmtree(_SESSION_HOME, ignore_errors=True)


os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

DEMO_TODAY = date(2026, 11, 20)  # the demo's "today" unless a test asks for another day


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user's data folder or Qt settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BRANCHDESK_HOME", str(home / "BranchDesk 数据"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Key files made in tests use a small Argon2id setting (a key file records its own, so opening
    works alike); the program's real setting is asserted in storage/test_safety_cipher.py. Every test
    starts and ends with no unlocked key in the process."""
    from branchdesk.db import cipher

    monkeypatch.setattr(cipher, "MEMORY_KIB", 1024)
    monkeypatch.setattr(cipher, "ITERATIONS", 1)
    monkeypatch.setattr(cipher, "LANES", 1)
    cipher.lock()
    yield
    cipher.lock()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """`demo_file(today=DEMO_TODAY)`: the demo school's database file, built on first use in this run
    and closed (checkpointed to one file). Copy it before opening: tests must not share a database."""
    built: dict[date, Path] = {}

    def demo(today: date = DEMO_TODAY) -> Path:
        if today not in built:
            from branchdesk.services import session
            from branchdesk.services.demo import build_demo

            path = tmp_path_factory.mktemp("demo") / f"演示 {today:%Y%m%d}.sqlite"
            database = session.open(path)
            try:
                build_demo(database, today=today)
            finally:
                database.close()
            built[today] = path
        return built[today]

    return demo


@pytest.fixture(scope="session")
def empty_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new migrated database file, built once per run and closed: copy it, never open it."""
    from branchdesk.services import session

    path = tmp_path_factory.mktemp("empty") / "空 数据库.sqlite"
    session.open(path).close()
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "测试 数据库.sqlite"


@pytest.fixture
def db(db_path: Path, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    from branchdesk.services import session
    from tests.pg_support import fresh_database, server_url

    if server_url():  # BRANCHDESK_TEST_DATABASE_URL: a fresh PostgreSQL database per test (issue 9)
        with fresh_database(server_url()) as url:  # type: ignore[arg-type]
            database = session.open(url)
            yield database
            database.close()
        return
    from branchdesk.db.migrate import open_database

    if "demo_db" in request.fixturenames:  # the same database, holding a copy of the demo school
        shutil.copyfile(request.getfixturevalue("demo_file")(), db_path)
    else:
        shutil.copyfile(request.getfixturevalue("empty_file"), db_path)
    database = open_database(db_path, auto_backup=False)  # as a new one opens: no backup of the day yet
    yield database
    database.close()


@pytest.fixture
def demo_db(db):  # type: ignore[no-untyped-def]
    from tests.pg_support import server_url

    if server_url():  # a server database cannot be copied as a file: build it
        from branchdesk.services.demo import build_demo

        build_demo(db, today=DEMO_TODAY)
    return db


@dataclass
class MessageBoxes:
    """What the message boxes of a test said, in order. Nothing is shown: a box would block."""

    texts: list[str] = field(default_factory=list)  # each information / warning / critical box
    kinds: list[str] = field(default_factory=list)  # the same as "warning:text"
    questions: list[str] = field(default_factory=list)  # each question asked
    details: list[str] = field(default_factory=list)  # each box's 显示详情 text, beside texts ("" for none)
    answer: Any = None  # the button every question gets (是 unless a test sets another)


@pytest.fixture
def keyboard() -> Iterator[Any]:
    """The application-wide keyboard filter (app.py installs it for every window: a form opens in its first
    field, Tab leaves lists, Enter stays with the form's own button), taken out again after the test."""
    from PySide6.QtWidgets import QApplication

    from branchdesk.ui.widgets.keyboard import KeyboardFilter

    app = QApplication.instance()
    assert app is not None
    keys = KeyboardFilter()
    app.installEventFilter(keys)
    yield keys
    app.removeEventFilter(keys)


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> Iterator[MessageBoxes]:
    from PySide6.QtWidgets import QMessageBox

    boxes = MessageBoxes(answer=QMessageBox.StandardButton.Yes)

    def shown(kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def record(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
            boxes.texts.append(str(args[2]))
            boxes.kinds.append(f"{kind}:{args[2]}")
            boxes.details.append("")
            return QMessageBox.StandardButton.Ok

        return record

    def question(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
        boxes.questions.append(str(args[2]))
        return boxes.answer  # type: ignore[no-any-return]

    def executed(box: QMessageBox) -> int:  # a box built and shown with exec (ui.error_report.error_box)
        kind = {QMessageBox.Icon.Critical: "critical", QMessageBox.Icon.Information: "information"}.get(
            box.icon(), "warning")
        boxes.texts.append(box.text())
        boxes.kinds.append(f"{kind}:{box.text()}")
        boxes.details.append(box.detailedText())
        return int(QMessageBox.StandardButton.Ok.value)

    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, shown(kind))
    monkeypatch.setattr(QMessageBox, "exec", executed)
    monkeypatch.setattr(QMessageBox, "question", question)
    yield boxes


@pytest.fixture(autouse=True)
def _no_background_work_left_behind():  # type: ignore[no-untyped-def]
    """A page's background task (checks, loading) must not run on into the next test and starve the
    shared thread pool: wait for it here."""
    yield
    import sys

    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone(60_000)
