"""Merged cells in a table being imported (issue 13): Excel keeps a merged range's value only in its
top-left cell, and it means every cell of the range (所在党支部 merged over a branch's members, 问题描述
over its measures). The reader (io.xlsx_reader) asks here which ranges a sheet has and what each row
of the table gets from them."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from openpyxl.utils import column_index_from_string

Range = tuple[tuple[int, int], tuple[int, int]]  # ((top, left), (bottom, right)), 0-based
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"')


def merged_ranges(sheet: Any, path: Path, part: str) -> list[Range]:
    """The sheet's merged ranges: calamine reads them from the sheet's <mergeCells>; a calamine that
    does not (None) is backed by reading that element from the zip, which costs one stream of the
    sheet's XML and builds nothing (openpyxl's read-only mode does not report merged cells either)."""
    ranges = getattr(sheet, "merged_cell_ranges", None)
    if ranges is not None:
        return list(ranges)
    return merged_ranges_in_xml(path, part)


def merged_ranges_in_xml(path: Path, part: str) -> list[Range]:
    """<mergeCell ref="H4:H12"/> elements of one sheet's XML, streamed in 1 MB pieces (a piece ends
    before its last "<", so no element is cut in two)."""
    found: list[Range] = []
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
        while True:
            chunk = stream.read(1 << 20)
            text = tail + chunk
            cut = text.rfind(b"<") if chunk else len(text)
            body, tail = text[:max(cut, 0)], text[max(cut, 0):]
            for m in _MERGE_REF.finditer(body):
                left, top = column_index_from_string(m[1].decode()) - 1, int(m[2]) - 1
                right = column_index_from_string(m[3].decode()) - 1 if m[3] else left
                found.append(((top, left), (int(m[4]) - 1 if m[4] else top, right)))
            if not chunk:
                return found


def merged_fill(sheet: Any, first_data_row: int, mapping: Mapping[str, int], merged: list[Range],
                cleaner: Callable[[str], Callable[[str], str]]) -> dict[int, dict[str, object]]:
    """Row -> {column name: value} for the cells of merged ranges that start in the table (at or
    below `first_data_row`, 1-based; `mapping`: column name -> 0-based index), each text cleaned by
    its column's cleaner. A range of one row (a heading across columns) is left as it is."""
    ranges = [r for r in merged if r[1][0] > r[0][0] and r[0][0] + 1 > first_data_row - 1]
    if not ranges:
        return {}
    names = {index: name for name, index in mapping.items()}
    tops = {top for (top, _left), _end in ranges}
    offset = sheet.start[1] if sheet.height else 0
    values = {index: row for index, row in enumerate(sheet.iter_rows()) if index in tops}
    fill: dict[int, dict[str, object]] = {}
    for (top, left), (bottom, right) in ranges:
        row = values.get(top, [])
        value = row[left - offset] if 0 <= left - offset < len(row) else None
        if value in (None, ""):
            continue
        for column in range(left, right + 1):
            name = names.get(column)
            if name is None:
                continue
            cleaned = cleaner(name)(value) if isinstance(value, str) else value
            for number in range(top + 1, bottom + 2):
                fill.setdefault(number, {}).setdefault(name, cleaned)
    return fill
