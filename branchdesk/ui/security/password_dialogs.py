"""The dialogs behind 启用加密 / 修改密码 / 关闭加密: a few password fields, one action run off the GUI
thread, and failures (密码错误, passwords that differ, too short) shown in red under the fields with the
dialog kept open. Esc cancels, Enter in any field submits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from branchdesk.services.storage import encryption
from branchdesk.services.storage.encryption import WrongPasswordError
from branchdesk.ui.security.forms import error_label, password_edit, plain_button, run_guarded, show_error
from branchdesk.ui.tasks import describe

CURRENT = "current"
NEW = "new"
CONFIRM = "confirm"



def tr(text: str) -> str:
    """QWidget.tr as a plain function (the same translation context), for texts outside a widget."""
    return QCoreApplication.translate("QWidget", text)


class PasswordDialog(QDialog):
    """`work(values)` gets the typed passwords by field name and runs on the pool; its result is kept
    in `outcome` and the dialog accepts. `prepare()` runs on the GUI thread just before (wait for
    background work)."""

    def __init__(self, title: str, intro: str, fields: list[tuple[str, str]], action: str,
                 work: Callable[[dict[str, str]], Any], *, warning: str = "",
                 prepare: Callable[[], None] | None = None, busy_label: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.work = work
        self.prepare = prepare
        self.busy_label = busy_label or self.tr("正在处理……")
        self.busy = False
        self.outcome: Any = None
        self.fields: dict[str, QLineEdit] = {}
        layout = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        if warning:
            self.warning = QLabel(warning)
            self.warning.setWordWrap(True)
            self.warning.setStyleSheet(
                "QLabel { color: #8a1c00; background: #fff1f0; border: 1px solid #ffa39e; padding: 8px; }")
            layout.addWidget(self.warning)
        form = QFormLayout()
        for name, label in fields:
            hint = self.tr("至少 {0} 个字符").format(encryption.MIN_PASSWORD) if name == NEW else ""
            edit = password_edit(hint)
            edit.returnPressed.connect(self.submit)
            form.addRow(label, edit)
            self.fields[name] = edit
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        self.action_button = plain_button(action)
        self.action_button.clicked.connect(self.submit)
        cancel = plain_button(self.tr("取消"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.action_button)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        next(iter(self.fields.values())).setFocus()

    def values(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.fields.items()}

    def submit(self) -> None:
        if self.busy:
            return
        values = self.values()
        empty = next((name for name, text in values.items() if not text), None)
        if empty is not None:
            self.fields[empty].setFocus()
            show_error(self.error, self.tr("请填写所有密码"))
            return
        if self.prepare is not None:
            self.prepare()
        self._set_busy(True)
        show_error(self.error, "")
        run_guarded(self, lambda: self.work(values), self._done, self._failed, label=self.busy_label)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for edit in self.fields.values():
            edit.setEnabled(not busy)
        self.action_button.setEnabled(not busy)

    def _done(self, outcome: Any) -> None:
        self._set_busy(False)
        self.outcome = outcome
        for edit in self.fields.values():
            edit.clear()
        self.accept()

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        show_error(self.error, describe(error))
        if isinstance(error, WrongPasswordError) and CURRENT in self.fields:
            target = self.fields[CURRENT]
            target.clear()
        else:
            for name in (NEW, CONFIRM):
                if name in self.fields:
                    self.fields[name].clear()
            target = self.fields.get(NEW) or next(iter(self.fields.values()))
        target.setFocus()

    def reject(self) -> None:
        if not self.busy:
            super().reject()


def enable_dialog(db: Any, prepare: Callable[[], None], parent: QWidget | None = None) -> PasswordDialog:
    return PasswordDialog(
        tr("启用加密"),
        tr("启用后，数据库文件和自动备份都用密码加密：没有密码，拿到文件的人也读不出党员信息。"
           "每次打开程序、以及无操作自动锁定后，都要输入密码。"),
        [(NEW, tr("密码")), (CONFIRM, tr("确认密码"))],
        tr("启用加密"),
        lambda v: encryption.enable(db, v[NEW], v[CONFIRM]),
        warning=tr("请务必记住密码。启用后会显示一个恢复密钥，请抄写后交党委封存。"
                   "密码和恢复密钥都丢失时，数据无法恢复，任何人（包括开发者）都无法找回。"),
        prepare=prepare, busy_label=tr("正在加密数据库和备份……"), parent=parent)


def change_dialog(db: Any, parent: QWidget | None = None) -> PasswordDialog:
    return PasswordDialog(
        tr("修改密码"),
        tr("数据本身不变，只换打开它的密码；恢复密钥仍然有效。已有自动备份的密码也一起更新。"),
        [(CURRENT, tr("原密码")), (NEW, tr("新密码")), (CONFIRM, tr("确认新密码"))],
        tr("修改密码"),
        lambda v: encryption.change_password(db, v[CURRENT], v[NEW], v[CONFIRM]),
        busy_label=tr("正在修改密码……"), parent=parent)


def disable_dialog(db: Any, prepare: Callable[[], None], parent: QWidget | None = None) -> PasswordDialog:
    return PasswordDialog(
        tr("关闭加密"),
        tr("关闭后，数据库文件不再加密：拿到文件的人可以读出全部党员信息。请输入当前密码确认。"),
        [(CURRENT, tr("当前密码"))],
        tr("关闭加密"),
        lambda v: encryption.disable(db, v[CURRENT]),
        prepare=prepare, busy_label=tr("正在解密数据库……"), parent=parent)


def new_key_dialog(db: Any, prepare: Callable[[], None], parent: QWidget | None = None) -> PasswordDialog:
    return PasswordDialog(
        tr("更换恢复密钥"),
        tr("将生成新的恢复密钥，原来的恢复密钥从此无效（例如保管人调离、恢复密钥遗失时使用）。数据库和自动备份会用"
           "新密钥重新加密，密码不变。请输入当前密码确认。"),
        [(CURRENT, tr("当前密码"))],
        tr("更换"),
        lambda v: encryption.new_recovery_key(db, v[CURRENT]),
        prepare=prepare, busy_label=tr("正在用新密钥重新加密……"), parent=parent)
