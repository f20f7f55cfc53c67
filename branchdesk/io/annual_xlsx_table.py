"""A titled table on a streamed sheet of the annual workbook: the same look as io.xlsx_writer.write_table
(merged 16-point title, merged wrapped note, bold filled bordered header that is frozen, filtered and
repeated on every printed page, widths that fit Chinese text, A4 landscape fit to width, page numbers)
for a streamed sheet. Widths are measured before any row is written, because a sheet's XML holds its
column widths before its rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from branchdesk.io.annual_xlsx_stream import WHOLE_LIMIT, StreamedSheet, cell_xml, text_cell, text_inner
from branchdesk.io.xlsx_layout import FORMULA_STARTS, text_width
from branchdesk.io.xlsx_package import SheetPart
from branchdesk.io.xlsx_styles import BORDER, HEADER_FILL, Alignment, Font, StyleBook
from branchdesk.io.xlsx_values import column_letter, excel_serial, number_text

TITLE_FONT = Font(size=16, bold=True)
NOTE_FONT = BODY_FONT = Font(size=10)
HEADER_FONT = Font(size=11, bold=True)
CENTER = Alignment(horizontal="center", vertical="center")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap=True)
NOTE_ALIGNMENT = Alignment(horizontal="left", vertical="center", wrap=True)
TITLE_LEFT = Alignment(horizontal="left", vertical="center")
BODY_ALIGNMENT = Alignment(vertical="center", wrap=True)
DATE_FORMAT = "yyyy-mm-dd"


def style_for(styles: StyleBook, value: object, **style: Any) -> int:
    """The style of one placed cell: text that starts like a formula gets a quote prefix, a date
    the date format unless a format is given (as io.xlsx_writer.set_value)."""
    if isinstance(value, date | datetime) and style.get("number_format") is None:
        style["number_format"] = DATE_FORMAT
    return styles.id(quote=isinstance(value, str) and value.startswith(FORMULA_STARTS), **style)


@dataclass(frozen=True)
class ColumnStyles:
    """A body column's style ids: text, text starting like a formula, dates, other values."""

    text: int
    quoted: int
    date: int
    other: int


def body_column_styles(styles: StyleBook, number_format: str | None) -> ColumnStyles:
    """A ledger column's body styles: with a number format the cells are centred and numbers take
    the format; without one they wrap, and dates show as dates."""
    alignment = CENTER if number_format else BODY_ALIGNMENT
    def style(number_format: str | None = None, quote: bool = False) -> int:
        return styles.id(font=BODY_FONT, border=BORDER, alignment=alignment, number_format=number_format,
                         quote=quote)

    return ColumnStyles(style(), style(quote=True), style(number_format or DATE_FORMAT), style(number_format))


def _render_body(rows: Sequence[Sequence[object]], columns: list[ColumnStyles], text: list[bool]) -> Any:
    """The body's rows as XML, rendered when the file is written. The common values (text, whole
    numbers, dates) are written inline here; anything else goes through cell_xml."""
    letters = [column_letter(i) for i in range(1, len(columns) + 1)]
    plan = list(zip(letters, columns, text, strict=True))
    serials: dict[object, str] = {}  # a ledger repeats its dates and texts: each converted once
    inners: dict[str, str] = {}

    def render(first: int) -> Iterator[str]:
        for number, values in enumerate(rows, start=first):
            r = str(number)
            cells: list[str] = []
            add = cells.append
            for (letter, style, as_text), value in zip(plan, values, strict=True):
                kind = type(value)
                if value is None:
                    add(f'<c r="{letter}{r}" s="{style.other}"/>')
                    continue
                if as_text and kind is not str:
                    value, kind = str(value), str
                if kind is str:
                    text: str = value  # type: ignore[assignment]
                    inner = inners.get(text)
                    if inner is None:
                        inner = inners[text] = text_inner(text)
                    add(text_cell(letter + r, text, style.quoted if text.startswith(FORMULA_STARTS) else style.text,
                                  inner))
                elif kind is int and -WHOLE_LIMIT < value < WHOLE_LIMIT:  # type: ignore[operator]
                    add(f'<c r="{letter}{r}" s="{style.other}" t="n"><v>{value}</v></c>')
                elif kind is date:
                    serial = serials.get(value)
                    if serial is None:
                        serial = serials[value] = number_text(excel_serial(value))  # type: ignore[arg-type]
                    add(f'<c r="{letter}{r}" s="{style.date}" t="n"><v>{serial}</v></c>')
                else:
                    add(cell_xml(letter + r, value, style.date if isinstance(value, date) else style.other))
            yield f'<row r="{r}">{"".join(cells)}</row>'

    return render


