"""Writing rectification ledgers: one sheet per ledger in the import's own shape (so an exported ledger
imports back unchanged), problem cells merged over their measures, and a figures block on top
(RECT-RATIOS) — the page reviewers ask for. A4 landscape, the header repeated on every page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from branchdesk.domain.rectification.figures import Figures, percent
from branchdesk.domain.rectification.records import LedgerDocument, MeasureRecord
from branchdesk.domain.rectification.status import STATUS_ORDER, MeasureStatus
from branchdesk.io.rectification_xlsx import HEADERS, PROBLEM_COLUMNS, sheet_title
from branchdesk.io.xlsx_writer import (
    BORDER,
    FONT_NAME,
    HEADER_FILL,
    save_workbook,
    set_print_layout,
    set_value,
)

FIGURE_HEADERS = ("统计范围", "措施总数", *(s.value for s in STATUS_ORDER), "完成率", "销号率", "逾期未完成", "逾期完成")
WIDTHS = {"序号": 6, "问题来源": 10, "问题类别": 14, "问题描述": 34, "措施序号": 6, "整改措施": 38, "责任领导": 10, "责任人": 10,
          "完成时限": 12, "整改进展": 34, "整改状态": 9, "完成日期": 12, "销号日期": 12, "销号审核人": 10,
          "佐证材料": 26}
_FIGURES_FILL = PatternFill("solid", fgColor="EAF1DD")
_CENTRED = ("序号", "措施序号", "整改状态", "完成日期", "销号日期")
_OVERDUE_FONT = Font(name=FONT_NAME, size=10, color="B00020")


@dataclass
class LedgerSheetData:
    document: LedgerDocument
    overall: Figures
    by_category: dict[str, Figures]
    as_of: date


def measure_values(m: MeasureRecord) -> list[object]:
    """A measure as a row, in HEADERS order (the import reads exactly these back)."""
    return [
        m.problem_number, m.problem_source, m.category, m.problem_description, m.number, m.text, m.leader, m.person,
        m.deadline if m.deadline else m.deadline_note, m.progress_text, m.status, m.completion_date,
        m.closed_date, m.verifier, m.evidence_text,
    ]


def figures_row(label: str, figures: Figures) -> list[object]:
    return [label, figures.total, *(figures.by_status.get(s.value, 0) for s in STATUS_ORDER),
            percent(figures.completion_rate), percent(figures.closing_rate), figures.overdue, figures.closed_late]


def _style(cell: Any, *, bold: bool = False, fill: PatternFill | None = None, center: bool = False) -> None:
    cell.font = Font(name=FONT_NAME, size=10, bold=bold)
    cell.border = BORDER
    cell.alignment = Alignment(horizontal="center" if center else None, vertical="center", wrap_text=True)
    if fill is not None:
        cell.fill = fill


def write_ledger_sheet(sheet: Worksheet, data: LedgerSheetData) -> int:
    """Fill one sheet; return the table's header row number."""
    ledger = data.document.ledger
    last = get_column_letter(len(HEADERS))
    sheet.merge_cells(f"A1:{last}1")
    set_value(sheet["A1"], ledger.title)
    sheet["A1"].font = Font(name=FONT_NAME, size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    facts = [f"问题来源：{ledger.source}"]
    if ledger.org_name:
        facts.append(f"所属组织：{ledger.org_name}")
    if ledger.received_date:
        facts.append(f"收到日期：{ledger.received_date:%Y-%m-%d}")
    if ledger.deadline:
        facts.append(f"整改时限：{ledger.deadline:%Y-%m-%d}")
    facts.append(f"统计日期：{data.as_of:%Y-%m-%d}")
    sheet.merge_cells(f"A2:{last}2")
    set_value(sheet["A2"], "　".join(facts))
    sheet["A2"].font = Font(name=FONT_NAME, size=10)
    # figures block (RECT-RATIOS): the whole ledger, then each category
    row = 3
    for col, header in enumerate(FIGURE_HEADERS, start=1):
        cell = sheet.cell(row=row, column=col)
        set_value(cell, header)
        _style(cell, bold=True, fill=_FIGURES_FILL, center=True)
    blocks = [("合计", data.overall)] + [(f"类别：{name}", fig) for name, fig in data.by_category.items()]
    for label, figures in blocks:
        row += 1
        for col, value in enumerate(figures_row(label, figures), start=1):
            cell = sheet.cell(row=row, column=col)
            set_value(cell, value)
            _style(cell, bold=label == "合计", center=col > 1)
    header_row = row + 2
    for col, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=header_row, column=col)
        set_value(cell, header)
        _style(cell, bold=True, fill=HEADER_FILL, center=True)
        sheet.column_dimensions[get_column_letter(col)].width = WIDTHS.get(header, 12)
    measures = data.document.measures
    problem_cols = [HEADERS.index(name) + 1 for name in PROBLEM_COLUMNS]
    start = header_row + 1
    for offset, measure in enumerate(measures):
        number = start + offset
        overdue = (measure.deadline is not None and measure.deadline < data.as_of
                   and measure.status not in (MeasureStatus.DONE, MeasureStatus.CLOSED))
        for col, value in enumerate(measure_values(measure), start=1):
            cell = sheet.cell(row=number, column=col)
            set_value(cell, value)
            _style(cell, center=HEADERS[col - 1] in _CENTRED)
            if overdue and HEADERS[col - 1] in ("完成时限", "整改状态"):
                cell.font = _OVERDUE_FONT
    # merge each problem's cells down over its measures
    index = 0
    while index < len(measures):
        end = index
        while end + 1 < len(measures) and measures[end + 1].problem_id == measures[index].problem_id:
            end += 1
        if end > index:
            for col in problem_cols:
                sheet.merge_cells(start_row=start + index, start_column=col, end_row=start + end, end_column=col)
        index = end + 1
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    set_print_layout(sheet, header_row)
    return header_row


