"""The lower tabs of the 党费 page: members' bases with the selected member's history, the branch's
month totals and hand-ups (上缴), and the payments on record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.dues.bases import REACH_STEP
from branchdesk.domain.dues.branch import MonthTotals
from branchdesk.domain.dues.ledger import MemberLedger
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.rates import money
from branchdesk.services.dues.excel import export_base_template, import_dues_base
from branchdesk.services.dues.records import (
    BaseDTO,
    HandUpDTO,
    PaymentDTO,
    confirm_base,
    delete_base,
    delete_hand_up,
    delete_payments,
    member_bases,
)
from branchdesk.services.errors import ServiceError
from branchdesk.ui.context import AppContext
from branchdesk.ui.dues.base_dialog import BaseDialog
from branchdesk.ui.dues.dialogs import TransferInDialog
from branchdesk.ui.import_dialog import ImportDialog
from branchdesk.ui.widgets.button_row import add_buttons
from branchdesk.ui.widgets.column_menu import choose_columns
from branchdesk.ui.widgets.detail_pane import DetailPane
from branchdesk.ui.widgets.list_keys import keyboard_list
from branchdesk.ui.widgets.table_fit import fit_table
from branchdesk.ui.widgets.table_model import ColumnSpec, FilterProxy, RecordTableModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
RED = "#b00020"


def _money(value: object) -> str:
    return "未核定" if value is None else money(value)  # type: ignore[arg-type]


def table(proxy: FilterProxy, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)  # a list of rows: Tab goes on to the next list or button, not the next cell
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


MEMBER_COLUMNS: list[ColumnSpec[MemberLedger]] = [
    ColumnSpec("姓名", lambda m: m.member.name),
    ColumnSpec("所在党支部", lambda m: m.member.branch),
    ColumnSpec("缴纳类别", lambda m: m.record.category.value if m.record else "基数冲突" if m.base_conflict else "未登记",
               color=lambda m: RED if m.record is None else None),
    ColumnSpec("缴费基数", lambda m: money(m.record.base) if m.record and m.record.base is not None else "", RIGHT),
    ColumnSpec("月应交", lambda m: _money(m.monthly_due.amount) if m.record else "未核定", RIGHT),
    ColumnSpec("自", lambda m: m.record.applies_from.label if m.record else ""),
    ColumnSpec("核定日期", lambda m: m.record.confirmed_on if m.record else None),
]
HISTORY_COLUMNS: list[ColumnSpec[BaseDTO]] = [
    ColumnSpec("起始月份", lambda b: b.record.applies_from.label),
    ColumnSpec("缴纳类别", lambda b: b.record.category.value),
    ColumnSpec("缴费基数", lambda b: money(b.record.base) if b.record.base is not None else "", RIGHT,
               tooltip=lambda b: "、".join(f"{n} {money(v)}" for n, v in zip(("岗位工资", "薪级工资", "绩效工资", "津贴补贴"),
                                                                             b.record.parts or (), strict=False) if v is not None)),
    ColumnSpec("月应交", lambda b: _money(b.monthly), RIGHT),
    ColumnSpec("依据", lambda b: b.explanation),
    ColumnSpec("核定日期", lambda b: b.record.confirmed_on),
    ColumnSpec("备注", lambda b: "；".join(x for x in (b.record.note, (f"{b.record.approved_by} {b.record.approved_on or ''}批准"
                                                              if b.record.approved_by else ""),
                                                  f"{REACH_STEP}的说明：{b.reach_reason}" if b.reach_reason else "") if x)),
]


class BasePanel(QWidget):
    """缴费基数: every member's base in force, and the history of the one selected."""

    def __init__(self, context: AppContext, changed: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.changed = context, changed
        self.members: RecordTableModel[MemberLedger] = RecordTableModel(MEMBER_COLUMNS, self)
        self.member_proxy = FilterProxy(self)
        self.member_proxy.setSourceModel(self.members)
        self.member_table = table(self.member_proxy, "baseMembers")
        self.member_table.selectionModel().selectionChanged.connect(lambda *_: self.show_history())
        keyboard_list(self.member_table)  # Tab into the members chooses one: their history shows
        # 自 (the month the base applies from) is in the history beside the list once a member is chosen
        choose_columns(self.member_table, "dues-bases", hidden=("自",), fixed=("姓名",))
        self.history: RecordTableModel[BaseDTO] = RecordTableModel(HISTORY_COLUMNS, self)
        self.history_proxy = FilterProxy(self)
        self.history_proxy.setSourceModel(self.history)
        self.history_table = table(self.history_proxy, "baseHistory")
        self.history_table.setSortingEnabled(False)  # newest first, as its title says; and no header's
        self.history_table.horizontalHeader().setSortIndicatorShown(False)  # sort mark to widen it beside the list
        keyboard_list(self.history_table, self.edit)  # Enter, double click (修改)
        self.title = QLabel()
        self.obligation = QLabel()
        self.obligation.setWordWrap(True)
        self.buttons: dict[str, object] = {}
        row = QHBoxLayout()
        add_buttons(row, ((self.tr("新增基数…"), self.add, "Ctrl+N"), (self.tr("修改…"), self.edit, None),
                          (self.tr("基数未变（核定）"), self.confirm, None), (self.tr("删除"), self.delete, None),
                          (self.tr("登记转入…"), self.transfer_in, None),
                          (self.tr("导入基数表…"), self.import_bases, None),
                          (self.tr("基数表模板…"), self.save_template, None)), self.buttons)  # type: ignore[arg-type]
        self.title.setWordWrap(True)  # the hint fits the folded pane
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.obligation)
        right_layout.addWidget(self.history_table, 1)
        splitter = QSplitter()
        splitter.addWidget(self.member_table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        # The members' bases have the width until one is chosen, then her history opens beside them
        # (1366×768, trial 9 T9-27). The buttons sit under both: 导入基数表 needs no member chosen.
        self.history_pane = DetailPane(splitter, 1, narrow=180, wide=585, body=[self.obligation, self.history_table])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(row)
        self.start: Month | None = None  # the month the dues book starts: new bases default to it

    def set_rows(self, ledgers: list[MemberLedger]) -> None:
        current = self.selected_member()
        self.members.set_rows(ledgers)
        self.member_table.resizeColumnsToContents()
        if current is not None:
            self.select_member(current.member.member_id)
        self.show_history()

    def select_member(self, member_id: int) -> None:
        for r in range(self.member_proxy.rowCount()):
            if self.member_proxy.record_at(r).member.member_id == member_id:
                self.member_table.selectRow(r)
                return

    def selected_member(self) -> MemberLedger | None:
        rows = self.member_table.selectionModel().selectedRows()
        return self.member_proxy.record_at(rows[0].row()) if rows else None

    def selected_base(self) -> BaseDTO | None:
        rows = self.history_table.selectionModel().selectedRows()
        return self.history_proxy.record_at(rows[0].row()) if rows else None

    def show_history(self) -> None:
        member = self.selected_member()
        self.history.set_rows(member_bases(self.context.db, member.member.member_id) if member else [])
        self.history_table.resizeColumnsToContents()
        self.title.setText(self.tr("<b>{0}</b> 的缴费基数（新的在上）").format(member.member.name) if member
                           else self.tr("选择左侧的党员，查看其缴费基数的变化"))
        self.history_pane.show_detail(member is not None)
        self.obligation.setText(self.tr("交纳党费：{0}").format(member.obligation.text) if member and member.obligation.text
                                else "")
        for name in ("新增基数…", "基数未变（核定）", "登记转入…"):
            self.buttons[name].setEnabled(member is not None)  # type: ignore[attr-defined]

    def _open(self, record: BaseDTO | None) -> None:
        member = self.selected_member()
        if member is None:
            return
        dialog = BaseDialog(self.context, member.member.member_id, member.member.name, record, self, self.start)
        if dialog.exec() and dialog.saved is not None:
            self.changed()

    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        record = self.selected_base()
        if record is not None:
            self._open(record)

    def confirm(self) -> None:
        record = self.selected_base() or (self.history.row_at(0) if self.history.rowCount() else None)
        if record is None:
            return
        confirm_base(self.context.db, record.id, date.today())
        self.changed()

    def delete(self) -> None:
        record = self.selected_base()
        if record is None:
            return
        if QMessageBox.question(self, self.tr("删除"), self.tr("把 {0}起的缴费基数记录移到回收站？").format(
                record.record.applies_from.label)) != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_base(self.context.db, record.id)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("未能删除"), str(exc))
            return
        self.changed()

    def transfer_in(self) -> None:
        member = self.selected_member()
        if member is not None and TransferInDialog(self.context, member.member.member_id, member.member.name, self).exec():
            self.changed()

    def import_bases(self) -> None:
        db = self.context.db

        def run(path: Path, dry_run: bool, progress, cancelled):  # type: ignore[no-untyped-def]
            return import_dues_base(db, path, dry_run=dry_run, progress=progress, cancelled=cancelled)

        if ImportDialog(self.context, self.tr("导入党员缴费基数"), run, self).exec():
            self.changed()

    def save_template(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("保存缴费基数表模板"), "党员缴费基数表.xlsx", "Excel (*.xlsx)")
        if name:
            export_base_template(Path(name))
            QMessageBox.information(self, self.tr("已保存"), self.tr("模板已保存到 {0}。").format(name))


