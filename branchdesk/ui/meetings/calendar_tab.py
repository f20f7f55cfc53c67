"""规定次数检查: for a year and branch, each rule of the regulation calendar month by month (quarters
and the year as blocks), and the findings below it — each a click away from the form that resolves
it (补录) or from annotating the gap with a reason (说明). Computed off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.findings import SEVERITY_LABELS, Finding, Severity
from branchdesk.domain.meetings.periods import Granularity, parse_period
from branchdesk.domain.meetings.rules import BranchCalendar
from branchdesk.domain.meetings.talks import RULE as TALK_RULE
from branchdesk.services.errors import ServiceError
from branchdesk.services.meetings.calendar import calendars, delete_exemption, list_exemptions, save_exemption
from branchdesk.services.meetings.checks import meeting_findings
from branchdesk.ui.context import AppContext
from branchdesk.ui.tasks import describe, run_quietly
from branchdesk.ui.widgets.list_keys import keyboard_list
from branchdesk.ui.widgets.table_model import ColumnSpec, FilterProxy, RecordTableModel

MARKS = {"已完成": "✓", "未完成": "✗", "进行中": "…", "未开始": "", "已说明": "说明", "不适用": "—", "未启用": "·"}
COLOURS = {"已完成": "#1b5e20", "未完成": "#b00020", "进行中": "#8a6d00", "已说明": "#1565c0", "不适用": "#999999",
           "未启用": "#bbbbbb"}


@dataclass
class CalendarLine:
    """One row of the grid: a rule (and 党小组) with a cell per month plus the year."""

    requirement: str
    kind: str
    cells: dict[int, tuple[str, str]] = field(default_factory=dict)  # month (13 = 全年) -> (text, state)


def calendar_lines(calendar: BranchCalendar, kinds: set[str] | None = None) -> list[CalendarLine]:
    lines: dict[tuple[str, str], CalendarLine] = {}
    for cell in calendar.cells:
        if kinds is not None and cell.rule.kind not in kinds:
            continue
        unit = {Granularity.MONTH: "每月", Granularity.QUARTER: "每季度", Granularity.YEAR: "每年"}[cell.rule.granularity]
        title = f"{cell.target + ' ' if cell.target else ''}{cell.rule.kind}（{unit}至少 {cell.rule.minimum} 次）"
        line = lines.setdefault((cell.rule.id, cell.target), CalendarLine(title, cell.rule.kind))
        mark = MARKS[cell.state] + (str(cell.held) if cell.held and cell.state == "已完成" else "")
        if cell.rule.granularity is Granularity.MONTH:
            months = [cell.period.index]
        elif cell.rule.granularity is Granularity.QUARTER:
            months = [3 * cell.period.index - 2, 3 * cell.period.index - 1, 3 * cell.period.index]
        else:
            months = [13]
        for position, month in enumerate(months):  # a quarter's count is shown once, in its first month
            line.cells[month] = (mark if position == 0 else MARKS[cell.state], cell.state)
    return list(lines.values())


def _grid_columns() -> list[ColumnSpec[CalendarLine]]:
    def cell(month: int) -> ColumnSpec[CalendarLine]:
        return ColumnSpec(f"{month}月" if month < 13 else "全年", lambda line, m=month: line.cells.get(m, ("", ""))[0],
                          align=Qt.AlignmentFlag.AlignCenter,
                          color=lambda line, m=month: COLOURS.get(line.cells.get(m, ("", ""))[1]),
                          tooltip=lambda line, m=month: line.cells.get(m, ("", ""))[1])

    return [ColumnSpec("规定", lambda line: line.requirement), *[cell(m) for m in range(1, 14)]]


FINDING_COLUMNS: list[ColumnSpec[Finding]] = [
    ColumnSpec("类别", lambda f: SEVERITY_LABELS[f.severity],
               color=lambda f: {Severity.ERROR: "#b00020", Severity.WARNING: "#8a6d00"}.get(f.severity)),
    ColumnSpec("党支部", lambda f: f.branch),
    ColumnSpec("期间", lambda f: f.period),
    ColumnSpec("会议类型", lambda f: f.meeting_type),
    ColumnSpec("内容", lambda f: f.message, tooltip=lambda f: f.source),  # the article, no rule code
]


class CalendarTab(QWidget):
    loaded = Signal()
    # (branch name, kind, period label) -> the page opens a new record for it
    record_requested = Signal(str, str, str)

    def __init__(self, context: AppContext, branches: Callable[[], list[tuple[str, int]]],
                 kinds: set[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.kinds = kinds
        self._branches = branches
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.branch = QComboBox()
        self.summary = QLabel()
        self.grid_model: RecordTableModel[CalendarLine] = RecordTableModel(_grid_columns(), self)
        self.grid = QTableView()
        self.grid.setModel(self.grid_model)
        self.grid.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.grid.setTabKeyNavigation(False)  # Tab goes on to the findings, not from cell to cell
        self.findings_model: RecordTableModel[Finding] = RecordTableModel(FINDING_COLUMNS, self)
        self.findings_proxy = FilterProxy(self)
        self.findings_proxy.setSourceModel(self.findings_model)
        self.findings = QTableView()
        self.findings.setObjectName("calendarFindings")
        self.findings.setModel(self.findings_proxy)
        self.findings.setSortingEnabled(True)
        self.findings.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.findings.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        # T10-18: Tab leaves the list for its buttons with the chosen gap kept — walking the rows, it
        # chose another month, and the reason typed next was filed on that one
        self.findings.setTabKeyNavigation(False)
        self.findings.horizontalHeader().setStretchLastSection(True)
        keyboard_list(self.findings, self.request_record)  # Enter, double click
        annotate = QPushButton(self.tr("说明缺漏原因…"))
        annotate.clicked.connect(self.annotate)
        record = QPushButton(self.tr("补录会议记录…"))
        record.clicked.connect(self.request_record)
        withdraw = QPushButton(self.tr("撤销说明"))
        withdraw.clicked.connect(self.withdraw)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年度")))
        top.addWidget(self.year)
        top.addWidget(QLabel(self.tr("党支部")))
        top.addWidget(self.branch, 1)
        top.addWidget(self.summary, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(record)
        bottom.addWidget(annotate)
        bottom.addWidget(withdraw)
        bottom.addStretch(1)
        bottom.addWidget(QLabel(self.tr("✓ 已完成　✗ 未完成　… 本期进行中　说明 已说明原因　— 不适用　· 台账启用或支部成立之前")))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.grid)
        splitter.addWidget(self.findings)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.year.valueChanged.connect(self.refresh)
        self.branch.currentIndexChanged.connect(self.refresh)

    def refresh(self) -> None:
        current = self.branch.currentText()
        self.branch.blockSignals(True)
        self.branch.clear()
        for name, branch_id in self._branches():
            self.branch.addItem(name, branch_id)
        self.branch.setCurrentIndex(max(self.branch.findText(current), 0))
        self.branch.blockSignals(False)
        branch = self.branch.currentText() or None
        year, db, today = self.year.value(), self.context.db, date.today()
        self.summary.setText(self.tr("正在检查……"))

        def work(_progress, _cancelled):
            return (calendars(db, year=year, as_of=today, branch=branch),
                    meeting_findings(db, year=year, as_of=today, branch=branch))

        run_quietly(self, work, self._show, self._failed, pool=self.context.pool)

    def _show(self, result: tuple[list[BranchCalendar], list[Finding]]) -> None:
        cals, findings = result
        lines = calendar_lines(cals[0], self.kinds) if cals else []
        self.grid_model.set_rows(lines)
        self.grid.resizeColumnsToContents()
        if self.kinds is not None:
            findings = [f for f in findings if f.meeting_type in self.kinds and f.rule != TALK_RULE]
        order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        self.findings_model.set_rows(sorted(findings, key=lambda f: (order[f.severity], f.period or "")))
        self.findings.resizeColumnsToContents()
        errors = sum(f.severity is Severity.ERROR for f in findings)
        warnings = sum(f.severity is Severity.WARNING for f in findings)
        summary = self.tr("未按规定 {0} 项，即将到期 {1} 项，其他提示 {2} 项").format(
            errors, warnings, len(findings) - errors - warnings)
        later = sum(len(c.later) for c in cals)  # 定稿 records dated after today: not counted (happened.py)
        if later:
            summary += self.tr("；已定稿的会议中另有 {0} 次日期在今天之后，未计入").format(later)
        self.summary.setText(summary)
        self.loaded.emit()

    def _failed(self, error: Exception) -> None:
        self.summary.setText(self.tr("检查没有完成：{0}").format(describe(error)))
        self.loaded.emit()

    def selected(self) -> Finding | None:
        rows = self.findings.selectionModel().selectedRows()
        return self.findings_proxy.record_at(rows[0].row()) if rows else None

    def request_record(self) -> None:
        finding = self.selected()
        if finding is not None and finding.meeting_type:
            self.record_requested.emit(finding.branch or "", finding.meeting_type, finding.period or "")

    def annotate(self) -> None:
        finding = self.selected()
        if finding is None or finding.rule in ("VOTE-QUORUM", TALK_RULE) or not finding.period:
            QMessageBox.information(self, self.tr("说明缺漏原因"),
                                    self.tr("请先选中一条“未召开”的检查结果。说明不会隐藏缺漏，报表中会同时列出原因。"))
            return
        reason, ok = QInputDialog.getText(self, self.tr("说明缺漏原因"), self._gap_words(finding))
        if not ok:
            return
        branch_id = next((i for name, i in self._branches() if name == finding.branch), None)
        try:
            save_exemption(self.context.db, branch_id, finding.meeting_type or "", finding.period, reason,  # type: ignore[arg-type]  # None: "党支部不存在"
                           group=finding.group)  # a 党小组会 gap: that 党小组's only (MTG-MONTHLY-GROUP)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("未能保存说明"), str(exc))
            return
        self.context.data_changed.emit("meetings")
        self.refresh()

    def _gap_words(self, finding: Finding) -> str:
        """The question of the 说明 dialog, naming the gap it is filed on (T10-18): the branch, the
        period in words, the kind, and for a 党小组会 (MTG-MONTHLY-GROUP, 支部条例 第十三条, each
        党小组 monthly) the one 党小组 whose gap the reason is filed on."""
        period = _period_words(finding)
        words = self.tr("{0} {1} {2}").format(finding.branch, period, finding.meeting_type)
        if finding.group:
            words += self.tr("（{0}）").format(finding.group) + "\n" + self.tr(
                "这条说明只用于{0}；本支部其他党小组{1}未召开{2}的，请分别选中后说明。").format(
                finding.group, period, finding.meeting_type)
        return words + "\n" + self.tr("请说明未召开的原因（如“已于下月补开”“与党员大会合并召开”）：")

    def withdraw(self) -> None:
        """Remove the annotation of the selected gap (it goes to the recycle bin; the gap shows again)."""
        finding = self.selected()
        branch_id = next((i for name, i in self._branches() if finding and name == finding.branch), None)
        kept = [] if finding is None or branch_id is None else [
            e for e in list_exemptions(self.context.db, branch_id=branch_id)
            if e.kind == finding.meeting_type and e.period == finding.period]
        # a 党小组's gap: its own reason; else the whole branch's that explains it (and every group's)
        matches = [e for e in kept if finding and e.group == (finding.group or "")]
        whole = bool(finding and finding.group and not matches)
        if whole:
            matches = [e for e in kept if not e.group]
        if not matches or finding is None:
            QMessageBox.information(self, self.tr("撤销说明"), self.tr("所选检查结果没有已填写的说明。"))
            return
        question = self.tr("撤销{0}的说明“{1}”？").format(finding.group, matches[0].reason) if finding.group and not whole \
            else self.tr("撤销说明“{0}”？").format(matches[0].reason)
        if whole:
            question += "\n" + self.tr("这是全支部的说明，适用于各党小组：撤销后本支部各党小组{0}未召开{1}的都不再有说明。").format(
                _period_words(finding), finding.meeting_type)
        if QMessageBox.question(self, self.tr("撤销说明"), question) != QMessageBox.StandardButton.Yes:
            return
        for exemption in matches:
            delete_exemption(self.context.db, exemption.id)
        self.context.data_changed.emit("meetings")
        self.refresh()


def _period_words(finding: Finding) -> str:
    """The finding's period in words (2025年2月), or as it is when not a period label."""
    try:
        return parse_period(finding.period or "").chinese
    except ValueError:
        return finding.period or ""
