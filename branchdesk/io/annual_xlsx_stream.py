"""Streaming sheets for the annual workbook (issue 18): openpyxl keeps what makes a sheet look and print
right (styles, widths, frozen header, filter, merged title rows, print set-up, charts) in a write-only
workbook, and the cells themselves are written here straight into each sheet's XML as the file is
zipped. A district's workbook has over a hundred thousand cells; building an openpyxl cell object for
each and serialising it element by element took most of the workbook's time, while the cells of a
ledger need only a value and one of a handful of style ids.

How: openpyxl writes every sheet with an empty <sheetData>; `save_streamed` hands openpyxl a zip file
that, when a sheet's part is added, writes the part with our rows in place of that empty element.
Values follow openpyxl's own rules (strings inline and always text, numbers as "%.16g", dates as
serial numbers), so the file reads back exactly as one openpyxl would have written cell by cell."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.writer.excel import ExcelWriter

from branchdesk.domain.text import elide, xml_safe

EXCEL_CELL_LIMIT = 32_767  # characters Excel keeps in one cell (as io.xlsx_writer.set_value)
_TOO_LONG = "…（超出 Excel 单元格长度，其余从略）"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # text that starts so is written with a quote prefix
_EMPTY_SHEET_DATA = re.compile(r"<sheetData\s*/>|<sheetData>\s*</sheetData>")
_ROWS_PER_CHUNK = 500
WHOLE_LIMIT = 10**15  # whole numbers below this print the same with str() as with openpyxl's "%.16g"


class StyleBook:
    """Cell style ids of one workbook, each registered once: openpyxl hashes a style on every
    assignment, so a hundred thousand cells share the ids made here."""

    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet  # any sheet of the workbook: a cell finds the workbook's style tables through it
        self._ids: dict[tuple[object, ...], int] = {}
        self._kept: list[tuple[object, ...]] = []

    def id(self, *, font: Any = None, fill: Any = None, border: Any = None, alignment: Any = None,
           number_format: str | None = None, quote: bool = False) -> int:
        # keyed by identity: the styles are shared constants, and hashing an openpyxl style object
        # walks all its fields (it cost more than writing the cells)
        key = (id(font), id(fill), id(border), id(alignment), number_format, quote)
        found = self._ids.get(key)
        if found is None:
            self._kept.append((font, fill, border, alignment))  # the ids stay those objects' while kept
            cell = WriteOnlyCell(self._sheet)
            if font is not None:
                cell.font = font
            if fill is not None:
                cell.fill = fill
            if border is not None:
                cell.border = border
            if alignment is not None:
                cell.alignment = alignment
            if number_format is not None:
                cell.number_format = number_format
            if quote:
                cell.quotePrefix = True
            found = self._ids[key] = cell.style_id if cell.has_style else 0
        return found


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def text_value(value: str) -> str:
    """A string as a cell holds it: without the characters XML forbids, within Excel's length."""
    return elide(xml_safe(value), EXCEL_CELL_LIMIT, _TOO_LONG)


def text_inner(value: str) -> str:
    """What goes inside a text cell's <c>: empty for empty text; xml:space kept where the text has
    outer spaces."""
    text = text_value(value)
    if not text:
        return ""
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    return f"<is><t{space}>{_escape(text)}</t></is>"


def text_cell(ref: str, value: str, style: int, inner: str | None = None) -> str:
    """A text cell: inline, never a formula."""
    s = f' s="{style}"' if style else ""
    inner = text_inner(value) if inner is None else inner
    return f'<c r="{ref}"{s} t="inlineStr">{inner}</c>' if inner else f'<c r="{ref}"{s} t="inlineStr"/>'


def cell_xml(ref: str, value: object, style: int) -> str:
    """One <c> element, as openpyxl writes it (strings inline, never formulas)."""
    s = f' s="{style}"' if style else ""
    if value is None:
        return f'<c r="{ref}"{s}/>'
    kind = type(value)
    if kind is str:
        return text_cell(ref, value, style)  # type: ignore[arg-type]
    if kind is int or kind is float:
        return f'<c r="{ref}"{s} t="n"><v>{safe_string(value)}</v></c>'
    if kind is bool:
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'  # type: ignore[call-overload]
    if isinstance(value, dt.date | dt.datetime | dt.time | dt.timedelta):
        return f'<c r="{ref}"{s} t="n"><v>{safe_string(to_excel(value))}</v></c>'
    if isinstance(value, str):
        return cell_xml(ref, str(value), style)
    return f'<c r="{ref}"{s} t="n"><v>{safe_string(value)}</v></c>'  # Decimal and other numbers