def _longest_line(text: str) -> int:
    lines = text.splitlines()
    return text_width(lines[0]) if len(lines) == 1 else max(map(text_width, lines), default=0)


def measure_widths(headers: Sequence[str], rows: Sequence[Sequence[object]], text: list[bool],
                   min_widths: dict[str, int] | None, max_width: int = 40) -> list[float]:
    """Column widths: the header's, the longest line of any text (up to `max_width`), 12 for dates.
    Column by column, each distinct text measured once (a ledger repeats its branch names)."""
    widths: list[float] = [text_width(h) + 2 for h in headers]
    for index in range(len(headers)):
        column = [values[index] for values in rows]
        if text[index]:
            texts = {v if isinstance(v, str) else str(v) for v in column if v is not None}
        else:
            texts = {v for v in column if isinstance(v, str)}
            if widths[index] < 12 and any(isinstance(v, date) for v in column):
                widths[index] = 12
        if texts:
            widths[index] = max(widths[index], min(max(map(_longest_line, texts)) + 2, max_width))
    return [max(w, (min_widths or {}).get(h, 0)) for w, h in zip(widths, headers, strict=True)]


def stream_table(sheet: SheetPart, styles: StyleBook, title: str, headers: Sequence[str],
                 rows: Sequence[Sequence[object]], *, subtitle: str = "", min_widths: dict[str, int] | None = None,
                 text_columns: Sequence[str] = (), number_formats: Sequence[str | None] | None = None,
                 placed: bool = False) -> tuple[StreamedSheet, int]:
    """Lay out a titled table on `sheet` from row 1; returns its rows and the header's row.
    `number_formats` (per column) centre a column and format its numbers; `placed` keeps every body cell
    as a placed cell (small tables whose cells are restyled afterwards, e.g. the 汇总 figures)."""
    out = StreamedSheet()
    last = column_letter(len(headers))
    text_set = set(text_columns)
    text = [h in text_set for h in headers]
    widths = measure_widths(headers, rows, text, min_widths)
    sheet.widths.update(enumerate(widths, start=1))
    if text_width(title) * 1.5 > sum(widths):  # 16-point title wider than a narrow table: a merged cell
        out.put(1, 1, title, style_for(styles, title, font=TITLE_FONT, alignment=TITLE_LEFT))  # would clip it
    else:
        sheet.merged.append(f"A1:{last}1")
        out.put(1, 1, title, style_for(styles, title, font=TITLE_FONT, alignment=CENTER))
    out.heights[1] = 30
    header_row = 2
    if subtitle:
        sheet.merged.append(f"A2:{last}2")
        out.put(2, 1, subtitle, style_for(styles, subtitle, font=NOTE_FONT, alignment=NOTE_ALIGNMENT))
        out.heights[2] = note_height(subtitle, widths)
        header_row = 3
    for index, header in enumerate(headers, start=1):
        out.put(header_row, index, header, style_for(styles, header, font=HEADER_FONT, fill=HEADER_FILL,
                                                      border=BORDER, alignment=HEADER_ALIGNMENT))
    formats = list(number_formats or [None] * len(headers))
    columns = [body_column_styles(styles, f) for f in formats]
    if placed:
        for number, values in enumerate(rows, start=header_row + 1):
            for index, value in enumerate(values, start=1):
                if text[index - 1] and value is not None and not isinstance(value, str):
                    value = str(value)
                out.put(number, index, value, style_for(styles, value, font=BODY_FONT, border=BORDER,
                                                        alignment=BODY_ALIGNMENT))
    elif rows:
        out.body, out.body_start, out.body_rows = _render_body(rows, columns, text), header_row + 1, len(rows)
    sheet.first_unfrozen_row = header_row + 1
    sheet.filter_range = f"A{header_row}:{last}{header_row + len(rows)}"
    sheet.print_title_row = header_row  # and the print set-up of io.xlsx_layout, as every sheet
    return out, header_row


def note_height(text: str, widths: Sequence[float]) -> float:
    """A merged note row tall enough for its wrapped text: Excel and WPS do not grow a merged row
    themselves, so without a height the note shows one line (issue 15)."""
    room = sum(w or 8.43 for w in widths)
    lines = sum(max(1, -(-text_width(part) // max(int(room) - 2, 10))) for part in text.split("\n"))
    return max(15.0, 14.5 * lines + 3)
