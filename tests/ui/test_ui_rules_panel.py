"""设置 → 规则与节假日: next year's holidays typed as a secretary types them, then used by the check;
a retirees' branch set to quarterly 党小组会 (issue 16, items 14 and 离退休党支部); the fixed day of the
主题党日, for one branch and for all (T9-28)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from branchdesk.domain.meetings.records import MeetingKind as K
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.domain.meetings.theme_day import FixedDay
from branchdesk.services.meetings.calendar import calendars
from branchdesk.services.meetings.checks import meeting_findings
from branchdesk.services.meetings.records import default_attendees, finalise_meeting, save_meeting
from branchdesk.services.rule_settings import branch_settings, list_schedules, load_work_calendar
from branchdesk.ui.context import AppContext
from branchdesk.ui.settings.rules_panel import RulesPanel
from tests.meetings.helpers import BRANCH, OTHER, make_branch

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


def test_a_fixed_theme_day_is_typed_and_checked(qtbot, db, message_boxes) -> None:  # type: ignore[no-untyped-def]
    """T9-28: 每月20日 set for one branch with the keyboard; a 主题党日 on another day is then named."""
    branch = make_branch(db)
    held = save_meeting(db, MeetingInput(
        branch_id=branch.id, kinds=(K.THEME_DAY,), date=date(2026, 4, 15), topic="主题党日：重温入党誓词",
        content="集中学习。", host="王书记", recorder="张宣传",
        attendees=default_attendees(db, branch.id, date(2026, 4, 15), (K.THEME_DAY,)))).record
    finalise_meeting(db, held.id)  # only counted (定稿) sittings are judged
    panel = RulesPanel(AppContext(db))
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh()
    panel.branch.setCurrentIndex(panel.branch.findData(branch.id))
    assert panel.theme_kind.currentText() == "不固定" and panel.theme_day.isHidden()  # nothing assumed
    QTest.keyClick(panel.theme_kind, Qt.Key.Key_Down)  # 不固定 → 每月固定日期
    assert panel.theme_kind.currentText() == "每月固定日期" and not panel.theme_day.isHidden()
    assert panel.theme_week.isHidden()
    panel.theme_day.setFocus()
    panel.theme_day.selectAll()
    QTest.keyClicks(panel.theme_day, "18")
    assert panel.theme_day.text() == "每月 18 日"
    panel.theme_day.selectAll()
    QTest.keyClicks(panel.theme_day, "20")
    save, = [b for b in panel.findChildren(QPushButton) if b.text() == "保存该支部设置"]
    QTest.mouseClick(save, Qt.MouseButton.LeftButton)
    assert branch_settings(db, branch.id)[0].theme_day == FixedDay(day=20)
    assert branch_settings(db, branch.other_id)[0].theme_day is None
    found = [f.message for f in meeting_findings(db, year=2026, as_of=date(2026, 12, 31), branch=BRANCH)
             if f.rule == "MTG-THEME-DAY-FIXED"]
    assert found == ["2026年4月的主题党日于 4月15日 召开，不在固定的主题党日（每月20日）。"
                     "支部条例 第十六条：党支部每月相对固定1天开展主题党日。"]
    panel.branch.setCurrentIndex(panel.branch.findData(branch.other_id))  # the other branch: its own setting
    assert panel.theme_kind.currentText() == "不固定"
    panel.branch.setCurrentIndex(panel.branch.findData(branch.id))
    assert panel.theme_kind.currentText() == "每月固定日期" and panel.theme_day.value() == 20


def test_the_schools_theme_day_for_every_branch(qtbot, db, message_boxes) -> None:  # type: ignore[no-untyped-def]
    """每月第三个星期五, chosen with the arrow keys, set for all branches at once after a question."""
    branch = make_branch(db)
    panel = RulesPanel(AppContext(db))
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh()
    for _ in range(2):
        QTest.keyClick(panel.theme_kind, Qt.Key.Key_Down)
    assert panel.theme_kind.currentText() == "每月固定星期" and panel.theme_day.isHidden()
    for _ in range(2):
        QTest.keyClick(panel.theme_week, Qt.Key.Key_Down)
    for _ in range(4):
        QTest.keyClick(panel.theme_weekday, Qt.Key.Key_Down)
    assert (panel.theme_week.currentText(), panel.theme_weekday.currentText()) == ("每月第三个", "星期五")
    QTest.mouseClick(panel.theme_all_button, Qt.MouseButton.LeftButton)
    assert message_boxes.questions == ["把所有党支部的主题党日都设为“每月第三个星期五”？各支部原来的主题党日设置将被替换，其他设置不变。"]
    assert {branch_settings(db, b)[0].theme_day for b in (branch.id, branch.other_id)} == {FixedDay(week=3, weekday=5)}
    assert message_boxes.texts[-1] == "所有党支部的主题党日已设为“每月第三个星期五”。"


def test_the_settings_page_fits_a_1366x768_screen_with_the_rules_tab(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """规则与节假日's three boxes scroll: the 设置 page is no taller than the 728 pixels a 1366×768 screen
    leaves above its taskbar, less the window's menu and status bars (about 60)."""
    from branchdesk.ui.settings.settings_page import SettingsPage

    page = SettingsPage(AppContext(db))
    qtbot.addWidget(page)
    assert page.minimumSizeHint().height() <= 728 - 60
    assert RulesPanel(AppContext(db)).minimumSizeHint().height() < 300
