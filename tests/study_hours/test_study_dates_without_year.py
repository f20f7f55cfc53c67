"""A 学习培训登记表 whose title gives the year ("宁远县第三中学第二党支部2026年党员学习培训登记表") and whose dates
are written without it ("8月20日", "9.3"), as the 三会一课 ledger's are read since trial L (TL-5): the dates
are read in that year and the report names the rows so she can check; a register whose title names no
year, or two, still refuses them, naming the cell (re-trial 12, N-2)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from branchdesk.services.study_hours.excel import import_study_records
from branchdesk.services.study_hours.records import list_study_records
from tests.meetings.helpers import BRANCH, make_branch

HEAD = ["所在党支部", "姓名", "学习日期", "学时", "学习形式", "学习内容"]


def _register(path: Path, title: str) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEAD))
    sheet.append(HEAD)
    sheet.append([BRANCH, "王书记", "8月20日", 4, "网络培训", "党纪学习教育专题网络培训"])
    sheet.append([BRANCH, "赵一", "九月三日", 2, "集中轮训", "专题辅导"])
    sheet.append([BRANCH, "赵一", "2026年10月9日", 3, "党校培训", "党校专题培训"])
    workbook.save(path)
    return path


def test_dates_without_their_year_are_read_in_the_year_of_the_title(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    path = _register(tmp_path / "学习培训登记表.xlsx", f"宁远县第三中学{BRANCH}2026年党员学习培训登记表")
    report = import_study_records(db, path, today=date(2026, 12, 5))
    assert report.ok and report.created == 3, report.to_text()
    assert any("2 个学习日期没有写年份" in w and "第 3、4 行" in w for w in report.warnings), report.warnings
    assert sorted((r.name, r.study_date) for r in list_study_records(db)) == [
        ("王书记", date(2026, 8, 20)), ("赵一", date(2026, 9, 3)), ("赵一", date(2026, 10, 9))]


def test_a_title_naming_no_single_year_still_asks_for_it(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    path = _register(tmp_path / "学习培训登记表.xlsx", f"{BRANCH}2025年至2026年党员学习培训登记表")
    report = import_study_records(db, path, today=date(2026, 12, 5))
    assert not report.ok and report.created == 0
    assert "学习日期" in report.to_text()
    assert list_study_records(db) == []
