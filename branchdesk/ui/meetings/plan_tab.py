"""年度计划 beside what was held, and 谈心谈话 coverage (who still has to talk with whom this year,
MTG-YEARLY-TALKS). Both follow the branch and year chosen at their top."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.meetings.talks import CATEGORIES
from branchdesk.services.errors import ServiceError
from branchdesk.services.meetings.calendar import talk_coverage_for
from branchdesk.services.meetings.plan import (
    PlanItem,
    PlanRow,
    delete_plan_item,
    plan_vs_held,
    save_plan_item,
)
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.list_keys import keyboard_list
from branchdesk.ui.widgets.table_model import ColumnSpec, FilterProxy, RecordTableModel

PLAN_COLUMNS: list[ColumnSpec[PlanRow]] = [
    ColumnSpec("月份", lambda r: r.item.month),
    ColumnSpec("会议类型", lambda r: r.item.kind),
    ColumnSpec("计划主题", lambda r: r.item.topic),
    ColumnSpec("状态", lambda r: r.state,
               color=lambda r: {"已召开": "#1b5e20", "未召开": "#b00020"}.get(r.state)),
    ColumnSpec("实际召开", lambda r: "；".join(f"{m.date:%m-%d} {m.topic}" for m in r.held)),
]


class BranchYearBar(QWidget):
    """党支部 + 年度 selectors shared by the tabs of this file."""

    def __init__(self, branches: Callable[[], list[tuple[str, int]]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._branches = branches
        self.branch = QComboBox()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("党支部")))
        row.addWidget(self.branch, 1)
        row.addWidget(QLabel(self.tr("年度")))
        row.addWidget(self.year)

    def fill(self) -> None:
        current = self.branch.currentData()
        self.branch.blockSignals(True)
        self.branch.clear()
        for name, branch_id in self._branches():
            self.branch.addItem(name, branch_id)
        self.branch.setCurrentIndex(max(self.branch.findData(current), 0))
        self.branch.blockSignals(False)


class PlanItemDialog(QDialog):
    def __init__(self, kinds: list[str], item: PlanItem | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("计划条目"))
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.kind = QComboBox()
        self.kind.addItems(kinds)
        self.topic = QLineEdit()
        self.note = QLineEdit()
        if item is not None:
            self.month.setValue(item.month)
            self.kind.setCurrentText(item.kind)
            self.topic.setText(item.topic)
            self.note.setText(item.note)
        else:
            self.month.setValue(date.today().month)
        form = QFormLayout(self)
        form.addRow(self.tr("月份"), self.month)
        form.addRow(self.tr("会议类型"), self.kind)
        form.addRow(self.tr("主题"), self.topic)
        form.addRow(self.tr("备注"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class PlanTab(QWidget):
    def __init__(self, context: AppContext, branches: Callable[[], list[tuple[str, int]]],
                 kinds: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.kinds = kinds or [k.value for k in MeetingKind]
        self.bar = BranchYearBar(branches)
        self.model: RecordTableModel[PlanRow] = RecordTableModel(PLAN_COLUMNS, self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        keyboard_list(self.table, self.edit)  # Enter, double click
        self.summary = QLabel()
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("添加计划"), self.add), (self.tr("编辑"), self.edit), (self.tr("删除"), self.delete)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.bar.branch.currentIndexChanged.connect(self.reload)
        self.bar.year.valueChanged.connect(self.reload)

    def refresh(self) -> None:
        self.bar.fill()
        self.reload()

    def reload(self) -> None:
        branch_id = self.bar.branch.currentData()
        rows = plan_vs_held(self.context.db, branch_id, self.bar.year.value()) if branch_id is not None else []
        rows = [r for r in rows if r.item.kind in self.kinds]
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        held = sum(r.state == "已召开" for r in rows)
        self.summary.setText(self.tr("计划 {0} 项，已召开 {1} 项").format(len(rows), held))

    def _selected(self) -> PlanRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.record_at(rows[0].row()) if rows else None

    def _edit(self, item: PlanItem | None) -> None:
        branch_id = self.bar.branch.currentData()
        if branch_id is None:
            return
        dialog = PlanItemDialog(self.kinds, item, self)
        if not dialog.exec():
            return
        try:
            save_plan_item(self.context.db, branch_id, self.bar.year.value(), dialog.month.value(),
                           dialog.kind.currentText(), dialog.topic.text(), dialog.note.text(),
                           item.id if item else None)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("未能保存"), str(exc))
        self.reload()

    def add(self) -> None:
        self._edit(None)

    def edit(self) -> None:
        row = self._selected()
        if row is not None:
            self._edit(row.item)

    def delete(self) -> None:
        row = self._selected()
        if row is not None and QMessageBox.question(
                self, self.tr("删除计划"), self.tr("删除“{0}”？").format(row.item.topic)) == QMessageBox.StandardButton.Yes:
            delete_plan_item(self.context.db, row.item.id)
            self.reload()


@dataclass(frozen=True)
class MissingPair:
    category: str
    first: str
    second: str


class TalksTab(QWidget):
    """谈心谈话 coverage: required pairs by category, and the pairs still missing."""

    def __init__(self, context: AppContext, branches: Callable[[], list[tuple[str, int]]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.bar = BranchYearBar(branches)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model: RecordTableModel[MissingPair] = RecordTableModel(
            [ColumnSpec("类别", lambda p: p.category), ColumnSpec("一方", lambda p: p.first),
             ColumnSpec("另一方", lambda p: p.second)], self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("按姓名查找尚未谈话的对象"))
        self.search.textChanged.connect(self.proxy.set_search)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        self.bar.branch.currentIndexChanged.connect(self.reload)
        self.bar.year.valueChanged.connect(self.reload)

    def refresh(self) -> None:
        self.bar.fill()
        self.reload()

    def reload(self) -> None:
        branch_id = self.bar.branch.currentData()
        if branch_id is None:
            self.model.set_rows([])
            return
        coverage = talk_coverage_for(self.context.db, branch_id, self.bar.year.value())
        parts = [self.tr("{0}：应覆盖 {1}，尚缺 {2}").format(c, coverage.required[c], len(coverage.missing[c]))
                 for c in CATEGORIES]
        self.summary.setText(self.tr("谈心谈话每年一般不少于 1 次（支部条例 第十九条）。") + "；".join(parts))
        self.model.set_rows([MissingPair(c, a.name, b.name) for c in CATEGORIES for a, b in coverage.missing[c]])
