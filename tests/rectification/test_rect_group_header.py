"""A rectification ledger whose header groups its measure columns (trial L, TL-8): "整改措施" merged over
two sub-columns "序号 | 具体措施" stored every measure's text as its number ("1", "2"). Under a group
title the sub-header names the column: the sub-column numbering the measures is their 措施序号 and the
one holding the text is the 整改措施 (README "a name … standing under a group title"; domain.md §6)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from branchdesk.domain.rectification.editing import LedgerInput
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification.excel import import_rectification

TITLE = "2025年度组织生活会查摆问题整改台账"
MEASURES = [("理论学习不够系统", ["制定年度学习计划", "每月开展一次专题研讨"]),
            ("三会一课记录不够规范", ["统一记录本格式", "支委会每月检查记录"]),
            ("联系青年教师不够", ["开展青蓝结对"])]


def teacher_ledger(path: Path, subs: tuple[str, str], *, text_first: bool = False) -> Path:
    """Her 整改台账: a title row, a two-row header with "整改措施" over two sub-columns and "整改情况"
    over 进展 | 状态 | 销号时间, the other names merged down over both rows, problems merged down."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "整改台账"
    ws.append([f"宁远县第三中学第二党支部{TITLE}"])
    ws.merge_cells("A1:L1")
    ws.append(["序号", "问题类别", "存在问题", "整改措施", None, "责任人", "完成时限", "整改情况", None, None,
               "佐证材料", "备注"])
    ws.append([None, None, None, *subs, None, None, "进展", "状态", "销号时间", None, None])
    for col in "ABCFGKL":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("D2:E2")
    ws.merge_cells("H2:J2")
    row = 4
    for number, (problem, texts) in enumerate(MEASURES, 1):
        start = row
        for index, text in enumerate(texts, 1):
            pair = [text, index] if text_first else [index, text]
            ws.append([number, "理论学习", problem, *pair, "赵敏", "2026年6月底", "2026-04-10 已落实", "整改中", None,
                       None, None])
            row += 1
        if row - 1 > start:
            for col in "ABC":
                ws.merge_cells(f"{col}{start}:{col}{row - 1}")
    wb.save(path)
    return path


@pytest.fixture
def ledger(db):  # type: ignore[no-untyped-def]
    return rect.create_ledger(db, LedgerInput(TITLE, "组织生活会查摆", None, date(2025, 3, 1), date(2026, 12, 31)))


@pytest.mark.parametrize(("subs", "text_first"), [
    (("序号", "具体措施"), False),  # her ledger
    (("具体措施", "序号"), True),  # the text first
    (("编号", "内容"), False),  # a word no column knows under the group title: the group names it
])
def test_measure_text_under_a_group_title(db, ledger, tmp_path: Path, subs: tuple[str, str],  # type: ignore[no-untyped-def]
                                          text_first: bool) -> None:
    path = teacher_ledger(tmp_path / "整改台账2026.xlsx", subs, text_first=text_first)
    report = import_rectification(db, path, ledger=TITLE)
    assert report.ok, report.to_text()
    assert report.created == 5
    measures = rect.list_measures(db, ledger.id)
    assert [m.text for m in measures] == [t for _p, texts in MEASURES for t in texts]
    assert [(m.problem_number, m.number) for m in measures] == [("1", "1"), ("1", "2"), ("2", "1"), ("2", "2"),
                                                                 ("3", "1")]
    assert [p.description for p in rect.list_problems(db, ledger.id)] == [p for p, _t in MEASURES]
    assert all(m.progress and m.progress[0].text == "已落实" for m in measures)  # 进展 under 整改情况
    assert not report.warnings, report.to_text()  # no sub-header and no group title said to be left out
    assert "未读取的列（不是本表导入的项目）：备注（L 列）" in report.notes