def row_xml(number: int, cells: Iterable[str], height: float | None = None) -> str:
    attrs = f' ht="{safe_string(height)}" customHeight="1"' if height is not None else ""
    return f'<row r="{number}"{attrs}>{"".join(cells)}</row>'


@dataclass
class StreamedSheet:
    """The rows of one sheet: a few placed cells (title, note, header, chart data) and optionally a
    body of many uniform rows rendered only when the file is written."""

    cells: dict[int, dict[int, tuple[object, int]]] = field(default_factory=dict)  # row -> col -> (value, style)
    heights: dict[int, float] = field(default_factory=dict)
    body_start: int = 0
    body: Callable[[int], Iterator[str]] | None = None  # first row number -> rendered rows
    body_rows: int = 0

    def put(self, row: int, column: int, value: object, style: int) -> None:
        self.cells.setdefault(row, {})[column] = (value, style)

    @property
    def max_row(self) -> int:
        return max([*self.cells, *self.heights, self.body_start + self.body_rows - 1 if self.body else 0])

    def rows(self) -> Iterator[str]:
        placed = sorted(self.cells.keys() | self.heights.keys())
        body_done = self.body is None
        for number in placed:
            if not body_done and number >= self.body_start:
                yield from self._body()
                body_done = True
            row = self.cells.get(number, {})
            yield row_xml(number, (cell_xml(f"{get_column_letter(c)}{number}", *row[c]) for c in sorted(row)),
                          self.heights.get(number))
        if not body_done:
            yield from self._body()

    def _body(self) -> Iterator[str]:
        assert self.body is not None
        overlap = [n for n in self.cells if self.body_start <= n < self.body_start + self.body_rows]
        if overlap:
            raise ValueError(f"rows {overlap} are both placed and in the body")
        yield from self.body(self.body_start)


class _SplicingZip(ZipFile):
    """The zip openpyxl saves into: a worksheet part we stream is written with our rows in place of
    openpyxl's empty <sheetData>, in one pass, without a second copy of the file."""

    def __init__(self, path: Path, sheets: dict[str, StreamedSheet]) -> None:
        super().__init__(path, "w", ZIP_DEFLATED, allowZip64=True)
        self.pending = dict(sheets)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        sheet = self.pending.pop(arcname, None) if arcname else None
        if sheet is None:
            super().write(filename, arcname, *args, **kwargs)
            return
        xml = Path(filename).read_text(encoding="utf-8")
        empty = _EMPTY_SHEET_DATA.search(xml)
        if empty is None:
            raise RuntimeError(f"{arcname}: openpyxl wrote cells where the streamed rows belong")
        with self.open(arcname, "w") as out:
            out.write(xml[: empty.start()].encode("utf-8") + b"<sheetData>")
            chunk: list[str] = []
            for row in sheet.rows():
                chunk.append(row)
                if len(chunk) >= _ROWS_PER_CHUNK:
                    out.write("".join(chunk).encode("utf-8"))
                    chunk.clear()
            out.write(("".join(chunk) + "</sheetData>" + xml[empty.end():]).encode("utf-8"))


def save_streamed(workbook: Workbook, sheets: list[StreamedSheet], path: Path) -> None:
    """Save a write-only workbook whose worksheets (in order) get the rows of `sheets`, through a
    temporary file and a rename so a failed save never leaves half a workbook."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    parts = {f"xl/worksheets/sheet{index}.xml": sheet for index, sheet in enumerate(sheets, start=1)}
    try:
        archive = _SplicingZip(partial, parts)
        workbook.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
        ExcelWriter(workbook, archive).save()
        if archive.pending:
            raise RuntimeError(f"worksheets not written: {sorted(archive.pending)}")
        partial.replace(path)
    finally:
        if partial.exists():
            partial.unlink()
