"""Reading a ledger someone keeps in Excel: find the header row (title rows above it are allowed),
match columns by their header text and its accepted synonyms, and hand back each row by its Excel
row number so every problem can be reported where the user will look for it."""

from __future__ import annotations

import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn

import openpyxl
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from branchdesk.domain.file_errors import file_error
from branchdesk.domain.progress import Cancelled
from branchdesk.domain.text import (
    FIELD_LIMITS,
    MAX_LENGTH,
    clean_cell,
    clean_digits,
    clean_person_name,
    clean_text,
    length_problem,
    tidy_name,
)
from branchdesk.io.xlsx_cells import cell_text as cell_text  # the importers' names, kept where they were
from branchdesk.io.xlsx_cells import footer_text as footer_text
from branchdesk.io.xlsx_cells import shorten as shorten
from branchdesk.io.xlsx_cells import totals_text as totals_text
from branchdesk.io.xlsx_header import (
    Column,
    Header,
    UnreadColumn,
    find_header,
    guess_column,
    header_lookup,
    hours_column,
    missing_hint,
    second_header_row,
    unknown_note,
    unknown_positions,
    unread_headers,
)
from branchdesk.io.xlsx_merged import merged_fill, merged_ranges
from branchdesk.io.xlsx_scan import BadWorkbook, SheetScan, SheetTooLarge, scan_workbook

