"""Review rev7 R7-2: trfixA (a1f6ec3) reads "2025年度组织生活会" in the 会议类型 column as 组织生活会 — the word
list drops the year. Held in January 2026, that sitting then counted for 2026, not for the 2025 it names (the
topic's "2025年度…" was already read so, the 会议类型 cell's was not): 2025 looked without its 组织生活会."""

from __future__ import annotations

from pathlib import Path

from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.meetings.records import get_meeting, list_meetings
from tests.meetings.helpers import BRANCH, make_branch
from tests.xlsx_factory import make_workbook


def test_the_year_written_in_the_kind_cell_is_the_sittings_year(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    path = make_workbook(tmp_path / "三会一课.xlsx", ["序号", "活动日期", "活动类型", "活动主题", "应到", "实到",
                                                    "所在党支部", "会议内容"], [
        [1, "2026/01/15", "2025年度组织生活会", "专题组织生活会", 9, 9, BRANCH, "对照检查，开展批评与自我批评"],
    ])
    report = import_meetings(db, path)
    text = report.to_text()
    assert report.ok and report.created == 1, text
    [meeting] = [get_meeting(db, m.id) for m in list_meetings(db)]
    assert meeting.kinds == ("组织生活会",)
    assert meeting.period == "2025", text
    assert "计入该年度" in text, text
