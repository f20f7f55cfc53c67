"""Reading the dues ledgers schools keep in Excel (党费收缴登记表), in both shapes:

- the long form: one row per payment — 姓名, 月份 (one month, or a range such as "1-3月"), 金额,
  缴纳日期, 缴纳方式, 收款人, 收据编号 …;
- the wide form: one row per member — 姓名, 所在党支部, 缴费基数, 比例, 月应交, 1月 … 12月, 合计 —
  usually under title rows ("高一年级党支部2025年度党费收缴登记表") with a two-row header whose
  "缴纳情况" cell is merged over the month columns. Each month cell holds what was paid ("48",
  "48.00元", "补48" for a back payment, "√" / "已交" with the amount in 月应交) or nothing.
And the base list (`import dues-base`): 姓名, 缴纳类别, 缴费基数 or its parts, 起始月份 ….

Rows come back as written, with their sheet and Excel row numbers and every problem of reading;
the service finds the members and judges the amounts. Every sheet of the workbook is read: an
exported ledger has one sheet per branch (and a 公示 sheet, which is skipped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from branchdesk.domain.dates import DateParseError, parse_date
from branchdesk.domain.dues.amounts import parse_amount
from branchdesk.domain.dues.months import Month, MonthParseError, parse_month, parse_months
from branchdesk.domain.text import clean_cell, clean_text
from branchdesk.domain.validation import FieldError
from branchdesk.io.xlsx_reader import MAX_DATA_ROWS, Column, ImportFileError, cell_text, check_workbook_file

HEADER_SCAN_ROWS = 12
MONTH_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")

LONG_COLUMNS = [
    Column("序号", ("编号",)),
    Column("所在党支部", ("党支部", "所在支部", "支部", "支部名称")),
    Column("姓名", ("党员姓名", "党员", "交纳人", "缴纳人"), required=True),
    Column("月份", ("缴费月份", "交纳月份", "缴纳月份", "所属月份", "党费月份", "所属期间", "月度", "所交月份"), required=True),
    Column("金额", ("缴纳金额", "交纳金额", "实缴金额", "实交金额", "缴费金额", "党费金额", "实缴党费", "实交党费", "党费",
                  "金额(元)"), required=True),
    Column("缴纳日期", ("缴费日期", "交纳日期", "收缴日期", "缴纳时间", "交纳时间", "日期")),
    Column("缴纳方式", ("交纳方式", "缴费方式", "方式", "支付方式")),
    Column("收款人", ("收缴人", "收费人", "经手人", "收款")),
    Column("收据编号", ("收据号", "票据号", "票据编号", "收据", "凭证号")),
    Column("备注", ("说明",)),
]
WIDE_COLUMNS = [
    Column("序号", ("编号",)),
    Column("姓名", ("党员姓名", "党员"), required=True),
    Column("所在党支部", ("党支部", "所在支部", "支部", "支部名称")),
    Column("缴纳类别", ("缴费类别", "交纳类别", "党员类别", "身份")),
    Column("缴费基数", ("基数", "计缴基数", "交纳基数", "月缴费基数", "工资基数", "月工资", "税后月工资", "月收入",
                      "缴费基数(元)")),
    Column("比例", ("缴费比例", "交纳比例", "党费比例", "缴纳比例", "比例(%)")),
    Column("月应交", ("月应缴", "每月应交", "每月应缴", "月交纳额", "月缴金额", "月交金额", "每月党费", "月应交党费",
                     "月应缴党费", "月缴纳标准", "月交纳标准", "应交标准")),
    Column("合计", ("全年合计", "合计金额", "已交合计", "已缴合计", "小计", "全年已交", "全年已缴", "合计(元)")),
    Column("欠交", ("欠缴", "欠交金额", "欠缴金额")),
    Column("备注", ("说明",)),
]
BASE_COLUMNS = [
    Column("序号", ("编号",)),
    Column("所在党支部", ("党支部", "所在支部", "支部")),
    Column("姓名", ("党员姓名", "党员"), required=True),
    Column("缴纳类别", ("缴费类别", "交纳类别", "党员类别", "类别"), required=True),
    Column("缴费基数", ("基数", "计缴基数", "交纳基数", "月缴费基数", "工资基数", "税后月工资", "离退休费", "养老金")),
    Column("岗位工资", ("岗位",)),
    Column("薪级工资", ("薪级",)),
    Column("绩效工资", ("绩效", "基础性绩效", "奖励性绩效")),
    Column("津贴补贴", ("津补贴", "津贴", "补贴")),
    Column("起始月份", ("执行月份", "起缴月份", "生效月份", "核定月份", "适用月份", "开始月份"), required=True),
    Column("月交纳金额", ("月交金额", "每月交纳", "自定金额", "减免后金额")),
    Column("原缴纳标准", ("原类别",)),
    Column("批准单位", ("批准组织", "审批单位")),
    Column("批准日期", ("审批日期",)),
    Column("核定日期", ("核对日期",)),
    Column("备注", ("说明", "原因")),
]


@dataclass
class PaymentRow:
    """One payment as read: a long-form row, or one month cell of a wide-form row."""

    sheet: str
    row: int
    branch: str
    name: str
    months: list[Month]
    amount: object  # as written; None when the cell only said "已交"
    paid_on: date | None
    method: str = ""
    collector: str = ""
    receipt_no: str = ""
    note: str = ""
    noted_late: bool = False
    column: str = ""  # the column the amount came from (金额, or 3月 in a wide sheet)
    letter: str = ""
    columns: dict[str, str] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)


@dataclass
class WideRow:
    """A wide-form row's own figures, checked against its months by the service."""

    sheet: str
    row: int
    branch: str
    name: str
    category: str
    base: object
    rate: object
    monthly: object
    total: object
    columns: dict[str, str]
    year: int
    payments: list[PaymentRow] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)


