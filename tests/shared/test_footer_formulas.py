"""Re-trial 12, N-3: a 合计 row under a register (学时 "=SUM(D3:D5)" saved by a program that keeps no
result) is a footer the import does not read; it is named once ("第 6 行“合计”视为表尾，未导入"), never
with "是公式……请在 Excel 或 WPS 中打开并保存后再导入" for a row that is not imported. A formula without its
result in a row that IS read is still said (its value would otherwise be lost without a word)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.study_hours.excel import import_study_records
from tests.meetings.helpers import BRANCH, make_branch


def _sheet(path: Path, title: str, header: list[str], rows: list[list[object]]) -> Path:
    workbook = Workbook()  # openpyxl saves a formula without its result, as some programs do
    sheet = workbook.active
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _formula_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "是公式" in line]


def test_the_study_registers_total_row_is_a_footer_not_a_formula_to_resave(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    path = _sheet(tmp_path / "学习培训登记表.xlsx", f"{BRANCH}2026年党员学习培训登记表",
                  ["所在党支部", "姓名", "学习日期", "学时", "学习形式", "学习内容"], [
                      [BRANCH, "王书记", "2026.8.20", 4, "网络培训", "党纪学习教育专题网络培训"],
                      [BRANCH, "赵一", "2026年9月3日", 2, "集中轮训", "专题辅导"],
                      [BRANCH, "钱二", "2026-10-09", 3, "党校培训", "党校专题培训"],
                      ["合计", None, None, "=SUM(D3:D5)", None, None],
                      ["制表人：赵老师", None, None, None, None, None],
                  ])
    report = import_study_records(db, path, today=date(2026, 12, 5))
    text = report.to_text()
    assert report.ok and report.created == 3, text
    assert _formula_lines(text) == [], text
    assert text.count("合计") == 1 and "第 6 行“合计”" in text and "未导入" in text, text


def test_a_formula_in_a_row_that_is_read_is_still_said(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    path = _sheet(tmp_path / "学习培训登记表.xlsx", f"{BRANCH}2026年党员学习培训登记表",
                  ["所在党支部", "姓名", "学习日期", "学时", "学习形式", "学习内容"], [
                      [BRANCH, "王书记", "2026.8.20", "=2*2", "网络培训", "党纪学习教育专题网络培训"],
                      ["合计", None, None, "=SUM(D3:D3)", None, None],
                  ])
    text = import_study_records(db, path, dry_run=True, today=date(2026, 12, 5)).to_text()
    assert [line for line in _formula_lines(text) if "第 3 行" in line], text
    assert not [line for line in _formula_lines(text) if "第 4 行" in line], text


def test_the_meetings_ledgers_total_row_is_a_footer_too(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    path = _sheet(tmp_path / "三会一课.xlsx", "2026年三会一课记录",
                  ["序号", "日期", "会议类型", "会议主题", "应到", "实到", "主要内容", "所在党支部"], [
                      [1, "2026.3.10", "支部党员大会", "学习贯彻全会精神", 9, 9, "传达学习。", BRANCH],
                      [2, "2026.4.14", "支部党员大会", "专题学习", 9, 9, "专题学习。", BRANCH],
                      ["合计", None, None, None, "=SUM(E3:E4)", "=SUM(F3:F4)", None, None],
                  ])
    text = import_meetings(db, path, dry_run=True).to_text()
    assert _formula_lines(text) == [], text
    assert text.count("合计") == 1, text
