"""The header of a table being imported (io.xlsx_reader reads the rows below it): found among a
sheet's first rows, under any title rows, in one row or in two. Schools draw two-row headers in
every mix: a group title merged across the columns it covers with their names in the row below
("党籍信息" over 入党时间 | 转正时间, issue 13), and a column name merged down over both rows beside
such a group ("工作岗位" beside "基本情况", trial 10 T10-2) — Excel keeps a merged cell's text in its
top-left cell, so the name of a column merged down stands in the upper row over a blank cell.

Nothing a header names is dropped without a word: every cell of the header rows that holds a known
column's name but is not the column read (the same column twice, a name above another) is said in
the import's report (`unread_headers`, a warning), and so are the columns whose header names nothing
the import reads ("籍贯"): a warning when the column holds data, with the import's column it may be
(`UnreadColumn`, `guess_column`: trial L, TL-17), a note when it is empty (`unknown_note`). Under a group
title the sub-header names the column (`_under_groups`: "整改措施" over 序号 | 具体措施, TL-8).

A lookup is any mapping of header text (as `clean_header` writes it) to a column's name: a plain dict
from `header_lookup`, or one that also names what it recognises by its shape (the 党费 import's month
columns, "3月" … "2026.12", io/dues_header.py), so every import reads its header here."""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from openpyxl.utils import get_column_letter

from branchdesk.domain.study_hours.records import CLOCK_HOURS_HOW, DAY_NOT_HOURS, MINUTES_PER_HOUR
from branchdesk.domain.text import clean_text


@dataclass(frozen=True)
class Column:
    name: str  # the canonical header, as in our template
    synonyms: tuple[str, ...] = ()
    required: bool = False
    # spellings that name this column only beside another cell that takes the column they name otherwise:
    # "活动时间" is a 主题党日 sheet's date, but beside "活动日期" it is the hour the sitting began (review
    # R2-10: the time column was read as the date and every row refused)
    beside: tuple[str, ...] = ()
    # spellings that name this column when written a second time, after the cell naming `after`: a 发展党员台账's
    # second "应到 | 实到 | 赞成" after 支部大会讨论转正 is the 转正 vote, the first the 接收 one; anywhere else the
    # second is the same column twice, as ever (a warning), since whose vote it is cannot be known
    again: tuple[str, ...] = ()
    after: str = ""


