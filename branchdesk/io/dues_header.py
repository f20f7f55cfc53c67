"""The header of a 党费 sheet (io/dues_xlsx.py reads the rows below it), found the one way every import
finds its header (io/xlsx_header.py): under title rows, in one row or in two, names merged down over
both rows or standing under a group title. What a 党费 header has besides:

- month columns, in the wide 登记表: "3月", "三月", "2026年3月", "2026.3", a date cell … (`month_header`),
  which the lookup names as it meets them (`HeaderNames`), so "缴纳情况" merged over 1月 … 12月 is a group
  title like "基本情况" over 姓名 … in a roster;
- a row under the months naming each month's own columns ("1月" merged over 应缴 | 实缴, or over 金额 |
  缴纳日期): 实缴 is what was paid that month, 缴纳日期 the day; 应缴 is not read (what is due follows the
  base and the rates, domain.md §5) and the report says so.

Nothing the header names is left out without a word: a month named twice, a column among the months
that is no one month ("1-2月"), a month whose own columns have no 实缴 — each is a warning naming its
column; a column the import does not read at all is named in a note (xlsx_header.unknown_columns)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from openpyxl.utils import get_column_letter

from branchdesk.domain.dates import arabic_months, is_lunar
from branchdesk.domain.dues.months import MonthParseError, parse_month
from branchdesk.io.xlsx_header import (
    Column,
    Header,
    UnreadColumn,
    clean_header,
    find_header,
    guess_column,
    header_lookup,
    missing_hint,
    second_header_row,
    unknown_note,
    unknown_positions,
    unread_headers,
)

HEADER_SCAN_ROWS = 12
MONTH_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
# A header's unit ("实缴金额（元）", "月缴纳基数（元）", "3月（元）") is read off by clean_header, as in every import.
_MONTH_HEAD = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月(?:份)?$")
_YEAR_FIRST = re.compile(r"^(19|20)\d{2}")


def month_header(value: object) -> tuple[int | None, int] | None:
    """"3月", "03月", "三月", "2025年3月" as a column header → (year or None, month); and every spelling
    with a year a month cell accepts (months.parse_month): "2026.1", "2026-01", "2026/1", "202601", a
    date cell (Excel turns a typed 2026-01 into one). A bare number or a year alone is not a month."""
    if isinstance(value, date | int | float) and not isinstance(value, bool):
        return _dated_header(value)
    text = clean_header(value)
    if not text or is_lunar(text):
        return None
    text = arabic_months(text)  # "元月", "十二月", "2025年十月": as every month field reads them (domain.dates)
    match = _MONTH_HEAD.match(text)
    if match:
        month = int(match.group(2))
        return (int(match.group(1)) if match.group(1) else None, month) if 1 <= month <= 12 else None
    for index, numeral in enumerate(MONTH_NUMERALS, start=1):
        if text in (f"{numeral}月", f"{numeral}月份"):
            return None, index
    return _dated_header(text) if _YEAR_FIRST.match(text) else None


def _dated_header(value: object) -> tuple[int | None, int] | None:
    if isinstance(value, int | float) and not _YEAR_FIRST.match(str(value)):
        return None
    try:
        month = parse_month(value)
    except MonthParseError:
        return None
    return (month.year, month.month) if month is not None else None


def month_key(head: tuple[int | None, int]) -> str:
    """The name a month column has in a header's mapping: "3月", or "2026年3月" when the header says the year."""
    year, month = head
    return f"{year}年{month}月" if year else f"{month}月"


class HeaderNames(Mapping[str, str]):
    """Header text (as xlsx_header.clean_header writes it, its unit read off) → the column it names:
    each spelling of the columns; and, for a wide 登记表, every month header (`month_key`)."""

    def __init__(self, columns: list[Column], *, months: bool) -> None:
        self._table, self._months = header_lookup(columns), months

    def __getitem__(self, key: str) -> str:
        name = self._table.get(key)
        if name is not None:
            return name
        head = month_header(key) if self._months else None
        if head is None:
            raise KeyError(key)
        return month_key(head)

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


