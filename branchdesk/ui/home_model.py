"""The home page's list: one plain line per finding, problems first and then what falls due soonest,
filtered by the count tile chosen and the search text, flat or grouped by branch (a heading row per
branch with its counts). Status reads without colour: an icon and a word on every line."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from branchdesk.domain.finding_text import Category, HomeItem, due_text
from branchdesk.ui.widgets.icons import icon
from branchdesk.ui.widgets.style import STATUS

Index = QModelIndex | QPersistentModelIndex
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
TOP = 0
COLUMNS = ("状态", "事项", "党支部", "期限", "工作")


def status_word(item: HomeItem, today: date) -> str:
    if item.category == Category.DUE and item.due is not None and item.due < today:
        return "已过期限"
    return item.category


class HomeModel(QAbstractItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = date.today()
        self.items: list[HomeItem] = []
        self.category: str | None = None  # None: every category
        self.needle = ""
        self.grouped = False
        self.visible: list[HomeItem] = []
        self.groups: list[tuple[str, list[HomeItem]]] = []

    # --- what is shown
    def set_items(self, items: list[HomeItem], today: date) -> None:
        self.items, self.today = items, today
        self._rebuild()

    def set_category(self, category: str | None) -> None:
        self.category = category
        self._rebuild()

    def set_search(self, text: str) -> None:
        self.needle = text.strip().lower()
        self._rebuild()

    def set_grouped(self, grouped: bool) -> None:
        self.grouped = grouped
        self._rebuild()

    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(Category.ORDER, 0)
        for item in self.items:
            found[item.category] += 1
        return found

    def _matches(self, item: HomeItem) -> bool:
        if self.category is not None and item.category != self.category:
            return False
        if not self.needle:
            return True
        f = item.finding
        haystack = " ".join(x or "" for x in (item.line, f.message, f.branch, f.person, f.area, f.rule)).lower()
        return self.needle in haystack

    def _rebuild(self) -> None:
        self.beginResetModel()
        self.visible = [i for i in self.items if self._matches(i)]
        groups: dict[str, list[HomeItem]] = {}
        for item in self.visible:
            groups.setdefault(item.branch, []).append(item)
        self.groups = list(groups.items())
        self.endResetModel()

    # --- finding an item
    def item_at(self, index: Index) -> HomeItem | None:
        if not index.isValid():
            return None
        if self.grouped:
            if index.internalId() == TOP:
                return None
            return self.groups[index.internalId() - 1][1][index.row()]
        return self.visible[index.row()]

    def is_heading(self, index: Index) -> bool:
        return self.grouped and index.isValid() and index.internalId() == TOP

    # --- Qt model interface
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, TOP)
        if self.grouped and parent.internalId() == TOP:
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not self.grouped or not child.isValid() or child.internalId() == TOP:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.groups) if self.grouped else len(self.visible)
        if self.grouped and parent.internalId() == TOP and parent.column() == 0:
            return len(self.groups[parent.row()][1])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def _heading(self, row: int) -> str:
        name, items = self.groups[row]
        parts = [f"{c} {n}" for c in Category.ORDER if (n := sum(i.category == c for i in items))]
        return f"{name}　（{'，'.join(parts)}）"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if self.is_heading(index):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._heading(index.row()) if index.column() == 0 else ""
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor("#f3f4f6"))
            return None
        item = self.item_at(index)
        if item is None:
            return None
        column = index.column()
        colour, _mark, icon_name = STATUS[item.category]
        if role == ITEM_ROLE:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            return (status_word(item, self.today), item.line, item.branch, due_text(item.finding, self.today),
                    item.finding.area)[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return icon(icon_name, colour)
        if role == Qt.ItemDataRole.ForegroundRole and column in (0, 3) and item.category != Category.TODO:
            return QBrush(QColor(colour))
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            f = item.finding
            return f"{f.message}\n依据：{f.source}".strip() if f.source else f.message  # no rule code
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
