"""A month typed without its year ("1月", as a pay slip or a 上缴 receipt names it) in a form's month
field is, for 起始月份 of a 缴费基数, the such month nearest to today — a new base applies from the month
the new pay starts (DUES-BASE-CHANGE), which may be next month or one just past — and for the months of a
上缴 (collected already) the latest such month not after today; with a sheet's or a record's year, the
month of that year, as before."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.dues.months import Month, MonthParseError, parse_month


@pytest.mark.parametrize(("typed", "today", "meant"), [
    ("1月", date(2026, 12, 5), Month(2027, 1)),  # in December, next month's pay: the coming January
    ("12月", date(2027, 1, 5), Month(2026, 12)),  # in January, last December
    ("3月份", date(2026, 3, 20), Month(2026, 3)),  # this month
    ("6", date(2026, 12, 5), Month(2027, 6)),  # six months either way: the one ahead
    ("10月", date(2026, 3, 5), Month(2025, 10)),  # five months back, seven ahead
])
def test_a_month_without_its_year_is_the_nearest_such_month(typed: str, today: date, meant: Month) -> None:
    assert parse_month(typed, near=today) == meant


def test_a_year_given_or_written_wins_and_a_month_without_any_is_refused() -> None:
    assert parse_month("1月", 2026, near=date(2026, 12, 5)) == Month(2026, 1)  # a sheet's or a record's year
    assert parse_month("2026年1月", near=date(2026, 12, 5)) == Month(2026, 1)
    with pytest.raises(MonthParseError, match="没有写年份"):
        parse_month("1月")
    with pytest.raises(MonthParseError, match="不是有效的月份"):
        parse_month("13月", near=date(2026, 12, 5))


@pytest.mark.parametrize(("typed", "today", "meant"), [
    ("1月", date(2026, 12, 5), Month(2026, 1)),  # a 上缴 in December of this year's dues: this January
    ("6", date(2026, 12, 5), Month(2026, 6)),  # not the coming June (the nearest reading's tie)
    ("12月", date(2026, 12, 5), Month(2026, 12)),  # this month
    ("12月", date(2027, 1, 5), Month(2026, 12)),  # in January, last December
])
def test_a_month_that_has_happened_is_never_read_after_today(typed: str, today: date, meant: Month) -> None:
    """The months of a 上缴 are months whose dues were collected: "1月" typed in December is this January."""
    assert parse_month(typed, latest=today) == meant
    assert parse_month(typed, 2025, latest=today) == Month(2025, meant.month)  # a record's year wins
