"""The regulation calendar of a year names a 党小组 renamed since by its name of that year (trial TY-5:
the re-made 2026 volume printed the 2027 name), and a reason filed on such a finding finds its group."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.domain.findings import Finding
from branchdesk.domain.meetings.records import MeetingKind as K
from branchdesk.services.meetings.calendar import save_exemption
from branchdesk.services.meetings.checks import meeting_findings
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.roster.organisation import rename_org
from tests.meetings.helpers import BRANCH, make_branch
from tests.xlsx_factory import make_workbook

HEADERS = ["序号", "会议日期", "会议类型", "党支部", "党小组", "会议主题", "主持人", "记录人", "应到人数", "实到人数",
           "会议内容"]


def _group_gaps(db, year: int, as_of: date) -> dict[str, list[Finding]]:  # type: ignore[no-untyped-def]
    found: dict[str, list[Finding]] = {}
    for f in meeting_findings(db, year=year, as_of=as_of, branch=BRANCH):
        if f.rule == "MTG-MONTHLY-GROUP":
            found.setdefault(f.group or "", []).append(f)
    return found


def test_a_year_before_the_rename_keeps_the_old_name_and_its_sittings(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    rename_org(db, made.group_ids["语文党小组"], "高一语文党小组", date(2026, 9, 1))
    ledger = make_workbook(tmp_path / "2025.xlsx", HEADERS, [
        [1, "2025.3.10", "党小组会", BRANCH, "语文党小组", "学习党章", "张宣传", "钱二", 5, 5, "学习讨论"],
        [2, "2025年4月8日", "党小组会", BRANCH, "语文党小组", "学习条例", "张宣传", "钱二", 5, 5, "学习讨论"]],
        title_rows=["2025年三会一课台账"])
    assert import_meetings(db, ledger).ok
    gaps = _group_gaps(db, 2025, date(2026, 2, 1))
    assert set(gaps) == {"语文党小组", "数学党小组"}
    chinese = {f.period for f in gaps["语文党小组"]}
    assert "2025-03" not in chinese and "2025-04" not in chinese and "2025-05" in chinese  # its sittings count
    assert len(gaps["数学党小组"]) == 12
    later = _group_gaps(db, 2026, date(2026, 12, 1))
    assert set(later) == {"高一语文党小组", "数学党小组"}
    saved = save_exemption(db, made.id, K.GROUP, "2025-02", "寒假", group="语文党小组")
    assert saved.group_id == made.group_ids["语文党小组"]
    [reasoned] = [f for f in _group_gaps(db, 2025, date(2026, 2, 1))["语文党小组"] if f.period == "2025-02"]
    assert reasoned.message.endswith("已说明情况：寒假")
