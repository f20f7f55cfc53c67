"""学习学时 tab of the 三会一课 page (MTG-STUDY-HOURS, 《中国共产党党员教育管理工作条例》第二十条): every
member's 学时 for the year — from the branch's sittings and from 学习培训记录 — with the shortfalls in
red, and the records themselves (新增 / 修改 / 删除, Excel import and export of the ledger)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.study_hours.records import (
    MINUTES_PER_HOUR,
    REQUIRED_HOURS,
    MemberStudy,
    hours_text,
)
from branchdesk.services.errors import ServiceError
from branchdesk.services.study_hours.excel import (
    export_study_hours,
    export_study_template,
    import_study_records,
)
from branchdesk.services.study_hours.records import (
    StudyRecordDTO,
    delete_study_record,
    list_study_records,
    study_summary,
    unstarted_note,
)
from branchdesk.ui.context import AppContext
from branchdesk.ui.import_dialog import ImportDialog
from branchdesk.ui.meetings.study_dialog import StudyRecordDialog
from branchdesk.ui.tasks import failure_box, run_task
from branchdesk.ui.widgets.action_bar import Control, action_bar
from branchdesk.ui.widgets.list_keys import keyboard_list
from branchdesk.ui.widgets.save_file import ask_save_name
from branchdesk.ui.widgets.table_model import ColumnSpec, FilterProxy, RecordTableModel

RED = "#b00020"
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def number(value: Decimal) -> int | float:
    """A 学时 figure as the table shows and sorts it: 32, 13.5."""
    return int(value) if value == value.to_integral_value() else float(value)


def _short(r: MemberStudy) -> str | None:
    return RED if r.short else ("#8a6d00" if r.unknown else None)


MEMBER_COLUMNS: list[ColumnSpec[MemberStudy]] = [
    ColumnSpec("所在党支部", lambda r: r.branch),
    ColumnSpec("姓名", lambda r: r.name),
    ColumnSpec("人员类别", lambda r: r.category),
    ColumnSpec("应完成学时", lambda r: number(r.required), RIGHT),
    ColumnSpec("支部组织生活学时", lambda r: number(r.from_sittings), RIGHT,
               tooltip=lambda r: f"参加党课、主题党日、支部党员大会、党小组会 {r.sittings} 次"),
    ColumnSpec("其他学习培训学时", lambda r: number(r.external), RIGHT),
    ColumnSpec("合计学时", lambda r: r.total_text if r.uncertain else number(r.total), RIGHT, color=_short,
               tooltip=lambda r: "“+”：另有学时无法计算的会议，实际学时不少于此数" if r.uncertain else ""),
    ColumnSpec("差额学时", lambda r: number(r.shortfall), RIGHT, color=_short),
    ColumnSpec("是否达标", lambda r: r.status if r.judged else f"{r.status}（{r.left}）", color=_short),
    ColumnSpec("学时无法计算的会议", lambda r: len(r.untimed) + len(r.unknown_attendance) or "", RIGHT,
               color=lambda r: RED if r.uncertain else None,
               tooltip=lambda r: "\n".join([*(f"{s.label}：{s.problem}" for s in r.untimed),
                                            *(f"{s.label}：台账只有人数，不知是否出席" for s in r.unknown_attendance),
                                            *(f"{s.label}：按标准时长计" for s in r.estimated)])),
]
RECORD_COLUMNS: list[ColumnSpec[StudyRecordDTO]] = [
    ColumnSpec("学习日期", lambda r: r.study_date),
    ColumnSpec("所在党支部", lambda r: r.branch),
    ColumnSpec("姓名", lambda r: r.name),
    ColumnSpec("学时", lambda r: number(r.hours), RIGHT),
    ColumnSpec("学习形式", lambda r: r.form),
    ColumnSpec("学习内容", lambda r: r.title),
    ColumnSpec("主办单位", lambda r: r.organiser),
    ColumnSpec("备注", lambda r: r.note),
]
class StudyTab(QWidget):
    """Members' 学时 for the year (top) and the 学习培训记录 (bottom), for one branch or all."""

    def __init__(self, context: AppContext, branches: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._branches = branches
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.branch = QComboBox()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("按姓名、党支部或学习内容查找"))
        self.search.setClearButtonEnabled(True)
        self.short_only = QCheckBox(self.tr("只看未达标"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.members: RecordTableModel[MemberStudy] = RecordTableModel(MEMBER_COLUMNS, self)
        self.member_proxy = FilterProxy(self)
        self.member_proxy.setSourceModel(self.members)
        self.member_table = self._table(self.member_proxy)
        self.member_table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # roster order
        self.records: RecordTableModel[StudyRecordDTO] = RecordTableModel(RECORD_COLUMNS, self)
        self.record_proxy = FilterProxy(self)
        self.record_proxy.setSourceModel(self.records)
        self.record_table = self._table(self.record_proxy)
        self.record_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        keyboard_list(self.record_table, self.edit)  # Enter, double click
        self.buttons: dict[str, Control] = {}
        row = QHBoxLayout()
        action_bar(row, self, (
            (self.tr("新增"), self.add, "Insert"), (self.tr("修改"), self.edit, None),
        ), (
            (self.tr("删除"), self.delete, "Delete"), (self.tr("从 Excel 导入"), self.import_excel, None),
            (self.tr("导出学时台账"), self.export_excel, None), (self.tr("空白模板"), self.save_template, None),
        ), self.buttons, self.record_table)
        self.record_count = QLabel()
        row.addWidget(self.record_count)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("年度")))
        bar.addWidget(self.year)
        bar.addWidget(QLabel(self.tr("党支部")))
        bar.addWidget(self.branch, 1)
        bar.addWidget(self.search, 2)
        bar.addWidget(self.short_only)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel(self.tr("学习培训记录（党校培训、网络培训、上级集中轮训等；支部的会议按会议记录自动计入）")))
        lower_layout.addWidget(self.record_table, 1)
        lower_layout.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.member_table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self.year.valueChanged.connect(self.reload)
        self.branch.currentIndexChanged.connect(self.reload)
        self.search.textChanged.connect(self._search)
        self.short_only.toggled.connect(self._short_only)

    def _table(self, proxy: FilterProxy) -> QTableView:
        table = QTableView()
        table.setModel(proxy)
        table.setSortingEnabled(True)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setVisible(False)
        return table

    # --- loading
    def refresh(self) -> None:
        current = self.branch.currentData()
        self.branch.blockSignals(True)
        self.branch.clear()
        self.branch.addItem(self.tr("全部党支部"), None)
        for name, branch_id in self._branches():
            self.branch.addItem(name, branch_id)
        self.branch.setCurrentIndex(max(self.branch.findData(current), 0))
        self.branch.blockSignals(False)
        self.reload()

    def show_branch(self, branch: str, year: int) -> None:
        """Open on one branch and year (a finding of the home page or of `branchdesk check`)."""
        self.refresh()
        self.year.setValue(year)
        index = self.branch.findText(branch)
        if index >= 0:
            self.branch.setCurrentIndex(index)
        self.short_only.setChecked(True)

    def reload(self) -> None:
        year, branch_id = self.year.value(), self.branch.currentData()
        rows = study_summary(self.context.db, year, branch_id)
        self.members.set_rows(rows)
        self.records.set_rows(list_study_records(self.context.db, year=year, branch=branch_id))
        self.member_table.resizeColumnsToContents()
        self.record_table.resizeColumnsToContents()
        short = sum(r.short for r in rows)
        unknown = sum(r.unknown for r in rows)
        judged = sum(r.judged for r in rows)  # a member who left the roster is listed, not judged
        untimed = len({s.id for r in rows for s in r.untimed})
        text = self.tr("{0}年度：党员 {1} 名，达标 {2} 名，未达标 {3} 名，无法判断 {6} 名。依据《中国共产党党员教育管理工作条例》"
                       "第二十条，每名党员每年集中学习培训一般不少于 {4} 学时（1 学时 = {5} 分钟；年度中途转入或离开的按在册月数折算）。"
                       ).format(year, judged, judged - short - unknown, short, REQUIRED_HOURS, MINUTES_PER_HOUR,
                                unknown)
        if len(rows) > judged:
            text += self.tr("另有 {0} 名党员年内已转出、离世或出党，只列出在册月份的学时，不作评定。").format(len(rows) - judged)
        if untimed:
            text += self.tr("另有 {0} 次会议未填起止时间，学时无法计算：请在会议记录中补填，或在设置中规定标准时长。").format(untimed)
        spans = sorted({r.span_note for r in rows if r.span_note and r.judged})  # no 启用日期 (TK-9)
        text += "".join(f"{note}。" for note in spans)
        waiting = unstarted_note(self.context.db, year, branch_id)
        if waiting:  # not "党员 0 名" for a roster whose records have not started
            text = text + f"{waiting}。" if judged else self.tr("{0}年度：{1}。").format(year, waiting)
        self.summary.setText(text)
        self._update_count()

    def _update_count(self) -> None:
        self.record_count.setText(self.tr("学习培训记录 {0} / 共 {1} 条").format(
            self.record_proxy.rowCount(), self.records.rowCount()))

    def _search(self, text: str) -> None:
        self.member_proxy.set_search(text)
        self.record_proxy.set_search(text)
        self._update_count()

    def _short_only(self, on: bool) -> None:
        self.member_proxy.set_filter("short", (lambda r: r.short or r.unknown) if on else None)  # 未达标 and 无法判断

    def selected(self) -> StudyRecordDTO | None:
        rows = self.record_table.selectionModel().selectedRows()
        return self.record_proxy.record_at(rows[0].row()) if rows else None

    # --- records
    def _open(self, record: StudyRecordDTO | None) -> StudyRecordDialog:
        dialog = StudyRecordDialog(self.context, record, self.branch.currentData(), self)
        if dialog.exec() and dialog.saved is not None:
            self.reload()
            self.context.data_changed.emit("meetings")
            if record is None:  # said where the tab shows its figures, not only reloaded (tk10)
                self.summary.setText(self.tr("已登记 {0} 名党员的学习培训记录。").format(len(dialog.saved_all))
                                     + self.summary.text())
        return dialog

    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        record = self.selected()
        if record is not None:
            self._open(record)

    def delete(self) -> None:
        record = self.selected()
        if record is None:
            return
        if QMessageBox.question(self, self.tr("删除"), self.tr("把{0}的“{1}”（{2} 学时）移到回收站？").format(
                record.name, record.title, hours_text(record.hours))) != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_study_record(self.context.db, record.id)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("未能删除"), str(exc))
            return
        self.reload()
        self.context.data_changed.emit("meetings")

    # --- files
    def import_excel(self) -> None:
        db = self.context.db

        def run(path: Path, dry_run: bool, progress: Any, cancelled: Any) -> Any:
            return import_study_records(db, path, dry_run=dry_run, progress=progress, cancelled=cancelled)

        if ImportDialog(self.context, self.tr("导入党员学习培训记录"), run, self).exec():
            self.reload()
            self.context.data_changed.emit("meetings")

    def export_excel(self) -> None:
        year = self.year.value()
        branch = self.branch.currentText() if self.branch.currentData() is not None else None
        name = ask_save_name(self, self.tr("导出党员学习学时台账"), "年度党员学习学时台账.xlsx", "Excel (*.xlsx)",
                             db=self.context.db, year=year, scope=branch or "")
        if not name:
            return
        db = self.context.db
        run_task(self, lambda _progress, _cancelled: export_study_hours(db, Path(name), year=year, branch=branch),
                 lambda counts: QMessageBox.information(
                     self, self.tr("导出完成"),
                     self.tr("已导出 {0} 名党员的学时和 {1} 条学习培训记录到 {2}。").format(counts[0], counts[1], name)),
                 lambda error: failure_box(self, self.tr("导出失败"), error),
                 label=self.tr("正在导出……"), pool=self.context.pool)

    def save_template(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("保存空白模板"), "党员学习培训记录模板.xlsx", "Excel (*.xlsx)")
        if name:
            export_study_template(Path(name))
            QMessageBox.information(self, self.tr("已保存"), self.tr("空白模板已保存到 {0}。").format(name))
