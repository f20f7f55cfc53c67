"""How much text a workbook's cells expand to, measured before any parser loads it.

A cell of type "s" holds only a number: the index of its text in the shared strings part
(xl/sharedStrings.xml). A parser gives every such cell its own copy of that text, so one string of
32,000 characters named by 30,000 cells is a 90 KB file that made calamine and Python build 5.4 GB
(a minute, then the window's process is out of memory on a school PC). The sheet scan
(io.xlsx_scan) bounds the grid and a sheet's own text; this module bounds the shared text:

- no shared string holds more text than a cell can (Excel's limit is 32,767 characters): one that
  does was not written by Excel or WPS, and is loaded whole even when no cell names it;
- the long shared strings (over `LONG_BYTES`) that the cells name add up to at most
  `MAX_EXPANDED_BYTES`. Short strings need no count: the grid limit bounds what they expand to.

Both streams read 1 MB pieces; the sheets are read again only when a long shared string exists
(rare in a ledger: a 备注 or 整改措施 of a few hundred characters), so an ordinary roster costs one
pass over its shared strings.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator

from branchdesk.io.xlsx_layout import EXCEL_CELL_LIMIT

_PIECE = 1 << 20
# Text bytes a cell of EXCEL_CELL_LIMIT characters can take in the XML: 4 bytes a character in UTF-8,
# twice that for characters written as references (&#x4E2D;).
MAX_STRING_BYTES = 8 * EXCEL_CELL_LIMIT
LONG_BYTES = 256  # shorter shared strings are not counted per cell (the grid bounds them)
MAX_EXPANDED_BYTES = 50_000_000  # the long text all cells name together; a ledger has a few MB at most
_LONGEST_PIECE = 16 * MAX_STRING_BYTES  # one <si> with its rich-text markup (each run's font)

_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
# A shared string ends at its end tag, or is a self-closing <si/> (Excel writes <si><t/></si>; a
# parser that skips <si/> numbers the strings after it one lower: both numberings are counted).
_SI_END = re.compile(rb"</" + _PREFIX + rb"si\s*>|<" + _PREFIX + rb"si(?:\s[^>]*)?/>")
_SI_EMPTY = re.compile(rb"<" + _PREFIX + rb"si(?:\s[^>]*)?/>\Z")
_SI_SELF_CLOSING = re.compile(rb"<" + _PREFIX + rb"si(?:\s[^>]*)?/>")
_TEXT = re.compile(rb"<" + _PREFIX + rb"t(?:\s[^>]*)?>([^<]*)<")
# Where a sheet's piece may end: outside every cell (after a cell's or a row's end, or a cell or row
# written as one self-closing tag).
_OUTSIDE_CELLS = re.compile(rb"</" + _PREFIX + rb"(?:c|row)\s*>|<" + _PREFIX + rb"(?:c|row)(?:\s[^>]*)?/>")
_CELL = re.compile(rb"<" + _PREFIX + rb"c(\s[^>]*)?(?<!/)>(.*?)</" + _PREFIX + rb"c\s*>", re.DOTALL)
_SHARED_TYPE = re.compile(rb"""(?<![^\s"'])t\s*=\s*["']s["']""")
# A cell of type "s" as Excel and WPS write it (its reference first, short attributes in double
# quotes, the value right after the tag), and every attribute whose value is "s" however quoted: when
# the two counts differ, the piece is read cell by cell.
_EXCEL_SHARED_CELL = re.compile(rb'<c r="[A-Z]{1,3}+[0-9]{1,7}+"(?: [a-z]{1,2}="[^"<>]*+")*? t="s"'
                                rb'(?: [a-z]{1,2}="[^"<>]*+")*+><v>([0-9]{1,10})</v>')
_ANY_S_VALUE = re.compile(rb"""=\s*["']s["']""")
_VALUE = re.compile(rb"<" + _PREFIX + rb"v\s*>\s*([0-9]{1,10})\s*<")


class TooMuchText(Exception):
    """The cells expand to more text than a ledger holds; the message is Chinese, for the user."""


def shared_strings_parts(archive: zipfile.ZipFile, named: Iterable[str]) -> list[str]:
    """The shared strings part the workbook's relationships name, and xl/sharedStrings.xml in any
    spelling of its case (a parser may look there whatever the relationships say)."""
    parts = [part for part in named if part in archive.NameToInfo]
    parts += [info.filename for info in archive.infolist()
              if info.filename.lower() == "xl/sharedstrings.xml" and info.filename not in parts]
    return parts


def _pieces(archive: zipfile.ZipFile, part: str, end: re.Pattern[bytes], literals: tuple[bytes, ...],
            longest: int, too_long: str | None) -> Iterator[bytes]:
    """The part's bytes in pieces that each end just after a match of `end` (the last piece: the
    rest): after the last of `literals` (its spellings as Excel writes them, found in C), else after
    the last match. A stretch without one longer than `longest` raises TooMuchText(`too_long`), or
    without `too_long` ends after its last tag (a sheet's merged cells, say, hold no cell)."""
    carry = b""
    with archive.open(part) as handle:
        while chunk := handle.read(_PIECE):
            block = carry + chunk
            cut = max((block.rfind(literal) + len(literal) for literal in literals if literal in block), default=0)
            if len(block) - cut > longest or not cut:
                for match in end.finditer(block, cut):
                    cut = match.end()
            if len(block) - cut > longest:
                if too_long is not None:
                    raise TooMuchText(too_long)
                cut = block.rfind(b">") + 1 or len(block)
            if cut:
                yield block[:cut]
            carry = block[cut:]
    if carry:
        yield carry


def _text_bytes(item: bytes) -> int:
    return sum(len(text) for text in _TEXT.findall(item)) if len(item) > LONG_BYTES else 0


def long_strings(archive: zipfile.ZipFile, part: str) -> tuple[dict[int, int], dict[int, int]]:
    """Index -> text bytes of the shared strings longer than LONG_BYTES, numbered with and without
    the self-closing <si/>; TooMuchText for one longer than a cell can hold."""
    too_long = "有一个单元格的文字超过 Excel 的上限（32,767 个字），不是 Excel 或 WPS 保存的文件"
    counted: dict[int, int] = {}
    skipped: dict[int, int] = {}
    index = empties = 0
    for piece in _pieces(archive, part, _SI_END, (b"</si>",), _LONGEST_PIECE, too_long):
        opened = piece.count(b"<si>")  # as Excel writes: <si> and </si> only, no prefix, no <si/>
        plain = b":si" not in piece and piece.count(b"<si") == opened == piece.count(b"</si>")
        items = piece.split(b"</si>") if plain else _SI_END.split(piece)  # each string's XML; the last:
        if plain or _SI_SELF_CLOSING.search(piece) is None:  # what follows. Only the long ones are looked at
            long = [(index + i, item) for i, item in enumerate(items[:-1]) if len(item) > LONG_BYTES]
            index += len(items) - 1
        else:
            long = []
            for i, end in enumerate(_SI_END.finditer(piece)):  # items[i] comes before end i
                if _SI_EMPTY.match(piece, end.start(), end.end()):
                    empties += 1  # what stands before an <si/> is no string's text
                elif len(items[i]) > LONG_BYTES:
                    long.append((index, items[i]))
                index += 1
        for number, item in long:
            size = _text_bytes(item)
            if size > MAX_STRING_BYTES:
                raise TooMuchText(too_long)
            if size > LONG_BYTES:
                counted[number] = size
                skipped[number - empties] = size
        if _text_bytes(items[-1]) > MAX_STRING_BYTES:
            raise TooMuchText(too_long)
    return counted, skipped


def named_text(archive: zipfile.ZipFile, part: str, numberings: list[dict[int, int]]) -> int:
    """Bytes of long shared text the cells of one sheet name, each cell counted (the larger of the
    numberings)."""
    totals = [0] * len(numberings)
    for piece in _pieces(archive, part, _OUTSIDE_CELLS, (b"</c>", b"</row>"), _PIECE, None):
        named = _EXCEL_SHARED_CELL.findall(piece)  # cells as Excel writes them, in C
        if len(named) != len(_ANY_S_VALUE.findall(piece)):  # some other spelling: cell by cell
            named = []
            for match in _CELL.finditer(piece):
                if _SHARED_TYPE.search(match.group(1) or b""):
                    value = _VALUE.search(match.group(2))
                    if value is not None:
                        named.append(value.group(1))
        for index, cells in Counter(named).items():
            for number, long in enumerate(numberings):
                totals[number] += cells * long.get(int(index), 0)
    return max(totals, default=0)


def check_shared_text(archive: zipfile.ZipFile, shared_parts: Iterable[str], sheet_parts: Iterable[str]) -> None:
    """Raise TooMuchText when a shared string is longer than a cell can be, or when the long shared
    strings the sheets' cells name add up to more than a ledger holds."""
    numberings: list[dict[int, int]] = []
    for part in shared_parts:
        numberings.extend(long_strings(archive, part))
    if not any(numberings):
        return
    total = 0
    for part in sheet_parts:
        total += named_text(archive, part, numberings)
        if total > MAX_EXPANDED_BYTES:
            raise TooMuchText(f"单元格引用的长文字合计超过 {MAX_EXPANDED_BYTES // 1_000_000} MB（同一段长文字被大量单元格重复引用），"
                              "远超一份台账的规模，读取它会耗尽内存。请在 Excel 中检查后另存为新文件再导入")
