"""The header of a table being imported (io.xlsx_reader reads the rows below it): found among a
sheet's first rows, under any title rows, in one row or in two. Schools draw two-row headers in
every mix: a group title merged across the columns it covers with their names in the row below
("党籍信息" over 入党时间 | 转正时间, issue 13), and a column name merged down over both rows beside
such a group ("工作岗位" beside "基本情况", trial 10 T10-2) — Excel keeps a merged cell's text in its
top-left cell, so the name of a column merged down stands in the upper row over a blank cell.

Nothing a header names is dropped without a word: every cell of the header rows that holds a known
column's name but is not the column read (the same column twice, a name above another) is said in
the import's report (`unread_headers`, a warning), and so are the columns whose header names nothing
the import reads ("籍贯": `unknown_columns`, a note).

A lookup is any mapping of header text (as `clean_header` writes it) to a column's name: a plain dict
from `header_lookup`, or one that also names what it recognises by its shape (the 党费 import's month
columns, "3月" … "2026.12", io/dues_header.py), so every import reads its header here."""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from branchdesk.domain.text import clean_text


@dataclass(frozen=True)
class Column:
    name: str  # the canonical header, as in our template
    synonyms: tuple[str, ...] = ()
    required: bool = False


# A unit written after a column's name names the same column: "学时（小时）", "金额（元）", "党费(元)",
# "应到人数（人）", "比例（%）". The unit says how the cells are written, not which column it is, so every
# area's import reads it off here, the one way (the 党费 import alone did, for amounts). Brackets that
# hold anything else are part of the name ("导师（帮扶人）"), and a unit alone ("（元）") is left as written.
# Only the units our columns are counted in (元, 小时 = 学时, 人, 次 …): a figure in another unit — 学时（分钟）,
# 金额（万元）, 学时（天）, 课时 (45 minutes) — would be stored as if in ours (90 minutes as 90 学时): such a
# header is left as written, so the import says the column is not read instead of taking it (review R2-4).
_UNIT = re.compile(r"(?<=.)\((?:元|元/月|元/人|元/人/月|小时|学时|次|人|名|个|项|%|岁|年|月)\)$")


def clean_header(value: object) -> str:
    """A header cell as headers are compared: no blanks, no 必填 stars, ASCII brackets, and no unit after
    the name (`_UNIT`)."""
    text = "" if value is None else clean_text(str(value))  # "姓名\u200b" and "ＩＤ" are headers too
    text = re.sub(r"[\s\u3000*＊]", "", text)
    text = text.replace("（", "(").replace("）", ")")
    return _UNIT.sub("", text) if text.endswith(")") else text


def header_lookup(columns: list[Column]) -> dict[str, str]:
    """Each accepted spelling of a header, as clean_header writes it -> its column's name."""
    table: dict[str, str] = {}
    for column in columns:
        for spelling in (column.name, *column.synonyms):
            table[clean_header(spelling)] = column.name
    return table


@dataclass
class Header:
    row: int  # 1-based Excel row (the upper one of a two-row header)
    mapping: dict[str, int]  # canonical name -> 0-based column index in the sheet
    ignored: list[str]
    missing: list[str]
    titles: list[str] = field(default_factory=list)  # the rows above it (a title such as "XX党委党员花名册")
    cells: list[object] = field(default_factory=list)  # the header's first row as read
    rows: int = 1  # 2 for a two-row header
    written: dict[str, str] = field(default_factory=dict)  # canonical name -> the header as the file writes it
    # the header's rows, to say which names were not read: (Excel row, cells as read)
    band: list[tuple[int, list[object]]] = field(default_factory=list)
    above: list[tuple[int, list[object]]] = field(default_factory=list)  # the rows above it, likewise


def _blank(value: object) -> bool:
    return value is None or value == "" or not clean_header(value)


def _names(values: list[object], lookup: Mapping[str, str]) -> list[tuple[int, str, str]]:
    """(position in the row, column name, header as written) of each cell naming a known column."""
    found = []
    for position, value in enumerate(values):
        if value is None or value == "":
            continue
        key = clean_header(value)
        if key in lookup:
            found.append((position, lookup[key], key))
    return found


def _merged_down(upper: list[object], lower: list[object], lower_names: dict[str, tuple[int, str]],
                 lookup: Mapping[str, str]) -> dict[str, tuple[int, str]]:
    """The columns the upper row names over a blank cell of the lower row (a name merged down over
    both rows) that the lower row does not name itself."""
    adopted: dict[str, tuple[int, str]] = {}
    for position, name, text in _names(upper, lookup):
        if name not in lower_names and _blank(lower[position] if position < len(lower) else None):
            adopted[name] = (position, text)
    return adopted


