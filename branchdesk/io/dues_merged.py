"""Merged cells in the rows of a 党费 sheet (its header's are read by io/dues_header.py). Excel keeps a
merged range's value in its top-left cell only, and it means every cell of the range:

- down a column — 姓名 over a member's payments, 起始月份 over a whole 缴费基数 list, "√" down a month for
  everyone who paid it: each row the range covers gets the value (as every import does, io/xlsx_merged.py);
- across the month cells of one row — a quarter paid at once: one payment for those months
  (dues_xlsx._wide_rows reads `across`).

An amount merged down (金额 over several payment rows, a month's amount over several members) cannot be
shared out: it is not copied into each row, which would count it again and again; the rows it covers are
given back in `refused`, and the reader refuses them with the range named."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from branchdesk.io.xlsx_merged import Range


@dataclass
class MergedRows:
    rows: list[tuple[object, ...]]  # the sheet's rows, with the values merged down filled in
    refused: dict[tuple[int, int], Range] = field(default_factory=dict)  # (0-based row, column) -> its range
    across: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # 0-based row -> (left, right), 0-based


def range_text(merged: Range) -> str:
    """"C3:C5"."""
    (top, left), (bottom, right) = merged
    return f"{get_column_letter(left + 1)}{top + 1}:{get_column_letter(right + 1)}{bottom + 1}"


def fill_merged(rows: Sequence[tuple[object, ...]], merged: list[Range], first_data: int, columns: Collection[int],
                is_amount: Callable[[int, object], bool]) -> MergedRows:
    """The rows from `first_data` (0-based) on with each range that starts there read: a range over
    several rows gives its value to each row it covers in its first column when that column is one the
    table reads (`columns`), unless `is_amount(column, value)` says it is an amount (then its rows are
    refused); a range over several columns is recorded per row in `across`."""
    result = MergedRows(list(rows))
    wanted = set(columns)
    for (top, left), (bottom, right) in merged:
        if top < first_data or top >= len(rows):
            continue
        if right > left:
            for number in range(top, min(bottom, len(rows) - 1) + 1):
                result.across.setdefault(number, []).append((left, right))
        if bottom == top or left not in wanted:
            continue
        value = rows[top][left] if left < len(rows[top]) else None
        if value is None:
            continue
        if is_amount(left, value):
            for number in range(top, min(bottom, len(rows) - 1) + 1):
                result.refused[(number, left)] = ((top, left), (bottom, right))
            continue
        for number in range(top + 1, min(bottom, len(rows) - 1) + 1):
            cells = result.rows[number]
            if left >= len(cells) or cells[left] is None:
                padded = list(cells) + [None] * (left + 1 - len(cells))
                padded[left] = value
                result.rows[number] = tuple(padded)
    return result