@dataclass
class DuesSheet:
    name: str
    shape: str  # "long" / "wide"
    title: str
    year: int | None
    payments: list[PaymentRow] = field(default_factory=list)
    members: list[WideRow] = field(default_factory=list)


@dataclass
class DuesWorkbook:
    sheets: list[DuesSheet]
    skipped: list[str]  # sheets without a dues table (a 公示 or 汇总 sheet)


def _clean(value: object) -> str:
    text = re.sub(r"[\s\u3000*＊]", "", "" if value is None else str(value))
    return text.replace("（", "(").replace("）", ")")


def _lookup(columns: list[Column]) -> dict[str, str]:
    return {_clean(s): c.name for c in columns for s in (c.name, *c.synonyms)}


_MONTH_HEAD = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月(?:份)?(?:\(元\))?$")


def month_header(value: object) -> tuple[int | None, int] | None:
    """"3月", "03月", "三月", "2025年3月" as a column header → (year or None, month); and every spelling
    with a year a month cell accepts (months.parse_month): "2026.1", "2026-01", "2026/1", "202601", a
    date cell (Excel turns a typed 2026-01 into one). A bare number or a year alone is not a month."""
    if isinstance(value, date | int | float) and not isinstance(value, bool):
        return _dated_header(value)
    text = _clean(value)
    if not text:
        return None
    match = _MONTH_HEAD.match(text)
    if match:
        month = int(match.group(2))
        return (int(match.group(1)) if match.group(1) else None, month) if 1 <= month <= 12 else None
    for index, numeral in enumerate(MONTH_NUMERALS, start=1):
        if text in (f"{numeral}月", f"{numeral}月份"):
            return None, index
    return _dated_header(text.removesuffix("(元)")) if _YEAR_FIRST.match(text) else None


_YEAR_FIRST = re.compile(r"^(19|20)\d{2}")


def _dated_header(value: object) -> tuple[int | None, int] | None:
    if isinstance(value, int | float) and not _YEAR_FIRST.match(str(value)):
        return None
    try:
        month = parse_month(value)
    except MonthParseError:
        return None
    return (month.year, month.month) if month is not None else None


_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年")


def title_year(lines: list[str]) -> int | None:
    for line in lines:
        match = _YEAR.search(line)
        if match:
            return int(match.group(1))
    return None