def find_header(rows: Iterator[list[object]], lookup: Mapping[str, str], columns: list[Column],
                scan_rows: int, offset: int) -> Header | None:
    """The first row naming enough known columns, or the first two rows that do together: a row
    and, above it, names merged down over its blank cells (the row's own names come first)."""
    needed = max(2, sum(c.required for c in columns))
    titles: list[str] = []
    above: list[object] | None = None
    earlier: list[tuple[int, list[object]]] = []
    for number, values in enumerate(rows, start=1):
        names = _names(values, lookup)
        own = {name: (position, text) for position, name, text in names}  # the last of a name is read, as ever
        adopted = _merged_down(above, values, own, lookup) if above is not None else {}
        if len(own) >= needed or (own and adopted and len(own) + len(adopted) >= needed):
            chosen = {**adopted, **own}
            header = Header(number - 1 if adopted else number, {n: p + offset for n, (p, _t) in chosen.items()},
                            [str(v) for v in values if not _blank(v) and clean_header(v) not in lookup],
                            [c.name for c in columns if c.required and c.name not in chosen], titles,
                            list(above) if adopted and above is not None else list(values), 2 if adopted else 1,
                            {n: t for n, (_p, t) in chosen.items()})
            header.band = [(number, list(values))]
            if adopted:
                header.band.insert(0, earlier.pop())
            header.above = earlier
            return header
        earlier.append((number, list(values)))
        if not names:
            titles += [str(v).strip() for v in values if v not in (None, "") and str(v).strip()][:1]
        above = values
        if number >= scan_rows:
            break
    return None


def second_header_row(header: Header, rows: Iterator[list[object]], lookup: Mapping[str, str],
                      columns: list[Column], offset: int) -> Iterator[list[object]]:
    """A one-row header may go on in the row below it (issue 13: "党籍信息" merged over 入党时间 |
    转正时间): columns named in the row below, under cells of the header row that are blank (merged)
    or a group title no column knows, join the header, and the data starts a row later. The row below
    is data otherwise: it is given back to the rows still to read."""
    if header.rows > 1:
        return rows
    following = next(rows, None)
    if following is None:
        return rows
    cells = header.cells
    below: dict[str, tuple[int, str]] = {}
    for position, name, text in _names(following, lookup):
        above = cells[position] if position < len(cells) else None
        if name not in header.mapping and (_blank(above) or clean_header(above) not in lookup):
            below[name] = (position, text)
    if not below:
        return itertools.chain([following], rows)
    groups = set()
    for position, _text in below.values():  # the group title sits in the merged range's first cell, at or left of it
        for i in range(position, -1, -1):
            if i < len(cells) and not _blank(cells[i]):
                groups.add(str(cells[i]))
                break
    header.mapping = {**header.mapping, **{name: p + offset for name, (p, _t) in below.items()}}
    header.written = {**header.written, **{name: text for name, (_p, text) in below.items()}}
    header.ignored = [t for t in header.ignored if t not in groups]
    header.missing = [c.name for c in columns if c.required and c.name not in header.mapping]
    header.rows = 2
    header.band.append((header.row + 1, list(following)))
    return rows


def unread_headers(header: Header, lookup: Mapping[str, str], offset: int) -> list[str]:
    """A sentence for each header cell naming a known column that is not the column read: its
    contents are not imported, and the user must know (project principle: nothing dropped silently).
    A cell of the header's rows, or one above them with nothing under it down to the header (a name
    merged down over a header of three rows)."""
    by_column = {index: name for name, index in header.mapping.items()}
    rows = f"第 {header.row} 行" if header.rows == 1 else f"第 {header.row}–{header.row + header.rows - 1} 行"
    said = []
    below = [*header.above, *header.band]
    for index, (number, cells) in enumerate(below):
        for position, name, text in _names(cells, lookup):
            column = position + offset
            if header.mapping.get(name) == column:
                continue
            if number < header.row and not all(_blank(row[position] if position < len(row) else None)
                                                for _n, row in below[index + 1:]):
                continue  # above the header over a written cell: a title or a figures block ("党支部 | 第三党支部")
            if name in header.mapping:
                read = get_column_letter(header.mapping[name] + 1)
                why = f"与 {read} 列的“{header.written[name]}”是同一项，只读取了 {read} 列"
            elif column in by_column:
                why = f"这一列按“{header.written[by_column[column]]}”读取"
            else:
                why = f"表头在{rows}，这一格不在表头中"
            said.append(f"第 {number} 行 {get_column_letter(column + 1)} 列的表头“{text}”未读取（{why}），"
                        "这一列的内容没有导入；如需导入，请改正表头后重新导入")
    return said


def unknown_columns(header: Header, lookup: Mapping[str, str], offset: int, skip: Collection[int] = ()) -> str:
    """The columns whose header names nothing the import reads ("籍贯", "家庭住址"), said in one note so
    their contents are not left out without a word; "" when there are none. A group title over
    columns named below it ("基本情况") is no column. `skip`: columns (0-based, as the mapping counts
    them) the import reads or reports otherwise (a 党费 month's 实缴 under it)."""
    rows = [cells for _number, cells in header.band]
    unknown = []
    for position in range(max(map(len, rows), default=0)):
        cells = [row[position] if position < len(row) else None for row in rows]
        written = [cell for cell in cells if not _blank(cell)]
        if not written or position + offset in skip or any(clean_header(cell) in lookup for cell in written):
            continue
        unknown.append(f"{clean_text(str(written[-1]))}（{get_column_letter(position + offset + 1)} 列）")
    return f"未读取的列（不是本表导入的项目）：{'、'.join(unknown)}" if unknown else ""
