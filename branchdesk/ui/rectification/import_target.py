"""Importing a 整改台账 with no ledger selected: the new ledger's name and its 问题来源, asked together (trial
L, TL-15: the window asked only for the name, and a file without a 问题来源 column was then refused with
"请用 --source 指定", a command-line flag, and no field to give it in)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from branchdesk.services.errors import ServiceError
from branchdesk.services.rectification import records as rect
from branchdesk.ui.context import AppContext


class NewLedgerImport(QDialog):
    """台账名称 and 问题来源 of the ledger an import creates. The source is a list, as in 新建台账 (one typed
    that is not in it is added to it, as there), or the file's own 问题来源 column; a source named in
    the ledger's name ("2025年度组织生活会查摆问题整改台账") is chosen until she chooses one herself."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("导入为新的整改台账"))
        self.resize(520, 180)
        self.from_file = self.tr("取自文件中的“问题来源”列")
        self.sources = rect.list_sources(context.db)
        self.title = QLineEdit(self.tr("{0}年整改台账").format(date.today().year))
        self.source = QComboBox()
        self.source.setEditable(True)
        self.source.addItems([self.from_file, *self.sources])
        self._guessed = self.from_file  # what the name chose; a choice of hers is kept
        self.title.textChanged.connect(self._guess)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("还没有选择整改台账：导入时新建这个台账。")))
        form.addRow(self.tr("台账名称"), self.title)
        form.addRow(self.tr("问题来源"), self.source)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("下一步：选择文件"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._guess(self.title.text())

    def _guess(self, title: str) -> None:
        if self.source.currentText() != self._guessed:
            return  # she chose or typed one
        found = next((s for s in sorted(self.sources, key=len, reverse=True) if s and s in title), self.from_file)
        self._guessed = found
        self.source.setCurrentText(found)

    def ledger_title(self) -> str:
        return self.title.text().strip()

    def chosen_source(self) -> str | None:
        """The source chosen; None to take it from the file's 问题来源 column."""
        text = self.source.currentText().strip()
        return None if not text or text == self.from_file else text

    def accept(self) -> None:
        if not self.ledger_title():
            self.problem.setText(self.tr("请填写台账名称"))
            self.title.setFocus()
            return
        source = self.chosen_source()
        if source and source not in self.sources:
            try:  # a source of her own joins the list, as when a ledger is saved with it
                rect.add_source(self.context.db, source)
            except ServiceError as exc:
                self.problem.setText(str(exc))
                return
        super().accept()
