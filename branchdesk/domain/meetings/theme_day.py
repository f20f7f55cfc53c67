"""主题党日 on its fixed day (domain.md §2 MTG-MONTHLY-THEME-DAY: "1 per month, on a fixed day";
支部条例 第十六条 "党支部每月相对固定1天开展主题党日"; seed 001: the school 每月下发党支部主题党日活动安排).

The calendar rule (rules.py) counts one 主题党日 a month. This module knows the day a branch set
(每月 N 日, or 每月第 N 个星期X) and finds the months whose 主题党日 was held on another day
(MTG-THEME-DAY-FIXED, an 信息: the text says "相对固定"). No day set (不固定, the default): nothing
is checked — a fixed day is never invented.

A fixed day that is not a working day (a weekend, a 法定节假日) may be brought forward or put off
to the nearest working day of the same month (domain/workdays.py; for a year whose official
schedule is unknown, weekends alone decide and the finding says so). A sitting held late for an
earlier month (补开, a 所属期间 before its date) is judged by neither month: it cannot be on its
month's day, and the calendar already shows it as 补开. Several sittings in a month: the month is
flagged only when none of them is on the fixed day. A reason the branch gave for the month's
主题党日 (说明, the calendar's exemption) is shown with the finding, as the calendar shows it.
"""

from __future__ import annotations

import calendar as months
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from branchdesk.domain.citations import cite
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.meetings.happened import has_happened
from branchdesk.domain.meetings.periods import Granularity, Period, periods_of_year
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.meetings.rules import AREA, BranchFacts, Exemption, HeldMeeting
from branchdesk.domain.workdays import DEFAULT_CALENDAR, WorkCalendar

RULE = "MTG-THEME-DAY-FIXED"
_CITATION = cite(RULE, "支部条例")
_IN_FORCE = date(2018, 10, 28)  # 支部条例（试行）issued and in force

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
WEEKS = {1: "第一个", 2: "第二个", 3: "第三个", 4: "第四个", -1: "最后一个"}
NOT_FIXED = "不固定"


@dataclass(frozen=True)
class FixedDay:
    """The day a branch holds its 主题党日: a day of the month (`day`, 每月20日; a month without that
    day: its last day) or a weekday of a week of the month (`week` 1–4 or -1 for the last, `weekday`
    1 = 星期一 … 7 = 星期日: 每月第三个星期五)."""

    day: int = 0
    week: int = 0
    weekday: int = 0

    def __post_init__(self) -> None:
        if self.day:
            if not 1 <= self.day <= 31 or self.week or self.weekday:
                raise ValueError("每月的日期应在 1 至 31 日之间")
        elif self.week not in WEEKS or not 1 <= self.weekday <= 7:
            raise ValueError("请选择每月第几个星期几（第一个至第四个，或最后一个；星期一至星期日）")

    @property
    def words(self) -> str:
        """每月20日 / 每月第三个星期五 / 每月最后一个星期五."""
        if self.day:
            return f"每月{self.day}日"
        return f"每月{WEEKS[self.week]}{WEEKDAYS[self.weekday - 1]}"

    @property
    def stored(self) -> str:
        """As the settings table keeps it: day:20 / week:3:5 (read back by `read_fixed_day`)."""
        return f"day:{self.day}" if self.day else f"week:{self.week}:{self.weekday}"

    def on(self, year: int, month: int) -> date:
        """The fixed day of a month, before any move to a working day."""
        first_weekday, length = months.monthrange(year, month)  # (weekday of the 1st, 0 = Monday; days)
        if self.day:
            return date(year, month, min(self.day, length))
        wanted = self.weekday - 1
        if self.week == -1:
            last = date(year, month, length)
            return last - timedelta(days=(last.weekday() - wanted) % 7)
        return date(year, month, 1 + (wanted - first_weekday) % 7 + 7 * (self.week - 1))


def read_fixed_day(text: str | None) -> FixedDay | None:
    """A stored value back as a FixedDay; None for 不固定 — also for a value that cannot be read (a
    damaged setting is not turned into a day nobody chose)."""
    parts = (text or "").strip().split(":")
    try:
        if parts[0] == "day" and len(parts) == 2:
            return FixedDay(day=int(parts[1]))
        if parts[0] == "week" and len(parts) == 3:
            return FixedDay(week=int(parts[1]), weekday=int(parts[2]))
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class MonthThemeDay:
    """The fixed day of one month and the days a 主题党日 may be held on instead: the nearest working
    days before and after it in the month, when the fixed day itself is not a working day."""

    fixed: date
    moved: tuple[date, ...] = ()
    why_moved: str = ""  # 星期六 / 星期日 / 法定节假日 ("" when the fixed day is a working day)
    schedule_known: bool = True  # the year's official holiday schedule is known

    @property
    def days(self) -> tuple[date, ...]:
        return (self.fixed, *self.moved)


