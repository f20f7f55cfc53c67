"""发展党员 at 1366×768 once a person is chosen (NOTE10 "Left": the steps table scrolled sideways): the
25 steps show 步骤, 状态, 日期, 期限 and 问题与提醒 with no horizontal scroll bar; they have the room and
the list beside them keeps 姓名 and 阶段 in view (TK-12). 相关人员, 材料, 记录 and 阶段 are in the step's
tooltip (an elided name is read there too) and can be shown from the header's menu; nothing the record holds is out of reach."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from branchdesk.ui.widgets.column_menu import ColumnChooser
from tests.ui.test_ui_lists_1366 import _columns, _open, _out_of_view

pytestmark = pytest.mark.usefixtures("message_boxes")

SHOWN = ("步骤", "状态", "日期", "期限", "问题与提醒")


def _choose(page: Any, qtbot: Any, stage: str, *, with_findings: bool = False) -> None:
    """Down the list with the keys to the first person at `stage` (with findings about the record)."""
    page.table.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(page.table, Qt.Key.Key_Home)
    for _ in range(page.proxy.rowCount()):
        chosen = page.proxy.record_at(page.table.currentIndex().row()) if page.table.currentIndex().isValid() else None
        if chosen is not None and chosen.stage == stage and (chosen.errors + chosen.warnings or not with_findings):
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
    # the list beside it keeps who and where (TK-12: the steps have the room; its other columns a scroll away)
    assert _out_of_view(page.table, ("姓名", "阶段")) == []


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


def _wrapped_height(view: Any, column: int, text: str) -> int:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFontMetrics

    width = view.horizontalHeader().sectionSize(column) - 8  # the cell's margins
    return QFontMetrics(view.font()).boundingRect(QRect(0, 0, width, 100000), Qt.TextFlag.TextWordWrap, text).height()


def test_the_steps_have_the_room_and_show_their_names_and_problems_whole(office_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """TK-12: the steps took less than half of 1366 pixels, "第1步 递交入党…" and 问题与提醒 cut; the one-row
    list beside it half empty. Once a person is chosen the steps take the room, their names whole and
    问题与提醒 wrapped to its whole text."""
    from tests.ui.test_ui_lists_1366 import _cut

    page = _open(office_window, qtbot, "development")
    _choose(page, qtbot, "预备党员", with_findings=True)
    list_width, steps_width = page.splitter.sizes()
    assert steps_width > list_width
    steps = page.timeline.table
    assert _cut(steps, ("步骤", "日期")) == []
    model, columns = steps.model(), _columns(steps)
    problems = columns["问题与提醒"]
    texts = [(r, model.index(r, problems).data()) for r in range(model.rowCount()) if model.index(r, problems).data()]
    assert texts
    for row, text in texts:
        assert _wrapped_height(steps, problems, text) <= steps.rowHeight(row), (row, text)
    assert _out_of_view(page.table, ("姓名", "阶段")) == []  # the list keeps who and where


def test_an_earliest_allowed_day_is_not_called_a_deadline(office_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """TK-12: 第7步's day one year after 确定入党积极分子 is the earliest it may be held (细则 第十三条), not a
    deadline as 第2步's is: it reads "最早可于 …"."""
    page = _open(office_window, qtbot, "development")
    _choose(page, qtbot, "预备党员")
    model, columns = page.timeline.table.model(), _columns(page.timeline.table)
    cells = {model.index(r, columns["步骤"]).data(): model.index(r, columns["期限"]).data() for r in range(model.rowCount())}
    step7 = next(v for k, v in cells.items() if "确定发展对象" in k)
    assert step7.startswith("最早可于 ")
    assert not any(str(v or "").startswith("最早可于") for k, v in cells.items() if "确定发展对象" not in k)