HEADER_SCAN_ROWS = 10
MAX_DATA_ROWS = 200_000


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why in Chinese."""


@dataclass
class SheetTable:
    header_row: int
    columns: dict[str, int]  # canonical name -> 0-based column index
    column_letters: dict[str, str]
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # the sheets the rows come from, in order
    notes: list[str] = field(default_factory=list)  # which sheets were read or left out
    warnings: list[str] = field(default_factory=list)  # cells without a value, sheets left out
    problems: list[ReadNotice] = field(default_factory=list)  # cells longer than their field accepts
    title_rows: list[str] = field(default_factory=list)  # text of the rows above the header ("XX党委党员花名册")
    written_headers: dict[str, str] = field(default_factory=dict)  # canonical name -> header as the file writes it
    unread: list[UnreadColumn] = field(default_factory=list)  # columns holding data that are not read (warnings)


MAX_SHEET_XML_BYTES = 300_000_000  # ~1.5 million cells; a larger sheet is no ledger (bounded memory)


def _check_archive(path: Path) -> None:
    if not path.exists():
        raise ImportFileError(f"找不到文件“{path}”")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ImportFileError(f"“{path.name}”不是 Excel 工作簿（.xlsx）。旧版 .xls 或 WPS 文件请先另存为 .xlsx")
    try:
        with path.open("rb") as handle:
            magic = handle.read(8)
    except OSError as exc:  # a folder named like a workbook, no permission, a drive pulled out
        raise ImportFileError(file_error(exc, path.name)) from exc
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(f"“{path.name}”是加密的或旧版（.xls）工作簿，请取消密码并另存为 .xlsx 后再导入")
    if not zipfile.is_zipfile(path):
        raise ImportFileError(f"“{path.name}”不是有效的 .xlsx 文件（可能已损坏）")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ImportFileError(f"“{path.name}”不是有效的 .xlsx 文件，可能已损坏；技术信息：{exc}") from exc
    except OSError as exc:
        raise ImportFileError(file_error(exc, path.name)) from exc
    names = [info.filename.lower() for info in infos]
    if len(set(names)) < len(names):  # calamine takes the last of two parts whose names differ in case only
        raise ImportFileError(f"“{path.name}”中有两个同名（仅大小写不同）的组成部分，不是 Excel 或 WPS 保存的文件，"
                              "请在 Excel 中打开后另存为新文件再导入")
    if sum(info.file_size for info in infos) > 1_000_000_000:
        raise ImportFileError(f"“{path.name}”解压后超过 1 GB，不像是一份台账，已拒绝读取")
    if any(i.filename.startswith(("xl/worksheets/", "xl/sharedStrings")) and i.file_size > MAX_SHEET_XML_BYTES
           for i in infos):
        raise ImportFileError(f"“{path.name}”的工作表过大（超过 {MAX_DATA_ROWS} 行的规模），请拆分后再导入")


@lru_cache(maxsize=4)
def _scan(path: Path, _stamp: tuple[int, int]) -> tuple[SheetScan, ...]:
    """Stream every sheet's XML once per version of the file (the CLI checks a file before its
    backup, then reads it): rows counted, the grid bounded, unreadable cells found (io.xlsx_scan)."""
    try:
        return tuple(scan_workbook(path))
    except SheetTooLarge as exc:
        raise ImportFileError(f"“{path.name}”中{exc}") from exc
    except BadWorkbook as exc:
        raise ImportFileError(f"无法读取“{path.name}”：{exc}") from exc
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise ImportFileError(f"“{path.name}”不是有效的 .xlsx 文件，已损坏；技术信息：{exc}") from exc


def _check_file(path: Path) -> tuple[SheetScan, ...]:
    _check_archive(path)
    stat = path.stat()
    return _scan(path.resolve(), (stat.st_mtime_ns, stat.st_size))


def check_workbook_file(path: Path) -> tuple[SheetScan, ...]:
    """Raise ImportFileError unless `path` is a readable .xlsx whose sheets are of a ledger's size
    (streams the sheets' XML; nothing is built in memory). Returns what the scan found of each sheet."""
    return _check_file(Path(path))


def sheet_names(path: Path) -> list[str]:
    """The worksheets' names in workbook order, without parsing any sheet."""
    return [scan.name for scan in _check_file(Path(path))]


def open_workbook(path: Path, *, read_only: bool = True) -> Any:
    """Open an .xlsx with openpyxl (for styles); failures become ImportFileError."""
    path = Path(path)
    _check_file(path)
    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any parser failure means the same thing to the user
        raise ImportFileError(f"无法读取“{path.name}”：文件已损坏或不是 Excel 工作簿（{type(exc).__name__}）") from exc


@dataclass(frozen=True)
class ReadNotice:
    """Something the reader tells the import report: a note (which sheets were read), a warning (a
    cell without a value) or a problem of one cell (a value longer than its field accepts)."""

    level: str  # "note", "warning" or "problem"
    text: str
    row: int = 0
    column: str = ""
    letter: str = ""
    unread: UnreadColumn | None = None  # a column holding data that is not read (the text says it)


# Where the notices of a read go: the import report made last in this thread sets it, so every
# import kind reports them without passing itself down.
Notice = Callable[[ReadNotice], None]
_notices: ContextVar[Notice | None] = ContextVar("branchdesk_xlsx_notices", default=None)


def send_notices_to(receiver: Notice | None) -> None:
    _notices.set(receiver)


def tell(notice: ReadNotice) -> None:
    """A note or warning an import's own reading adds after read_table (development_header: a vote block read as
    the 转正 vote), sent to the report as read_table's are."""
    receiver = _notices.get()
    if receiver is not None:
        receiver(notice)


# A column a file may leave out, with the value each row then takes and the report's note (a school with
# one 党支部: its ledgers need no 所在党支部 column; trial L, TL-6) — set by services.one_branch for a read.
# The value may be read from the title rows above the header ("…第二党支部党员花名册"): "" from them leaves the
# column required.
AbsentValue = tuple[str | Callable[[list[str]], str], str]
_absent: ContextVar[Mapping[str, AbsentValue] | None] = ContextVar("branchdesk_xlsx_absent", default=None)


@contextmanager
def columns_may_be_absent(values: Mapping[str, AbsentValue]) -> Iterator[None]:
    """Within the block, a required column named in `values` may be absent from a file: each row then
    takes values[name][0] (or what it gives for the sheet's title rows, when it is a function; "" keeps
    the column required), and the note values[name][1] (with the row count) is said. A column the file
    has is read as always (a blank cell stays blank)."""
    token = _absent.set(dict(values))
    try:
        yield
    finally:
        _absent.reset(token)


class RowNumber(int):
    """An Excel row number that also names its sheet, for a table read from several sheets: equal
    and hashed with its sheet (row 5 of two sheets are two rows), formatted as the plain number.
    `letters` are the sheet's own column letters (the sheets' columns need not be in one order)."""

    sheet: str
    letters: Mapping[str, str]

    def __new__(cls, number: int, sheet: str = "", letters: Mapping[str, str] | None = None) -> RowNumber:
        row = super().__new__(cls, number)
        row.sheet = sheet
        row.letters = letters or {}
        return row

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowNumber):
            return int(self) == int(other) and self.sheet == other.sheet
        if isinstance(other, int):
            return not self.sheet and int(self) == other
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return int.__hash__(self) if not self.sheet else hash((self.sheet, int(self)))

    def __reduce__(self) -> tuple[Any, ...]:
        return (RowNumber, (int(self), self.sheet, dict(self.letters)))

    def __repr__(self) -> str:
        return f"RowNumber({int(self)}, {self.sheet!r})"

    def __str__(self) -> str:  # int's str is its repr: "第 {row} 行" printed "第 RowNumber(5, '1月') 行" (TL-3)
        return str(int(self))