def _unpaid_text(t: MonthTotals) -> str:
    """未交人数: those past the month's collection period (red), and apart those whose period still runs —
    "待交 14" in December before it ends, as the 收缴登记 grid calls them, not arrears (TK-5)."""
    if t.unpaid is None:
        return "无法核对"
    parts = [str(t.unpaid - t.open)] if t.unpaid > t.open else []
    if t.open:
        parts.append(f"待交 {t.open}")
    return "，".join(parts)


MONTH_COLUMNS: list[ColumnSpec[MonthTotals]] = [
    ColumnSpec("月份", lambda t: t.month.label),
    ColumnSpec("应交人数", lambda t: t.owing, RIGHT),
    ColumnSpec("应交（元）", lambda t: _money(t.due), RIGHT),
    ColumnSpec("已交（元）", lambda t: money(t.paid), RIGHT),
    ColumnSpec("未交人数", lambda t: _unpaid_text(t), RIGHT,
               color=lambda t: RED if t.unpaid and t.unpaid > t.open else None),
    ColumnSpec("上缴（元）", lambda t: money(t.handed_up) if t.handed_up else "", RIGHT),
]
HAND_UP_COLUMNS: list[ColumnSpec[HandUpDTO]] = [
    ColumnSpec("上缴日期", lambda h: h.record.handed_on),
    ColumnSpec("党支部", lambda h: h.record.branch),
    ColumnSpec("所属月份", lambda h: h.record.span),
    ColumnSpec("金额（元）", lambda h: money(h.record.amount), RIGHT),
    ColumnSpec("经手人", lambda h: h.record.handled_by),
    ColumnSpec("凭证编号", lambda h: h.record.receipt_no),
    ColumnSpec("备注", lambda h: h.record.note),
]
HAND_UP_BRANCH = [c.title for c in HAND_UP_COLUMNS].index("党支部")
PAYMENT_COLUMNS: list[ColumnSpec[PaymentDTO]] = [
    ColumnSpec("缴纳日期", lambda p: p.paid_on if p.paid_on else "未记录"),
    ColumnSpec("所在党支部", lambda p: p.branch),
    ColumnSpec("姓名", lambda p: p.name),
    ColumnSpec("月份", lambda p: p.months_text),
    ColumnSpec("金额（元）", lambda p: money(p.amount), RIGHT),
    ColumnSpec("方式", lambda p: p.method),
    ColumnSpec("收款人", lambda p: p.collector),
    ColumnSpec("收据编号", lambda p: p.receipt_no),
    ColumnSpec("备注", lambda p: p.note + ("（原表注明补交）" if p.noted_late else "")),
]