def write_ledgers(path: Path, sheets: list[LedgerSheetData]) -> int:
    """One sheet per ledger; return the number of measures written."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    total = 0
    for data in sheets:
        sheet = workbook.create_sheet(sheet_title(data.document.ledger.title, used))
        write_ledger_sheet(sheet, data)
        total += len(data.document.measures)
    if not sheets:
        sheet = workbook.create_sheet("整改台账")
        set_value(sheet["A1"], "没有整改台账")
    save_workbook(workbook, Path(path))
    return total


def write_template(path: Path) -> None:
    """An empty ledger with a guide row: one row per measure, problem cells may be merged."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "整改台账"
    last = get_column_letter(len(HEADERS))
    sheet.merge_cells(f"A1:{last}1")
    set_value(sheet["A1"], "整改台账")
    sheet["A1"].font = Font(name=FONT_NAME, size=16, bold=True)
    sheet.merge_cells(f"A2:{last}2")
    set_value(sheet["A2"], (
        "填写说明：每项整改措施占一行；同一问题的序号、问题来源、问题类别、问题描述可合并单元格，措施序号为各项措施的编号；完成时限可写日期、"
        "“2025年6月底”或“长期坚持”；整改状态填 未开始、整改中、已完成、已销号；已销号的必须填写销号日期、销号审核人"
        "和佐证材料（多份用分号或换行分隔）；整改进展每行一条，可在行首写日期。"))
    sheet["A2"].font = Font(name=FONT_NAME, size=10, color="C00000")
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[2].height = 48
    for col, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=3, column=col)
        set_value(cell, header + ("*" if header in ("问题描述", "整改措施", "责任人", "完成时限") else ""))
        _style(cell, bold=True, fill=HEADER_FILL, center=True)
        sheet.column_dimensions[get_column_letter(col)].width = WIDTHS.get(header, 12)
    set_print_layout(sheet, 3)
    save_workbook(workbook, Path(path))
