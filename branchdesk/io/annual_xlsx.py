"""The year-end Excel workbook (issue 7; in io/ because it is built on io.xlsx_writer, and the layer
contract keeps reports/ and io/ apart): a 汇总 sheet first (key figures, the chart data and three
native charts — meetings by month per kind, rectification status, membership by age), then one sheet
per ledger from `build_tables`, each with title rows, a frozen filtered header, widths for Chinese
text, number and date formats and the print set-up of io.xlsx_writer (A4 landscape, fit to width,
header repeated, page numbers). Everything comes from `AnnualReportData`; nothing is computed here.

The workbook is written in one streaming pass (io.annual_xlsx_stream): openpyxl's write-only mode for
the sheets' set-up and charts, the cells straight into the sheet XML, so a district's hundred thousand
cells cost about what writing their values alone does (issue 18)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

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
from branchdesk.io.annual_xlsx_stream import StreamedSheet, StyleBook, save_streamed
from branchdesk.io.annual_xlsx_table import BODY_FONT, HEADER_ALIGNMENT, stream_table, style_for
from branchdesk.io.xlsx_writer import BORDER, FONT_NAME, HEADER_FILL, text_width

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
    head = _block(out, styles, top, "各月召开次数（全部党支部）", ["月份", *kinds],
                  [[MONTHS[i], *[data.meetings.by_month[k][i] for k in kinds]] for i in range(12)])
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
