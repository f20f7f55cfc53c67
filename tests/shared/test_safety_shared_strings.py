"""Shared strings that expand (io.xlsx_shared_text): a cell of type "s" names a text in
xl/sharedStrings.xml and every parser gives each such cell its own copy. A 90 KB roster whose 30,000
cells name one text of 32,000 characters made the import build 5.4 GB in a minute; a 280 KB file
holding one text of 290 million characters took 2.4 GB. Both are refused by the scan, in Chinese,
before calamine allocates anything; ordinary long texts (a 备注, 整改措施) are read as before."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from branchdesk.io import xlsx_shared_text
from branchdesk.io.roster_xlsx import READ_COLUMNS
from branchdesk.io.xlsx_reader import ImportFileError, check_workbook_file, read_table
from branchdesk.io.xlsx_scan import SheetTooLarge, scan_workbook
from tests import xlsx_attacks as attack

_SHARED_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SHARED_REL = ('<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
               'relationships/sharedStrings" Target="sharedStrings.xml"/>')


def _workbook(path: Path, strings: list[str], rows: list[str], *, prefix: str = "", part: str = "xl/sharedStrings.xml",
              raw_items: str | None = None, header: str = attack.header_row()) -> Path:
    """A roster whose header is inline and whose body cells name `strings` (row XML in `rows`)."""
    p = f"{prefix}:" if prefix else ""
    ns = f' xmlns{":" + prefix if prefix else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    items = raw_items if raw_items is not None else "".join(f"<{p}si><{p}t>{s}</{p}t></{p}si>" for s in strings)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", attack.CONTENT_TYPES.replace(
            "</Types>", f'<Override PartName="/{part}" ContentType="{_SHARED_TYPE}"/></Types>'))
        archive.writestr("_rels/.rels", attack.ROOT_RELS)
        archive.writestr("xl/workbook.xml", attack.WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", attack.WORKBOOK_RELS.replace(
            "</Relationships>", _SHARED_REL.replace("sharedStrings.xml", part.removeprefix("xl/")) + "</Relationships>"))
        archive.writestr(part, f'<?xml version="1.0" encoding="UTF-8"?><{p}sst{ns} count="{len(strings)}" '
                               f'uniqueCount="{len(strings)}">{items}</{p}sst>')
        archive.writestr("xl/worksheets/sheet1.xml", attack.SHEET_HEAD.format(doctype="", dimension="")
                         + header + "".join(rows) + attack.SHEET_TAIL)
    return path


def _named(index: int, rows: range, columns: str = "BDG") -> list[str]:
    return [f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>{index}</v></c>' for c in columns) + "</row>"
            for r in rows]


def test_one_long_text_named_by_many_cells_is_refused_before_it_is_loaded(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "炸弹.xlsx", ["王" * 32_000], _named(0, range(2, 10_002)))
    assert path.stat().st_size < 200_000
    with pytest.raises(ImportFileError, match="长文字合计超过 50 MB"):
        check_workbook_file(path)


def test_a_shared_text_longer_than_a_cell_is_refused_even_if_no_cell_names_it(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "长.xlsx", ["短", "A" * 300_000], _named(0, range(2, 4)))
    with pytest.raises(ImportFileError, match="超过 Excel 的上限"):
        check_workbook_file(path)


def test_ordinary_long_texts_are_read(tmp_path: Path) -> None:
    """Fifty members with a 备注 of Excel's full 32,767 characters each (CJK: 98 KB in the XML): 4.9 MB."""
    strings = [chr(0x4E00 + i) + "备" * 32_766 for i in range(50)]
    rows = [f'<row r="{r}">' + attack.cell(f"B{r}", f"张{r}") + attack.cell(f"C{r}", "110101199001011234")
            + f'<c r="G{r}" t="s"><v>{r - 2}</v></c></row>' for r in range(2, 52)]
    header = attack.header_row().replace("</row>", attack.cell("G1", "备注") + "</row>")
    path = _workbook(tmp_path / "备注.xlsx", strings, rows, header=header)
    check_workbook_file(path)
    table = read_table(path, READ_COLUMNS)
    assert len(table.rows) == 50 and {len(str(row.get("备注") or "")) for _, row in table.rows} == {32_767}


@pytest.mark.parametrize("prefix", ["", "x"])
def test_the_count_follows_every_spelling_of_the_cells(tmp_path: Path, prefix: str) -> None:
    """References after other attributes, in single quotes, with a namespace prefix, and a run of
    self-closing <si/> before the long text (a parser that skips them numbers it lower)."""
    p = f"{prefix}:" if prefix else ""
    long = "王" * 30_000
    rows = [f'<row r="{r}"><{p}c s="1" t=\'s\' r="B{r}"><{p}v>3</{p}v></{p}c><c r="C{r}" s="2"/>'
            f'<{p}c r="D{r}" t="s"><{p}v>2</{p}v></{p}c></row>' for r in range(2, 600)]
    raw = f"<{p}si><{p}t>a</{p}t></{p}si><{p}si/><{p}si><{p}t>{long}</{p}t></{p}si><{p}si><{p}t>{long}</{p}t></{p}si>"
    path = _workbook(tmp_path / "写法.xlsx", [], rows, prefix=prefix, raw_items=raw)
    with pytest.raises(SheetTooLarge, match="长文字合计"):
        scan_workbook(path)


def test_a_shared_strings_part_under_another_name_is_counted(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "别名.xlsx", ["王" * 32_000], _named(0, range(2, 10_002)), part="xl/strings2.xml")
    with pytest.raises(SheetTooLarge, match="长文字合计"):
        scan_workbook(path)


def test_short_shared_texts_cost_no_second_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unexpected(*_args: object) -> int:
        raise AssertionError("the sheets were read again for short texts")

    monkeypatch.setattr(xlsx_shared_text, "named_text", unexpected)
    path = _workbook(tmp_path / "普通.xlsx", ["张三", "一支部"], _named(0, range(2, 2_000)))
    scan_workbook(path)


def test_many_merged_cells_after_the_rows_are_no_refusal(tmp_path: Path) -> None:
    """50,000 merged ranges (1.4 MB without a cell) after a sheet that names long texts."""
    rows = [f'<row r="{r}">' + attack.cell(f"B{r}", f"张{r}") + f'<c r="G{r}" t="s"><v>0</v></c></row>'
            for r in range(2, 40)]
    merges = "".join(f'<mergeCell ref="A{r}:C{r}"/>' for r in range(2, 50_002))
    path = _workbook(tmp_path / "合并.xlsx", ["备" * 1_000], rows)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</sheetData>", f'</sheetData><mergeCells count="50000">{merges}</mergeCells>').encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    scan_workbook(path)
