"""The annual workbook as the streaming writer made it before it spelt the package itself: openpyxl's
write-only workbook for the sheets' set-up, styles and charts, the rows spliced into each sheet's XML
as openpyxl zipped it. Kept only as the reference that io.xlsx_package's parts are compared with, part
by part (tests/annual_report/test_workbook_package.py); not used by the application. The code is the
three modules of that writer (annual_xlsx_stream, annual_xlsx_table, annual_xlsx) as they were, in one
file; the exports' shared helpers (io.xlsx_writer) are imported, as they were."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.writer.excel import ExcelWriter

from branchdesk.domain.annual_report.records import (
    DATE,
    HOURS,
    INT,
    MONEY,
    MONTHS,
    RATE,
    TEXT,
    AnnualReportData,
    LedgerTable,
)
from branchdesk.domain.annual_report.tables import build_tables
from branchdesk.domain.text import elide, xml_safe
from branchdesk.io.xlsx_writer import BORDER, FONT_NAME, HEADER_FILL, set_print_layout, text_width

# ---- the cells and the splicing zip (was io/annual_xlsx_stream.py) ------------------------------------

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


# ---- a titled table on a write-only sheet (was io/annual_xlsx_table.py) --------------------------------

TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
NOTE_FONT = BODY_FONT = Font(name=FONT_NAME, size=10)
HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True)
CENTER = Alignment(horizontal="center", vertical="center")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
NOTE_ALIGNMENT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TITLE_LEFT = Alignment(horizontal="left", vertical="center")
BODY_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
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
    base = {"font": BODY_FONT, "border": BORDER, "alignment": alignment}
    return ColumnStyles(styles.id(**base), styles.id(quote=True, **base),
                        styles.id(number_format=number_format or DATE_FORMAT, **base),
                        styles.id(number_format=number_format, **base))


def _render_body(rows: Sequence[Sequence[object]], columns: list[ColumnStyles], text: list[bool]) -> Any:
    """The body's rows as XML, rendered when the file is written. The common values (text, whole
    numbers, dates) are written inline here; anything else goes through cell_xml."""
    letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
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
                        serial = serials[value] = safe_string(to_excel(value))
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


def stream_table(sheet: Any, styles: StyleBook, title: str, headers: Sequence[str],
                 rows: Sequence[Sequence[object]], *, subtitle: str = "", min_widths: dict[str, int] | None = None,
                 text_columns: Sequence[str] = (), number_formats: Sequence[str | None] | None = None,
                 placed: bool = False) -> tuple[StreamedSheet, int]:
    """Lay out a titled table on the write-only `sheet` from row 1; returns its rows and the header's row.
    `number_formats` (per column) centre a column and format its numbers; `placed` keeps every body cell
    as a placed cell (small tables whose cells are restyled afterwards, e.g. the 汇总 figures)."""
    out = StreamedSheet()
    last = get_column_letter(len(headers))
    text_set = set(text_columns)
    text = [h in text_set for h in headers]
    widths = measure_widths(headers, rows, text, min_widths)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if text_width(title) * 1.5 > sum(widths):  # 16-point title wider than a narrow table: a merged cell
        out.put(1, 1, title, style_for(styles, title, font=TITLE_FONT, alignment=TITLE_LEFT))  # would clip it
    else:
        sheet.merged_cells.add(f"A1:{last}1")
        out.put(1, 1, title, style_for(styles, title, font=TITLE_FONT, alignment=CENTER))
    out.heights[1] = 30
    header_row = 2
    if subtitle:
        sheet.merged_cells.add(f"A2:{last}2")
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
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + len(rows)}"
    set_print_layout(sheet, header_row)
    return out, header_row


def note_height(text: str, widths: Sequence[float]) -> float:
    """A merged note row tall enough for its wrapped text: Excel and WPS do not grow a merged row
    themselves, so without a height the note shows one line (issue 15)."""
    room = sum(w or 8.43 for w in widths)
    lines = sum(max(1, -(-text_width(part) // max(int(room) - 2, 10))) for part in text.split("\n"))
    return max(15.0, 14.5 * lines + 3)


# ---- the workbook (was io/annual_xlsx.py) --------------------------------------------------------------

NUMBER_FORMATS = {INT: "0", DATE: "yyyy-mm-dd", RATE: "0.0%", HOURS: "0.0", MONEY: "#,##0.00"}
EMPTY_RATE = "—"
EMPTY_NOTE_FONT = Font(name=FONT_NAME, size=10, italic=True)
BLOCK_TITLE_FONT = Font(name=FONT_NAME, size=12, bold=True)
BLOCK_HEADER_FONT = Font(name=FONT_NAME, size=10, bold=True)
FIGURE_ALIGNMENT = Alignment(horizontal="right", vertical="center")


def _cell_value(value: object, kind: str) -> object:
    if value is None:
        return EMPTY_RATE if kind == RATE else None
    return value


def _ledger_sheet(sheet: Any, styles: StyleBook, table: LedgerTable, subtitle: str) -> StreamedSheet:
    """One ledger as a formatted sheet."""
    kinds = [c.kind for c in table.columns]
    if RATE in kinds:  # a rate not known is shown as "—", never as 0
        rows = [[_cell_value(v, k) for v, k in zip(row, kinds, strict=True)] for row in table.rows]
    else:
        rows = table.rows  # type: ignore[assignment]
    note = "　".join(x for x in (subtitle, table.note) if x)
    out, header_row = stream_table(
        sheet, styles, table.title, [c.title for c in table.columns], rows, subtitle=note,
        min_widths={c.title: c.width for c in table.columns if c.width},
        text_columns=[c.title for c in table.columns if c.kind == TEXT],
        number_formats=[NUMBER_FORMATS.get(k) for k in kinds])
    if not table.rows:
        out.put(header_row + 1, 1, "（本年度无记录）", styles.id(font=EMPTY_NOTE_FONT))
    return out


def _block(out: StreamedSheet, styles: StyleBook, top: int, title: str, headers: list[str],
           rows: list[list[object]]) -> int:
    """A small titled table on the 汇总 sheet (the data a chart reads); returns the header row."""
    out.put(top, 1, title, style_for(styles, title, font=BLOCK_TITLE_FONT))
    for i, header in enumerate(headers, start=1):
        out.put(top + 1, i, header, style_for(styles, header, font=BLOCK_HEADER_FONT, fill=HEADER_FILL,
                                                  border=BORDER, alignment=HEADER_ALIGNMENT))
    for r, values in enumerate(rows, start=top + 2):
        for i, value in enumerate(values, start=1):
            out.put(r, i, value, style_for(styles, value, font=BODY_FONT, border=BORDER))
    return top + 1


def _summary_sheet(sheet: Any, styles: StyleBook, data: AnnualReportData, subtitle: str) -> StreamedSheet:
    lines = data.key_figures()
    rows = [[label, _cell_value(value, kind)] for label, value, kind in lines]
    kinds = data.meetings.kinds
    min_widths = {"项目": 30, "数值": 14}
    # the chart data's long headers (支部党员大会) under columns B–H: measured with the figures' widths
    out, header_row = stream_table(sheet, styles, f"{data.organisation}{data.title}", ["项目", "数值"], rows,
                                   subtitle=subtitle, min_widths=min_widths, placed=True)
    widths = {i: sheet.column_dimensions[get_column_letter(i)].width or 0
              for i in range(2, 2 + len(kinds))}
    for i, kind in enumerate(kinds, start=2):
        sheet.column_dimensions[get_column_letter(i)].width = max(widths[i], text_width(kind) + 3)
    for offset, (_, value, kind) in enumerate(lines, start=1):
        shown = rows[offset - 1][1]
        fmt = NUMBER_FORMATS[kind] if kind in NUMBER_FORMATS and value is not None else None
        out.put(header_row + offset, 2, shown, style_for(styles, shown, font=BODY_FONT, border=BORDER,
                                                         alignment=FIGURE_ALIGNMENT, number_format=fmt))
    top = out.max_row + 3
    charts_column = 4
    by_month = {k: data.meetings.month_values(data.meetings.by_month[k]) for k in kinds}
    head = _block(out, styles, top, "各月召开次数（全部党支部）", ["月份", *kinds],
                  [[MONTHS[i], *[by_month[k][i] for k in kinds]] for i in range(12)])
    note = data.meetings.note_under(list(by_month.values()), data.unreported)
    if note:
        out.put(head + 13, 1, note, styles.id(font=EMPTY_NOTE_FONT))
    chart = BarChart()
    chart.type, chart.grouping, chart.title = "col", "clustered", "三会一课及主题党日各月召开次数"
    chart.y_axis.title, chart.x_axis.title = "次数", "月份"
    chart.add_data(Reference(sheet, min_col=2, max_col=1 + len(kinds), min_row=head, max_row=head + 12),
                   titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=head + 1, max_row=head + 12))
    chart.height, chart.width = 9, 22
    sheet.add_chart(chart, f"{get_column_letter(charts_column)}3")
    top += 16
    statuses = data.rectification.statuses
    head = _block(out, styles, top, "整改措施状态", ["状态", "措施数"],
                  [[s, data.rectification.status_totals.get(s, 0)] for s in statuses])
    pie = PieChart()
    pie.title = "整改措施状态"
    pie.add_data(Reference(sheet, min_col=2, min_row=head, max_row=head + len(statuses)), titles_from_data=True)
    pie.set_categories(Reference(sheet, min_col=1, min_row=head + 1, max_row=head + len(statuses)))
    pie.dataLabels = DataLabelList()
    pie.dataLabels.showVal = True
    pie.height, pie.width = 8, 11
    sheet.add_chart(pie, f"{get_column_letter(charts_column)}22")
    top += len(statuses) + 4
    ages = data.basic.by_age
    if ages:
        head = _block(out, styles, top, "党员年龄结构", ["年龄", "人数"], [[c.label, c.value] for c in ages])
        bar = BarChart()
        bar.type, bar.title = "col", "党员年龄结构"
        bar.add_data(Reference(sheet, min_col=2, min_row=head, max_row=head + len(ages)), titles_from_data=True)
        bar.set_categories(Reference(sheet, min_col=1, min_row=head + 1, max_row=head + len(ages)))
        bar.legend = None
        bar.height, bar.width = 8, 11
        sheet.add_chart(bar, f"{get_column_letter(charts_column + 7)}22")
    return out


def write_annual_workbook(data: AnnualReportData, path: Path) -> list[str]:
    """Write the workbook atomically; returns the sheet names in order."""
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet("汇总")
    styles = StyleBook(summary)
    subtitle = (f"学校：{data.school or '—'}　组织：{data.organisation}　范围：{data.scope}　年度：{data.year}年　"
                f"数据截至：{data.as_of:%Y-%m-%d}　生成日期：{data.generated_on:%Y-%m-%d}")
    if data.meetings.records_from:
        subtitle += "　记录起始：" + "；".join(data.meetings.records_from)
    sheets = [_summary_sheet(summary, styles, data, subtitle)]
    for table in build_tables(data).values():
        sheets.append(_ledger_sheet(workbook.create_sheet(table.key[:31]), styles, table,
                                    f"{data.organisation}　{data.year}年度"))
    workbook.properties.title = f"{data.organisation}{data.title}"
    workbook.properties.creator = "BranchDesk"
    save_streamed(workbook, sheets, Path(path))
    return workbook.sheetnames
