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
# source model signals after which the proxy's search texts are built again
# The source's changes after which the search texts are built again. The "about to" signals come before
# the proxy's own handling of a change: a view it tells of a reset asks for the rows at once, before a
# slot on the change itself could run (TY-15: two more rows searched with the texts of the rows before
# raised inside Qt — a segfault). dataChanged has no "about to": its rows keep their number.
_CHANGES = ("modelAboutToBeReset", "rowsAboutToBeInserted", "rowsAboutToBeRemoved", "rowsAboutToBeMoved",
            "layoutAboutToBeChanged", "dataChanged")


@dataclass(frozen=True)
class ColumnSpec(Generic[T]):
    title: str
    value: Callable[[T], Any]
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    color: Callable[[T], str | None] | None = None  # a colour name for the text, e.g. "#b00020"
    tooltip: Callable[[T], str] | None = None


def display(value: Any) -> str:
    # not strftime: under PySide6 every call goes through an import hook, ten times slower
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:{value.minute:02d}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


class RecordTableModel(QAbstractTableModel, Generic[T]):
    """The rows in the order given, or sorted by a column (`sort`, which FilterProxy hands on: one
    sort in Python instead of a comparison through Qt per pair of rows; issue 18)."""

    def __init__(self, columns: Sequence[ColumnSpec[T]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._given: list[T] = []  # as set_rows gave them
        self._rows: list[T] = []  # as shown: sorted when a sort column is set
        self._ranks: dict[int, dict[str, int]] = {}
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None

    # --- data in and out
    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._given = self._rows = list(rows)
        self._ranks.clear()
        self._rows = self._arranged()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by `column` (numbers by value, text in pinyin order; stable), or back to the given
        order for a column < 0. Selections and other persistent indexes follow their rows."""
        wanted = (column, order) if 0 <= column < len(self._columns) else None
        if wanted == self._sorted_by:
            return  # already so (a header click asks twice)
        self.layoutAboutToBeChanged.emit()
        before = self._rows
        self._sorted_by = wanted
        self._rows = self._arranged()
        position = {id(record): row for row, record in enumerate(self._rows)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(persistent, [
            self.index(position[id(before[index.row()])], index.column()) if index.isValid() else index
            for index in persistent])
        self.layoutChanged.emit()

    def _arranged(self) -> list[T]:
        if self._sorted_by is None or not self._given:
            return list(self._given)
        column, order = self._sorted_by
        if column >= len(self._columns):
            return list(self._given)
        keys = self.sort_keys(column, self._given)
        ranking = sorted(range(len(keys)), key=keys.__getitem__,
                         reverse=order == Qt.SortOrder.DescendingOrder)
        return [self._given[i] for i in ranking]

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
        self._rows = self._arranged()
        self.endResetModel()

    def rows(self) -> list[T]:
        """The rows in the order they were given (whatever the shown order)."""
        return list(self._given)

    def sort_keys(self, column: int, rows: Sequence[T] | None = None) -> list[Any]:
        """Each row's SORT_ROLE value in `column` (of the shown rows, or of `rows`)."""
        spec = self._columns[column]
        keys: list[Any] = []
        for row in self._rows if rows is None else rows:
            value = spec.value(row)
            if isinstance(value, int | float) and not isinstance(value, bool):
                keys.append(value)
            else:
                keys.append(self._rank(column, display(value)))
        return keys

    def search_texts(self) -> list[str]:
        """Each row's shown texts, lower-cased and joined (what a search without a haystack looks in;
        a separator no one types keeps the end of one column and the start of the next apart)."""
        return ["\x1f".join(display(column.value(row)) for column in self._columns).lower() for row in self._rows]

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
    """Search text across the chosen columns (or a custom haystack) plus named predicate filters.

    Qt asks `filterAcceptsRow` once per row: with 10,000 members that is 10,000 calls into Python
    for every letter typed. Each row's search text is therefore built once (lower-cased) when the
    rows change and kept, and the record is taken from the model directly, so a call costs a
    lookup and a substring test: a search over 10,000 rows filters in a few tens of milliseconds
    (issue 18; benchmarks/bench_speed.py filter)."""

    def __init__(self, parent: Any = None, haystack: Callable[[Any], str] | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._filters: dict[str, Callable[[Any], bool]] = {}
        self._haystack = haystack
        self._texts: list[str] | None = None  # each source row's search text, lower-cased
        self.setSortRole(SORT_ROLE)
        self.setSortLocaleAware(True)
        self.setDynamicSortFilter(True)

    def setSourceModel(self, model: Any) -> None:  # noqa: N802 - Qt's name
        previous = self.sourceModel()
        if previous is not None:
            for signal in _CHANGES:
                getattr(previous, signal).disconnect(self._forget_texts)
        super().setSourceModel(model)
        for signal in _CHANGES:
            getattr(model, signal).connect(self._forget_texts)
        self._forget_texts()

    def _forget_texts(self, *_args: object) -> None:
        self._texts = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A RecordTableModel sorts itself (one sort in Python: a sort here would call into Python
        for each of some 130,000 comparisons of 10,000 rows, over a second); the proxy keeps its
        order and filters it."""
        model = self.sourceModel()
        if isinstance(model, RecordTableModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def _search_texts(self) -> list[str]:
        model = self.sourceModel()
        if self._texts is None or len(self._texts) != model.rowCount():  # (the count: a change unannounced)
            if self._haystack is not None:
                records = [self._record(model, row) for row in range(model.rowCount())]
                self._texts = [self._haystack(r).lower() for r in records]
            elif isinstance(model, RecordTableModel):
                self._texts = model.search_texts()
            else:
                columns = range(model.columnCount())
                self._texts = ["\x1f".join(str(model.index(row, c).data() or "") for c in columns).lower()
                               for row in range(model.rowCount())]
        return self._texts

    @staticmethod
    def _record(model: Any, row: int) -> Any:
        if isinstance(model, RecordTableModel):
            return model.row_at(row)
        return model.index(row, 0).data(ROW_ROLE)

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

    def filtering(self) -> bool:
        """Whether a search or a filter leaves rows out."""
        return bool(self._needle or self._filters)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 - Qt's name
        if self._filters:
            record = self._record(self.sourceModel(), source_row)
            if any(not predicate(record) for predicate in self._filters.values()):
                return False
        return not self._needle or self._needle in self._search_texts()[source_row]

    def record_at(self, proxy_row: int) -> Any:
        return self.index(proxy_row, 0).data(ROW_ROLE)
