"""Calendar months as dues are kept: every amount is owed for a month (2025年3月), stored as the
number 202503 in the database, typed by secretaries in many ways ("2025-03", "2025年3月", "3月")."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from branchdesk.domain.dates import arabic_months, is_lunar

_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．～", "0123456789-/.~")


class MonthParseError(ValueError):
    """The text is not a month in any accepted spelling (the message is Chinese)."""


@dataclass(frozen=True, eq=False)
class Month:
    """A calendar month. Compared and hashed by one precomputed number: a district's year compares
    and looks up hundreds of thousands of months."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise MonthParseError(f"{self.month} 不是有效的月份")
        object.__setattr__(self, "_i", self.year * 12 + self.month - 1)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Month) and self._i == other._i  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return self._i  # type: ignore[attr-defined,no-any-return]

    def __lt__(self, other: Month) -> bool:
        return self._i < other._i  # type: ignore[attr-defined,no-any-return]

    def __le__(self, other: Month) -> bool:
        return self._i <= other._i  # type: ignore[attr-defined,no-any-return]

    def __gt__(self, other: Month) -> bool:
        return self._i > other._i  # type: ignore[attr-defined,no-any-return]

    def __ge__(self, other: Month) -> bool:
        return self._i >= other._i  # type: ignore[attr-defined,no-any-return]

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def from_key(cls, key: int) -> Month:
        """202503 → 2025年3月 (the database's form)."""
        return _from_key(key)

    @classmethod
    def from_index(cls, index: int) -> Month:
        return _from_index(index)

    @property
    def key(self) -> int:
        return self.year * 100 + self.month

    @property
    def index(self) -> int:
        """Months since year 0: consecutive months differ by 1 (runs of unpaid months)."""
        return self._i  # type: ignore[attr-defined,no-any-return]

    def plus(self, months: int) -> Month:
        return Month.from_index(self.index + months)

    @property
    def first_day(self) -> date:
        return _first_day(self.year, self.month)

    @property
    def last_day(self) -> date:
        return _last_day(self.year, self.month)

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def iso(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def __str__(self) -> str:
        return self.label


@lru_cache(maxsize=4096)
def _from_key(key: int) -> Month:
    return Month(key // 100, key % 100)


@lru_cache(maxsize=4096)
def _from_index(index: int) -> Month:
    year, month = divmod(index, 12)
    return Month(year, month + 1)


@lru_cache(maxsize=4096)
def _first_day(year: int, month: int) -> date:
    return date(year, month, 1)


@lru_cache(maxsize=4096)
def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def months_between(first: Month, last: Month) -> list[Month]:
    """Every month from `first` to `last`, both included (empty when last < first)."""
    return list(_between(first.index, last.index))


@lru_cache(maxsize=256)
def _between(first: int, last: int) -> tuple[Month, ...]:
    return tuple(Month.from_index(i) for i in range(first, last + 1))


def year_months(year: int) -> list[Month]:
    return [Month(year, m) for m in range(1, 13)]


def span_text(months: Iterable[Month]) -> str:
    """Months as a secretary writes them: "2025年3月", "2025年3月至5月", "2025年3月、5月至6月"."""
    ordered = sorted(set(months))
    if not ordered:
        return ""
    runs: list[list[Month]] = [[ordered[0]]]
    for m in ordered[1:]:
        if m.index == runs[-1][-1].index + 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    parts: list[str] = []
    year = None
    for run in runs:
        first, last = run[0], run[-1]
        head = first.label if first.year != year else f"{first.month}月"
        year = first.year
        if first == last:
            parts.append(head)
        else:
            tail = f"{last.month}月" if last.year == first.year else last.label
            year = last.year
            parts.append(f"{head}至{tail}")
    return "、".join(parts)


_FULL = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月?(份)?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.]\d{1,2}$"),  # a date written where a month was asked
    re.compile(r"^(\d{4})年(\d{1,2})月\d{1,2}日?$"),
)
_SHORT = re.compile(r"^(\d{1,2})月(份)?$")


