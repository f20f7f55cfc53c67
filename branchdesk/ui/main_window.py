"""The main window: the navigation list of areas beside a stack of pages, built on first visit.

It is shown before its database is open (app.py opens it after the first paint, issue 18): this
module imports nothing of the database layer, and until `database_ready` the page area says that the
database is being opened."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk import __version__
from branchdesk.ui.about_dialog import install_about_action
from branchdesk.ui.context import AppContext
from branchdesk.ui.help_dialog import install_guide_action
from branchdesk.ui.navigation import AREAS, build_page
from branchdesk.ui.tasks import run_task
from branchdesk.ui.widgets.icons import NAV_ICONS, icon
from branchdesk.ui.widgets.keyboard import focus_page
from branchdesk.ui.widgets.style import ACCENT
from branchdesk.ui.widgets.window_fit import available, place

PREFERRED_SIZE = QSize(1280, 800)


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.demo = _is_demo(context) if context.ready else False  # known once the database is open
        self.demo_window: MainWindow | None = None
        self.setWindowTitle(self._title())
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMinimumWidth(132)
        self.nav.setMaximumWidth(200)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self._pages: dict[str, QWidget] = {}
        for index, area in enumerate(AREAS):
            item = QListWidgetItem(icon(NAV_ICONS.get(area.key, "layers"), "#3c4043", ACCENT), area.title)
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
        self.splitter.setChildrenCollapsible(False)
        central = QWidget()
        self._column = column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        if self.demo:
            column.addWidget(self._demo_banner())
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.itemActivated.connect(lambda _item: self._focus_page())  # Enter on the sidebar: into the page
        context.navigate.connect(self.open_area)
        context.data_changed.connect(self._data_changed)
        for index in range(min(9, len(AREAS))):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, row=index: self.show_page(row))
            self.addAction(action)
        install_about_action(self, context)  # 帮助 → 关于 (issue 9); it names the database when opened
        install_guide_action(self)  # 帮助 → 使用说明 (F1)
        if context.ready:
            self._install_lock()
        self._restore_geometry()
        self.nav.setCurrentRow(0)

    def _install_lock(self) -> None:
        from branchdesk.ui.security.window_lock import install_window_lock

        self.locker = install_window_lock(self, self.context)  # idle lock, Ctrl+L (issue 8)

    def database_ready(self) -> None:
        """The database is open (app.py opened it once the window was shown): the demo banner if it
        is the demo, the title, the idle lock and the page in view."""
        self.demo = _is_demo(self.context)
        if self.demo:
            self._column.insertWidget(0, self._demo_banner())
        self.setWindowTitle(self._title())
        self._install_lock()
        self._show_row(self.nav.currentRow())

    def _title(self) -> str:
        if not self.context.ready:
            return self.tr("支部台账 BranchDesk {0} — {1}").format(__version__, self.context.where)
        db = self.context.db
        where = db.path or db.url.render_as_string(hide_password=True)
        if self.demo:
            return self.tr("【演示数据】支部台账 BranchDesk {0} — 演示用，不是本校的数据（{1}）").format(__version__, where)
        return self.tr("支部台账 BranchDesk {0} — {1}").format(__version__, where)

    def _demo_banner(self) -> QWidget:
        banner = QFrame()
        banner.setObjectName("demoBanner")
        text = QLabel(self.tr("<b>这是演示数据</b>：一所虚构学校的台账，供熟悉软件使用。在这里的修改不会影响本校数据。"))
        back = QPushButton(self.tr("关闭演示"))
        back.setObjectName("closeDemo")
        back.clicked.connect(self.close)
        row = QHBoxLayout(banner)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(text, 1)
        row.addWidget(back)
        return banner

    # --- first start and the demo
    def maybe_first_start(self) -> None:
        """A new, empty database: lead through the setup (once; 设置 → 学校信息 runs it again)."""
        from branchdesk.services.setup import needs_first_start

        if not self.demo and needs_first_start(self.context.db):
            self.run_first_start()

    def run_first_start(self, again: bool = False) -> None:
        from branchdesk.ui.setup.first_start import FirstStartDialog, Next

        dialog = FirstStartDialog(self.context, self, again=again)
        if dialog.exec() != FirstStartDialog.DialogCode.Accepted:
            return
        refresh = getattr(self.stack.currentWidget(), "refresh", None)
        if refresh is not None:
            refresh()
        if dialog.next is Next.IMPORT:
            self.open_area("roster")
            self.page("roster").import_excel()  # type: ignore[attr-defined]
        elif dialog.next is Next.DEMO:
            self.open_demo()

    def open_demo(self) -> None:
        """The demo school in a window of its own over a separate file (made the first time)."""
        if self.demo_window is not None and self.demo_window.isVisible():
            self.demo_window.raise_()
            self.demo_window.activateWindow()
            return
        from branchdesk.services.setup import prepare_demo

        run_task(self, lambda _p, _c: prepare_demo(), self._show_demo,
                 lambda message: QMessageBox.warning(self, self.tr("无法打开演示数据"), str(message)),
                 label=self.tr("正在准备演示数据（第一次需要几秒钟）……"), pool=self.context.pool, cancellable=False)

    def _show_demo(self, path: object) -> None:
        from branchdesk.services import session

        database = session.open(path)  # type: ignore[arg-type]
        window = MainWindow(AppContext(database))
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda *_args: self._demo_closed(database))
        self.demo_window = window
        window.show()

    def _demo_closed(self, database: object) -> None:
        self.demo_window = None
        database.close()  # type: ignore[attr-defined]

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

    def show_page(self, row: int) -> None:
        """The page of a shortcut (Ctrl+1…9), with the keys in it (T10-19: they stayed in the sidebar,
        and Down meant for the page's list switched pages)."""
        self.nav.setCurrentRow(row)
        self._focus_page()

    def _focus_page(self) -> None:
        page = self.stack.currentWidget()
        if self.context.ready and page is not None:
            focus_page(page)

    def open_area(self, key: str, payload: object = None) -> None:
        row = next((i for i, a in enumerate(AREAS) if a.key == key), None)
        if row is None:
            return
        self.nav.setCurrentRow(row)
        if not self.context.ready:
            return
        self._focus_page()
        handler = getattr(self.page(key), "open_item", None)
        if handler is not None and payload is not None:
            handler(payload)

    def _data_changed(self, area: str) -> None:
        """After a restore ("*") every page's data is stale: refresh the visible one now (the others
        refresh when they are shown) and name the database in the title again."""
        if area != "*":
            return
        self.setWindowTitle(self._title())
        refresh = getattr(self.stack.currentWidget(), "refresh", None)
        if refresh is not None:
            refresh()

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        area = available(self)
        if geometry is None or not self.restoreGeometry(geometry):
            place(self, PREFERRED_SIZE)
            if area.width() < PREFERRED_SIZE.width() + 60 or area.height() < PREFERRED_SIZE.height() + 60:
                self.setWindowState(Qt.WindowState.WindowMaximized)  # a 1366×768 screen: use all of it
        if self.width() > area.width() or self.height() > area.height():  # saved on a larger screen
            place(self, PREFERRED_SIZE)
        state = settings.value("main/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def closeEvent(self, event: Any) -> None:
        if self.demo:  # the demo window leaves the real window's layout as it was
            self.context.pool.waitForDone(15_000)  # its pages' checks end (and report) before it goes
            super().closeEvent(event)
            return
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/splitter", self.splitter.saveState())
        for page in self._pages.values():
            save = getattr(page, "save_state", None)
            if save is not None:
                save()
        super().closeEvent(event)


def _is_demo(context: AppContext) -> bool:
    from branchdesk.services.setup import is_demo

    return is_demo(context.db)