# A unit written after a column's name names the same column: "学时（课时）", "金额（元）", "党费(元)",
# "应到人数（人）", "比例（%）". The unit says how the cells are written, not which column it is, so every
# area's import reads it off here, the one way (the 党费 import alone did, for amounts). Brackets that
# hold anything else are part of the name ("导师（帮扶人）"), and a unit alone ("（元）") is left as written.
# Only the units our columns are counted in (元, 学时 — also written 课时 or 节: a school lesson is 45 minutes, one
# 学时 —, 人, 次 …): a figure in another unit — 学时（分钟）, 金额（万元）, 学时（天）, and 学时（小时）/学时（h）, clock
# hours (3 小时 = 4 学时, MINUTES_PER_HOUR) — would be stored as if in ours (90 minutes as 90 学时): such a
# header is left as written, so the import says the column is not read instead of taking it (review R2-4; before
# unitfix 学时（小时）was read one for one and 学时（课时）refused, the wrong way round).
# And only a column's own units: a name that says what it holds (学时, an amount, a count of people, a 比例)
# takes only its kind's units — "学时（月）", "学时（次）", "金额（人）" are left as written too, and the report
# says the unit is not the column's (`unit_problem`); "人民币元" is 元, "节" is 课时 and "h" is 小时. A name says what it holds by
# the word it ends with, not by any word in it: "党费月份" is a month (its own unit 月, review 13-2 F6: 党费 made it an
# amount and "党费月份（月）" was not read), "月应交党费" an amount, "党费比例" a 比例. A month's own column ("3月份",
# a 党费 登记簿's month holding the amount paid, io/dues_header) is no month column: its 元 is read off as ever.
_UNIT = re.compile(r"(?<=.)\((元|元/月|元/人|元/人/月|人民币元|小时|学时|课时|节|h|H|次|人|名|票|个|项|%|岁|年|月)\)$")
# (words in a name, what the column holds, how it is counted, its unit, the units it takes): the first that matches
_OWN_UNITS: tuple[tuple[tuple[str, ...], str, str, str, frozenset[str]], ...] = (
    (("比例",), "比例", "比例按百分数计", "%", frozenset({"%"})),
    # one 学时 is MINUTES_PER_HOUR (45) minutes, a school lesson (课时, 节): "学时（课时）" and "课时" are 学时, while
    # "学时（小时）" is clock hours and not read (3 小时 = 4 学时); the report never says 学时 are counted in clock
    # hours (review rev1 F3)
    (("学时", "课时"), "学时", f"1 学时 = {MINUTES_PER_HOUR} 分钟", "学时", frozenset({"学时", "课时", "节"})),
    (("人数", "票数"), "人数", "人数按人计", "人", frozenset({"人", "名", "票"})),
    (("金额", "党费", "基数", "工资", "应交", "实交", "应缴", "实缴", "欠交", "欠缴", "补贴", "津贴"), "金额", "金额按元计",
     "元", frozenset({"元", "元/月", "元/人", "元/人/月", "人民币元"})),
    (("月份", "月度"), "月份", "月份以月为单位", "月", frozenset({"月"})),
)
_A_MONTH = re.compile(r"(\d|[一二三四五六七八九十元])月份$")  # "3月份", "十二月份": a month's own column
# a unit a figure would have to be converted from: named by `unit_problem`, never read off
_OTHER_UNITS = frozenset({"分钟", "分", "天", "日", "周", "学分", "万元", "千元", "角"})
_CLOCK_UNITS = frozenset({"小时", "h", "H"})
_TAIL = re.compile(r"(?<=.)\(([^()]{1,6})\)$")
# "学时/小时", "金额/元": a unit after a slash, as some registers write it, is the bracketed unit (only where the name
# is of a kind that has units, so "出席/应到" stays as written)
_SLASH = re.compile(r"(?<=.)/([^/()]{1,6})$")
# A length of time ("时长（h）", "培训时长(小时)", "时长/分钟") is no 学时: one 学时 is MINUTES_PER_HOUR (45) minutes
# (MTG-STUDY-HOURS, domain/study_hours/records.py), so 3 hours are 4 学时 and a 时长 column is never read as 学时 one
# for one; it is left as written and `unit_problem` says how to convert it (before, "时长（h）" lost its unit, named
# nothing, and the 学习培训登记表 was refused as having no header row).
_DURATION = re.compile(r"^(.{0,6}时长)\((h|H|小时|分钟|分)\)$")
# Clock hours named as the column ("小时", "培训小时数", "小时(h)") or a 时长 with or without its unit: in an import
# that reads 学时, said not to be 学时 (`unit_problem`), never read as it
_CLOCK_NAME = re.compile(r"^(.{0,6}(?:时长|小时数|小时))(?:\((h|H|小时|分钟|分)\))?$")


def _own_units(name: str) -> tuple[tuple[str, ...], str, str, str, frozenset[str]] | None:
    """The kind of column a name is: the one whose word ends last in it (the first in `_OWN_UNITS` of two
    ending alike), None when no word of a kind is in it."""
    best, end = None, 0
    for kind in _OWN_UNITS:
        if kind[1] == "月份" and _A_MONTH.search(name):
            continue
        last = max((name.rfind(word) + len(word) for word in kind[0] if word in name), default=0)
        if last > end:
            best, end = kind, last
    return best


def clean_header(value: object) -> str:
    """A header cell as headers are compared: no blanks, no 必填 stars, ASCII brackets, and no unit after
    the name (`_UNIT`)."""
    text = "" if value is None else clean_text(str(value))  # "姓名\u200b" and "ＩＤ" are headers too
    text = re.sub(r"[\s\u3000*＊]", "", text)
    text = text.replace("（", "(").replace("）", ")")
    if (slash := _SLASH.search(text)) is not None and (_own_units(text[:slash.start()]) is not None
                                                       or text[:slash.start()].endswith("时长")):
        text = f"{text[:slash.start()]}({slash.group(1)})"
    if _DURATION.match(text):
        return text
    if not text.endswith(")") or (unit := _UNIT.search(text)) is None:
        return text
    name = text[:unit.start()]
    own = _own_units(name)
    return name if own is None or unit.group(1) in own[4] else text  # another kind's unit: left as written


