"""The main window: the navigation list of areas beside a stack of pages, built on first visit."""

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
from branchdesk.ui.security.window_lock import install_window_lock


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setWindowTitle(self.tr("支部台账 BranchDesk {0} — {1}").format(__version__, context.db.path or context.db.url))
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
            holder = QWidget()
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
        install_about_action(self, context.db)  # 帮助 → 关于 (issue 9)
        self.locker = install_window_lock(self, context)  # idle lock, Ctrl+L (issue 8)
        self._restore_geometry()
        self.nav.setCurrentRow(0)

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
        handler = getattr(self.page(key), "open_item", None)
        if handler is not None and payload is not None:
            handler(payload)

    def _data_changed(self, area: str) -> None:
        """After a restore ("*") every page's data is stale: refresh the visible one now (the others
        refresh when they are shown) and name the database in the title again."""
        if area != "*":
            return
        self.setWindowTitle(self.tr("支部台账 BranchDesk {0} — {1}").format(
            __version__, self.context.db.path or self.context.db.url))
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
