"""三会一课 and 主题党日 pages: the meeting list (search, year / branch / kind filters, recycle bin),
the record form with fast entry, 定稿, Excel import/export, a record as PDF, the regulation calendar,
the annual plan and 谈心谈话 coverage. The 主题党日 page is the same page narrowed to that kind."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.file_errors import file_error
from branchdesk.domain.findings import Finding
from branchdesk.domain.meetings.periods import parse_period
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.errors import ServiceError
from branchdesk.services.meetings.excel import export_meetings, export_meetings_template, import_meetings
from branchdesk.services.meetings.printing import export_meeting_record_pdf
from branchdesk.services.meetings.records import (
    delete_meeting,
    finalise_meeting,
    get_meeting,
    list_meetings,
    prefill,
    restore_meeting,
)
from branchdesk.services.meetings.sittings import MeetingSummary
from branchdesk.services.roster.organisation import list_orgs
from branchdesk.ui.context import AppContext
from branchdesk.ui.import_dialog import ImportDialog
from branchdesk.ui.meetings.calendar_tab import CalendarTab
from branchdesk.ui.meetings.meeting_dialog import FINALISE_QUESTION, MeetingDialog
from branchdesk.ui.meetings.plan_tab import PlanTab, TalksTab
from branchdesk.ui.meetings.study_tab import StudyTab
from branchdesk.ui.widgets.action_bar import Control, action_bar
from branchdesk.ui.widgets.column_menu import choose_columns
from branchdesk.ui.widgets.hinted_table import HintedTableView
from branchdesk.ui.widgets.icons import icon
from branchdesk.ui.widgets.list_keys import keyboard_list
from branchdesk.ui.widgets.save_file import ask_save_name
from branchdesk.ui.widgets.style import make_primary
from branchdesk.ui.widgets.table_fit import fit_table
from branchdesk.ui.widgets.table_model import ColumnSpec, FilterProxy, RecordTableModel

COLUMNS: list[ColumnSpec[MeetingSummary]] = [
    ColumnSpec("日期", lambda m: m.date),
    ColumnSpec("时间", lambda m: m.start_time),
    ColumnSpec("会议类型", lambda m: m.kinds_text),
    ColumnSpec("党支部", lambda m: m.branch),
    ColumnSpec("党小组", lambda m: m.group),
    ColumnSpec("主题", lambda m: m.topic),
    ColumnSpec("主持人", lambda m: m.host),
    ColumnSpec("记录人", lambda m: m.recorder),
    ColumnSpec("应到", lambda m: m.expected, align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
    ColumnSpec("实到", lambda m: m.present, align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
    ColumnSpec("出席率", lambda m: m.rate_text),
    ColumnSpec("附件", lambda m: m.attachment_count or ""),
    ColumnSpec("所属期间", lambda m: m.period_text),  # 补开2025年7月 / 为2024年度召开 (issue 13)
    ColumnSpec("状态", lambda m: ("已定稿" if m.finalised else "草稿未定稿") if m.has_content else "没有内容",
               color=lambda m: "#1b5e20" if m.counts else "#8a6d00",
               tooltip=lambda m: "" if m.counts else (
                   "会议日期在今天之后，尚未召开，不计入规定召开次数；请核对会议日期"
                   if m.finalised and m.has_content else "草稿和没有主题、内容的记录不计入规定召开次数")),
    ColumnSpec("编号", lambda m: m.id),  # what `branchdesk export meeting-record --id` takes
]


def _haystack(m: MeetingSummary) -> str:
    return (f"{m.topic} {m.kinds_text} {m.branch} {m.group} {m.host} {m.recorder} {m.lecturer} {m.date:%Y-%m-%d}"
            f" {' '.join(m.group_names)}")  # a 党小组 by any of its names (TY-5)


class MeetingsPage(QWidget):
    """Page of the 三会一课 area; `fixed_kind` narrows it (the 主题党日 area)."""

    fixed_kind: str | None = None

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.search = QLineEdit()
        self.search.setObjectName("meetingSearch")
        self.search.setPlaceholderText(self.tr("搜索主题、类型、主持人、日期（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.year = QComboBox()
        self.year.addItem(self.tr("全部年度"), None)
        for year in range(date.today().year, date.today().year - 11, -1):
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(1)
        self.branch = QComboBox()
        self.branch.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("全部类型"), None)
        for kind in MeetingKind:
            self.kind.addItem(kind.value, kind.value)
        if self.fixed_kind:
            self.kind.setCurrentIndex(self.kind.findData(self.fixed_kind))
            self.kind.setEnabled(False)
        self.recycle = QCheckBox(self.tr("回收站"))
        self.count_label = QLabel()
        self.model: RecordTableModel[MeetingSummary] = RecordTableModel(COLUMNS, self)
        self.proxy = FilterProxy(self, haystack=_haystack)
        self.proxy.setSourceModel(self.model)
        self.table = HintedTableView(self.tr(
            "还没有会议记录。点“新建记录”登记一次会议，或在“更多”中选“从 Excel 导入”，导入原有的三会一课台账（Ctrl+I）。"))
        self.table.setObjectName("meetingTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        keyboard_list(self.table, self.edit_meeting, self.search)  # Enter, double click; Down from the search
        # at 1366×768 the other text columns give way (elided) so that 所属期间 (补开2025年7月) and 状态 are read whole
        fit_table(self.table, keep=[i for i, c in enumerate(COLUMNS) if c.title in ("所属期间", "状态")])
        # shown from the header's menu (right click): the 主题 has their room at 1366×768
        choose_columns(self.table, "themeday" if self.fixed_kind else "meetings", hidden=("记录人", "编号"),
                       fixed=("日期",))
        self.search.textChanged.connect(self._search)
        for combo in (self.year, self.branch, self.kind):
            combo.currentIndexChanged.connect(self.reload)
        self.recycle.toggled.connect(self.reload)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)

        self.new_button = QPushButton(self.tr("新建记录"))
        self.new_button.setObjectName("newMeeting")
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.setIcon(icon("plus", "#ffffff"))
        make_primary(self.new_button)
        menu = QMenu(self.new_button)
        offered: list[str] = [self.fixed_kind] if self.fixed_kind else [k.value for k in MeetingKind]
        for name in offered:
            menu.addAction(name, lambda k=name: self.new_meeting(k))
        self.new_button.setMenu(menu)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_button.showMenu)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        self.buttons: dict[str, Control] = {}
        action_bar(buttons, self, (
            (self.tr("编辑"), self.edit_meeting, None), (self.tr("定稿"), self.finalise, None),
        ), (
            (self.tr("打印记录（PDF）"), self.export_pdf, "Ctrl+P"), (self.tr("删除"), self.delete, "Delete"),
            (self.tr("恢复"), self.restore, None), (self.tr("从 Excel 导入"), self.import_excel, "Ctrl+I"),
            (self.tr("导出台账"), self.export_excel, "Ctrl+E"), (self.tr("空白模板"), self.save_template, None),
        ), self.buttons, self.table, accent=False)  # 新建记录 is this page's main action
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for widget in (self.year, self.branch, self.kind, self.recycle):
            filters.addWidget(widget)
        filters.addWidget(self.count_label, 1, Qt.AlignmentFlag.AlignRight)
        records = QWidget()
        list_layout = QVBoxLayout(records)
        list_layout.addLayout(filters)
        list_layout.addWidget(self.table, 1)
        list_layout.addLayout(buttons)

        kinds = {self.fixed_kind} if self.fixed_kind else None
        self.calendar = CalendarTab(context, self.branch_choices, kinds)
        self.calendar.record_requested.connect(self.record_for)
        self.plan = PlanTab(context, self.branch_choices, [self.fixed_kind] if self.fixed_kind else None)
        self.tabs = QTabWidget()
        self.tabs.addTab(records, self.tr("{0}记录").format(self.fixed_kind or self.tr("会议")))
        self.tabs.addTab(self.calendar, self.tr("规定次数检查"))
        self.tabs.addTab(self.plan, self.tr("年度计划"))
        self.talks: TalksTab | None = None
        self.study: StudyTab | None = None
        if not self.fixed_kind:
            self.talks = TalksTab(context, self.branch_choices)
            self.tabs.addTab(self.talks, self.tr("谈心谈话"))
            self.study = StudyTab(context, self.branch_choices)  # MTG-STUDY-HOURS
            self.tabs.addTab(self.study, self.tr("学习学时"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        context.data_changed.connect(self._data_changed)

    # --- loading
    def branch_choices(self) -> list[tuple[str, int]]:
        return [(o.name, o.id) for o in list_orgs(self.context.db, OrgKind.BRANCH)]

    def refresh(self) -> None:
        current = self.branch.currentData()
        self.branch.blockSignals(True)
        self.branch.clear()
        self.branch.addItem(self.tr("全部党支部"), None)
        for name, branch_id in self.branch_choices():
            self.branch.addItem(name, branch_id)
        self.branch.setCurrentIndex(max(self.branch.findData(current), 0))
        self.branch.blockSignals(False)
        self.reload()
        self._tab_changed(self.tabs.currentIndex())

    def reload(self) -> None:
        rows = list_meetings(self.context.db, year=self.year.currentData(), branch_id=self.branch.currentData(),
                             kind=self.kind.currentData(), deleted=self.recycle.isChecked())
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self._update_count()

    def _tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is not None and widget is not self.tabs.widget(0):
            widget.refresh()  # type: ignore[attr-defined]  # every tab has refresh()

    def _data_changed(self, area: str) -> None:
        if area in ("roster", "meetings") and self.isVisible():
            self.reload()

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("显示 {0} / 共 {1} 次").format(self.proxy.rowCount(), self.model.rowCount()))

    def selected(self) -> MeetingSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.record_at(rows[0].row()) if rows else None

    # --- records
    def new_meeting(self, kind: str, branch_id: int | None = None, on: date | None = None) -> MeetingDialog | None:
        """Fast entry: the form starts from the last record of this kind (of the chosen branch)."""
        if not self.branch_choices():
            QMessageBox.information(self, self.tr("请先建立党支部"), self.tr("还没有党支部，请先在“组织与党员”中建立。"))
            return None
        branch_id = branch_id if branch_id is not None else self.branch.currentData()
        data = prefill(self.context.db, kind, branch_id=branch_id, on=on or date.today())
        dialog = MeetingDialog(self.context, data, None, self)
        self._open_dialog(dialog)
        return dialog

    def _open_dialog(self, dialog: MeetingDialog) -> None:
        if dialog.exec() and dialog.saved is not None:
            self.reload()
            self.context.data_changed.emit("meetings")
            for row in range(self.proxy.rowCount()):
                if self.proxy.record_at(row).id == dialog.saved.id:
                    self.table.selectRow(row)
                    break

    def edit_meeting(self) -> None:
        summary = self.selected()
        if summary is None or self.recycle.isChecked():
            return
        record = get_meeting(self.context.db, summary.id)
        self._open_dialog(MeetingDialog(self.context, record.to_input(), record, self))

    def record_for(self, branch: str, kind: str, period: str) -> None:
        """A calendar finding or a home-page to-do: open a new record for that branch and kind, dated
        inside the period when it is past (补录), today otherwise."""
        branch_id = next((i for name, i in self.branch_choices() if name == branch), None)
        on = date.today()
        try:
            parsed = parse_period(period) if period else None
        except ValueError:
            parsed = None
        if parsed is not None and parsed.end < on:
            on = parsed.end
        self.tabs.setCurrentIndex(0)
        self.new_meeting(kind, branch_id, on)

    def open_item(self, payload: object) -> None:
        """Called by the main window when the home page opens one of this area's to-dos."""
        if isinstance(payload, Finding) and payload.rule == "MTG-STUDY-HOURS" and self.study is not None:
            self.tabs.setCurrentWidget(self.study)
            self.study.show_branch(payload.branch or "", int(payload.period or date.today().year))
        elif isinstance(payload, Finding) and payload.rule == "MTG-YEARLY-TALKS" and self.talks is not None:
            self.tabs.setCurrentWidget(self.talks)  # who still has to talk with whom
            self.talks.bar.fill()
            index = self.talks.bar.branch.findText(payload.branch or "")
            if index >= 0:
                self.talks.bar.branch.setCurrentIndex(index)
        elif isinstance(payload, Finding) and payload.meeting_type:
            self.record_for(payload.branch or "", payload.meeting_type, payload.period or "")

    def finalise(self) -> None:
        summary = self.selected()
        if summary is None or summary.finalised:
            return
        if QMessageBox.question(self, self.tr("定稿"), self.tr(FINALISE_QUESTION)) != QMessageBox.StandardButton.Yes:
            return
        try:
            finalise_meeting(self.context.db, summary.id)
        except ServiceError as exc:  # e.g. a 主题党日 without its theme or content
            QMessageBox.warning(self, self.tr("还不能定稿"), str(exc))
            return
        self.reload()

    def delete(self) -> None:
        summary = self.selected()
        if summary is None or self.recycle.isChecked():
            return
        reason = ""
        if summary.finalised:
            reason, ok = QInputDialog.getText(self, self.tr("删除已定稿的记录"), self.tr("请填写删除原因："))
            if not ok:
                return
        elif QMessageBox.question(self, self.tr("删除"), self.tr("把这条记录移到回收站？")) != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_meeting(self.context.db, summary.id, reason)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("未能删除"), str(exc))
            return
        self.reload()
        self.context.data_changed.emit("meetings")

    def restore(self) -> None:
        summary = self.selected()
        if summary is not None and self.recycle.isChecked():
            restore_meeting(self.context.db, summary.id)
            self.reload()
            self.context.data_changed.emit("meetings")

    # --- files
    def export_pdf(self) -> None:
        summary = self.selected()
        if summary is None:
            QMessageBox.information(self, self.tr("打印记录"), self.tr("请先在列表中选中一次会议。"))
            return
        name = ask_save_name(self, self.tr("保存会议记录 PDF"), f"{summary.date:%Y%m%d}会议记录.pdf", "PDF (*.pdf)",
                             db=self.context.db, scope=summary.branch)
        if name:
            export_meeting_record_pdf(self.context.db, summary.id, Path(name))
            QMessageBox.information(self, self.tr("导出完成"), self.tr("已保存到 {0}").format(name))

    def import_excel(self) -> None:
        db = self.context.db

        def run(path: Path, dry_run: bool, progress: Any, cancelled: Any) -> Any:
            return import_meetings(db, path, dry_run=dry_run, progress=progress, cancelled=cancelled)

        if ImportDialog(self.context, self.tr("导入三会一课台账"), run, self).exec():
            self.reload()
            self.context.data_changed.emit("meetings")

    def export_excel(self) -> None:
        year = self.year.currentData()
        name = ask_save_name(self, self.tr("导出三会一课台账"), "三会一课台账.xlsx", "Excel (*.xlsx)", db=self.context.db,
                             year=year, scope=self.branch.currentText() if self.branch.currentData() is not None else "")
        if not name:
            return
        branch = self.branch.currentText() if self.branch.currentData() is not None else None
        try:
            count = export_meetings(self.context.db, Path(name), year=year, branch=branch)
        except (OSError, ServiceError) as exc:
            QMessageBox.warning(self, self.tr("导出失败"), file_error(exc, name, writing=True))
            return
        QMessageBox.information(self, self.tr("导出完成"), self.tr("已导出 {0} 次会议到 {1}。").format(count, name))

    def save_template(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("保存空白模板"), "三会一课台账模板.xlsx", "Excel (*.xlsx)")
        if name:
            export_meetings_template(Path(name))


class ThemeDayPage(MeetingsPage):
    """主题党日 (MTG-MONTHLY-THEME-DAY): the same list narrowed to that kind, its monthly check and plan."""

    fixed_kind = MeetingKind.THEME_DAY.value
