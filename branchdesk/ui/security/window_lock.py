"""The idle lock of the main window (issue 8). When the database is encrypted and 自动锁定 is set,
the window locks after that many minutes without keyboard or mouse input: the key is forgotten and
the connections closed (`services.encryption.lock`), every page is hidden behind a lock screen, the
menus and shortcuts are switched off and other open windows are hidden, until the password (or the
recovery key) is entered again. Ctrl+L locks at once. The lock waits while a background task or a
modal dialog is running, so no work is cut off and no half-typed form is thrown away."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from branchdesk.services.storage import encryption
from branchdesk.ui import error_report
from branchdesk.ui.context import AppContext
from branchdesk.ui.security.encryption_panel import AREA
from branchdesk.ui.security.unlock_form import UnlockForm
from branchdesk.ui.widgets.pending import run_pending

CHECK_MS = 10_000  # how often idleness is checked; the lock comes at most this late
RETRY_MS = 500  # 立即锁定 while a background task finishes
INPUT_EVENTS = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
}


class LockScreen(QWidget):
    """What the window shows while locked: no data, only the way back in."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        title = QLabel(self.tr("支部台账已锁定"))
        title.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.form = UnlockForm(context.db.path, self)  # type: ignore[arg-type]  # only encrypted files lock
        box = QWidget()
        box.setMinimumWidth(560)
        box.setMaximumWidth(700)
        inner = QVBoxLayout(box)
        inner.addWidget(title)
        inner.addWidget(self.message)
        inner.addSpacing(8)
        inner.addWidget(self.form)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def prepare(self, reason: str) -> None:
        self.form.path = self.context.db.path  # type: ignore[assignment]  # a restore may have opened another file
        self.message.setText(reason + self.tr("请输入数据库密码继续使用。"))
        self.form.reset()


class LockCover(QLabel):
    """The opaque "已锁定" panel over a form left open: it follows the form, so a form made larger
    while locked (a window manager lets a user drag its edge, or it moves to a larger screen) shows
    nothing more of itself (trial R, TR-4: the phone and 转正日期 showed in the enlarged part), and a
    widget the form adds while locked comes up under it. Its watch ends with it (unlock)."""

    FOLLOW = (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.LayoutRequest)
    STAY_ON_TOP = (QEvent.Type.ChildAdded, QEvent.Type.ChildPolished)

    def __init__(self, text: str, dialog: QWidget) -> None:
        super().__init__(text, dialog)
        self.setObjectName("lockCover")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAutoFillBackground(True)
        self.dialog = dialog
        self._fit()
        dialog.installEventFilter(self)

    def _fit(self) -> None:
        self.setGeometry(self.dialog.rect())
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.dialog:
            if event.type() in self.FOLLOW:
                self._fit()
            elif event.type() in self.STAY_ON_TOP:
                self.raise_()
        return False