def _sheets(path: Path) -> tuple[list[tuple[str, list[tuple[object, ...]]]], list[str]]:
    """Every visible sheet's rows, each row padded so that index i is column i+1 (A = 0) whatever
    cell the sheet's used range starts at, text cells cleaned of control and format characters.
    Returns the sheets and the names of the hidden ones (not read, and said so)."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        hidden = [m.name for m in workbook.sheets_metadata if m.visible != SheetVisibleEnum.Visible]
        result = []
        for name in workbook.sheet_names:
            if name in hidden:
                continue
            sheet = workbook.get_sheet_by_name(name)
            start = sheet.start
            pad = (None,) * (start[1] if start is not None and sheet.height else 0)
            rows: list[tuple[object, ...]] = [
                pad + tuple(None if v == "" else (clean_cell(v) or None) if isinstance(v, str) else v for v in r)
                for r in sheet.iter_rows()]
            if len(rows) > MAX_DATA_ROWS:
                raise ImportFileError(f"工作表“{name}”超过 {MAX_DATA_ROWS} 行，请拆分后再导入")
            result.append((name, rows))
        return result, hidden
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types for bad files
        raise ImportFileError(f"无法读取“{path.name}”：文件已损坏、加密或不是 Excel 工作簿（{exc}）") from exc


@dataclass
class _Header:
    first: int  # 0-based index of the header's first row
    last: int  # 0-based index of its last row (the month row of a two-row header)
    columns: dict[str, int]
    months: dict[int, int]  # month number -> column index
    month_years: set[int]
    title: list[str]


def _find_header(rows: list[tuple[object, ...]], lookup: dict[str, str], *, wide: bool) -> _Header | None:
    scan = rows[:HEADER_SCAN_ROWS]
    for index, values in enumerate(scan):
        found = {lookup[_clean(v)]: i for i, v in enumerate(values) if _clean(v) in lookup}
        if "姓名" not in found:
            continue
        for below in range(index, min(index + 3, len(scan))):
            months: dict[int, int] = {}
            years: set[int] = set()
            for i, v in enumerate(scan[below]):
                head = month_header(v)
                if head is not None and isinstance(v, float) and head[1] == 1 and {1, 9} <= set(months):
                    head = (head[0], 10)  # "2026.10" typed into Excel is the number 2026.1, after 2026.9
                if head is not None and head[1] not in months:
                    months[head[1]] = i
                    if head[0]:
                        years.add(head[0])
            if len(months) >= 6:
                break
        else:
            months, years, below = {}, set(), index
        if wide != (len(months) >= 6):
            return None
        if wide and below + 1 < len(scan):
            below = _paid_subcolumns(scan[below + 1], months, below)
        if wide:  # a two-row header: a column named only in the upper row keeps that name
            for row in scan[index + 1:below + 1]:
                for i, v in enumerate(row):
                    if _clean(v) in lookup and lookup[_clean(v)] not in found:
                        found[lookup[_clean(v)]] = i
        title = [cell_text(v) for r in rows[:index] for v in r if v is not None]
        return _Header(index, below, found, months, years, title)
    return None


_PAID_SUB = {"实交", "实缴", "已交", "已缴", "实交金额", "实缴金额", "交纳金额", "缴纳金额", "金额"}


def _paid_subcolumns(row: tuple[object, ...], months: dict[int, int], below: int) -> int:
    """Some ledgers put 应交 | 实交 under each month (the month merged over both): read 实交. Moves
    `months` to those columns in place and returns the header's last row."""
    starts = sorted(months.values())
    moved = {}
    for month, start in months.items():
        end = next((s for s in starts if s > start), start + 3)
        paid = [i for i in range(start, min(end, len(row))) if _clean(row[i]) in _PAID_SUB]
        if paid:
            moved[month] = paid[0]
    if len(moved) == len(months):
        months.update(moved)
        return below + 1
    return below


def _letters(columns: dict[str, int]) -> dict[str, str]:
    return {name: get_column_letter(i + 1) for name, i in columns.items()}


def _value(values: tuple[object, ...], index: int | None) -> object:
    return values[index] if index is not None and index < len(values) else None


def _date(value: object, errors: list[FieldError], column: str) -> date | None:
    try:
        return parse_date(value)
    except DateParseError as exc:
        errors.append(FieldError(column, str(exc)))
        return None


