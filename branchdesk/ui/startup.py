"""Opening the database behind a window that is already shown (issue 18).

The window appears first — as fast as a bare Qt window, give or take a third — and the database is
opened once it has painted, on the thread pool: importing the database layer, checking the file and
reading its version table take longer than everything else before the first paint together. The
module of the page in view is imported on the same thread, so building it on the GUI thread
afterwards is quick. An encrypted database asks for its password, a damaged one offers its newest
good backup, both over the window; the daily backup runs in the background once the page is up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMessageBox

from branchdesk.ui.context import AppContext
from branchdesk.ui.navigation import AREAS
from branchdesk.ui.tasks import failure_box, run_quietly

if TYPE_CHECKING:
    from branchdesk.db.engine import Database
    from branchdesk.ui.main_window import MainWindow

EXIT_NOT_OPENED = 3  # the password was not given, or the database could not be opened


class FirstPaint(QObject):
    """Calls `then` once, after `window` has painted for the first time."""

    def __init__(self, window: MainWindow, then: Callable[[], object]) -> None:
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self._then)  # after this paint has reached the screen
        return False


def _open(target: str, page_row: int) -> Database:
    """On the pool: open the database (without the daily backup), then import the module of the
    page in view, so the GUI thread only builds it."""
    from branchdesk.services import session

    database = session.open(target, daily_backup=False)
    if 0 <= page_row < len(AREAS):
        AREAS[page_row].page()
    return database


class DatabaseOpener(QObject):
    """Opens `target` for `window` once it is shown; `opened(db)` runs on the GUI thread after."""

    def __init__(self, window: MainWindow, context: AppContext, target: str,
                 opened: Callable[[Database], object]) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.target = target
        self._opened = opened
        self._paint = FirstPaint(window, self.start)

    def start(self) -> None:
        row = self.window.nav.currentRow()
        run_quietly(self, lambda _progress, _cancelled: _open(self.target, row), self._done, self._failed,
                    pool=self.context.pool)

    def _done(self, database: Any) -> None:
        self.context.db = database
        self.window.database_ready()
        self._opened(database)
        run_quietly(_DailyBackup(self), lambda _progress, _cancelled: _daily_backup(database),
                    self._backed_up, self._backup_failed, pool=self.context.pool)

    def _failed(self, error: Exception) -> None:
        from branchdesk.db.migrate import DatabaseOpenError, EncryptedDatabaseError

        if isinstance(error, EncryptedDatabaseError):
            from branchdesk.ui.security.unlock_dialog import ask_unlock

            if ask_unlock(self.window, error):
                self.start()
                return
        elif isinstance(error, DatabaseOpenError):
            from branchdesk.ui.settings.open_failure import offer_restore

            if offer_restore(self.window, error):
                self.start()
                return
        else:
            failure_box(self.window, self.tr("无法打开数据库"), error, critical=True)
        self.window.close()
        quit_application(EXIT_NOT_OPENED)

    def _backed_up(self, notices: Any) -> None:
        if notices:
            QMessageBox.warning(self.window, self.tr("提醒"), "\n".join(notices))

    def _backup_failed(self, error: Exception) -> None:
        failure_box(self.window, self.tr("提醒"), error, self.tr("今天的自动备份没有成功：{0}"))


def quit_application(code: int) -> None:
    """Leave the event loop with `code` (run_app returns it)."""
    QApplication.exit(code)


class _DailyBackup(QObject):
    """The owner of the background backup task (run_quietly keeps one task per owner)."""


def _daily_backup(database: Database) -> list[str]:
    from branchdesk.services import session

    return session.daily_backup(database)
