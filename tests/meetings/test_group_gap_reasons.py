"""A reason for a missed 党小组会 belongs to the 党小组 it was typed for (T10-18; MTG-MONTHLY-GROUP,
支部条例 第十三条: each 党小组 meets monthly). It was kept per (branch, kind, period), so a reason typed
for 语文党小组's February explained 数学党小组's February as well, and the year-end volume printed it
for both. Now a reason names its group; one with no group (every reason kept before) stays the whole
branch's and says so where it explains a 党小组's gap."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.meetings.records import MeetingKind as K
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.errors import NotFound, RuleViolation
from branchdesk.services.meetings.calendar import delete_exemption, list_exemptions, save_exemption
from branchdesk.services.meetings.checks import meeting_findings
from tests.meetings.helpers import BRANCH, make_branch

AS_OF = date(2026, 2, 1)


def _group_gaps(db, period: str = "2025-02") -> dict[str, Finding]:  # type: ignore[no-untyped-def]
    found = [f for f in meeting_findings(db, year=2025, as_of=AS_OF, branch=BRANCH)
             if f.rule == "MTG-MONTHLY-GROUP" and f.period == period]
    return {f.group or "": f for f in found}


def test_a_reason_for_one_group_leaves_the_other_groups_gap_a_problem(db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)  # no meeting at all in 2025
    saved = save_exemption(db, branch.id, K.GROUP, "2025-02", "寒假期间语文组党员分散，3月开学后补开", group="语文党小组")
    assert (saved.group, saved.group_id) == ("语文党小组", branch.group_ids["语文党小组"])
    gaps = _group_gaps(db)
    assert set(gaps) == {"语文党小组", "数学党小组"}
    assert gaps["语文党小组"].severity is Severity.INFO
    assert gaps["语文党小组"].message.endswith("已说明情况：寒假期间语文组党员分散，3月开学后补开")
    assert gaps["数学党小组"].severity is Severity.ERROR and "已说明" not in gaps["数学党小组"].message
    assert _group_gaps(db, "2025-03")["语文党小组"].severity is Severity.ERROR  # its month only
    [record] = list_exemptions(db, branch_id=branch.id)
    assert (record.group, record.kind, record.period) == ("语文党小组", K.GROUP, "2025-02")


def test_two_groups_reasons_in_one_month_are_two_and_withdrawing_one_keeps_the_other(db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    chinese = save_exemption(db, branch.id, K.GROUP, "2025-02", "寒假", group="语文党小组")
    save_exemption(db, branch.id, K.GROUP, "2025-02", "与支部党员大会合并召开", group="数学党小组")
    gaps = _group_gaps(db)
    assert gaps["语文党小组"].message.endswith("已说明情况：寒假")
    assert gaps["数学党小组"].message.endswith("已说明情况：与支部党员大会合并召开")
    delete_exemption(db, chinese.id)
    gaps = _group_gaps(db)
    assert gaps["语文党小组"].severity is Severity.ERROR
    assert gaps["数学党小组"].severity is Severity.INFO


def test_a_reason_without_a_group_stays_the_whole_branchs_and_says_so(db) -> None:  # type: ignore[no-untyped-def]
    """A reason kept before reasons had a group (or filed for the branch): every 党小组's gap of the
    month is explained, and the finding says the reason is the whole branch's."""
    branch = make_branch(db)
    save_exemption(db, branch.id, K.GROUP, "2025-02", "寒假")
    gaps = _group_gaps(db)
    from branchdesk.domain.finding_text import Category, category

    for group in ("语文党小组", "数学党小组"):
        assert gaps[group].severity is Severity.INFO
        assert gaps[group].message.endswith("已说明情况（全支部的说明，适用于各党小组）：寒假")
        assert category(gaps[group], AS_OF) == Category.NOTED  # 首页: 已说明
    # a group's own reason comes before the branch's
    save_exemption(db, branch.id, K.GROUP, "2025-02", "语文组教研活动顺延", group="语文党小组")
    gaps = _group_gaps(db)
    assert gaps["语文党小组"].message.endswith("已说明情况：语文组教研活动顺延")
    assert gaps["数学党小组"].message.endswith("已说明情况（全支部的说明，适用于各党小组）：寒假")


def test_a_branch_sittings_reason_names_no_group_and_an_unknown_group_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    with pytest.raises(RuleViolation, match="全支部的会议"):
        save_exemption(db, branch.id, K.THEME_DAY, "2025-02", "寒假", group="语文党小组")
    with pytest.raises(NotFound, match="没有名为“英语党小组”的党小组"):
        save_exemption(db, branch.id, K.GROUP, "2025-02", "寒假", group="英语党小组")
    assert list_exemptions(db) == []
    save_exemption(db, branch.id, K.THEME_DAY, "2025-02", "寒假")
    theme = [f for f in meeting_findings(db, year=2025, as_of=AS_OF, branch=BRANCH)
             if f.meeting_type == K.THEME_DAY and f.period == "2025-02" and f.rule == "MTG-MONTHLY-THEME-DAY"]
    assert [(f.severity, f.group) for f in theme] == [(Severity.INFO, None)]


