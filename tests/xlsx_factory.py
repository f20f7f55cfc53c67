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