def parse_month(value: object, default_year: int | None = None, *, near: date | None = None,
                latest: date | None = None) -> Month | None:
    """A month from a cell: 2025-03, 2025/3, 2025.3, 2025年3月, 202503, a date cell, or "3月" when
    the sheet's year is known. None for a blank; MonthParseError for anything else. A form's month
    field with no year of its own gives `near` (today): "3月" is then the such month nearest to it
    (the later one on a tie) — a new base applies from the month the new pay starts (DUES-BASE-CHANGE),
    which may be next month or one just past: in December "1月" is the coming January. A field for months
    that have happened (the months of a 上缴, whose dues were collected) gives `latest` (today) instead:
    "3月" is then the such month not after it — in December "1月" is this January. The field shows
    the month it understood before saving (ui.widgets.date_edit.MonthEdit)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return Month.of(value.date())
    if isinstance(value, date):
        return Month.of(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(int(value)) if float(value).is_integer() else str(value)
    else:
        text = str(value)
    written = re.sub(r"\s", "", text.translate(_FULLWIDTH))
    if not written:
        return None
    if is_lunar(written):  # "正月", "腊月": a lunar month is not converted, as a lunar day is not (domain.dates)
        raise MonthParseError(f"“{written}”是农历月份，请写公历月份，如 2025年3月")
    # "元月", "十二月", "2026年十月": read as the day parser reads them (domain.dates.arabic_months)
    text = arabic_months(written)
    try:
        return _parse_month_text(text, default_year, near, latest)
    except MonthParseError as exc:
        if text != written:  # the message quotes the month as she wrote it
            exc.args = tuple(str(a).replace(f"“{text}”", f"“{written}”") for a in exc.args)
        raise


def _parse_month_text(text: str, default_year: int | None, near: date | None, latest: date | None) -> Month | None:
    for pattern in _FULL:
        match = pattern.match(text)
        if match:
            return _month(int(match.group(1)), int(match.group(2)), text)
    bare = default_year is not None or near is not None or latest is not None  # a bare "3" where a month is asked
    match = _SHORT.match(text) or (re.match(r"^(\d{1,2})$", text) if bare else None)
    if match:
        if default_year is None and latest is not None:
            month = _month(latest.year, int(match.group(1)), text)
            return month.plus(-12) if month > Month.of(latest) else month
        if default_year is None and near is not None:
            month = _month(near.year, int(match.group(1)), text)
            today = Month.of(near)
            return min((month.plus(-12), month, month.plus(12)), key=lambda m: (abs(m.index - today.index), m < today))
        if default_year is None:
            raise MonthParseError(f"“{text}”没有写年份，请写成 2025-03 或 2025年3月")
        return _month(default_year, int(match.group(1)), text)
    raise MonthParseError(f"无法识别月份“{text}”，请写成 2025-03、2025/3、2025年3月 或 202503")


def _month(year: int, month: int, text: str) -> Month:
    if not 1900 <= year <= 2200 or not 1 <= month <= 12:
        raise MonthParseError(f"“{text}”不是有效的月份")
    return Month(year, month)


_RANGE = re.compile(r"^(.+?)(?:至|到|~|—|–|－|-(?=\d{1,2}月|\d{4}))(.+)$")


def parse_months(value: object, default_year: int | None = None) -> list[Month]:
    """The months one payment covers: a single month, a range ("2025年1月至3月", "1-3月",
    "2025-01~2025-03") or a list ("1月、2月、3月", "2025-01,2025-02"). Raises MonthParseError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return []
    if not isinstance(value, str):
        single = parse_month(value, default_year)
        return [single] if single else []
    text = re.sub(r"\s", "", value.translate(_FULLWIDTH))
    if not is_lunar(text):
        text = arabic_months(text)  # "一月至三月": the months as parse_month reads them
    pieces = [p for p in re.split(r"[、,，;；]", text) if p]
    months: list[Month] = []
    year = default_year
    for piece in pieces:
        found = _piece(piece, year)
        months += found
        year = found[-1].year if found else year
    if len(set(months)) != len(months):
        raise MonthParseError(f"“{value}”中有重复的月份")
    return sorted(months)


def _piece(text: str, year: int | None) -> list[Month]:
    try:
        single = parse_month(text, year)
        return [single] if single else []
    except MonthParseError:
        pass
    match = _RANGE.match(text)
    if not match:
        raise MonthParseError(f"无法识别月份“{text}”，请写成 2025-03、2025年3月，或 2025年1月至3月")
    left, right = match.group(1), match.group(2)
    if re.fullmatch(r"\d{1,2}", left) and right.endswith("月"):
        left += "月"  # "1-3月"
    first = parse_month(left, year)
    assert first is not None
    last = parse_month(right, first.year)
    assert last is not None
    if last < first:
        raise MonthParseError(f"“{text}”的结束月份早于开始月份")
    if last.index - first.index >= 24:
        raise MonthParseError(f"“{text}”跨度超过两年，请核对")
    return months_between(first, last)
