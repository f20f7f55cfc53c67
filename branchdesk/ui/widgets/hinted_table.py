"""A record list that says what to do when it is empty.

Why: an empty table with only its headers tells a new secretary nothing — is the year wrong, is a
filter on, or has nothing been recorded yet? 首页 and 整改台账 said so in their own ways; every list
now says it the same way, in the table itself: what to do first when nothing is recorded, and that the
search or a filter hides the rows when there are some.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QTableView, QWidget


class HintedTableView(QTableView):
    """A QTableView that paints `hint` over its empty viewport (nothing recorded), or a line about the
    search and filters when a filter model hides every row its source holds."""

    def __init__(self, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hint = hint

    def set_empty_hint(self, hint: str) -> None:
        self._hint = hint
        self.viewport().update()

    def empty_text(self) -> str:
        """What the empty list says now ("" while it shows rows)."""
        model = self.model()
        if model is None or model.rowCount() > 0:
            return ""
        source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else None
        if source is not None and source.rowCount() > 0:
            return self.tr("没有符合搜索或筛选条件的记录。请清空搜索框，或改选年度、党支部等筛选条件。")
        return self._hint

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        text = self.empty_text()
        if not text:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        area = self.viewport().rect().adjusted(32, 40, -32, -16)
        painter.drawText(area, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                                   | Qt.TextFlag.TextWordWrap), text)
        painter.end()
