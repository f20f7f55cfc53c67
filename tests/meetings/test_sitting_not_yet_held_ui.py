"""规定次数检查 in the window: a 定稿 sitting whose date is after today (an old backup restored, an import
before TL-11's fix) is not counted, and the summary line over the calendar says so (domain.md §2;
domain/meetings/happened.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from branchdesk.db.models import Meeting
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.calendar_tab import CalendarTab
from branchdesk.ui.meetings.meetings_page import COLUMNS
from tests.meetings.helpers import BRANCH, make_branch
from tests.meetings.test_sitting_not_yet_held import _congress, _moved_ahead

pytestmark = pytest.mark.usefixtures("message_boxes")


def test_the_summary_says_a_sitting_after_today_is_not_counted(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    ahead = date.today() + timedelta(days=10)
    mid = _congress(db, branch.id, date(2025, 3, 10))
    with db.session() as session:  # as an older version's import wrote it
        row = session.get(Meeting, mid)
        assert row is not None
        row.meeting_date = ahead
    tab = CalendarTab(AppContext(db), lambda: [(BRANCH, branch.id)])
    qtbot.addWidget(tab)
    tab.year.blockSignals(True)
    tab.year.setValue(ahead.year)
    tab.year.blockSignals(False)
    with qtbot.waitSignal(tab.loaded, timeout=20_000):
        tab.refresh()
    assert "已定稿的会议中另有 1 次日期在今天之后，未计入" in tab.summary.text(), tab.summary.text()
    assert any(f.rule == "MTG-HELD-ONLY" for f in tab.findings_model.rows()), "the record is named"


def test_the_list_says_why_a_record_after_today_is_not_counted(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """The 状态 column: green with no tooltip for a counted record; a 定稿 record dated after today is not
    green, and its tooltip says why it is not counted (review13-1 R1-1)."""
    held, later = _moved_ahead(db)
    state = next(c for c in COLUMNS if c.title == "状态")
    assert state.color is not None and state.tooltip is not None
    assert state.color(held) == "#1b5e20" and state.tooltip(held) == ""
    assert state.value(later) == "已定稿" and state.color(later) != "#1b5e20"
    assert "日期在今天之后" in state.tooltip(later) and "不计入" in state.tooltip(later), state.tooltip(later)
