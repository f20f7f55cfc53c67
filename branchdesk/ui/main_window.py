"""The main window: the navigation list of areas beside a stack of pages, built on first visit.

It is shown before its database is open (app.py opens it after the first paint, issue 18): this
module imports nothing of the database layer, and until `database_ready` the page area says that the
database is being opened."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from branchdesk import __version__
from branchdesk.ui.about_dialog import install_about_action
from branchdesk.ui.context import AppContext
from branchdesk.ui.navigation import AREAS, build_page


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setWindowTitle(self.tr("支部台账 BranchDesk {0} — {1}").format(__version__, context.where))
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMinimumWidth(120)
        self.nav.setMaximumWidth(200)
        self.nav.setStyleSheet("QListWidget#navigation { font-size: 15px; } QListWidget#navigation::item { padding: 8px 10px; }")
        self.stack = QStackedWidget()
        self._pages: dict[str, QWidget] = {}
        for index, area in enumerate(AREAS):
            item = QListWidgetItem(area.title)
            item.setData(Qt.ItemDataRole.UserRole, area.key)
            item.setToolTip(f"{area.summary}（Ctrl+{index + 1}）" if index < 9 else area.summary)
            self.nav.addItem(item)
            holder = QLabel(self.tr("正在打开数据库……"))  # replaced by the page on its first visit
            holder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.stack.addWidget(holder)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([150, 1130])
        self.setCentralWidget(self.splitter)
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)
        self.nav.currentRowChanged.connect(self._show_row)
        context.navigate.connect(self.open_area)
        context.data_changed.connect(self._data_changed)
        for index in range(min(9, len(AREAS))):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, row=index: self.nav.setCurrentRow(row))
            self.addAction(action)
        install_about_action(self, context)  # 帮助 → 关于 (issue 9); it names the database when opened
        if context.ready:
            self._install_lock()
        self._restore_geometry()
        self.nav.setCurrentRow(0)

    def _install_lock(self) -> None:
        from branchdesk.ui.security.window_lock import install_window_lock

        self.locker = install_window_lock(self, self.context)  # idle lock, Ctrl+L (issue 8)

    def database_ready(self) -> None:
        """The database is open (app.py opened it once the window was shown): the idle lock, the
        title, and the page in view."""
        self.setWindowTitle(self.tr("支部台账 BranchDesk {0} — {1}").format(__version__, self.context.where))
        self._install_lock()
        self._show_row(self.nav.currentRow())

    def page(self, key: str) -> QWidget:
        """The page of an area, built on first use (pages not yet visited cost nothing at start-up)."""
        if key not in self._pages:
            row = next(i for i, a in enumerate(AREAS) if a.key == key)
            page = build_page(AREAS[row], self.context, self)
            old = self.stack.widget(row)  # the empty holder the page replaces
            self.stack.insertWidget(row, page)
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
            self._pages[key] = page
        return self._pages[key]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        area = AREAS[row]
        if not self.context.ready:  # app.py opens the database; database_ready shows the page
            self.stack.setCurrentIndex(row)
            return
        page = self.page(area.key)
        self.stack.setCurrentWidget(page)
        refresh = getattr(page, "refresh", None)
        if refresh is not None:
            refresh()
        self.status.setText(area.summary)

    def open_area(self, key: str, payload: object = None) -> None:
        row = next((i for i, a in enumerate(AREAS) if a.key == key), None)
        if row is None:
            return
        self.nav.setCurrentRow(row)
        if not self.context.ready:
            return
        handler = getattr(self.page(key), "open_item", None)
        if handler is not None and payload is not None:
            handler(payload)

    def _data_changed(self, area: str) -> None:
        """After a restore ("*") every page's data is stale: refresh the visible one now (the others
        refresh when they are shown) and name the database in the title again."""
        if area != "*":
            return
        self.setWindowTitle(self.tr("支部台账 BranchDesk {0} — {1}").format(__version__, self.context.where))
        refresh = getattr(self.stack.currentWidget(), "refresh", None)
        if refresh is not None:
            refresh()

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = settings.value("main/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def closeEvent(self, event: Any) -> None:
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/splitter", self.splitter.saveState())
        for page in self._pages.values():
            save = getattr(page, "save_state", None)
            if save is not None:
                save()
        super().closeEvent(event)
