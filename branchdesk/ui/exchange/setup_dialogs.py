"""Dialogs of 设置 → 数据交换: adding a branch site (choose the 党支部 and where the set-up file
goes), showing the set-up code and fingerprint once, and joining with a set-up file (the
committee's fingerprint is shown before the code is asked, to compare by phone)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services.exchange.records import SetupPreview, SetupResult
from branchdesk.ui.widgets.secret_clipboard import copy_secret, forget_secret

SETUP_FILTER = "BranchDesk 站点设置文件 (*.bdsetup)"


def _big(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class AddSiteDialog(QDialog):
    """Which 党支部, and where to write its set-up file."""

    def __init__(self, branches: list[tuple[str, bool]], folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("添加支部站点"))
        self._folder = folder
        self.branch = QComboBox()
        for name, taken in branches:
            self.branch.addItem(name + (self.tr("（已添加）") if taken else ""), (name, taken))
        self.path = QLineEdit()
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        self.replace = QCheckBox(self.tr("重新添加：支部换了电脑或设置文件丢失（旧站点随即停用）"))
        self.branch.currentIndexChanged.connect(self._update)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("党支部"), self.branch)
        form.addRow(self.tr("设置文件"), where)
        form.addRow("", self.replace)
        hint = QLabel(self.tr("设置文件中有该支部的组织信息和党员名册，已用设置码加密。请把文件（可放 U 盘）交给支部书记，"
                              "设置码当面或电话告诉他，不要和文件放在一起。"))
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("写出设置文件"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self._update()
        self.resize(560, self.sizeHint().height())

    def chosen(self) -> tuple[str, Path, bool]:
        name, _taken = self.branch.currentData()
        return name, Path(self.path.text().strip()), self.replace.isChecked()

    def _update(self) -> None:
        data = self.branch.currentData()
        if data is None:
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return
        name, taken = data
        self.replace.setVisible(taken)
        self.replace.setChecked(False)
        self.path.setText(str(self._folder / f"{name}.bdsetup"))

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("设置文件保存到"), self.path.text(), SETUP_FILTER)
        if chosen:
            self.path.setText(chosen)

    def accept(self) -> None:
        name, _path, _replace = self.chosen()
        taken = self.branch.currentData()[1]
        if taken and not self.replace.isChecked():
            self.replace.setFocus()
            return
        if not self.path.text().strip():
            self.path.setFocus()
            return
        super().accept()


class SetupCodeDialog(QDialog):
    """The set-up code and this committee's fingerprint: shown once, to read out to the branch."""

    def __init__(self, result: SetupResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("支部站点已添加"))
        intro = QLabel(self.tr("已为“{0}”写出设置文件：\n{1}").format(result.branch, result.path))
        intro.setWordWrap(True)
        self.code = _big(result.code)
        self.fingerprint = QLabel(self.tr("本站点（党委）密钥指纹：{0}").format(result.fingerprint))
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.secret = result.code
        self.copy_button = QPushButton(self.tr("复制设置码"))
        self.copy_button.clicked.connect(lambda: copy_secret(result.code))  # cleared when the dialog closes
        note = QLabel(self.tr("请把设置码当面或电话告诉支部书记（只显示这一次，不要和设置文件放在一起）。"
                              "支部加入时会显示同一串密钥指纹，请电话核对一致。"))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("我已记下设置码"))
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(self.tr("设置码")))
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(self.copy_button)
        layout.addLayout(row)
        layout.addWidget(self.fingerprint)
        layout.addWidget(note)
        if result.held_back:
            held = QLabel(self.tr("有 {0} 条记录引用了其他支部的记录，没有放进设置文件。").format(len(result.held_back)))
            held.setWordWrap(True)
            layout.addWidget(held)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def done(self, result: int) -> None:
        """Closed: the code leaves the clipboard too (it opens the set-up file to whoever has both)."""
        forget_secret(self.secret)
        super().done(result)


class JoinDialog(QDialog):
    """What the set-up file says (committee, branch, the committee's fingerprint) and the code."""

    def __init__(self, preview: SetupPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("加入数据交换"))
        text = QLabel(self.tr("这个设置文件由“{0}”为“{1}”写出（{2}）。加入后，本数据库作为“{1}”的站点，"
                              "与党委交换数据包。").format(preview.committee, preview.branch, preview.created))
        text.setWordWrap(True)
        self.fingerprint = _big(preview.fingerprint)
        check = QLabel(self.tr("请与党委电话核对上面这串党委密钥指纹，完全一致再继续。"))
        check.setWordWrap(True)
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("20 位数字，如 1234-5678-9012-3456-7890"))
        self.code.setEchoMode(QLineEdit.EchoMode.Password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("加入"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("设置码"), self.code)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(QLabel(self.tr("党委密钥指纹")))
        layout.addWidget(self.fingerprint)
        layout.addWidget(check)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(540, self.sizeHint().height())

    def accept(self) -> None:
        if sum(ch.isdigit() for ch in self.code.text()) != 20:
            self.code.setFocus()
            self.code.selectAll()
            return
        super().accept()