def unit_problem(written: str, *, hours: bool | str = False) -> str:
    """For a header whose unit is not its column's ("学时（小时）", "学时（月）", "金额（万元）"): a plain clause
    saying so and how to write it (单位“小时”是钟点小时，不是学时：3 小时 = 4 学时…); "" for any other header. With
    `hours` (the import has a 学时 column: True, or the column's name, "集中培训学时"), clock hours or a 时长 ("小时",
    "时长（h）") likewise: no 学时 one for one, and the header to write is that column's."""
    text = clean_header(written)
    if (clock := _CLOCK_NAME.match(text)) is not None:
        if not hours:
            return ""
        column = hours if isinstance(hours, str) else "学时"
        if clock.group(2) in ("分钟", "分"):
            return (f"{clock.group(1)}不是学时：90 分钟 = 2 学时（1 学时 = {MINUTES_PER_HOUR} 分钟），请按学时填写，"
                    f"并把表头改为“{column}”")
        return f"{clock.group(1)}不是学时：{CLOCK_HOURS_HOW}，并把表头改为“{column}”"
    tail = _TAIL.search(text)
    if tail is None:
        return ""
    name, unit = text[:tail.start()], tail.group(1)
    own = _own_units(name)
    if own is None or (unit not in _OTHER_UNITS and not _UNIT.search(f"x({unit})")):
        return ""
    _words, what, counted, base, _units = own
    if what == "学时" and unit in _CLOCK_UNITS:  # 学时（小时）: clock hours, 3 小时 = 4 学时
        return f"单位“{unit}”是钟点小时，不是学时：{CLOCK_HOURS_HOW}，并把表头改为“{name}”"
    if what == "学时" and unit in ("天", "日"):
        counted += f"；{DAY_NOT_HOURS}"
    return f"单位“{unit}”不是{what}的单位（{counted}），请按{base}填写后把表头改为“{name}”"


def hours_unit_problem(written: str, column: str) -> str:
    """`unit_problem` for a header of 学时 ("集中培训学时（小时）") or of clock hours ("小时", "培训时长（h）") in an
    import whose 学时 column is `column`; "" for any other header (a 金额 in 万元 is no concern of it)."""
    text = clean_header(written)
    tail = _TAIL.search(text)
    kind = _own_units(text[:tail.start()]) if tail is not None else None
    if _CLOCK_NAME.match(text) is None and (kind is None or kind[1] != "学时"):
        return ""
    return unit_problem(written, hours=column)


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
    # columns (as the mapping counts them) of group titles and of the sub-headers named under them
    groups: set[int] = field(default_factory=set)


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


def _own_names(names: list[tuple[int, str, str]], columns: list[Column]) -> dict[str, tuple[int, str]]:
    """Column name -> (position, header as written) of a header row. Of two cells naming one column the
    last is read, as ever — except a spelling written again after the cell naming its `after` column, which
    names its `again` column (Column.again), and a cell whose spelling another column takes "beside" (Column.beside:
    "活动时间") gives way to the other cell ("活动日期") and names that column instead (开始时间), when nothing
    else names it."""
    beside = {clean_header(spelling): column.name for column in columns for spelling in column.beside}
    again = {clean_header(spelling): column for column in columns for spelling in column.again}
    own: dict[str, tuple[int, str]] = {}
    gave_way: list[tuple[int, str]] = []
    for position, name, text in names:
        held = own.get(name)
        second = again.get(text)
        if (held is not None and second is not None and held[1] == text and second.name not in own
                and second.after in own and held[0] < own[second.after][0] < position):
            own[second.name] = (position, text)  # written again after `after`: that column (Column.again)
            continue
        if held is not None and text in beside and held[1] not in beside:
            gave_way.append((position, text))
            continue
        if held is not None and held[1] in beside and text not in beside:
            gave_way.append(held)
        own[name] = (position, text)
    named = {name for _position, name, _text in names}
    for position, text in gave_way:
        other = beside[text]
        if other not in own and other not in named:
            own[other] = (position, text)
    return own


def _merged_down(upper: list[object], lower: list[object], lower_names: dict[str, tuple[int, str]],
                 lookup: Mapping[str, str]) -> dict[str, tuple[int, str]]:
    """The columns the upper row names over a blank cell of the lower row (a name merged down over
    both rows) that the lower row does not name itself."""
    adopted: dict[str, tuple[int, str]] = {}
    for position, name, text in _names(upper, lookup):
        if name not in lower_names and _blank(lower[position] if position < len(lower) else None):
            adopted[name] = (position, text)
    return adopted


