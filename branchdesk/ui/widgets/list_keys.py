"""The keyboard in a record list, the same on every page: Tab (or Down from the search box) into the
list marks a row as chosen, and Enter opens the chosen row — as a double click does.

Why (trial 9, T9-16): Qt gives a list that gets the focus from the keyboard a *current* row (the
focus frame) but no *selection*, while every page acts on the selection (编辑, 删除, the `selected()`
of each page). A secretary who tabbed into the meeting list and pressed Enter got nothing; Space had
to be pressed first, which nobody guesses. Down in the search box stayed in the search box. Pages that
listened to both `doubleClicked` and `activated` also opened a record twice on a double click (Qt
emits both). One implementation here, installed by each list: `keyboard_list(view, open, search)`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
RECORD_LIST = "recordList"  # set on each list installed here: a page opened by keys puts the cursor there
_CHORDS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier \
    | Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.MetaModifier


def choose_current(view: QAbstractItemView, start: Callable[[], QModelIndex] | None = None) -> QModelIndex:
    """Select the list's current row (when there is none, `start()` or the first row) if nothing is
    selected, so that what the focus frame shows is what the page's actions act on. Returns the
    current index."""
    model, chosen = view.model(), view.selectionModel()
    if model is None or chosen is None or model.rowCount() == 0:
        return QModelIndex()
    index = view.currentIndex()
    if not index.isValid():
        index = start() if start is not None else QModelIndex()
    if not index.isValid():
        index = model.index(0, 0)
    if chosen.hasSelection():
        return index
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
    if view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows:
        flags |= QItemSelectionModel.SelectionFlag.Rows
    chosen.setCurrentIndex(index, flags)
    view.scrollTo(index)
    return index


class _ListKeys(QObject):
    def __init__(self, view: QAbstractItemView, open_current: Callable[[], object] | None,
                 search: QLineEdit | None, start: Callable[[], QModelIndex] | None) -> None:
        super().__init__(view)
        self.view = view
        self.open_current = open_current
        self.search = search
        self.start = start

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.search and isinstance(event, QKeyEvent):
            return event.type() == QEvent.Type.KeyPress and self._from_search(event)
        if watched is not self.view:
            return False
        if event.type() == QEvent.Type.FocusIn and isinstance(event, QFocusEvent) \
                and event.reason() != Qt.FocusReason.MouseFocusReason:  # a click selects by itself
            choose_current(self.view, self.start)
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._in_list(event)
        return False

    def _from_search(self, event: QKeyEvent) -> bool:
        """Down in the search box goes into the list (to its chosen row, else the first)."""
        if event.key() != Qt.Key.Key_Down or event.modifiers() & _CHORDS:
            return False
        model = self.view.model()
        if model is None or model.rowCount() == 0:
            return False
        self.view.setFocus(Qt.FocusReason.TabFocusReason)
        choose_current(self.view, self.start)  # also where the window is not active (no focus-in is delivered)
        return True

    def _in_list(self, event: QKeyEvent) -> bool:
        if self.view.state() == QAbstractItemView.State.EditingState or event.modifiers() & _CHORDS:
            return False
        if event.key() in _ENTER:
            if not choose_current(self.view, self.start).isValid() or self.open_current is None:
                return False  # the view's own `activated` (a page that acts on it, as 党费's grid)
            self.open_current()
            return True
        if event.key() == Qt.Key.Key_Up and self.search is not None:  # Up from the first row: back to the search
            index = self.view.currentIndex()
            if index.isValid() and index.row() == 0 and not index.parent().isValid():
                self.search.setFocus(Qt.FocusReason.BacktabFocusReason)
                return True
        return False


def keyboard_list(view: QAbstractItemView, open_current: Callable[[], object] | None = None,
                  search: QLineEdit | None = None, start: Callable[[], QModelIndex] | None = None) -> None:
    """Install the keys on `view`: `open_current` (the page's 编辑 / open) on Enter, Return and double
    click; Down from `search` into the list and Up from its first row back. Without `open_current`
    the view's own `activated` signal still fires on Enter, after the current row is selected.
    `start`: where the keyboard enters a list with no current cell (党费: this month's column)."""
    keys = _ListKeys(view, open_current, search, start)
    view.setProperty(RECORD_LIST, True)
    view.installEventFilter(keys)
    if search is not None:
        search.installEventFilter(keys)
    if open_current is not None:
        view.doubleClicked.connect(lambda _index: open_current())