def _long_rows(sheet: str, rows: list[tuple[object, ...]], header: _Header, year: int | None) -> list[PaymentRow]:
    cols, letters = header.columns, _letters(header.columns)
    result = []
    for number, values in enumerate(rows[header.last + 1:], start=header.last + 2):
        record = {name: _value(values, i) for name, i in cols.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in record.values()):
            continue
        name = clean_text(cell_text(record.get("姓名")))
        if name in ("合计", "总计", "小计"):
            continue
        errors: list[FieldError] = []
        try:
            months = parse_months(record.get("月份"), year)
        except MonthParseError as exc:
            errors.append(FieldError("月份", str(exc)))
            months = []
        amount = record.get("金额")
        note = cell_text(record.get("备注"))
        result.append(PaymentRow(sheet, number, clean_text(cell_text(record.get("所在党支部"))), name, months,
                                 cell_text(amount) if isinstance(amount, str) else amount,
                                 _date(record.get("缴纳日期"), errors, "缴纳日期"), cell_text(record.get("缴纳方式")),
                                 cell_text(record.get("收款人")), cell_text(record.get("收据编号")), note,
                                 noted_late="补交" in note and record.get("缴纳日期") is None,
                                 column="金额", letter=letters.get("金额", ""), columns=letters, errors=errors))
    return result


_PAID_MARKS = {"√", "✓", "✔", "已交", "已缴", "交", "缴", "是", "Y", "y"}
_EMPTY_MARKS = {"", "—", "-", "－", "/", "／", "×", "✗", "未交", "未缴", "欠", "欠交", "欠缴", "0", "0.00", "免", "免交",
                "免缴", "不交", "无", "待交", "未登记", "未核定", "无法核对"}
_LATE = re.compile(r"^(?:补交?|补缴)\s*(.*)$|^(.*?)\s*[(（]?(?:补交?|补缴)[)）]?$")


def month_cell(value: object) -> tuple[str, object, bool]:
    """("paid", amount, late) / ("mark", None, late) for "√" / ("empty", None, False) / ("bad", text, False)."""
    if value is None:
        return "empty", None, False
    if isinstance(value, int | float) and not isinstance(value, bool):
        return ("empty", None, False) if value == 0 else ("paid", value, False)
    text = re.sub(r"\s", "", str(value))
    late = False
    match = _LATE.match(text)
    if match and text not in _EMPTY_MARKS:
        text = match.group(1) if match.group(1) is not None else match.group(2)
        late = True
    if text in _EMPTY_MARKS and not late:
        return "empty", None, False
    if text in _PAID_MARKS or (late and not text):
        return "mark", None, late
    amount, problem = parse_amount(text)
    if problem or amount is None:
        return "bad", str(value).strip(), late
    return "paid", amount, late


def _wide_rows(sheet: str, rows: list[tuple[object, ...]], header: _Header, year: int) -> list[WideRow]:
    cols, letters = header.columns, _letters(header.columns)
    for month, index in header.months.items():
        letters[f"{month}月"] = get_column_letter(index + 1)
    result: list[WideRow] = []
    branch = ""
    for number, values in enumerate(rows[header.last + 1:], start=header.last + 2):
        name = clean_text(cell_text(_value(values, cols["姓名"])))
        row_branch = clean_text(cell_text(_value(values, cols.get("所在党支部"))))
        branch = row_branch or branch  # a branch cell merged down over its members
        month_values = {m: _value(values, i) for m, i in header.months.items()}
        if not name or name in ("合计", "总计", "小计") or name.startswith(("合计", "制表", "填表", "审核")):
            continue
        if re.fullmatch(r"\d+", name):
            continue
        wide = WideRow(sheet, number, branch, name, cell_text(_value(values, cols.get("缴纳类别"))),
                       _value(values, cols.get("缴费基数")), _value(values, cols.get("比例")),
                       _value(values, cols.get("月应交")), _value(values, cols.get("合计")), letters, year)
        for month in sorted(month_values):
            kind, amount, late = month_cell(month_values[month])
            column = f"{month}月"
            if kind == "empty":
                continue
            payment = PaymentRow(sheet, number, branch, name, [Month(year, month)], None if kind == "bad" else amount,
                                 None, noted_late=late, column=column, letter=letters[column], columns=letters)
            if kind == "bad":
                payment.errors.append(FieldError("金额", f"“{amount}”不是金额；已交的填金额（如 48 或 48.00），"
                                                       "补交的写“补48”，未交的留空"))
            wide.payments.append(payment)
        result.append(wide)
    return result


