"""主题党日 on the branch's fixed day (T9-28; domain.md MTG-MONTHLY-THEME-DAY "1 per month, on a fixed
day", 支部条例 第十六条): the pure rule, without Qt or a database."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.findings import Severity
from branchdesk.domain.meetings.records import MeetingKind as K
from branchdesk.domain.meetings.rules import BranchFacts, Exemption, HeldMeeting
from branchdesk.domain.meetings.theme_day import (
    RULE,
    FixedDay,
    read_fixed_day,
    theme_day_findings,
    theme_day_of,
)
from branchdesk.domain.workdays import WorkCalendar, YearSchedule

BRANCH = BranchFacts("高一年级党支部")
TWENTIETH = FixedDay(day=20)

# the ledger of the trial (T9-28): 主题党日 of 2026, one of them 补开 for July
LEDGER = [HeldMeeting(date(2026, m, d), frozenset({K.THEME_DAY.value}), period=p)
          for m, d, p in ((1, 20, ""), (2, 24, ""), (3, 20, ""), (4, 15, ""), (5, 20, ""), (6, 28, ""),
                          (8, 20, "2026-07"), (9, 10, ""), (10, 15, ""), (11, 12, ""))]


def _months(findings: list) -> list[str]:  # type: ignore[type-arg]
    return [f.period for f in findings]


def test_not_fixed_checks_nothing() -> None:
    assert theme_day_findings(BRANCH, LEDGER, None, year=2026, as_of=date(2026, 12, 31)) == []


def test_the_trial_ledger_against_the_twentieth() -> None:
    findings = theme_day_findings(BRANCH, LEDGER, TWENTIETH, year=2026, as_of=date(2026, 12, 31))
    # 2-24: 2-20 is in the 春节 holiday (2-15…2-23), the nearest working day after it is 2-24;
    # 8-20 is a 补开 for July (judged by neither month); 9-20 is a Sunday worked (调休), so no move
    assert _months(findings) == ["2026-04", "2026-06", "2026-09", "2026-10", "2026-11"]
    assert {f.severity for f in findings} == {Severity.INFO}
    assert {f.rule for f in findings} == {RULE}
    assert {f.source for f in findings} == {"支部条例 第十六条"}
    assert all(f.meeting_type == "主题党日" and f.branch == "高一年级党支部" for f in findings)
    april = findings[0].message
    assert april.startswith("2026年4月的主题党日于 4月15日 召开，不在固定的主题党日（每月20日）")
    assert "MTG" not in april  # rule codes only in the details
    june = findings[1].message  # 6-20 a Saturday within the 端午节 holiday (6-19…6-21)
    assert "（每月20日；6月20日是法定节假日，可改在最近的工作日：提前到 6月18日 或顺延到 6月22日）" in june


def test_a_sitting_on_the_moved_day_is_not_flagged() -> None:
    for day in (date(2026, 6, 18), date(2026, 6, 22), date(2026, 6, 20)):
        held = [HeldMeeting(day, frozenset({K.THEME_DAY.value}))]
        assert theme_day_findings(BRANCH, held, TWENTIETH, year=2026, as_of=date(2026, 12, 31)) == [], day
    held = [HeldMeeting(date(2026, 6, 23), frozenset({K.THEME_DAY.value}))]
    assert _months(theme_day_findings(BRANCH, held, TWENTIETH, year=2026, as_of=date(2026, 12, 31))) == ["2026-06"]
    held = [HeldMeeting(date(2026, 12, 25), frozenset({K.THEME_DAY.value}))]  # 12-20 an ordinary Sunday
    finding, = theme_day_findings(BRANCH, held, TWENTIETH, year=2026, as_of=date(2026, 12, 31))
    assert "（每月20日；12月20日是星期日，可改在最近的工作日：提前到 12月18日 或顺延到 12月21日）" in finding.message


def test_a_holiday_names_itself() -> None:
    month = theme_day_of(FixedDay(day=1), 2026, 10)  # 国庆 10-01…10-07: nothing earlier in October
    assert month.why_moved == "法定节假日" and month.moved == (date(2026, 10, 8),)
    held = [HeldMeeting(date(2026, 10, 9), frozenset({K.THEME_DAY.value}))]
    finding, = theme_day_findings(BRANCH, held, FixedDay(day=1), year=2026, as_of=date(2026, 12, 31))
    assert "（每月1日；10月1日是法定节假日，可改在最近的工作日：顺延到 10月8日）" in finding.message


def test_several_sittings_flagged_only_when_none_is_on_the_day() -> None:
    two = [HeldMeeting(date(2026, 3, 5), frozenset({K.THEME_DAY.value})),
           HeldMeeting(date(2026, 3, 20), frozenset({K.THEME_DAY.value, K.CONGRESS.value}))]
    assert theme_day_findings(BRANCH, two, TWENTIETH, year=2026, as_of=date(2026, 12, 31)) == []
    two = [HeldMeeting(date(2026, 3, 5), frozenset({K.THEME_DAY.value})),
           HeldMeeting(date(2026, 3, 18), frozenset({K.THEME_DAY.value}))]
    finding, = theme_day_findings(BRANCH, two, TWENTIETH, year=2026, as_of=date(2026, 12, 31))
    assert finding.message.startswith("2026年3月的主题党日于 3月5日、3月18日 召开，不在固定的主题党日（每月20日）")


def test_other_kinds_and_open_months_are_not_judged() -> None:
    congress = [HeldMeeting(date(2026, 3, 18), frozenset({K.CONGRESS.value}))]
    assert theme_day_findings(BRANCH, congress, TWENTIETH, year=2026, as_of=date(2026, 12, 31)) == []
    early = [HeldMeeting(date(2026, 3, 5), frozenset({K.THEME_DAY.value}))]
    # on 3-20 the fixed day is not over yet: a 主题党日 may still be held on it
    assert theme_day_findings(BRANCH, early, TWENTIETH, year=2026, as_of=date(2026, 3, 20)) == []
    assert _months(theme_day_findings(BRANCH, early, TWENTIETH, year=2026, as_of=date(2026, 3, 21))) == ["2026-03"]


def test_a_late_sitting_for_the_past_year_and_months_before_the_records() -> None:
    january = [HeldMeeting(date(2026, 1, 8), frozenset({K.THEME_DAY.value}), period="2025-12")]
    assert theme_day_findings(BRANCH, january, TWENTIETH, year=2025, as_of=date(2026, 12, 31)) == []
    assert theme_day_findings(BRANCH, january, TWENTIETH, year=2026, as_of=date(2026, 12, 31)) == []
    started = BranchFacts("高一年级党支部", starts_on=date(2026, 5, 1))
    assert _months(theme_day_findings(started, LEDGER, TWENTIETH, year=2026, as_of=date(2026, 12, 31))) == [
        "2026-06", "2026-09", "2026-10", "2026-11"]


def test_a_weekday_of_the_month() -> None:
    third_friday = FixedDay(week=3, weekday=5)
    assert third_friday.words == "每月第三个星期五"
    assert [third_friday.on(2026, m) for m in (1, 3, 5)] == [date(2026, 1, 16), date(2026, 3, 20), date(2026, 5, 15)]
    last_friday = FixedDay(week=-1, weekday=5)
    assert last_friday.words == "每月最后一个星期五"
    assert [last_friday.on(2026, m) for m in (1, 2, 7)] == [date(2026, 1, 30), date(2026, 2, 27), date(2026, 7, 31)]
    assert FixedDay(week=1, weekday=1).on(2026, 6) == date(2026, 6, 1)  # June 1st is a Monday
    assert FixedDay(day=31).on(2026, 2) == date(2026, 2, 28)  # a month without the day: its last day
    held = [HeldMeeting(date(2026, 3, 20), frozenset({K.THEME_DAY.value})),
            HeldMeeting(date(2026, 4, 20), frozenset({K.THEME_DAY.value}))]
    finding, = theme_day_findings(BRANCH, held, third_friday, year=2026, as_of=date(2026, 12, 31))
    assert finding.period == "2026-04" and "不在固定的主题党日（每月第三个星期五）" in finding.message


def test_a_year_without_a_known_schedule_counts_weekends_only() -> None:
    month = theme_day_of(TWENTIETH, 2099, 6)  # 2099-06-20 is a Saturday; the holidays of 2099 are unknown
    assert not month.schedule_known and month.moved == (date(2099, 6, 19), date(2099, 6, 22))
    held = [HeldMeeting(date(2099, 6, 10), frozenset({K.THEME_DAY.value}))]
    finding, = theme_day_findings(BRANCH, held, TWENTIETH, year=2099, as_of=date(2099, 12, 31))
    assert "2099年的法定节假日安排尚未添加，只按周末计算" in finding.message
    added = WorkCalendar({2099: YearSchedule(2099, frozenset({date(2099, 6, 19)}))})
    assert theme_day_of(TWENTIETH, 2099, 6, added).moved == (date(2099, 6, 18), date(2099, 6, 22))


def test_stored_values_read_back_and_damage_is_not_fixed() -> None:
    for fixed in (TWENTIETH, FixedDay(week=3, weekday=5), FixedDay(week=-1, weekday=7)):
        assert read_fixed_day(fixed.stored) == fixed
    for damaged in ("", "day:0", "day:32", "day:x", "week:5:1", "week:1:8", "每月20日", None):
        assert read_fixed_day(damaged) is None
    with pytest.raises(ValueError):
        FixedDay()


def test_a_reason_given_for_the_month_is_shown() -> None:
    reasons = [Exemption("主题党日", "2026-04", "4月20日全校期中考试，改在15日"), Exemption("支部党员大会", "2026-06", "x")]
    findings = theme_day_findings(BRANCH, LEDGER, TWENTIETH, year=2026, as_of=date(2026, 12, 31), exemptions=reasons)
    assert findings[0].message.endswith("已说明情况：4月20日全校期中考试，改在15日")
    assert [f.severity for f in findings] == [Severity.INFO] * 5 and "已说明" not in findings[1].message
