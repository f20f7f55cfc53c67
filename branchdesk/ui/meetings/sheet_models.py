"""Editable tables of the meeting form: the sign-in sheet (出席 / 请假 / 缺席 / 列席 / 不计入应到 with a
reason) and the 民主评议 grades. They edit lists of domain dataclasses in place; the dialog turns
them into a MeetingInput. A choice delegate gives a combo box for the coded columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

from branchdesk.domain.meetings.records import (
    UNMARKED,
    UNMARKED_LABEL,
    AttendanceStatus,
    Attendee,
    ReviewGrade,
)
from branchdesk.domain.meetings.sitting import ReviewResult
from branchdesk.domain.roster.not_expected import is_sheet_reason

Index = QModelIndex | QPersistentModelIndex
STATUSES = [s.value for s in AttendanceStatus]
GRADES = ["", *[g.value for g in ReviewGrade]]
_STATUS_COLOURS = {"": "#b00020", "请假": "#8a6d00", "缺席": "#b00020", "列席": "#1565c0", "不计入应到": "#777777"}


def standing_reasons(attendees: Sequence[Attendee]) -> dict[int, str]:
    """member id → the approval a standing 不计入应到会 record put on his row (is_sheet_reason)."""
    return {a.member_id: a.reason for a in attendees if a.member_id is not None
            and a.status == AttendanceStatus.NOT_EXPECTED.value and is_sheet_reason(a.reason)}


class AttendanceModel(QAbstractTableModel):
    COLUMNS = ("姓名", "类别", "出席情况", "请假、缺席原因 / 说明")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Attendee] = []
        # whether anything was marked or typed on the sheet (a status, a reason, a guest's name) since
        # its owner last said it holds nothing entered (AttendancePanel.load / set_roster)
        self.edited = False
        # the approval a standing 不计入应到会 record gives each member on the sheet's day (VOTE-WHO,
        # TD-5): put back when he is marked 不计入应到 again after 出席 dropped it (review rev3 R3-8)
        self.standing: dict[int, str] = {}

    def set_attendees(self, attendees: Sequence[Attendee]) -> None:
        self.beginResetModel()
        self._rows = list(attendees)
        self.standing = standing_reasons(self._rows)
        self.endResetModel()

    def attendees(self) -> list[Attendee]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        a = self._rows[index.row()]
        values = (a.name, a.category or "（列席）", a.status, a.reason)
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 2 and a.status == UNMARKED:
            return UNMARKED_LABEL  # put on by a date change, not yet marked (T10-16)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return values[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2 and a.status in _STATUS_COLOURS:
            return QBrush(QColor(_STATUS_COLOURS[a.status]))
        if role == Qt.ItemDataRole.FontRole and index.column() == 2 and a.status == UNMARKED:
            bold = QFont()
            bold.setBold(True)
            return bold
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        guest = self._rows[index.row()].member_id is None
        if index.column() in (2, 3) or (index.column() == 0 and guest):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        a = self._rows[index.row()]
        text = str(value).strip()
        if index.column() == 2:
            if text not in STATUSES or (a.member_id is None) != (text == AttendanceStatus.GUEST.value):
                return False  # a member cannot be 列席 and a guest has no other status
            # the approval a standing 不计入应到会 put here is not this sitting's reason once he is marked
            # otherwise (VOTE-WHO, TD-5: he came)
            dropped = a.status == AttendanceStatus.NOT_EXPECTED.value != text and is_sheet_reason(a.reason)
            reason = "" if dropped else a.reason
            if text == AttendanceStatus.NOT_EXPECTED.value and not reason.strip() and a.member_id in self.standing:
                reason = self.standing[a.member_id]  # his approval again (he did not come after all)
            a = replace(a, status=text, reason=reason)
        elif index.column() == 3:
            a = replace(a, reason=text)
        elif index.column() == 0 and a.member_id is None and text:
            a = replace(a, name=text)
        else:
            return False
        self._rows[index.row()] = a
        self.edited = True
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1))
        return True

    def set_status(self, rows: Sequence[int], status: str) -> None:
        for row in rows:
            if 0 <= row < len(self._rows) and self._rows[row].member_id is not None:
                self.setData(self.index(row, 2), status)

    def add_guest(self, name: str) -> int:
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(Attendee(name, AttendanceStatus.GUEST.value))
        self.endInsertRows()
        return len(self._rows) - 1

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()


class ReviewModel(QAbstractTableModel):
    """民主评议 grades (MTG-YEARLY-REVIEW): a 预备党员 takes part without a grade."""

    COLUMNS = ("姓名", "类别", "评定等次")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ReviewResult] = []
        self._typed: dict[int, str] = {}  # each member's grade as last given, while the form is open

    def set_results(self, results: Sequence[ReviewResult]) -> None:
        self.beginResetModel()
        self._rows = list(results)
        self._typed = {}
        self.endResetModel()

    def follow(self, members: Sequence[Attendee]) -> None:
        """One row per member of the sign-in sheet (T10-7: the grades are given to those the sheet
        lists), in its order and with the day's category. A member's grade stays while the form is
        open — one a change of date takes off gets it back when he returns — but a 预备党员 of the day
        gets none (MTG-YEARLY-REVIEW). Rows without a member stay. Nothing changes while the sheet
        lists the same members in the same categories."""
        wanted = [m for m in members if m.member_id is not None]
        if sorted((r.member_id, r.category) for r in self._rows if r.member_id is not None) \
                == sorted((m.member_id, m.category) for m in wanted if m.member_id is not None):
            return
        self._typed.update({r.member_id: r.grade for r in self._rows if r.member_id is not None})
        self.beginResetModel()
        self._rows = [ReviewResult(m.member_id, m.name,
                                   "" if m.category == "预备党员" else self._typed.get(m.member_id, ""), m.category)
                      for m in wanted if m.member_id is not None] + [r for r in self._rows if r.member_id is None]
        self.endResetModel()

    def results(self) -> list[ReviewResult]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 3:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            probationary = r.category == "预备党员"
            return (r.name, r.category, "不评定等次" if probationary and not r.grade else r.grade)[index.column()]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        row = self._rows[index.row()]
        # a 预备党员 gets no grade; one stored before (a record saved before the 转正's approval counted)
        # can be emptied, so the record can be saved again
        if index.column() == 2 and (row.category != "预备党员" or row.grade):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 2 or str(value) not in GRADES:
            return False
        if self._rows[index.row()].category == "预备党员" and str(value):
            return False
        self._rows[index.row()] = replace(self._rows[index.row()], grade=str(value))
        self.dataChanged.emit(index, index)
        return True


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box editor for a coded column (keyboard: F2 or typing opens it, arrows choose)."""

    def __init__(self, choices: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.choices = list(choices)

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:
        editor = QComboBox(parent)
        editor.addItems(self.choices)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findText(str(index.data(Qt.ItemDataRole.EditRole) or "")), 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText())