def read_dues_workbook(path: Path, *, year: int | None = None) -> DuesWorkbook:
    """Every dues sheet of the workbook, long or wide. `year` is used where neither the title rows nor
    the month headers say which year ("3月", a wide sheet's 1月 … 12月)."""
    path = Path(path)
    check_workbook_file(path)
    wide_lookup, long_lookup = _lookup(WIDE_COLUMNS), _lookup(LONG_COLUMNS)
    sheets: list[DuesSheet] = []
    read, hidden = _sheets(path)
    skipped: list[str] = [f"{name}（隐藏）" for name in hidden]
    for name, rows in read:
        header = _find_header(rows, wide_lookup, wide=True)
        if header is not None:
            found = year or (min(header.month_years) if header.month_years else None) or title_year(header.title)
            sheet = DuesSheet(name, "wide", "".join(header.title[:1]), found)
            if found is not None:
                sheet.members = _wide_rows(name, rows, header, found)
            sheets.append(sheet)
            continue
        header = _find_header(rows, long_lookup, wide=False)
        if header is not None and {"月份", "金额"} <= set(header.columns):
            found = year or title_year(header.title)
            sheets.append(DuesSheet(name, "long", "".join(header.title[:1]), found,
                                    payments=_long_rows(name, rows, header, found)))
        else:
            skipped.append(name)
    if not sheets:
        names = "、".join(c.name for c in LONG_COLUMNS if c.required)
        raise ImportFileError(f"在前 {HEADER_SCAN_ROWS} 行中没有找到党费表头：逐笔登记表应有 {names} 列，"
                              "登记簿（宽表）应有 姓名 和 1月 至 12月 列")
    return DuesWorkbook(sheets, skipped)


# --- the base list ------------------------------------------------------------------------------------
@dataclass
class BaseRow:
    row: int
    branch: str
    name: str
    category: str
    base: object
    parts: tuple[object, ...]
    applies_from: Month | None
    own_amount: object
    basis: str
    approved_by: str
    approved_on: date | None
    confirmed_on: date | None
    note: str
    columns: dict[str, str]
    errors: list[FieldError] = field(default_factory=list)


def read_base_list(path: Path, *, year: int | None = None) -> list[BaseRow]:
    """The 党员缴费基数表: one row per member and starting month."""
    path = Path(path)
    check_workbook_file(path)
    lookup = _lookup(BASE_COLUMNS)
    for _name, rows in _sheets(path)[0]:
        header = _find_header(rows, lookup, wide=False)
        if header is None or not {"姓名", "缴纳类别", "起始月份"} <= set(header.columns):
            continue
        default_year = year or title_year(header.title)
        letters = _letters(header.columns)
        result = []
        for number, values in enumerate(rows[header.last + 1:], start=header.last + 2):
            record = {name: _value(values, i) for name, i in header.columns.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in record.values()):
                continue
            errors: list[FieldError] = []
            try:
                applies = parse_month(record.get("起始月份"), default_year)
            except MonthParseError as exc:
                errors.append(FieldError("起始月份", str(exc)))
                applies = None
            parts = tuple(record.get(p) for p in ("岗位工资", "薪级工资", "绩效工资", "津贴补贴"))
            result.append(BaseRow(number, clean_text(cell_text(record.get("所在党支部"))),
                                  clean_text(cell_text(record.get("姓名"))),
                                  cell_text(record.get("缴纳类别")), record.get("缴费基数"),
                                  parts if any(p is not None for p in parts) else (), applies,
                                  record.get("月交纳金额"), cell_text(record.get("原缴纳标准")),
                                  cell_text(record.get("批准单位")), _date(record.get("批准日期"), errors, "批准日期"),
                                  _date(record.get("核定日期"), errors, "核定日期"), cell_text(record.get("备注")),
                                  letters, errors))
        return result
    required = "、".join(c.name for c in BASE_COLUMNS if c.required)
    raise ImportFileError(f"在前 {HEADER_SCAN_ROWS} 行中没有找到缴费基数表的表头，表头应包含：{required}")