@dataclass
class DuesHeader:
    first_data: int  # 0-based index of the first row under the header
    columns: dict[str, int]  # column name -> 0-based column index
    months: dict[int, tuple[int | None, int]]  # 0-based column of what was paid -> (year as written, month)
    written: dict[int, str]  # that column -> its month as the header writes it ("3月", "2026.3")
    dates: dict[int, int] = field(default_factory=dict)  # a month's column -> the column of its 缴纳日期
    month_to: int | None = None  # a list's 止 column, when 月份 is written 起 | 止 (its column is then 起)
    titles: list[str] = field(default_factory=list)  # the text of the rows above the header
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unread: list[UnreadColumn] = field(default_factory=list)  # columns holding data that are not read (warned)


_PAID = {"实交", "实缴", "已交", "已缴", "实交金额", "实缴金额", "已交金额", "已缴金额", "交纳金额", "缴纳金额", "金额",
         "实交党费", "实缴党费", "党费", "实交数", "实缴数", "实交数额", "实缴数额", "实际", "实际交纳", "实际缴纳"}
_DUE = {"应交", "应缴", "应交金额", "应缴金额", "应交党费", "应缴党费", "应交数", "应缴数", "应交数额", "应缴数额", "标准",
        "应交标准", "应缴标准"}
_DAY = {"缴纳日期", "交纳日期", "缴费日期", "收缴日期", "日期", "缴纳时间", "交纳时间", "时间"}
_MONTHISH = re.compile(r"(\d|[一二三四五六七八九十])\s*月|季度|半年")
_SUBTOTAL = re.compile(r"合计|小计|总计|累计")
_NOT_READ = "这一列的内容没有导入"


def _kind(value: object) -> str:
    """What a cell under a month names: "paid", "due", "day", or "" (nothing the import reads)."""
    text = clean_header(value)
    return "paid" if text in _PAID else "due" if text in _DUE else "day" if text in _DAY else ""


def _at(cells: Sequence[object], index: int) -> object:
    return cells[index] if index < len(cells) else None


def _blank(value: object) -> bool:
    return value is None or not clean_header(value)


def _scan_rows(rows: Sequence[Sequence[object]], months: bool) -> list[list[object]]:
    """The rows a header is looked for in. For a wide 登记表, a month header typed as a date or a number
    is given as its name ("2026年1月"): the lookup reads text. "2026.10" typed into Excel is the number
    2026.1, and is October after 2026.9."""
    scan = []
    for values in rows[:HEADER_SCAN_ROWS]:
        cells = list(values)
        seen: set[int] = set()
        for index, value in enumerate(cells if months else ()):
            head = month_header(value) if value is not None else None
            if head is None:
                continue
            if isinstance(value, float) and head[1] == 1 and {1, 9} <= seen:
                head = (head[0], 10)
            seen.add(head[1])
            if not isinstance(value, str):
                cells[index] = month_key(head)
        scan.append(cells)
    return scan


