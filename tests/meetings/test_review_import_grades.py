"""A 民主评议党员 imported from the meetings ledger carries no grades — the ledger has no column for them
(trial V, TV-4): the import says so and where they are entered, and the year-end volume shows them
"未录入" (tests/annual_report/test_review_grades.py), never 0."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.records_start import set_records_start
from tests.safety_helpers import add_branch, add_member
from tests.xlsx_factory import make_workbook


def test_an_imported_review_says_its_grades_are_entered_in_the_window(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db, "第一党支部")
    for index in range(9):
        add_member(db, branch, index, name=f"党员{index}")
    set_records_start(db, date(2026, 1, 1))
    ledger = make_workbook(tmp_path / "三会一课.xlsx", [
        "序号", "日期", "会议类型", "所在党支部", "主题", "主持人", "记录人", "应到人数", "实到人数", "主要内容"], [
        [1, "2026.12.2", "组织生活会、民主评议党员", "第一党支部", "2026年度组织生活会和民主评议党员", "党员0", "党员1",
         9, 9, "对照检查，民主评议"],
        [2, "2026.12.8", "支部党员大会", "第一党支部", "学习", "党员0", "党员1", 9, 9, "学习"]])
    report = import_meetings(db, ledger)
    assert report.ok, report.to_text()
    text = report.to_text()
    assert "第 2 行的民主评议党员没有评议结果（会议台账不含评议等次）" in text
    assert "在“评议结果”中逐人录入等次" in text and "第 3 行的民主评议" not in text
    row = next(r for r in gather_report(db, 2026, generated_on=date(2026, 12, 20)).meetings.life_review
               if r.branch == "第一党支部")
    assert row.review_held == 1 and row.ungraded == [date(2026, 12, 2)] and row.grades_unknown
