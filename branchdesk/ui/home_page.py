"""首页: this month's and this quarter's to-dos of every area, errors (overdue) first; a double
click (or Enter) opens the area that resolves the item."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from branchdesk.domain.findings import SEVERITY_LABELS, Finding, Severity
from branchdesk.services.checks import run_checks
from branchdesk.services.roster.organisation import get_school_name
from branchdesk.ui.context import AppContext
from branchdesk.ui.tasks import describe, run_quietly
from branchdesk.ui.widgets.table_model import ColumnSpec, FilterProxy, RecordTableModel

AREA_KEYS = {"三会一课": "meetings", "主题党日": "themeday", "发展党员": "development",
             "结对帮扶": "mentoring", "整改台账": "rectification", "组织与党员": "roster", "党费": "dues"}
_COLOURS = {Severity.ERROR: "#b00020", Severity.WARNING: "#a15c00", Severity.INFO: "#555555"}

COLUMNS: list[ColumnSpec[Finding]] = [
    ColumnSpec("类别", lambda f: SEVERITY_LABELS[f.severity], color=lambda f: _COLOURS[f.severity]),
    ColumnSpec("事项", lambda f: f.area or ""),
    ColumnSpec("党支部", lambda f: f.branch or ""),
    ColumnSpec("期间", lambda f: f.period or ""),
    ColumnSpec("对象", lambda f: f.person or f.meeting_type or f.step or ""),
    ColumnSpec("说明", lambda f: f.message, tooltip=lambda f: f"{f.message}\n{f.rule} {f.source}".strip()),
]


class HomePage(QWidget):
    loaded = Signal()  # the to-do list is filled in (tests and the status bar wait on it)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.heading = QLabel()
        self.counts = QLabel()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索待办（支部、姓名、说明）"))
        self.model: RecordTableModel[Finding] = RecordTableModel(COLUMNS, self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)
        self.search.textChanged.connect(self.proxy.set_search)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.search)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        self.empty_hint = QLabel()
        self.empty_hint.setWordWrap(True)
        layout.addWidget(self.empty_hint)

    def refresh(self) -> None:
        """Checks run off the GUI thread: the window is usable at once and the list fills in."""
        today = date.today()
        school = get_school_name(self.context.db) or self.tr("本校")
        quarter = (today.month - 1) // 3 + 1
        self.heading.setText(self.tr("<h2>{0} · {1}年{2}月（第{3}季度）待办</h2>").format(
            school, today.year, today.month, quarter))
        self.counts.setText(self.tr("正在按规定逐项检查……"))
        db = self.context.db

        def work(_progress, _cancelled):
            return run_checks(db, year=today.year, as_of=today)

        run_quietly(self, work, self.show_findings, self._failed, pool=self.context.pool)

    def show_findings(self, findings: list[Finding]) -> None:
        """Problems and reminders of every period, and the open items of this month and quarter."""
        today = date.today()
        current = {f"{today:%Y-%m}", f"{today.year}-Q{(today.month - 1) // 3 + 1}"}
        findings = [f for f in findings if f.severity != Severity.INFO or f.period in current]
        self.model.set_rows(findings)
        self.table.resizeColumnsToContents()
        errors = sum(f.severity == Severity.ERROR for f in findings)
        warnings = sum(f.severity == Severity.WARNING for f in findings)
        self.counts.setText(self.tr("逾期或违反规定 {0} 项，即将到期或缺少记录 {1} 项，本月和本季度尚待完成 {2} 项。"
                                    "双击一行打开对应页面。").format(errors, warnings, len(findings) - errors - warnings))
        self.empty_hint.setText(self.tr("目前没有待办事项。") if not findings else "")
        self.loaded.emit()

    def _failed(self, error: Exception) -> None:
        self.counts.setText(self.tr("检查没有完成：{0}").format(describe(error)))
        self.loaded.emit()

    def _open(self, index: Any) -> None:
        finding: Finding = self.proxy.record_at(index.row())
        key = AREA_KEYS.get(finding.area)
        if key:
            self.context.navigate.emit(key, finding)