def read_header(rows: Sequence[Sequence[object]], columns: list[Column], *, wide: bool,
                hints: list[str] | None = None) -> DuesHeader | None:
    """The sheet's header for `columns`: a wide 登记表's (姓名 and at least six months) or a list's (every
    required column); None when the sheet has no such header in its first rows."""
    names = HeaderNames(columns, months=wide)
    scan = _scan_rows(rows, wide)
    header = find_header(iter(scan), names, columns, HEADER_SCAN_ROWS, 0)
    if header is None:
        return None
    second_header_row(header, iter(scan[header.row:]), names, columns, 0)
    known = {c.name for c in columns}
    if (wide and header.rows == 1 and header.row + 1 < len(scan) and len(header.mapping.keys() - known) < 6
            and not any(clean_header(v) in names for v in scan[header.row])):
        _over_quarters(header, scan, names, columns)
    if header.missing:
        if hints is not None and (hint := missing_hint(header, names, columns, 0)):
            hints.append(hint)  # "起始时间" where 起始月份 is wanted (TL-17): said when no sheet has a header
        return None
    months = {i: head for name, i in header.mapping.items() if name not in known and (head := month_header(name))}
    if wide != (len(months) >= 6):
        return None
    result = DuesHeader(0, {n: i for n, i in header.mapping.items() if n in known}, months,
                        {i: header.written[name] for name, i in header.mapping.items() if i in months},
                        titles=[str(v).strip() for _n, cells in header.above for v in cells if not _blank(v)])
    skip = set(months)
    if not wide and "月份" in result.columns:
        skip |= _period(header, scan, result)
    if wide:
        spans = _spans(header, months, set(header.mapping.values()))
        skip |= _own_columns(header, scan, result, spans)
        skip |= _not_months(header, spans, names, result)
    result.first_data = header.row - 1 + header.rows
    result.warnings = [*result.warnings, *unread_headers(header, names, 0)]
    quiet = []  # columns holding nothing, or a sum of columns read ("一季度小计"): a note
    for index, text in unknown_positions(header, names, 0, skip):
        filled = sum(1 for row in rows[result.first_data:] if index < len(row) and not _blank(row[index]))
        if filled and not _SUM.search(clean_header(text)):
            guess = _monthly_guess(text, header.mapping) if wide else ""
            result.unread.append(UnreadColumn(text, get_column_letter(index + 1), filled,
                                              guess or guess_column(text, columns, header.mapping)))
        else:
            quiet.append((index, text))
    if note := unknown_note(quiet):
        result.notes.append(note)
    return result


_SUM = re.compile(r"(小计|季度合计)$")  # a quarter's sum beside its months


def _monthly_guess(text: object, read: Mapping[str, int]) -> str:
    """What a 登记簿's one amount column beside its months may be ("实缴（元）", "缴纳金额" — not the 缴纳类别 the
    words share): its 月应交, when none is read. Only a suggestion in the warning: the column is not read, as it
    may as well be the year's 合计 (nothing stored under a guess)."""
    return "月应交" if _kind(text) == "paid" and "月应交" not in read else ""


_FROM = {"起", "自", "从", "起始", "开始", "起月", "起始月份", "开始月份", "起始月", "开始月"}
_TO = {"止", "至", "到", "终止", "截止", "结束", "止月", "终止月份", "截止月份", "结束月份", "终止月", "截止月"}


def _period(header: Header, scan: list[list[object]], result: DuesHeader) -> set[int]:
    """A list's 月份 merged over 起 | 止 ("缴费期间": 2025年1月 | 2025年3月), in the header's second row or
    in the row under a one-row header (which then joins it): 月份 is read from 起 and 止 from the column
    right of it. Returns the 止 column, or nothing."""
    column = result.columns["月份"]
    following = column + 1
    if following in header.mapping.values() or any(not _blank(_at(cells, following)) for _n, cells in header.band[:1]):
        return set()
    own = header.rows > 1
    index = header.row if own else header.row - 1 + header.rows
    below = header.band[-1][1] if own else scan[index] if index < len(scan) else []
    name_column = result.columns.get("姓名")
    if (not own and name_column is not None and not _blank(_at(below, name_column))) or (
            clean_header(_at(below, column)) not in _FROM or clean_header(_at(below, following)) not in _TO):
        return set()
    if not own:
        header.band.append((index + 1, list(below)))
        header.rows += 1
    result.month_to = following
    return {following}


def _over_quarters(header: Header, scan: list[list[object]], names: HeaderNames, columns: list[Column]) -> None:
    """Months two rows under a one-row header, below a row of group titles only ("第一季度" merged over
    1月 … 3月): the three rows are the header."""
    middle = scan[header.row]
    second_header_row(header, iter(scan[header.row + 1:]), names, columns, 0)
    if header.rows == 2:
        number, cells = header.band.pop()
        header.band += [(number, middle), (number + 1, cells)]
        header.rows = 3


def _spans(header: Header, months: dict[int, tuple[int | None, int]], taken: set[int]) -> dict[int, list[int]]:
    """Each month's columns: its own and the blank ones right of it across the header (a month merged
    over 应缴 | 实缴), at most four, up to the next named column."""
    spans = {}
    for column in months:
        span = [column]
        while len(span) < 4 and (following := span[-1] + 1) not in taken and all(
                _blank(_at(cells, following)) for _n, cells in header.band):
            span.append(following)
        spans[column] = span
    return spans


