"""A cheap look at every sheet of an .xlsx before any parser builds it in memory (issue 21).

Why: a 5 KB workbook with one cell at XFD200000 made calamine allocate its 200,000 × 16,384 grid
(105 GB) and the process abort — the window's too, since it imports in its own process. Streaming
each sheet's XML in 1 MB pieces, this module finds, for the cells that hold something, the last row
and column, and counts the rows, so the reader can refuse a sheet whose grid would be huge with a
Chinese message before anything is allocated. The same pass finds what the file does not say:
formulas saved without their result and error values (#N/A …), both of which every parser reads as
a blank cell; the reader warns about each one in the table.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NoReturn

from defusedxml import ElementTree

from branchdesk.domain.text import xml_safe
from branchdesk.io.xlsx_shared_text import TooMuchText, check_shared_text, shared_strings_parts

MAX_ROWS = 201_000  # <row> elements: the data-row limit of the reader plus title and blank rows
MAX_COLUMNS = 1_000  # columns up to ALL; no ledger is wider
MAX_CELLS = 6_000_000  # rows × columns of the grid a parser allocates (≈ 200 MB in calamine)
MAX_ISSUES = 1_000  # formula and error cells remembered per sheet (all are counted)

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
# The tags that matter, each matched whole: row and cell starts (self-closing or not), formula and
# value starts, cell ends. An attribute value may hold ">" (s=">" is legal XML), so a tag ends at the
# first ">" outside quotes; a "<" inside a tag is refused before this is searched (_LT_IN_TAG), and a
# quoted value holds none, so no search runs past the next tag (a file of unbalanced quotes once made
# each tag start read on to the end of the piece). A tag start whose rest does not follow is refused.
_TAG_START = re.compile(rb"""<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c|f|v)(?=[\s/>])""")
_TAG_REST = re.compile(rb"""((?:[^<>"']|"[^"<]*+"|'[^'<]*+')*+)>""")
# An r attribute however XML allows it to be written (either quotes, blanks around "=", no blank
# after the attribute before it: s="1"r="B2"): calamine reads every such spelling, so the scan must too.
_R_ATTRIBUTE = re.compile(rb"""(?<![^\s"'])r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_PLAIN_REF = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")
_ROW_NUMBER = re.compile(rb"""(?<![^\s"'])r\s*=\s*["']([0-9]{1,7})["']""")
_ERROR_TYPE = re.compile(rb"""(?<![^\s"'])t\s*=\s*["']e["']""")
# Two paths for a piece of sheet XML. Fast, as Excel, WPS and openpyxl write (no namespace prefix,
# every cell tag `<c r="B2" s="1" t="s">` — its reference first, then only short attributes in double
# quotes —, no formula, no error value): a few searches in C. Tag by tag, for everything else
# (formulas and error values are each looked at; references elsewhere in a tag, prefixed XML, cells
# without a reference).
_VALUED_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^<>]*+(?<!/)>')
# A cell tag's attributes after its reference, as Excel writes them: one- or two-letter lower-case names
# not starting with r, values in double quotes. Possessive repeats: a tag is read once, never re-tried
# (issue 18: these searches visit every cell of the sheet). An error value (t="e") is no attribute of
# another shape: a piece holding the text t="e" anywhere is read tag by tag (_valued_extent) — one
# search of the piece for that text costs less than asking each attribute whether it is one (issue 18);
# a name starting with r other than r itself (none Excel writes) goes tag by tag.
_ATTRIBUTES = rb'(?: [a-qs-z][a-z]?+="[^"<>]*+")*+'
_ERROR_VALUE = b't="e"'
_REF = rb"[A-Z]{1,3}+[0-9]{1,7}+"
# A cell tag not written as Excel writes it: prefixed (<x:c>), without a reference, the reference not
# first or not in upper case, a second r attribute (calamine takes the last), single quotes, blanks
# other than one space, other attributes — or an error value. Such a piece goes tag by tag.
_NOT_AS_EXCEL = re.compile(rb'<c(?! r="' + _REF + b'"' + _ATTRIBUTES + rb" ?/?>)[\s/>]")
_VALUED_AS_EXCEL = re.compile(rb'<c r="([A-Z]{1,3}+)([0-9]{1,7}+)"' + _ATTRIBUTES + rb" ?>")
_PREFIXED_CELL = re.compile(rb":c[\s/>]")  # searched apart: both searches start from a literal, in C


_ROW_START = b"<row "
_LONGEST_TAIL = 1 << 20  # a sheet's piece carried over to the next one: Excel's longest cell is 32,767 characters
_LT_IN_TAG = re.compile(rb"<[^>]*<")  # a "<" inside a tag (in an attribute value): not XML, refused
_MAX_RAISES = 64  # a block whose extent grows more often than this has every reference read


def _has_hiding_place(block: bytes, start: int) -> bool:
    """Markup Excel never writes in a sheet and a parser skips, where a quote could hide a cell from
    the scan: a comment, CDATA or a DTD ("<!"), a processing instruction ("<?"; the XML declaration
    before `start` aside). In XML text "<" is always escaped, so both are markup wherever they stand.
    Each is looked for only when its second character is there at all (issue 18): a search for one
    byte runs at memory speed, one for "<!" stops at every "<" of the sheet."""
    return (b"!" in block and b"<!" in block) or (b"?" in block and block.find(b"<?", start) >= 0)


def _has_formula(block: bytes) -> bool:
    """A formula (<f>) may be saved without its result: such a piece is looked at cell by cell. The
    letter is looked for first, alone (see _has_hiding_place): a sheet without formulas has no "f"
    between its first and last lines."""
    return b"f" in block and b"<f" in block


def _has_prefixed_cell(block: bytes) -> bool:
    """A cell tag with a namespace prefix (<x:c>): its colon is looked for first, alone (see
    _has_hiding_place): a sheet as Excel writes it has none between its first and last lines, and
    the search for ":c" visits each "c" of the sheet (issue 18: 0.7% of a 10,000-row roster import)."""
    return b":" in block and _PREFIXED_CELL.search(block) is not None


def _r_values(attributes: bytes) -> list[bytes]:
    """The values of a tag's r attributes, each however it is quoted (a well-formed tag has one)."""
    return [double or single for double, single in _R_ATTRIBUTE.findall(attributes)]


def _shown(values: list[bytes]) -> str:
    return "、".join(f"“{value.decode('utf-8', 'replace')}”" for value in values)


def _not_greater(limit: str, alphabet: str) -> str:
    """A regular expression for the strings of `alphabet`'s characters that count no more than `limit`
    (a column's letters or a row's digits, shorter strings counting less: "T" → "[A-T]", "10002" →
    "[0-9]{1,4}+|0[0-9]{4}|1000[0-2]"), the shorter ones tried first: most rows of a sheet are."""
    first, last = alphabet[0], alphabet[-1]
    parts = [f"[{first}-{last}]{{1,{len(limit) - 1}}}+"] if len(limit) > 1 else []
    for i, ch in enumerate(limit):
        if i == len(limit) - 1:
            parts.append(re.escape(limit[:i]) + f"[{first}-{ch}]")
        elif ch != first:
            parts.append(re.escape(limit[:i]) + f"[{first}-{chr(ord(ch) - 1)}][{first}-{last}]{{{len(limit) - i - 1}}}")
    return "|".join(parts)


@lru_cache(maxsize=256)
def _outside(row: int, column: int) -> re.Pattern[bytes]:
    """A cell tag that is not, as Excel writes it, either empty (self-closing: no parser keeps it) or
    within `row` and `column`: a valued cell beyond them, or a tag written otherwise. One search visits
    each cell tag once; the two questions asked apart cost half as much again (issue 18)."""
    rows = _not_greater(str(row), "0123456789") if row else "(?!)"
    columns = _not_greater(column_letters(column), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") if column else "(?!)"
    inside = f"(?:{columns})(?:{rows})".encode()
    return re.compile(rb'<c(?! r="(?:' + inside + b'"' + _ATTRIBUTES + rb" ?/?|" + _REF + b'"' + _ATTRIBUTES
                      + rb" ?/)>)[\s/>]")


def _valued_extent(block: bytes, last_row: int, last_column: int) -> tuple[int, int] | None:
    """The last row and column holding a value, in this block or before it (`last_row`,
    `last_column`), or None when a cell tag of the block is not written as Excel writes it (the block
    is then read tag by tag). Why: reading each of a 10,000-row sheet's 150,000 references took a
    tenth of a roster import (issue 18). Here the block's last row that holds a value gives a first
    guess; one search for a cell tag that is not as Excel writes it or holds a value beyond the guess
    runs over the block in C, and each valued cell it finds raises the guess and the search goes on
    after it. When it finds nothing more, every tag is as Excel writes it and no valued cell lies
    beyond: the guess is exact."""
    if _ERROR_VALUE in block:  # an error value as Excel writes it (_ATTRIBUTES): looked at tag by tag
        return None
    row, column = last_row, last_column
    end = len(block)
    for _ in range(_MAX_RAISES):  # the last row with a value, from the end (trailing styled rows skipped)
        start = block.rfind(_ROW_START, 0, end)
        refs = _VALUED_REF.findall(block, max(start, 0), end)
        if refs:
            row = max(row, max(int(n) for _, n in refs))
            column = max(column, max(column_number(x) for x, _ in refs))
            break
        if start <= 0:
            break
        end = start
    position = 0
    for _ in range(_MAX_RAISES):
        found = _outside(row, column).search(block, position)
        if found is None:
            return row, column
        cell = _VALUED_AS_EXCEL.match(block, found.start())
        if cell is None:
            return None  # a tag not as Excel writes it
        row, column = max(row, int(cell[2])), max(column, column_number(cell[1]))
        position = cell.end()
    # more wide or far cells than a ledger has: the rest checked, then every reference read
    if _NOT_AS_EXCEL.search(block, position):
        return None
    refs = _VALUED_REF.findall(block, position)
    if refs:  # distinct letters and row numbers first: a few dozen conversions, not one per cell
        column = max(column, max(map(column_number, {x for x, _ in refs})))
        row = max(row, max(map(int, {n for _, n in refs})))
    return row, column


class SheetTooLarge(Exception):
    """A sheet's grid is beyond what a ledger can be; the message is Chinese, for the user."""


class BadWorkbook(Exception):
    """The workbook's own parts (workbook.xml, its relationships) cannot be read."""


@dataclass(frozen=True)
class CellIssue:
    """A cell whose value the file does not hold: read as blank, worth a warning."""

    row: int
    column: int  # 1-based
    kind: str  # "formula": a formula saved without its result; "error": #N/A, #REF! …
    detail: str  # the error value, for "error"


@dataclass
class SheetScan:
    name: str
    part: str  # the sheet's XML inside the zip
    visible: bool
    rows: int = 0  # <row> elements
    last_row: int = 0  # of the cells that hold something (0: none)
    last_column: int = 0
    issues: list[CellIssue] = field(default_factory=list)
    issue_count: int = 0

    @property
    def grid(self) -> int:
        return self.last_row * self.last_column


def column_number(letters: bytes | str) -> int:
    number = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        number = number * 26 + ord(ch) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id -> (type, target part) of a part's relationships."""
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    try:
        root = ElementTree.fromstring(archive.read(rels))
    except KeyError:
        return {}
    return {r.get("Id", ""): (r.get("Type", ""), _target(part, r.get("Target", "")))
            for r in root.iter(f"{_PKG_NS}Relationship")}


def list_sheets(archive: zipfile.ZipFile) -> list[SheetScan]:
    """The worksheets in workbook order, with their XML part and whether they are shown."""
    try:
        main = next((target for kind, target in _relationships(archive, "").values()
                     if kind.endswith(_OFFICE_DOCUMENT)), "xl/workbook.xml")
        root = ElementTree.fromstring(archive.read(main))
        rels = _relationships(archive, main)
    except KeyError as exc:
        raise BadWorkbook(f"缺少工作簿的组成部分（{exc}）") from exc
    except Exception as exc:  # noqa: BLE001 - defusedxml and expat raise several types for a bad part
        raise BadWorkbook(f"工作簿结构无法解析（{type(exc).__name__}）") from exc
    sheets: list[SheetScan] = []
    for sheet in root.iter(f"{_MAIN_NS}sheet"):
        kind, part = rels.get(sheet.get(f"{_REL_NS}id", ""), ("", ""))
        if not kind.endswith("/worksheet") or part not in archive.NameToInfo:
            continue  # chart sheets and dialog sheets hold no table
        sheets.append(SheetScan(name=xml_safe(sheet.get("name", "")), part=part,
                                visible=sheet.get("state", "visible") == "visible"))
    return sheets


class _SheetReader:
    """Follows the row and cell tags of one sheet's XML, piece by piece (bounded memory)."""

    def __init__(self, scan: SheetScan) -> None:
        self.scan = scan
        self.row = 0  # the current row number (rows and cells may omit r="": then one after the last)
        self.column = 0
        self.in_cell = False
        self.cell_has_formula = False
        self.cell_has_value = False
        self.cell_is_error = False
        self.cell_row = self.cell_column = 0
        self.cell_error = ""
        self.prefixed: bool | None = None

    def feed(self, block: bytes) -> None:
        start = 0
        if self.prefixed is None:  # <x:worksheet …>: every tag carries the prefix, go tag by tag
            bom = 3 if block.startswith(b"\xef\xbb\xbf") else 0
            if block.startswith(b"<?xml", bom):
                start = block.find(b"?>") + 2  # the XML declaration
            if b"<!DOCTYPE" in block or b"<!ENTITY" in block:
                raise BadWorkbook(f"工作表“{self.scan.name}”含有 DTD 实体声明（Excel 从不写入），可能是恶意构造的文件，已拒绝读取")
            root = re.search(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]", block)
            self.prefixed = bool(root and root.group(1))
        if _has_hiding_place(block, start):
            self.refuse("有注释、CDATA 或处理指令")
        if self.prefixed or _has_formula(block) or _has_prefixed_cell(block) or not self._feed_fast(block):
            self._feed_tags(block)
        scan = self.scan
        if scan.last_column > MAX_COLUMNS or scan.grid > MAX_CELLS:
            self._too_large()

    def _feed_fast(self, block: bytes) -> bool:
        """Measure a block whose every cell tag is written as Excel writes it; False (nothing done)
        when one is not."""
        scan = self.scan
        rows = block.count(b'<row r="')
        if block.count(b"<row") != rows:  # a row without its number (calamine counts it) or a <rowBreaks>
            return False
        extent = _valued_extent(block, scan.last_row, scan.last_column)
        if extent is None:
            return False
        scan.last_row, scan.last_column = extent
        if rows:
            scan.rows += rows
            if scan.rows > MAX_ROWS:
                self._too_many_rows()
            last = block.rfind(b'<row r="')
            number = _ROW_NUMBER.search(block[last + 4: block.find(b">", last)])
            self.row = int(number.group(1)) if number else self.row + rows
            self.column = 0
        return True

    def _feed_tags(self, block: bytes) -> None:
        scan = self.scan
        if _LT_IN_TAG.search(block):  # checked first: it also keeps the tag search below linear
            self.refuse("有标记中含有“<”")
        for head in _TAG_START.finditer(block):
            match = _TAG_REST.match(block, head.end())
            if match is None:
                self.refuse("有不完整的标记")
            closing, name, attributes = head.group(1), head.group(2), match.group(1)
            if name == b"c":
                if closing:
                    self._end_cell()
                    continue
                ref = self._reference(attributes)
                if ref:
                    self.column = column_number(ref.group(1))
                    self.cell_row = int(ref.group(2))
                else:
                    self.column += 1
                    self.cell_row = self.row
                self.cell_column = self.column
                if attributes.endswith(b"/"):
                    continue  # an empty (styled) cell: no parser keeps it
                self.in_cell = True
                self.cell_has_formula = self.cell_has_value = False
                self.cell_is_error = bool(_ERROR_TYPE.search(attributes))
                scan.last_row = max(scan.last_row, self.cell_row)
                scan.last_column = max(scan.last_column, self.cell_column)
            elif name == b"row" and not closing:
                scan.rows += 1
                self.row = self._row_number(attributes)
                self.column = 0
                if scan.rows > MAX_ROWS:
                    self._too_many_rows()
            elif self.in_cell and not closing:
                if name == b"f":
                    self.cell_has_formula = True
                elif not attributes.endswith(b"/"):  # <v>…</v>
                    self.cell_has_value = True
                    if self.cell_is_error:
                        end = block.find(b"<", match.end())
                        self.cell_error = block[match.end(): end if end >= 0 else None].decode("utf-8", "replace")

    def _row_number(self, attributes: bytes) -> int:
        """A row tag's r (the next row when it has none); one Excel never writes is refused."""
        values = _r_values(attributes)
        if not values:
            return self.row + 1
        if len(values) == 1 and values[0].isdigit() and values[0].isascii() and 0 < int(values[0]) <= 1_048_576:
            return int(values[0])
        self.refuse(f"有行号写作{_shown(values)}")

    def refuse(self, what: str) -> NoReturn:
        raise SheetTooLarge(f"工作表“{self.scan.name}”里{what}，不是 Excel 或 WPS 保存的表格，无法确认它的大小。"
                            "请在 Excel 中打开后另存为新文件再导入")

    def _reference(self, attributes: bytes) -> re.Match[bytes] | None:
        """A cell tag's reference ("B2"), None when it has none; a sheet whose cell has two, or one
        Excel never writes (lower case, beyond XFD1048576, an entity, "$B$2"), is refused."""
        values = _r_values(attributes)
        if not values:
            return None
        plain = _PLAIN_REF.fullmatch(values[0])
        if len(values) == 1 and plain:
            return plain
        self.refuse(f"有单元格的位置写作{_shown(values)}")

    def _end_cell(self) -> None:
        if not self.in_cell:
            return
        self.in_cell = False
        if self.cell_is_error and self.cell_has_value:
            self._issue("error", self.cell_error.strip())
        elif self.cell_has_formula and not self.cell_has_value:
            self._issue("formula", "")

    def _issue(self, kind: str, detail: str) -> None:
        self.scan.issue_count += 1
        if len(self.scan.issues) < MAX_ISSUES:
            self.scan.issues.append(CellIssue(self.cell_row, self.cell_column, kind, detail))

    def _too_many_rows(self) -> None:
        raise SheetTooLarge(f"工作表“{self.scan.name}”超过 {MAX_ROWS - 1000} 行，不像是一份台账，请拆分后再导入")

    def _too_large(self) -> None:
        scan = self.scan
        corner = f"{column_letters(scan.last_column)}{scan.last_row}"
        raise SheetTooLarge(
            f"工作表“{scan.name}”的数据一直延伸到 {corner} 单元格（{scan.last_row} 行 × {scan.last_column} 列），"
            "远超一份台账的规模，读取它会耗尽内存。通常是远处某个单元格被误填了内容："
            f"请在 Excel 中按 Ctrl+End 找到它并删除多余的行和列（或把表格复制到新工作表）后再导入")


def scan_sheet(archive: zipfile.ZipFile, scan: SheetScan) -> SheetScan:
    """Fill `scan` from its sheet's XML; raises SheetTooLarge as soon as a limit is passed."""
    reader = _SheetReader(scan)
    carry = b""
    with archive.open(scan.part) as handle:
        while chunk := handle.read(1 << 20):
            block = carry + chunk
            cut = block.rfind(b"<")  # from the last "<" on, it waits for the next piece: a tag cut in two
            if cut < 0:  # is read whole (even one whose attribute holds a ">")
                cut = len(block)
            if len(block) - cut > _LONGEST_TAIL:
                reader.refuse("有一段超过 1 MB 的标记或文字，Excel 从不写入")
            reader.feed(block[:cut])
            carry = block[cut:]
        reader.feed(carry)
    return scan


def scan_workbook(path: Path, *, only: str | None = None) -> list[SheetScan]:
    """Every worksheet (or only the one named) with its extent and unreadable cells.
    Raises SheetTooLarge, BadWorkbook, or zipfile/zlib errors for a damaged archive."""
    with zipfile.ZipFile(path) as archive:
        sheets = list_sheets(archive)
        for scan in sheets:
            if only is None or scan.name == only:
                scan_sheet(archive, scan)
        try:  # one string named by many cells: each gets its copy (io.xlsx_shared_text)
            check_shared_text(archive, shared_strings_parts(archive, _shared_strings_named(archive)),
                              [scan.part for scan in sheets if only is None or scan.name == only])
        except TooMuchText as exc:
            raise SheetTooLarge(str(exc)) from exc
    return sheets


def _shared_strings_named(archive: zipfile.ZipFile) -> list[str]:
    """The shared strings part(s) the workbook's relationships name."""
    try:
        main = next((target for kind, target in _relationships(archive, "").values()
                     if kind.endswith(_OFFICE_DOCUMENT)), "xl/workbook.xml")
        return [target for kind, target in _relationships(archive, main).values() if kind.endswith("/sharedStrings")]
    except Exception:  # noqa: BLE001 - list_sheets has read these parts already; xl/sharedStrings.xml is looked at anyway
        return []

