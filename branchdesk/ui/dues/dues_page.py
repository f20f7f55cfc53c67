"""党费 (domain.md §5): the year grid — members × months, paid / 补交 / short / owed / waived by colour
and in words — where the monthly collection is entered for several members and months in one go
(select the cells, or 本月收缴, then Enter), each member's base and its history, the branch's month
totals and hand-ups (上缴), the payments on record, and the Excel ledger in and out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.dues.amounts import add_up
from branchdesk.domain.dues.ledger import Cell, MemberLedger
from branchdesk.domain.dues.months import Month, span_text
from branchdesk.domain.dues.rates import money
from branchdesk.domain.dues.report import arrears_text, school_row
from branchdesk.domain.findings import Finding
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.dues.excel import export_dues, export_dues_template, import_dues
from branchdesk.services.dues.records import (
    delete_payments,
    dues_year,
    list_hand_ups,
    list_payments,
)
from branchdesk.services.dues.store import BranchYear, DuesYear
from branchdesk.services.errors import ServiceError
from branchdesk.services.roster.organisation import list_orgs
from branchdesk.ui.context import AppContext
from branchdesk.ui.dues.collect_dialog import CollectDialog, lines_for
from branchdesk.ui.dues.dialogs import HandUpDialog, SettingsDialog
from branchdesk.ui.dues.grid_model import BACKGROUND, FOREGROUND, LEGEND, MONTH_COLUMN, DuesGridModel
from branchdesk.ui.dues.panels import BasePanel, BookPanel, PaymentsPanel
from branchdesk.ui.import_dialog import ImportDialog
from branchdesk.ui.tasks import failure_box, run_task
from branchdesk.ui.widgets.button_row import add_buttons
from branchdesk.ui.widgets.list_keys import keyboard_list
from branchdesk.ui.widgets.table_model import FilterProxy

AREA = "dues"


def legend_html() -> str:
    parts = []
    for state, text in LEGEND:
        back = BACKGROUND.get(state, "#ffffff")
        fore = FOREGROUND.get(state, "#000000")
        parts.append(f'<span style="background:{back}; color:{fore};">&nbsp;{text}&nbsp;</span>')
    return "图例：" + " ".join(parts)


def one_per_member(ledgers: list[MemberLedger]) -> list[MemberLedger]:
    """One line per person for the 缴费基数 tab: a member moved between branches during the year has a
    grid row in each branch and one base history — the row of the branch they are in now."""
    chosen: dict[int, MemberLedger] = {}
    for m in ledgers:
        stays = m.obligation.stays
        if m.member.member_id not in chosen or stays is None or (stays and stays[-1][1] is None):
            chosen[m.member.member_id] = m
    return list(chosen.values())


class DuesPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dues: DuesYear | None = None
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.branch = QComboBox()
        self.branch.setMinimumContentsLength(10)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("按姓名查找"))
        self.search.setClearButtonEnabled(True)
        self.owing_only = QCheckBox(self.tr("只看欠交"))
        settings = QPushButton(self.tr("党费设置…"))
        settings.clicked.connect(self.open_settings)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        # the year grid
        self.grid = DuesGridModel(self)
        self.grid_proxy = FilterProxy(self, haystack=lambda m: m.member.name)
        self.grid_proxy.setSourceModel(self.grid)
        self.grid_table = QTableView()
        self.grid_table.setObjectName("duesGrid")
        self.grid_table.setModel(self.grid_proxy)
        self.grid_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        self.grid_table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.grid_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.grid_table.setSortingEnabled(True)
        self.grid_table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.grid_table.verticalHeader().setDefaultSectionSize(24)
        self.grid_table.activated.connect(lambda _i: self.collect())
        # Tab or Down into the grid chooses the first member's cell of this month, for Enter (收缴)
        keyboard_list(self.grid_table, search=self.search,
                      start=lambda: self.grid_proxy.index(0, self.current_month_column()))
        self.legend = QLabel(legend_html())
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        add_buttons(row, (
            (self.tr("收缴…"), self.collect, "Ctrl+Return"), (self.tr("本月收缴…"), self.collect_month, "Ctrl+M"),
            (self.tr("撤销选中月份的交纳…"), self.undo_selected, None),
            (self.tr("从 Excel 导入…"), self.import_excel, None), (self.tr("导出登记表…"), self.export_excel, None),
            (self.tr("空白模板…"), self.save_template, None),
        ), self.buttons)
        grid_tab = QWidget()
        grid_layout = QVBoxLayout(grid_tab)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addWidget(QLabel(self.tr("选中一个或多个党员的月份（点月份表头可选整列），按 Enter 或“收缴”登记；"
                                             "鼠标停在格子上可看应交依据和交纳情况。")))
        grid_layout.addWidget(self.grid_table, 1)
        grid_layout.addWidget(self.legend)
        grid_layout.addLayout(row)
        self.bases = BasePanel(context, self.changed, self)
        self.book = BookPanel(context, {"add": self.add_hand_up, "edit": self.edit_hand_up, "changed": self.changed}, self)
        self.payments = PaymentsPanel(context, self.changed, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(grid_tab, self.tr("收缴登记"))
        self.tabs.addTab(self.bases, self.tr("缴费基数"))
        self.tabs.addTab(self.book, self.tr("汇总与上缴"))
        self.tabs.addTab(self.payments, self.tr("交纳记录"))
        # the tables of a tab not shown yet were sized before the window's style reached them: sized again when
        # it is shown, so no figure or month is cut (1366×768, TK-5)
        self.tabs.currentChanged.connect(lambda _i: self._fit_book() if self.tabs.currentWidget() is self.book else None)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("年度")))
        bar.addWidget(self.year)
        bar.addWidget(QLabel(self.tr("党支部")))
        bar.addWidget(self.branch, 1)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.owing_only)
        bar.addWidget(settings)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.year.valueChanged.connect(self.reload)
        self.branch.currentIndexChanged.connect(self.reload)
        self.search.textChanged.connect(self._filter)
        self.owing_only.toggled.connect(self._filter)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """Ctrl+M (本月收缴) and Ctrl+Enter (收缴) from whichever child has the focus, also where the
        buttons' shortcuts are not delivered."""
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if control and event.key() == Qt.Key.Key_M:
            self.collect_month()
        elif control and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.collect()
        else:
            super().keyPressEvent(event)

    # --- loading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.branch.currentData()
        self.branch.blockSignals(True)
        self.branch.clear()
        self.branch.addItem(self.tr("全部党支部"), None)
        for org in list_orgs(self.context.db, OrgKind.BRANCH):
            self.branch.addItem(org.name, org.id)
        self.branch.setCurrentIndex(max(self.branch.findData(current), 0))
        self.branch.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        year, branch_id = self.year.value(), self.branch.currentData()
        self.dues = dues_year(self.context.db, year, branch_id)
        ledgers = self.dues.ledgers
        self.grid.set_rows(ledgers)
        self.grid_table.resizeColumnsToContents()
        for column in range(MONTH_COLUMN, MONTH_COLUMN + 12):
            self.grid_table.setColumnWidth(column, max(self.grid_table.columnWidth(column), 64))
        self.bases.start = self.dues.start
        self.bases.set_rows(one_per_member(ledgers))
        self._fill_book()
        self.payments.set_rows(list_payments(self.context.db, year=year, branch=branch_id))
        self._filter()
        self.summary.setText(self._summary_text())

    def _fill_book(self) -> None:
        assert self.dues is not None
        months = []
        if len(self.dues.branches) == 1:
            months = list(self.dues.branches[0].book.months)
        self.book.months.set_rows(months)
        self.book.months_pane.show_detail(bool(months))
        self.book.hand_ups.set_rows(list_hand_ups(self.context.db, year=self.dues.year, branch=self.branch.currentData()))
        self.book.show_branch_column(self.branch.currentData() is None and self.branch.count() > 2)  # 全部 + several
        self._fit_book()
        lines = [self.tr("{0}：收缴 {1} 元，上缴 {2} 元，结存 {3} 元").format(
            b.branch, money(b.book.paid), money(b.book.handed_up), money(b.book.balance)) if b.book.hand_ups
            else self.tr("{0}：收缴 {1} 元，上缴未登记").format(b.branch, money(b.book.paid))  # not "上缴 0" (TY-16)
            for b in self.dues.branches]
        if not months and len(self.dues.branches) > 1:
            lines.insert(0, self.tr("选择一个党支部查看各月合计。"))
        self.book.balance.setText("\n".join(lines))

    def _fit_book(self) -> None:
        self.book.month_table.resizeColumnsToContents()
        self.book.fit_months()
        self.book.hand_up_fit.schedule()  # fitted to the room the months leave, not to its contents alone

    def _summary_text(self) -> str:
        assert self.dues is not None
        d = self.dues
        ledgers = d.ledgers
        if d.start is None:
            return self.tr("还没有登记任何党费。选中党员的月份后点“收缴”，或从 Excel 导入原有的党费收缴登记表。"
                           "党费从有记录的最早月份起计算（可在“党费设置”中指定起始月份）；没有记录的月份显示为“未登记”，"
                           "交纳情况无法核对，不计为欠交。")
        due = add_up(b.book.due for b in d.branches)
        total_due = self.tr("应交 {0} 元").format(money(due)) if due is not None else self.tr("应交未核定")
        # each member once; when some member's months cannot be told, the known part and how many cannot
        # (TK-8: the same sentence as the year-end volume's)
        owing = arrears_text(school_row((b.book for b in d.branches), ledgers))
        unknown = len({m.member.member_id for m in ledgers if m.base_missing})
        text = self.tr("{0}年度：党员 {1} 名，{2}，已交 {3} 元，{4}，{5}。"
                       "党费台账自 {6}起记录；{7}。").format(
            d.year, len({m.member.member_id for m in ledgers}), total_due, money(sum((m.paid for m in ledgers), Decimal(0))), owing,
            self._handed_up_text(), d.start.label, d.settings.collection.value + "交纳")
        if unknown:
            text += self.tr(" {0} 名党员未登记缴费基数，应交金额无法计算（见“缴费基数”）。").format(unknown)
        unrecorded = len({m.member.member_id for m in ledgers if m.unrecorded_months})
        if unrecorded:
            text += self.tr(" {0} 名党员有党费台账没有记录的月份（显示为“未登记”），交纳情况无法核对，不计为欠交。").format(unrecorded)
        return text

    def _handed_up_text(self) -> str:
        """已上缴, or that no 上缴 is recorded: not known is not 0 (TV-2, as the year-end volume says it)."""
        assert self.dues is not None
        branches = self.dues.branches
        recorded = [b for b in branches if b.book.hand_ups]
        if not recorded:
            return self.tr("向党委上缴党费尚未登记")
        text = self.tr("已上缴 {0} 元").format(money(sum((b.book.handed_up for b in recorded), Decimal(0))))
        if len(recorded) < len(branches):
            text += self.tr("（{0} 个党支部尚未登记上缴）").format(len(branches) - len(recorded))
        return text

    def _filter(self) -> None:
        text = self.search.text()
        owing = self.owing_only.isChecked()
        for proxy in (self.grid_proxy, self.bases.member_proxy):
            proxy.set_search(text)
            proxy.set_filter("owing", (lambda m: bool(m.owed_months or m.short_cells or m.unknown_months or m.undetermined)) if owing else None)
        self.payments.proxy.set_search(text)

    # --- collecting ------------------------------------------------------------------------------
    def selected_cells(self) -> dict[tuple[int, int], tuple[MemberLedger, list[Cell]]]:
        """The selected cells by row: (member, branch) — a member moved between branches during the year
        has a row in each, whose months are each branch's own."""
        chosen: dict[tuple[int, int], tuple[MemberLedger, list[Cell]]] = {}
        for index in self.grid_table.selectionModel().selectedIndexes():
            source = self.grid_proxy.mapToSource(index)
            ledger = self.grid.row_at(source.row())
            cell = self.grid.cell(ledger, source.column())
            if cell is None:
                continue
            entry = chosen.setdefault((ledger.member.member_id, ledger.member.branch_id), (ledger, []))
            entry[1].append(cell)
        for _ledger, cells in chosen.values():
            cells.sort(key=lambda c: c.month)
        return chosen

    def collect(self) -> None:
        self._collect(self.selected_cells(), self.tr("请先在表中选中要登记的党员和月份（可按住 Ctrl 或 Shift 多选，"
                                                      "或点月份表头选中整列）。"))

    def current_month_column(self) -> int:
        today = Month.of(date.today())
        month = today.month if self.year.value() == today.year else 12
        return MONTH_COLUMN + month - 1

    def collect_month(self) -> None:
        """本月收缴: every shown member's cell of this month (December for a past year)."""
        column = self.current_month_column()
        selection = QItemSelection()
        for row in range(self.grid_proxy.rowCount()):
            index = self.grid_proxy.index(row, column)
            selection.select(index, index)
        self.grid_table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._collect(self.selected_cells(), self.tr("没有可登记的党员。"))

    def _collect(self, selection: dict[tuple[int, int], tuple[MemberLedger, list[Cell]]], empty: str) -> None:
        lines, skipped = lines_for(selection)
        if not lines:
            QMessageBox.information(self, self.tr("收缴党费"), empty if not selection else
                                    self.tr("选中的月份都已交清、免交或不在本支部交纳。"))
            return
        dialog = CollectDialog(self.context, lines, skipped, self)
        if dialog.exec() and dialog.saved:
            self.changed()
            total = sum((p.amount for p in dialog.saved), Decimal(0))
            self.summary.setText(self.tr("已登记 {0} 人的党费，合计 {1} 元。").format(len(dialog.saved), money(total))
                                 + " " + self.summary.text())

    def undo_selected(self) -> None:
        payments: dict[int, str] = {}
        for ledger, cells in self.selected_cells().values():
            for cell in cells:
                for share in cell.shares:
                    when = f"{share.paid_on:%Y-%m-%d}" if share.paid_on else self.tr("日期未记录")
                    payments.setdefault(share.payment_id, f"{ledger.member.name} {span_text([cell.month])}（{when}）")
        if not payments:
            QMessageBox.information(self, self.tr("撤销交纳"), self.tr("选中的月份没有交纳记录。"))
            return
        text = "\n".join(payments.values())
        if QMessageBox.question(self, self.tr("撤销交纳"), self.tr(
                "把以下 {0} 笔交纳记录移到回收站？一笔交了几个月的，几个月一起撤销。\n{1}").format(len(payments), text)
                ) != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_payments(self.context.db, list(payments))
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("未能撤销"), str(exc))
            return
        self.changed()

    # --- hand-ups ---------------------------------------------------------------------------------
    def _branches(self) -> list[tuple[str, int]]:
        return [(self.branch.itemText(i), self.branch.itemData(i)) for i in range(1, self.branch.count())]

    def _suggestion(self) -> tuple[str, Month, Month] | None:
        part: BranchYear | None = self.dues.branches[0] if self.dues and len(self.dues.branches) == 1 else None
        if part is None or part.book.balance <= 0:
            return None
        paid_months = [t.month for t in part.book.months if t.paid > t.handed_up]
        if not paid_months:
            return None
        return f"{part.book.balance:.2f}", min(paid_months), max(paid_months)

    def add_hand_up(self) -> None:
        dialog = HandUpDialog(self.context, self._branches(), self.branch.currentData(), self._suggestion(), None, self)
        if dialog.exec():
            self.changed()

    def edit_hand_up(self) -> None:
        record = self.book.selected()
        if record is None:
            return
        if HandUpDialog(self.context, self._branches(), record.record.branch_id, None, record, self).exec():
            self.changed()

    # --- files, settings, findings ---------------------------------------------------------------
    def import_excel(self) -> None:
        db = self.context.db
        year = self.year.value()

        def run(path: Path, dry_run: bool, progress, cancelled):  # type: ignore[no-untyped-def]
            return import_dues(db, path, year=year, dry_run=dry_run, progress=progress, cancelled=cancelled)

        if ImportDialog(self.context, self.tr("导入党费收缴登记表"), run, self).exec():
            self.changed()

    def export_excel(self) -> None:
        year = self.year.value()
        branch = self.branch.currentText() if self.branch.currentData() is not None else None
        name, _ = QFileDialog.getSaveFileName(self, self.tr("导出党费收缴登记表"),
                                              f"{branch or ''}{year}年度党费收缴登记表.xlsx", "Excel (*.xlsx)")
        if not name:
            return
        db = self.context.db
        run_task(self, lambda _progress, _cancelled: export_dues(db, Path(name), year=year, branch=branch),
                 lambda result: QMessageBox.information(self, self.tr("导出完成"), result.summary),
                 lambda error: failure_box(self, self.tr("导出失败"), error),
                 label=self.tr("正在导出……"), pool=self.context.pool, cancellable=False)

    def save_template(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("保存空白模板"), "党费交纳记录模板.xlsx", "Excel (*.xlsx)")
        if name:
            export_dues_template(Path(name))
            QMessageBox.information(self, self.tr("已保存"), self.tr("空白模板已保存到 {0}。").format(name))

    def open_settings(self) -> None:
        if SettingsDialog(self.context, self).exec():
            self.changed()

    def changed(self) -> None:
        self.reload()
        self.context.data_changed.emit(AREA)

    def open_item(self, payload: object) -> None:
        """A finding of the home page or of `branchdesk check`: its branch, its year, its member."""
        if not isinstance(payload, Finding):
            return
        self.refresh()
        if payload.period and payload.period[:4].isdigit():
            self.year.setValue(int(payload.period[:4]))
        index = self.branch.findText(payload.branch or "")
        if index >= 0:
            self.branch.setCurrentIndex(index)
        if payload.person:
            self.search.setText(payload.person)
        else:
            self.owing_only.setChecked(True)
        if payload.rule == "DUES-BASE-CHANGE" or "缴费基数" in payload.message:
            self.tabs.setCurrentWidget(self.bases)
        elif payload.rule == "DUES-BOOK":
            self.tabs.setCurrentWidget(self.book)
        else:
            self.tabs.setCurrentIndex(0)
