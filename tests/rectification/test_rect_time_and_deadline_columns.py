"""A 整改台账 with both "完成时限" (the deadline) and "完成时间" (the day the measure was done), trial R TR-1:
"完成时间" was read as 完成时限, the real 完成时限 column dropped as "the same item", and every measure done
before its deadline showed its completion day as its deadline. 完成时间/完成日期/实际完成时间 are the
completion date; 完成时限/整改时限/时限 the deadline (domain.md RECT-CLOSE-OFF keeps the two apart)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from branchdesk.io.rectification_xlsx import read_ledger
from branchdesk.io.xlsx_reader import ReadNotice, send_notices_to
from tests.xlsx_factory import make_workbook

HEADERS = ["序号", "问题来源", "问题描述", "整改措施", "责任人", "完成时限", "整改状态", "完成时间", "销号时间",
           "销号审核人", "佐证材料"]


def _ledger(path: Path, headers: list[str]) -> Path:
    return make_workbook(path, headers, [
        [1, "组织生活会查摆", "理论学习不够深入", "制定年度学习计划", "王建华", "2026.3.31", "已完成", "2026.3.20", None,
         None, None],
        [2, "上级检查", "党费未按月公示", "每季度公示党费", "林秀珍", "2026.6.30", "整改中", None, None, None, None],
    ], title_rows=["第一党支部2026年问题整改台账"])


def test_both_columns_are_read_each_as_itself(tmp_path: Path) -> None:
    notices: list[ReadNotice] = []
    send_notices_to(notices.append)
    try:
        sheet = read_ledger(_ledger(tmp_path / "整改.xlsx", HEADERS), today=date(2026, 12, 5))
    finally:
        send_notices_to(None)
    done, going = sheet.rows
    assert (done.deadline, done.completion_date) == (date(2026, 3, 31), date(2026, 3, 20))
    assert (going.deadline, going.completion_date) == (date(2026, 6, 30), None)
    assert not done.errors and not going.errors
    assert sheet.columns["完成时限"] == "F" and sheet.columns["完成日期"] == "H"
    assert not any("同一项" in n.text for n in notices)


@pytest.mark.parametrize("written", ["完成时间", "实际完成时间", "完成日期"])
def test_a_completion_column_alone_is_never_the_deadline(tmp_path: Path, written: str) -> None:
    headers = [h for h in HEADERS if h != "完成时限"]
    headers[headers.index("完成时间")] = written
    path = make_workbook(tmp_path / "整改.xlsx", headers, [
        [1, "组织生活会查摆", "理论学习不够深入", "制定年度学习计划", "王建华", "已完成", "2026.3.20", None, None, None]])
    row, = read_ledger(path, today=date(2026, 12, 5)).rows
    assert row.completion_date == date(2026, 3, 20) and row.deadline is None
    assert [e.field for e in row.errors] == ["完成时限"]  # the deadline is asked for, not taken from the 完成时间


@pytest.mark.parametrize("written", ["完成时限", "整改时限", "时限", "整改期限"])
def test_a_deadline_column_is_the_deadline(tmp_path: Path, written: str) -> None:
    headers = [written if h == "完成时限" else h for h in HEADERS]
    row = read_ledger(_ledger(tmp_path / "整改.xlsx", headers), today=date(2026, 12, 5)).rows[0]
    assert row.deadline == date(2026, 3, 31)


def test_a_time_column_alone_says_how_it_was_read(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Review rev7 R7-3: a ledger whose only date column is "完成时间", holding its deadlines ("2026年12月底前"
    beside 整改中), was refused row by row "请填写完成时限" and "整改中，不应填写完成日期" with no word that the
    column had been read as the completion date; the report now names it and how to have it read as the deadline."""
    from branchdesk.domain.vocabulary import OrgKind
    from branchdesk.services.rectification.excel import import_rectification
    from branchdesk.services.roster.organisation import create_org

    create_org(db, "第一党支部", OrgKind.BRANCH)  # a ledger is imported once a 党支部 exists (re-trial N-1)
    path = make_workbook(tmp_path / "整改.xlsx", ["序号", "问题来源", "问题描述", "整改措施", "责任人", "完成时间",
                                                 "整改状态"], [
        [1, "上级检查", "党费未按月公示", "每季度公示党费", "林秀珍", "2026.12.31", "整改中"],
    ], title_rows=["第一党支部2026年问题整改台账"])
    report = import_rectification(db, path, ledger="2026年整改台账", today=date(2026, 12, 5), dry_run=True)
    text = report.to_text()
    assert not report.ok  # still refused: which date it is is the user's to say
    assert "F 列“完成时间”按实际完成日期读取（表中没有“完成时限”列）；如果这一列写的是整改期限，请把表头改为“完成时限”后重新导入" in text, text
