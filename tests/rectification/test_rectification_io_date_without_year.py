"""A 整改台账 workbook whose dates of things done are written without the year ("12月28日", as a 会议记录本 writes
them) is refused row by row, as before TY-7: a file has no record's year to read them in, and no year is guessed
(the forms take such a date only because the person typing it knows the record it belongs to). A 完成时限 is a
day to come and is read without its year (test_rectification_io_deadline_without_year.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from branchdesk.domain.rectification.editing import LedgerInput
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification.excel import import_rectification

TITLE = "2026年巡察反馈问题整改台账"
HEADER = ["序号", "问题来源", "问题类别", "问题描述", "整改措施", "责任人", "完成时限", "整改进展", "整改状态",
          "完成日期", "销号日期", "销号审核人", "佐证材料"]


def test_dates_without_their_year_are_refused_with_the_row_named(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ledger = rect.create_ledger(db, LedgerInput(TITLE, "巡察反馈", None, date(2026, 9, 1), None))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([1, "巡察反馈", "思想建设方面", "理论学习不深入", "制定学习计划", "王伟", "2026-12-31",
               "", "已销号", "12月20日", "12月28日", "纪检委员", "学习计划"])
    ws.append([None, None, None, None, "每月集中学习一次", "王伟", "12月31日", "", "整改中", None, None, None, None])
    path = tmp_path / "无年份.xlsx"
    wb.save(path)
    report = import_rectification(db, path, ledger=TITLE)
    assert not report.ok
    # row 3's 完成时限 "12月31日" is a deadline: read as 2026-12-31 (the first after the ledger's 收到日期)
    assert [(p.row, p.column) for p in report.problems] == [(2, "完成日期"), (2, "销号日期")]
    assert all("没有写年份" in p.message for p in report.problems), report.to_text()
    assert "第 2 行，销号日期（K 列）：“12月28日”没有写年份" in report.to_text()
    assert rect.list_measures(db, ledger.id) == []  # all or nothing


def test_a_progress_line_dated_without_its_year_is_kept_whole_and_undated(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ledger = rect.create_ledger(db, LedgerInput(TITLE, "巡察反馈", None, date(2026, 9, 1), None))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([1, "巡察反馈", "思想建设方面", "理论学习不深入", "制定学习计划", "王伟", "2026-12-31",
               "12月28日 召开专题学习会", "整改中", None, None, None, None])
    path = tmp_path / "进展.xlsx"
    wb.save(path)
    report = import_rectification(db, path, ledger=TITLE)
    assert report.ok, report.to_text()
    [measure] = rect.list_measures(db, ledger.id)
    assert "12月28日 召开专题学习会" in measure.progress_text
