"""发展党员 at 1366×768 with a person chosen: the list beside the steps scrolled sideways (its columns a
scroll away, TK-12 left it so). Now it fits the room it keeps: no sideways scroll bar, 姓名 and 阶段 in
view; the columns it lays aside come back when no one is chosen."""

from __future__ import annotations

import os

import pytest

from tests.ui.test_ui_development_steps_1366 import _choose
from tests.ui.test_ui_lists_1366 import _open, _out_of_view

pytestmark = pytest.mark.usefixtures("message_boxes")


def test_with_a_person_chosen_the_list_needs_no_sideways_scrolling(office_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _open(office_window, qtbot, "development")
    _choose(page, qtbot, "预备党员")
    if os.environ.get("BRANCHDESK_SHOT"):  # a picture to look at: BRANCHDESK_SHOT=/tmp/dev.png
        office_window.grab().save(os.environ["BRANCHDESK_SHOT"])
    bar = page.table.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() == 0 and not bar.isVisible(), timeout=3000)  # once the list is laid out
    assert _out_of_view(page.table, ("姓名", "阶段")) == []
    steps = page.timeline.table.horizontalScrollBar()
    assert steps.maximum() == 0  # the steps keep their room
    header = page.table.horizontalHeader()
    assert any(header.isSectionHidden(c) for c in range(header.count()))  # some laid aside while chosen
    page.timeline.show_case(None)  # no one chosen: the list has the room and every column again
    qtbot.waitUntil(lambda: not any(header.isSectionHidden(c) for c in range(header.count())))
