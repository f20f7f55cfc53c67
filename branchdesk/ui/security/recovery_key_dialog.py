"""The recovery key, shown exactly once after encryption is turned on (the program never stores it):
large and selectable, 复制, 保存为文本文件…, and a required confirmation that it was written down and
handed to the committee before the dialog can be closed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.file_errors import file_error
from branchdesk.ui.security.forms import monospace, plain_button
from branchdesk.ui.widgets.secret_clipboard import copy_secret, forget_secret

GROUPS_PER_LINE = 7


def key_lines(recovery_key: str) -> str:
    """The 14 groups on two lines so the key reads (and is copied by hand) without scrolling."""
    groups = recovery_key.split("-")
    return "\n".join("-".join(groups[i:i + GROUPS_PER_LINE]) for i in range(0, len(groups), GROUPS_PER_LINE))


def key_file_text(recovery_key: str, database: Path | None) -> str:
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    return (
        "支部台账 BranchDesk 数据库恢复密钥\n"
        f"数据库：{database or ''}\n"
        f"生成时间：{stamp}\n\n"
        f"{recovery_key}\n\n"
        "忘记密码或密钥文件丢失时，用它打开数据库（解锁窗口中点“忘记密码？使用恢复密钥”）。\n"
        "拿到它的人就能读出全部党员信息：请打印或抄写后交党委封存，不要把这个文件留在电脑上。\n"
    )


class RecoveryKeyDialog(QDialog):
    def __init__(self, recovery_key: str, backups_encrypted: int, database: Path | None = None,
                 parent: QWidget | None = None, *, replaced: bool = False) -> None:
        super().__init__(parent)
        self.recovery_key = recovery_key
        self.database = database
        self.replaced = replaced  # 更换恢复密钥: the old one no longer opens anything
        self.setWindowTitle(self.tr("恢复密钥（只显示这一次）"))
        heading = QLabel(self.tr("已更换恢复密钥，原来的恢复密钥从此无效。请立即抄写下面的新恢复密钥") if replaced
                         else self.tr("数据库已加密。请立即抄写下面的恢复密钥"))
        heading.setStyleSheet("font-size: 17px; font-weight: bold;")
        intro = QLabel(self.tr(
            "恢复密钥只显示这一次，程序不会保存它。忘记密码或密钥文件丢失时，只有它能打开数据库；"
            "密码和恢复密钥都没有了，数据就永远无法恢复。请抄写或打印后交党委封存，"
            "不要和电脑放在一起。"))
        intro.setWordWrap(True)
        self.key_label = QLabel(key_lines(recovery_key))
        self.key_label.setFont(monospace(17))
        self.key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setStyleSheet(
            "QLabel { background: #fffbe6; border: 1px solid #d4b106; padding: 14px; color: #000; }")
        self.copy_button = plain_button(self.tr("复制"))
        self.copy_button.clicked.connect(self.copy)
        self.save_button = plain_button(self.tr("保存为文本文件…"))
        self.save_button.clicked.connect(self.save)
        tools = QHBoxLayout()
        tools.addWidget(self.copy_button)
        tools.addWidget(self.save_button)
        tools.addStretch(1)
        backups = QLabel(self._backup_text(backups_encrypted))
        backups.setWordWrap(True)
        self.confirm = QCheckBox(self.tr("我已抄写恢复密钥，并交党委封存"))
        self.close_button = plain_button(self.tr("关闭"))
        self.close_button.setEnabled(False)
        self.close_button.clicked.connect(self.accept)
        self.confirm.toggled.connect(self.close_button.setEnabled)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #b00020;")
        bottom = QHBoxLayout()
        bottom.addWidget(self.confirm)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.key_label)
        layout.addLayout(tools)
        layout.addWidget(backups)
        layout.addWidget(self.hint)
        layout.addLayout(bottom)
        self.setMinimumWidth(760)

    def _backup_text(self, count: int) -> str:
        if self.replaced:
            return self.tr("数据库和 {0} 个自动备份已改用新密钥加密，密码不变。").format(count)
        done = (self.tr("已有的 {0} 个自动备份也已加密。").format(count) if count
                else self.tr("备份文件夹中没有需要加密的自动备份。"))
        return done + self.tr("以前手动复制到别处（如 U 盘）的备份仍是未加密的，请删除它们，"
                              "需要时重新备份。")

    def copy(self) -> None:
        copy_secret(self.recovery_key)
        self.hint.setStyleSheet("color: #555;")
        self.hint.setText(self.tr("已复制（关闭本窗口时从剪贴板清除）。不要把恢复密钥存在这台电脑上。"))

    def done(self, result: int) -> None:
        """Closed (关闭, or Esc once confirmed): the key leaves the clipboard too."""
        forget_secret(self.recovery_key)
        super().done(result)

    def save(self) -> None:
        QMessageBox.warning(self, self.tr("保存恢复密钥"), self.tr(
            "拿到这个文件的人就能打开数据库。请保存到 U 盘上，打印或抄写后交党委封存，"
            "不要把它留在这台电脑上，也不要和数据库放在一起。"))
        name, _ = QFileDialog.getSaveFileName(self, self.tr("保存恢复密钥"), str(Path.home() / "BranchDesk 恢复密钥.txt"),
                                              self.tr("文本文件 (*.txt)"))
        if not name:
            return
        try:
            Path(name).write_text(key_file_text(self.recovery_key, self.database), encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(self, self.tr("保存失败"), file_error(exc, name, writing=True))
            return
        self.hint.setStyleSheet("color: #555;")
        self.hint.setText(self.tr("已保存到 {0}。请记得把它从这台电脑上移走。").format(name))

    def reject(self) -> None:
        """Esc or the window's close button: only after the key was written down."""
        if self.confirm.isChecked():
            super().reject()
            return
        self.hint.setStyleSheet("color: #b00020;")
        self.hint.setText(self.tr("请先抄写恢复密钥，并勾选下面的确认框。"))