class PaymentsPanel(QWidget):
    """交纳记录: every payment of the year, newest first; a wrong one goes to the recycle bin."""

    def __init__(self, context: AppContext, changed: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.changed = context, changed
        self.model: RecordTableModel[PaymentDTO] = RecordTableModel(PAYMENT_COLUMNS, self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = table(self.proxy, "payments")
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.count = QLabel()
        self.buttons: dict[str, object] = {}
        row = QHBoxLayout()
        add_buttons(row, ((self.tr("删除（移到回收站）"), self.delete, None),), self.buttons)  # type: ignore[arg-type]
        row.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)

    def set_rows(self, payments: list[PaymentDTO]) -> None:
        self.model.set_rows(payments)
        self.view.resizeColumnsToContents()
        self.count.setText(self.tr("共 {0} 笔").format(len(payments)))

    def delete(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        payment: PaymentDTO = self.proxy.record_at(rows[0].row())
        if QMessageBox.question(self, self.tr("删除交纳记录"), self.tr("把 {0} {1}的交纳记录（{2} 元）移到回收站？").format(
                payment.name, payment.months_text, money(payment.amount))) != QMessageBox.StandardButton.Yes:
            return
        delete_payments(self.context.db, [payment.id])
        self.changed()


class BookPanel(QWidget):
    """汇总与上缴: the branch's month totals and what it handed up to the committee."""

    def __init__(self, context: AppContext, actions: dict[str, Callable[[], None]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.months: RecordTableModel[MonthTotals] = RecordTableModel(MONTH_COLUMNS, self)
        self.month_proxy = FilterProxy(self)
        self.month_proxy.setSourceModel(self.months)
        self.month_table = table(self.month_proxy, "monthTotals")
        self.hand_ups: RecordTableModel[HandUpDTO] = RecordTableModel(HAND_UP_COLUMNS, self)
        self.hand_up_proxy = FilterProxy(self)
        self.hand_up_proxy.setSourceModel(self.hand_ups)
        self.hand_up_table = table(self.hand_up_proxy, "handUps")
        # every column in view at 1366×768, 备注 — the widest text — taking the room the others leave (it was
        # sized to its contents and scrolled sideways, 备注 and 凭证编号 out of view: trial K, TK-5); a longer
        # note wraps onto a second line rather than being cut (a branch hands up a few times a year)
        self.hand_up_fit = fit_table(self.hand_up_table)
        self.hand_up_table.setWordWrap(True)
        self.hand_up_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        keyboard_list(self.hand_up_table, actions["edit"])  # Enter, double click (修改)
        self.balance = QLabel()
        self.balance.setWordWrap(True)
        self.buttons: dict[str, object] = {}
        row = QHBoxLayout()
        add_buttons(row, ((self.tr("登记上缴…"), actions["add"], None), (self.tr("修改…"), actions["edit"], None),
                          (self.tr("删除"), self.delete, None)), self.buttons)  # type: ignore[arg-type]
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(self.tr("上缴党委的记录")))
        right_layout.addWidget(self.hand_up_table, 1)
        right_layout.addWidget(self.balance)
        right_layout.addLayout(row)
        splitter = QSplitter()
        splitter.addWidget(self.month_table)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 620])
        # 全部党支部 of a school with several: no month totals (the text under the hand-ups says to choose
        # a branch), so the hand-ups have the width (1366×768, trial 9 T9-27)
        self._months_wide = 560
        self._fitted_wide: int | None = None  # the width fit_months last gave the months
        self.months_pane = DetailPane(splitter, 0, narrow=0, wide=self._months_wide, body=[self.month_table])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.changed: Callable[[], None] = actions["changed"]

    def fit_months(self) -> None:
        """Give the month table the width its columns take (after resizeColumnsToContents): at 1366×768
        上缴（元）was cut mid-number ("914.2", TK-5); the hand-ups take the rest."""
        view = self.month_table
        if not view.isVisibleTo(self) or self.months_pane.open is not True:
            return
        header = view.horizontalHeader()
        rows_fit = header.height() + view.verticalHeader().length() + 2 * view.frameWidth() <= view.height()
        need = (sum(max(view.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(header.count()))
                + 2 * view.frameWidth()
                + (0 if rows_fit else view.verticalScrollBar().sizeHint().width()) + 2)
        sizes = self.splitter.sizes()
        # no wider than its columns either (the 上缴 records beside need the room: TK-5), unless the user
        # dragged the divider: then it only grows to show its figures whole
        users = self.months_pane.wide not in (self._months_wide, self._fitted_wide)
        if need == sizes[0] or (users and need < sizes[0]):
            return
        self.months_pane.wide = self._fitted_wide = need
        total = sum(sizes)
        self.splitter.setSizes([need, max(total - need, 0)])

    def show_branch_column(self, shown: bool) -> None:
        """党支部 only where records of several branches can be listed: in a one-branch school, or with a
        branch chosen, it repeats one name on every row and takes 备注's room (TK-5)."""
        self.hand_up_table.setColumnHidden(HAND_UP_BRANCH, not shown)
        self.hand_up_fit.schedule()

    def selected(self) -> HandUpDTO | None:
        rows = self.hand_up_table.selectionModel().selectedRows()
        return self.hand_up_proxy.record_at(rows[0].row()) if rows else None

    def delete(self) -> None:
        record = self.selected()
        if record is None:
            return
        if QMessageBox.question(self, self.tr("删除上缴记录"), self.tr("把 {0} 上缴的 {1} 元移到回收站？").format(
                record.record.handed_on, money(record.record.amount))) != QMessageBox.StandardButton.Yes:
            return
        delete_hand_up(self.context.db, record.record.id)
        self.changed()
