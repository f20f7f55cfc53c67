"""数据加密 in the window (issue 8), driven as a user would: 设置 → 数据加密 turns encryption on and shows
the recovery key once; the unlock prompt at start says 密码错误 and stays open; the recovery-key route
opens a database whose key file is gone; the idle lock and Ctrl+L hide every page until the password
is typed again. Message boxes are patched; Argon2id is cheap in tests (conftest)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from branchdesk.db import cipher
from branchdesk.db.migrate import EncryptedDatabaseError, KeyFileMissingError, open_database
from branchdesk.services.storage import encryption
from branchdesk.ui.context import AppContext
from branchdesk.ui.main_window import MainWindow
from branchdesk.ui.security.encryption_panel import CHANGE, ENABLE, EncryptionPanel
from branchdesk.ui.security.password_dialogs import PasswordDialog, change_dialog
from branchdesk.ui.security.recovery_key_dialog import RecoveryKeyDialog, key_lines
from branchdesk.ui.security.unlock_dialog import UnlockDialog
from tests.safety_helpers import add_branch, add_member
from tests.safety_helpers import count as plain_count

PASSWORD = "支部密码2026abc"
NEW_PASSWORD = "新的密码2027xyz"
WAIT_MS = 30_000


pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


@pytest.fixture
def context(db):  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    for i in range(2):
        add_member(db, branch, i, name=["王芳", "李明"][i])
    return AppContext(db)


@pytest.fixture
def locked_file(context, db_path: Path) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    """An encrypted database file, closed, its key forgotten: what the program finds at start."""
    outcome = encryption.enable(context.db, PASSWORD, PASSWORD)
    context.db.close()
    cipher.lock()
    return db_path.resolve(), outcome.recovery_key


def count(path: Path) -> int:
    """Members in the file, read with the key from this process when it is encrypted."""
    if not cipher.is_encrypted(path):
        return plain_count(path)
    connection = cipher.connect(path, cipher.key_for(path))
    try:
        return connection.execute("SELECT count(*) FROM members").fetchone()[0]
    finally:
        connection.close()


def open_error(path: Path) -> EncryptedDatabaseError:
    with pytest.raises(EncryptedDatabaseError) as info:
        open_database(path)
    return info.value


def type_and_enter(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setText(text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


# --- 设置 → 数据加密

def test_enable_from_the_panel_shows_the_recovery_key_once(qtbot, context, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    panel = EncryptionPanel(context)
    qtbot.addWidget(panel)
    assert "未加密" in panel.summary.text()
    assert panel.buttons[ENABLE].isEnabled() and not panel.buttons[CHANGE].isEnabled()
    attempts: list[str] = []

    def fill_enable(dialog: PasswordDialog) -> int:
        dialog.show()
        assert "无法恢复" in dialog.warning.text()  # the warning about losing password and recovery key
        dialog.fields["new"].setText(PASSWORD)
        dialog.fields["confirm"].setText(PASSWORD + "x")  # a typo first: the dialog stays open
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=WAIT_MS)
        attempts.append(dialog.error.text())
        assert dialog.result() == 0 and dialog.fields["confirm"].text() == ""
        dialog.fields["new"].setText(PASSWORD)
        dialog.fields["confirm"].setText(PASSWORD)
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=WAIT_MS)
        return dialog.result()

    keys: list[RecoveryKeyDialog] = []
    copied: list[str] = []

    def confirm_key(dialog: RecoveryKeyDialog) -> int:
        dialog.show()
        keys.append(dialog)
        assert not dialog.close_button.isEnabled()
        dialog.reject()  # Esc before confirming: refused
        assert "勾选" in dialog.hint.text() and dialog.result() == 0
        dialog.copy()
        copied.append(QGuiApplication.clipboard().text())
        dialog.confirm.setChecked(True)
        assert dialog.close_button.isEnabled()
        dialog.close_button.click()
        return dialog.result()

    monkeypatch.setattr(PasswordDialog, "exec", fill_enable)
    monkeypatch.setattr(RecoveryKeyDialog, "exec", confirm_key)
    panel.buttons[ENABLE].click()

    assert attempts == ["两次输入的新密码不一致"]
    assert cipher.is_encrypted(db_path)
    dialog = keys[0]
    assert dialog.key_label.text() == key_lines(dialog.recovery_key)
    assert len(dialog.recovery_key.replace("-", "")) == 56
    assert dialog.key_label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert copied == [dialog.recovery_key] and QGuiApplication.clipboard().text() == ""  # gone with the dialog
    assert "已加密" in panel.summary.text()
    assert panel.buttons[CHANGE].isEnabled() and not panel.buttons[ENABLE].isEnabled()
    assert count(db_path) == 2  # the data is all there, now readable only with the key


def test_recovery_key_dialog_tells_about_backups_and_saves_a_text_file(qtbot, tmp_path: Path, monkeypatch, message_boxes) -> None:  # type: ignore[no-untyped-def]
    key = "ABCD-" * 13 + "ABCD"
    dialog = RecoveryKeyDialog(key, 3, tmp_path / "db.sqlite")
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.key_label)))
    assert "3 个自动备份也已加密" in texts and "U 盘" in texts and "只显示这一次" in texts
    target = tmp_path / "恢复密钥.txt"
    from PySide6.QtWidgets import QFileDialog
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.save()
    assert any("不要把它留在这台电脑上" in m for m in message_boxes.kinds)  # warned before saving
    assert key in target.read_text(encoding="utf-8")


def test_wrong_old_password_in_change_dialog_says_so_and_stays_open(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    encryption.enable(context.db, PASSWORD, PASSWORD)
    dialog = change_dialog(context.db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["current"].setText("不是这个密码123")
    dialog.fields["new"].setText(NEW_PASSWORD)
    type_and_enter(qtbot, dialog.fields["confirm"], NEW_PASSWORD)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=WAIT_MS)
    assert "密码错误" in dialog.error.text()
    assert dialog.isVisible() and dialog.fields["current"].text() == ""
    dialog.fields["current"].setText(PASSWORD)
    type_and_enter(qtbot, dialog.fields["new"], NEW_PASSWORD)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=WAIT_MS)
    cipher.lock()
    encryption.unlock(context.db.path, NEW_PASSWORD)


def test_disable_and_lock_minutes_from_the_panel(qtbot, context, db_path: Path, monkeypatch, message_boxes) -> None:  # type: ignore[no-untyped-def]
    encryption.enable(context.db, PASSWORD, PASSWORD)
    panel = EncryptionPanel(context)
    qtbot.addWidget(panel)
    changes: list[str] = []
    context.data_changed.connect(changes.append)
    panel.minutes.setValue(25)
    assert encryption.lock_minutes(context.db) == 25 and changes == ["security"]
    panel.minutes.setValue(0)
    assert encryption.lock_minutes(context.db) == 0 and panel.minutes.text() == "不自动锁定"

    def fill_disable(dialog: PasswordDialog) -> int:
        dialog.show()
        dialog.fields["current"].setText(PASSWORD)
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=WAIT_MS)
        return dialog.result()

    monkeypatch.setattr(PasswordDialog, "exec", fill_disable)
    panel.disable()
    assert not cipher.is_encrypted(db_path) and count(db_path) == 2
    assert any("已不再加密" in m for m in message_boxes.kinds)
    assert "未加密" in panel.summary.text()


# --- the unlock prompt at start

def test_wrong_password_says_so_and_the_right_one_unlocks(qtbot, locked_file) -> None:  # type: ignore[no-untyped-def]
    path, _key = locked_file
    error = open_error(path)
    assert not error.needs_recovery
    dialog = UnlockDialog(error)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.form.in_recovery
    type_and_enter(qtbot, dialog.form.password, "错误的密码12345")
    qtbot.waitUntil(lambda: dialog.form.error.isVisible(), timeout=WAIT_MS)
    assert "密码错误" in dialog.form.error.text() and "损坏" not in dialog.form.error.text()
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.form.password.text() == "" and dialog.form.password.hasFocus()
    type_and_enter(qtbot, dialog.form.password, PASSWORD)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=WAIT_MS)
    database = open_database(path)
    try:
        assert database.encrypted and count(path) == 2
    finally:
        database.close()


def test_cancel_quits_without_touching_the_file(qtbot, locked_file) -> None:  # type: ignore[no-untyped-def]
    path, _key = locked_file
    before = path.read_bytes()
    dialog = UnlockDialog(open_error(path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    assert path.read_bytes() == before


def test_forgotten_password_route_with_the_recovery_key(qtbot, locked_file) -> None:  # type: ignore[no-untyped-def]
    path, key = locked_file
    dialog = UnlockDialog(open_error(path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.form.forgot_button, Qt.MouseButton.LeftButton)
    assert dialog.form.in_recovery and dialog.form.back_button.isVisible()
    dialog.form.recovery_key.setText(key.lower().replace("-", " "))
    dialog.form.new_password.setText(NEW_PASSWORD)
    type_and_enter(qtbot, dialog.form.confirm_password, NEW_PASSWORD)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=WAIT_MS)
    cipher.lock()
    encryption.unlock(path, NEW_PASSWORD)  # the new password now opens it
    assert count(path) == 2


def test_missing_key_file_opens_in_recovery_mode(qtbot, locked_file) -> None:  # type: ignore[no-untyped-def]
    path, key = locked_file
    cipher.key_file(path).unlink()
    error = open_error(path)
    assert isinstance(error, KeyFileMissingError) and error.needs_recovery
    dialog = UnlockDialog(error)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.form.in_recovery and not dialog.form.back_button.isVisible()
    assert "密钥文件" in dialog.message.text() and "取消" in dialog.message.text()
    bad = ("A" * 4 + "-") * 13 + "AAAA"
    dialog.form.recovery_key.setText(bad)
    dialog.form.new_password.setText(NEW_PASSWORD)
    type_and_enter(qtbot, dialog.form.confirm_password, NEW_PASSWORD)
    qtbot.waitUntil(lambda: dialog.form.error.isVisible(), timeout=WAIT_MS)
    assert "恢复密钥" in dialog.form.error.text() and dialog.isVisible()
    dialog.form.recovery_key.setText(key)
    dialog.form.new_password.setText(NEW_PASSWORD)
    type_and_enter(qtbot, dialog.form.confirm_password, NEW_PASSWORD)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=WAIT_MS)
    assert cipher.key_file(path).is_file()  # a new key file, wrapped with the new password
    database = open_database(path)
    database.close()


# --- the idle lock and Ctrl+L

@pytest.fixture
def window(qtbot, context):  # type: ignore[no-untyped-def]
    outcome = encryption.enable(context.db, PASSWORD, PASSWORD)
    encryption.set_lock_minutes(context.db, 5)
    win = MainWindow(context)
    win.recovery_key = outcome.recovery_key
    qtbot.addWidget(win)
    win.show()
    win.open_area("roster")
    context.pool.waitForDone()
    qtbot.wait(50)
    return win


def test_idle_lock_hides_the_data_and_the_password_restores_it(qtbot, window, context) -> None:  # type: ignore[no-untyped-def]
    locker = window.locker
    assert locker.minutes == 5 and locker.timer.isActive()
    assert not locker.check_idle()  # just used
    from PySide6.QtWidgets import QLabel
    other = QDialog(window)  # a non-modal window showing data (修改记录 …) is hidden too
    QLabel("王芳", other)
    other.show()
    assert not locker.check_idle(time.monotonic() + 4 * 60)
    assert locker.check_idle(time.monotonic() + 5 * 60 + 1)
    assert locker.locked and locker.stack.currentWidget() is locker.screen
    assert not window.splitter.isVisible() and not window.nav.isVisible()
    assert not window.menuBar().isEnabled() and not other.isVisible()
    assert not cipher.KEYRING  # the key is gone: nothing can be read
    with pytest.raises(cipher.KeyRequired):
        with context.db.session() as session:
            session.connection()
    assert "5 分钟无操作" in locker.screen.message.text()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # navigation is off
    assert window.nav.currentRow() == 1

    form = locker.screen.form
    type_and_enter(qtbot, form.password, "错误的密码12345")
    qtbot.waitUntil(lambda: form.error.isVisible(), timeout=WAIT_MS)
    assert "密码错误" in form.error.text() and locker.locked
    type_and_enter(qtbot, form.password, PASSWORD)
    qtbot.waitUntil(lambda: not locker.locked, timeout=WAIT_MS)
    assert window.splitter.isVisible() and window.menuBar().isEnabled() and other.isVisible()
    assert window.stack.currentWidget() is window.page("roster")
    assert form.password.text() == ""
    with context.db.session() as session:  # readable again
        session.connection()
    context.pool.waitForDone()
    assert locker.timer.isActive() and locker.idle_seconds() < 60


def test_lock_waits_for_background_work(qtbot, window, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    locker = window.locker
    monkeypatch.setattr(context.pool, "activeThreadCount", lambda: 1)
    assert not locker.check_idle(time.monotonic() + 3600)
    assert not locker.locked


def test_ctrl_l_locks_and_recovery_key_unlocks(qtbot, window, context) -> None:  # type: ignore[no-untyped-def]
    locker = window.locker
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert locker.locked and not window.splitter.isVisible()
    form = locker.screen.form
    qtbot.mouseClick(form.forgot_button, Qt.MouseButton.LeftButton)
    assert form.in_recovery
    form.recovery_key.setText("AAAA")
    form.new_password.setText(NEW_PASSWORD)
    type_and_enter(qtbot, form.confirm_password, NEW_PASSWORD)
    qtbot.waitUntil(lambda: form.error.isVisible(), timeout=WAIT_MS)
    assert "恢复密钥格式不对" in form.error.text() and locker.locked
    assert form.recovery_key.hasFocus()
    form.recovery_key.setText(window.recovery_key)
    form.new_password.setText(NEW_PASSWORD)
    type_and_enter(qtbot, form.confirm_password, NEW_PASSWORD)
    qtbot.waitUntil(lambda: not locker.locked, timeout=WAIT_MS)
    assert window.splitter.isVisible()
    context.pool.waitForDone()
    cipher.lock()
    encryption.unlock(context.db.path, NEW_PASSWORD)


def test_lock_settings_follow_the_panel(qtbot, window, context) -> None:  # type: ignore[no-untyped-def]
    locker = window.locker
    window.open_area("settings")
    settings = window.page("settings")
    panel = next(settings.tabs.widget(i) for i in range(settings.tabs.count())
                 if settings.tabs.tabText(i) == "数据加密")
    settings.tabs.setCurrentWidget(panel)
    context.pool.waitForDone()
    panel.minutes.setValue(0)
    assert locker.minutes == 0 and not locker.timer.isActive()
    assert not locker.check_idle(time.monotonic() + 10_000)
    panel.minutes.setValue(3)
    assert locker.minutes == 3 and locker.timer.isActive()
    panel.lock_now()  # 立即锁定 on the panel
    assert locker.locked
    window.close()  # closing while locked saves the layout and touches no data


def test_ctrl_l_on_an_unencrypted_database_only_explains(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.show()
    context.pool.waitForDone()
    assert not win.locker.action.isEnabled()  # Ctrl+L is not taken from the pages
    win.locker.lock_now()
    assert not win.locker.locked and "未加密" in win.statusBar().currentMessage()
    assert win.locker.minutes == 0 and not win.locker.timer.isActive()


# --- start-up (app.run_app): the window first, the password asked over it, 取消 quits

class _Window(MainWindow):
    opened: list[MainWindow] = []

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        _Window.opened.append(self)


@pytest.fixture
def start(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """run_app with the shared QApplication; its event loop runs until the database is open, or until
    the start gives up (with the code it would quit the application with: the shared one must go on)."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from branchdesk import app as app_module
    from branchdesk.ui import main_window, startup

    loop = QEventLoop()

    def run_until_open(_app: object) -> int:
        poll = QTimer()
        poll.timeout.connect(lambda: loop.exit(0) if any(w.context.ready for w in _Window.opened) else None)
        poll.start(20)
        QTimer.singleShot(60_000, lambda: loop.exit(99))
        return loop.exec()

    monkeypatch.setattr(startup, "quit_application", loop.exit)
    monkeypatch.setattr(app_module, "make_application", lambda: QApplication.instance())
    monkeypatch.setattr(main_window, "MainWindow", _Window)
    monkeypatch.setattr(QApplication, "exec", run_until_open)
    _Window.opened = []
    yield app_module.run_app
    for window in _Window.opened:
        window.close()
        window.deleteLater()