def _working(day: date, calendar: WorkCalendar) -> bool:
    known = calendar.is_workday(day)
    return day.weekday() < 5 if known is None else known


def theme_day_of(fixed: FixedDay, year: int, month: int, calendar: WorkCalendar = DEFAULT_CALENDAR) -> MonthThemeDay:
    day = fixed.on(year, month)
    known = calendar.known(year)
    if _working(day, calendar):
        return MonthThemeDay(day, schedule_known=known)
    schedule = calendar.schedule(year)
    why = "法定节假日" if schedule is not None and day in schedule.holidays else WEEKDAYS[day.weekday()]
    moved: list[date] = []
    for step in (-1, 1):  # the nearest working day before, then after, within the month
        other = day + timedelta(days=step)
        while other.month == month and not _working(other, calendar):
            other += timedelta(days=step)
        if other.month == month:
            moved.append(other)
    return MonthThemeDay(day, tuple(moved), why, known)


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


def describe(fixed: FixedDay, month: MonthThemeDay) -> str:
    """The fixed day as the finding shows it: 每月20日；6月20日是法定节假日，可改在最近的工作日：提前到
    6月18日 或顺延到 6月22日."""
    text = fixed.words
    if month.moved:
        earlier = [d for d in month.moved if d < month.fixed]
        later = [d for d in month.moved if d > month.fixed]
        ways = ([f"提前到 {_md(earlier[0])}"] if earlier else []) + ([f"顺延到 {_md(later[0])}"] if later else [])
        text += f"；{_md(month.fixed)}是{month.why_moved}，可改在最近的工作日：{' 或'.join(ways)}"
    if not month.schedule_known:
        text += f"；{month.fixed.year}年的法定节假日安排尚未添加，只按周末计算"
    return text


def theme_day_findings(
    branch: BranchFacts,
    meetings: Iterable[HeldMeeting],
    fixed: FixedDay | None,
    *,
    year: int,
    as_of: date,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
    exemptions: Iterable[Exemption] = (),
) -> list[Finding]:
    """MTG-THEME-DAY-FIXED: an 信息 for each month of the year whose 主题党日 (held in that month, for
    that month) were all on other days than the branch's fixed day. A month still open is judged
    once its fixed day (and the day it may move to) has passed."""
    if fixed is None:
        return []
    held: dict[int, list[date]] = {}
    for meeting in meetings:
        if MeetingKind.THEME_DAY.value not in meeting.kinds or not has_happened(meeting.date, as_of):  # happened.py
            continue
        counted = meeting.counted_in(Granularity.MONTH)
        if counted.year == year and counted.contains(meeting.date):  # not a 补开 for an earlier month
            held.setdefault(counted.index, []).append(meeting.date)
    reasons = {e.period: e.reason for e in exemptions if e.kind == MeetingKind.THEME_DAY.value and not e.group}
    findings: list[Finding] = []
    for period in periods_of_year(year, Granularity.MONTH):
        days = sorted(held.get(period.index, ()))
        if not days or period.start < _IN_FORCE or not branch.runs_in(period):
            continue
        month = theme_day_of(fixed, year, period.index, calendar)
        if any(d in month.days for d in days) or as_of <= max(month.days):
            continue
        findings.append(_finding(branch.name, period, days, fixed, month, reasons.get(period.label)))
    return findings


def _finding(branch: str, period: Period, days: list[date], fixed: FixedDay, month: MonthThemeDay,
             reason: str | None) -> Finding:
    when = "、".join(_md(d) for d in days)
    return Finding(
        Severity.INFO,
        f"{period.chinese}的主题党日于 {when} 召开，不在固定的主题党日（{describe(fixed, month)}）。"
        f"{_CITATION.source}：党支部每月相对固定1天开展主题党日。" + (f"已说明情况：{reason}" if reason else ""),
        rule=RULE, source=_CITATION.source, quote=_CITATION.quote, branch=branch,
        meeting_type=MeetingKind.THEME_DAY.value, period=period.label, area=AREA)
