"""The cheap look at a sheet before it is loaded (io.xlsx_scan, issue 21 item 4): the grid a parser
would build is measured from the cells that hold something, however the XML is written."""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from branchdesk.io.rectification_xlsx import RECT_COLUMNS
from branchdesk.io.xlsx_reader import ImportFileError, read_table
from branchdesk.io.xlsx_scan import (
    BadWorkbook,
    SheetTooLarge,
    _not_greater,
    _valued_extent,
    column_letters,
    column_number,
    scan_workbook,
)
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


@pytest.mark.parametrize("ref", ["B12345678", "AAAA2"])
@pytest.mark.parametrize("formula", [False, True])  # the fast path, and the tag-by-tag one
def test_a_reference_beyond_the_last_cell_excel_has_is_refused(tmp_path: Path, ref: str, formula: bool) -> None:
    # calamine takes "B12345678" and builds a grid of 12 million rows: found before it is loaded
    extra = '<c r="C1"><f>1+1</f><v>2</v></c>' if formula else ""
    rows = '<row r="1">' + attack.cell("A1", "h") + extra + '</row><row r="2">' + attack.cell(ref, "x") + "</row>"
    with pytest.raises(SheetTooLarge, match=f"位置写作“{ref}”，不是 Excel 或 WPS 保存的表格"):
        scan_workbook(_sheet_file(tmp_path / "overlong.xlsx", _plain(rows)))


@pytest.mark.parametrize("ref", ["b30000", "xfd900000", "Ab2"])
@pytest.mark.parametrize("formula", [False, True])
def test_a_reference_in_lower_case_is_refused(tmp_path: Path, ref: str, formula: bool) -> None:
    # calamine reads "xfd900000" as XFD900000 (a grid of 15 billion cells); the scan reads upper case
    extra = '<c r="C1"><f>1+1</f><v>2</v></c>' if formula else ""
    rows = '<row r="1">' + attack.cell("A1", "h") + extra + '</row><row r="2">' + attack.cell(ref, "x") + "</row>"
    with pytest.raises(SheetTooLarge, match=f"位置写作“{ref}”，不是 Excel 或 WPS 保存的表格"):
        scan_workbook(_sheet_file(tmp_path / "lower.xlsx", _plain(rows)))


_FAR_TEXT = ' t="inlineStr"><is><t>x</t></is></c>'


@pytest.mark.parametrize("far_cell", [
    '<c s="1" r="XFD900000"' + _FAR_TEXT,  # the reference not the first attribute
    '<c\nr="XFD900000"' + _FAR_TEXT,  # a line break instead of a space
    "<c r='XFD900000'" + _FAR_TEXT,  # single quotes
    '<c r = "XFD900000"' + _FAR_TEXT,  # blanks around "="
    '<c s=">" r="XFD900000"' + _FAR_TEXT,  # a ">" inside an attribute before it
    '<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="XFD900000"'
    ' t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c>',  # a prefixed cell in a sheet without prefixes
])
def test_a_far_cell_is_found_however_its_tag_is_written(tmp_path: Path, far_cell: str) -> None:
    # each of these made calamine build a 900,000 × 16,384 grid while the scan saw a 2 × 1 sheet
    rows = '<row r="1">' + attack.cell("A1", "h") + '</row><row r="2">' + far_cell + "</row>"
    with pytest.raises(SheetTooLarge, match="XFD900000"):
        scan_workbook(_sheet_file(tmp_path / "far.xlsx", _plain(rows)))


def test_a_cell_with_two_references_is_refused(tmp_path: Path) -> None:
    # calamine takes the last r attribute of a tag
    rows = '<row r="1">' + attack.cell("A1", "h") + '</row><row r="2"><c r="B2" r="XFD900000"' + _FAR_TEXT + "</row>"
    with pytest.raises(SheetTooLarge, match="位置写作“B2”、“XFD900000”"):
        scan_workbook(_sheet_file(tmp_path / "two.xlsx", _plain(rows)))


def test_a_tag_cut_by_a_piece_boundary_is_read_whole(tmp_path: Path) -> None:
    """The scan reads 1 MB pieces; a far cell whose tag holds a ">" in an attribute, cut at the end of a
    piece, is still read whole."""
    head = _plain("").split("</sheetData>")[0] + '<row r="1">' + attack.cell("A1", "h") + '</row><row r="2">'
    before, after = '<c r="B2" t="inlineStr"><is><t>{}</t></is></c><c s=">"', ' r="XFD900000"' + _FAR_TEXT
    padding = (1 << 20) - len(head.encode()) - len(before.format("").encode())  # the piece ends after s=">"
    rows = head[len(_plain("").split("</sheetData>")[0]):] + before.format("x" * padding) + after + "</row>"
    assert (_plain(rows).encode()[:1 << 20]).endswith(b'<c s=">"')
    with pytest.raises(SheetTooLarge, match="XFD900000"):
        scan_workbook(_sheet_file(tmp_path / "cut.xlsx", _plain(rows)))


