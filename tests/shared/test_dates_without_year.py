"""A date written without its year ("3月19日", as a 会议记录本 writes it; trial 10, T10-6) is read in
the year the form gives (its record's year), and refused — saying to write the year — where no year
is known; a date with its own year keeps it."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.dates import DateParseError, NoYearDate, parse_date


@pytest.mark.parametrize("text", ["3月19日", "3月19号", "3月19", "03月19日", "3.19", "3-19", "3/19", "３月１９日"])
def test_a_month_and_day_is_read_in_the_year_given(text: str) -> None:
    assert parse_date(text, year=2026) == date(2026, 3, 19)


def test_without_a_year_it_is_refused_saying_to_write_the_year() -> None:
    with pytest.raises(NoYearDate) as raised:
        parse_date("3月19日")
    assert str(raised.value) == "“3月19日”没有写年份，请写上年份，如 2019年7月1日"
    assert isinstance(raised.value, DateParseError)


def test_a_date_with_its_year_keeps_it_and_an_impossible_day_is_refused() -> None:
    assert parse_date("2025年12月1日", year=2026) == date(2025, 12, 1)
    with pytest.raises(DateParseError, match="不是有效日期"):
        parse_date("2月30日", year=2026)
    with pytest.raises(DateParseError, match="无法识别"):
        parse_date("13.45.6", year=2026)
    with pytest.raises(DateParseError):
        parse_date(3.19, year=2026)  # a number cell is no month and day


# A day that has already happened (a meeting held, a step done, a member who left) is never read after
# today: in January, "12月28日" is last December, not the coming one (trial Y, TY-7).
@pytest.mark.parametrize(("typed", "year", "meant"), [
    ("12月28日", 2027, date(2026, 12, 28)),  # the record's year would put it after today: the year before
    ("12月28日", None, date(2026, 12, 28)),  # no record: the nearest such day on the past side
    ("1月5日", None, date(2027, 1, 5)),  # today itself
    ("1月4日", 2027, date(2027, 1, 4)),
    ("12月1日", 2025, date(2025, 12, 1)),  # a record of 2025 being corrected keeps its year
    ("12.28", 2028, date(2026, 12, 28)),  # a record dated after today: never after today either
])
def test_a_past_day_without_its_year_is_never_read_after_today(typed: str, year: int | None, meant: date) -> None:
    assert parse_date(typed, year=year, latest=date(2027, 1, 5)) == meant


def test_a_past_day_with_its_year_or_an_impossible_one_is_not_moved() -> None:
    today = date(2027, 1, 5)
    assert parse_date("2027-12-28", latest=today) == date(2027, 12, 28)  # written in full: as written
    with pytest.raises(DateParseError, match="不是有效日期"):
        parse_date("2月30日", latest=today)


@pytest.mark.parametrize("year", [None, 2029])
def test_a_leap_day_typed_in_the_january_after_is_last_februarys(year: int | None) -> None:
    """"2月29日" typed on 2029-01-10 is 2028-02-29 — the only past reading, as "12月28日" is last
    December's — not refused as 不是有效日期 because 2029 has no 29 February."""
    assert parse_date("2月29日", year=year, latest=date(2029, 1, 10)) == date(2028, 2, 29)
    with pytest.raises(DateParseError, match="不是有效日期"):  # after this year's February: no such day
        parse_date("2月29日", year=year, latest=date(2029, 3, 5))


# A start that may lie either side of today (a 党费 revision in force from next month, or entered after
# it came into force; a pair begun this term or to begin next): the such day nearest to today, so that
# in December "1月1日" is the coming 1 January and in March it is the one just past.
@pytest.mark.parametrize(("typed", "today", "meant"), [
    ("1月1日", date(2026, 12, 5), date(2027, 1, 1)),  # next month's, not the January eleven months back
    ("1-1", date(2027, 3, 5), date(2027, 1, 1)),  # entered late: the one just past
    ("9月1日", date(2027, 8, 20), date(2027, 9, 1)),  # pairs registered before the term starts
    ("9.1", date(2027, 1, 10), date(2026, 9, 1)),  # or after it started
    ("12月5日", date(2026, 12, 5), date(2026, 12, 5)),  # today itself
])
def test_a_start_either_side_of_today_is_the_nearest_such_day(typed: str, today: date, meant: date) -> None:
    assert parse_date(typed, near=today) == meant


def test_a_start_either_side_keeps_a_record_s_year_and_a_written_year() -> None:
    assert parse_date("1月1日", year=2025, near=date(2026, 12, 5)) == date(2025, 1, 1)  # a record of 2025 corrected
    assert parse_date("2026-01-01", near=date(2026, 12, 5)) == date(2026, 1, 1)
    assert parse_date("2月29日", near=date(2027, 1, 5)) == date(2028, 2, 29)  # the nearest that exists
    with pytest.raises(DateParseError, match="不是有效日期"):
        parse_date("2月30日", near=date(2027, 1, 5))


# A day that follows another (a yearly pair's planned end after its start, domain.md §7 "year by year"):
# the first such day after it.
@pytest.mark.parametrize(("typed", "after", "meant"), [
    ("7月10日", date(2026, 9, 1), date(2027, 7, 10)),
    ("12-31", date(2026, 9, 1), date(2026, 12, 31)),
    ("9月1日", date(2026, 9, 1), date(2027, 9, 1)),  # strictly after: a pair does not end the day it starts
    ("2月29日", date(2026, 9, 1), date(2028, 2, 29)),
])
def test_a_day_after_another_is_the_first_such_day_after_it(typed: str, after: date, meant: date) -> None:
    assert parse_date(typed, after=after) == meant


def test_a_day_after_another_keeps_a_record_s_year() -> None:
    assert parse_date("7月10日", year=2026, after=date(2026, 9, 1)) == date(2026, 7, 10)  # the service names it


def test_a_full_date_with_hao_is_read_as_one_without_its_year_is() -> None:
    """"3月19号" was read (in the year known) while "2026年3月19号", the same day with its year, was refused."""
    assert parse_date("2026年3月19号") == date(2026, 3, 19)
    assert parse_date("二〇二六年三月五号") == date(2026, 3, 5)
    assert parse_date("3月19号", year=2026) == date(2026, 3, 19)