class WindowLock(QObject):
    """Installed on the main window by `install_window_lock`; reachable as `window.locker`."""

    locked_changed = Signal(bool)

    def __init__(self, window: QMainWindow, context: AppContext) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.locked = False
        self.minutes = 0
        self.last_input = time.monotonic()
        self._filtering = False
        self._hidden: list[QWidget] = []
        self._covers: list[QLabel] = []
        self.unlock_dialog: QDialog | None = None
        self._disabled: list[QAction] = []
        content = window.takeCentralWidget()
        assert content is not None  # the window is built before its lock
        self.content = content
        self.screen = LockScreen(context)
        self.screen.form.unlocked.connect(self.unlock)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.content)
        self.stack.addWidget(self.screen)
        window.setCentralWidget(self.stack)
        self.action = QAction(self.tr("立即锁定"), window)
        self.action.setShortcut(QKeySequence("Ctrl+L"))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.triggered.connect(self.lock_now)
        window.addAction(self.action)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check_idle)
        context.data_changed.connect(self._data_changed)
        self.reload()

    # --- settings
    def _data_changed(self, area: str) -> None:
        if area in (AREA, "*") and not self.locked:
            self.reload()

    def reload(self) -> None:
        """Read whether the database is encrypted and the idle minutes again (设置 changed them, or a
        restore opened another file); watch input only when the idle lock applies."""
        db = self.context.db
        encrypted = db.encrypted
        self.action.setEnabled(encrypted)  # Ctrl+L stays free for a page's own use on a plain database
        self.minutes = encryption.lock_minutes(db) if encrypted else 0
        active = self.minutes > 0
        app = QApplication.instance()
        if active and not self._filtering and app is not None:
            app.installEventFilter(self)
            self._filtering = True
        elif not active and self._filtering and app is not None:
            app.removeEventFilter(self)
            self._filtering = False
        self.last_input = time.monotonic()
        if active:
            self.timer.start()
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in INPUT_EVENTS:
            self.last_input = time.monotonic()
        return False

    # --- locking
    def busy(self) -> bool:
        """Background work still reading the database (its progress dialog shows no records). An open
        form or message box does not postpone the lock: it is covered instead (see `_cover_dialogs`),
        so what was typed is kept and nothing stays readable on an unattended screen."""
        return self.context.pool.activeThreadCount() > 0

    def idle_seconds(self, now: float | None = None) -> float:
        return (time.monotonic() if now is None else now) - self.last_input

    def check_idle(self, now: float | None = None) -> bool:
        """Lock when idle long enough and nothing is running; True when it locked."""
        if self.locked or self.minutes <= 0 or not self.context.db.encrypted:
            return False
        if self.idle_seconds(now) < self.minutes * 60 or self.busy():
            return False
        self._lock(self.tr("{0} 分钟无操作，窗口已自动锁定，以保护党员个人信息。").format(self.minutes))
        return True

    def lock_now(self) -> None:
        """立即锁定 (Ctrl+L, 设置 → 数据加密)."""
        if self.locked:
            return
        if not self.context.db.encrypted:
            self.window.statusBar().showMessage(
                self.tr("数据库未加密，不能锁定。请先在 设置 → 数据加密 中启用加密。"), 6000)
            return
        if self.context.pool.activeThreadCount() > 0:  # let the running task finish reading first
            self.window.statusBar().showMessage(self.tr("后台任务完成后立即锁定……"), RETRY_MS * 4)
            QTimer.singleShot(RETRY_MS, self.lock_now)
            return
        self._lock(self.tr("窗口已锁定。"))

    def _lock(self, reason: str) -> None:
        run_pending()  # a form's waiting sheet check or save needs the key: done before it goes (TR-9)
        self.locked = True
        self.timer.stop()
        popup = QApplication.activePopupWidget()
        if popup is not None:  # an open menu or list
            popup.close()
        for widget in QApplication.topLevelWidgets():  # other open windows (修改记录 …) show data too
            if (widget is not self.window and widget.isVisible() and not _is_modal(widget)
                    and widget.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)):
                widget.hide()
                self._hidden.append(widget)
        self._cover_dialogs(reason)
        self._disabled = [a for a in self.window.findChildren(QAction) if a.isEnabled()]
        for action in self._disabled:
            action.setEnabled(False)
        self.window.menuBar().setEnabled(False)
        self.screen.prepare(reason)
        self.stack.setCurrentWidget(self.screen)
        self.content.setEnabled(False)
        # last: a page that keeps what was typed as it hides (报表's 年度工作总结) still had the key
        encryption.lock(self.context.db)
        self.screen.form.password.setFocus()
        self.locked_changed.emit(True)

    def _cover_dialogs(self, reason: str) -> None:
        """A form or message box open when the lock comes stays open (hiding it would end it and
        lose what was typed) but is covered by an opaque panel; since it blocks the window, the
        password is then asked in a small dialog above it."""
        modal = [w for w in QApplication.topLevelWidgets() if w is not self.window and w.isVisible() and _is_modal(w)]
        for dialog in modal:
            cover = LockCover(self.tr("已锁定"), dialog)
            cover.show()
            self._covers.append(cover)
        if modal:
            self.unlock_dialog = QDialog(self.window)
            self.unlock_dialog.setWindowTitle(self.tr("支部台账已锁定"))
            self.unlock_dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            form = UnlockForm(self.context.db.path, self.unlock_dialog)  # type: ignore[arg-type]  # only files lock
            form.unlocked.connect(self.unlock)
            layout = QVBoxLayout(self.unlock_dialog)
            message = QLabel(reason + self.tr("请输入数据库密码继续使用。"))
            message.setWordWrap(True)
            layout.addWidget(message)
            layout.addWidget(form)
            self.unlock_dialog.rejected.connect(self._keep_unlock_dialog)  # Esc: the lock stays
            self.unlock_dialog.show()
            form.password.setFocus()

    def _keep_unlock_dialog(self) -> None:
        if self.locked and self.unlock_dialog is not None:
            self.unlock_dialog.show()

    def unlock(self) -> None:
        """The key is back in this process: show the pages again as they were, refreshed."""
        if not self.locked:
            return
        self.locked = False
        for cover in self._covers:
            cover.deleteLater()
        self._covers = []
        if self.unlock_dialog is not None:
            dialog, self.unlock_dialog = self.unlock_dialog, None
            dialog.hide()
            dialog.deleteLater()
        self.content.setEnabled(True)
        self.stack.setCurrentWidget(self.content)
        self.window.menuBar().setEnabled(True)
        for action in self._disabled:
            action.setEnabled(True)
        self._disabled = []
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self.last_input = time.monotonic()
        self.locked_changed.emit(False)
        self.context.data_changed.emit("*")  # reconnect and refresh the visible page; reload() runs too
        QTimer.singleShot(0, error_report.show_held)  # what could not finish while locked (TR-9)


def _is_modal(widget: QWidget) -> bool:
    return widget.isModal() or widget.windowModality() != Qt.WindowModality.NonModal


def install_window_lock(window: QMainWindow, context: AppContext) -> WindowLock:
    """Wrap the window's central widget so it can be covered by the lock screen; adds Ctrl+L."""
    locker = WindowLock(window, context)
    window.locker = locker  # type: ignore[attr-defined]  # 设置 → 数据加密 → 立即锁定 finds it here
    return locker
