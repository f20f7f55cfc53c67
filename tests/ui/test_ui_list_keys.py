"""The keyboard in every main list (trial 9, T9-16): Ctrl+F, Tab into the list and Enter opens the row
the focus is on; Down from the search box moves into the list; a double click opens a record once.
The keys are pressed on the window as a person presses them."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QWidget

from branchdesk.ui.context import AppContext
from branchdesk.ui.main_window import MainWindow
from tests.ui_typing import type_text

pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


def _record(dialog: QDialog) -> Any:
    """The record an edit dialog was opened for."""
    for name in ("record", "member", "case", "pair", "measure", "ledger"):
        value = getattr(dialog, name, None)
        if value is not None and not isinstance(value, QWidget):
            return value
    return None


def _meeting_id(page: Any, row: int) -> int:
    return page.proxy.record_at(row).id  # type: ignore[no-any-return]


# area, the list's attribute, the record the first shown row stands for, and how to read a dialog's record's id
PAGES: list[tuple[str, str, Callable[[Any], Any], Callable[[Any], Any]]] = [
    ("roster", "table", lambda p: p.proxy.record_at(0).id, lambda r: r.id),
    ("meetings", "table", lambda p: p.proxy.record_at(0).id, lambda r: r.id),
    ("themeday", "table", lambda p: p.proxy.record_at(0).id, lambda r: r.id),
    ("development", "table", lambda p: p.proxy.record_at(0).case.id, lambda r: r.id),
    ("mentoring", "table", lambda p: p.proxy.record_at(0).id, lambda r: r.id),
]


class Window:
    """The main window, and the dialogs it opened (recorded, not shown)."""

    def __init__(self, main: MainWindow, qtbot: Any) -> None:
        self.main, self.qtbot = main, qtbot
        self.opened: list[QDialog] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.main, name)


@pytest.fixture
def window(qtbot, demo_db, monkeypatch):  # type: ignore[no-untyped-def]
    main = MainWindow(AppContext(demo_db))
    qtbot.addWidget(main)
    held = Window(main, qtbot)

    def shown(dialog: QDialog) -> int:  # record the dialog instead of blocking on it
        held.opened.append(dialog)
        return 0

    monkeypatch.setattr(QDialog, "exec", shown)
    main.show()
    main.activateWindow()
    qtbot.waitActive(main)
    yield held
    held.opened.clear()
    QThreadPool.globalInstance().waitForDone(60_000)
    main.close()
    gc.collect()  # here, not in a page's background thread: Qt objects must go on the thread that made them


def _open(window: Window, area: str) -> Any:
    """Open a page and wait for its list to show rows (some pages load in the background)."""
    window.open_area(area)
    page = window.page(area)
    view = next(getattr(page, name) for name in ("table", "measure_table", "grid_table") if hasattr(page, name))
    window.qtbot.waitUntil(lambda: view.model().rowCount() > 1)
    return page


def _find(window: Window) -> QWidget:
    QTest.keyClick(window.main.focusWidget() or window.main, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    focus = QApplication.focusWidget()
    assert focus is not None
    return focus


def _tab_to(view: QAbstractItemView, start: QWidget) -> None:
    focus = start
    for _ in range(20):
        if focus is view:
            return
        QTest.keyClick(focus, Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        assert focus is not None
    raise AssertionError(f"Tab never reached the list ({view.objectName()})")


@pytest.mark.parametrize(("area", "attribute", "first", "record_id"), PAGES, ids=[p[0] for p in PAGES])
def test_tab_into_the_list_then_enter_opens_the_row_with_the_focus(  # type: ignore[no-untyped-def]
        window, area, attribute, first, record_id) -> None:
    page = _open(window, area)
    view = getattr(page, attribute)
    search = _find(window)
    assert search is page.search
    _tab_to(view, search)
    assert view.currentIndex().row() == 0
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert len(window.opened) == 1, "Enter after Tab opened nothing"
    assert record_id(_record(window.opened[0])) == first(page)
    QTest.keyClick(view, Qt.Key.Key_Down)
    QTest.keyClick(view, Qt.Key.Key_Enter)  # the keypad's Enter as well
    assert len(window.opened) == 2
    second = record_id(_record(window.opened[1]))
    assert second != record_id(_record(window.opened[0]))


@pytest.mark.parametrize(("area", "attribute", "first", "record_id"), PAGES, ids=[p[0] for p in PAGES])
def test_down_from_the_search_box_goes_into_the_list(  # type: ignore[no-untyped-def]
        window, area, attribute, first, record_id) -> None:
    page = _open(window, area)
    view = getattr(page, attribute)
    search = _find(window)
    QTest.keyClick(search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is view
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert [record_id(_record(d)) for d in window.opened] == [first(page)]
    QTest.keyClick(view, Qt.Key.Key_Up)  # from the first row back to the search box
    assert QApplication.focusWidget() is search


def test_a_typed_search_then_down_and_enter_opens_the_first_match(window) -> None:  # type: ignore[no-untyped-def]
    """The trial's way to a 民主评议: Ctrl+F, type, Down, Enter."""
    page = _open(window, "meetings")
    page.year.setCurrentIndex(0)  # 全部年度
    search = _find(window)
    type_text(search, "民主评议")
    assert 0 < page.proxy.rowCount() < page.model.rowCount()
    QTest.keyClick(search, Qt.Key.Key_Down)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert [d.record.id for d in window.opened] == [_meeting_id(page, 0)]  # type: ignore[attr-defined]
    record = window.opened[0].record  # type: ignore[attr-defined]
    assert "民主评议" in " ".join(record.kinds) + record.topic


