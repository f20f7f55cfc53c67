"""At 1366×768 the columns a secretary reads are in view (trial 9, T9-27): 三会一课's 所属期间 ("补开2025年
7月") and 状态 whole, 发展党员's list with 待办事项, 问题 and 提醒 without the horizontal scroll bar, and
the 25 steps' 问题与提醒 beside it. Text columns give way (elided, the whole text in the tooltip) only as
far as a few characters and their header stay readable; a list that cannot fit that way scrolls."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QTableView

from branchdesk.ui.main_window import MainWindow
from branchdesk.ui.widgets.table_fit import spare, squeezed

pytestmark = pytest.mark.usefixtures("message_boxes")


def test_the_widest_columns_give_way_first_and_never_below_their_floor() -> None:
    widths = {0: 73, 1: 200, 2: 150, 3: 100, 4: 65}
    floors = {1: 80, 2: 80, 3: 90}
    assert spare(widths, floors) == 120 + 70 + 10
    out = squeezed(widths, floors, 60)
    assert out[0] == 73 and out[4] == 65  # not text columns: untouched
    assert sum(widths.values()) - sum(out.values()) >= 60
    assert out[1] == out[2] == 145 and out[3] == 100  # one common cap: the widest lost most
    assert squeezed(widths, floors, 500) == {0: 73, 1: 80, 2: 80, 3: 90, 4: 65}  # as far as the floors allow
    assert squeezed(widths, floors, 0) == widths


def _columns(view: QTableView) -> dict[str, tuple[int, int]]:
    """Each column's left and right edge in the viewport."""
    header, model = view.horizontalHeader(), view.model()
    return {model.headerData(c, Qt.Orientation.Horizontal): (header.sectionViewportPosition(c),
                                                             header.sectionViewportPosition(c) + header.sectionSize(c))
            for c in range(model.columnCount())}


def _in_view(view: QTableView, title: str) -> bool:
    left, right = _columns(view)[title]
    return left >= 0 and right <= view.viewport().width()


def _widest(view: QTableView, title: str) -> int:
    column = list(_columns(view)).index(title)
    metrics = QFontMetrics(view.font())
    return max(metrics.horizontalAdvance(str(view.model().index(r, column).data() or ""))
               for r in range(view.model().rowCount()))


def _open(window: MainWindow, qtbot: Any, area: str) -> Any:
    window.open_area(area)
    page = window.page(area)
    qtbot.waitUntil(lambda: page.table.model().rowCount() > 0)
    qtbot.wait(50)  # the fit runs once the rows are in
    return page


@pytest.mark.parametrize("area", ["meetings", "themeday"])
def test_meeting_lists_show_the_period_and_state_whole(office_window, qtbot, area) -> None:  # type: ignore[no-untyped-def]
    page = _open(office_window, qtbot, area)
    page.year.setCurrentIndex(0)  # 全部年度: the longest texts
    qtbot.wait(50)
    view = page.table
    if area == "meetings":  # the demo's 补开 and past-year sittings
        assert any(page.proxy.record_at(r).period_text for r in range(page.proxy.rowCount()))
    for title in ("日期", "会议类型", "主题", "所属期间", "状态"):
        assert _in_view(view, title), (title, _columns(view), view.viewport().width(), office_window.size())
    left, right = _columns(view)["所属期间"]
    assert right - left >= _widest(view, "所属期间")  # "补开2025年7月", "为2025年度召开" not cut
    assert _columns(view)["主题"][1] - _columns(view)["主题"][0] >= 80  # the topic gave way, not to nothing


def test_development_list_and_the_steps_beside_it(office_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _open(office_window, qtbot, "development")
    view = page.table
    assert all(_in_view(view, title) for title in _columns(view)), _columns(view)  # 待办事项, 问题, 提醒 too
    page.table.selectRow(0)
    steps = page.timeline.table
    qtbot.waitUntil(lambda: steps.model().rowCount() == 25)
    qtbot.wait(50)
    for title in ("步骤", "状态", "日期", "期限", "问题与提醒"):
        assert _in_view(steps, title), (title, _columns(steps), steps.viewport().width())
