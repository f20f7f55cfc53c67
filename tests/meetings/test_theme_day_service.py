"""主题党日 on the branch's fixed day (T9-28) on a real database: the setting per branch (and for every
branch at once), and the check's 信息 next to the calendar's findings."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.db.queries import set_setting
from branchdesk.domain.findings import Severity
from branchdesk.domain.meetings.records import MeetingKind as K
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.domain.meetings.theme_day import FixedDay
from branchdesk.services.checks import run_checks
from branchdesk.services.meetings.calendar import calendars, save_exemption
from branchdesk.services.meetings.checks import meeting_findings
from branchdesk.services.meetings.records import default_attendees, finalise_meeting, save_meeting
from branchdesk.services.rule_settings import (
    BranchSettings,
    branch_settings,
    save_branch_settings,
    save_theme_day_for_all,
)
from tests.meetings.helpers import BRANCH, OTHER, make_branch

RULE = "MTG-THEME-DAY-FIXED"
# the trial's ledger (T9-28): 8-20 was the 补开 of July
LEDGER = ((1, 20, ""), (2, 24, ""), (3, 20, ""), (4, 15, ""), (5, 20, ""), (6, 28, ""), (8, 20, "2026-07"),
          (9, 10, ""), (10, 15, ""), (11, 12, ""))


@pytest.fixture
def branch(db):  # type: ignore[no-untyped-def]
    return make_branch(db)


def hold(db, branch_id: int, day: date, period: str = "", *, finalise: bool = True) -> None:  # type: ignore[no-untyped-def]
    sheet = default_attendees(db, branch_id, day, (K.THEME_DAY,))
    record = save_meeting(db, MeetingInput(
        branch_id=branch_id, kinds=(K.THEME_DAY,), date=day, start_time="15:30", end_time="17:00", place="党员活动室",
        topic="主题党日：重温入党誓词", host="王书记", recorder="张宣传", content="集中学习，重温入党誓词。",
        attendees=sheet, period=period)).record
    if finalise:
        finalise_meeting(db, record.id)


def fixed_day_findings(db, branch_name: str = BRANCH):  # type: ignore[no-untyped-def]
    return [f for f in meeting_findings(db, year=2026, as_of=date(2026, 12, 31), branch=branch_name) if f.rule == RULE]


def test_the_setting_is_kept_per_branch_and_not_fixed_by_default(db, branch) -> None:  # type: ignore[no-untyped-def]
    assert branch_settings(db, branch.id)[0].theme_day is None  # 不固定 until someone sets a day
    save_branch_settings(db, branch.id, BranchSettings(1, 32, FixedDay(week=3, weekday=5)))
    assert branch_settings(db, branch.id)[0] == BranchSettings(1, 32, FixedDay(week=3, weekday=5))
    assert branch_settings(db, branch.other_id)[0].theme_day is None
    assert save_theme_day_for_all(db, FixedDay(day=20)) == 2
    assert {branch_settings(db, b)[0].theme_day for b in (branch.id, branch.other_id)} == {FixedDay(day=20)}
    save_branch_settings(db, branch.other_id, BranchSettings(3, 16, None))  # a branch may differ: 不固定
    assert branch_settings(db, branch.other_id)[0] == BranchSettings(3, 16, None)
    assert branch_settings(db, branch.id)[0].theme_day == FixedDay(day=20)
    with db.session() as session:  # a damaged value is read as 不固定, not as some day
        set_setting(session, f"branch.{branch.id}.theme_day", "每月二十日")
    assert branch_settings(db, branch.id)[0].theme_day is None


def test_the_trial_ledger_is_checked_against_the_fixed_day(db, branch) -> None:  # type: ignore[no-untyped-def]
    for month, day, period in LEDGER:
        hold(db, branch.id, date(2026, month, day), period)
    assert fixed_day_findings(db) == []  # 不固定: nothing said (no day is invented)
    save_branch_settings(db, branch.id, BranchSettings(theme_day=FixedDay(day=20)))
    findings = fixed_day_findings(db)
    assert [f.period for f in findings] == ["2026-04", "2026-06", "2026-09", "2026-10", "2026-11"]
    assert {f.severity for f in findings} == {Severity.INFO} and {f.branch for f in findings} == {BRANCH}
    assert findings[0].message.startswith("2026年4月的主题党日于 4月15日 召开，不在固定的主题党日（每月20日）")
    assert findings[0].source == "支部条例 第十六条" and "相对固定1天" in findings[0].quote
    # the calendar still says what it said: August has no 主题党日 of its own, July was 补开
    august = [f for f in run_checks(db, year=2026, as_of=date(2026, 12, 31), branch=BRANCH)
              if f.period == "2026-08" and f.meeting_type == K.THEME_DAY]
    assert [f.rule for f in august] == ["MTG-MONTHLY-THEME-DAY"]
    cal = calendars(db, year=2026, as_of=date(2026, 12, 31), branch=branch.id)[0]
    assert [f.period for f in cal.findings if f.rule == RULE] == [f.period for f in findings]
    assert fixed_day_findings(db, OTHER) == []  # another branch, its own setting
    # 说明缺漏原因 on the month (the calendar's exemption): the reason goes with the finding, which stays
    save_exemption(db, branch.id, K.THEME_DAY, "2026-04", "4月20日全校期中考试，改在15日")
    april = fixed_day_findings(db)[0]
    assert april.period == "2026-04" and april.message.endswith("已说明情况：4月20日全校期中考试，改在15日")


def test_a_holiday_and_a_draft(db, branch) -> None:  # type: ignore[no-untyped-def]
    save_branch_settings(db, branch.id, BranchSettings(theme_day=FixedDay(day=1)))
    hold(db, branch.id, date(2026, 10, 8))  # 10-01…10-07 国庆: the nearest working day after
    hold(db, branch.id, date(2026, 11, 5), finalise=False)  # a draft is not counted, so not judged either
    hold(db, branch.id, date(2026, 12, 2))
    findings = fixed_day_findings(db)
    assert [f.period for f in findings] == ["2026-12"]
    assert "12月2日 召开，不在固定的主题党日（每月1日）" in findings[0].message