@pytest.mark.parametrize("area", ["roster", "meetings", "development", "mentoring"])
def test_a_double_click_opens_the_record_once(window, area) -> None:  # type: ignore[no-untyped-def]
    page = _open(window, area)
    view = page.table
    rect = view.visualRect(view.model().index(1, 0))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(window.opened) == 1


def test_rectification_enter_on_a_measure_and_on_a_ledger(window) -> None:  # type: ignore[no-untyped-def]
    page = _open(window, "rectification")
    search = _find(window)
    assert search is page.search
    _tab_to(page.measure_table, search)
    QTest.keyClick(page.measure_table, Qt.Key.Key_Down)  # from the first problem's heading to its first measure
    QTest.keyClick(page.measure_table, Qt.Key.Key_Return)
    assert [type(d).__name__ for d in window.opened] == ["MeasureDialog"]
    assert window.opened[0].measure == page.measure_table.current_measure()  # type: ignore[attr-defined]
    page.ledger_table.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(page.ledger_table, Qt.Key.Key_Return)
    assert [type(d).__name__ for d in window.opened] == ["MeasureDialog", "LedgerDialog"]


def test_dues_down_from_the_search_box_chooses_a_cell_of_the_grid(window) -> None:  # type: ignore[no-untyped-def]
    page = _open(window, "dues")
    search = _find(window)
    assert search is page.search
    QTest.keyClick(search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is page.grid_table
    current = page.grid_table.currentIndex()
    assert page.grid_table.selectionModel().selectedIndexes() == [current]
    assert (current.row(), current.column()) == (0, page.current_month_column())  # this month's cell
    QTest.keyClick(page.grid_table, Qt.Key.Key_Return)
    assert [type(d).__name__ for d in window.opened] == ["CollectDialog"]  # 收缴 for that month


def test_lists_inside_a_page_open_their_row_on_enter_and_once_on_a_double_click(window) -> None:  # type: ignore[no-untyped-def]
    """发展党员's 25 steps (which listened to both signals, so a double click opened a step twice)."""
    page = _open(window, "development")
    QTest.keyClick(page.search, Qt.Key.Key_Down)
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    window.opened.clear()
    steps = page.timeline.table
    window.qtbot.waitUntil(lambda: steps.model().rowCount() == 25)
    steps.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(steps, Qt.Key.Key_Down)
    QTest.keyClick(steps, Qt.Key.Key_Return)
    assert len(window.opened) == 1
    rect = steps.visualRect(steps.model().index(4, 0))
    QTest.mouseClick(steps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(steps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(window.opened) == 2


def test_home_double_click_opens_an_item_once_and_folds_a_heading_once(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.home_page import HomePage

    page = HomePage(AppContext(demo_db))
    qtbot.addWidget(page)
    page.resize(1200, 640)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=60_000):
        page.refresh()
    page.group.setChecked(True)  # by branch: headings with their items
    view, model = page.view, page.view.model()
    navigated: list[object] = []
    page.context.navigate.connect(lambda key, payload: navigated.append((key, payload)))
    heading = next(model.index(r, 0) for r in range(model.rowCount()) if page.model.is_heading(model.index(r, 0)))
    view.expand(heading)
    item = model.index(0, 0, heading)
    rect = view.visualRect(item)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(navigated) == 1
    rect = view.visualRect(heading)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not view.isExpanded(heading)  # folded by the double click, not folded and unfolded again
    view.setFocus(Qt.FocusReason.TabFocusReason)
    view.setCurrentIndex(item)
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert len(navigated) == 2


def test_dues_base_history_and_hand_ups_open_their_row_on_enter(window) -> None:  # type: ignore[no-untyped-def]
    """党费's lower lists (T9-16 left them out): Tab into the member list chooses a member and shows
    their bases; Tab on to the history, Enter opens the base (修改); on 汇总与上缴, Tab from the month
    totals into the hand-ups, Enter opens the hand-up (修改); a double click opens it once."""
    page = _open(window, "dues")
    page.tabs.setCurrentWidget(page.bases)
    page.tabs.tabBar().setFocus(Qt.FocusReason.OtherFocusReason)
    _tab_to(page.bases.member_table, page.tabs.tabBar())
    assert page.bases.selected_member() is not None, "Tab into the members chose none"
    window.qtbot.waitUntil(lambda: page.bases.history.rowCount() > 0)
    QTest.keyClick(page.bases.member_table, Qt.Key.Key_Tab)  # a row list: Tab leaves it, not to the next cell
    assert QApplication.focusWidget() is page.bases.history_table
    QTest.keyClick(page.bases.history_table, Qt.Key.Key_Return)
    assert [type(d).__name__ for d in window.opened] == ["BaseDialog"], "Enter in the bases' history opened nothing"
    base = page.bases.history_proxy.record_at(0)
    assert window.opened[0].record == base  # type: ignore[attr-defined]
    assert base.record.confirmed_on not in (None, date.today())  # the demo's bases were confirmed before today
    assert window.opened[0].confirmed_on.value() == base.record.confirmed_on, "修改 re-dated the 核定日期 to today"  # type: ignore[attr-defined]

    page.tabs.setCurrentWidget(page.book)
    window.qtbot.waitUntil(lambda: page.book.hand_ups.rowCount() > 0)
    page.tabs.tabBar().setFocus(Qt.FocusReason.OtherFocusReason)
    _tab_to(page.book.hand_up_table, page.tabs.tabBar())  # through the month totals
    QTest.keyClick(page.book.hand_up_table, Qt.Key.Key_Return)
    assert [type(d).__name__ for d in window.opened] == ["BaseDialog", "HandUpDialog"], "Enter in the hand-ups opened nothing"
    hand_up = page.book.hand_up_proxy.record_at(0)
    assert window.opened[1].record == hand_up  # type: ignore[attr-defined]
    assert window.opened[1].handed_on.value() == hand_up.record.handed_on  # type: ignore[attr-defined]
    view = page.book.hand_up_table
    rect = view.visualRect(view.model().index(0, 0))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(window.opened) == 3
