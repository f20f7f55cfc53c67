"""Build real .xlsx files in tests, shaped like the sheets secretaries keep (title rows, any order)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook


def make_workbook(path: Path, headers: Sequence[str], rows: Sequence[Sequence[object]],
                  title_rows: Sequence[str] = ()) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for title in title_rows:
        sheet.append([title])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    # ID numbers typed as text, as a careful secretary would
    for cells in sheet.iter_rows(min_row=len(title_rows) + 2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    workbook.save(path)
    return path


def make_two_row_header_workbook(path: Path, upper: Sequence[str | None], lower: Sequence[str | None],
                                 rows: Sequence[Sequence[object]], title_rows: Sequence[str] = (), *,
                                 merge: bool = True) -> Path:
    """A table under a two-row header as schools draw one. `upper` and `lower` are the two header rows
    as typed (None: a blank cell). With `merge`, the cells are merged the way Excel shows such a header:
    a name in the upper row over a blank cell is merged down over both rows (工作岗位 beside a group), a
    group title in the upper row is merged across the blank upper cells after it that have a name below
    (基本情况 over 姓名 … 学历); each title row is merged across the table. Without `merge` the same
    cells are typed with no merged range (the blank cells stay blank)."""
    workbook = Workbook()
    sheet = workbook.active
    width = max(len(upper), len(lower))
    upper = [*upper, *[None] * (width - len(upper))]
    lower = [*lower, *[None] * (width - len(lower))]
    for title in title_rows:
        sheet.append([title])
        if merge:
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width)
    top = sheet.max_row + 1 if title_rows else 1
    for column, (up, low) in enumerate(zip(upper, lower, strict=True), start=1):
        if up is not None:
            sheet.cell(top, column, up)
        if low is not None:
            sheet.cell(top + 1, column, low)
    if merge:
        column = 0
        while column < width:
            if upper[column] is not None and lower[column] is None:  # a name merged down over both rows
                sheet.merge_cells(start_row=top, start_column=column + 1, end_row=top + 1, end_column=column + 1)
            elif upper[column] is not None:  # a group title across the columns named below it
                last = column
                while last + 1 < width and upper[last + 1] is None and lower[last + 1] is not None:
                    last += 1
                if last > column:
                    sheet.merge_cells(start_row=top, start_column=column + 1, end_row=top, end_column=last + 1)
                column = last
            column += 1
    for values in rows:
        sheet.append(list(values))
    for cells in sheet.iter_rows(min_row=top + 2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    workbook.save(path)
    return path
