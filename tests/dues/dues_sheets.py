"""Dues workbooks shaped like the ones branches keep: a wide 登记表 with a school title row, a
two-row header whose 缴纳情况 cell is merged over 1月 … 12月, a branch cell merged down its members,
a 合计 row; and a long 交纳明细 with title rows and months written several ways."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook


def wide_ledger(path: Path, rows: Sequence[Sequence[object]], *, title: str = "示范中学2025年度党费收缴登记表",
                branch_column: bool = True, subcolumns: bool = False) -> Path:
    """rows: 姓名, 所在党支部, 缴费基数, 比例, 月应交, twelve month cells, 合计."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    fixed = ["序号", "姓名", *(["所在党支部"] if branch_column else []), "缴费基数", "比例", "月应交"]
    width = len(fixed)
    sheet.append([title])
    sheet.append(["单位：中共示范中学委员会　　　　　　　金额单位：元"])
    top = [*fixed, "缴纳情况"] + [None] * (24 if subcolumns else 11) + ["合计"]
    sheet.append(top)
    if subcolumns:
        months = [x for m in range(1, 13) for x in (f"{m}月", None)]
        sheet.append([None] * width + months + [None])
        sheet.append([None] * width + ["应交", "实交"] * 12 + [None])
    else:
        sheet.append([None] * width + [f"{m}月" for m in range(1, 13)] + [None])
    last_col = width + (24 if subcolumns else 12) + 1
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    header_rows = 3 if subcolumns else 2
    for column in range(1, width + 1):
        sheet.merge_cells(start_row=3, start_column=column, end_row=2 + header_rows, end_column=column)
    sheet.merge_cells(start_row=3, start_column=width + 1, end_row=3, end_column=last_col - 1)
    sheet.merge_cells(start_row=3, start_column=last_col, end_row=2 + header_rows, end_column=last_col)
    first_data = sheet.max_row + 1
    for index, (name, branch, base, rate, monthly, *rest) in enumerate(rows, start=1):
        months, total = rest[:12], rest[12] if len(rest) > 12 else None
        cells: list[object] = [index, name, *([branch] if branch_column else []), base, rate, monthly]
        cells += [x for m in months for x in ((monthly, m) if subcolumns else (m,))]
        sheet.append([*cells, total])
    if branch_column and len(rows) > 1:  # the branch merged down its rows
        for r in range(first_data + 1, first_data + len(rows)):
            sheet.cell(row=r, column=3).value = None
        sheet.merge_cells(start_row=first_data, start_column=3, end_row=first_data + len(rows) - 1, end_column=3)
    sheet.append([None, "合计"])
    workbook.save(path)
    return path


def long_ledger(path: Path, headers: Sequence[str], rows: Sequence[Sequence[object]],
                titles: Sequence[str] = ("高一年级党支部党费交纳明细（2025年）",)) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for title in titles:
        sheet.append([title])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def header_ledger(path: Path, header: Sequence[Sequence[object]], rows: Sequence[Sequence[object]],
                  titles: Sequence[str] = ("2025年高一年级党支部党费收缴登记表",), *, merge: bool = True) -> Path:
    """A sheet under a header of one, two or three rows, merged the way Excel shows one (`header`: its rows
    as typed, None a blank cell): a name over blank cells down to the header's last row is merged down
    ("姓名" over two rows); a title over blank cells to its right that have names below is merged across
    them ("缴纳情况" over 1月 … 12月, "1月" over 应缴 | 实缴); each title row is merged across the table."""
    workbook = Workbook()
    sheet = workbook.active
    width = max(len(r) for r in header)
    band = [[*r, *[None] * (width - len(r))] for r in header]
    for title in titles:
        sheet.append([title])
        if merge:
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width)
    top = sheet.max_row + 1
    for offset, cells in enumerate(band):
        for column, value in enumerate(cells, start=1):
            if value is not None:
                sheet.cell(top + offset, column, value)
    for level, cells in enumerate(band):
        if not merge:
            break
        for column, value in enumerate(cells):
            if value is None:
                continue
            below = [r[column] for r in band[level + 1:]]
            if below and all(v is None for v in below):  # merged down to the header's last row
                sheet.merge_cells(start_row=top + level, start_column=column + 1, end_row=top + len(band) - 1,
                                  end_column=column + 1)
                continue
            last = column
            while (last + 1 < width and cells[last + 1] is None
                   and any(r[last + 1] is not None for r in band[level + 1:])):
                last += 1
            if last > column:
                sheet.merge_cells(start_row=top + level, start_column=column + 1, end_row=top + level,
                                  end_column=last + 1)
    for values in rows:
        sheet.append(list(values))
    workbook.save(path)
    return path
