"""设置 → 规则与节假日: next year's holidays typed as a secretary types them, then used by the check;
a retirees' branch set to quarterly 党小组会 (issue 16, items 14 and 离退休党支部)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from branchdesk.domain.meetings.records import MeetingKind as K
from branchdesk.services.meetings.calendar import calendars
from branchdesk.services.rule_settings import list_schedules, load_work_calendar
from branchdesk.ui.context import AppContext
from branchdesk.ui.settings.rules_panel import RulesPanel
from tests.meetings.helpers import OTHER, make_branch

pytestmark = pytest.mark.usefixtures("message_boxes")


def test_next_years_holidays_are_added_and_used(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    panel = RulesPanel(AppContext(db))
    qtbot.addWidget(panel)
    panel.refresh()
    assert panel.year.value() == 2027 and "2004—2026" in panel.known.text()
    QTest.keyClicks(panel.holidays, "2027-01-01, 2027-02-06~2027-02-12")
    QTest.keyClicks(panel.workdays, "2027-02-14")
    QTest.mouseClick(panel.save_schedule_button, Qt.MouseButton.LeftButton)
    assert [r.year for r in list_schedules(db)] == [2027]
    with db.session() as session:
        calendar = load_work_calendar(session)
    assert calendar.count(date(2027, 2, 8), date(2027, 2, 15)).days == 2  # 02-14 (Sun) worked, 02-15 Mon
    assert calendar.count(date(2027, 2, 8), date(2027, 2, 15)).certain


def test_a_retirees_branch_meets_as_groups_quarterly(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    panel = RulesPanel(AppContext(db))
    qtbot.addWidget(panel)
    panel.refresh()
    panel.branch.setCurrentIndex(panel.branch.findText(OTHER))
    panel.group_months.setCurrentIndex(panel.group_months.findData(3))
    panel.save_branch()
    cal = calendars(db, year=2026, as_of=date(2026, 12, 1), branch=branch.id)[0]
    assert {c.period.granularity.value for c in cal.cells if c.rule.kind == K.GROUP} == {"month"}
    panel.branch.setCurrentIndex(panel.branch.findData(branch.id))
    panel.group_months.setCurrentIndex(panel.group_months.findData(3))
    panel.save_branch()
    cal = calendars(db, year=2026, as_of=date(2026, 12, 1), branch=branch.id)[0]
    assert {c.period.granularity.value for c in cal.cells if c.rule.kind == K.GROUP} == {"quarter"}
