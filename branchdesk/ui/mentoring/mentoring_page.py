"""结对帮扶: the list of pairs with filters (kind, branch, status, mentor) and search, the selected
pair's page below it (log, outcomes, evaluations), Excel import/export of the 结对帮扶台账, and the
year's figures per branch on a second tab."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.file_errors import file_error
from branchdesk.domain.findings import Finding
from branchdesk.domain.mentoring.records import PairRecord, PairStatus
from branchdesk.services.errors import ServiceError
from branchdesk.services.mentoring.excel import export_mentoring, export_mentoring_template, import_mentoring
from branchdesk.services.mentoring.lists import get_lists
from branchdesk.services.mentoring.records import delete_pair, list_pairs, set_status
from branchdesk.ui.context import AppContext
from branchdesk.ui.import_dialog import ImportDialog
from branchdesk.ui.mentoring.columns import PAIR_COLUMNS
from branchdesk.ui.mentoring.figures_view import FiguresView
from branchdesk.ui.mentoring.lists_dialog import ListsDialog
from branchdesk.ui.mentoring.pair_dialog import PairDialog
from branchdesk.ui.mentoring.pair_panel import PairPanel
from branchdesk.ui.mentoring.result_dialogs import StatusDialog
from branchdesk.ui.widgets.action_bar import Control, action_bar
from branchdesk.ui.widgets.column_menu import choose_columns
from branchdesk.ui.widgets.hinted_table import HintedTableView
from branchdesk.ui.widgets.list_keys import keyboard_list
from branchdesk.ui.widgets.save_file import ask_save_name
from branchdesk.ui.widgets.table_model import FilterProxy, RecordTableModel


def _haystack(p: PairRecord) -> str:
    return f"{p.mentor} {p.mentee_label} {p.mentee_category} {p.kind} {p.branch} {p.goals}"


# Hidden until the user shows it (right click on the header): 13 columns scroll sideways at
# 1366×768 (trial 9 T9-27). 活动次数 and the activities below say how much was done; 年度统计
# totals the hours.
SELDOM_SHOWN = ("时长（小时）",)


class MentoringPage(QWidget):
    FILTERS = ("kind", "branch", "status", "mentor")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.search = QLineEdit()
        self.search.setObjectName("pairSearch")
        self.search.setPlaceholderText(self.tr("搜索导师、结对对象、班级（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.combos: dict[str, QComboBox] = {}
        for key in self.FILTERS:
            combo = QComboBox()
            combo.setObjectName(f"filter_{key}")
            combo.currentIndexChanged.connect(lambda _i, k=key: self._apply_filter(k))
            self.combos[key] = combo
        self.count_label = QLabel()
        self.model: RecordTableModel[PairRecord] = RecordTableModel(PAIR_COLUMNS, self)
        self.proxy = FilterProxy(self, haystack=_haystack)
        self.proxy.setSourceModel(self.model)
        self.table = HintedTableView(self.tr(
            "还没有帮扶结对。点“新增结对”登记一对师徒（青蓝工程等），或在“更多”中选“从 Excel 导入”，"
            "导入原有的结对帮扶台账（Ctrl+I）。"))
        self.table.setObjectName("pairTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        keyboard_list(self.table, self.edit_pair, self.search)  # Enter, double click; Down from the search
        choose_columns(self.table, "mentoring", hidden=SELDOM_SHOWN, fixed=("导师（帮扶人）",))
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_selected())
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.search.textChanged.connect(self._search)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)

        self.panel = PairPanel(context)
        self.panel.changed.connect(lambda _id: self.reload())

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for key in self.FILTERS:
            filters.addWidget(self.combos[key])
        filters.addWidget(self.count_label, 1, Qt.AlignmentFlag.AlignRight)
        buttons = QHBoxLayout()
        self.buttons: dict[str, Control] = {}
        action_bar(buttons, self, (
            (self.tr("新增结对"), self.add_pair, "Ctrl+N"),
            (self.tr("编辑"), self.edit_pair, None),
        ), (
            (self.tr("结束结对"), lambda: self.change_status(PairStatus.FINISHED), None),
            (self.tr("中止结对"), lambda: self.change_status(PairStatus.STOPPED), None),
            (self.tr("恢复进行中"), lambda: self.change_status(PairStatus.ACTIVE), None),
            (self.tr("删除"), self.remove_pair, None),
            (self.tr("从 Excel 导入"), self.import_excel, "Ctrl+I"),
            (self.tr("导出台账"), self.export_excel, "Ctrl+E"),
            (self.tr("空白模板"), self.save_template, None),
            (self.tr("设置…"), self.edit_lists, None),
        ), self.buttons, self.table)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.panel)
        self.splitter.setSizes([420, 380])

        self.figures = FiguresView(context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.splitter, self.tr("结对与活动"))
        self.tabs.addTab(self.figures, self.tr("年度统计"))
        self.tabs.currentChanged.connect(lambda i: self.figures.refresh() if i == 1 else None)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    # --- loading
    def refresh(self) -> None:
        self.reload()
        if self.tabs.currentIndex() == 1:
            self.figures.refresh()

    def reload(self) -> None:
        selected = self.panel.pair.id if self.panel.pair else None
        pairs = list_pairs(self.context.db)
        self.model.set_rows(pairs)
        self._fill_filters(pairs)
        self._update_count()
        if selected is not None:
            self.select_pair(selected)

    def _fill_filters(self, pairs: list[PairRecord]) -> None:
        lists = get_lists(self.context.db)
        options: dict[str, tuple[str, list[tuple[str, object]]]] = {
            "kind": (self.tr("全部类型"), [(k, k) for k in lists.pair_kinds]),
            "branch": (self.tr("全部支部"), list(dict.fromkeys((p.branch, p.branch_id) for p in pairs))),
            "status": (self.tr("全部状态"), [(s.value, s.value) for s in PairStatus]),
            "mentor": (self.tr("全部导师"), sorted({(p.mentor, p.mentor_id) for p in pairs})),
        }
        for key, (everything, items) in options.items():
            combo = self.combos[key]
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
            combo.blockSignals(False)
            self._apply_filter(key)

    def _apply_filter(self, key: str) -> None:
        value = self.combos[key].currentData()
        field = {"kind": "kind", "branch": "branch_id", "status": "status", "mentor": "mentor_id"}[key]
        self.proxy.set_filter(key, None if value is None else (lambda p, f=field, v=value: getattr(p, f) == v))
        self._update_count()

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _update_count(self, *_args: object) -> None:
        self.count_label.setText(self.tr("显示 {0} / 共 {1} 对").format(self.proxy.rowCount(), self.model.rowCount()))

    def _show_selected(self) -> None:
        self.panel.show_pair(self.selected_pair())

    def selected_pair(self) -> PairRecord | None:
        index = self.table.selectionModel().currentIndex()
        return self.proxy.record_at(index.row()) if index.isValid() else None

    def select_pair(self, pair_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.record_at(row).id == pair_id:
                self.table.selectRow(row)
                self._show_selected()
                return True
        self.panel.show_pair(None)
        return False

    def open_item(self, payload: object) -> None:
        """Open the pair a home-page reminder is about (the finding names branch, mentor and pair)."""
        if not isinstance(payload, Finding):
            return
        self.tabs.setCurrentIndex(0)
        for key in self.FILTERS:
            self.combos[key].setCurrentIndex(0)
        self.search.clear()
        for pair in self.model.rows():
            label = f"{pair.mentor}—{pair.mentee_label}（{pair.kind}）"
            if pair.branch == payload.branch and label in payload.message:
                self.select_pair(pair.id)
                return

    # --- actions
    def _after_change(self, pair: PairRecord | None) -> None:
        self.reload()
        self.context.data_changed.emit("mentoring")
        if pair is not None:
            self.select_pair(pair.id)

    def add_pair(self) -> None:
        dialog = PairDialog(self.context, None, self)
        if dialog.exec():
            self._after_change(dialog.saved)

    def edit_pair(self) -> None:
        pair = self.selected_pair()
        if pair is None:
            return
        dialog = PairDialog(self.context, pair, self)
        if dialog.exec():
            self._after_change(dialog.saved)

    def change_status(self, status: PairStatus) -> None:
        pair = self.selected_pair()
        if pair is None:
            QMessageBox.information(self, self.tr("结对状态"), self.tr("请先在列表中选中一对结对。"))
            return
        if status == PairStatus.ACTIVE:
            try:
                self._after_change(set_status(self.context.db, pair.id, status.value))
            except ServiceError as exc:
                QMessageBox.warning(self, self.tr("无法保存"), str(exc))
            return
        if StatusDialog(self.context, pair, status, self).exec():
            self._after_change(pair)

    def remove_pair(self) -> None:
        pair = self.selected_pair()
        if pair is None:
            return
        answer = QMessageBox.question(self, self.tr("删除结对"), self.tr(
            "删除“{0} — {1}”及其活动记录？删除后可在回收站恢复。").format(pair.mentor, pair.mentee_label))
        if answer == QMessageBox.StandardButton.Yes:
            delete_pair(self.context.db, pair.id)
            self.panel.show_pair(None)
            self._after_change(None)

    def import_excel(self) -> None:
        db = self.context.db

        def run(path: Path, dry_run: bool, progress: Any, cancelled: Any) -> Any:
            return import_mentoring(db, path, dry_run=dry_run, progress=progress, cancelled=cancelled)

        if ImportDialog(self.context, self.tr("导入结对帮扶台账"), run, self).exec():
            self._after_change(None)

    def export_excel(self) -> None:
        """The ledger of one year (pairs that ran in it, outcomes dated in it) or of all pairs."""
        this_year = date.today().year
        choices = [self.tr("{0}年度").format(y) for y in range(this_year, this_year - 6, -1)] + [self.tr("全部结对")]
        choice, ok = QInputDialog.getItem(self, self.tr("导出结对帮扶台账"), self.tr("导出范围："), choices, 0, False)
        if not ok:
            return
        index = choices.index(choice)
        year = this_year - index if index < len(choices) - 1 else None
        default = "年度结对帮扶台账.xlsx" if year else "结对帮扶台账.xlsx"
        name = ask_save_name(self, self.tr("导出结对帮扶台账"), default, "Excel (*.xlsx)", db=self.context.db, year=year)
        if not name:
            return
        try:
            count = export_mentoring(self.context.db, Path(name), year=year)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("导出失败"), file_error(exc, name, writing=True))
            return
        QMessageBox.information(self, self.tr("导出完成"), self.tr("已导出{0} {1} 对结对到 {2}。").format(
            choice, count, name))

    def save_template(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("保存空白模板"), "结对帮扶台账模板.xlsx", "Excel (*.xlsx)")
        if name:
            export_mentoring_template(Path(name))

    def edit_lists(self) -> None:
        if ListsDialog(self.context, self).exec():
            self._after_change(None)
