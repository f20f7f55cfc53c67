"""收缴: entering the dues of several members and months in one go. The page passes the cells the
secretary selected (usually the whole month column: "本月收缴"); each member is one line with the
months and the amount they owe, ready to confirm with Enter. A line can be unticked (the member did
not pay today) or its amount typed over (paid more, or less — recorded as paid and reported by the
check). Date, method, collector and the first receipt number are shared; receipt numbers count up."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.dues.amounts import parse_amount
from branchdesk.domain.dues.ledger import Cell, CellState, MemberLedger
from branchdesk.domain.dues.months import Month, span_text
from branchdesk.domain.dues.payments import PaymentInput, PayMethod
from branchdesk.domain.dues.rates import money
from branchdesk.services.dues.records import PaymentDTO, record_payments
from branchdesk.services.errors import ServiceError, ValidationFailed
from branchdesk.ui.context import AppContext
from branchdesk.ui.dues.fields import date_edit, day_of

PAYABLE = frozenset({CellState.OWED, CellState.OPEN, CellState.FUTURE, CellState.SHORT, CellState.UNKNOWN,
                     CellState.UNRECORDED})
COLUMNS = ("登记", "姓名", "月份", "应交（元）", "实交（元）")


@dataclass
class Line:
    ledger: MemberLedger
    months: list[Month]
    owed: Decimal | None  # what the months still owe (None: a month's amount is unknown)


def lines_for(selection: dict[tuple[int, int], tuple[MemberLedger, list[Cell]]]) -> tuple[list[Line], int]:
    """One line per grid row (member and branch) from the selected cells; returns the lines and how
    many cells were skipped (already paid, waived, or not owed here)."""
    lines, skipped = [], 0
    for ledger, cells in selection.values():
        payable = [c for c in cells if c.state in PAYABLE]
        skipped += len(cells) - len(payable)
        if not payable:
            continue
        owed: Decimal | None = Decimal(0)
        for c in payable:
            if c.due.amount is None or owed is None:
                owed = None
            else:
                owed += c.shortfall if c.state is CellState.SHORT else c.due.amount
        lines.append(Line(ledger, [c.month for c in payable], owed))
    return lines, skipped


def next_receipt(text: str, step: int) -> str:
    """"2026-031" counted on by `step`: "2026-032"; text without a trailing number stays as it is."""
    match = re.search(r"(\d+)$", text.strip())
    if not match or not text.strip():
        return text.strip()
    digits = match.group(1)
    return text.strip()[: match.start()] + str(int(digits) + step).zfill(len(digits))


class CollectDialog(QDialog):
    def __init__(self, context: AppContext, lines: list[Line], skipped: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.lines = lines
        self.saved: list[PaymentDTO] = []
        self.setWindowTitle(self.tr("收缴党费"))
        self.table = QTableWidget(len(lines), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        for row, line in enumerate(lines):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            tick.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(row, 0, tick)
            for column, text in ((1, line.ledger.member.name), (2, span_text(line.months)),
                                 (3, money(line.owed) if line.owed is not None else self.tr("未核定"))):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if column == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
            amount = QTableWidgetItem(f"{line.owed:.2f}" if line.owed is not None else "")
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            amount.setToolTip(self.tr("实际收到的金额；与应交不同时照实填写"))
            self.table.setItem(row, 4, amount)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        self.table.itemChanged.connect(lambda _i: self._update_total())
        settings = QSettings()
        self.paid_on = date_edit(date.today(), label="缴纳日期", past=True)  # the collection entered as it is made
        self.method = QComboBox()
        self.method.addItems([m.value for m in PayMethod])
        self.method.setCurrentText(str(settings.value("dues/method", PayMethod.CASH.value)))
        self.collector = QLineEdit(str(settings.value("dues/collector", "")))
        self.collector.setPlaceholderText(self.tr("收缴人姓名"))
        self.receipt = QLineEdit()
        self.receipt.setPlaceholderText(self.tr("如 2026-031，逐人顺延；可不填"))
        self.note = QLineEdit()
        form = QFormLayout()
        form.addRow(self.tr("缴纳日期"), self.paid_on)
        form.addRow(self.tr("缴纳方式"), self.method)
        form.addRow(self.tr("收款人"), self.collector)
        form.addRow(self.tr("第一张收据编号"), self.receipt)
        form.addRow(self.tr("备注"), self.note)
        self.total = QLabel()
        self.skipped = QLabel(self.tr("已跳过 {0} 个已交清、免交或不在本支部交纳的月份。").format(skipped) if skipped else "")
        self.errors = QLabel()
        self.errors.setObjectName("errors")
        self.errors.setStyleSheet("color: #b00020;")
        self.errors.setWordWrap(True)
        self.errors.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("登记"))
        self.ok.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("取消勾选未交的党员；实交金额与应交不同的，直接改写。")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.skipped)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addWidget(buttons)
        self.resize(620, min(660, 300 + 30 * len(lines)))  # fits a 1366×768 screen
        self._update_total()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """Enter in an amount cell confirms the amount, not the whole dialog (Enter again registers)."""
        editing = self.table.state() == QAbstractItemView.State.EditingState
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and editing:
            event.accept()
            return
        super().keyPressEvent(event)

    def checked_rows(self) -> list[int]:
        return [r for r in range(self.table.rowCount())
                if self.table.item(r, 0).checkState() == Qt.CheckState.Checked]

    def amount_text(self, row: int) -> str:
        return self.table.item(row, 4).text().strip()

    def _update_total(self) -> None:
        rows = self.checked_rows()
        total = Decimal(0)
        for r in rows:
            amount, _problem = parse_amount(self.amount_text(r))
            total += amount or Decimal(0)
        self.total.setText(self.tr("登记 {0} 人，合计 {1} 元").format(len(rows), money(total)))
        self.ok.setEnabled(bool(rows))

    def entries(self) -> list[PaymentInput]:
        paid_on = day_of(self.paid_on)
        first = self.receipt.text()
        result = []
        for step, row in enumerate(self.checked_rows()):
            line = self.lines[row]
            result.append(PaymentInput(line.ledger.member.member_id, list(line.months), self.amount_text(row), paid_on,
                                       self.method.currentText(), self.collector.text(), next_receipt(first, step),
                                       self.note.text()))
        return result

    def save(self) -> None:
        try:
            self.saved = record_payments(self.context.db, self.entries())
        except ValidationFailed as exc:
            self.errors.setText("\n".join(e.message for e in exc.errors))
            self.errors.show()
            return
        except ServiceError as exc:
            self.errors.setText(str(exc))
            self.errors.show()
            return
        settings = QSettings()
        settings.setValue("dues/method", self.method.currentText())
        settings.setValue("dues/collector", self.collector.text().strip())
        self.accept()
