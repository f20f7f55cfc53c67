"""规定次数检查 in the window: a 定稿 sitting whose date is after today (an old backup restored, an import
before TL-11's fix) is not counted, and the summary line over the calendar says so (domain.md §2;
domain/meetings/happened.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from branchdesk.db.models import Meeting
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.calendar_tab import CalendarTab
from tests.meetings.helpers import BRANCH, make_branch
from tests.meetings.test_sitting_not_yet_held import _congress

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
