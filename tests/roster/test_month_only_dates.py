"""入党时间 written as a month only (trial 10, T10-4): "1996.07", "2003年6月", "2008-12" are read at
once by a person, but the day cannot be invented — 党籍 starts on the day the 支部大会 passed the
admission (domain.md §4), and 预备期 and 党龄 are counted from such days. The import refuses such a
cell saying why and what to type, where it used to say "无法识别"; 出生年月 "1972.05" still passes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from branchdesk.domain.dates import DateParseError, MonthOnlyDate, parse_date
from branchdesk.domain.idcard import make_id_number
from branchdesk.services.roster.excel import import_roster
from branchdesk.services.roster.records import list_members
from tests.xlsx_factory import make_workbook

HEADERS = ["序号", "姓名", "公民身份号码", "出生年月", "所在党支部", "人员类别", "入党时间", "转正时间"]


@pytest.mark.parametrize(("text", "year", "month"), [
    ("1996.07", 1996, 7), ("2003年6月", 2003, 6), ("2008-12", 2008, 12), ("2008/1", 2008, 1), ("１９９６．０７", 1996, 7)])
def test_a_month_without_its_day_is_said_as_such(text: str, year: int, month: int) -> None:
    with pytest.raises(MonthOnlyDate) as raised:
        parse_date(text)
    assert (raised.value.year, raised.value.month) == (year, month)
    assert "只写到了月" in str(raised.value) and "无法识别" not in str(raised.value)
    assert isinstance(raised.value, DateParseError)  # every caller that refuses a date refuses this one


def test_a_year_and_month_stored_as_an_excel_number_is_a_month_too() -> None:
    with pytest.raises(MonthOnlyDate) as raised:
        parse_date(1996.07)
    assert (raised.value.year, raised.value.month) == (1996, 7)


def test_other_unreadable_text_is_still_unreadable() -> None:
    with pytest.raises(DateParseError) as raised:
        parse_date("去年七月")
    assert not isinstance(raised.value, MonthOnlyDate) and "无法识别日期" in str(raised.value)
    with pytest.raises(DateParseError) as raised:
        parse_date("1996.13")
    assert not isinstance(raised.value, MonthOnlyDate)


def _row(n: int, name: str, born: date, joined: object, full: object) -> list[object]:
    return [n, name, make_id_number("140202", born, n, male=n % 2 == 1), f"{born:%Y.%m}", "第三党支部", "正式党员",
            joined, full]


def test_a_roster_with_month_only_join_dates_is_refused_saying_why_and_what_to_type(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [_row(1, "王建国", date(1972, 5, 11), "1996.07", "1997.7.1"),
            _row(2, "刘芳", date(1980, 3, 2), "2003年6月", "2004年6月28日"),
            _row(3, "陈静", date(1985, 8, 9), "2008-12-20", "2009-12"),
            _row(4, "杨帆", date(1990, 4, 15), "2012/5/4", "2013/5/4")]
    path = make_workbook(tmp_path / "花名册.xlsx", HEADERS, rows, title_rows=["第三党支部党员花名册"])
    report = import_roster(db, path, create_orgs=True)
    assert not report.ok and list_members(db) == []
    problems = {(p.row, p.column): p.message for p in report.problems}
    assert set(problems) == {(3, "入党日期"), (4, "入党日期"), (5, "转正日期")}, report.to_text()
    joined = problems[(3, "入党日期")]
    assert joined.startswith("“1996.07”只写到了月，入党日期要写到日"), joined
    assert "党籍从支部大会通过接收之日算起" in joined and "入党志愿书" in joined and "无法识别" not in joined
    assert problems[(4, "入党日期")].startswith("“2003年6月”只写到了月")
    assert "党龄从预备期满转正之日算起" in problems[(5, "转正日期")]
    assert "（G 列）" in report.to_text()  # the cell is named where the user will look


def test_the_same_roster_written_to_the_day_imports_with_birth_year_and_month(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [_row(1, "王建国", date(1972, 5, 11), "1996.7.1", "1997.7.1")]
    report = import_roster(db, make_workbook(tmp_path / "花名册.xlsx", HEADERS, rows), create_orgs=True)
    assert report.ok, report.to_text()
    (member,) = list_members(db)
    assert (member.birth_date, member.join_date) == (date(1972, 5, 11), date(1996, 7, 1))


def test_many_month_only_dates_are_explained_once_naming_the_rows(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Trial R TR-8: 30 rows of "2019.09" gave 36 near-identical long sentences. From MONTH_ONLY_FOLD rows of
    one field, the why is said once for the file naming the rows; each row says only what it holds, and the
    rows are still refused (no day is invented)."""
    names = ["王建国", "刘芳", "陈静", "张伟", "李娜"]
    rows = [_row(n, names[n - 1], date(1980, 1, n), f"20{10 + n}.0{n}", f"20{11 + n}年{n}月") for n in range(1, 6)]
    rows.append(_row(6, "杨帆", date(1990, 4, 15), "2012/5/4", "2013/5/4"))
    path = make_workbook(tmp_path / "花名册.xlsx", HEADERS, rows, title_rows=["第三党支部党员花名册"])
    report = import_roster(db, path, create_orgs=True)
    text = report.to_text()
    assert not report.ok and list_members(db) == []
    assert text.count("党籍从支部大会通过接收之日算起") == 1, text
    assert text.count("党龄从预备期满转正之日算起") == 1, text
    once = [p.message for p in report.problems if p.row == 0]
    assert len(once) == 2, text
    assert once[0].startswith("第 3、4、5、6、7 行的入党日期只写到了月（共 5 行）"), once
    assert "其他内容没有问题" in once[0]
    rows_said = {(p.row, p.column): p.message for p in report.problems if p.row}
    assert set(rows_said) == {(r, c) for r in range(3, 8) for c in ("入党日期", "转正日期")}, text
    assert rows_said[(3, "入党日期")].startswith("“2011.01”只写到了月，入党日期要写到日"), rows_said
    assert all(len(m) < 70 for m in rows_said.values()), rows_said
