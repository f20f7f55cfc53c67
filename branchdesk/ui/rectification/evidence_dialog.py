"""佐证材料 of one measure: list them, attach files or name documents, save a copy of an attached file,
and move one to the recycle bin (the last piece of a closed measure stays: RECT-CLOSE-OFF)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.file_errors import file_error
from branchdesk.domain.rectification.records import EvidenceRecord, MeasureRecord
from branchdesk.services.attachment_files import suggested_name
from branchdesk.services.errors import ServiceError
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification import status
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.table_model import ColumnSpec, RecordTableModel


def _size(item: EvidenceRecord) -> str:
    if not item.has_file:
        return "（仅登记名称）"
    return f"{item.size / 1024:.0f} KB" if item.size >= 1024 else f"{item.size} B"


EVIDENCE_COLUMNS: list[ColumnSpec[EvidenceRecord]] = [
    ColumnSpec("材料名称", lambda e: e.name),
    ColumnSpec("附件文件", lambda e: e.filename),
    ColumnSpec("大小", _size),
]


class EvidenceDialog(QDialog):
    def __init__(self, context: AppContext, measure: MeasureRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.measure = context, measure
        self.changed = False
        self.setWindowTitle(self.tr("佐证材料：{0}").format(measure.text[:30]))
        self.resize(640, 340)
        self.model: RecordTableModel[EvidenceRecord] = RecordTableModel(EVIDENCE_COLUMNS, self)
        self.model.set_rows(list(measure.evidence))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.save_copy())
        row = QHBoxLayout()
        for text, slot in ((self.tr("添加附件…"), self.attach), (self.tr("登记文件名称…"), self.add_named),
                           (self.tr("另存附件…"), self.save_copy), (self.tr("移入回收站"), self.remove)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("附件保存在数据库中，随数据库一起备份。")))
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def selected(self) -> EvidenceRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _apply(self, action: Any) -> None:
        try:
            action()
        except (ServiceError, OSError) as exc:
            QMessageBox.warning(self, self.tr("佐证材料"), file_error(exc))
            return
        self.measure = rect.get_measure(self.context.db, self.measure.id)
        self.model.set_rows(list(self.measure.evidence))
        self.changed = True

    def attach(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("选择佐证材料文件"))
        if names:
            self._apply(lambda: status.add_evidence(
                self.context.db, self.measure.id, [status.EvidenceInput.from_file(Path(n)) for n in names]))

    def add_named(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("登记佐证材料"), self.tr("文件名称："))
        if ok and name.strip():
            self._apply(lambda: status.add_evidence(self.context.db, self.measure.id, [status.EvidenceInput(name)]))

    def save_copy(self) -> None:
        item = self.selected()
        if item is None or not item.has_file:
            QMessageBox.information(self, self.tr("另存附件"), self.tr("请选中一份带附件文件的佐证材料。"))
            return
        target, _ = QFileDialog.getSaveFileName(self, self.tr("另存附件"), suggested_name(item.filename, item.name))
        if not target:
            return
        try:
            _, content = status.evidence_file(self.context.db, item.id)
            Path(target).write_bytes(content)
        except (ServiceError, OSError) as exc:
            QMessageBox.warning(self, self.tr("另存附件"), file_error(exc, target, writing=True))

    def remove(self) -> None:
        item = self.selected()
        if item is not None:
            self._apply(lambda: status.remove_evidence(self.context.db, item.id))
