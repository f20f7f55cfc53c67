"""The cells of the annual workbook's sheets, written straight as XML (issue 18): a district's workbook
has over a hundred thousand cells, and building a library's cell object for each and serialising it
element by element took most of the workbook's time, while the cells of a ledger need only a value and
one of a handful of style ids. io.xlsx_package writes the rows of each `StreamedSheet` into its sheet's
<sheetData> as the file is zipped.

Values follow openpyxl's rules (strings inline and always text, numbers as "%.16g", dates as serial
numbers), so the file reads back exactly as one openpyxl would have written cell by cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from branchdesk.domain.text import elide, xml_safe
from branchdesk.io.xlsx_layout import EXCEL_CELL_LIMIT, TOO_LONG
from branchdesk.io.xlsx_values import column_letter, escape, excel_serial, number_text

WHOLE_LIMIT = 10**15  # whole numbers below this print the same with str() as with openpyxl's "%.16g"


def _escape(text: str) -> str:
    return escape(text, quote=False)


def text_value(value: str) -> str:
    """A string as a cell holds it: without the characters XML forbids, within Excel's length."""
    return elide(xml_safe(value), EXCEL_CELL_LIMIT, TOO_LONG)


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
        return f'<c r="{ref}"{s} t="n"><v>{number_text(value)}</v></c>'
    if kind is bool:
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'  # type: ignore[call-overload]
    if isinstance(value, dt.date | dt.datetime | dt.time | dt.timedelta):
        return f'<c r="{ref}"{s} t="n"><v>{number_text(excel_serial(value))}</v></c>'
    if isinstance(value, str):
        return cell_xml(ref, str(value), style)
    return f'<c r="{ref}"{s} t="n"><v>{number_text(value)}</v></c>'  # Decimal and other numbers


def row_xml(number: int, cells: Iterable[str], height: float | None = None) -> str:
    attrs = f' ht="{number_text(height)}" customHeight="1"' if height is not None else ""
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
            yield row_xml(number, (cell_xml(f"{column_letter(c)}{number}", *row[c]) for c in sorted(row)),
                          self.heights.get(number))
        if not body_done:
            yield from self._body()

    def _body(self) -> Iterator[str]:
        assert self.body is not None
        overlap = [n for n in self.cells if self.body_start <= n < self.body_start + self.body_rows]
        if overlap:
            raise ValueError(f"rows {overlap} are both placed and in the body")
        yield from self.body(self.body_start)