def row_label(row: int) -> str:
    """"第 5 行", or "工作表“二支部”第 5 行" for a row of a table read from several sheets."""
    sheet = getattr(row, "sheet", "")
    return f"工作表“{sheet}”第 {int(row)} 行" if sheet else f"第 {int(row)} 行"


def rows_label(rows: Sequence[int], limit: int = 10) -> str:
    """"第 5、6 行", or "工作表“1月”第 5、6 行，工作表“2月”第 3 行" for rows of several sheets; past `limit`
    rows the first ones and "等 N 行"."""
    by_sheet: dict[str, list[int]] = {}
    for row in rows[:limit]:
        by_sheet.setdefault(getattr(row, "sheet", ""), []).append(int(row))
    text = "，".join(f"{f'工作表“{sheet}”' if sheet else ''}第 {'、'.join(map(str, numbers))} 行"
                    for sheet, numbers in by_sheet.items())
    return text + (f"等 {len(rows)} 行" if len(rows) > limit else "")


# Columns that hold a name or a number compared with what is stored: NFKC-normalised on reading, so
# a look-alike spelling finds the same member or ID number (domain.text). Organisation names
# (所在党支部, 党小组) are kept as written, blanks tidied: they are stored as the user wrote them and
# compared by domain.text.name_key wherever they are looked up. Other text cells keep their
# punctuation and only lose control and format characters.
ORG_COLUMNS = frozenset({"所在党支部", "党小组"})
NAME_COLUMNS = frozenset({"姓名", "主持人", "记录人", "主讲人", "入党介绍人", "培养联系人",
                          "导师（帮扶人）", "人员类别", "性别", "民族", "学历"})
NUMBER_COLUMNS = frozenset({"公民身份号码", "联系电话"})
# Columns holding one person's name: read as the roster reads its 姓名 (domain.text.clean_person_name),
# so "张 伟" (a blank inside, a short name padded) is 张伟 in every area's import and finds the member
# (trial L, TL-9). Columns that may hold several names ("入党介绍人", "培养联系人", "缺席人员": "王芳 李娜"
# is two) keep their blanks.
PERSON_COLUMNS = frozenset({"姓名", "主持人", "记录人", "导师（帮扶人）"})


def _cleaner(name: str) -> Callable[[str], str]:
    if name in NUMBER_COLUMNS:
        return clean_digits
    if name in PERSON_COLUMNS:
        return clean_person_name
    if name in ORG_COLUMNS:
        return tidy_name
    return clean_text if name in NAME_COLUMNS else clean_cell


def _calamine(path: Path):  # type: ignore[no-untyped-def]
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types for bad files
        raise ImportFileError(f"无法读取“{path.name}”：文件已损坏、加密或不是 Excel 工作簿（{exc}）") from exc


