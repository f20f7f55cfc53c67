"""T10-16 without the window: a sign-in sheet moved to another date (domain.meetings.sitting.resheet)
gains no 出席 nobody entered — a member the roster of the new day adds comes in 未登记, and a sheet with
him is not saved until he is marked — and a 三会一课台账 that corrects a meeting's date gives no member
of the new day's roster an attendance the ledger does not imply."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from branchdesk.domain.meetings.records import UNMARKED, Attendee
from branchdesk.domain.meetings.sitting import MeetingInput, resheet, validate_meeting
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.meetings.records import list_meetings
from tests.meetings.helpers import BRANCH, make_branch
from tests.meetings.test_meetings_io import write_ledger_file


def test_a_member_the_new_day_adds_is_unmarked_and_one_taken_off_comes_back_as_marked() -> None:
    sheet = [Attendee("王书记", "出席", 1, "正式党员"), Attendee("赵一", "请假", 2, "正式党员", "病假"),
             Attendee("王校长", "列席")]
    later = [Attendee("王书记", "出席", 1, "正式党员"), Attendee("赵一", "出席", 2, "正式党员"),
             Attendee("吴预备", "出席", 3, "预备党员")]
    moved = resheet(sheet, later)
    assert [(a.name, a.status) for a in moved.attendees] == [
        ("王书记", "出席"), ("赵一", "请假"), ("吴预备", UNMARKED), ("王校长", "列席")]
    assert moved.added == ["吴预备"] and moved.gone == [] and moved.restored == []
    errors, _warnings = validate_meeting(MeetingInput(branch_id=1, kinds=("支部党员大会",), date=date(2026, 1, 15),
                                                      attendees=moved.attendees))
    assert [e.message for e in errors] == ["“吴预备”的出席情况未登记，请标记出席、请假、缺席或不计入应到"]
    back = resheet(moved.attendees, later[:2])  # an earlier date again: 吴预备 taken off
    assert [a.name for a in back.gone] == ["吴预备"]
    marked = resheet(sheet, later[:1])  # 赵一 taken off as marked, then a date that has him again
    again = resheet(marked.attendees, later, marked.gone)
    assert {a.name: a.status for a in again.attendees}["赵一"] == "请假" and again.restored == ["赵一"]
    assert again.added == ["吴预备"]


def test_a_ledger_correcting_a_date_invents_no_attendance(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)  # 7 full members; 吴预备 and 郑预备 joined on 2026-01-10
    row = [1, datetime(2025, 12, 15), "支部党员大会", BRANCH, "", "学习全会精神", "王书记", "张宣传", 7, 6,
           "赵一（病假）", "传达学习全会精神。", "无", "党员活动室", "15:30"]
    assert import_meetings(db, write_ledger_file(tmp_path / "a.xlsx", [row])).ok
    row[1] = datetime(2026, 1, 15)  # the date corrected in the ledger: the roster of that day has 9
    report = import_meetings(db, write_ledger_file(tmp_path / "b.xlsx", [row]))
    assert report.ok, report.to_text()
    corrected = next(m for m in list_meetings(db) if m.date == date(2026, 1, 15))
    assert (corrected.expected, corrected.present) == (7, 6)  # as the ledger says: nobody added as 出席
    assert any("与当日花名册的 9 人不符" in w for w in report.warnings)
