"""T10-17: the year's 组织生活会 held in January for the past year is the usual practice (domain.md §2:
"an annual 组织生活会 or 民主评议 held in January–March for the past year, or a sitting held late for a
missed month (补开), fulfils the earlier period" — two cases; MTG-YEARLY-LIFE "usually Q4 or January for
the past year"). The volume's 会议记录目录 printed it "2025年度（补开）"; 补开 is for a sitting missed."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.annual_report.tables import sitting_register_table
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.meetings.records import finalise_meeting, save_meeting
from branchdesk.services.records_start import set_records_start
from tests.safety_helpers import add_branch, add_member


def _sitting(db, branch: int, kind: str, day: date, period: str, topic: str) -> None:  # type: ignore[no-untyped-def]
    saved = save_meeting(db, MeetingInput(branch_id=branch, kinds=(kind,), date=day, topic=topic, host="党员0",
                                          recorder="党员1", content=topic, period=period))
    finalise_meeting(db, saved.record.id)


def _periods(db, year: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    table = sitting_register_table(gather_report(db, year, generated_on=date(2026, 12, 4)))
    titles = [c.title for c in table.columns]
    return {str(row[titles.index("会议主题")]): str(row[titles.index("所属期间")]) for row in table.rows}


def test_the_past_years_january_life_meeting_is_not_called_made_up(db) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db, "第三党支部")
    for index in range(5):
        add_member(db, branch, index)
    set_records_start(db, date(2025, 1, 1))
    _sitting(db, branch, "组织生活会", date(2026, 1, 15), "2025", "2025年度组织生活会")
    _sitting(db, branch, "支部党员大会", date(2025, 5, 6), "2025-04", "4月支部党员大会")
    periods = _periods(db, 2025)
    assert periods["2025年度组织生活会"] == "2025年度"
    assert periods["4月支部党员大会"] == "2025年4月（补开）"  # a missed month held late is still 补开
