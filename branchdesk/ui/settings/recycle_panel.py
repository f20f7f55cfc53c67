"""设置 → 回收站 (issue 8): everything deleted in any area, restorable until the bin is emptied on
purpose (with a question first). The table is one RecordTableModel behind a FilterProxy."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services import recycle_bin
from branchdesk.services.errors import ServiceError
from branchdesk.services.recycle_bin import RecycledItem
from branchdesk.ui.context import AppContext
from branchdesk.ui.settings.history_dialog import HistoryDialog
from branchdesk.ui.widgets.table_model import ColumnSpec, FilterProxy, RecordTableModel

COLUMNS: list[ColumnSpec[RecycledItem]] = [
    ColumnSpec("类别", lambda i: i.kind),
    ColumnSpec("名称", lambda i: i.label),
    ColumnSpec("删除时间", lambda i: i.deleted_at),
]


class RecyclePanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索名称或类别"))
        self.search.setClearButtonEnabled(True)
        self.model: RecordTableModel[RecycledItem] = RecordTableModel(COLUMNS, self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self.proxy.set_search)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.restore_button = QPushButton(self.tr("恢复所选"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.history_button = QPushButton(self.tr("修改记录…"))
        self.history_button.clicked.connect(self.show_history)
        self.delete_button = QPushButton(self.tr("永久删除所选…"))
        self.delete_button.clicked.connect(lambda: self.empty(self.selected()))
        self.empty_button = QPushButton(self.tr("清空回收站…"))
        self.empty_button.clicked.connect(lambda: self.empty(None))
        self.count_label = QLabel()
        buttons = QHBoxLayout()
        for button in (self.restore_button, self.history_button, self.delete_button, self.empty_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        self.model.set_rows(recycle_bin.list_deleted(self.context.db))
        self.count_label.setText(self.tr("回收站中共 {0} 项").format(self.model.rowCount()))

    def selected(self) -> list[RecycledItem]:
        return [self.proxy.record_at(index.row()) for index in self.table.selectionModel().selectedRows()]

    def restore_selected(self) -> None:
        items = self.selected()
        if not items:
            QMessageBox.information(self, self.tr("恢复"), self.tr("请先选择要恢复的记录。"))
            return
        try:
            for item in items:
                recycle_bin.restore(self.context.db, item.table, item.record_id)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("无法恢复"), str(exc))
        self.refresh()
        self.context.data_changed.emit("*")

    def show_history(self) -> None:
        items = self.selected()
        if items:
            HistoryDialog(self.context, items[0].table, items[0].record_id, f"{items[0].kind} {items[0].label}",
                          self).exec()

    def empty(self, items: list[RecycledItem] | None) -> None:
        count = len(items) if items is not None else self.model.rowCount()
        if count == 0:
            return
        answer = QMessageBox.question(
            self, self.tr("永久删除"),
            self.tr("永久删除 {0} 项？删除后不能再从回收站恢复（修改记录中仍保留删除前的内容）。").format(count))
        if answer != QMessageBox.StandardButton.Yes:
            return
        targets = [(i.table, i.record_id) for i in items] if items is not None else None
        try:
            recycle_bin.empty(self.context.db, targets, confirm=True)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("无法删除"), str(exc))
        self.refresh()
