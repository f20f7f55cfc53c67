"""A two-sheet 党费 登记簿 (one sheet a year, as branches keep it): a 提示 names its row with its sheet
("工作表“2026”第 5 行：合计…不一致"), and the preview shows it on that row of that sheet — not on no row
(the preview's rows had no sheet, so the label did not match), nor on row 5 of the other sheet."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from branchdesk.services.dues.excel import import_dues
from branchdesk.ui.context import AppContext
from branchdesk.ui.import_dialog import ImportDialog
from tests.dues.dues_fixtures import BRANCH, make_dues_branch
from tests.dues.dues_sheets import wide_ledger
from tests.shared.test_preview_row_hints_ui import _choose

TOTAL_COLUMN = 19  # 序号 姓名 所在党支部 缴费基数 比例 月应交, twelve months, 合计


def _two_years(tmp_path: Path) -> Path:
    path = wide_ledger(tmp_path / "党费登记簿.xlsx", [("李组织", BRANCH, 4800, "1%", 48, *([48] * 12), 576),
                                                      ("张宣传", None, 3000, "0.5%", 15, *([15] * 12), 180)])
    wb = openpyxl.load_workbook(path)
    first = wb.active
    first.title = "2025"
    second = wb.copy_worksheet(first)
    second.title = "2026"
    second["A1"] = "示范中学2026年度党费收缴登记表"
    second.cell(row=5, column=TOTAL_COLUMN).value = "500元"  # her sum, not the months' 576
    wb.save(path)
    return path


def test_a_hint_naming_its_sheet_is_on_that_row_of_the_preview(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_dues_branch(db)
    report = import_dues(db, _two_years(tmp_path), today=date(2027, 1, 10))
    assert report.ok, report.to_text()
    hint = "工作表“2026”第 5 行：合计 500.00 元与各月金额之和 576.00 元不一致（按各月金额导入）"
    assert hint in report.warnings, report.warnings
    by_sheet: dict[str, list[list[str]]] = {}
    for line in report.preview:
        if int(line.row) == 5:
            by_sheet.setdefault(line.cells[0], []).append(report.warnings_of(line.row))
    assert set(by_sheet) == {"2025", "2026"}
    said = "合计 500.00 元与各月金额之和 576.00 元不一致（按各月金额导入）"
    assert all(hints == [said] for hints in by_sheet["2026"]), by_sheet["2026"]
    assert all(hints == [] for hints in by_sheet["2025"]), by_sheet["2025"]
    assert {report.status_of(line.row) for line in report.preview} == {"新增"}


def test_a_problem_of_one_sheets_row_is_not_on_the_same_row_of_the_other(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_dues_branch(db)
    path = _two_years(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["2026"].cell(row=5, column=TOTAL_COLUMN).value = 576
    wb["2026"].cell(row=5, column=7).value = "王不在"  # her 1月 cell holds a name, not an amount
    wb.save(path)
    report = import_dues(db, path, today=date(2027, 1, 10))
    assert not report.ok
    assert [str(p).split("：", 1)[0] for p in report.problems] == ["工作表“2026”第 5 行，1月（G 列）"], report.to_text()
    fives = {line.cells[0]: line.row for line in report.preview if int(line.row) == 5}
    assert report.status_of(fives["2026"]) == "有错误" and report.problems_of(fives["2026"])
    assert report.status_of(fives["2025"]) != "有错误" and report.problems_of(fives["2025"]) == []


def test_the_preview_window_shows_the_hint_on_its_sheets_row_under_one_sheet_column(  # type: ignore[no-untyped-def]
        qtbot, db, tmp_path: Path, monkeypatch) -> None:
    make_dues_branch(db)
    path = _two_years(tmp_path)

    def run(p: Path, dry_run: bool, progress: Any, cancelled: Any) -> Any:
        return import_dues(db, p, dry_run=dry_run, progress=progress, cancelled=cancelled, today=date(2027, 1, 10))

    dialog = ImportDialog(AppContext(db), "导入党费", run)
    qtbot.addWidget(dialog)
    headers, *rows = _choose(qtbot, dialog, path, monkeypatch)
    assert headers.count("工作表") == 1, headers  # the 登记簿's sheet cell, not a second column beside it
    said = {(row[headers.index("工作表")], row[headers.index("行号")], row[headers.index("问题")]) for row in rows}
    assert ("2026", "5", "提示：合计 500.00 元与各月金额之和 576.00 元不一致（按各月金额导入）") in said, said
    assert ("2025", "5", "") in said and not any(s == "2025" and "合计" in p for s, _r, p in said), said
