"""Months as secretaries type them, and which months a member owes (admission month, transfer in and
out on the first-day-of-month rule, death, the ledger's start)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from branchdesk.domain.dues.months import Month, MonthParseError, parse_month, parse_months, span_text
from branchdesk.domain.dues.obligation import obligation
from branchdesk.domain.vocabulary import MemberStatus


@pytest.mark.parametrize("text", ["2025-03", "2025/3", "2025.3", "2025年3月", "2025年03月份", "202503", "２０２５－０３",
                                  "2025-03-15", "2025年3月15日"])
def test_month_spellings(text: str) -> None:
    assert parse_month(text) == Month(2025, 3)


def test_month_cells_and_short_forms() -> None:
    assert parse_month(datetime(2025, 3, 1)) == Month(2025, 3)
    assert parse_month(date(2025, 3, 31)) == Month(2025, 3)
    assert parse_month(202503.0) == Month(2025, 3)
    assert parse_month("3月", default_year=2025) == Month(2025, 3)
    assert parse_month("") is None
    with pytest.raises(MonthParseError, match="没有写年份"):
        parse_month("3月")
    with pytest.raises(MonthParseError, match="“三月份”没有写年份"):  # read as 3月份 (Chinese numerals, domain.dates)
        parse_month("三月份")
    with pytest.raises(MonthParseError, match="无法识别"):
        parse_month("春季")
    with pytest.raises(MonthParseError):
        parse_month("2025-13")


def test_ranges_and_lists() -> None:
    assert parse_months("2025年1月至3月") == [Month(2025, 1), Month(2025, 2), Month(2025, 3)]
    assert parse_months("1-3月", 2025) == [Month(2025, 1), Month(2025, 2), Month(2025, 3)]
    assert parse_months("2024-11~2025-01") == [Month(2024, 11), Month(2024, 12), Month(2025, 1)]
    assert parse_months("1月、2月、5月", 2025) == [Month(2025, 1), Month(2025, 2), Month(2025, 5)]
    assert parse_months("2025-03") == [Month(2025, 3)]
    with pytest.raises(MonthParseError, match="重复"):
        parse_months("1月、1月", 2025)
    with pytest.raises(MonthParseError, match="早于"):
        parse_months("2025年5月至3月")


def test_span_text() -> None:
    months = [Month(2025, 3), Month(2025, 4), Month(2025, 5), Month(2025, 7), Month(2026, 1)]
    assert span_text(months) == "2025年3月至5月、7月、2026年1月"
    assert span_text([Month(2025, 12), Month(2026, 1)]) == "2025年12月至2026年1月"


def test_month_arithmetic() -> None:
    assert Month(2025, 1).plus(-1) == Month(2024, 12)
    assert Month(2025, 12).plus(1) == Month(2026, 1)
    assert Month(2024, 2).last_day == date(2024, 2, 29)
    assert Month.from_key(202503) == Month(2025, 3) and Month(2025, 3).key == 202503


def test_a_new_probationary_member_owes_from_the_month_the_congress_passed_the_admission() -> None:
    o = obligation(join_date=date(2025, 6, 28), transfer_in=None, left_date=None, status=MemberStatus.ACTIVE.value,
                   ledger_start=Month(2024, 1))
    assert not o.owes(Month(2025, 5))
    assert o.owes(Month(2025, 6))
    assert "支部大会通过接收" in o.text


def test_transfer_in_starts_on_the_first_month_whose_first_day_finds_the_member_here() -> None:
    mid = obligation(join_date=date(2010, 7, 1), transfer_in=date(2025, 6, 15), left_date=None,
                     status=MemberStatus.ACTIVE.value, ledger_start=Month(2024, 1))
    assert mid.first == Month(2025, 7)  # the old branch collected June
    first_day = obligation(join_date=date(2010, 7, 1), transfer_in=date(2025, 6, 1), left_date=None,
                           status=MemberStatus.ACTIVE.value, ledger_start=Month(2024, 1))
    assert first_day.first == Month(2025, 6)


def test_transfer_out_ends_with_the_month_of_leaving_unless_it_is_the_first_day() -> None:
    out = obligation(join_date=date(2010, 7, 1), transfer_in=None, left_date=date(2025, 6, 15),
                     status=MemberStatus.TRANSFERRED_OUT.value, ledger_start=None)
    assert out.owes(Month(2025, 6)) and not out.owes(Month(2025, 7))
    first = obligation(join_date=date(2010, 7, 1), transfer_in=None, left_date=date(2025, 6, 1),
                       status=MemberStatus.TRANSFERRED_OUT.value, ledger_start=None)
    assert first.last == Month(2025, 5)
    died = obligation(join_date=date(2010, 7, 1), transfer_in=None, left_date=date(2025, 6, 15),
                      status=MemberStatus.DECEASED.value, ledger_start=None)
    assert died.last == Month(2025, 5)


def test_nothing_is_owed_before_the_ledger_starts() -> None:
    o = obligation(join_date=date(2010, 7, 1), transfer_in=None, left_date=None, status=MemberStatus.ACTIVE.value,
                   ledger_start=Month(2025, 1))
    assert o.first == Month(2025, 1) and not o.owes(Month(2024, 12))
    unknown = obligation(join_date=None, transfer_in=None, left_date=None, status=MemberStatus.ACTIVE.value,
                         ledger_start=None)
    assert unknown.first is None and not unknown.owes(Month(2025, 1))
