"""Every line of an import's report names a row as "第 5 行", or "工作表“1月”第 5 行" for a workbook with a
sheet a month (trial L, TL-3: 31 hints printed "第 RowNumber(5, '1月') 行")."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from branchdesk.io.xlsx_reader import RowNumber, row_label, rows_label
from branchdesk.services.meetings.excel import import_meetings
from tests.meetings.helpers import make_branch
from tests.meetings.test_meetings_io import HEADERS, ledger_rows


def test_a_row_number_prints_as_its_number_and_is_labelled_with_its_sheet() -> None:
    row = RowNumber(5, "1月")
    assert (str(row), f"第 {row} 行", row_label(row)) == ("5", "第 5 行", "工作表“1月”第 5 行")
    assert rows_label([RowNumber(5, "1月"), RowNumber(6, "1月"), RowNumber(3, "2月")]) == \
        "工作表“1月”第 5、6 行，工作表“2月”第 3 行"
    assert rows_label([4, 5]) == "第 4、5 行"
    assert rows_label(list(range(4, 16)), limit=3) == "第 4、5、6 行等 12 行"


def test_the_hints_of_a_workbook_with_a_sheet_a_month_name_the_sheet(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    wb = openpyxl.Workbook()
    rows = ledger_rows()
    for index, (name, part) in enumerate((("3月", rows[:1]), ("4月", rows[1:3]))):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = name
        ws.append(["2026年三会一课记录"])
        ws.append(HEADERS)
        for row in part:
            ws.append(row)
    wb.save(tmp_path / "2026年三会一课记录.xlsx")
    report = import_meetings(db, tmp_path / "2026年三会一课记录.xlsx", dry_run=True)
    text = report.to_text()
    assert "RowNumber" not in text, text
    assert "工作表“4月”第 4 行" in text, text  # the 党小组会 without its content: a draft, named with its sheet
