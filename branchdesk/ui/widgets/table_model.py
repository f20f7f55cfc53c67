"""One QAbstractTableModel for every list of DTOs, and the proxy that gives each list search, sort
and filters. A view declares its columns; it never subclasses the model for a new list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cmp_to_key
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

T = TypeVar("T")
_COLLATOR = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
_COLLATOR.setNumericMode(True)  # 第2党支部 before 第10党支部
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's record
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ColumnSpec(Generic[T]):
    title: str
    value: Callable[[T], Any]
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    color: Callable[[T], str | None] | None = None  # a colour name for the text, e.g. "#b00020"
    tooltip: Callable[[T], str] | None = None


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


class RecordTableModel(QAbstractTableModel, Generic[T]):
    def __init__(self, columns: Sequence[ColumnSpec[T]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []
        self._ranks: dict[int, dict[str, int]] = {}

    # --- data in and out
    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._ranks.clear()
        self.endResetModel()

    def _rank(self, column: int, text: str) -> int:
        """Text sorts in Chinese dictionary (pinyin) order, not by code point: each column's distinct
        values are ranked once with a zh_CN collator and the proxy compares the ranks."""
        ranks = self._ranks.get(column)
        if ranks is None:
            spec = self._columns[column]
            values = {display(spec.value(r)) for r in self._rows}
            ordered = sorted(values, key=cmp_to_key(_COLLATOR.compare))
            ranks = self._ranks[column] = {v: i for i, v in enumerate(ordered)}
        return ranks.get(text, -1)

    def set_columns(self, columns: Sequence[ColumnSpec[T]]) -> None:
        """Swap the column specs (same titles, other values: masked or revealed IDs, another day)."""
        self.beginResetModel()
        self._columns = list(columns)
        self._ranks.clear()
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def column_titles(self) -> list[str]:
        return [c.title for c in self._columns]

    # --- Qt model interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        record = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(column.value(record))
        if role == SORT_ROLE:
            value = column.value(record)
            if isinstance(value, int | float) and not isinstance(value, bool):
                return value
            return self._rank(index.column(), display(value))
        if role == ROW_ROLE:
            return record
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == Qt.ItemDataRole.ForegroundRole and column.color is not None:
            colour = column.color(record)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(record)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].title
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None


class FilterProxy(QSortFilterProxyModel):
    """Search text across the chosen columns (or a custom haystack) plus named predicate filters."""

    def __init__(self, parent: Any = None, haystack: Callable[[Any], str] | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._filters: dict[str, Callable[[Any], bool]] = {}
        self._haystack = haystack
        self.setSortRole(SORT_ROLE)
        self.setSortLocaleAware(True)
        self.setDynamicSortFilter(True)

    def _refilter(self, change: Callable[[], None]) -> None:
        """Qt 6.10 replaced invalidateFilter() with begin/endFilterChange(); support both."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:
            change()
            self.invalidateFilter()

    def set_search(self, text: str) -> None:
        def change() -> None:
            self._needle = text.strip().lower()

        self._refilter(change)

    def set_filter(self, name: str, predicate: Callable[[Any], bool] | None) -> None:
        def change() -> None:
            if predicate is None:
                self._filters.pop(name, None)
            else:
                self._filters[name] = predicate

        self._refilter(change)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        record = model.index(source_row, 0, source_parent).data(ROW_ROLE)
        if any(not predicate(record) for predicate in self._filters.values()):
            return False
        if not self._needle:
            return True
        if self._haystack is not None:
            return self._needle in self._haystack(record).lower()
        return any(
            self._needle in str(model.index(source_row, c, source_parent).data() or "").lower()
            for c in range(model.columnCount())
        )

    def record_at(self, proxy_row: int) -> Any:
        return self.index(proxy_row, 0).data(ROW_ROLE)
