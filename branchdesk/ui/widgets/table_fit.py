"""Every list in the window sizes its columns the same way: to their content (a sample of rows, so
ten thousand members cost nothing), long text capped and elided with the whole text in a tooltip,
numbers and dates narrow, and the room left over given to the main text column rather than to
whatever column happens to be last ("确定入党积极…" beside a 1000-pixel 人数 column).

`install(app)` fits every QTableView / QTreeView of the application as it is first shown; `fit_table`
does it for one view. A column the user has dragged keeps its width."""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableView, QToolTip, QTreeView
from shiboken6 import isValid

WIDEST = 340  # no text column starts wider than this; its whole text is in the tooltip
NUMERIC = re.compile(r"^[\s\d.,:%+\-/年月日第季度—]*$")
SAMPLE_ROWS = 60
PROPERTY = "branchdeskFitter"


def _texts(model: QAbstractItemModel, column: int, rows: int) -> list[str]:
    return [str(model.index(row, column).data() or "") for row in range(min(rows, model.rowCount()))]


def is_numeric(model: QAbstractItemModel, column: int) -> bool:
    """Numbers, ratios, dates and periods: short, fixed-width values."""
    texts = [t for t in _texts(model, column, SAMPLE_ROWS) if t.strip()]
    return bool(texts) and all(NUMERIC.match(t) for t in texts)


class TableFitter(QObject):
    """Attached to one view: refits after the model is reset, shares out spare room on resize and
    shows the whole text of an elided cell as its tooltip."""

    def __init__(self, view: QAbstractItemView, widest: int = WIDEST, stretch: int | None = None) -> None:
        super().__init__(view)
        self.view = view
        self.widest = widest
        self.stretch = stretch  # the column that takes the spare room (None: the widest text column)
        self.user_sized = False
        self._fitting = False
        self._pending = False
        self._natural: dict[int, int] = {}
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
            self._natural = {}
            for column in range(model.columnCount()):
                if header.isSectionHidden(column):
                    continue
                hint = max(self.view.sizeHintForColumn(column), header.sectionSizeHint(column))
                self._natural[column] = hint
                header.resizeSection(column, min(hint, self.widest))
            self._share_room()
        finally:
            self._fitting = False

    def stretch_column(self) -> int | None:
        model = self.view.model()
        if self.stretch is not None or model is None:
            return self.stretch
        if model.rowCount() == 0:  # nothing to judge by: no column is widened for an empty list
            return None
        text = {c: w for c, w in self._natural.items() if not is_numeric(model, c)}
        return max(text, key=lambda c: text[c]) if text else None

    def _share_room(self) -> None:
        """Give the viewport's spare width to the main text column. A column named as the one to
        stretch fills exactly the room the others leave (eliding beyond it, never scrolling sideways);
        otherwise the widest text column only grows into spare room."""
        column = self.stretch_column()
        if column is None or not self._natural:
            return
        header = self.header()
        others = sum(header.sectionSize(c) for c in self._natural if c != column)
        room = self.view.viewport().width() - others - 2
        if self.stretch is not None:
            header.resizeSection(column, max(room, 160))
            return
        # grown into spare room, and back when the room shrinks (a vertical scroll bar appearing once
        # the rows are in once left 首页's last column under it), never below its own fitted width
        target = max(room, min(self._natural.get(column, 0), self.widest))
        if target != header.sectionSize(column):
            header.resizeSection(column, target)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if not isValid(self.view):  # events still arrive while the view is being destroyed
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
                model = self.view.model()
                header = self.header()
                column = self.stretch_column()
                if column is not None and model is not None:
                    header.resizeSection(column, min(self._natural.get(column, 0), self.widest))
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


def fit_table(view: QAbstractItemView, *, widest: int = WIDEST, stretch: int | None = None) -> TableFitter:
    """Fit one view now and after every reload (returns the fitter; a second call returns the first)."""
    existing = view.findChild(TableFitter)
    if existing is not None:
        existing.widest, existing.stretch = widest, stretch
        existing.schedule()
        return existing
    return TableFitter(view, widest, stretch)


class _AutoFit(QObject):
    """Application-wide: every table or tree view is fitted when it is first polished."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Polish and isinstance(watched, QTableView | QTreeView) \
                and not watched.property(PROPERTY) and not watched.property("noAutoFit"):
            fit_table(watched)
        return False


def install(app: QApplication) -> None:
    if app.property("branchdeskAutoFit"):
        return
    app.setProperty("branchdeskAutoFit", True)
    app._auto_fit = _AutoFit(app)  # type: ignore[attr-defined]  # kept alive with the application
    app.installEventFilter(app._auto_fit)  # type: ignore[attr-defined]
