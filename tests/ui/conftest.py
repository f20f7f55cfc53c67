"""Fixtures of the UI tests that look at the main window as on the office PC's screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from branchdesk.ui.context import AppContext
from branchdesk.ui.main_window import MainWindow


@pytest.fixture
def program_look(qapp):  # type: ignore[no-untyped-def]
    """The program's font, stylesheet and list fitting (app.make_application), as widths depend on
    them; undone after."""
    from branchdesk.ui.fonts import install_cjk_font
    from branchdesk.ui.widgets import table_fit
    from branchdesk.ui.widgets.style import apply_theme

    font, palette, sheet, themed = qapp.font(), qapp.palette(), qapp.styleSheet(), qapp.property("branchdeskTheme")
    install_cjk_font(qapp)
    apply_theme(qapp)
    fitting = not qapp.property("branchdeskAutoFit")
    table_fit.install(qapp)  # every list sized to its content, as in the program
    yield
    if fitting:
        qapp.removeEventFilter(qapp._auto_fit)
        qapp.setProperty("branchdeskAutoFit", False)
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)
    qapp.setProperty("branchdeskTheme", themed)


@pytest.fixture
def office_window(qtbot, demo_db, monkeypatch, program_look, fresh_settings):  # type: ignore[no-untyped-def]
    from branchdesk.ui import main_window

    monkeypatch.setattr(main_window.MainWindow, "maybe_first_start", lambda self: None)
    window = MainWindow(AppContext(demo_db))
    qtbot.addWidget(window)
    window.show()
    window.setWindowState(Qt.WindowState.WindowNoState)  # not maximised on the test's own (smaller) screen
    window.resize(1366, 728)  # 1366×768 less the taskbar
    qtbot.waitUntil(lambda: window.width() == 1366)
    yield window
    window.close()


@pytest.fixture
def fresh_settings():  # type: ignore[no-untyped-def]
    """No list's remembered columns, widths or splitter from an earlier test (Qt reads its settings
    file once per process)."""
    def clear() -> None:
        settings = QSettings()
        for key in settings.allKeys():
            if key.startswith(("columns/", "roster/", "development/", "mentoring/", "rectification/")):
                settings.remove(key)

    clear()
    yield
    clear()