def _load_sheet(workbook, path: Path, name: str):  # type: ignore[no-untyped-def]
    """One sheet through calamine (Rust; about 10x faster than openpyxl, no object per cell); its grid
    was bounded by the scan before this allocates it."""
    try:
        return workbook.get_sheet_by_name(name)
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types for bad files
        raise ImportFileError(f"无法读取“{path.name}”的工作表“{name}”：文件已损坏（{exc}）") from exc


@dataclass
class _Sheet:
    """What one sheet gave: its header and rows (Excel row number, record)."""

    name: str
    header: Header
    letters: dict[str, str]
    rows: list[tuple[int, dict[str, object]]]
    too_long: list[tuple[int, str]] = field(default_factory=list)  # (row, column name)
    footer: list[tuple[int, str]] = field(default_factory=list)  # (row, its text): 合计, 制表人 … not read
    offset: int = 0  # the sheet's first column (0-based): header.mapping minus it indexes the rows read
    unknown: dict[int, int] = field(default_factory=dict)  # column no name of the import's knows -> cells filled
    unknown_names: dict[int, str] = field(default_factory=dict)  # such a column -> its header as written



def read_table(
    path: Path,
    columns: list[Column],
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    sheet_name: str | None = None,
    header_scan_rows: int = HEADER_SCAN_ROWS,
) -> SheetTable:
    """Read every visible sheet whose header has the required columns (or only `sheet_name`) into
    canonical-named rows; blank rows are skipped wherever they are (issue 21: a run of blank rows
    never ends the table, a second sheet is never left out without a word). The header is looked
    for in each sheet's first `header_scan_rows` rows (a figures block may sit above it).
    A merged range inside the table gives every row it covers its top-left value: Excel keeps the
    value only there, and it means every cell of the range (所在党支部 merged over a branch's members,
    问题描述 over its measures) — for every import kind.
    Text cells lose control and format characters; names and numbers are NFKC-normalised."""
    path = Path(path)
    absent = _absent.get() or {}  # columns_may_be_absent: found as ever, then filled where the sheet lacks them
    scans = [s for s in _check_file(path) if sheet_name is None or s.name == sheet_name]
    if sheet_name is not None and not scans:
        raise ImportFileError(f"“{path.name}”中没有名为“{sheet_name}”的工作表")
    lookup = header_lookup(columns)
    workbook = _calamine(path)
    read: list[_Sheet] = []
    partial: list[tuple[str, Header]] = []
    unmatched: list[str] = []
    hidden: list[str] = []
    warnings: list[str] = []
    unread: list[str] = []  # columns no name of the import's knows and that hold nothing, per sheet
    hints: list[str] = []  # for each partial header: its columns that may be the missing ones
    filled: dict[tuple[str, str], list[tuple[str, int]]] = {}  # (note, value) -> the sheets and rows filled
    total = 0
    try:
        for scan in scans:
            if not scan.visible and sheet_name is None:
                hidden.append(scan.name)
                continue
            sheet = _load_sheet(workbook, path, scan.name)
            offset = sheet.start[1] if sheet.height else 0
            rows = iter(sheet.iter_rows())
            header = find_header(rows, lookup, columns, header_scan_rows, offset)
            if header is None:
                unmatched.append(scan.name)
                continue
            rows = second_header_row(header, rows, lookup, columns, offset)
            fills = _absent_values(absent, header, columns)
            header.missing = [name for name in header.missing if not fills.get(name)]
            if header.missing:
                partial.append((scan.name, header))
                hints.append(missing_hint(header, lookup, columns, offset))
                continue
            letters = {name: get_column_letter(i + 1) for name, i in header.mapping.items()}
            merged = merged_fill(sheet, header.row + header.rows, header.mapping,
                                 merged_ranges(sheet, path, scan.part), _cleaner)
            unknown = dict(unknown_positions(header, lookup, offset))
            part = _Sheet(scan.name, header, letters, [], offset=offset, unknown=dict.fromkeys(unknown, 0),
                          unknown_names=unknown)
            required = frozenset(c.name for c in columns if c.required and c.name not in fills)
            total = _read_rows(part, rows, offset, merged, required, total, progress, cancelled)
            for name, value in fills.items():
                if part.rows:
                    for _number, record in part.rows:
                        record[name] = value
                    filled.setdefault((absent[name][1], value), []).append((scan.name, len(part.rows)))
            warnings += [f"工作表“{scan.name}”{text}" if len(scans) > 1 else text
                         for text in unread_headers(header, lookup, offset)]
            if note := unknown_note([(i, text) for i, text in unknown.items() if not part.unknown[i]]):
                unread.append(f"工作表“{scan.name}”{note}" if len(scans) > 1 else note)
            warnings += _issue_warnings(scan, part, named=len(scans) > 1)
            read.append(part)
            del sheet, rows  # the sheet's grid goes before the next one is built (bounded memory)
    finally:
        workbook.close()
    if not read:
        _no_table(columns, header_scan_rows, partial, unmatched, hidden, hints)
    unread[:0] = [_filled_note(note, value, sheets, len(scans) > 1) for (note, value), sheets in filled.items()]
    return _combine(read, partial, unmatched, hidden, warnings, unread, _unread_columns(read, columns))


