"""Which columns a list shows: a page names the columns a user seldom needs, hidden by default so that
the ones they read fit an office screen of 1366×768 without scrolling sideways (trial 9, T9-27: the
roster's 15 columns and 结对帮扶's 13 did not). A right click on the header lists every column with a
tick: the user shows or hides any of them, or goes back to the page's choice; the choice is kept in
QSettings per list, so it stays the next time the program starts.

Nothing is lost by hiding a column: search still finds what it holds, the record's form shows it, and
the Excel export writes every column. Columns are named by their header text, so a list's columns
may be reordered in the code without mixing up a user's choice."""

from __future__ import annotations

import json
from collections.abc import Iterable

from PySide6.QtCore import QAbstractItemModel, QObject, QPoint, QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView
from shiboken6 import isValid

from branchdesk.ui.widgets.table_fit import TableFitter

HINT = "右键单击列标题，可选择显示哪些列"


def header_of(view: QAbstractItemView) -> QHeaderView:
    return view.horizontalHeader() if isinstance(view, QTableView) else view.header()  # type: ignore[attr-defined]


class ColumnChooser(QObject):
    """Attached to one view: hides the columns of the user's choice (else the page's `hidden`) and
    offers the header's context menu. `fixed` columns cannot be hidden (the one naming the row)."""

    def __init__(self, view: QAbstractItemView, key: str, hidden: Iterable[str] = (),
                 fixed: Iterable[str] = ()) -> None:
        super().__init__(view)
        self.view = view
        self.setting = f"columns/{key}/hidden"
        self.defaults = frozenset(hidden)
        self.fixed = frozenset(fixed)
        self.hidden = self._saved()
        self._model: QAbstractItemModel | None = None
        header = header_of(view)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.show_menu)
        header.setToolTip(HINT)
        self.apply()

    def _saved(self) -> frozenset[str]:
        value = QSettings().value(self.setting)
        if isinstance(value, str):
            try:
                titles = json.loads(value)
            except ValueError:
                titles = None
            if isinstance(titles, list) and all(isinstance(t, str) for t in titles):
                return frozenset(titles)
        return self.defaults

    def titles(self) -> list[str]:
        model = self.view.model()
        if model is None:
            return []
        return [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())]

    def apply(self, *_args: object) -> None:
        """Hide and show the sections as chosen (again after a reset: a new model or new columns)."""
        if not isValid(self.view):
            return
        model = self.view.model()
        if model is not self._model and model is not None:
            self._model = model
            for signal in (model.modelReset, model.columnsInserted, model.headerDataChanged):
                signal.connect(self.apply)
        header = header_of(self.view)
        shown: list[int] = []
        changed = False
        for column, title in enumerate(self.titles()):
            hide = title in self.hidden and title not in self.fixed
            if header.isSectionHidden(column) != hide:
                header.setSectionHidden(column, hide)
                changed = True
                if not hide:
                    shown.append(column)
        if changed:
            self._refit(shown)

    def _refit(self, shown: list[int]) -> None:
        """The list's columns share out the width again; a column just shown after the user sized the
        others by hand gets the width of its content."""
        fitter = self.view.findChild(TableFitter)
        if fitter is None:
            return
        if fitter.user_sized:
            header = header_of(self.view)
            for column in shown:
                width = max(self.view.sizeHintForColumn(column), header.sectionSizeHint(column))
                header.resizeSection(column, min(width, fitter.widest))
        fitter.schedule()

    def set_shown(self, title: str, shown: bool) -> None:
        """Show or hide one column and remember the choice."""
        hidden = set(self.hidden)
        if shown:
            hidden.discard(title)
        elif title not in self.fixed:
            hidden.add(title)
        self._choose(frozenset(hidden))

    def restore_defaults(self) -> None:
        self._choose(self.defaults)
        QSettings().remove(self.setting)

    def _choose(self, hidden: frozenset[str]) -> None:
        titles = self.titles()
        if titles and all(t in hidden and t not in self.fixed for t in titles):
            return  # never every column hidden: the list would be empty with no header to right-click
        self.hidden = hidden
        QSettings().setValue(self.setting, json.dumps(sorted(hidden), ensure_ascii=False))
        self.apply()

    def menu(self) -> QMenu:
        """The header's context menu: every column with a tick, then the page's own choice."""
        menu = QMenu(self.view)
        header = header_of(self.view)
        titles = self.titles()
        visible = [c for c in range(len(titles)) if not header.isSectionHidden(c)]
        for column in sorted(range(len(titles)), key=header.visualIndex):
            title = titles[column]
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(column in visible)
            action.setEnabled(title not in self.fixed and visible != [column])
            action.toggled.connect(lambda on, t=title: self.set_shown(t, on))
        menu.addSeparator()
        reset = menu.addAction(menu.tr("恢复默认显示的列"))
        reset.setEnabled(self.hidden != self.defaults)
        reset.triggered.connect(self.restore_defaults)
        return menu

    def show_menu(self, pos: QPoint) -> None:
        menu = self.menu()
        menu.exec(header_of(self.view).mapToGlobal(pos))
        menu.deleteLater()


def choose_columns(view: QAbstractItemView, key: str, *, hidden: Iterable[str] = (),
                   fixed: Iterable[str] = ()) -> ColumnChooser:
    """Give `view` a header menu to show and hide columns, remembered under `key`; `hidden`: the
    columns hidden until the user shows them. A second call returns the first chooser."""
    existing = view.findChild(ColumnChooser)
    if existing is not None:
        return existing
    return ColumnChooser(view, key, hidden, fixed)