def _own_columns(header: Header, scan: list[list[object]], result: DuesHeader, spans: dict[int, list[int]]) -> set[int]:
    """A row under the months naming each month's own columns (实缴 | 应缴 | 缴纳日期) joins the header:
    each month is read from its 实缴 column, with the day from its 缴纳日期; a month whose columns have
    no 实缴 is not read, and said. Returns the columns so explained."""
    index = header.row - 1 + header.rows
    below = scan[index] if index < len(scan) else []
    name_column = result.columns.get("姓名")
    if (name_column is not None and not _blank(_at(below, name_column))) or not any(
            _kind(_at(below, i)) for span in spans.values() for i in span):
        return set()
    rows = {column: next(n for n, cells in reversed(header.band) if not _blank(_at(cells, column))) for column in spans}
    header.band.append((index + 1, list(below)))
    header.rows += 1
    explained: set[int] = set()
    due: list[tuple[int, str]] = []
    unplaced: list[tuple[int, int, str, str]] = []  # (row, column, month as written, the names under it)
    for column, span in spans.items():
        kinds = {i: _kind(_at(below, i)) for i in span if not _blank(_at(below, i))}
        explained |= {i for i, kind in kinds.items() if kind}
        due += [(i, clean_header(below[i])) for i, kind in kinds.items() if kind == "due"]
        paid = [i for i, kind in kinds.items() if kind == "paid"]
        head, written = result.months.pop(column), result.written.pop(column)
        if paid:
            result.months[paid[0]], result.written[paid[0]] = head, written
            result.dates.update((paid[0], i) for i, kind in kinds.items() if kind == "day")
        elif not kinds:
            result.months[column], result.written[column] = head, written
        else:
            unplaced.append((rows[column], column, written, "、".join(clean_header(below[i]) for i in kinds)))
    if unplaced:  # one sentence for the months that have the same names under them
        for under in dict.fromkeys(u[3] for u in unplaced):
            same = [u for u in unplaced if u[3] == under]
            months = "、".join(f"“{u[2]}”" for u in same)
            letters = "、".join(get_column_letter(u[1] + 1) for u in same)
            result.warnings.append(f"第 {same[0][0]} 行 {letters} 列的{months}下面没有实缴金额的列（{under}），"
                                   f"{'这个月' if len(same) == 1 else '这些月份'}的内容没有导入；如需导入，"
                                   "请把实缴金额所在列的表头改为“实缴”后重新导入")
    if due:
        letters = "、".join(get_column_letter(i + 1) for i, _t in due)
        result.notes.append(f"各月的“{due[0][1]}”列未读取（{letters} 列）：应交金额按缴费基数和党费比例计算")
    return explained


def _not_months(header: Header, spans: dict[int, list[int]], names: HeaderNames, result: DuesHeader) -> set[int]:
    """The columns among the months, or headed like a month, that are no one month ("1-2月", "13月",
    "第一季度"): their contents are not read, and each is said with its column. (A second "3月" names a
    month: xlsx_header.unread_headers says it.)"""
    mapped = set(header.mapping.values()) | {i for span in spans.values() for i in span}
    first, last = min(spans), max(spans)
    said = set()
    width = max(len(cells) for _n, cells in header.band)
    for column in range(width):
        written = [(n, cells[column]) for n, cells in header.band if not _blank(_at(cells, column))]
        if column in mapped or not written or any(clean_header(v) in names for _n, v in written):
            continue
        number, value = written[-1]
        text = clean_header(value)
        if _SUBTOTAL.search(text):
            continue  # "一季度小计": a sum of the months beside it, in the note of columns not read
        if first < column < last or _MONTHISH.search(text):
            said.add(column)
            result.warnings.append(f"第 {number} 行 {get_column_letter(column + 1)} 列的表头“{text}”不是某一个月份，"
                                   f"{_NOT_READ}；如需导入，请按月分列、表头写一个月份（如“3月”）后重新导入")
    return said
