"""Hand-made .xlsx files for the bad-input tests (issue 8): written straight into the zip, streamed,
so a million-row sheet or a decompression bomb costs a few megabytes and a second to build."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?>{doctype}<worksheet ' \
             'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>'
SHEET_TAIL = "</sheetData></worksheet>"
HEADER = ("序号", "姓名", "公民身份号码", "所在党支部", "人员类别", "入党日期")


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row() -> str:
    letters = "ABCDEF"
    return '<row r="1">' + "".join(cell(f"{letters[i]}1", h) for i, h in enumerate(HEADER)) + "</row>"


def data_rows(count: int, start: int = 2) -> Iterable[str]:
    for r in range(start, start + count):
        yield (f'<row r="{r}">' + cell(f"B{r}", "张三") + cell(f"C{r}", "110101199001011234")
               + cell(f"D{r}", "一支部") + cell(f"E{r}", "正式党员") + cell(f"F{r}", "2010-07-01") + "</row>")


def write_xlsx(path: Path, body: Iterable[str], *, dimension: str = "", doctype: str = "") -> Path:
    """A minimal workbook whose first sheet is `body` (row XML), streamed into the archive."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            dim = f'<dimension ref="{dimension}"/>' if dimension else ""
            sheet.write(SHEET_HEAD.format(doctype=doctype, dimension=dim).encode())
            chunk: list[str] = []
            size = 0
            for row in body:
                chunk.append(row)
                size += len(row)
                if size >= 1 << 20:
                    sheet.write("".join(chunk).encode())
                    chunk, size = [], 0
            sheet.write("".join(chunk).encode())
            sheet.write(SHEET_TAIL.encode())
    return path


def padding(total_bytes: int, piece: int = 1 << 20) -> Iterable[str]:
    """Whitespace between rows: compresses a thousandfold (a decompression bomb)."""
    blank = " " * piece
    for _ in range(total_bytes // piece):
        yield blank
