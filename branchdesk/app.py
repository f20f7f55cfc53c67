"""Start-up of the window: Qt application, bundled font, the database, the main window."""

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
    from branchdesk.ui.widgets import style, table_fit, window_fit

    style.apply_theme(app)
    table_fit.install(app)  # every list sized to its content
    window_fit.install(app)  # every dialog on the screen, its size remembered
    return app


def run_app(db_target: str | None = None) -> int:
    app = make_application()
    from branchdesk.ui import error_report

    error_report.install()  # a failure no page expected is said in Chinese, not only printed
    from branchdesk.services import session
    from branchdesk.services.session import DatabaseOpenError
    from branchdesk.ui.context import AppContext
    from branchdesk.ui.main_window import MainWindow

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
    from branchdesk.db.migrate import EncryptedDatabaseError
    from branchdesk.ui.security.unlock_dialog import ask_unlock
    from branchdesk.ui.settings.open_failure import offer_restore, show_notices

    if guard is not None:  # a second start while the password is asked: that dialog comes forward
        guard.show_requested.connect(lambda: _bring_forward(QApplication.activeModalWidget()))
    while True:  # encrypted: ask for the password; damaged: offer the newest good backup; then open again
        try:
            db = session.open(path if path is not None else db_target)
            break
        except EncryptedDatabaseError as exc:
            if not ask_unlock(None, exc):
                return 3
        except DatabaseOpenError as exc:
            if not offer_restore(None, exc):
                return 3
    context = AppContext(db)
    window = MainWindow(context)
    window.show()
    if guard is not None:
        guard.show_requested.connect(lambda: _bring_forward(window))
    show_notices(window, db)
    from branchdesk.ui import startup_check

    if startup_check.requested():  # the bundle's smoke test (packaging/build_bundle.py)
        startup_check.quit_when_idle(app, window, context.pool)
    elif hasattr(window, "maybe_first_start"):  # a new, empty database: the setup, once the window is shown
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, window.maybe_first_start)
    code = app.exec()
    db.close()
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