def _unread_columns(read: list[_Sheet], columns: list[Column]) -> list[UnreadColumn]:
    """The columns holding data that no name of the import's knows, one for each header as written
    over every sheet that has it (a 备注 on each month's sheet is said once), with what each may be."""
    found: dict[str, list[tuple[_Sheet, int]]] = {}
    for part in read:
        for index, filled in part.unknown.items():
            if filled:
                found.setdefault(part.unknown_names[index], []).append((part, index))
    said = []
    for written, places in found.items():
        read_names = set.intersection(*(set(p.header.mapping) for p, _i in places))
        letters = "、".join(dict.fromkeys(get_column_letter(i + 1) for _p, i in places))
        sheets = tuple(p.name for p, _i in places) if len(read) > 1 else ()
        said.append(UnreadColumn(written, letters, sum(p.unknown[i] for p, i in places),
                                 guess_column(written, columns, read_names), sheets,
                                 hours=hours_column(columns)))
    return said


def _absent_values(absent: Mapping[str, AbsentValue], header: Header, columns: list[Column]) -> dict[str, str]:
    """The value each column of `absent` the sheet's header lacks takes; left out when none can be given."""
    found = {}
    for name, (value, _note) in absent.items():
        if name not in header.mapping and any(c.name == name for c in columns):
            found[name] = value(header.titles) if callable(value) else value
    return {name: value for name, value in found.items() if value}


_UNSEEN: Any = object()
_MEMO = 2000  # texts remembered per column while reading a sheet (a column of names or ID numbers repeats none)


