"""The cheap look at a sheet before it is loaded (io.xlsx_scan, issue 21 item 4): the grid a parser
would build is measured from the cells that hold something, however the XML is written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from branchdesk.io.rectification_xlsx import RECT_COLUMNS
from branchdesk.io.xlsx_reader import read_table
from branchdesk.io.xlsx_scan import SheetTooLarge, scan_workbook
from tests import xlsx_attacks as attack


def _sheet_file(path: Path, sheet_xml: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", attack.CONTENT_TYPES)
        archive.writestr("_rels/.rels", attack.ROOT_RELS)
        archive.writestr("xl/workbook.xml", attack.WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", attack.WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


def _plain(rows: str) -> str:
    return attack.SHEET_HEAD.format(doctype="", dimension="") + rows + attack.SHEET_TAIL


def test_the_extent_counts_cells_with_a_value_only(tmp_path: Path) -> None:
    path = attack.write_xlsx(tmp_path / "a.xlsx", [
        '<row r="3">' + attack.cell("C3", "x") + "</row>",
        '<row r="900000"><c r="XFD900000" s="1"/></row>'])  # a styled empty cell: no parser keeps it
    scan = scan_workbook(path)[0]
    assert (scan.last_row, scan.last_column, scan.rows) == (3, 3, 2)


@pytest.mark.parametrize("rows", [
    '<row r="2">' + attack.cell("Z900000", "x") + "</row>",  # a cell far below the row that holds it
    '<row r="2"><c r="B2"><f>1+1</f></c>' + attack.cell("XFD2", "x") + "</row>",  # the slow path too
    '<row r="60000"></row><row>' + "<c><v>1</v></c>" * 200 + "</row>",  # cells without references
])
def test_a_grid_too_large_is_refused_however_written(tmp_path: Path, rows: str) -> None:
    path = _sheet_file(tmp_path / "far.xlsx", _plain('<row r="1">' + attack.cell("A1", "h") + "</row>" + rows))
    with pytest.raises(SheetTooLarge, match="远超一份台账的规模"):
        scan_workbook(path)


def test_namespace_prefixed_sheets_are_measured(tmp_path: Path) -> None:
    xml = ('<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/'
           'spreadsheetml/2006/main"><x:sheetData><x:row r="5"><x:c r="ZZZ5" t="inlineStr"><x:is><x:t>x</x:t>'
           "</x:is></x:c></x:row></x:sheetData></x:worksheet>")
    with pytest.raises(SheetTooLarge, match="ZZZ5"):
        scan_workbook(_sheet_file(tmp_path / "prefixed.xlsx", xml))


def test_formulas_without_a_result_and_error_values_are_found(tmp_path: Path) -> None:
    path = _sheet_file(tmp_path / "f.xlsx", _plain(
        '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1"><f>1+1</f></c><c r="C1" t="e"><v>#REF!</v></c>'
        '<c r="D1" t="str"><f>""</f><v></v></c></row>'))
    scan = scan_workbook(path)[0]
    assert [(i.row, i.column, i.kind, i.detail) for i in scan.issues] == [(1, 2, "formula", ""), (1, 3, "error", "#REF!")]


def test_merged_cells_are_filled_on_every_sheet_of_a_ledger(tmp_path: Path) -> None:
    """Rectification ledgers merge 问题描述 over its measures; a second sheet is read the same way."""
    workbook = openpyxl.Workbook()
    for index, sheet in enumerate((workbook.active, workbook.create_sheet("第二批"))):
        sheet.append(["问题描述", "整改措施", "责任人", "完成时限"])
        sheet.append([f"问题{index}", "措施一", "张三", "2026-06-30"])
        sheet.append([None, "措施二", "李四", "2026-06-30"])
        sheet.merge_cells("A2:A3")
    path = tmp_path / "整改.xlsx"
    workbook.save(path)
    table = read_table(path, RECT_COLUMNS)
    assert [(str(getattr(n, "sheet", "")), int(n), r.get("问题描述")) for n, r in table.rows] == [
        ("Sheet", 2, "问题0"), ("Sheet", 3, "问题0"), ("第二批", 2, "问题1"), ("第二批", 3, "问题1")]
