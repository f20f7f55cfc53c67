"""The annual workbook as it was written before the streaming writer: an in-memory openpyxl Workbook.
Kept only as the reference the streaming writer's output is compared with (same sheets, cells, styles,
merges, widths, heights, print set-up and charts); not used by the application. The shared helpers
it called (set_value, write_table, set_print_layout) are the exports' own, imported, not copied."""

from __future__ import annotations

from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

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
from branchdesk.io.xlsx_writer import (
    BORDER,
    FONT_NAME,
    HEADER_FILL,
    set_value,
    text_width,
    write_table,
)

CENTER = Alignment(horizontal="center", vertical="center")
NUMBER_FORMATS = {INT: "0", DATE: "yyyy-mm-dd", RATE: "0.0%", HOURS: "0.0", MONEY: "#,##0.00"}
EMPTY_RATE = "—"


def _cell_value(value: object, kind: str) -> object:
    if value is None:
        return EMPTY_RATE if kind == RATE else None
    return value


def write_ledger_sheet(sheet: Worksheet, table: LedgerTable, subtitle: str) -> int:
    """One ledger as a formatted sheet; returns the header row."""
    headers = [c.title for c in table.columns]
    kinds = [c.kind for c in table.columns]
    rows = ([_cell_value(v, k) for v, k in zip(row, kinds, strict=True)] for row in table.rows)
    note = "　".join(x for x in (subtitle, table.note) if x)
    header_row = write_table(sheet, table.title, headers, rows, subtitle=note,
                             min_widths={c.title: c.width for c in table.columns if c.width},
                             text_columns=[c.title for c in table.columns if c.kind == TEXT])
    styles: dict[tuple[int, bool], object] = {}  # built once per column and copied: openpyxl hashes each assignment
    for index, kind in enumerate(kinds, start=1):
        fmt = NUMBER_FORMATS.get(kind)
        if fmt is None:
            continue
        for (cell,) in sheet.iter_rows(min_row=header_row + 1, max_row=header_row + len(table.rows),
                                       min_col=index, max_col=index):
            key = (index, isinstance(cell.value, str))
            if key in styles:
                cell._style = copy(styles[key])
                continue
            if not key[1]:
                cell.number_format = fmt
            cell.alignment = CENTER
            styles[key] = copy(cell._style)
    if not table.rows:
        cell = sheet.cell(row=header_row + 1, column=1)
        set_value(cell, "（本年度无记录）")
        cell.font = Font(name=FONT_NAME, size=10, italic=True)
    if note:
        fit_note_row(sheet, 2, note, len(headers))
    return header_row


def fit_note_row(sheet: Worksheet, row: int, text: str, columns: int) -> None:
    """A merged note row tall enough for its wrapped text: Excel and WPS do not grow a merged row
    themselves, so without a height the note shows one line (issue 15)."""
    room = sum((sheet.column_dimensions[get_column_letter(i)].width or 8.43) for i in range(1, columns + 1))
    lines = sum(max(1, -(-text_width(part) // max(int(room) - 2, 10))) for part in text.split("\n"))
    sheet.row_dimensions[row].height = max(15.0, 14.5 * lines + 3)


def _block(sheet: Worksheet, top: int, title: str, headers: list[str], rows: list[list[object]],
           formats: dict[int, str] | None = None) -> int:
    """A small titled table on the 汇总 sheet (the data a chart reads); returns the header row."""
    set_value(sheet.cell(row=top, column=1), title)
    sheet.cell(row=top, column=1).font = Font(name=FONT_NAME, size=12, bold=True)
    for i, header in enumerate(headers, start=1):
        cell = sheet.cell(row=top + 1, column=i)
        set_value(cell, header)
        cell.font = Font(name=FONT_NAME, size=10, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, values in enumerate(rows, start=top + 2):
        for i, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=i)
            set_value(cell, value)
            cell.font = Font(name=FONT_NAME, size=10)
            cell.border = BORDER
            if formats and i in formats and not isinstance(value, str):
                cell.number_format = formats[i]
    return top + 1


def _summary_sheet(sheet: Worksheet, data: AnnualReportData, subtitle: str) -> None:
    lines = data.key_figures()
    rows = [[label, _cell_value(value, kind)] for label, value, kind in lines]
    header_row = write_table(sheet, f"{data.organisation}{data.title}", ["项目", "数值"], rows, subtitle=subtitle,
                             min_widths={"项目": 30, "数值": 14})
    for offset, (_, value, kind) in enumerate(lines, start=1):
        cell = sheet.cell(row=header_row + offset, column=2)
        cell.alignment = Alignment(horizontal="right", vertical="center")
        if kind in NUMBER_FORMATS and value is not None:
            cell.number_format = NUMBER_FORMATS[kind]
    if subtitle:
        fit_note_row(sheet, 2, subtitle, 2)
    top = sheet.max_row + 3
    charts_column = 4
    kinds = data.meetings.kinds
    for i, kind in enumerate(kinds, start=2):  # the chart data's long headers (支部党员大会) under column C–H
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = max(sheet.column_dimensions[letter].width or 0, text_width(kind) + 3)
    by_month = {k: data.meetings.month_values(data.meetings.by_month[k]) for k in kinds}
    head = _block(sheet, top, "各月召开次数（全部党支部）", ["月份", *kinds],
                  [[MONTHS[i], *[by_month[k][i] for k in kinds]] for i in range(12)])
    note = data.meetings.note_under(list(by_month.values()), data.unreported)
    if note:
        cell = sheet.cell(row=head + 13, column=1)
        set_value(cell, note)
        cell.font = Font(name=FONT_NAME, size=10, italic=True)
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
    head = _block(sheet, top, "整改措施状态", ["状态", "措施数"],
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
        head = _block(sheet, top, "党员年龄结构", ["年龄", "人数"], [[c.label, c.value] for c in ages])
        bar = BarChart()
        bar.type, bar.title = "col", "党员年龄结构"
        bar.add_data(Reference(sheet, min_col=2, min_row=head, max_row=head + len(ages)), titles_from_data=True)
        bar.set_categories(Reference(sheet, min_col=1, min_row=head + 1, max_row=head + len(ages)))
        bar.legend = None
        bar.height, bar.width = 8, 11
        sheet.add_chart(bar, f"{get_column_letter(charts_column + 7)}22")


def write_annual_workbook(data: AnnualReportData, path: Path) -> list[str]:
    """Write the workbook atomically; returns the sheet names in order."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "汇总"
    subtitle = (f"学校：{data.school or '—'}　组织：{data.organisation}　范围：{data.scope}　年度：{data.year}年　"
                f"数据截至：{data.as_of:%Y-%m-%d}　生成日期：{data.generated_on:%Y-%m-%d}")
    if data.meetings.records_from:
        subtitle += "　记录起始：" + "；".join(data.meetings.records_from)
    _summary_sheet(summary, data, subtitle)
    for table in build_tables(data).values():
        write_ledger_sheet(workbook.create_sheet(table.key[:31]), table, f"{data.organisation}　{data.year}年度")
    workbook.properties.title = f"{data.organisation}{data.title}"
    workbook.properties.creator = "BranchDesk"
    workbook.save(Path(path))
    return workbook.sheetnames
