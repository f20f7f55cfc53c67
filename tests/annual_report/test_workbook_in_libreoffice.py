"""The year-end workbook opened by a real spreadsheet program (issue 15): LibreOffice Calc converts it
headless to PDF, as WPS or Excel would print it — every sheet prints, the merged note rows are tall
enough for their text, the 汇总 data columns are wide enough for their headers, and 问题编号 are numbers.
Skipped where LibreOffice is not installed (.ci/run installs libreoffice-calc-nogui)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from tests.shared.test_real_year import _run, year  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def workbook(year):  # type: ignore[no-untyped-def]  # noqa: F811
    out = year["folder"] / "年度 台账 LO.xlsx"
    code, text = _run(["report", "annual", "--year", "2025", "--format", "xlsx", "--out", str(out),
                       "--db", str(year["db"])])
    assert code == 0, text
    return out


def test_note_rows_widths_and_numbers(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    for sheet in book.worksheets:
        if sheet["A2"].value and any(str(r).startswith("A2:") for r in sheet.merged_cells.ranges):
            height = sheet.row_dimensions[2].height
            assert height and height >= 15, sheet.title
            if len(str(sheet["A2"].value)) > 120:
                assert height > 30, sheet.title  # a long note gets several lines
    summary = book["汇总"]
    for letter in "CDEFGH":
        assert (summary.column_dimensions[letter].width or 0) >= 10, letter
    measures = book["整改措施明细"]
    header = next(r for r in range(1, 6) if measures.cell(r, 1).value == "整改台账")
    titles = [c.value for c in measures[header]]
    first = [c.value for c in measures[header + 1]]
    assert isinstance(first[titles.index("问题编号")], int) and isinstance(first[titles.index("措施序号")], int)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_prints_every_sheet(workbook: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(workbook)], check=True, capture_output=True, timeout=300)
    pdf = tmp_path / (workbook.stem + ".pdf")
    assert pdf.exists()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    book = openpyxl.load_workbook(workbook, read_only=True)
    flat = re.sub(r"\s+", "", text)
    for sheet in book.worksheets:
        title = sheet["A1"].value
        assert title and re.sub(r"\s+", "", str(title))[:12] in flat, sheet.title
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                            check=True).stdout).group(1))  # type: ignore[union-attr]
    assert pages >= len(book.worksheets)
    assert "第 1 页" in text or "第1页" in flat  # the footer's page numbers print
