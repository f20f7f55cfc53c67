"""Every list in the window sizes its columns the same way: to their content (a sample of rows, so
ten thousand members cost nothing), long text capped and elided with the whole text in a tooltip,
numbers and dates narrow, and the room left over given to the main text column rather than to
whatever column happens to be last ("确定入党积极…" beside a 1000-pixel 人数 column).

When the columns together are a little wider than the list (an office screen of 1366×768: 三会一课's
所属期间 and 状态, 发展党员's 待办事项, 问题, 提醒 sat off to the right, trial 9 T9-27), the widest text
columns give up width — elided, their whole text in the tooltip — down to a floor that keeps a few
characters and the header readable, so that every column is in view; numbers, dates and the columns a
page names as `keep` are never narrowed. A list too wide for that keeps its columns readable and
scrolls sideways; only the columns left of a column named to stretch give way, to keep it in view.

`install(app)` fits every QTableView / QTreeView of the application as it is first shown; `fit_table`
does it for one view. A column the user has dragged keeps its width."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QColorDialog,
    QFileDialog,
    QFontDialog,
    QHeaderView,
    QTableView,
    QToolTip,
    QTreeView,
)
from shiboken6 import isValid

WIDEST = 340  # no text column starts wider than this; its whole text is in the tooltip
NUMERIC = re.compile(r"^[\s\d.,:%+\-/年月日第季度—]*$")
SAMPLE_ROWS = 60
PROPERTY = "branchdeskFitter"
FLOOR_TEXT = "第二党支部"  # a squeezed text column keeps at least this much (and its header) readable
MIN_STRETCH = 160  # the column a page names to stretch never gets less


def spare(widths: Mapping[int, int], floors: Mapping[int, int]) -> int:
    """How many pixels squeezing the columns of `floors` down to their floors can save."""
    return sum(max(widths[c] - floors[c], 0) for c in floors)


def squeezed(widths: Mapping[int, int], floors: Mapping[int, int], excess: int) -> dict[int, int]:
    """`widths` with the columns of `floors` lowered to one common cap — the widest first, none below
    its floor — until `excess` pixels are saved, or as far as the floors allow."""
    result = dict(widths)
    spare = {c: widths[c] - floors[c] for c in floors if widths[c] > floors[c]}
    if excess <= 0 or not spare:
        return result

    def saved(cap: int) -> int:
        return sum(widths[c] - max(cap, floors[c]) for c in spare if widths[c] > max(cap, floors[c]))

    low, high = 0, max(widths[c] for c in spare)  # saved(high) == 0; find the highest cap that saves enough
    while low < high:
        middle = (low + high + 1) // 2
        if saved(middle) >= excess:
            low = middle
        else:
            high = middle - 1
    for c in spare:
        result[c] = min(widths[c], max(low, floors[c]))
    return result


def _texts(model: QAbstractItemModel, column: int, rows: int) -> list[str]:
    return [str(model.index(row, column).data() or "") for row in range(min(rows, model.rowCount()))]


def is_numeric(model: QAbstractItemModel, column: int) -> bool:
    """Numbers, ratios, dates and periods: short, fixed-width values."""
    texts = [t for t in _texts(model, column, SAMPLE_ROWS) if t.strip()]
    return bool(texts) and all(NUMERIC.match(t) for t in texts)


_HANDLED = frozenset({QEvent.Type.Resize, QEvent.Type.ToolTip, QEvent.Type.MouseButtonPress,
                      QEvent.Type.MouseButtonRelease})  # what TableFitter.eventFilter looks at


class TableFitter(QObject):
    """Attached to one view: refits after the model is reset, shares out spare room on resize and
    shows the whole text of an elided cell as its tooltip."""

    def __init__(self, view: QAbstractItemView, widest: int = WIDEST, stretch: int | None = None,
                 keep: Iterable[int] = ()) -> None:
        super().__init__(view)
        self.view = view
        self.widest = widest
        self.stretch = stretch  # the column that takes the spare room (None: the widest text column)
        self.keep = set(keep)  # columns never narrowed below their content to make room for others
        self.user_sized = False
        self._fitting = False
        self._pending = False
        self._natural: dict[int, int] = {}
        self._fitted: dict[int, int] = {}  # each column's width before the room is shared out
        self._floors: dict[int, int] = {}  # how far each text column may be squeezed
        self._dragging = False  # a section resized while the mouse is down on the header: the user's width
        self._model: QAbstractItemModel | None = None
        view.setProperty(PROPERTY, True)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        if isinstance(view, QTableView):
            view.setWordWrap(False)
            view.verticalHeader().setVisible(False)  # row numbers change with every sort: they only confuse
            view.verticalHeader().setDefaultSectionSize(QFontMetrics(view.font()).height() + 10)
        header = self.header()
        header.setResizeContentsPrecision(SAMPLE_ROWS)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._section_resized)
        header.sectionCountChanged.connect(self.schedule)  # another model with other columns (setModel)
        header.viewport().installEventFilter(self)
        view.viewport().installEventFilter(self)
        self._watch(view.model())
        self.schedule()

    def header(self) -> QHeaderView:
        view = self.view
        return view.horizontalHeader() if isinstance(view, QTableView) else view.header()  # type: ignore[attr-defined]

    def _watch(self, model: QAbstractItemModel | None) -> None:
        if model is None or model is self._model:
            return
        self._model = model
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.columnsInserted):
            signal.connect(self.schedule)

    def schedule(self, *_args: object) -> None:
        """Fit once control returns to the event loop: after the page's own set-up of the view."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self.fit)

    def _section_resized(self, *_args: object) -> None:
        if self._dragging and not self._fitting:
            self.user_sized = True

    def fit(self) -> None:
        self._pending = False
        if not isValid(self.view):  # the view was deleted meanwhile
            return
        self._watch(self.view.model())
        model = self.view.model()
        if model is None or self.user_sized or model.columnCount() == 0:
            return
        header = self.header()
        self._fitting = True
        try:
            self._natural, self._fitted, self._floors = {}, {}, {}
            least = QFontMetrics(self.view.font()).horizontalAdvance(FLOOR_TEXT) + 16
            for column in range(model.columnCount()):
                if header.isSectionHidden(column):
                    continue
                hint = max(self.view.sizeHintForColumn(column), header.sectionSizeHint(column))
                if column in self.keep:  # shown whole: measured over every row, not a sample
                    hint = max(hint, self._widest_text(model, column))
                self._natural[column] = hint
                self._fitted[column] = min(hint, self.widest)
                if column not in self.keep and not is_numeric(model, column):
                    self._floors[column] = min(self._fitted[column], max(least, header.sectionSizeHint(column)))
            self._share_room()
        finally:
            self._fitting = False

    def _widest_text(self, model: QAbstractItemModel, column: int) -> int:
        metrics = QFontMetrics(self.view.font())
        texts = {str(model.index(row, column).data() or "") for row in range(model.rowCount())}
        return max((metrics.horizontalAdvance(t) for t in texts), default=0) + 16

    def stretch_column(self) -> int | None:
        model = self.view.model()
        if self.stretch is not None or model is None:
            return self.stretch
        if model.rowCount() == 0:  # nothing to judge by: no column is widened for an empty list
            return None
        text = {c: w for c, w in self._natural.items() if not is_numeric(model, c)}
        return max(text, key=lambda c: text[c]) if text else None

    def _share_room(self) -> None:
        """Share the viewport's width out from the fitted widths. Too little room: the text columns
        are squeezed (widest first) when that brings every column into view; when it cannot, only the
        columns left of the one that must stay in view (the column to stretch, else the last `keep`
        column) give way for it, and the rest scroll. Room to spare: a column named as the one to
        stretch fills exactly the room the others leave (at least MIN_STRETCH); otherwise the widest
        text column grows into it, and back when the room shrinks (a vertical scroll bar appearing
        once the rows are in once left 首页's last column under it)."""
        if not self._fitted:
            return
        room = self.view.viewport().width() - 2
        column = self.stretch_column()
        widths = dict(self._fitted)
        if self.stretch is not None and column in widths:
            others = {c: w for c, w in widths.items() if c != column}
            widths = self._squeezed(others, room - MIN_STRETCH, column)
            widths[column] = max(room - sum(widths.values()), MIN_STRETCH)
        elif sum(widths.values()) > room:
            header = self.header()
            kept = max(self.keep & widths.keys(), key=header.visualIndex, default=None)
            widths = self._squeezed(widths, room, kept)
        elif column is not None:
            widths[column] += room - sum(widths.values())
        header = self.header()
        for c, width in widths.items():
            if width != header.sectionSize(c):
                header.resizeSection(c, width)

    def _squeezed(self, widths: dict[int, int], room: int, anchor: int | None) -> dict[int, int]:
        """`widths` squeezed into `room` if the floors allow; else, with an `anchor`, only the columns
        left of it, so that it ends in view (its own width counted in `room` unless it is in `widths`)."""
        floors = {c: f for c, f in self._floors.items() if c in widths}
        excess = sum(widths.values()) - room
        if excess > spare(widths, floors):
            if anchor is None:
                return widths  # no squeezing can bring them all into view: readable columns, scrolled
            header = self.header()
            left = {c for c in widths if header.visualIndex(c) <= header.visualIndex(anchor)}
            floors = {c: f for c, f in floors.items() if c in left and c != anchor}
            excess = sum(widths[c] for c in left) - room
        return squeezed(widths, floors, excess)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # only the events handled below: others (hide, leave, child removed …) arrive while the view
        # is being destroyed, when even asking for its viewport may touch freed memory (T10-21)
        if event.type() not in _HANDLED or not isValid(self) or not isValid(self.view):
            return False
        if watched is not self.view.viewport():  # the header: is the user dragging a column's edge?
            if event.type() == QEvent.Type.MouseButtonPress:
                self._dragging = True
            elif event.type() == QEvent.Type.MouseButtonRelease:
                self._dragging = False
            return False
        if event.type() == QEvent.Type.Resize and not self.user_sized and self._natural:
            self._fitting = True
            try:
                self._share_room()
            finally:
                self._fitting = False
        elif event.type() == QEvent.Type.ToolTip:
            return self._elided_tooltip(event)
        return super().eventFilter(watched, event)

    def _elided_tooltip(self, event: QEvent) -> bool:
        """A cell whose text does not fit shows it whole; a cell with its own tooltip keeps that."""
        pos = event.pos()  # type: ignore[attr-defined]
        index = self.view.indexAt(pos)
        if not index.isValid() or index.data(Qt.ItemDataRole.ToolTipRole):
            return False
        text = str(index.data() or "")
        if not text:
            return False
        rect = self.view.visualRect(index)
        width = QFontMetrics(self.view.font()).horizontalAdvance(text) + 12
        if width <= rect.width() and "\n" not in text:
            return False
        QToolTip.showText(event.globalPos(), text, self.view.viewport(), rect)  # type: ignore[attr-defined]
        return True


