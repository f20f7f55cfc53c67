"""A teacher's sheet that gives the day and the hour in two columns — "活动日期 | 活动时间" on a 主题党日 sheet,
"日期 | 时间" in a 三会一课 ledger — reads the day as the 日期 and the hour as the 开始时间 (review R2-10: the
time column was read as the date, the date column was left unread, and every row was refused with
"无法识别日期“14:30”"). A sheet whose only such column is "活动时间", holding the days, still reads it
as the date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.meetings.records import get_meeting, list_meetings
from tests.meetings.helpers import BRANCH, make_branch

CONTENT = "组织党员到社区开展志愿服务，并重温入党誓词。"


def _sheet(path: Path, day_header: str, hour_header: str | None) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "主题党日"
    head = ["序号", day_header, *([hour_header] if hour_header else []), "活动类型", "活动主题", "应到人数", "实到",
            "活动内容", "所在党支部"]
    sheet.append(["宁远县第三中学第二党支部2026年主题党日活动记录"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
    sheet.append(head)
    for month in (3, 4):
        sheet.append([month, f"2026.{month}.6", *(["14:30"] if hour_header else []), "主题党日",
                      f"{month}月主题党日：党员先锋岗志愿服务", 9, 9, CONTENT, BRANCH])
    workbook.save(path)
    return path


@pytest.mark.parametrize(("day_header", "hour_header"), [("活动日期", "活动时间"), ("日期", "时间"), ("会议日期", "召开时间")])
def test_the_day_and_the_hour_in_two_columns(db, tmp_path: Path, day_header: str, hour_header: str) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    report = import_meetings(db, _sheet(tmp_path / "主题党日.xlsx", day_header, hour_header))
    assert report.ok and report.created == 2, report.to_text()
    assert "未读取" not in report.to_text(), report.to_text()
    meetings = sorted(list_meetings(db), key=lambda m: m.date)
    assert [m.date for m in meetings] == [date(2026, 3, 6), date(2026, 4, 6)]
    assert [get_meeting(db, m.id).start_time for m in meetings] == ["14:30", "14:30"]


def test_a_time_column_alone_holding_the_days_is_the_date(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    report = import_meetings(db, _sheet(tmp_path / "主题党日.xlsx", "活动时间", None))
    assert report.ok and report.created == 2, report.to_text()
    assert sorted(m.date for m in list_meetings(db)) == [date(2026, 3, 6), date(2026, 4, 6)]
