"""A 三会一课台账 under a two-row header (trial 10, T10-2, through the reader every import shares):
会议内容 and 决议事项 merged down over both header rows beside the groups 会议基本情况 and 出席情况
merged across — the columns merged down are read, not dropped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.meetings.records import get_meeting, list_meetings
from tests.meetings.helpers import BRANCH, make_branch
from tests.xlsx_factory import make_two_row_header_workbook

N = None
UPPER = ["会议基本情况", N, N, N, N, N, N, N, "出席情况", N, N, "会议内容", "决议事项"]
LOWER = ["序号", "会议日期", "会议类型", "党支部", "会议主题", "主持人", "记录人", "地点", "应到人数", "实到人数",
         "缺席人员及原因", N, N]


def test_columns_merged_down_beside_group_titles_are_read(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    rows = [[1, "2026-03-10", "支委会", BRANCH, "研究3月工作", "王书记", "李组织", "会议室", 3, 3, "", "研究主题党日方案",
             "3月20日开展主题党日"]]
    path = make_two_row_header_workbook(tmp_path / "三会一课台账.xlsx", UPPER, LOWER, rows, ["2026年三会一课台账"])
    report = import_meetings(db, path)
    assert report.ok and report.created == 1, report.to_text()
    (listed,) = list_meetings(db)
    meeting = get_meeting(db, listed.id)
    assert meeting.date == date(2026, 3, 10)
    assert (meeting.content, meeting.resolutions, meeting.place) == ("研究主题党日方案", "3月20日开展主题党日", "会议室")
