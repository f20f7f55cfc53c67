"""Dates as a teacher writes them in a ledger whose title or sheet names the year (trial L, TL-5):
"1月15日" under "…2026年三会一课记录" is 2026-01-15 (parse_date's `year`, the year its context gives, as the
forms do); "三月五日" is a date; "2026-3-5 下午" is a date with a half-day, not a bad 开始时间."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from branchdesk.domain.dates import DateParseError, NoYearDate, parse_date
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.meetings.records import get_meeting, list_meetings
from tests.meetings.helpers import BRANCH, make_branch

HEADER = ["序号", "时间", "会议类别", "会议主题", "应到", "参会人数", "主要内容", "所在党支部"]


def test_chinese_numeral_dates() -> None:
    assert parse_date("三月五日", year=2026) == date(2026, 3, 5)
    assert parse_date("十二月二十五日", year=2026) == date(2026, 12, 25)
    assert parse_date("十月十日", year=2025) == date(2025, 10, 10)
    assert parse_date("二〇二六年四月十六日") == date(2026, 4, 16)
    assert parse_date("二零二六年三月三十一日") == date(2026, 3, 31)
    with pytest.raises(NoYearDate, match="“三月五日”没有写年份"):  # quoted as she wrote it
        parse_date("三月五日")
    with pytest.raises(DateParseError, match="“二〇二六年三月四十日”不是有效日期"):
        parse_date("二〇二六年三月四十日")


def _ledger(path: Path, title: str, sheets: dict[str, list[str]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, days in sheets.items():
        sheet = workbook.create_sheet(name)
        sheet.append([title])
        sheet.merge_cells("A1:H1")
        sheet.append(HEADER)
        for index, day in enumerate(days, start=1):
            sheet.append([index, day, "支部委员会", f"{name}支委会{index}", 3, 3, "研究党建工作。", BRANCH])
    workbook.save(path)
    return path


def test_the_title_gives_the_year_of_dates_written_without_it(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    path = _ledger(tmp_path / "2026年三会一课记录.xlsx", "宁远县第三中学第二党支部2026年三会一课记录",
                   {"1月": ["1月15日", "2026年1月9日"], "3月": ["三月五日", "2026-3-20 下午"]})
    report = import_meetings(db, path)
    assert report.ok and report.created == 4, report.to_text()
    assert sorted(m.date for m in list_meetings(db)) == [date(2026, 1, 9), date(2026, 1, 15), date(2026, 3, 5),
                                                         date(2026, 3, 20)]
    text = report.to_text()
    assert any("2026年" in w and "没有写年份" in w for w in report.warnings), text  # said where she looks
    assert "没有写年份" in report.done_text()
    assert "开始时间" not in text or "下午" in text, text
    afternoon = next(m for m in list_meetings(db) if m.date == date(2026, 3, 20))
    assert get_meeting(db, afternoon.id).start_time == ""  # 下午 is no hour: none invented
    assert "下午" in text, text  # and what she wrote is not dropped without a word


def test_a_sheet_named_for_its_year_gives_it(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    path = _ledger(tmp_path / "三会一课记录.xlsx", "第二党支部三会一课记录", {"2025年": ["1月15日"]})
    report = import_meetings(db, path)
    assert report.ok, report.to_text()
    assert [m.date for m in list_meetings(db)] == [date(2025, 1, 15)]


def test_no_single_year_no_reading(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    path = _ledger(tmp_path / "三会一课记录.xlsx", "第二党支部2025年至2026年三会一课记录", {"记录": ["1月15日"]})
    report = import_meetings(db, path)
    assert not report.ok and "没有写年份" in report.to_text(), report.to_text()


def test_a_row_of_a_monthly_sheet_is_named_by_its_sheet_in_the_history(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The 定稿 line an import writes in a meeting's 修改历史 is kept for good: "工作表“1月”第 3 行", never
    "第 RowNumber(3, '1月') 行" (trial L, TL-3 in the meetings import)."""
    from sqlalchemy import select

    from branchdesk.db.models import MeetingHistory

    make_branch(db)
    path = _ledger(tmp_path / "2026年三会一课记录.xlsx", "2026年三会一课记录", {"1月": ["2026年1月9日"], "2月": ["2026年2月9日"]})
    assert import_meetings(db, path).ok
    with db.session() as session:
        reasons = list(session.scalars(select(MeetingHistory.reason)))
    assert reasons and all("RowNumber" not in r for r in reasons), reasons
    assert any("工作表“1月”第 3 行" in r for r in reasons), reasons


def test_an_hour_written_with_its_half_day() -> None:
    from branchdesk.domain.meetings.records import parse_time

    assert parse_time("下午3:00") == "15:00"
    assert parse_time("下午3点半") == "15:30"
    assert parse_time("上午8:30") == "08:30"
    assert parse_time("晚上7点") == "19:00"
    assert parse_time("中午12:30") == "12:30"
    assert parse_time("下午14:30") == "14:30"  # already the afternoon's hour
    assert parse_time("傍晚6点") == "18:00"  # every half-day the date cell knows (HALF_DAYS), the hour too
    assert parse_time("早上7点半") == "07:30"
    with pytest.raises(ValueError):
        parse_time("下午")  # a half-day alone is no hour: the ledger import says so, no time invented


def test_a_date_with_the_hour_of_the_afternoon(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    path = _ledger(tmp_path / "台账.xlsx", "2026年三会一课记录", {"记录": ["2026-3-20 下午3:00"]})
    report = import_meetings(db, path)
    assert report.ok, report.to_text()
    (listed,) = list_meetings(db)
    assert (listed.date, get_meeting(db, listed.id).start_time) == (date(2026, 3, 20), "15:00")
