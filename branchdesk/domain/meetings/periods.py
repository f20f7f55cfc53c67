"""Calendar periods of the regulation calendar: a month (`2025-10`), a quarter (`2025-Q3`) or a year
(`2025`) — the spellings `branchdesk check --json` prints (issue 3)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache, cached_property


class Granularity(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


GRANULARITY_WORDS = {Granularity.MONTH: "月", Granularity.QUARTER: "季度", Granularity.YEAR: "年"}
_LABEL = re.compile(r"^(\d{4})(?:-(\d{1,2})|-Q([1-4]))?$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    granularity: Granularity
    index: int = 1  # month 1–12, quarter 1–4, 1 for a year

    @cached_property
    def label(self) -> str:
        if self.granularity is Granularity.MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.granularity is Granularity.QUARTER:
            return f"{self.year}-Q{self.index}"
        return str(self.year)

    @property
    def chinese(self) -> str:
        if self.granularity is Granularity.MONTH:
            return f"{self.year}年{self.index}月"
        if self.granularity is Granularity.QUARTER:
            return f"{self.year}年第{'一二三四'[self.index - 1]}季度"
        return f"{self.year}年"

    @cached_property
    def start(self) -> date:
        if self.granularity is Granularity.MONTH:
            return date(self.year, self.index, 1)
        if self.granularity is Granularity.QUARTER:
            return date(self.year, 3 * self.index - 2, 1)
        return date(self.year, 1, 1)

    @cached_property
    def end(self) -> date:
        """The last day that still belongs to the period (a meeting on it counts)."""
        if self.granularity is Granularity.MONTH:
            last_month = self.index
        elif self.granularity is Granularity.QUARTER:
            last_month = 3 * self.index
        else:
            last_month = 12
        following = date(self.year + 1, 1, 1) if last_month == 12 else date(self.year, last_month + 1, 1)
        return following - timedelta(days=1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def days_left(self, as_of: date) -> int:
        """Days still open after `as_of`, counting `as_of` itself (0 once the period is over)."""
        return max((self.end - as_of).days + 1, 0)

    def __str__(self) -> str:
        return self.label


def period_of(day: date, granularity: Granularity) -> Period:
    if granularity is Granularity.MONTH:
        return Period(day.year, granularity, day.month)
    if granularity is Granularity.QUARTER:
        return Period(day.year, granularity, (day.month - 1) // 3 + 1)
    return Period(day.year, granularity, 1)


@cache
def periods_of_year(year: int, granularity: Granularity) -> tuple[Period, ...]:
    """Cached: the same few periods are asked for once per branch and rule."""
    count = {Granularity.MONTH: 12, Granularity.QUARTER: 4, Granularity.YEAR: 1}[granularity]
    return tuple(Period(year, granularity, i) for i in range(1, count + 1))


def parse_period(text: str) -> Period:
    """`2025-10`, `2025-Q3` or `2025` → Period; ValueError with a Chinese message otherwise."""
    match = _LABEL.match(text.strip().upper())
    if not match:
        raise ValueError(f"“{text}”不是期间，请写成 2025-10（月）、2025-Q3（季度）或 2025（年）")
    year = int(match.group(1))
    if match.group(2):
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"“{text}”的月份应为 1–12")
        return Period(year, Granularity.MONTH, month)
    if match.group(3):
        return Period(year, Granularity.QUARTER, int(match.group(3)))
    return Period(year, Granularity.YEAR, 1)