def fit_table(view: QAbstractItemView, *, widest: int = WIDEST, stretch: int | None = None,
              keep: Iterable[int] = ()) -> TableFitter:
    """Fit one view now and after every reload (returns the fitter; a second call returns the first).
    `keep`: columns shown whole even when the others must be squeezed to fit."""
    existing = view.findChild(TableFitter)
    if existing is not None:
        existing.widest, existing.stretch, existing.keep = widest, stretch, set(keep)
        existing.schedule()
        return existing
    return TableFitter(view, widest, stretch, keep)


class _AutoFit(QObject):
    """Application-wide: every table or tree view of BranchDesk's own is fitted when it is first
    polished. Qt's own dialogs (the file dialog of Linux and of the offscreen platform …) are left as
    Qt made them: their views are destroyed by Qt, and a filter of ours on them crashed the app
    when the file dialog closed (T10-21)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Polish and isinstance(watched, QTableView | QTreeView) \
                and not watched.property(PROPERTY) and not watched.property("noAutoFit") \
                and not isinstance(watched.window(), _QT_DIALOGS):
            fit_table(watched)
        return False


_QT_DIALOGS = (QFileDialog, QColorDialog, QFontDialog)  # Qt's ready-made dialogs: their views are Qt's


def install(app: QApplication) -> None:
    if app.property("branchdeskAutoFit"):
        return
    app.setProperty("branchdeskAutoFit", True)
    app._auto_fit = _AutoFit(app)  # type: ignore[attr-defined]  # kept alive with the application
    app.installEventFilter(app._auto_fit)  # type: ignore[attr-defined]
