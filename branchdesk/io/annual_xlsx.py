"""The year-end Excel workbook (issue 7; in io/ because it is built on io.xlsx_writer, and the layer
contract keeps reports/ and io/ apart): a 汇总 sheet first (key figures, the chart data and three
native charts — meetings by month per kind, rectification status, membership by age), then one sheet
per ledger from `build_tables`, each with title rows, a frozen filtered header, widths for Chinese
text, number and date formats and the print set-up of io.xlsx_writer (A4 landscape, fit to width,
header repeated, page numbers). Everything comes from `AnnualReportData`; nothing is computed here.

The workbook is written in one streaming pass without openpyxl (issue 18): the cells straight into each
sheet's XML (io.annual_xlsx_stream), the package around them — set-up, styles, charts — by
io.xlsx_package, so a district's hundred thousand cells cost about what writing their values alone
does and the command does not import openpyxl, numpy and PIL for a file it can spell itself."""

from __future__ import annotations

from pathlib import Path

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
from branchdesk.io.annual_xlsx_stream import StreamedSheet
from branchdesk.io.annual_xlsx_table import BODY_FONT, HEADER_ALIGNMENT, stream_table, style_for
from branchdesk.io.xlsx_charts import Chart, column_series
from branchdesk.io.xlsx_layout import DEFAULT_COLUMN_WIDTH, text_width
from branchdesk.io.xlsx_package import SheetPart, write_package
from branchdesk.io.xlsx_styles import BORDER, HEADER_FILL, Alignment, Font, StyleBook

NUMBER_FORMATS = {INT: "0", DATE: "yyyy-mm-dd", RATE: "0.0%", HOURS: "0.0", MONEY: "#,##0.00"}
EMPTY_RATE = "—"
EMPTY_NOTE_FONT = Font(size=10, italic=True)
BLOCK_TITLE_FONT = Font(size=12, bold=True)
BLOCK_HEADER_FONT = Font(size=10, bold=True)
SUMMARY = "汇总"
CHARTS_COLUMN = 3  # the charts' left edge: column D (0-based, as a drawing anchors)
FIGURE_ALIGNMENT = Alignment(horizontal="right", vertical="center")


def _cell_value(value: object, kind: str) -> object:
    if value is None:
        return EMPTY_RATE if kind == RATE else None
    return value


def _ledger_sheet(sheet: SheetPart, styles: StyleBook, table: LedgerTable, subtitle: str) -> StreamedSheet:
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


def _summary_sheet(sheet: SheetPart, styles: StyleBook, data: AnnualReportData, subtitle: str) -> StreamedSheet:
    lines = data.key_figures()
    rows = [[label, _cell_value(value, kind)] for label, value, kind in lines]
    kinds = data.meetings.kinds
    min_widths = {"项目": 30, "数值": 14}
    # the chart data's long headers (支部党员大会) under columns B–H: measured with the figures' widths
    out, header_row = stream_table(sheet, styles, f"{data.organisation}{data.title}", ["项目", "数值"], rows,
                                   subtitle=subtitle, min_widths=min_widths, placed=True)
    for i, kind in enumerate(kinds, start=2):
        sheet.widths[i] = max(sheet.widths.get(i, DEFAULT_COLUMN_WIDTH), text_width(kind) + 3)
    for offset, (_, value, kind) in enumerate(lines, start=1):
        shown = rows[offset - 1][1]
        fmt = NUMBER_FORMATS[kind] if kind in NUMBER_FORMATS and value is not None else None
        out.put(header_row + offset, 2, shown, style_for(styles, shown, font=BODY_FONT, border=BORDER,
                                                         alignment=FIGURE_ALIGNMENT, number_format=fmt))
    top = out.max_row + 3
    by_month = {k: data.meetings.month_values(data.meetings.by_month[k]) for k in kinds}  # "—": not covered
    head = _block(out, styles, top, "各月召开次数（全部党支部）", ["月份", *kinds],
                  [[MONTHS[i], *[by_month[k][i] for k in kinds]] for i in range(12)])
    note = data.meetings.note_under(list(by_month.values()), data.unreported)  # only under months showing "—" (TV-13)
    if note:  # under the twelve months, above the next block
        out.put(head + 13, 1, note, style_for(styles, note, font=EMPTY_NOTE_FONT))
    sheet.charts.append(Chart(False, "三会一课及主题党日各月召开次数",
                              column_series(SUMMARY, 2, 1 + len(kinds), head, head + 12, 1),
                              CHARTS_COLUMN, 2, 22, 9, x_title="月份", y_title="次数"))
    top += 16
    statuses = data.rectification.statuses
    head = _block(out, styles, top, "整改措施状态", ["状态", "措施数"],
                  [[s, data.rectification.status_totals.get(s, 0)] for s in statuses])
    sheet.charts.append(Chart(True, "整改措施状态", column_series(SUMMARY, 2, 2, head, head + len(statuses), 1),
                              CHARTS_COLUMN, 21, 11, 8))  # a pie with its values on the slices
    top += len(statuses) + 4
    ages = data.basic.by_age
    if ages:
        head = _block(out, styles, top, "党员年龄结构", ["年龄", "人数"], [[c.label, c.value] for c in ages])
        sheet.charts.append(Chart(False, "党员年龄结构", column_series(SUMMARY, 2, 2, head, head + len(ages), 1),
                                  CHARTS_COLUMN + 7, 21, 11, 8, legend=False))
    return out


def write_annual_workbook(data: AnnualReportData, path: Path) -> list[str]:
    """Write the workbook atomically; returns the sheet names in order."""
    styles = StyleBook()
    subtitle = (f"学校：{data.school or '—'}　组织：{data.organisation}　范围：{data.scope}　年度：{data.year}年　"
                f"数据截至：{data.as_of:%Y-%m-%d}　生成日期：{data.generated_on:%Y-%m-%d}")
    if data.meetings.records_from:
        subtitle += "　记录起始：" + "；".join(data.meetings.records_from)
    summary = SheetPart(SUMMARY)
    sheets = [(summary, _summary_sheet(summary, styles, data, subtitle))]
    for table in build_tables(data).values():
        part = SheetPart(table.key[:31])
        sheets.append((part, _ledger_sheet(part, styles, table, f"{data.organisation}　{data.year}年度")))
    write_package(Path(path), [(part, rows.rows) for part, rows in sheets], styles,
                  title=f"{data.organisation}{data.title}", creator="BranchDesk")
    return [part.name for part, _ in sheets]
