"""The window is shown before its database is open (issue 18): the first paint needs nothing of the
database layer; the database is opened behind it, the page in view is built then, and the daily
backup runs in the background afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from branchdesk.db import backup as store
from branchdesk.db import backup_info
from branchdesk.services import session
from branchdesk.ui.context import AppContext
from branchdesk.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("message_boxes")

FIRST_PAINT = r"""
import sys
from PySide6.QtWidgets import QApplication
from branchdesk.app import make_application
from branchdesk.ui.context import AppContext
from branchdesk.ui.main_window import MainWindow
from branchdesk.ui.startup import DatabaseOpener
app = make_application()
context = AppContext(target=sys.argv[1])
window = MainWindow(context)
DatabaseOpener(window, context, sys.argv[1], lambda db: None)  # waits for the first paint
window.show()
window.repaint()
app.processEvents()
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_the_first_paint_needs_nothing_of_the_database_layer(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRANCHDESK_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT, str(tmp_path / "台账.sqlite")], env=env,
                         capture_output=True, text=True, encoding="utf-8", check=True, timeout=120).stdout
    loaded = set(out.split())
    assert "PySide6" in loaded
    assert not loaded & {"sqlalchemy", "alembic", "openpyxl", "reportlab", "cryptography", "sqlcipher3"}, loaded


def test_until_the_database_is_open_the_window_says_so_and_builds_no_page(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    context = AppContext(target=str(db.path))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    assert "正在打开数据库" in window.stack.currentWidget().text()
    assert str(db.path) in window.windowTitle() and window.page.__self__._pages == {}  # type: ignore[attr-defined]
    window.nav.setCurrentRow(1)  # a click meanwhile only moves the selection
    assert isinstance(window.stack.currentWidget(), QLabel)
    context.db = db
    window.database_ready()
    assert window.stack.currentWidget() is window.page("roster") and window.locker is not None
    context.pool.waitForDone()


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """run_app on the shared QApplication; its event loop runs until the daily backup is done."""
    from branchdesk import app as app_module
    from branchdesk.ui import main_window, startup

    windows: list[MainWindow] = []
    opened: list[object] = []

    class Window(MainWindow):
        def __init__(self, context: AppContext) -> None:
            super().__init__(context)
            windows.append(self)

    def run_until_settled(_app: object) -> int:
        loop = QEventLoop()
        poll = QTimer()
        poll.timeout.connect(lambda: loop.exit(0) if windows and windows[0].context.ready
                             and QApplication.instance() and windows[0].context.pool.activeThreadCount() == 0
                             else None)
        poll.start(50)
        QTimer.singleShot(60_000, lambda: loop.exit(99))
        return loop.exec()

    real_open = session.open

    def spy_open(target, **options):  # type: ignore[no-untyped-def]
        opened.append(options)
        return real_open(target, **options)

    monkeypatch.setattr(session, "open", spy_open)
    monkeypatch.setattr(startup, "quit_application", lambda code: None)
    monkeypatch.setattr(app_module, "make_application", lambda: QApplication.instance())
    monkeypatch.setattr(main_window, "MainWindow", Window)
    monkeypatch.setattr(QApplication, "exec", run_until_settled)
    yield app_module.run_app, windows, opened
    for window in windows:
        window.close()
        window.deleteLater()


def test_the_daily_backup_is_made_in_the_background_once_the_window_is_up(qtbot, tmp_path: Path, demo_file,  # type: ignore[no-untyped-def]
                                                                           started) -> None:
    import shutil

    run_app, windows, opened = started
    path = tmp_path / "学校 台账.sqlite"
    shutil.copyfile(demo_file(), path)
    opened.clear()  # the demo school may have been built just now
    folder = store.configured_folder(path)
    assert store.daily_backup_due(path, folder)
    assert run_app(str(path)) == 0
    assert opened == [{"daily_backup": False}]  # not while the window waits for the database
    assert len(windows) == 1 and windows[0].context.ready
    assert [p.name for p, _, _ in backup_info.backup_files(folder, path.stem) if "daily" in p.name]
    assert not store.daily_backup_due(path, folder)