@pytest.mark.parametrize(("rows", "said"), [
    ('<row r="000000900000"><c><v>1</v></c></row>', None),  # leading zeros: row 900,000 for calamine
    ('<row r="12345678"><c><v>1</v></c></row>', "行号写作“12345678”"),
    ("<row r='900000'><c><v>1</v></c></row>", None),
    ('<!-- <c x=\' --><c r="XFD900000"><v>1</v></c>\'<x/>', "注释"),  # a quote in a comment hid the cell
    ('<c r="B2" x="<"/><c r="XFD900000"><v>1</v></c>', "“<”"),
    ("<f>" + '<c ' * 20_000, "“<”"),  # once quadratic: tens of seconds for a few KB
    ('<c r="A1"' * 150_000, "“<”"),  # tags never closed: the extent's first guess was quadratic (minutes)
])
def test_rows_and_markup_that_could_hide_a_far_cell_are_refused(tmp_path: Path, rows: str, said: str | None) -> None:
    body = '<row r="1">' + attack.cell("A1", "h") + '<c r="ALL1"><v>1</v></c></row>' + rows
    with pytest.raises(SheetTooLarge, match=said or "远超一份台账的规模"):
        scan_workbook(_sheet_file(tmp_path / "hidden.xlsx", _plain(body)))


def test_parts_whose_names_differ_in_case_only_are_refused(tmp_path: Path) -> None:
    """calamine reads the last of two zip entries whose names differ in case only; the scan read the
    other one."""
    path = _sheet_file(tmp_path / "twins.xlsx", _plain('<row r="1">' + attack.cell("A1", "h") + "</row>"))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/worksheets/Sheet1.xml", _plain('<row r="9"><c r="XFD900000"><v>1</v></c></row>'))
    with pytest.raises(ImportFileError, match="仅大小写不同"):
        read_table(path, RECT_COLUMNS)


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _random_sheet(rng: random.Random, rows: int, odd: float = 0.002) -> tuple[str, int, int]:
    """Rows as generators write them, with the oddities the fast extent must not be fooled by: a wide
    header, a wide row in the middle, cells whose reference is far from their row, rows out of order,
    styled empty cells far right and below. Gives the XML and the extent of the cells with a value."""
    parts, last_row, last_column = [], 0, 0
    numbers = list(range(1, rows + 1))
    if rng.random() < 0.3:
        rng.shuffle(numbers)
    for number in numbers:
        cells = []
        for column in range(1, rng.choice((3, 5, 15, 15, 15, 28)) + 1):
            if rng.random() < 0.1:
                continue  # a blank cell is not written
            row = number if rng.random() > odd else rng.randint(1, rows * 3)  # a reference elsewhere
            column = column if rng.random() > odd else rng.randint(1, 60 if rows > 1000 else 700)
            if rng.random() < 0.05:
                cells.append(f'<c r="{_letters(column + rng.randint(0, 900))}{row}" s="1"/>')  # styled, empty
                continue
            cells.append(attack.cell(f"{_letters(column)}{row}", "x"))
            last_row, last_column = max(last_row, row), max(last_column, column)
        parts.append(f'<row r="{number}">' + "".join(cells) + "</row>")
    for number in range(rows + 1, rows + rng.choice((0, 0, 3, 80))):  # trailing styled rows
        parts.append(f'<row r="{number}" s="2" customFormat="1"><c r="A{number}" s="2"/></row>')
    return "".join(parts), last_row, last_column


def test_the_extent_is_that_of_every_valued_cell_read_one_by_one(tmp_path: Path) -> None:
    """The fast extent (one search for a cell beyond a guess) agrees with reading every reference,
    on sheets of one piece and of several 1 MB pieces."""
    rng = random.Random(21)
    sizes = [20_000, 20_000, 20_000] + [rng.choice((1, 2, 40, 300, 300, 900)) for _ in range(60)]
    for case, rows in enumerate(sizes):
        xml, last_row, last_column = _random_sheet(rng, rows, odd=0.0002 if rows > 1000 else 0.002)
        assert len(xml) > 2 << 20 or rows < 1000  # the large ones come in several pieces
        scan = scan_workbook(_sheet_file(tmp_path / f"s{case}.xlsx", _plain(xml)))[0]
        assert (scan.last_row, scan.last_column) == (last_row, last_column), case


def test_the_fast_extent_is_taken_on_an_ordinary_sheet() -> None:
    xml, last_row, last_column = _random_sheet(random.Random(18), 3_000, odd=0)
    assert _valued_extent(xml.encode(), 0, 0) == (last_row, last_column)


@pytest.mark.parametrize("markup", ["<!-- x -->", "<![CDATA[x]]>", "<?pi x?>", "<!DOCTYPE x>"])
def test_markup_excel_never_writes_is_refused_anywhere_in_the_sheet(tmp_path: Path, markup: str) -> None:
    body = '<row r="1">' + attack.cell("A1", "h") + "</row>" + markup + '<row r="2">' + attack.cell("B2", "x") + "</row>"
    with pytest.raises((SheetTooLarge, BadWorkbook), match="注释、CDATA 或处理指令|DTD"):
        scan_workbook(_sheet_file(tmp_path / "markup.xlsx", _plain(body)))


