"""Formatted workbooks that print well: title rows, a bold bordered header that is frozen, filtered
and repeated on every printed page, widths that fit Chinese text, A4 landscape fit to width, page
numbers in the footer. Text that starts like a formula is always written as text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from branchdesk.domain.text import elide, xml_safe
from branchdesk.export_files import written_whole
from branchdesk.io import xlsx_layout as layout
from branchdesk.io.xlsx_layout import EXCEL_CELL_LIMIT, FONT_NAME, FORMULA_STARTS, TOO_LONG, text_width

_THIN = Side(style=layout.BORDER_STYLE, color=layout.BORDER_COLOUR)
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor=layout.HEADER_FILL_COLOUR)


def set_value(cell: Cell, value: object) -> None:
    """Write a value; strings are always text, never formulas (CSV/formula injection), without the
    characters an .xlsx cannot hold (a vertical tab pasted from Word once made every export fail:
    issue 21) and within Excel's length for a cell."""
    if isinstance(value, str):
        value = elide(xml_safe(value), EXCEL_CELL_LIMIT, TOO_LONG)
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    elif isinstance(value, datetime | date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    else:
        cell.value = value


def write_table(
    sheet: Worksheet,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    subtitle: str = "",
    min_widths: dict[str, int] | None = None,
    max_width: int = 40,
    text_columns: Iterable[str] = (),
) -> int:
    """Write a titled table starting at row 1; return the header's row number."""
    column_count = len(headers)
    last = get_column_letter(column_count)
    sheet.merge_cells(f"A1:{last}1")
    set_value(sheet["A1"], title)
    sheet["A1"].font = Font(name=FONT_NAME, size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    header_row = 2
    if subtitle:
        sheet.merge_cells(f"A2:{last}2")
        set_value(sheet["A2"], subtitle)
        sheet["A2"].font = Font(name=FONT_NAME, size=10)
        sheet["A2"].alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
        header_row = 3
    widths = [text_width(h) + 2 for h in headers]
    text_set = set(text_columns)
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(row=header_row, column=index)
        set_value(cell, header)
        cell.font = Font(name=FONT_NAME, size=11, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row_number = header_row
    body_font = Font(name=FONT_NAME, size=10)
    body_alignment = Alignment(vertical="center", wrap_text=True)
    body_style = None  # the body cells' style, built once and copied (openpyxl hashes every assignment)
    for row_number, values in enumerate(rows, start=header_row + 1):
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=index)
            if headers[index - 1] in text_set and value is not None and not isinstance(value, str):
                value = str(value)
            if body_style is None:
                cell.font = body_font
                cell.border = BORDER
                cell.alignment = body_alignment
                body_style = copy(cell._style)
            else:
                cell._style = copy(body_style)
            set_value(cell, value)
            if isinstance(value, str):
                shown = max((text_width(line) for line in value.splitlines()), default=0)
                widths[index - 1] = max(widths[index - 1], min(shown + 2, max_width))
            elif isinstance(value, date | datetime):
                widths[index - 1] = max(widths[index - 1], 12)
    total_width = 0
    for index, header in enumerate(headers, start=1):
        width = max(widths[index - 1], (min_widths or {}).get(header, 0))
        sheet.column_dimensions[get_column_letter(index)].width = width
        total_width += width
    if text_width(title) * 1.5 > total_width:  # 16-point title wider than a narrow table: a merged
        sheet.unmerge_cells(f"A1:{last}1")  # cell would clip it, a plain one lets it run to the right
        sheet["A1"].alignment = Alignment(horizontal="left", vertical="center")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.auto_filter.ref = f"A{header_row}:{last}{max(row_number, header_row)}"
    set_print_layout(sheet, header_row)
    return header_row


def set_print_layout(sheet: Worksheet | WriteOnlyWorksheet, header_row: int) -> None:
    """A4 landscape, fit to one page wide, the header repeated on every page, page X of Y: every
    workbook we write with openpyxl; the annual workbook's package writer reads the same io.xlsx_layout
    values."""
    sheet.page_setup.paperSize = layout.PAPER_A4
    sheet.page_setup.orientation = layout.ORIENTATION
    sheet.page_setup.fitToWidth = layout.FIT_TO_WIDTH
    sheet.page_setup.fitToHeight = layout.FIT_TO_HEIGHT
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = layout.MARGIN_SIDES
    sheet.page_margins.top = sheet.page_margins.bottom = layout.MARGIN_TOP_BOTTOM
    sheet.page_margins.header = sheet.page_margins.footer = layout.MARGIN_HEADER_FOOTER
    sheet.oddFooter.center.text = layout.FOOTER_CENTRE


def save_workbook(workbook: Workbook, path: Path) -> None:
    """Save through a temporary file and rename, so a failed save never leaves half a workbook (nor,
    killed half-way, a temporary the next export does not remove: export_files.py)."""
    with written_whole(path) as partial:
        workbook.save(partial)


def write_template_workbook(path: Path, title: str, columns: Sequence[tuple[str, bool]], guide: str, *,
                            guide_height: int = 45, text_columns: Iterable[str] = (),
                            min_widths: dict[str, int] | None = None) -> None:
    """An empty import template: the import's header (required columns marked *), a red note on how
    to fill it in, and text format on columns such as the ID number so Excel keeps every digit."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    names = [name for name, _required in columns]
    header_row = write_table(sheet, title, names, [], subtitle=guide, min_widths=min_widths)
    sheet.row_dimensions[2].height = guide_height
    text = set(text_columns)
    for index, (name, required) in enumerate(columns, start=1):
        if required:
            sheet.cell(row=header_row, column=index).value = name + "*"
        if name in text:
            for row in range(header_row + 1, header_row + 501):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet["A2"].font = Font(name=FONT_NAME, size=10, color="C00000")
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    save_workbook(workbook, path)
