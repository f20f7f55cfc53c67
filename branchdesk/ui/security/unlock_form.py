"""The password form shared by the unlock prompt at start and the lock screen: a password page, and a
recovery page (recovery key + a new password twice) for a forgotten password or a lost key file.
A wrong password says 密码错误 in red under the field, clears it and keeps the focus there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services.storage import encryption
from branchdesk.services.storage.encryption import EncryptionFailed, WrongPasswordError
from branchdesk.ui.security.forms import (
    error_label,
    password_edit,
    plain_button,
    recovery_key_edit,
    run_guarded,
    show_error,
)
from branchdesk.ui.tasks import describe


class UnlockForm(QWidget):
    """Emits `unlocked` once the key of `path` is in this process (password or recovery key)."""

    unlocked = Signal()

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.busy = False
        self.forced_recovery = False
        self.pages = QStackedWidget()
        self.pages.addWidget(self._password_page())
        self.pages.addWidget(self._recovery_page())
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        layout.addWidget(self.error)
        self._show_page(0)

    # --- pages
    def _password_page(self) -> QWidget:
        page = QWidget()
        self.password = password_edit(self.tr("数据库密码"))
        self.password.returnPressed.connect(self.submit)
        self.unlock_button = plain_button(self.tr("解锁"))
        self.unlock_button.clicked.connect(self.submit)
        self.forgot_button = plain_button(self.tr("忘记密码？使用恢复密钥"))
        self.forgot_button.setFlat(True)
        self.forgot_button.setStyleSheet("color: #1a5fb4; text-decoration: underline;")
        self.forgot_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forgot_button.clicked.connect(lambda: self.show_recovery())
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("密码")))
        row.addWidget(self.password, 1)
        row.addWidget(self.unlock_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.forgot_button, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _recovery_page(self) -> QWidget:
        page = QWidget()
        self.recovery_intro = QLabel(self.tr(
            "请输入启用加密时抄下的恢复密钥（由党委封存），并设置一个新密码。大小写和短横线不影响。"))
        self.recovery_intro.setWordWrap(True)
        self.recovery_key = recovery_key_edit()
        self.new_password = password_edit(self.tr("至少 {0} 个字符").format(encryption.MIN_PASSWORD))
        self.confirm_password = password_edit(self.tr("再输入一次新密码"))
        for edit in (self.recovery_key, self.new_password, self.confirm_password):
            edit.returnPressed.connect(self.submit)
        form = QFormLayout()
        form.addRow(self.tr("恢复密钥"), self.recovery_key)
        form.addRow(self.tr("新密码"), self.new_password)
        form.addRow(self.tr("确认新密码"), self.confirm_password)
        self.recover_button = plain_button(self.tr("用恢复密钥打开"))
        self.recover_button.clicked.connect(self.submit)
        self.back_button = plain_button(self.tr("返回输入密码"))
        self.back_button.clicked.connect(self.show_password)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.recover_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.recovery_intro)
        layout.addLayout(form)
        layout.addLayout(row)
        return page

    # --- modes
    @property
    def in_recovery(self) -> bool:
        return self.pages.currentIndex() == 1

    def _show_page(self, index: int) -> None:
        """Only the current page counts for the size, so the short password page has no gap."""
        for i in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            self.pages.widget(i).setSizePolicy(policy, policy)
        self.pages.setCurrentIndex(index)
        self.pages.updateGeometry()

    def show_password(self) -> None:
        self._show_page(0)
        show_error(self.error, "")
        self.password.setFocus()

    def show_recovery(self, *, forced: bool = False) -> None:
        """`forced`: the key file is missing or damaged, so the password cannot help."""
        self.forced_recovery = forced
        self.back_button.setVisible(not forced)
        self._show_page(1)
        show_error(self.error, "")
        self.recovery_key.setFocus()

    def reset(self) -> None:
        """Empty every field (the lock screen shows a fresh form each time)."""
        for edit in (self.password, self.recovery_key, self.new_password, self.confirm_password):
            edit.clear()
        if self.forced_recovery:
            self.show_recovery(forced=True)
        else:
            self.show_password()

    # --- work
    def submit(self) -> None:
        if self.busy:
            return
        if self.in_recovery:
            key, new, confirm = self.recovery_key.text(), self.new_password.text(), self.confirm_password.text()
            if not key.strip():
                self._fail(EncryptionFailed(self.tr("请输入恢复密钥")))
                return
            self._run(lambda: encryption.recover(self.path, key, new, confirm), self.tr("正在核对恢复密钥……"))
        else:
            password = self.password.text()
            if not password:
                self._fail(EncryptionFailed(self.tr("请输入密码")))
                return
            self._run(lambda: encryption.unlock(self.path, password), self.tr("正在验证密码……"))

    def _run(self, work: Any, label: str) -> None:
        self._set_busy(True)
        show_error(self.error, "")
        run_guarded(self, work, self._done, self._fail, label=label)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.pages.setEnabled(not busy)
        if busy:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            QGuiApplication.restoreOverrideCursor()

    def _done(self, _result: object) -> None:
        self._set_busy(False)
        for edit in (self.password, self.recovery_key, self.new_password, self.confirm_password):
            edit.clear()
        self.unlocked.emit()

    def _fail(self, error: Exception) -> None:
        if self.busy:
            self._set_busy(False)
        message = describe(error)
        show_error(self.error, message)
        if self.in_recovery:
            target = self.recovery_key if isinstance(error, WrongPasswordError) else self.new_password
            if target is self.new_password:
                self.new_password.clear()
                self.confirm_password.clear()
            target.setFocus()
            target.selectAll()
        else:
            self.password.clear()
            self.password.setFocus()