def test_start_asks_for_the_password_over_the_window_then_opens(qtbot, locked_file, start, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.security import unlock_dialog

    path, _key = locked_file
    asked: list[tuple[object, EncryptedDatabaseError]] = []

    def answer(parent, error):  # type: ignore[no-untyped-def]
        asked.append((parent, error))
        encryption.unlock(error.path, PASSWORD)
        return True

    monkeypatch.setattr(unlock_dialog, "ask_unlock", answer)
    assert start(str(path)) == 0
    assert len(_Window.opened) == 1
    window = _Window.opened[0]
    assert len(asked) == 1 and asked[0][1].path == path and asked[0][0] is window
    assert window.context.ready and window.context.db.encrypted and window.locker is not None


def test_start_cancelled_quits_and_leaves_the_file(qtbot, locked_file, start, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.security import unlock_dialog
    from branchdesk.ui.settings import open_failure

    path, _key = locked_file
    cipher.key_file(path).unlink()  # maybe the wrong file: cancelling must be possible
    before = path.read_bytes()
    restores: list[object] = []
    monkeypatch.setattr(unlock_dialog, "ask_unlock", lambda _p, error: isinstance(error, KeyFileMissingError) and False)
    monkeypatch.setattr(open_failure, "offer_restore", lambda *a: restores.append(a) or False)
    assert start(str(path)) == 3
    assert [w.context.ready for w in _Window.opened] == [False] and not _Window.opened[0].isVisible()
    assert restores == [] and path.read_bytes() == before


def test_enabling_in_settings_arms_the_idle_lock(qtbot, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.show()
    context.pool.waitForDone()
    assert not win.locker.timer.isActive()

    def fill(dialog: PasswordDialog) -> int:
        dialog.show()
        dialog.fields["new"].setText(PASSWORD)
        type_and_enter(qtbot, dialog.fields["confirm"], PASSWORD)
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=WAIT_MS)
        return dialog.result()

    monkeypatch.setattr(PasswordDialog, "exec", fill)
    monkeypatch.setattr(RecoveryKeyDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    win.open_area("settings")
    panel = next(w for w in win.findChildren(EncryptionPanel))
    panel.buttons[ENABLE].click()
    assert context.db.encrypted
    assert win.locker.action.isEnabled() and win.locker.timer.isActive()
    assert win.locker.minutes == encryption.DEFAULT_LOCK_MINUTES
    context.pool.waitForDone()


def test_keyboard_input_keeps_the_window_open(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    locker = window.locker
    locker.last_input -= 3600
    assert locker.idle_seconds() > 3000
    qtbot.keyClick(window.splitter, Qt.Key.Key_Shift)
    assert locker.idle_seconds() < 5
    assert not locker.check_idle()


def test_an_open_form_does_not_keep_the_window_unlocked(qtbot, window, context) -> None:  # type: ignore[no-untyped-def]
    """A form or message box left open is covered, not closed: what was typed is kept, nothing of
    it is readable, and the password is asked in a small dialog above it."""
    from PySide6.QtWidgets import QLabel, QLineEdit

    locker = window.locker
    form_dialog = QDialog(window)
    form_dialog.setModal(True)
    typed = QLineEdit("430102199001011234", form_dialog)
    form_dialog.resize(400, 200)
    form_dialog.show()
    qtbot.waitExposed(form_dialog)
    assert locker.check_idle(time.monotonic() + 5 * 60 + 1)
    assert locker.locked and form_dialog.isVisible()  # not closed: nothing typed is lost
    covers = form_dialog.findChildren(QLabel, "lockCover")
    assert covers and covers[0].isVisible() and covers[0].geometry().contains(typed.geometry())
    assert locker.unlock_dialog is not None and locker.unlock_dialog.isVisible()
    unlock_form = locker.unlock_dialog.findChild(type(locker.screen.form))
    type_and_enter(qtbot, unlock_form.password, PASSWORD)
    qtbot.waitUntil(lambda: not locker.locked, timeout=WAIT_MS)
    assert locker.unlock_dialog is None and typed.text() == "430102199001011234"
    qtbot.waitUntil(lambda: not form_dialog.findChildren(QLabel, "lockCover"), timeout=WAIT_MS)
    form_dialog.close()


def test_new_recovery_key_from_the_panel(qtbot, context, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.security.encryption_panel import NEW_KEY

    first = encryption.enable(context.db, PASSWORD, PASSWORD)
    panel = EncryptionPanel(context)
    qtbot.addWidget(panel)
    assert panel.buttons[NEW_KEY].isEnabled()

    def fill(dialog: PasswordDialog) -> int:
        dialog.show()
        assert "原来的恢复密钥从此无效" in dialog.windowTitle() + " ".join(
            label.text() for label in dialog.findChildren(type(panel.summary)))
        dialog.fields["current"].setText(PASSWORD)
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=WAIT_MS)
        return dialog.result()

    shown_keys: list[RecoveryKeyDialog] = []
    monkeypatch.setattr(PasswordDialog, "exec", fill)
    monkeypatch.setattr(RecoveryKeyDialog, "exec", lambda self: shown_keys.append(self) or QDialog.DialogCode.Accepted)
    panel.buttons[NEW_KEY].click()
    assert shown_keys and shown_keys[0].replaced and shown_keys[0].recovery_key != first.recovery_key
    assert cipher.is_encrypted(db_path) and count(db_path) == 2


def test_locking_on_the_reports_page_keeps_the_typed_summary(qtbot, window, context) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+L just after typing in the 年度工作总结: the page hides behind the lock screen after the key is
    forgotten, so its save on hiding must not reach for the database then (an error report used to pop
    up); what was typed is kept once the window is unlocked."""
    from tests.ui_typing import type_text

    window.open_area("reports")
    page = window.page("reports")
    qtbot.waitUntil(lambda: page.shown is not None, timeout=WAIT_MS)
    editor = page.editors["basic"]
    editor.setFocus()
    type_text(editor, "支部深入开展“五个一”行动。")
    typed = editor.toPlainText()
    window.context.pool.waitForDone()  # the page's own checks: the lock would wait for them
    window.locker.lock_now()
    assert window.locker.locked and not cipher.KEYRING
    form = window.locker.screen.form
    type_and_enter(qtbot, form.password, PASSWORD)
    qtbot.waitUntil(lambda: not window.locker.locked, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.shown is not None, timeout=WAIT_MS)  # filled again from the database
    assert editor.toPlainText() == typed
    from branchdesk.services.annual_report.summary_texts import kept_texts

    year, branch = page.shown
    assert kept_texts(context.db, year, branch)["basic"].text == typed.strip()
