"""Working days (工作日) as China's official calendar has them: weekends off, the State Council's
holidays off, its adjusted working days (调休上班) on (issue 16, item 14).

The schedule comes from the `chinese-calendar` package (a maintained copy of the State Council's
notices, 2004 onwards) and from schedules a user adds in 设置 → 节假日安排 for a year the package does
not know yet (the notice for next year is published in November or December). A count that runs into
a year neither knows is *uncertain*: it is returned with the years that are missing, and a rule
says "无法确定" rather than guessing from Monday–Friday.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache


@dataclass(frozen=True)
class YearSchedule:
    """One year's official arrangement: the days off that fall on weekdays and the weekend days that
    are worked."""

    year: int
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()


@lru_cache(maxsize=1)
def _package_schedule() -> tuple[frozenset[int], dict[int, YearSchedule]]:
    """The years the package knows, with their days (read once)."""
    try:
        from chinese_calendar import constants
    except ImportError:  # the package is a declared dependency; without it every year is unknown
        return frozenset(), {}
    holidays: dict[int, set[date]] = {}
    workdays: dict[int, set[date]] = {}
    for day in constants.holidays:
        holidays.setdefault(day.year, set()).add(day)
    for day in constants.workdays:
        workdays.setdefault(day.year, set()).add(day)
    years = frozenset(holidays)
    return years, {y: YearSchedule(y, frozenset(holidays.get(y, ())), frozenset(workdays.get(y, ()))) for y in years}


@dataclass(frozen=True)
class WorkdayCount:
    """Working days between two dates, and the years whose holiday schedule is not known."""

    days: int  # working days counted (over the known years, plus Monday–Friday of unknown ones)
    unknown_years: tuple[int, ...] = ()  # years whose official schedule is not known

    @property
    def certain(self) -> bool:
        return not self.unknown_years


@dataclass(frozen=True)
class WorkCalendar:
    """The package's schedule plus the years a user added (a user's year replaces the package's)."""

    added: Mapping[int, YearSchedule] = field(default_factory=dict)

    def schedule(self, year: int) -> YearSchedule | None:
        if year in self.added:
            return self.added[year]
        years, known = _package_schedule()
        return known.get(year) if year in years else None

    def known(self, year: int) -> bool:
        return self.schedule(year) is not None

    def is_workday(self, day: date) -> bool | None:
        """None when the year's schedule is not known."""
        schedule = self.schedule(day.year)
        if schedule is None:
            return None
        if day in schedule.workdays:
            return True
        if day in schedule.holidays:
            return False
        return day.weekday() < 5

    def count(self, start: date, end: date) -> WorkdayCount:
        """Working days from start to end, both included (0 when end is before start)."""
        if end < start:
            return WorkdayCount(0)
        days = 0
        unknown: list[int] = []
        day = start
        while day <= end:
            working = self.is_workday(day)
            if working is None:
                if day.year not in unknown:
                    unknown.append(day.year)
                working = day.weekday() < 5
            days += working
            day += timedelta(days=1)
        return WorkdayCount(days, tuple(unknown))

    def last_known_year(self) -> int | None:
        years, _ = _package_schedule()
        return max([*years, *self.added], default=None)


DEFAULT_CALENDAR = WorkCalendar()


def parse_days(text: str) -> list[date]:
    """"2027-01-01, 2027-02-10至2027-02-16" → every day listed (ranges included). ValueError names
    the piece that is not a date."""
    from branchdesk.domain.dates import DateParseError, parse_date

    out: list[date] = []
    for piece in text.replace("，", ",").replace("、", ",").replace("\n", ",").split(","):
        piece = piece.strip()
        if not piece:
            continue
        parts = [p.strip() for p in piece.replace("～", "至").replace("~", "至").split("至")]
        try:
            dates = [parse_date(p) for p in parts]
        except DateParseError as exc:
            raise ValueError(str(exc)) from None
        if any(d is None for d in dates) or len(dates) > 2:
            raise ValueError(f"无法识别“{piece}”")
        first, last = dates[0], dates[-1]
        assert first is not None and last is not None
        if last < first:
            raise ValueError(f"“{piece}”结束日期早于开始日期")
        while first <= last:
            out.append(first)
            first += timedelta(days=1)
    return out


def make_schedule(year: int, holidays: Iterable[date], workdays: Iterable[date]) -> YearSchedule:
    """A user's year, checked: every day in that year; a day cannot be both off and worked."""
    off, on = frozenset(holidays), frozenset(workdays)
    stray = sorted(d for d in off | on if d.year != year)
    if stray:
        raise ValueError(f"{stray[0]:%Y-%m-%d} 不在 {year} 年")
    both = sorted(off & on)
    if both:
        raise ValueError(f"{both[0]:%Y-%m-%d} 不能既是放假日又是调休上班日")
    return YearSchedule(year, off, on)
