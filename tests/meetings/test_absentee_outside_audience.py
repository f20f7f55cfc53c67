"""Re-trial 12, N-7: a 支委会 row naming as absent a member who IS on the branch's roster but not on the
支部委员会 was told "缺席人员郑洁不在当日的花名册中", as if she were not a member. What is wrong is said:
she is not a 支部委员 that day (a 党小组会: not of that 党小组); a name on no roster still reads as before."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from branchdesk.services.meetings.excel import import_meetings
from tests.meetings.helpers import BRANCH, make_branch

HEAD = ["序号", "日期", "会议类型", "党小组", "会议主题", "应到", "实到", "缺席人员", "主要内容", "所在党支部"]


def _ledger(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "4月"
    sheet.append(["2026年三会一课记录"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEAD))
    sheet.append(HEAD)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_an_absent_member_not_on_the_committee_is_said_to_be_no_committee_member(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)  # 支部委员会: 王书记, 李组织, 张宣传; 赵一 is a member, on no post
    path = _ledger(tmp_path / "三会一课.xlsx", [
        [1, "2026.4.3", "支委会", None, "研究4月工作", 3, 2, "赵一（病假）", "研究工作。", BRANCH],
        [2, "2026.4.10", "党小组会", "语文党小组", "学习", 5, 4, "赵一", "学习。", BRANCH],  # 赵一: 数学党小组
        [3, "2026.4.17", "支委会", None, "研究工作", 3, 2, "郑洁", "研究工作。", BRANCH],  # on no roster
    ])
    report = import_meetings(db, path, dry_run=True)
    assert report.ok, report.to_text()
    said = {int(w.split("第 ", 1)[1].split(" 行", 1)[0]): w for w in report.warnings if "第 " in w and "缺席人员" in w}
    assert "缺席人员赵一不是当日的支部委员" in said[3], said
    assert "缺席人员赵一当日不在语文党小组" in said[4], said
    assert "花名册" not in said[3] + said[4], said
    assert "缺席人员郑洁不在当日的花名册中" in said[5], said


def test_an_expected_count_not_the_audiences_is_compared_with_the_audience(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """应到 that is not the audience's size: a 支委会's 应到 is compared with the 支部委员会, a 党小组会's with
    the 党小组 — and said so, not "与当日花名册的 3 人不符" beside a branch of 9 (review13-1 R1-3)."""
    make_branch(db)  # 支部委员会: 3; 语文党小组: the group's members that day; the branch: 9
    path = _ledger(tmp_path / "三会一课.xlsx", [
        [1, "2026.4.3", "支委会", None, "研究4月工作", 5, 5, None, "研究工作。", BRANCH],
        [2, "2026.4.10", "党小组会", "语文党小组", "学习", 12, 12, None, "学习。", BRANCH],
        [3, "2026.4.24", "支部党员大会", None, "学习", 12, 12, None, "学习。", BRANCH],
    ])
    report = import_meetings(db, path, dry_run=True)
    assert report.ok, report.to_text()
    said = {int(w.split("第 ", 1)[1].split(" 行", 1)[0]): w for w in report.warnings if "第 " in w and "应到" in w}
    assert "应到 5 人，与当日支部委员会的 3 人不符" in said[3], said
    assert "应到 12 人，与当日语文党小组的" in said[4] and "花名册" not in said[4], said
    assert "应到 12 人，与当日花名册的 9 人不符" in said[5], said