def _read_rows(part: _Sheet, rows: Iterator[list[object]], offset: int, merged: dict[int, dict[str, object]],
               required: frozenset[str], total: int, progress: Callable[[int, int], None] | None,
               cancelled: Callable[[], bool] | None) -> int:
    """The data rows below the header: blank ones skipped (however many), cells cleaned; a footer row
    (合计, 制表人 … with the required columns blank) is set aside to be named in the report."""
    # (column, index in the row, its cleaner, the longest text it accepts: unbounded when it has no limit,
    # each text it was given → cleaned: a column of a few words (性别, 所在党支部, 人员类别 …) repeats them
    # on every row, and a dict lookup costs a fifth of a cleaning call (issue 18); at most _MEMO texts,
    # none longer than the limit — a text is measured when it is cleaned, so one found in the memory is
    # short enough, and a long one is cleaned and reported on each row that holds it)
    mapping: list[tuple[str, int, Callable[[str], str], int, dict[str, str | None]]] = [
        (name, index - offset, _cleaner(name), MAX_LENGTH[FIELD_LIMITS[name]] if name in FIELD_LIMITS else sys.maxsize,
         {"": None}) for name, index in part.header.mapping.items()]  # calamine reads a blank cell as ""
    counted = [index - offset for index in part.unknown]
    for number, values in enumerate(rows, start=part.header.row + part.header.rows):
        if cancelled and number % 200 == 0 and cancelled():
            raise Cancelled("已取消导入，没有写入任何数据")
        width = len(values)
        record: dict[str, object] = {}  # blank cells are left out: record.get(name) is None for them
        long: list[tuple[int, str]] = []
        filled = merged.get(number)
        for name, index, clean, limit, memo in mapping:
            value = values[index] if index < width else None
            if value.__class__ is str:
                cleaned = memo.get(value, _UNSEEN)  # one lookup: most cells repeat a text seen above
                if cleaned is _UNSEEN:
                    cleaned = clean(value) or None
                    if cleaned is not None and len(cleaned) > limit:
                        long.append((number, name))
                    elif len(memo) < _MEMO:
                        memo[value] = cleaned
                value = cleaned
            if value is None:
                if filled is None or (value := filled.get(name)) is None:
                    continue
                if value.__class__ is str and len(value) > limit:
                    long.append((number, name))
            record[name] = value
        if not record:
            continue
        if not required <= record.keys() and (  # a complete row is never a footer ("合计" typed over a 序号)
                (footer := totals_text(values))  # a totals row, whatever stands beside its 合计 (TR-6)
                or ((footer := footer_text(values)) and all(footer_text([record[n]]) for n in required if n in record))):
            part.footer.append((number, footer))  # "合计" may stand in the 姓名 column: no data is dropped
            continue
        part.too_long += long
        part.rows.append((number, record))
        for index in counted:  # the columns not read: does one hold data? (said as a warning, TL-17)
            cell = values[index] if index < width else None
            if cell is not None and cell != "" and not (cell.__class__ is str and not cell.strip()):
                part.unknown[index + offset] += 1
        total += 1
        if total > MAX_DATA_ROWS:
            raise ImportFileError(f"数据超过 {MAX_DATA_ROWS} 行的上限，请拆分后再导入")
        if progress and total % 500 == 0:
            progress(total, 0)
    return total


def _filled_note(note: str, value: str, sheets: list[tuple[str, int]], several: bool) -> str:
    """A column absent and filled (columns_may_be_absent), said once for the file: a ledger of a sheet a
    month is one ledger, not twelve lines "工作表“1月”文件中没有……" (re-trial 12, N-6)."""
    rows = sum(count for _name, count in sheets)
    if not several:
        return f"{note}全部 {rows} 行按“{value}”导入"
    if len(sheets) == 1:
        return f"{note}工作表“{sheets[0][0]}”{rows} 行按“{value}”导入"
    names = "、".join(f"“{name}”" for name, _count in sheets[:12]) + ("等" if len(sheets) > 12 else "")
    return f"{note}{len(sheets)} 个工作表（{names}）共 {rows} 行按“{value}”导入"


def _issue_warnings(scan: SheetScan, part: _Sheet, named: bool) -> list[str]:
    """A warning for each cell of the table the file holds no value for (a formula saved without its
    result, an error value such as #N/A): every parser reads it as blank, which the user must know —
    except in a footer row (合计, 小计, 总计 …), which is not imported (re-trial 12, N-3)."""
    if not scan.issue_count:
        return []
    names = {index + 1: name for name, index in part.header.mapping.items()}
    footers = {number for number, _text in part.footer}  # 合计 … not imported: named once as a footer (N-3)
    warnings: list[str] = []
    for issue in scan.issues:
        name = names.get(issue.column)
        if name is None or issue.row <= part.header.row + part.header.rows - 1 or issue.row in footers:
            continue
        cell = f"{row_label(RowNumber(issue.row, part.name if named else ''))}，{name}（{part.letters[name]} 列）"
        if issue.kind == "formula":
            warnings.append(f"{cell}是公式，但文件中没有保存计算结果，按空白读取。请在 Excel 或 WPS 中打开并保存后再导入")
        else:
            warnings.append(f"{cell}是错误值 {issue.detail}，按空白读取".replace("  ", " "))
    if scan.issue_count > len(scan.issues):
        warnings.append(f"工作表“{scan.name}”还有 {scan.issue_count - len(scan.issues)} 个公式或错误值单元格未逐一列出")
    return warnings


