"""修改记录 of one record (issue 8): when, who (the PC account), what was done, which field, from
what to what — newest first. Any page opens it with the record's table name and id."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services.history import HistoryEntry, record_history
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.keyboard import VIEW_OPTION
from branchdesk.ui.widgets.table_model import ColumnSpec, FilterProxy, RecordTableModel

COLUMNS: list[ColumnSpec[HistoryEntry]] = [
    ColumnSpec("时间", lambda e: e.at),
    ColumnSpec("操作人", lambda e: e.user),
    ColumnSpec("操作", lambda e: e.action),
    ColumnSpec("项目", lambda e: e.field),
    ColumnSpec("原内容", lambda e: e.old, tooltip=lambda e: e.old),
    ColumnSpec("新内容", lambda e: e.new, tooltip=lambda e: e.new),
]


class HistoryDialog(QDialog):
    def __init__(self, context: AppContext, table: str, record_id: int | str, title: str,
                 parent: QWidget | None = None, *, load: Callable[[bool], list[HistoryEntry]] | None = None) -> None:
        """`load(masked)` reads the entries when a record's history spans more than its own row (a
        member's dated events); by default the record's own history is read."""
        super().__init__(parent)
        self.load = load
        self.setWindowTitle(self.tr("修改记录 — {0}").format(title))
        self.resize(820, 480)
        self.model: RecordTableModel[HistoryEntry] = RecordTableModel(COLUMNS, self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        view = QTableView()
        view.setModel(self.proxy)
        view.setSortingEnabled(True)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(True)
        self.context, self.table, self.record_id = context, table, record_id
        # ID and phone numbers masked as in the roster, shown in full on request (issue 21)
        self.reveal = QCheckBox(self.tr("显示完整身份证号和电话"))
        self.reveal.setProperty(VIEW_OPTION, True)  # not asked about on Escape (ui/widgets/keyboard.py)
        self.reveal.toggled.connect(self._load)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self._load()
        view.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reveal)
        layout.addWidget(view, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)

    def _load(self) -> None:
        masked = not self.reveal.isChecked()
        entries = (self.load(masked) if self.load is not None
                   else record_history(self.context.db, self.table, self.record_id, masked=masked))
        self.model.set_rows(entries)
        self.note.setText(self.tr("共 {0} 条。修改记录只能追加，不能更改或删除；“检查数据库”会发现在程序之外的改动。")
                          .format(len(entries)))