def test_the_volume_prints_a_groups_reason_for_that_group_only(db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    save_exemption(db, branch.id, K.GROUP, "2025-02", "寒假期间语文组党员分散", group="语文党小组")
    save_exemption(db, branch.id, K.GROUP, "2025-03", "全支部参加区教研")
    data = gather_report(db, 2025, generated_on=AS_OF)
    rows = {(g.target, g.period): (g.state, g.annotation) for g in data.meetings.gaps
            if g.branch == BRANCH and g.kind == K.GROUP}
    assert rows[("语文党小组", "2025年2月")] == ("已说明", "寒假期间语文组党员分散")
    assert rows[("数学党小组", "2025年2月")] == ("未完成", "")
    assert rows[("数学党小组", "2025年3月")] == ("已说明", "（全支部的说明，适用于各党小组）全支部参加区教研")
    from branchdesk.domain.annual_report.tables import gaps_table

    printed = {(r[3], r[2]): r[7] for r in gaps_table(data).rows if r[0] == BRANCH and r[1] == K.GROUP}
    assert printed[("数学党小组", "2025年2月")] == "（支部未填写情况说明）"
    [row] = [r for r in data.meetings.rows if r.branch == BRANCH and r.kind == K.GROUP]
    assert row.explained == 3  # 语文 February, both groups' March


def test_an_older_database_keeps_its_reasons_as_the_whole_branchs(db_path: Path) -> None:
    """A database of the version before: its exemption row has no group column; upgraded (after the
    backup every migration takes), the row is kept and still explains every 党小组's gap."""
    from branchdesk.db.migrate import downgrade, open_database

    database = open_database(db_path)
    branch = make_branch(database)
    downgrade(database, "0163@-1")
    database.close()
    connection = sqlite3.connect(db_path)
    assert "group_id" not in {row[1] for row in connection.execute("PRAGMA table_info(meeting_exemptions)")}
    connection.execute("INSERT INTO meeting_exemptions (branch_id, kind, period, reason, created_at, updated_at, gid) "
                       "VALUES (?, '党小组会', '2025-02', '寒假，3月补开', '2026-01-05 10:00:00', "
                       "'2026-01-05 10:00:00', '0123456789abcdef0123456789abcdef')", (branch.id,))
    connection.commit()
    connection.close()
    database = open_database(db_path)
    try:
        [record] = list_exemptions(database)
        assert (record.reason, record.group_id, record.group) == ("寒假，3月补开", None, "")
        gaps = _group_gaps(database)
        assert {g: f.severity for g, f in gaps.items()} == {"语文党小组": Severity.INFO, "数学党小组": Severity.INFO}
        assert "全支部的说明" in gaps["数学党小组"].message
    finally:
        database.close()


def test_the_recycle_bin_names_the_gap_and_the_group_of_a_withdrawn_reason(db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.recycle_bin import list_deleted, restore

    branch = make_branch(db)
    chinese = save_exemption(db, branch.id, K.GROUP, "2025-02", "寒假", group="语文党小组")
    whole = save_exemption(db, branch.id, K.GROUP, "2025-03", "全支部参加区教研")
    delete_exemption(db, chinese.id)
    delete_exemption(db, whole.id)
    binned = sorted((i.kind, i.label) for i in list_deleted(db) if i.table == "meeting_exemptions")
    assert binned == [("会议缺漏说明", "2025-02 党小组会（语文党小组）：寒假"), ("会议缺漏说明", "2025-03 党小组会：全支部参加区教研")]
    restore(db, "meeting_exemptions", chinese.id)
    assert [(e.group, e.period) for e in list_exemptions(db)] == [("语文党小组", "2025-02")]
    assert _group_gaps(db)["语文党小组"].severity is Severity.INFO


def test_a_branch_whose_groups_meet_quarterly_files_a_groups_reason_on_the_quarter(db) -> None:  # type: ignore[no-untyped-def]
    """A branch set to 党小组会 每季度 (a 离退休党支部, with the 党委's consent) is judged by quarter, so
    its gap is "2025-Q1": the reason is filed on that quarter (it was refused as 按月检查)."""
    from branchdesk.services.rule_settings import BranchSettings, save_branch_settings

    branch = make_branch(db)
    save_branch_settings(db, branch.id, BranchSettings(group_meeting_months=3))
    gaps = _group_gaps(db, "2025-Q1")
    assert gaps["语文党小组"].severity is Severity.ERROR
    save_exemption(db, branch.id, K.GROUP, "2025-Q1", "一季度寒假，4月补开", group="语文党小组")
    gaps = _group_gaps(db, "2025-Q1")
    assert gaps["语文党小组"].message.endswith("已说明情况：一季度寒假，4月补开")
    assert gaps["数学党小组"].severity is Severity.ERROR
    with pytest.raises(RuleViolation, match="党小组会按季度检查，期间应写成 2025-Q3 的形式"):
        save_exemption(db, branch.id, K.GROUP, "2025-02", "寒假", group="语文党小组")
