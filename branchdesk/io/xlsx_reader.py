"""Reading a ledger someone keeps in Excel: find the header row (title rows above it are allowed),
match columns by their header text and its accepted synonyms, and hand back each row by its Excel
row number so every problem can be reported where the user will look for it."""

from __future__ import annotations

import itertools
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

HEADER_SCAN_ROWS = 10
MAX_DATA_ROWS = 200_000
MAX_BLANK_RUN = 1_000  # a run of blank rows this long ends the table (guards against padded sheets)


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why in Chinese."""


@dataclass(frozen=True)
class Column:
    name: str  # the canonical header, as in our template
    synonyms: tuple[str, ...] = ()
    required: bool = False


@dataclass
class SheetTable:
    header_row: int
    columns: dict[str, int]  # canonical name -> 0-based column index
    column_letters: dict[str, str]
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    merged_ranges: list[str] = field(default_factory=list)
    title_rows: list[str] = field(default_factory=list)  # text of the rows above the header ("XX党委党员花名册")


def _clean_header(value: object) -> str:
    text = "" if value is None else str(value)
    text = re.sub(r"[\s\u3000*＊]", "", text)
    return text.replace("（", "(").replace("）", ")")


def _lookup(columns: list[Column]) -> dict[str, str]:
    table: dict[str, str] = {}
    for column in columns:
        for spelling in (column.name, *column.synonyms):
            table[_clean_header(spelling)] = column.name
    return table


MAX_SHEET_XML_BYTES = 300_000_000  # ~1.5 million cells; a larger sheet is no ledger (bounded memory)


def _check_file(path: Path) -> None:
    if not path.exists():
        raise ImportFileError(f"找不到文件“{path}”")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ImportFileError(f"“{path.name}”不是 Excel 工作簿（.xlsx）。旧版 .xls 或 WPS 文件请先另存为 .xlsx")
    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(f"“{path.name}”是加密的或旧版（.xls）工作簿，请取消密码并另存为 .xlsx 后再导入")
    if not zipfile.is_zipfile(path):
        raise ImportFileError(f"“{path.name}”不是有效的 .xlsx 文件（可能已损坏）")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError(f"“{path.name}”不是有效的 .xlsx 文件（{exc}）") from exc
    if sum(info.file_size for info in infos) > 1_000_000_000:
        raise ImportFileError(f"“{path.name}”解压后超过 1 GB，不像是一份台账，已拒绝读取")
    if any(i.filename.startswith(("xl/worksheets/", "xl/sharedStrings")) and i.file_size > MAX_SHEET_XML_BYTES
           for i in infos):
        raise ImportFileError(f"“{path.name}”的工作表过大（超过 {MAX_DATA_ROWS} 行的规模），请拆分后再导入")
    _check_row_counts(path, [i for i in infos if i.filename.startswith("xl/worksheets/")])


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _check_row_counts(path: Path, sheets: list[zipfile.ZipInfo]) -> None:
    """Count the <row> elements by streaming each sheet's XML (about 0.4 s per million rows) before
    any parser builds the sheet in memory: a million-row sheet is refused in seconds (issue 8)."""
    limit = MAX_DATA_ROWS + MAX_BLANK_RUN
    try:
        with zipfile.ZipFile(path) as archive:
            for info in sheets:
                count, tail = 0, b""
                with archive.open(info) as handle:
                    while chunk := handle.read(1 << 20):
                        block = tail + chunk
                        count += len(_ROW_TAG.findall(block))
                        tail = block[-16:]
                        count -= len(_ROW_TAG.findall(tail))  # counted again with the next block
                        if count > limit:
                            raise ImportFileError(
                                f"“{path.name}”的工作表超过 {MAX_DATA_ROWS} 行，不像是一份台账，请拆分后再导入")
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise ImportFileError(f"“{path.name}”不是有效的 .xlsx 文件（已损坏：{exc}）") from exc


def check_workbook_file(path: Path) -> None:
    """Raise ImportFileError unless `path` looks like a readable .xlsx (cheap: no sheet is parsed)."""
    _check_file(Path(path))


def open_workbook(path: Path, *, read_only: bool = True):  # type: ignore[no-untyped-def]
    """Open an .xlsx with openpyxl (for merged cells and styles); failures become ImportFileError."""
    path = Path(path)
    _check_file(path)
    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any parser failure means the same thing to the user
        raise ImportFileError(f"无法读取“{path.name}”：文件已损坏或不是 Excel 工作簿（{type(exc).__name__}）") from exc


def _fast_rows(path: Path, sheet_name: str | None) -> Iterator[tuple[object, ...]]:
    """Rows as Python values through calamine (Rust; about 10x faster than openpyxl on a 10,000-row
    roster). Blank cells become None; whole numbers stay floats so an ID typed as a number is caught."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_name(sheet_name) if sheet_name else workbook.get_sheet_by_index(0)
        rows = sheet.iter_rows()
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types for bad files
        raise ImportFileError(f"无法读取“{path.name}”：文件已损坏、加密或不是 Excel 工作簿（{exc}）") from exc
    for values in rows:
        yield tuple(None if v == "" else v for v in values)


