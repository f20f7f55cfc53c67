"""Start-up of the window: Qt application, bundled font, the main window, then the database."""

from __future__ import annotations

import sys
from typing import cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from branchdesk import __version__
from branchdesk.db.target import DatabaseTarget
from branchdesk.paths import APPLICATION, ORGANISATION, configured_database


def make_application(argv: list[str] | None = None) -> QApplication:
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    app = cast(QApplication, QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1]))
    from branchdesk.ui.fonts import install_cjk_font

    install_cjk_font(app)
    from branchdesk.ui.translations import install_qt_chinese

    install_qt_chinese(app)  # 确定/取消/关闭 instead of OK/Cancel/Close
    from branchdesk.ui.widgets import keyboard, style, table_fit, window_fit

    style.apply_theme(app)
    table_fit.install(app)  # every list sized to its content
    window_fit.install(app)  # every dialog on the screen, its size remembered
    keyboard.install(app)  # the cursor in each dialog's first field; Tab leaves lists and 备注 boxes
    return app


def run_app(db_target: str | None = None) -> int:
    """The window is shown first and the database opened behind it once it has painted
    (ui/startup.py, issue 18): nothing of the database layer is imported before the first paint."""
    app = make_application()
    from branchdesk.ui import error_report

    error_report.install()  # a failure no page expected is said in Chinese, not only printed
    from branchdesk.ui.context import AppContext
    from branchdesk.ui.main_window import MainWindow
    from branchdesk.ui.startup import DatabaseOpener

    if db_target is None:  # no --db: the configured database (a file, or a shared server URL; issue 9)
        db_target = str(configured_database())
    path = DatabaseTarget.parse(db_target).path if db_target else None
    guard = None
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        from branchdesk.ui.single_instance import InstanceGuard

        guard = InstanceGuard(path)
        if not guard.acquire():
            if guard.ask_holder_to_show():  # the window already open comes forward instead
                return 0
            QMessageBox.warning(
                None, app.tr("数据库正在使用"),
                app.tr("数据库“{0}”已被{1}打开。请切换到那个窗口，或先关闭它。").format(path, guard.holder_text()),
            )
            return 2
    context = AppContext(target=str(path) if path is not None else db_target)
    window = MainWindow(context)
    if guard is not None:  # a second start (also while the password is asked): this window comes forward
        guard.show_requested.connect(lambda: _bring_forward(QApplication.activeModalWidget() or window))

    def opened(db: object) -> None:
        import gc

        gc.freeze()  # the database layer and the first page are in: out of the collector's way (cli/main.py)
        from branchdesk.ui.settings.open_failure import show_notices

        show_notices(window, db)  # type: ignore[arg-type]  # the Database just opened
        from branchdesk.ui import startup_check

        if startup_check.requested():  # the bundle's smoke test (packaging/build_bundle.py)
            startup_check.quit_when_idle(app, window, context.pool)
        elif hasattr(window, "maybe_first_start"):  # a new, empty database: the setup, now that it is open
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, window.maybe_first_start)

    DatabaseOpener(window, context, str(path) if path is not None else db_target, opened)
    window.show()
    code = app.exec()
    context.pool.waitForDone()  # a background backup or check finishes before the database closes
    if context.ready:
        context.db.close()
    if guard is not None:
        guard.release()
    return code


def _bring_forward(window: QWidget | None) -> None:
    """A second start on the same database: show this window instead (restored if minimised)."""
    if window is None:
        return
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
