"""T10-14 (T9-29 was the ledger's form of it): a 谈心谈话 saved in the window with its sign-in sheet empty
says nothing of who talked. The check says coverage "无法核对" (MTG-YEARLY-TALKS, domain.md §2); the
volume said 已覆盖 0 / 应覆盖 N, 覆盖率 0%. Both must say it cannot be known."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from branchdesk.domain.annual_report.tables import life_review_table
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services.annual_report.records import gather_report, generate_report
from branchdesk.services.meetings.checks import meeting_findings
from branchdesk.services.meetings.records import finalise_meeting, save_meeting
from branchdesk.services.records_start import set_records_start
from tests.safety_helpers import add_branch, add_member

DAY = date(2026, 12, 4)


def _talk_without_names(db) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db, "第三党支部")
    for index in range(6):
        add_member(db, branch, index, name=f"党员{index}")
    set_records_start(db, date(2026, 1, 1))
    saved = save_meeting(db, MeetingInput(branch_id=branch, kinds=("谈心谈话",), date=date(2026, 6, 10),
                                          topic="书记与组织委员谈心谈话", host="党员0", recorder="党员1",
                                          content="谈思想、谈工作"))
    finalise_meeting(db, saved.record.id)


def test_a_talk_without_its_two_sides_leaves_the_volume_coverage_unknown(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _talk_without_names(db)
    [talks] = [f for f in meeting_findings(db, year=2026, as_of=DAY) if f.rule == "MTG-YEARLY-TALKS"]
    assert "无法核对" in talks.message
    data = gather_report(db, 2026, generated_on=DAY)
    [row] = data.meetings.life_review
    assert row.talks_required > 0 and row.talks_done is None and row.talk_coverage is None
    table = life_review_table(data)
    cells = dict(zip([c.title for c in table.columns], table.rows[0], strict=True))
    assert cells["谈心谈话已覆盖（项）"] == "无法判断" and cells["谈心谈话覆盖率"] == "无法判断"
    assert cells["应覆盖（项）"] == row.talks_required
    assert "没有写明谈话双方" in table.note
    out = tmp_path / "台账.xlsx"
    generate_report(db, 2026, "xlsx", out, generated_on=DAY)
    rows = [r for r in openpyxl.load_workbook(out)["组织生活会与民主评议"].iter_rows(values_only=True)
            if r[0] == "第三党支部"]
    assert rows[0][-3] == "无法判断" and rows[0][-1] == "无法判断"


def test_no_talk_recorded_is_not_logged_never_zero_per_cent(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """TR-4: no 谈心谈话 recorded at all — the volume printed "已覆盖 0 项、覆盖率 0%"; it says 未登记 (not "none held")."""
    branch = add_branch(db, "第一党支部")
    for index in range(4):
        add_member(db, branch, index, name=f"党员{index}")
    set_records_start(db, date(2026, 1, 1))
    [talks] = [f for f in meeting_findings(db, year=2026, as_of=DAY) if f.rule == "MTG-YEARLY-TALKS"]
    assert "未登记任何谈心谈话" in talks.message
    data = gather_report(db, 2026, generated_on=DAY)
    [row] = data.meetings.life_review
    assert row.talks_required == 4 and not row.talks_logged and row.talk_coverage is None
    table = life_review_table(data)
    cells = dict(zip([c.title for c in table.columns], table.rows[0], strict=True))
    assert cells["谈心谈话已覆盖（项）"] == "未登记" and cells["谈心谈话覆盖率"] == "未登记"
    assert cells["应覆盖（项）"] == 4
    assert "不表示没有开展" in table.note
    out = tmp_path / "台账.xlsx"
    generate_report(db, 2026, "xlsx", out, generated_on=DAY)
    rows = [r for r in openpyxl.load_workbook(out)["组织生活会与民主评议"].iter_rows(values_only=True)
            if r[0] == "第一党支部"]
    assert rows[0][-3] == "未登记" and rows[0][-1] == "未登记"