def _openpyxl_rows(path: Path, sheet_name: str | None, merged: list[str]) -> Iterator[tuple[object, ...]]:
    workbook = open_workbook(path, read_only=False)
    try:
        sheet = workbook[sheet_name] if sheet_name else workbook.worksheets[0]
        merged.extend(str(r) for r in sheet.merged_cells.ranges)
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def read_table(
    path: Path,
    columns: list[Column],
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    sheet_name: str | None = None,
    read_only: bool = True,
    header_scan_rows: int = HEADER_SCAN_ROWS,
) -> SheetTable:
    """Read the first sheet (or `sheet_name`) into canonical-named rows; blank rows are skipped.
    The header is looked for in the first `header_scan_rows` rows (a figures block may sit above it).
    `read_only=False` reads through openpyxl and fills `merged_ranges` (ledgers with merged cells)."""
    path = Path(path)
    _check_file(path)
    merged: list[str] = []
    rows = _fast_rows(path, sheet_name) if read_only else _openpyxl_rows(path, sheet_name, merged)
    lookup = _lookup(columns)
    header_row = 0
    data_start = 0
    mapping: dict[str, int] = {}
    ignored: list[str] = []
    titles: list[str] = []
    rows = iter(rows)
    for number, values in enumerate(rows, start=1):
        found = {lookup[_clean_header(v)]: i for i, v in enumerate(values) if _clean_header(v) in lookup}
        if not found:
            titles += [str(v).strip() for v in values if v is not None and str(v).strip()][:1]
        if len(found) >= max(2, sum(c.required for c in columns)):
            header_row, mapping = number, found
            ignored = [str(v) for v in values if v is not None and _clean_header(v) not in lookup]
            following = next(rows, None)
            below = _sub_header(values, following or (), lookup, found)
            if below:  # a two-row header: 党籍信息 merged over 入党时间 | 转正时间
                mapping = {**found, **below}
                ignored = [t for t in ignored if t not in _merged_titles(values, below)]
                data_start = number + 2
            else:
                data_start = number + 1
                if following is not None:
                    rows = itertools.chain([following], rows)
            break
        if number >= header_scan_rows:
            break
    if not header_row:
        names = "、".join(c.name for c in columns if c.required)
        raise ImportFileError(f"在前 {header_scan_rows} 行中没有找到表头行，表头应包含：{names}")
    missing = [c.name for c in columns if c.required and c.name not in mapping]
    if missing:
        raise ImportFileError(f"第 {header_row} 行的表头缺少必需的列：{'、'.join(missing)}")
    table = SheetTable(
        header_row=header_row,
        columns=mapping,
        column_letters={name: get_column_letter(i + 1) for name, i in mapping.items()},
        ignored_headers=ignored,
        title_rows=titles,
    )
    blank_run = 0
    for number, values in enumerate(rows, start=data_start):
        if cancelled and number % 200 == 0 and cancelled():
            raise ImportFileError("已取消")
        record = {name: (values[i] if i < len(values) else None) for name, i in mapping.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in record.values()):
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                break
            continue
        blank_run = 0
        table.rows.append((number, record))
        if len(table.rows) > MAX_DATA_ROWS:
            raise ImportFileError(f"数据超过 {MAX_DATA_ROWS} 行的上限，请拆分后再导入")
        if progress and number % 500 == 0:
            progress(number - header_row, 0)
    table.merged_ranges = merged
    return table


def _sub_header(values: tuple[object, ...], below: tuple[object, ...], lookup: dict[str, str],
                found: dict[str, int]) -> dict[str, int]:
    """Columns named by a second header row, where the first row's cell above is merged (blank) or a
    group title the lookup does not know (党籍信息 over 入党时间 and 转正时间). Empty when the row below
    is data: it must name at least one column not already found, and only under such cells."""
    named = {lookup[_clean_header(v)]: i for i, v in enumerate(below) if _clean_header(v) in lookup}
    if not named:
        return {}
    for name, index in named.items():
        above = values[index] if index < len(values) else None
        if name in found or (above is not None and _clean_header(above) in lookup):
            return {}
    return named


def _merged_titles(values: tuple[object, ...], below: dict[str, int]) -> set[str]:
    """The first row's group titles standing over columns named below (not "ignored columns")."""
    titles = set()
    for index in below.values():
        for i in range(index, -1, -1):  # a merged title sits in the range's first cell, at or left of it
            if i < len(values) and values[i] is not None:
                titles.add(str(values[i]))
                break
    return titles


def cell_text(value: object) -> str:
    """A cell as trimmed text; whole floats lose their '.0' (an Excel number typed as text elsewhere)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