def test_text_holding_the_searched_characters_is_read_as_text(tmp_path: Path) -> None:
    """The scan looks for "!", "?" and "f" before it searches for "<!", "<?" and "<f" (issue 18): text
    holding them, escaped markup included, is an ordinary sheet with its true extent."""
    texts = ["完成了吗？!", "a?b", "for free", "&lt;!-- 不是注释 --&gt;", "&lt;?x?&gt;", "&lt;f&gt;"]
    body = "".join(f'<row r="{n}">' + attack.cell(f"C{n}", text) + "</row>" for n, text in enumerate(texts, start=1))
    scan = scan_workbook(_sheet_file(tmp_path / "text.xlsx", _plain(body)))[0]
    assert (scan.last_row, scan.last_column, scan.issue_count) == (len(texts), 3, 0)


def test_an_error_value_in_an_ordinary_sheet_is_found(tmp_path: Path) -> None:
    """No formula anywhere: the error cell alone sends its piece cell by cell."""
    body = '<row r="1">' + attack.cell("A1", "h") + '<c r="B1" s="1" t="e"><v>#N/A</v></c></row>'
    scan = scan_workbook(_sheet_file(tmp_path / "error.xlsx", _plain(body)))[0]
    assert [(i.row, i.column, i.kind, i.detail) for i in scan.issues] == [(1, 2, "error", "#N/A")]


def test_the_expression_for_references_within_the_extent_counts_as_calamine_does() -> None:
    """_not_greater: a row's digits (leading zeros allowed) or a column's letters no greater than the
    limit, by value, for every length up to the limit's."""
    rng = random.Random(18)
    digits, letters = "0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for _ in range(300):
        row = rng.choice((1, 9, 10, 99, 100, 10002, rng.randrange(1, 1_048_577)))
        within = re.compile(_not_greater(str(row), digits))
        for _ in range(40):
            text = "".join(rng.choice(digits) for _ in range(rng.randint(1, len(str(row)) + 1)))
            assert bool(within.fullmatch(text)) == (int(text) <= row and len(text) <= len(str(row))), (row, text)
        column = rng.randrange(1, 16_385)
        within = re.compile(_not_greater(column_letters(column), letters))
        for _ in range(40):
            text = "".join(rng.choice(letters) for _ in range(rng.randint(1, 3)))
            assert bool(within.fullmatch(text)) == (column_number(text) <= column), (column, text)


@pytest.mark.parametrize("rows", [
    '<row r="2"><c s="1"r="XFD900000"><v>1</v></c></row>',  # no blank before r: XML allows it, calamine reads it
    '<row r="2"><c t="n"r="XFD900000"><v>1</v></c></row>',
    '<row r="2"><c r="A2"><v>1</v></c></row><row s="1"r="900000"><c><v>1</v></c></row>',
])
def test_a_reference_right_after_another_attribute_is_read(tmp_path: Path, rows: str) -> None:
    body = '<row r="1">' + attack.cell("A1", "h") + '<c r="ALL1"><v>1</v></c></row>' + rows
    with pytest.raises(SheetTooLarge, match="远超一份台账的规模"):
        scan_workbook(_sheet_file(tmp_path / "nospace.xlsx", _plain(body)))


def test_rows_without_their_number_are_counted_as_calamine_counts_them(tmp_path: Path) -> None:
    """calamine moves on a row at each <row> without r: a cell without a reference in a later piece
    lands that far down. The fast path takes only pieces whose every row is numbered."""
    body = ('<row r="1"><c r="A1"><v>1</v></c><c r="ALL1"><v>1</v></c></row>'
            + '<row><c r="A2"><v>1</v></c></row>' * 170_000
            + '<row><c r="A3" t="inlineStr"><is><t>' + "x" * 1_000_000 + "</t></is></c></row>"
            + "<row><c><v>1</v></c></row>")
    with pytest.raises(SheetTooLarge, match="远超一份台账的规模"):
        scan_workbook(_sheet_file(tmp_path / "rowless.xlsx", _plain(body)))


def test_unbalanced_quotes_are_refused_at_once(tmp_path: Path) -> None:
    """Each tag start once read its quotes on to the end of the piece: minutes for a few KB."""
    with pytest.raises(SheetTooLarge, match="不完整的标记"):
        scan_workbook(_sheet_file(tmp_path / "quotes.xlsx", _plain("<c \"'>'" * 160_000)))


def test_a_sheet_starting_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    """.NET tools (Open XML SDK, EPPlus) write one before the XML declaration of every part."""
    xml = "\ufeff" + _plain('<row r="5"><c r="C5" t="e"><v>#N/A</v></c><c r="D5"t="e"><v>#REF!</v></c></row>')
    scan = scan_workbook(_sheet_file(tmp_path / "bom.xlsx", xml))[0]
    assert (scan.last_row, scan.last_column) == (5, 4)
    assert [(i.column, i.detail) for i in scan.issues] == [(3, "#N/A"), (4, "#REF!")]