def _no_table(columns: list[Column], scan_rows: int, partial: list[tuple[str, Header]],
              unmatched: list[str], hidden: list[str], hints: list[str]) -> NoReturn:
    several = len(partial) + len(unmatched) > 1
    if partial:
        name, header = partial[0]
        where = f"工作表“{name}”" if several else ""
        hint = f"。{hints[0]}" if hints[0] else ""
        raise ImportFileError(f"{where}第 {header.row} 行的表头缺少必需的列：{'、'.join(header.missing)}{hint}")
    names = "、".join(c.name for c in columns if c.required)
    where = f"（查看了工作表：{'、'.join(f'“{n}”' for n in unmatched)}）" if several else ""
    message = f"在前 {scan_rows} 行中没有找到表头行{where}，表头应包含：{names}"
    if hidden:
        message += f"。隐藏的工作表未读取：{'、'.join(f'“{n}”' for n in hidden)}，如需导入请先取消隐藏"
    raise ImportFileError(message)


def _combine(read: list[_Sheet], partial: list[tuple[str, Header]], unmatched: list[str], hidden: list[str],
             warnings: list[str], unread: list[str], unread_columns: list[UnreadColumn]) -> SheetTable:
    first = read[0]
    several = len(read) > 1
    table = SheetTable(header_row=first.header.row, columns=first.header.mapping, column_letters=first.letters,
                       ignored_headers=first.header.ignored, sheets=[s.name for s in read],
                       title_rows=first.header.titles, written_headers=first.header.written)
    for part in read:
        if several:
            table.rows.extend((RowNumber(n, part.name, part.letters), r) for n, r in part.rows)
        else:
            table.rows.extend(part.rows)
        records = dict(part.rows)
        for number, name in part.too_long:
            row = RowNumber(number, part.name, part.letters) if several else number
            table.problems.append(ReadNotice("problem", length_problem(str(records[number][name]), name) or "",
                                             row, name, part.letters[name]))
    notes = table.notes
    notes += unread
    footers = [f"{row_label(RowNumber(n, part.name if several else ''))}“{shorten(text)}”"
               for part in read for n, text in part.footer]
    if footers:
        notes.append(f"{'、'.join(footers)}视为表尾，未导入")
    if several:
        counts = "、".join(f"“{s.name}”{len(s.rows)} 行" for s in read)
        notes.append(f"读取了 {len(read)} 个工作表：{counts}")
    table.warnings += [f"工作表“{n}”的表头缺少必需的列（{'、'.join(h.missing)}），未读取" for n, h in partial]
    if unmatched and (several or partial):
        notes.append(f"工作表{'、'.join(f'“{n}”' for n in unmatched)}中没有找到表头，未读取")
    elif unmatched:
        notes.append(f"工作表{'、'.join(f'“{n}”' for n in unmatched)}中没有找到表头，未读取（数据读自工作表“{first.name}”）")
    if hidden:
        table.warnings.append(f"隐藏的工作表{'、'.join(f'“{n}”' for n in hidden)}未读取；如其中也有要导入的数据，请先取消隐藏")
    table.warnings += warnings
    table.unread = unread_columns
    receiver = _notices.get()
    if receiver is not None:
        for notice in ([ReadNotice("note", n) for n in notes] + [ReadNotice("warning", w) for w in table.warnings]
                       + [ReadNotice("warning", c.text(), unread=c) for c in unread_columns] + table.problems):
            receiver(notice)
    table.warnings += [c.text() for c in unread_columns]
    return table
