"""The window as a whole on a 1366×768 office screen: dialogs fit the available area and remember
their size, lists size their columns to the content (numbers narrow, long text elided with a tooltip),
reports ask before replacing a file and propose names with the school and year, Qt's own buttons
speak Chinese, and nothing shows a command line or a connection URL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSettings, QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services.annual_report.records import printable_documents
from branchdesk.ui.context import AppContext
from branchdesk.ui.main_window import MainWindow
from branchdesk.ui.widgets import window_fit
from branchdesk.ui.widgets.save_file import confirm_replace, proposed_name
from branchdesk.ui.widgets.table_fit import fit_table, is_numeric
from branchdesk.ui.widgets.table_model import ColumnSpec, RecordTableModel

OFFICE = QRect(0, 0, 1366, 728)  # 1366×768 less a 40-pixel taskbar


def test_sizes_are_bounded_by_the_available_area() -> None:
    assert window_fit.bounded(QSize(1280, 800), OFFICE).height() <= 728 - 2 * window_fit.MARGIN
    assert window_fit.bounded(QSize(980, 720), OFFICE) == QSize(980, 728 - 2 * window_fit.MARGIN - 30)
    assert window_fit.bounded(QSize(500, 300), OFFICE) == QSize(500, 300)


class _Tall(QDialog):
    """A form taller than any office screen, its fields in a scrolling area."""

    def __init__(self) -> None:
        super().__init__()
        from PySide6.QtWidgets import QFormLayout, QLineEdit

        form = QFormLayout()
        for row in range(60):
            form.addRow(f"第{row}项", QLineEdit())
        layout = QVBoxLayout(self)
        layout.addWidget(window_fit.scrolling(form))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(self.buttons)


_Tall.__module__ = "branchdesk.ui.test_dialog"  # watched like the program's own dialogs


def test_a_tall_dialog_scrolls_inside_the_screen_and_remembers_its_size(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(window_fit, "available", lambda _w=None: OFFICE)
    app = QApplication.instance()
    window_fit.install(app)  # type: ignore[arg-type]
    dialog = _Tall()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.height() <= OFFICE.height() and dialog.width() <= OFFICE.width()
    assert dialog.buttons.isVisible() and dialog.buttons.geometry().bottom() <= dialog.height()
    dialog.resize(700, 500)
    dialog.close()
    assert QSettings().value("dialogs/_Tall/size") == QSize(700, 500)
    again = _Tall()
    qtbot.addWidget(again)
    again.show()
    assert again.size() == QSize(700, 500)


def test_the_main_window_fits_a_1366_by_768_screen(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui import main_window

    monkeypatch.setattr(main_window, "available", lambda _w=None: OFFICE)
    monkeypatch.setattr(window_fit, "available", lambda _w=None: OFFICE)
    monkeypatch.setattr(main_window.MainWindow, "maybe_first_start", lambda self: None)
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    assert window.windowState() & Qt.WindowState.WindowMaximized or window.height() <= OFFICE.height()
    assert window.width() <= OFFICE.width()
    assert all(not window.nav.item(i).icon().isNull() for i in range(window.nav.count()))  # navigation with icons


def test_columns_fit_their_content_numbers_narrow_long_text_elided(qtbot) -> None:  # type: ignore[no-untyped-def]
    rows = [("确定入党积极分子" * 6, 12), ("接收预备党员", 3), ("预备党员转正", 1000)]
    model: RecordTableModel[tuple[str, int]] = RecordTableModel(
        [ColumnSpec("项目", lambda r: r[0]), ColumnSpec("人数", lambda r: r[1], align=Qt.AlignmentFlag.AlignRight)])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(1000, 300)
    view.show()
    fitter = fit_table(view)
    model.set_rows(rows)
    qtbot.waitUntil(lambda: bool(fitter._natural), timeout=2000)
    header = view.horizontalHeader()
    assert is_numeric(model, 1) and not is_numeric(model, 0)
    assert header.sectionSize(1) < 100  # 人数 stays narrow, whatever is left over
    assert header.sectionSize(0) >= 300  # the text column takes the room
    view.resize(500, 300)
    qtbot.wait(10)
    assert header.sectionSize(1) < 100


def test_reports_propose_school_and_year_and_ask_before_replacing(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert proposed_name("年度党建工作台账汇编.pdf", school="示范市第二中学", year=2026) == "示范市第二中学2026年度党建工作台账汇编.pdf"
    assert proposed_name("三会一课台账.xlsx", school="青山镇学校", year=2025, scope="小学党支部") \
        == "青山镇学校小学党支部2025年三会一课台账.xlsx"
    existing = tmp_path / "台账.pdf"
    existing.write_bytes(b"old")
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **_k: asked.append(args[2]) or answer[0])
    parent = QWidget()
    qtbot.addWidget(parent)
    assert confirm_replace(parent, tmp_path / "new.pdf") and not asked
    assert not confirm_replace(parent, existing) and "已经存在" in asked[0]
    answer[0] = QMessageBox.StandardButton.Yes
    assert confirm_replace(parent, existing)


def test_no_command_lines_in_the_window(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    for document in printable_documents():
        assert "branchdesk" not in document.how and "--" not in document.how
    from branchdesk.ui.settings.database_panel import DatabasePanel, server_target

    panel = DatabasePanel(AppContext(db))
    qtbot.addWidget(panel)
    panel.refresh()
    texts = [w.text() for w in panel.findChildren(QLabel)] + [w.placeholderText() for w in panel.findChildren(QLineEdit)]
    assert not any("--db" in t or "://" in t for t in texts), texts
    assert server_target("db.school", 5432, "branchdesk", "书记", "p@ss word") == \
        "postgresql+psycopg://%E4%B9%A6%E8%AE%B0:p%40ss%20word@db.school:5432/branchdesk"


def test_qt_speaks_chinese(qtbot) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.translations import install_qt_chinese

    app = QApplication.instance()
    assert install_qt_chinese(app)  # type: ignore[arg-type]
    box = QMessageBox(QMessageBox.Icon.Question, "t", "x", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Yes).text().replace("&", "").startswith("是")


@pytest.mark.parametrize("key", ["home", "roster", "settings"])
def test_pages_open_without_leaving_the_screen(qtbot, demo_db, key, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui import main_window

    monkeypatch.setattr(main_window.MainWindow, "maybe_first_start", lambda self: None)
    window = MainWindow(AppContext(demo_db))
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    window.open_area(key)
    qtbot.wait(50)
    assert window.minimumSizeHint().width() <= 1366, key
    assert date.today()  # the pages load for today


class _Kinds(QDialog):
    """One class, two kinds of form: the second has a wrapped line and a button more."""

    def __init__(self, more: bool) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        for _ in range(3):
            layout.addWidget(QLineEdit())
        if more:
            note = QLabel("调离、毕业或退休离校，组织关系还在本支部时登记；党员仍在名册中。" * 3)
            note.setWordWrap(True)
            layout.addWidget(note)
            for _ in range(3):
                layout.addWidget(QLineEdit())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)


_Kinds.__module__ = "branchdesk.ui.test_dialog"  # watched like the program's own dialogs


def test_a_remembered_size_never_squeezes_a_form_of_the_same_class_that_needs_more(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """转入 then 离开本单位 (one TransferDialog class, one remembered size): the second is not shown at the
    first one's height with its fields squeezed to half a line."""
    monkeypatch.setattr(window_fit, "available", lambda _w=None: OFFICE)
    window_fit.install(QApplication.instance())  # type: ignore[arg-type]
    first = _Kinds(more=False)
    qtbot.addWidget(first)
    first.show()
    first.close()
    second = _Kinds(more=True)
    qtbot.addWidget(second)
    second.show()
    layout = second.layout()
    assert second.height() >= layout.totalMinimumHeightForWidth(second.width())
    assert all(e.height() >= e.minimumSizeHint().height() for e in second.findChildren(QLineEdit))