def _under_groups(upper: list[object], lower: list[object],
                  lookup: Mapping[str, str]) -> tuple[dict[int, tuple[str, str]], set[int]]:
    """The names of the lower row's cells standing under a group title of the upper row (a cell whose
    row goes on blank to its right, merged over the columns named below it), and the titles' positions.
    Under a group title the sub-header names the column (trial L, TL-8: "整改措施" over 序号 | 具体措施
    stored every measure's text as its number): the title and the sub-header together first
    ("整改措施" + "序号" = 整改措施序号, the measures' number), then the sub-header alone ("具体措施");
    a title that names a column itself ("整改措施", "整改情况") names the one sub-column under it that
    nothing else names ("内容", "进展"). Only titles over two columns or more, with a known name under
    them, count: a title row over the whole table names none of its columns."""
    named: dict[int, tuple[str, str]] = {}
    titles: set[int] = set()
    starts = [i for i, value in enumerate(upper) if not _blank(value)]
    width = max(len(upper), len(lower))
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else width
        span = [i for i in range(start, end) if i < len(lower)]
        if len(span) < 2:
            continue
        title = clean_header(upper[start])
        found: dict[int, tuple[str, str]] = {}
        unnamed = []
        for i in span:
            sub = "" if _blank(lower[i]) else clean_header(lower[i])
            name = (lookup.get(title + sub) or lookup.get(sub)) if sub else None
            if name is None:
                unnamed.append(i)
            else:
                found[i] = (name, sub)
        if not found:
            continue
        own = lookup.get(title)
        if own is not None and own not in {n for n, _t in found.values()} and len(unnamed) == 1:
            found[unnamed[0]] = (own, title)
        named.update(found)
        titles.add(start)
    return named, titles


def _in_other_units(values: list[object], lookup: Mapping[str, str]) -> int:
    """How many cells name a known column in a unit that is not its own (unit_problem)."""
    count = 0
    hours = next((name for name in lookup.values() if name.endswith("学时")), "")
    for value in values:
        if isinstance(value, str) and unit_problem(value, hours=hours):
            text = clean_header(value)
            tail = _TAIL.search(text)
            count += _CLOCK_NAME.match(text) is not None or (tail is not None and text[:tail.start()] in lookup)
    return count


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
        own = _own_names(names, columns)
        adopted = _merged_down(above, values, own, lookup) if above is not None else {}
        # a known column in a unit not its own ("学时（课时）") is not read, but this is the header: the
        # refusal names the column missing and why (missing_hint, unit_problem), not "没有找到表头行"
        unread = _in_other_units(values, lookup) if len(own) + 1 >= needed else 0
        if len(own) + unread >= needed or (own and adopted and len(own) + len(adopted) >= needed):
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
    grouped, titles = _under_groups(cells, following, lookup)
    below: dict[str, tuple[int, str]] = {}
    for position, name, text in _names(following, lookup):
        above = cells[position] if position < len(cells) else None
        if position not in grouped and name not in header.mapping and (_blank(above) or clean_header(above) not in lookup):
            below[name] = (position, text)
    for position, (name, text) in grouped.items():  # under a group title the sub-header names the column
        current = header.mapping.get(name)
        if current is None or current - offset in titles:
            below[name] = (position, text)
    if not below or all(header.mapping.get(n) == p + offset for n, (p, _t) in below.items()):
        return itertools.chain([following], rows)
    taken = {p for p, _t in below.values()}
    header.mapping = {n: i for n, i in header.mapping.items() if i - offset not in taken or n in below}
    header.groups = {p + offset for p in titles | {p for p, _t in below.values() if p in grouped}}
    groups = set()
    for position, _text in below.values():  # the group title sits in the merged range's first cell, at or left of it
        for i in range(position, -1, -1):
            if i < len(cells) and not _blank(cells[i]):
                groups.add(str(cells[i]))
                break
    groups |= {str(cells[p]) for p in titles}
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
            if header.mapping.get(name) == column or header.written.get(by_column.get(column, "")) == text or (
                    column in header.groups and (
                    number == header.row or (number > header.row and column in by_column))):
                continue  # read, or a group title and a sub-header read as the name under that title
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


def unknown_positions(header: Header, lookup: Mapping[str, str], offset: int,
                      skip: Collection[int] = ()) -> list[tuple[int, str]]:
    """(column as the mapping counts it, header as written) of each column whose header names nothing
    the import reads ("籍贯", "家庭住址"). A group title over columns named below it ("基本情况") is no
    column. `skip`: columns the import reads or reports otherwise (a 党费 month's 实缴 under it)."""
    rows = [cells for _number, cells in header.band]
    skip = {*skip, *header.mapping.values()}  # a column read ("内容" under the group title 整改措施) is known
    unknown = []
    for position in range(max(map(len, rows), default=0)):
        cells = [row[position] if position < len(row) else None for row in rows]
        written = [cell for cell in cells if not _blank(cell)]
        if not written or position + offset in skip or any(clean_header(cell) in lookup for cell in written):
            continue
        unknown.append((position + offset, clean_text(str(written[-1]))))
    return unknown


def unknown_note(unknown: Collection[tuple[int, str]]) -> str:
    """The columns the import does not read, and that hold nothing, in one note; "" when there are none."""
    listed = "、".join(f"{text}（{get_column_letter(column + 1)} 列）" for column, text in unknown)
    return f"未读取的列（不是本表导入的项目）：{listed}" if listed else ""


