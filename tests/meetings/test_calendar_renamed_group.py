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


def _two_sittings(db, tmp_path: Path):  # type: ignore[no-untyped-def]
    made = make_branch(db)
    rename_org(db, made.group_ids["语文党小组"], "文科组", date(2026, 9, 1))
    ledger = make_workbook(tmp_path / "2026.xlsx", HEADERS, [
        [1, "2026.4.20", "党小组会", BRANCH, "语文党小组", "学习党章", "张宣传", "钱二", 5, 5, "学习讨论"],
        [2, "2026.10.20", "党小组会", BRANCH, "文科组", "学习条例", "张宣传", "钱二", 5, 5, "学习讨论"],
        [3, "2026.10.21", "党小组会", BRANCH, "数学党小组", "学习条例", "李组织", "孙三", 4, 4, "学习讨论"]],
        title_rows=["2026年三会一课台账"])
    assert import_meetings(db, ledger).ok
    return made


def test_the_meeting_list_names_a_sittings_group_as_it_was_that_day(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.meetings.calendar import list_exemptions
    from branchdesk.services.meetings.records import get_meeting, list_meetings

    made = _two_sittings(db, tmp_path)
    listed = {m.date: m for m in list_meetings(db, year=2026)}
    assert listed[date(2026, 4, 20)].group == "语文党小组" and listed[date(2026, 10, 20)].group == "文科组"
    assert listed[date(2026, 4, 20)].group_names == ("语文党小组", "文科组")
    assert get_meeting(db, listed[date(2026, 4, 20)].id).group == "语文党小组"  # its record and its PDF
    save_exemption(db, made.id, K.GROUP, "2025-02", "寒假", group="语文党小组")
    assert [e.group for e in list_exemptions(db, branch_id=made.id)] == ["语文党小组"]  # as 2025's findings name it


def test_the_meeting_search_finds_a_group_by_either_name(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.context import AppContext
    from branchdesk.ui.meetings.meetings_page import MeetingsPage
    from tests.ui_typing import type_text

    _two_sittings(db, tmp_path)
    page = MeetingsPage(AppContext(db))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 3, timeout=3000)
    for name in ("语文党小组", "文科组"):
        page.search.clear()
        page.search.setFocus()
        type_text(page.search, name)
        qtbot.waitUntil(lambda: page.proxy.rowCount() == 2, timeout=3000)  # the search waits for typing to pause
        days = sorted(page.proxy.record_at(r).date for r in range(page.proxy.rowCount()))
        assert days == [date(2026, 4, 20), date(2026, 10, 20)], name
