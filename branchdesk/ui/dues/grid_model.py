"""The year grid of the 党费 page as a Qt model: one row per member, 姓名 / 缴纳类别 / 月应交, the twelve
months, 已交 and 欠交. Every month cell says its state in words ("补48.00", "欠48.00", "待交", "免交",
"—") and by colour, and its tooltip says what was due and why and what was paid, when and how."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from branchdesk.domain.dues.ledger import Cell, CellState, MemberLedger
from branchdesk.domain.dues.rates import money
from branchdesk.ui.widgets.table_model import ROW_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex
FIXED = ("姓名", "缴纳类别", "月应交")
TAIL = ("已交", "欠交")
MONTH_COLUMN = len(FIXED)  # column of 1月
CELL_ROLE = Qt.ItemDataRole.UserRole + 10

BACKGROUND = {
    CellState.PAID: "#e2efda", CellState.LATE: "#ddebf7", CellState.SHORT: "#fce4d6", CellState.OWED: "#f8cbad",
    CellState.OPEN: "#fff2cc", CellState.WAIVED: "#ededed", CellState.UNRECORDED: "#f2f2f2",
    CellState.UNKNOWN: "#f2f2f2",
}
FOREGROUND = {CellState.OWED: "#8b0000", CellState.SHORT: "#8a4b00", CellState.LATE: "#1f4e79",
              CellState.NOT_OWED: "#9e9e9e", CellState.UNRECORDED: "#595959", CellState.UNKNOWN: "#595959"}
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CENTER = int(Qt.AlignmentFlag.AlignCenter)
LEGEND = [(CellState.PAID, "48.00 已交"), (CellState.LATE, "补 补交"), (CellState.SHORT, "少 少交"),
          (CellState.OWED, "欠 到期未交"), (CellState.OPEN, "待交 本期未满"), (CellState.WAIVED, "免交"),
          (CellState.NOT_OWED, "— 不在本支部交纳"), (CellState.UNRECORDED, "未登记 台账无记录，无法核对"),
          (CellState.UNKNOWN, "未核定 无缴费基数，无法核对")]


def money_or_unknown(value: Decimal | None) -> str:
    return "未核定" if value is None else money(value)


class DuesGridModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[MemberLedger] = []

    def set_rows(self, rows: list[MemberLedger]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[MemberLedger]:
        return list(self._rows)

    def row_at(self, row: int) -> MemberLedger:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIXED) + 12 + len(TAIL)

    @staticmethod
    def cell(ledger: MemberLedger, column: int) -> Cell | None:
        month = column - MONTH_COLUMN
        return ledger.cells[month] if 0 <= month < 12 else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        ledger = self._rows[index.row()]
        column = index.column()
        cell = self.cell(ledger, column)
        if role == ROW_ROLE:
            return ledger
        if role == CELL_ROLE:
            return cell
        if cell is not None:
            return self._cell_data(cell, role)
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            value = self._fixed(ledger, column)
            if role == SORT_ROLE:
                return float(value) if isinstance(value, Decimal) else (value if value is not None else -1)
            return money_or_unknown(value) if isinstance(value, Decimal) or (value is None and column > 1) else value
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == self.columnCount() - 1:
            arrears = ledger.arrears
            return QBrush(QColor("#b00020")) if arrears is None or arrears > 0 else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._row_tip(ledger)
        return None

    @staticmethod
    def _fixed(ledger: MemberLedger, column: int) -> Any:
        if column == 0:
            return ledger.member.name
        if column == 1:
            return ledger.record.category.value if ledger.record else "未登记基数"
        if column == 2:
            return ledger.monthly_due.amount
        if column == MONTH_COLUMN + 12:
            return ledger.paid
        return ledger.arrears

    @staticmethod
    def _row_tip(ledger: MemberLedger) -> str:
        lines = [f"{ledger.member.name}（{ledger.member.branch}，{ledger.member.category}）"]
        if ledger.record is not None:
            lines.append(ledger.record.summary)
            if ledger.monthly_due.standard is not None:
                lines.append(f"按标准每月 {money(ledger.monthly_due.standard.amount)} 元（{ledger.monthly_due.standard.explanation}）")
        else:
            lines.append("未登记缴费基数，应交金额无法计算")
        if ledger.obligation.text:
            lines.append(ledger.obligation.text)
        if ledger.run is not None and ledger.run.length >= 3:
            lines.append(f"已连续 {ledger.run.length} 个月未交")
        return "\n".join(lines)

    @staticmethod
    def _cell_data(cell: Cell, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == SORT_ROLE:
            return float(cell.paid)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = BACKGROUND.get(cell.state)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = FOREGROUND.get(cell.state)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return CENTER if cell.state in (CellState.OPEN, CellState.WAIVED, CellState.NOT_OWED, CellState.UNRECORDED,
                                            CellState.UNKNOWN) else RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.detail
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{cell.month.label} {cell.state.value} {cell.text}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        titles = [*FIXED, *[f"{m}月" for m in range(1, 13)], *TAIL]
        return titles[section] if 0 <= section < len(titles) else None