def unknown_columns(header: Header, lookup: Mapping[str, str], offset: int, skip: Collection[int] = ()) -> str:
    """The columns whose header names nothing the import reads, said in one note so their contents are
    not left out without a word; "" when there are none."""
    return unknown_note(unknown_positions(header, lookup, offset, skip))


@dataclass(frozen=True)
class UnreadColumn:
    """A column holding data that the import does not read at all (trial L, TL-1, TL-17: "月工资合计" full
    while every row was told "请填写税后月工资"): said as a warning, where she looks, with the column of
    the import it may be. `guess` is that column's name ("" when none looks like it)."""

    written: str  # the header as she wrote it
    letters: str  # "E", or "E、F" for the sheets of a workbook whose columns differ
    filled: int  # the cells below the header holding something
    guess: str = ""
    sheets: tuple[str, ...] = ()  # the sheets it stands in, when the table is read from several
    hours: str = ""  # the import's 学时 column, if it has one (clock hours are then said not to be it: unit_problem)

    def text(self) -> str:
        where = ""
        if self.sheets:
            shown = "、".join(f"“{s}”" for s in self.sheets[:3])
            where = f"工作表{shown}{'等 ' + str(len(self.sheets)) + ' 个工作表' if len(self.sheets) > 3 else ''}中"
        said = (f"{where}“{self.written}”（{self.letters} 列）有 {self.filled} 行填写了内容，"
                "不是本表导入的项目，这一列没有导入")
        if problem := unit_problem(self.written, hours=self.hours):
            said += f"；{problem}"
        elif self.guess:
            said += f"；如这一列就是“{self.guess}”，请把表头改为“{self.guess}”后重新导入"
        return said


# the words two headers share that say nothing of what a column holds ("入学时间" and "开始时间")
_GENERIC = frozenset({"日期", "时间", "情况", "内容", "人员", "名称", "单位", "人数", "金额", "合计", "序号", "编号",
                      "党员", "备注", "说明", "类别", "类型", "年月", "月份", "姓名", "名单"})


def _common(a: str, b: str) -> str:
    """The longest run of characters two headers share."""
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] in b:
                best = a[i:j]
            else:
                break
    return best


def hours_column(columns: Collection[Column]) -> str:
    """The column of 学时 an import reads (the 学习培训登记表's 学时, the 发展党员台账's 集中培训学时), "" when none: a
    column of clock hours or a 时长 is then said not to be it."""
    return next((column.name for column in columns if column.name.endswith("学时")), "")


def guess_column(written: str, columns: Collection[Column], read: Collection[str]) -> str:
    """The import's column (one not read already) whose name or synonym shares the longest run of two
    characters or more with `written`, not counting words every header has ("日期", "时间"): what an
    unread column may be ("月工资合计" → 缴费基数, through 税后月工资). "" when none does."""
    key = clean_header(written)
    best, name = (1, 0), ""
    if unit_problem(written, hours=hours_column(columns)):  # "学时(小时)" is not 学时 renamed: another unit
        return ""
    for column in columns:
        if column.name in read:
            continue
        for spelling in (column.name, *column.synonyms):
            other = clean_header(spelling)
            shared = _common(key, other)
            # of two sharing runs as long, the one sharing more of the header in all: "发展对象备案时间" is
            # 发展对象报上级党委备案日期 (发展对象 + 备案), not 积极分子报上级党委备案日期 (备案 only; trial R TR-10)
            score = (len(shared), _shared_in_all(key, other))
            if score > best and len(shared) > 1 and shared not in _GENERIC:
                best, name = score, column.name
    return name


def _shared_in_all(a: str, b: str) -> int:
    """How many characters of `a` two headers share in runs of two or more, in order."""
    return sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
               if block.size > 1)


def missing_hint(header: Header, lookup: Mapping[str, str], columns: Collection[Column], offset: int) -> str:
    """For a header that lacks required columns: the columns of it no name of the import's knows that may
    be them ("起始时间" for 起始月份, TL-17), said so she renames hers rather than adds one; "" when none."""
    missing = [c for c in columns if c.name in header.missing]
    said = []
    for column, text in unknown_positions(header, lookup, offset):
        if problem := unit_problem(text, hours=hours_column(columns)):
            said.append(f"“{text}”（{get_column_letter(column + 1)} 列）的{problem}")
        elif guess := guess_column(text, missing, ()):
            said.append(f"“{text}”（{get_column_letter(column + 1)} 列）是否就是“{guess}”？如是，请把表头改为“{guess}”")
    return "；".join(said)
