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
    """A month, quarter or year that a required sitting fulfils."""

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


# --- 所属期间 of a sitting (domain.md §2) ------------------------------------------------------------
_WRITTEN = (
    (re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?$"), Granularity.MONTH),
    (re.compile(r"^(\d{4})\s*(?:年)?\s*(?:-?Q|第)\s*([1-4一二三四])\s*(?:季度?)?$", re.IGNORECASE), Granularity.QUARTER),
    (re.compile(r"^(\d{4})\s*(?:年度?)?$"), Granularity.YEAR),
)
_QUARTER_WORDS = {"一": 1, "二": 2, "三": 3, "四": 4}
_YEAR_IN_TOPIC = re.compile(r"(\d{4})\s*年度")


def read_period(text: str) -> Period | None:
    """A 所属期间 as ledgers write it — "2025年7月", "2025-07", "2025年第三季度", "2025-Q3", "2024年度",
    "2024" — as a Period; None for a blank; ValueError with a Chinese message otherwise."""
    text = re.sub(r"[\s\u3000]", "", str(text or ""))
    if not text:
        return None
    for pattern, granularity in _WRITTEN:
        match = pattern.match(text)
        if not match:
            continue
        year = int(match.group(1))
        if granularity is Granularity.MONTH:
            month = int(match.group(2))
            if not 1 <= month <= 12:
                break
            return Period(year, granularity, month)
        if granularity is Granularity.QUARTER:
            part = match.group(2)
            return Period(year, granularity, _QUARTER_WORDS.get(part) or int(part))
        return Period(year, granularity, 1)
    raise ValueError(f"无法识别所属期间“{text}”，请写成 2025年7月、2025年第三季度 或 2024年度")


def year_in_topic(topic: str) -> int | None:
    """The year an annual sitting's topic names: "2024年度组织生活会" → 2024."""
    match = _YEAR_IN_TOPIC.search(topic or "")
    return int(match.group(1)) if match else None


def counted_period(day: date, period: str, granularity: Granularity) -> Period:
    """The period of `granularity` a sitting held on `day` counts for. Its 所属期间 decides where it is
    as fine as, or finer than, the rule ("2025-07" counts for July, Q3 and 2025; "2024" only for yearly
    rules); otherwise the date does (a 2024 组织生活会 that was also a 支部党员大会 in January 2025 counts
    for 2025-Q1 as a 支部党员大会)."""
    if period:
        own = parse_period(period)
        rank = {Granularity.MONTH: 0, Granularity.QUARTER: 1, Granularity.YEAR: 2}
        if rank[own.granularity] <= rank[granularity]:
            return period_of(own.start, granularity)
    return period_of(day, granularity)


def held_late(day: date, period: str) -> bool:
    """A sitting held after the period it fulfils (补开, or a January 组织生活会 for the past year)."""
    return bool(period) and parse_period(period).end < day


def period_problem(day: date | None, period: str, has_yearly_kind: bool) -> str:
    """Why a 所属期间 cannot be the one of a sitting on `day` ("" when it can): not after the sitting,
    at most a year back; a whole year only for yearly sittings (组织生活会, 民主评议党员)."""
    if not period or day is None:
        return ""
    own = parse_period(period)
    if own.start > day:
        return f"所属期间 {own.chinese} 晚于会议日期 {day:%Y-%m-%d}，会议只能补开以前的期间"
    if own.year < day.year - 1:
        return f"所属期间 {own.chinese} 早于会议日期一年以上，请核对"
    if own.granularity is Granularity.YEAR and not has_yearly_kind:
        return "所属期间写整年的，只用于组织生活会、民主评议党员；补开月度或季度会议请写到月份或季度"
    return ""


def period_words(label: str) -> str:
    """A stored 所属期间 as a ledger writes it: "2025-07" → "2025年7月", "2024" → "2024年度"; "" stays ""."""
    if not label:
        return ""
    try:
        period = parse_period(label)
    except ValueError:
        return label
    return period.chinese + ("度" if period.granularity is Granularity.YEAR else "")
