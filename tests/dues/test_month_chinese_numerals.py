"""A month written with Chinese numerals or 元月 — "元月", "一月", "十二月", "2026年十月", "二〇二六年十月" — is read in every
month field (a 党费 month, a 缴费基数's 起始月份, a 月度销号's month) as the day parser reads them ("元月5日",
"三月十五", domain.dates): one reading (domain.dates.arabic_months). Before, parse_month refused them all
("无法识别月份“十二月”"). A lunar month ("正月", "腊月") is refused asking for the 公历 month, as a lunar day is."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from branchdesk.domain.dues.months import Month, MonthParseError, parse_month, parse_months
from branchdesk.io.dues_xlsx import month_header
from branchdesk.services.dues.excel import import_dues_base
from branchdesk.services.dues.records import member_bases
from tests.meetings.helpers import BRANCH, make_branch

DECEMBER = date(2026, 12, 5)


@pytest.mark.parametrize(("written", "year", "month"), [
    ("2026年十月", None, (2026, 10)), ("二〇二六年十月", None, (2026, 10)), ("2026年元月", None, (2026, 1)),
    ("十二月", 2026, (2026, 12)), ("元月", 2026, (2026, 1)), ("一月", 2025, (2025, 1)), ("十二月份", 2026, (2026, 12)),
    ("三月", 2026, (2026, 3)), ("2026年3月", None, (2026, 3)), ("2026-03", None, (2026, 3)),
])
def test_a_month_in_chinese_numerals_is_read(written: str, year: int | None, month: tuple[int, int]) -> None:
    assert parse_month(written, year) == Month(*month)


def test_without_its_year_it_is_read_as_3月_is() -> None:
    # a form's month field (near today): in December "元月"/"一月" is the coming January, as "1月" is
    assert parse_month("元月", near=DECEMBER) == parse_month("一月", near=DECEMBER) == parse_month("1月", near=DECEMBER)
    assert parse_month("十二月", latest=DECEMBER) == Month(2026, 12)


def test_months_of_one_payment_in_chinese_numerals() -> None:
    assert parse_months("2026年一月至三月") == [Month(2026, 1), Month(2026, 2), Month(2026, 3)]


@pytest.mark.parametrize("written", ["正月", "腊月", "2026年冬月"])
def test_a_lunar_month_is_refused_asking_for_the_gregorian_one(written: str) -> None:
    with pytest.raises(MonthParseError, match=f"“{written}”是农历月份，请写公历月份"):
        parse_month(written, 2026)


def test_a_month_that_is_none_is_quoted_as_written() -> None:
    with pytest.raises(MonthParseError, match="“十三月”"):
        parse_month("十三月", 2026)


def test_a_base_from_2026年十月_is_imported(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    school = make_branch(db)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2026年党员缴费基数核定表"])
    sheet.append(["姓名", "所在党支部", "缴纳类别", "缴费基数（元）", "起始月份"])
    sheet.append(["李组织", BRANCH, "在职", 4800, "2026年元月"])
    sheet.append(["李组织", BRANCH, "在职", 5200, "2026年十月"])
    sheet.append(["王书记", BRANCH, "在职", 6000, "三月"])  # the title's year
    workbook.save(tmp_path / "基数.xlsx")
    report = import_dues_base(db, tmp_path / "基数.xlsx", today=DECEMBER)
    assert report.ok and report.created == 3, report.to_text()
    bases = member_bases(db, school.members["李组织"])
    assert [(b.record.applies_from, b.record.base) for b in bases] == [
        (Month(2026, 10), Decimal(5200)), (Month(2026, 1), Decimal(4800))]
    assert [b.record.applies_from for b in member_bases(db, school.members["王书记"])] == [Month(2026, 3)]


def test_a_registers_month_columns_headed_in_chinese_numerals() -> None:
    # a wide 党费 登记簿's month headers, read as its cells are: "元月" … "十二月", "2026年十月"
    assert [month_header(h) for h in ("元月", "元月份", "十月", "十二月份", "2026年十月", "二〇二六年元月")] == [
        (None, 1), (None, 1), (None, 10), (None, 12), (2026, 10), (2026, 1)]
    assert month_header("正月") is None and month_header("腊月") is None  # lunar: no month column


@pytest.mark.parametrize("written", ["一二月", "2026年一二月", "十一二月"])
def test_two_months_said_together_are_no_month(written: str) -> None:
    # review rev1 F4: "一二月" (January and February, as people say it) was read digit by digit as 12月 — a payment
    # of January–February recorded in December. Only a year is read digit by digit ("二〇二六年")
    with pytest.raises(MonthParseError):
        parse_month(written, 2026)
    with pytest.raises(MonthParseError):
        parse_months(written, 2026)
    assert month_header(written) is None


@pytest.mark.parametrize("written", ["一二月五日", "三月一五日"])
def test_a_month_or_day_is_not_read_digit_by_digit(written: str) -> None:
    from branchdesk.domain.dates import DateParseError, parse_date

    with pytest.raises(DateParseError):
        parse_date(written, 2026)
    assert parse_date("二〇二六年十二月十五日") == date(2026, 12, 15)
