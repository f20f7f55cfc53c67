"""The password prompt before an encrypted database is opened at start (`app.run_app`). 取消 quits
the program; the database file is never changed by asking. A missing or damaged key file opens the
prompt on the recovery-key page, and a file without a key file may simply be the wrong file, so
cancelling stays the obvious way out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from branchdesk.db.migrate import EncryptedDatabaseError
from branchdesk.ui.security.forms import plain_button
from branchdesk.ui.security.unlock_form import UnlockForm


class UnlockDialog(QDialog):
    def __init__(self, error: EncryptedDatabaseError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(error.path)
        self.setWindowTitle(self.tr("解锁数据库 — 支部台账"))
        maybe_other = getattr(error, "maybe_not_database", False)
        title = QLabel(self.tr("无法直接打开这个文件") if maybe_other else self.tr("数据库已加密"))
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.message = QLabel()
        self.message.setWordWrap(True)
        file_label = QLabel(self.tr("数据库文件：{0}").format(self.path))
        file_label.setWordWrap(True)
        file_label.setStyleSheet("color: #555;")
        self.form = UnlockForm(self.path, self)
        self.form.unlocked.connect(self.accept)
        cancel = plain_button(self.tr("取消"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.message)
        layout.addWidget(file_label)
        layout.addSpacing(6)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        if error.needs_recovery:
            self.message.setText(self._recovery_text(error))
            self.form.show_recovery(forced=True)
        else:
            self.message.setText(self.tr("请输入数据库密码。没有密码，这台电脑上的党员信息无法读取。"))
            self.form.show_password()
        self.setMinimumWidth(600)

    def _recovery_text(self, error: EncryptedDatabaseError) -> str:
        text = str(error)
        if getattr(error, "maybe_not_database", False):
            text += self.tr("\n\n如果选错了文件，请点“取消”。")
        else:
            text += self.tr("\n\n密钥文件不可用时，密码无法打开数据库，只能用恢复密钥。")
        return text

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        (self.form.recovery_key if self.form.in_recovery else self.form.password).setFocus()

    def reject(self) -> None:
        if not self.form.busy:  # a password check in progress finishes first
            super().reject()


def ask_unlock(parent: QWidget | None, error: EncryptedDatabaseError) -> bool:
    """True once the database's key is unlocked (open it again); False when the user cancelled."""
    return UnlockDialog(error, parent).exec() == QDialog.DialogCode.Accepted
