"""设置 → 数据加密 (issue 8): whether the database is encrypted, 启用加密 (then the recovery key, once),
修改密码, 关闭加密, 立即锁定, and the idle minutes before the window locks itself. Turning encryption on
or off replaces the database file, so background work is waited for first; afterwards the window's
idle lock is told through `data_changed("security")`."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services.storage import encryption
from branchdesk.services.storage.encryption import EnableOutcome, EncryptionFailed, EncryptionStatus
from branchdesk.ui.context import AppContext
from branchdesk.ui.security.password_dialogs import (
    change_dialog,
    disable_dialog,
    enable_dialog,
    new_key_dialog,
)
from branchdesk.ui.security.recovery_key_dialog import RecoveryKeyDialog
from branchdesk.ui.widgets.button_row import add_buttons

AREA = "security"  # the data_changed key the idle lock listens to
ENABLE, CHANGE, NEW_KEY, DISABLE, LOCK = "启用加密…", "修改密码…", "更换恢复密钥…", "关闭加密…", "立即锁定"


class EncryptionPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.state: EncryptionStatus | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 15px;")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setStyleSheet("color: #555;")
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        add_buttons(row, [
            (self.tr(ENABLE), self.enable, None),
            (self.tr(CHANGE), self.change_password, None),
            (self.tr(NEW_KEY), self.new_recovery_key, None),
            (self.tr(DISABLE), self.disable, None),
            (self.tr(LOCK), self.lock_now, None),
        ], self.buttons)
        self.buttons[self.tr(LOCK)].setToolTip("Ctrl+L")

        self.minutes = QSpinBox()
        self.minutes.setRange(0, 240)
        self.minutes.setSuffix(self.tr(" 分钟"))
        self.minutes.setSpecialValueText(self.tr("不自动锁定"))
        self.minutes.setKeyboardTracking(False)  # save once the number is complete, not per keystroke
        self.minutes.setMinimumWidth(130)
        self.minutes.valueChanged.connect(self.save_minutes)
        self.minutes_note = QLabel()
        self.minutes_note.setWordWrap(True)
        self.minutes_note.setStyleSheet("color: #555;")
        lock_row = QHBoxLayout()
        lock_row.addWidget(QLabel(self.tr("无操作")))
        lock_row.addWidget(self.minutes)
        lock_row.addWidget(QLabel(self.tr("后自动锁定窗口（0 = 不自动锁定）")))
        lock_row.addStretch(1)
        lock_box = QGroupBox(self.tr("自动锁定"))
        lock_layout = QVBoxLayout(lock_box)
        lock_layout.addLayout(lock_row)
        lock_layout.addWidget(self.minutes_note)

        about = QLabel(self.tr(
            "加密保护的是数据本身，而不只是窗口：数据库文件和自动备份用 SQLCipher（AES-256）加密，密钥由密码经 "
            "Argon2id 派生。电脑丢失、文件被复制走时，没有密码或恢复密钥都读不出内容。导出的 Excel、PDF 不在加密范围内。"))
        about.setWordWrap(True)
        about.setStyleSheet("color: #555;")
        status_box = QGroupBox(self.tr("加密状态"))
        status_layout = QVBoxLayout(status_box)
        status_layout.addWidget(self.summary)
        status_layout.addWidget(self.details)
        status_layout.addLayout(row)
        layout = QVBoxLayout(self)
        layout.addWidget(status_box)
        layout.addWidget(lock_box)
        layout.addWidget(about)
        layout.addStretch(1)
        self.refresh()

    # --- data
    def refresh(self) -> None:
        try:
            self.state = encryption.status(self.context.db)
        except Exception as exc:  # noqa: BLE001 - a locked or closed database: say so, keep the panel
            self.summary.setText(str(exc))
            return
        state = self.state
        self.summary.setText(state.summary)
        self.summary.setStyleSheet("font-size: 15px; color: %s;" % ("#1b5e20" if state.encrypted else "#8a1c00"))
        self.details.setText(self.tr("密钥文件：{0}（与数据库放在一起；复制数据库时要一起复制）").format(state.key_file)
                             if state.key_file else "")
        self.details.setVisible(bool(state.key_file))
        self.buttons[self.tr(ENABLE)].setEnabled(state.possible and not state.encrypted)
        for name in (CHANGE, NEW_KEY, DISABLE, LOCK):
            self.buttons[self.tr(name)].setEnabled(state.encrypted)
        self.minutes.blockSignals(True)
        self.minutes.setValue(state.lock_minutes)
        self.minutes.blockSignals(False)
        self.minutes.setEnabled(state.possible)
        self.minutes_note.setText(
            self.tr("只在数据库加密后生效。") if not state.encrypted else
            self.tr("后台任务（导入、备份等）进行时不会锁定。锁定后需输入密码才能继续使用。"))

    def _changed(self) -> None:
        self.context.data_changed.emit(AREA)
        self.refresh()

    # --- actions
    def _wait_for_background(self) -> None:
        """Encryption replaces the file: no page may still be reading it."""
        self.context.pool.waitForDone()

    def enable(self) -> None:
        dialog = enable_dialog(self.context.db, self._wait_for_background, self)
        if dialog.exec() != dialog.DialogCode.Accepted:
            return
        outcome: EnableOutcome = dialog.outcome
        self._changed()
        if RecoveryKeyDialog(outcome.recovery_key, outcome.backups_encrypted, self.context.db.path, self).exec():
            encryption.confirm_recovery_key(self.context.db)
        if outcome.left_text:
            QMessageBox.warning(self, self.tr("请注意"), outcome.left_text)

    def new_recovery_key(self) -> None:
        dialog = new_key_dialog(self.context.db, self._wait_for_background, self)
        if dialog.exec() != dialog.DialogCode.Accepted:
            return
        outcome: EnableOutcome = dialog.outcome
        self._changed()
        if RecoveryKeyDialog(outcome.recovery_key, outcome.backups_encrypted, self.context.db.path, self,
                             replaced=True).exec():
            encryption.confirm_recovery_key(self.context.db)

    def change_password(self) -> None:
        dialog = change_dialog(self.context.db, self)
        if dialog.exec() != dialog.DialogCode.Accepted:
            return
        self._changed()
        count = int(dialog.outcome or 0)
        QMessageBox.information(self, self.tr("已修改密码"), self.tr(
            "密码已修改，下次解锁请用新密码。恢复密钥不变。") +
            (self.tr("已同时更新 {0} 个自动备份的密码。").format(count) if count else ""))

    def disable(self) -> None:
        dialog = disable_dialog(self.context.db, self._wait_for_background, self)
        if dialog.exec() != dialog.DialogCode.Accepted:
            return
        self._changed()
        QMessageBox.information(self, self.tr("已关闭加密"), self.tr(
            "数据库已不再加密。以前的自动备份仍是加密的，打开它们需要当时的密码或恢复密钥。"))

    def lock_now(self) -> None:
        locker = getattr(self.window(), "locker", None)
        if locker is not None:
            locker.lock_now()
            return
        QMessageBox.information(self, self.tr("立即锁定"), self.tr("请在主窗口中按 Ctrl+L 锁定。"))

    def save_minutes(self, minutes: int) -> None:
        try:
            encryption.set_lock_minutes(self.context.db, minutes)
        except EncryptionFailed as exc:
            QMessageBox.warning(self, self.tr("不能保存"), str(exc))
            self.refresh()
            return
        self.context.data_changed.emit(AREA)
