"""发展党员: the list of people in development with their stage, what is due and what is wrong,
beside the selected person's 25-step timeline; a pipeline board by stage; the year's figures; and
Excel import (with preview) and export of the 发展党员工作台账."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.development.steps import STAGES, Outcome
from branchdesk.domain.development.timeline import YearFigures
from branchdesk.domain.file_errors import file_error
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.development.checks import CaseSummary, figures, pipeline, summaries
from branchdesk.services.development.excel import (
    export_development,
    export_development_template,
    import_development,
)
from branchdesk.services.development.records import delete_case
from branchdesk.services.roster.organisation import list_orgs
from branchdesk.ui.context import AppContext
from branchdesk.ui.development.dialogs import PersonDialog, tell
from branchdesk.ui.development.timeline_panel import TimelinePanel
from branchdesk.ui.import_dialog import ImportDialog
from branchdesk.ui.tasks import failure_box, run_quietly
from branchdesk.ui.widgets.action_bar import Control, action_bar
from branchdesk.ui.widgets.detail_pane import DetailPane
from branchdesk.ui.widgets.hinted_table import HintedTableView
from branchdesk.ui.widgets.list_keys import keyboard_list
from branchdesk.ui.widgets.save_file import ask_save_name
from branchdesk.ui.widgets.table_fit import WIDEST, fit_table
from branchdesk.ui.widgets.table_model import ColumnSpec, FilterProxy, RecordTableModel

CASE_COLUMNS: list[ColumnSpec[CaseSummary]] = [
    ColumnSpec("姓名", lambda s: s.case.name),
    ColumnSpec("所在党支部", lambda s: s.case.branch),
    ColumnSpec("阶段", lambda s: s.stage),
    ColumnSpec("申请入党日期", lambda s: s.case.on(1)),
    ColumnSpec("下一期限", lambda s: s.next_due, color=lambda s: "#b00020" if s.next_due and s.next_due < date.today() else None),
    ColumnSpec("待办事项", lambda s: s.next_step),
    ColumnSpec("问题", lambda s: s.errors, color=lambda s: "#b00020" if s.errors else None),
    ColumnSpec("提醒", lambda s: s.warnings, color=lambda s: "#e65100" if s.warnings else None),
]
# the list's columns, the first kept while a person's steps are open (_fit_list)
LIST_KEPT = ("姓名", "阶段")
LIST_PRIORITY = (*LIST_KEPT, "所在党支部", "下一期限", "待办事项", "问题", "提醒", "申请入党日期")


class DevelopmentPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.as_of = date.today()
        self._pending: object = None  # a record to show once the list has loaded
        self.tabs = QTabWidget()
        self.tabs.addTab(self._people_tab(), self.tr("人员与时间线"))
        self.board = QWidget()
        self.board_layout = QGridLayout(self.board)
        self.board_lists: dict[str, tuple[QLabel, QListWidget]] = {}
        columns = [s.value for s in STAGES] + [Outcome.CANCELLED.value, Outcome.STOPPED.value]
        for index, stage in enumerate(columns):
            label, names = QLabel(stage), QListWidget()
            label.setStyleSheet("font-weight: bold")
            names.setObjectName(f"board-{stage}")
            names.itemActivated.connect(lambda item: self._open_name(item.text()))
            self.board_layout.addWidget(label, 0, index)
            self.board_layout.addWidget(names, 1, index)
            self.board_lists[stage] = (label, names)
        self.tabs.addTab(self.board, self.tr("流程看板"))
        self.tabs.addTab(self._figures_tab(), self.tr("年度统计"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.context.data_changed.connect(self._other_changed)

    # --- tabs
    def _people_tab(self) -> QWidget:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索姓名、支部（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.stage = QComboBox()
        self.stage.addItem(self.tr("全部阶段"), None)
        for stage in [s.value for s in STAGES] + [Outcome.CANCELLED.value, Outcome.STOPPED.value]:
            self.stage.addItem(stage, stage)
        self.count = QLabel()
        self.model: RecordTableModel[CaseSummary] = RecordTableModel(CASE_COLUMNS, self)
        self.proxy = FilterProxy(self, haystack=lambda s: f"{s.case.name} {s.case.branch} {s.case.id_number}")
        self.proxy.setSourceModel(self.model)
        self.table = HintedTableView(self.tr(
            "还没有发展党员记录。点“新增申请人”登记递交入党申请书的人，或在“更多”中选“从 Excel 导入”，"
            "导入原有的发展党员工作台账（Ctrl+I）。"))
        self.table.setObjectName("developmentTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        keyboard_list(self.table, self.edit_person, self.search)  # Enter, double click; Down from the search
        fit_table(self.table)
        self.search.textChanged.connect(self._search)
        self.stage.currentIndexChanged.connect(self._stage_filter)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)
        self.timeline = TimelinePanel(self.context)
        self.timeline.changed.connect(self._timeline_changed)
        buttons = QHBoxLayout()
        self.buttons: dict[str, Control] = {}
        action_bar(buttons, self, ((self.tr("新增申请人"), self.add_person, "Ctrl+N"),
                                   (self.tr("编辑资料"), self.edit_person, None)),
                   ((self.tr("删除"), self.delete_person, None), (self.tr("从 Excel 导入"), self.import_excel, "Ctrl+I"),
                    (self.tr("导出台账"), self.export_excel, "Ctrl+E"), (self.tr("空白模板"), self.save_template, None)),
                   self.buttons, self.table)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.stage)
        filters.addWidget(self.count)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.timeline)
        self.splitter.setStretchFactor(0, 1)
        # While nobody is chosen the steps pane is a narrow hint and the list has the room (待办事项 whole
        # at 1366×768, trial 9 T9-27). A person's 25 steps take the room (TK-12: at 480 pixels the step
        # names and 问题与提醒 were cut beside a half-empty list): 步骤, 状态, 日期, 期限 and 问题与提醒 whole,
        # with no sideways scroll bar (the other step columns are chosen from the header's menu); the list
        # beside them fits the room it keeps with no sideways scroll bar: 姓名 and 阶段, then as many of its
        # other columns as fit (_fit_list); they come back when no one is chosen.
        self.splitter.setSizes([440, 800])
        self.steps_pane = DetailPane(self.splitter, 1, narrow=180, wide=800, body=[self.timeline.body])
        self.timeline.opened.connect(self.steps_pane.show_detail)
        self.timeline.opened.connect(lambda _shown: QTimer.singleShot(0, self._fit_list))
        self.splitter.splitterMoved.connect(lambda *_: self._fit_list())
        self.proxy.modelReset.connect(lambda: QTimer.singleShot(0, self._fit_list))
        return self.splitter

    def _fit_list(self) -> None:
        """With a person's steps open, the list shows the columns that fit its width, in LIST_PRIORITY's
        order (姓名 and 阶段 always; the steps' heading names the person's branch and stage too) — no
        sideways scroll bar at 1366×768; with no one chosen, every column."""
        header = self.table.horizontalHeader()
        titles = [c.title for c in CASE_COLUMNS]
        hide: set[int] = set()
        if self.steps_pane.open:
            room = self.table.viewport().width() - 2
            used, full = 0, False
            for title in LIST_PRIORITY:
                column = titles.index(title)
                width = min(max(self.table.sizeHintForColumn(column), header.sectionSizeHint(column)), WIDEST)
                if title in LIST_KEPT or (not full and used + width <= room):
                    used += width
                else:
                    full = True  # the rest are laid aside in order, never a later one for an earlier
                    hide.add(column)
        changed = False
        for column in range(len(titles)):
            if header.isSectionHidden(column) != (column in hide):
                header.setSectionHidden(column, column in hide)
                changed = True
        if changed:
            fit_table(self.table)  # the shown columns share the room again

    def _figures_tab(self) -> QWidget:
        widget = QWidget()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setPrefix(self.tr("年度 "))
        self.year.valueChanged.connect(lambda _v: self._load_figures())
        self.figures_model: RecordTableModel[tuple[str, int]] = RecordTableModel(
            [ColumnSpec("项目", lambda r: r[0]), ColumnSpec("人数", lambda r: r[1], align=Qt.AlignmentFlag.AlignRight)], self)
        view = QTableView()
        view.setObjectName("figuresTable")
        view.setModel(self.figures_model)
        view.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(widget)
        layout.addWidget(self.year, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(view, 1)
        return widget

    # --- loading
    def refresh(self) -> None:
        """Reload the list off the GUI thread (thousands of records are checked), then the rest."""
        db, as_of, year = self.context.db, self.as_of, self.year.value()

        def work(_progress, _cancelled):
            return summaries(db, as_of), pipeline(db), figures(db, year)

        run_quietly(self, work, self._loaded, lambda error: failure_box(self, self.tr("读取失败"), error))

    def _loaded(self, result: tuple[list[CaseSummary], dict[str, list[str]], YearFigures]) -> None:
        rows, board, year = result
        selected = self.timeline.case.id if self.timeline.case else None
        self.model.set_rows(rows)
        self._update_count()
        for stage, (label, names) in self.board_lists.items():
            label.setText(f"{stage}（{len(board.get(stage, []))}）")
            names.clear()
            names.addItems(board.get(stage, []))
        self.figures_model.set_rows(year.rows())
        if self._pending is not None:
            self._apply_pending()
        elif selected is not None:
            self.select_case(selected)

    def _load_figures(self) -> None:
        self.figures_model.set_rows(figures(self.context.db, self.year.value()).rows())

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(self.tr("{0} / {1} 人").format(self.proxy.rowCount(), self.model.rowCount()))

    def _stage_filter(self) -> None:
        value = self.stage.currentData()
        self.proxy.set_filter("stage", (lambda s: s.stage == value) if value else None)
        self._update_count()

    def _other_changed(self, area: str) -> None:
        if area == "roster" and self.isVisible():  # an introducer's standing may have changed
            self.refresh()

    # --- selection
    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        index = self.table.currentIndex()
        row = rows[0].row() if rows else (index.row() if index.isValid() else -1)
        self.timeline.show_case(self.proxy.record_at(row).case.id if row >= 0 else None, self.as_of)

    def select_case(self, case_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.record_at(row).case.id == case_id:
                self.table.selectRow(row)
                self.timeline.show_case(case_id, self.as_of)
                return

    def _open_name(self, name: str) -> None:
        self.tabs.setCurrentIndex(0)
        for row in range(self.proxy.rowCount()):
            if self.proxy.record_at(row).case.name == name:
                self.select_case(self.proxy.record_at(row).case.id)
                return

    def open_item(self, payload: object) -> None:
        """From the home page's to-dos: a Finding (its person), a record id or a person's name. The
        list may still be loading, so the choice is kept and applied when it arrives."""
        person = getattr(payload, "person", None)
        self._pending = person or payload
        if self.model.rowCount():
            self._apply_pending()

    def _apply_pending(self) -> None:
        pending, self._pending = self._pending, None
        if isinstance(pending, int):
            self.select_case(pending)
        elif isinstance(pending, str):
            self._open_name(pending)

    # --- actions
    def _branches(self) -> list[str]:
        return [r.name for r in list_orgs(self.context.db, OrgKind.BRANCH)]

    def add_person(self) -> None:
        branches = self._branches()
        if not branches:
            QMessageBox.information(self, self.tr("请先建立党支部"), self.tr("还没有党支部，请先在“组织与党员”中建立。"))
            return
        dialog = PersonDialog(self.context, branches, None, self)
        if dialog.exec() and dialog.saved is not None:
            self._changed(dialog.saved.id)

    def edit_person(self) -> None:
        case = self.timeline.case
        if case is None:
            return
        dialog = PersonDialog(self.context, self._branches(), case, self)
        if dialog.exec() and dialog.saved is not None:
            self._changed(case.id)
            tell(self, dialog.note)  # what the edit did to the roster (a 支部调整, a particular kept)

    def delete_person(self) -> None:
        """Move the record to the recycle bin (设置 → 回收站 restores it); a rostered person stays in the roster."""
        case = self.timeline.case
        if case is None:
            return
        answer = QMessageBox.question(self, self.tr("删除发展党员记录"), self.tr(
            "把“{0}”的发展党员记录移入回收站？可在“设置 → 回收站”中恢复；党员名册中的记录不受影响。").format(case.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        delete_case(self.context.db, case.id)
        self.timeline.show_case(None)
        self._changed(None)

    def _timeline_changed(self) -> None:
        self._changed(self.timeline.case.id if self.timeline.case else None)

    def _changed(self, case_id: int | None) -> None:
        """Reload off the GUI thread and come back to the record just edited."""
        self._pending = case_id
        self.context.data_changed.emit("development")
        self.refresh()

    def import_excel(self) -> None:
        db = self.context.db

        def run(path: Path, dry_run: bool, progress: Any, cancelled: Any) -> Any:
            return import_development(db, path, dry_run=dry_run, progress=progress, cancelled=cancelled)

        if ImportDialog(self.context, self.tr("导入发展党员工作台账"), run, self).exec():
            self.context.data_changed.emit("roster")
            self._changed(None)

    def export_excel(self) -> None:
        name = ask_save_name(self, self.tr("导出发展党员工作台账"), "发展党员工作台账.xlsx", "Excel (*.xlsx)",
                             db=self.context.db, year=date.today().year)
        if not name:
            return
        try:
            count = export_development(self.context.db, Path(name))
        except OSError as exc:
            QMessageBox.warning(self, self.tr("导出失败"), file_error(exc, name, writing=True))
            return
        QMessageBox.information(self, self.tr("导出完成"), self.tr("已导出 {0} 人到 {1}（身份证号已遮蔽）。").format(count, name))

    def save_template(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("保存空白模板"), "发展党员工作台账模板.xlsx", "Excel (*.xlsx)")
        if name:
            export_development_template(Path(name))
