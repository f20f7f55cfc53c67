"""发展党员 at 1366×768 once a person is chosen (NOTE10 "Left": the steps table scrolled sideways): the
25 steps show 步骤, 状态, 日期, 期限 and 问题与提醒 with no horizontal scroll bar, beside a list that does
not scroll either. 相关人员, 材料, 记录 and 阶段 are in the step's tooltip (an elided name is read there
too) and can be shown from the header's menu; nothing the record holds is out of reach."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from branchdesk.ui.widgets.column_menu import ColumnChooser
from tests.ui.test_ui_lists_1366 import NEEDED, _columns, _open, _out_of_view

pytestmark = pytest.mark.usefixtures("message_boxes")

SHOWN = ("步骤", "状态", "日期", "期限", "问题与提醒")


def _choose(page: Any, qtbot: Any, stage: str) -> None:
    """Down the list with the keys to the first person at `stage`."""
    page.table.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(page.table, Qt.Key.Key_Home)
    for _ in range(page.proxy.rowCount()):
        if page.table.currentIndex().isValid() and page.proxy.record_at(page.table.currentIndex().row()).stage == stage:
            break
        QTest.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.timeline.table.model().rowCount() == 25)
    qtbot.wait(80)  # the fit runs once the steps are in


def test_a_chosen_persons_steps_need_no_sideways_scrolling(office_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _open(office_window, qtbot, "development")
    _choose(page, qtbot, "预备党员")
    steps = page.timeline.table
    assert steps.horizontalScrollBar().maximum() == 0 and not steps.horizontalScrollBar().isVisible()
    assert _out_of_view(steps, SHOWN) == []
    assert page.table.horizontalScrollBar().maximum() == 0  # the list beside it does not scroll either
    assert _out_of_view(page.table, NEEDED["development"]) == []


def test_the_hidden_step_facts_are_in_the_tooltip_and_the_header_menu(office_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _open(office_window, qtbot, "development")
    _choose(page, qtbot, "预备党员")
    model = page.timeline.table.model()
    columns = _columns(page.timeline.table)
    with_people = [r for r in range(model.rowCount()) if model.index(r, columns["相关人员"]).data()]
    assert with_people  # a 预备党员 has 入党介绍人 and others
    for row in with_people:
        tip = model.index(row, columns["步骤"]).data(Qt.ItemDataRole.ToolTipRole)
        assert tip.startswith(model.index(row, columns["步骤"]).data())  # the whole name, first
        assert f"相关人员：{model.index(row, columns['相关人员']).data()}" in tip
        documents = model.index(row, columns["材料"]).data()
        assert not documents or f"材料：{documents}" in tip
    menu = page.timeline.table.findChild(ColumnChooser).menu()
    ticks = {a.text(): a.isChecked() for a in menu.actions() if a.isCheckable()}
    assert ticks == {"步骤": True, "状态": True, "日期": True, "期限": True, "问题与提醒": True,
                     "相关人员": False, "材料": False, "记录": False, "阶段": False}
