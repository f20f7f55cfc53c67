"""整改台账 import: a 完成时限 written without its year ("12月25日", as a 台账 writes it) is a day to come and is read
as the form reads it (TK-11, ui.rectification.ledger_dialog.date_edit `coming`): the first such day after the
measures' own date — the day the ledger's problems were received (收到日期) when it is known, else the day of the
import. The preview shows the full date, and the report names the rows and how each was read. Before, every such
row was refused "没有写年份" and the whole file with it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from branchdesk.domain.rectification.editing import LedgerInput
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification.excel import import_rectification
from branchdesk.services.roster.organisation import create_org

TITLE = "2026年巡察反馈问题整改台账"
HEADER = ["序号", "问题来源", "问题类别", "问题描述", "整改措施", "责任人", "完成时限", "整改状态"]
TODAY = date(2026, 12, 5)


def _ledger(path: Path, deadlines: list[object]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(HEADER)
    ws.append([1, "巡察反馈", "思想建设方面", "理论学习不深入", "制定学习计划", "王伟", deadlines[0], "整改中"])
    ws.merge_cells("A3:A5")
    ws.merge_cells("D3:D5")
    for text, deadline in zip(["每月集中学习一次", "建立学习台账"], deadlines[1:], strict=True):
        ws.append([None, "巡察反馈", "思想建设方面", None, text, "王伟", deadline, "整改中"])
    wb.save(path)
    return path


def test_a_deadline_without_its_year_is_the_first_such_day_after_the_ledger_was_received(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ledger = rect.create_ledger(db, LedgerInput(TITLE, "巡察反馈", None, date(2026, 3, 10), None))
    path = _ledger(tmp_path / "整改台账.xlsx", ["6月30日", "十二月二十五日", "2027年1月15日"])
    report = import_rectification(db, path, ledger=TITLE, today=TODAY)
    assert report.ok and report.created == 3, report.to_text()
    assert [row.cells[3] for row in report.preview] == ["2026-06-30", "2026-12-25", "2027-01-15"]  # in full
    text = report.to_text()
    assert "第 3、4 行的完成时限没有写年份，按整改台账的收到日期（2026-03-10）起最近的这一天读取" in text, text
    assert "“6月30日”为 2026-06-30" in text and "“十二月二十五日”为 2026-12-25" in text, text
    assert sorted(m.deadline for m in rect.list_measures(db, ledger.id)) == [
        date(2026, 6, 30), date(2026, 12, 25), date(2027, 1, 15)]


def test_without_a_received_date_it_is_the_coming_day_from_the_import(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ledger = rect.create_ledger(db, LedgerInput(TITLE, "巡察反馈", None, None, None))
    path = _ledger(tmp_path / "整改台账.xlsx", ["12月25日", "3月31日", "长期坚持"])
    report = import_rectification(db, path, ledger=TITLE, today=TODAY)
    assert report.ok and report.created == 3, report.to_text()
    assert [row.cells[3] for row in report.preview] == ["2026-12-25", "2027-03-31", "长期坚持"]
    assert "按导入之日（2026-12-05）起最近的这一天读取" in report.to_text(), report.to_text()
    assert sorted((m.deadline or date.max) for m in rect.list_measures(db, ledger.id)) == [
        date(2026, 12, 25), date(2027, 3, 31), date.max]


def test_a_deadline_that_is_no_day_is_still_refused_with_its_row(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ledger = rect.create_ledger(db, LedgerInput(TITLE, "巡察反馈", None, date(2026, 3, 10), None))
    path = _ledger(tmp_path / "整改台账.xlsx", ["2月30日", "12月25日", "月底前"])
    report = import_rectification(db, path, ledger=TITLE, today=TODAY)
    assert not report.ok
    assert [(p.row, p.column) for p in report.problems] == [(3, "完成时限"), (5, "完成时限")], report.to_text()
    assert rect.list_measures(db, ledger.id) == []  # all or nothing


def test_a_past_years_ledger_imported_next_year_reads_its_deadlines_in_its_year(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Review rev1 F7/F10: a 2026 ledger with no 收到日期 imported in January 2027 read "12月25日" as 2027-12-25
    (from the import day), and "12月底" / "6月底前" — how deadlines are most often written — were refused. The
    ledger's year (its name, or the file's title row) is read: 2026-12-25, 2026-12-31, 2026-06-30."""
    create_org(db, "第一党支部", OrgKind.BRANCH)  # a new ledger needs a 党支部 (re-trial R2, N-1)
    path = _ledger(tmp_path / "整改台账.xlsx", ["12月25日", "12月底", "6月底前"])
    report = import_rectification(db, path, ledger=TITLE, today=date(2027, 1, 12))
    assert report.ok and report.created == 3, report.to_text()
    assert [row.cells[3] for row in report.preview] == ["2026-12-25", "2026-12-31", "2026-06-30"]
    assert "按台账的年份（2026年）起最近的这一天读取" in report.to_text(), report.to_text()
    assert "“12月底”为 2026-12-31" in report.to_text()
    # named otherwise, the file's title row says the year
    other = import_rectification(db, path, ledger="巡察整改台账", today=date(2027, 1, 12), dry_run=True)
    assert [row.cells[3] for row in other.preview] == ["2026-12-25", "2026-12-31", "2026-06-30"], other.to_text()


def test_a_month_end_without_its_year_reads_from_the_received_date(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ledger = rect.create_ledger(db, LedgerInput(TITLE, "巡察反馈", None, date(2026, 9, 10), None))
    path = _ledger(tmp_path / "整改台账.xlsx", ["十二月底", "6月末", "2026年6月底"])
    report = import_rectification(db, path, ledger=TITLE, today=TODAY)
    assert report.ok, report.to_text()
    assert [row.cells[3] for row in report.preview] == ["2026-12-31", "2027-06-30", "2026-06-30"]
    assert sorted(m.deadline for m in rect.list_measures(db, ledger.id) if m.deadline) == [
        date(2026, 6, 30), date(2026, 12, 31), date(2027, 6, 30)]


def test_a_deadline_just_passed_is_read_as_the_form_reads_it_overdue(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Review rev6 R6-4: with no 收到日期, the import read "11月30日" on 12-05 as 2027-11-30 — a measure already
    overdue shown as due in a year — while the form reads the same words as 2026-11-30 and says 逾期
    (domain/dates._coming, review rev4 item 9). "11月底" alike."""
    rect.create_ledger(db, LedgerInput(TITLE, "巡察反馈", None, None, None))
    path = _ledger(tmp_path / "整改台账.xlsx", ["11月30日", "11月底", "12月25日"])
    report = import_rectification(db, path, ledger=TITLE, today=TODAY)
    assert report.ok and report.created == 3, report.to_text()
    assert [row.cells[3] for row in report.preview] == ["2026-11-30", "2026-11-30", "2026-12-25"]  # failed before
    assert "刚过去不久的日子按今年读取（如“11月30日”），未完成即为逾期" in report.to_text(), report.to_text()
