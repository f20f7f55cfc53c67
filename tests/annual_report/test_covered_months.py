"""`covered_months` (domain.md §2; issue 13) compares months, not days (issue 18: it runs for every
branch and kind the volume and the workbook show). Checked against the definition on days it had."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from branchdesk.domain.annual_report.sections import covered_months


def _by_days(year: int, first: date | None, last: date | None) -> list[bool]:
    """The rule on days, as it was written: the month's last day on or after the start and its first
    day on or before the end (a span ending before it starts covers the months both reach)."""
    found = []
    for month in range(1, 13):
        start, end = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        found.append((first is None or end >= first) and (last is None or start <= last))
    return found


def test_every_start_and_end_around_the_year() -> None:
    edges: list[date | None] = [None]
    day = date(2023, 11, 25)
    while day <= date(2025, 2, 5):  # each day from before the year to after it: month ends, leap day
        edges.append(day)
        day += timedelta(days=3 if day.day not in (1, 27, 28, 29, 30, 31) else 1)
    for year in (2024, 2025):
        for first in edges:
            for last in edges[::7] + [None, date(year, 12, 31), date(year, 1, 1)]:
                assert covered_months(year, first, last) == _by_days(year, first, last), (year, first, last)


def test_a_fresh_list_each_time() -> None:
    months = covered_months(2026, date(2026, 3, 1), None)
    months[0] = True
    assert covered_months(2026, date(2026, 3, 1), None)[0] is False
