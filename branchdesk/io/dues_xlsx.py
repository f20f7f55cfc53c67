"""Reading the dues ledgers schools keep in Excel (党费收缴登记表), in both shapes:

- the long form: one row per payment — 姓名, 月份 (one month, or a range such as "1-3月"), 金额,
  缴纳日期, 缴纳方式, 收款人, 收据编号 …;
- the wide form: one row per member — 姓名, 所在党支部, 缴费基数, 比例, 月应交, 1月 … 12月, 合计 —
  usually under title rows ("高一年级党支部2025年度党费收缴登记表") with a two-row header whose
  "缴纳情况" cell is merged over the month columns. Each month cell holds what was paid ("48",
  "48.00元", "补48" for a back payment, "√" / "已交" with the amount in 月应交) or nothing.
And the base list (`import dues-base`): 姓名, 缴纳类别, 缴费基数 or its parts, 起始月份 ….

Each sheet's header is found as every import's is (io/dues_header.py over io/xlsx_header.py): title
rows, two or three header rows, names merged down or under a group title, a month merged over its
实缴 | 应缴 or 金额 | 缴纳日期; what the header names but is not read comes back as the sheet's warnings
and notes, for the import report. A 登记簿's 备注 belongs to no one payment: it is not imported, and the
service names each in a note.

Rows come back as written, with their sheet and Excel row numbers and every problem of reading;
the service finds the members and judges the amounts. Every sheet of the workbook is read: an
exported ledger has one sheet per branch (and a 公示 sheet, which is skipped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from branchdesk.domain.dates import DateParseError, parse_date
from branchdesk.domain.dues.amounts import parse_amount
from branchdesk.domain.dues.months import (
    Month,
    MonthParseError,
    months_between,
    parse_month,
    parse_months,
    span_text,
)
from branchdesk.domain.dues.rates import money
from branchdesk.domain.text import clean_cell, clean_person_name, clean_text
from branchdesk.domain.validation import FieldError
from branchdesk.io.dues_header import HEADER_SCAN_ROWS, DuesHeader, month_header, read_header
from branchdesk.io.dues_merged import fill_merged, range_text
from branchdesk.io.xlsx_header import UnreadColumn
from branchdesk.io.xlsx_merged import Range, merged_ranges
from branchdesk.io.xlsx_reader import (
    MAX_DATA_ROWS,
    Column,
    ImportFileError,
    cell_text,
    check_workbook_file,
    footer_text,
    shorten,
    totals_text,
)

__all__ = ["month_header", "read_base_list", "read_dues_workbook"]  # month_header: the headers' months

LONG_COLUMNS = [
    Column("序号", ("编号",)),
    Column("所在党支部", ("党支部", "所在支部", "支部", "支部名称")),
    Column("姓名", ("党员姓名", "党员", "交纳人", "缴纳人"), required=True),
    Column("月份", ("缴费月份", "交纳月份", "缴纳月份", "所属月份", "党费月份", "所属期间", "月度", "所交月份", "缴费期间",
                  "缴纳期间", "交纳期间"), required=True),
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
    Column("缴费基数", ("基数", "计缴基数", "交纳基数", "缴纳基数", "月缴费基数", "月缴纳基数", "月交纳基数", "工资基数",
                      "月工资", "税后月工资", "月收入")),
    Column("比例", ("缴费比例", "交纳比例", "党费比例", "缴纳比例", "比例(%)")),
    Column("月应交", ("月应缴", "每月应交", "每月应缴", "月交纳额", "月缴金额", "月交金额", "每月党费", "月应交党费",
                     "月应缴党费", "月缴纳标准", "月交纳标准", "应交标准")),
    # not "小计": a sum of some months (a quarter's, beside them), never the year's (dues_header: a note)
    Column("合计", ("全年合计", "合计金额", "已交合计", "已缴合计", "全年已交", "全年已缴", "合计(元)")),
    Column("欠交", ("欠缴", "欠交金额", "欠缴金额")),
    Column("备注", ("说明",)),
]
BASE_COLUMNS = [
    Column("序号", ("编号",)),
    Column("所在党支部", ("党支部", "所在支部", "支部")),
    Column("姓名", ("党员姓名", "党员"), required=True),
    Column("缴纳类别", ("缴费类别", "交纳类别", "党员类别", "类别"), required=True),
    Column("缴费基数", ("基数", "计缴基数", "交纳基数", "缴纳基数", "月缴费基数", "月缴纳基数", "月交纳基数", "工资基数",
                      "税后月工资", "离退休费", "养老金")),
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
    note: str = ""  # its 备注, which belongs to no one payment (not imported, and said)
    arrears: object = None  # its 欠交 as written: not imported, checked against the records


@dataclass
class DuesSheet:
    name: str
    shape: str  # "long" / "wide"
    title: str
    year: int | None
    payments: list[PaymentRow] = field(default_factory=list)
    members: list[WideRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what the header names but is not read (dues_header)
    notes: list[str] = field(default_factory=list)  # columns not read, footer rows, payments merged across months
    unread: list[UnreadColumn] = field(default_factory=list)  # the columns not read that hold data (warned)


@dataclass
class DuesWorkbook:
    sheets: list[DuesSheet]
    skipped: list[str]  # sheets without a dues table (a 公示 or 汇总 sheet)


_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年")


def title_year(lines: list[str]) -> int | None:
    for line in lines:
        match = _YEAR.search(line)
        if match:
            return int(match.group(1))
    return None


@dataclass
class _Rows:
    name: str
    rows: list[tuple[object, ...]]
    merged: list[Range]  # its merged ranges, 0-based (io/dues_merged.py reads those below the header)


def _sheets(path: Path) -> tuple[list[_Rows], list[str]]:
    """Every visible sheet's rows, each row padded so that index i is column i+1 (A = 0) whatever
    cell the sheet's used range starts at, text cells cleaned of control and format characters, and
    its merged ranges. Returns the sheets and the names of the hidden ones (not read, and said so)."""
    parts = {scan.name: scan.part for scan in check_workbook_file(path)}
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
            result.append(_Rows(name, rows, merged_ranges(sheet, path, parts[name]) if name in parts else []))
        return result, hidden
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types for bad files
        raise ImportFileError(f"无法读取“{path.name}”：文件已损坏、加密或不是 Excel 工作簿（{exc}）") from exc


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


def _months(value: object, to: object, year: int | None, letters: dict[str, str], errors: list[FieldError]) -> list[Month]:
    """A list's 月份 ("1-3月", "2025年4月"), or its 起 and 止 when the header has both (止 blank: one month)."""
    try:
        if to is None or (isinstance(to, str) and not to.strip()):
            return parse_months(value, year)
        first, last = parse_month(value, year), parse_month(to, year)
    except MonthParseError as exc:
        errors.append(FieldError("月份", str(exc)))
        return []
    if first is None or last is None:
        return [m for m in (first, last) if m is not None]
    if last < first:
        errors.append(FieldError("月份", f"止（{letters.get('月份止', '')} 列）{last.label}早于起 {first.label}"))
        return []
    return months_between(first, last)


def _long_rows(sheet: DuesSheet, table: _Rows, header: DuesHeader, year: int | None) -> list[PaymentRow]:
    """The payments below the header. A row without a name whose first cell reads as a table's footer
    (合计 with the total in 金额, 制表人：… merged across) holds no payment: it is named in a note."""
    cols, letters = header.columns, _letters(header.columns)
    if header.month_to is not None:
        letters["月份止"] = get_column_letter(header.month_to + 1)
    merged = fill_merged(table.rows, table.merged, header.first_data, cols.values(),
                         lambda column, _value: column == cols["金额"])  # 金额 merged down is not copied
    result = []
    footers: list[str] = []
    for number, values in enumerate(merged.rows[header.first_data:], start=header.first_data + 1):
        record = {name: _value(values, i) for name, i in cols.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in record.values()):
            continue
        name = clean_person_name(cell_text(record.get("姓名")))  # "张 伟" is 张伟, as in the roster (TL-9)
        if name in ("合计", "总计", "小计"):
            continue
        if not name and (footer := footer_text(list(values))):
            footers.append(f"第 {number} 行“{shorten(footer)}”")
            continue
        errors: list[FieldError] = []
        if (shared := merged.refused.get((number - 1, cols["金额"]))) is not None:
            errors.append(FieldError("金额", f"金额是合并单元格（{range_text(shared)}，跨第 {shared[0][0] + 1}–"
                                           f"{shared[1][0] + 1} 行）；一笔交纳请写在一行（月份写“1-3月”）后重新导入"))
        months = _months(record.get("月份"), _value(values, header.month_to), year, letters, errors)
        amount = record.get("金额")
        note = cell_text(record.get("备注"))
        result.append(PaymentRow(sheet.name, number, clean_text(cell_text(record.get("所在党支部"))), name, months,
                                 cell_text(amount) if isinstance(amount, str) else amount,
                                 _date(record.get("缴纳日期"), errors, "缴纳日期"), cell_text(record.get("缴纳方式")),
                                 cell_text(record.get("收款人")), cell_text(record.get("收据编号")), note,
                                 noted_late="补交" in note and record.get("缴纳日期") is None,
                                 column="金额", letter=letters.get("金额", ""), columns=letters, errors=errors))
    if footers:
        sheet.notes.append(f"{'、'.join(footers)}视为表尾，未导入")
    return result


def _numbering(values: tuple[object, ...] | list[object]) -> bool:
    """A row of column numbers under the header ("1 2 3 … 16", or "(1) (2) …" read as such): no one's payments."""
    written = [v for v in values if v is not None and not (isinstance(v, str) and not v.strip())]
    numbers = [int(v) for v in written if isinstance(v, int | float) and not isinstance(v, bool) and v == int(v)]
    return len(written) >= 3 and len(numbers) == len(written) and all(
        b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False))


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


def _month_columns(header: DuesHeader, year: int) -> list[tuple[int, Month, str, dict[str, str]]]:
    """(column, month, its name in messages, the letters a payment of it is reported by) of each month
    column, in the order of the months: "3月" is a month of `year`; a header with its year keeps it
    ("2024年12月" in a 2025 ledger), and is named with it."""
    letters = _letters(header.columns)
    found = []
    for index, (written_year, number) in header.months.items():
        month = Month(written_year or year, number)
        name = f"{number}月" if month.year == year else month.label
        letters[name] = get_column_letter(index + 1)
        found.append((index, month, name))
    result = []
    for index, month, name in sorted(found, key=lambda f: f[1]):
        own = letters if index not in header.dates else {**letters, "缴纳日期": get_column_letter(header.dates[index] + 1)}
        result.append((index, month, name, own))
    return result


Months = list[tuple[int, Month, str, dict[str, str]]]  # as _month_columns gives them


def _groups(months: Months, across: list[tuple[int, int]]) -> list[tuple[int, Months]]:
    """(the cell read, its months): each month alone, or the months of a range merged across their cells
    (a quarter paid at once), read from the range's first cell; in the order of the months."""
    groups: list[tuple[int, Months]] = []
    for left, right in across:
        covered = [m for m in months if left <= m[0] <= right]
        if len(covered) > 1:
            groups.append((left, covered))
    taken = {m[0] for _cell, covered in groups for m in covered}
    groups += [(m[0], [m]) for m in months if m[0] not in taken]
    return sorted(groups, key=lambda g: g[1][0][1])


def _wide_rows(sheet: DuesSheet, table: _Rows, header: DuesHeader, year: int) -> list[WideRow]:
    cols = header.columns
    months = _month_columns(header, year)
    letters = {**_letters(cols), **{name: own[name] for _i, _m, name, own in months}}
    cells = {m[0] for m in months}
    merged = fill_merged(table.rows, table.merged, header.first_data,  # 合计 merged down is no member's
                         {*cells, *(i for n, i in cols.items() if n != "合计")},
                         lambda column, value: column in cells and month_cell(value)[0] in ("paid", "bad"))
    result: list[WideRow] = []
    branch = ""
    sums = _ColumnSums()
    footers: list[str] = []
    for number, values in enumerate(merged.rows[header.first_data:], start=header.first_data + 1):
        name = clean_person_name(cell_text(_value(values, cols["姓名"])))
        row_branch = clean_text(cell_text(_value(values, cols.get("所在党支部"))))
        branch = row_branch or branch  # a branch cell merged down over its members
        if name in ("合计", "总计", "小计") or (not name and totals_text(list(values))):
            # the 登记簿's bottom 合计: checked against the rows above, and named as a footer (TR-17)
            footers.append(f"第 {number} 行“{shorten(totals_text(list(values)) or name)}”")
            sheet.warnings += sums.check(number, values, months, cols.get("合计"))
            continue
        if not name and (footer := footer_text(list(values))):
            footers.append(f"第 {number} 行“{shorten(footer)}”")  # 收款人：…, 制表人：… under the table
            continue
        no_name = not name or name.startswith(("合计", "制表", "填表", "审核")) or re.fullmatch(r"\d+", name)
        if no_name and (all(month_cell(_value(values, i))[0] == "empty" for i in cells) or _numbering(values)):
            continue  # no one's and no payment (a column-number row "1 2 3 …", a blank line); a row with money and
            # no name was dropped here and the file said imported: it is read, and refused for its name (rev7 R7-4)
        wide = WideRow(sheet.name, number, branch, name, cell_text(_value(values, cols.get("缴纳类别"))),
                       _value(values, cols.get("缴费基数")), _value(values, cols.get("比例")),
                       _value(values, cols.get("月应交")), _value(values, cols.get("合计")), letters, year)
        wide.note = cell_text(_value(values, cols.get("备注")))  # not imported: the service says so
        wide.arrears = _value(values, cols.get("欠交"))
        for cell, covered in _groups(months, merged.across.get(number - 1, [])):
            index, _month, column, own = covered[0]
            if (shared := merged.refused.get((number - 1, cell))) is not None:
                (top, _l), (bottom, _r) = shared
                wide.payments.append(PaymentRow(
                    sheet.name, number, branch, name, [m for _i, m, _c, _o in covered], None, None, column=column,
                    letter=own[column], columns=own, errors=[FieldError("金额", (
                        f"{column}的金额是合并单元格（{range_text(shared)}，跨第 {top + 1}–{bottom + 1} 行），"
                        "分不清每人各交了多少；请每行分别填写后重新导入"))]))
                continue
            kind, amount, late = month_cell(_value(values, cell))
            sums.add(covered, kind, amount)
            if kind == "empty":
                continue
            errors: list[FieldError] = []
            paid_on = _date(_value(values, header.dates[index]), errors, "缴纳日期") if index in header.dates else None
            payment = PaymentRow(sheet.name, number, branch, name, [m for _i, m, _c, _o in covered],
                                 None if kind == "bad" else amount, paid_on, noted_late=late, column=column,
                                 letter=own[column], columns=own, errors=errors)
            if kind == "bad":
                payment.errors.append(FieldError("金额", f"“{amount}”不是金额；已交的填金额（如 48 或 48.00），"
                                                       "补交的写“补48”，未交的留空"))
            if len(covered) > 1:
                ends = f"{get_column_letter(cell + 1)}–{get_column_letter(covered[-1][0] + 1)}"
                sheet.notes.append(f"第 {number} 行 {ends} 列是合并单元格，按一笔交纳（{span_text(payment.months)}）导入")
            wide.payments.append(payment)
        result.append(wide)
    if footers:
        sheet.notes.append(f"{'、'.join(footers)}视为表尾，未导入")
    return result


class _ColumnSums:
    """What a 登记簿's member rows hold in each month column, to check its bottom 合计 row against (trial R
    TR-17: a 全年合计 written 1.00 for 32,405.50 was never said; the per-member 合计 is checked in the service).
    A column holding a mark ("√", "已交"), a cell that is no amount or a payment merged across months has no
    sum that can be known: its 合计 is said as not checked, never compared with a made-up figure."""

    def __init__(self) -> None:
        self.sums: dict[int, Decimal] = {}
        self.unknown: set[int] = set()
        self.total: Decimal | None = Decimal(0)  # every amount of the rows; None once one is not known

    def add(self, covered: Months, kind: str, amount: object) -> None:
        columns = [index for index, _m, _n, _o in covered]
        if kind == "empty":
            return
        value = parse_amount(amount, allow_zero=True)[0] if kind == "paid" else None
        if value is None or self.total is None:
            self.total = None
        else:
            self.total += value  # a payment merged across months counts once in the year, whole
        if value is None or len(columns) > 1:
            self.unknown.update(columns)
            return
        self.sums[columns[0]] = self.sums.get(columns[0], Decimal(0)) + value

    def check(self, number: int, values: tuple[object, ...], months: Months, total_column: int | None) -> list[str]:
        """The differences between the 合计 row's figures and the rows' sums, as one warning (none when they agree)."""
        differ: list[str] = []
        unchecked: list[str] = []
        for index, _month, name, _own in months:
            written, _problem = parse_amount(_value(values, index), allow_zero=True)
            if written is None:
                continue
            if index in self.unknown:
                unchecked.append(f"{name}合计")
            elif written != (summed := self.sums.get(index, Decimal(0))):
                differ.append(f"{name}合计 {money(written)} 元与各行之和 {money(summed)} 元不一致")
        written, _problem = parse_amount(_value(values, total_column) if total_column is not None else None,
                                         allow_zero=True)
        if written is not None:
            if self.total is None:
                unchecked.append("全年合计")
            elif written != (summed := self.total):
                differ.append(f"全年合计 {money(written)} 元与各行各月金额之和 {money(summed)} 元不一致")
        said = []
        if differ:
            said.append(f"第 {number} 行（合计行）：{'；'.join(differ)}（合计行不导入，按各行金额导入，请核对）")
        if unchecked:
            said.append(f"第 {number} 行（合计行）：{'、'.join(unchecked)}未核对（有只标“已交”、不是金额或跨月合并的单元格）")
        return said


def read_dues_workbook(path: Path, *, year: int | None = None) -> DuesWorkbook:
    """Every dues sheet of the workbook, long or wide. `year` is used where neither the title rows nor
    the month headers say which year ("3月", a wide sheet's 1月 … 12月)."""
    path = Path(path)
    sheets: list[DuesSheet] = []
    read, hidden = _sheets(path)
    skipped: list[str] = [f"{name}（隐藏）" for name in hidden]
    for table in read:
        name, rows = table.name, table.rows
        header = read_header(rows, WIDE_COLUMNS, wide=True)
        if header is not None:
            years = {y for y, _m in header.months.values() if y}
            found = year or (min(years) if years else None) or title_year(header.titles)
            sheet = DuesSheet(name, "wide", "".join(header.titles[:1]), found,
                              warnings=header.warnings, notes=header.notes, unread=header.unread)
            if found is not None:
                sheet.members = _wide_rows(sheet, table, header, found)
            sheets.append(sheet)
            continue
        header = read_header(rows, LONG_COLUMNS, wide=False)
        if header is not None:
            found = year or title_year(header.titles)
            sheet = DuesSheet(name, "long", "".join(header.titles[:1]), found,
                              warnings=header.warnings, notes=header.notes, unread=header.unread)
            sheet.payments = _long_rows(sheet, table, header, found)
            sheets.append(sheet)
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


@dataclass
class BaseList:
    rows: list[BaseRow]
    warnings: list[str]  # what the header names but is not read (dues_header)
    notes: list[str]  # the columns not read that hold nothing
    unread: list[UnreadColumn] = field(default_factory=list)  # the columns not read that hold data


def read_base_list(path: Path, *, year: int | None = None) -> BaseList:
    """The 党员缴费基数表: one row per member and starting month, from the first sheet that has one."""
    path = Path(path)
    hints: list[str] = []
    for table in _sheets(path)[0]:
        header = read_header(table.rows, BASE_COLUMNS, wide=False, hints=hints)
        if header is None:
            continue
        default_year = year or title_year(header.titles)
        letters = _letters(header.columns)
        # a 缴纳类别, 起始月份 or 缴费基数 merged down over members is each one's
        rows = fill_merged(table.rows, table.merged, header.first_data, header.columns.values(), lambda _c, _v: False).rows
        result = []
        footers: list[str] = []  # 填表人：… under the table: no member's (named in a note)
        for number, values in enumerate(rows[header.first_data:], start=header.first_data + 1):
            record = {name: _value(values, i) for name, i in header.columns.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in record.values()):
                continue
            if not cell_text(record.get("姓名")) and (footer := footer_text(list(values))):
                footers.append(f"第 {number} 行“{shorten(footer)}”")
                continue
            errors: list[FieldError] = []
            try:
                applies = parse_month(record.get("起始月份"), default_year)
            except MonthParseError as exc:
                errors.append(FieldError("起始月份", str(exc)))
                applies = None
            parts = tuple(record.get(p) for p in ("岗位工资", "薪级工资", "绩效工资", "津贴补贴"))
            result.append(BaseRow(number, clean_text(cell_text(record.get("所在党支部"))),
                                  clean_person_name(cell_text(record.get("姓名"))),
                                  cell_text(record.get("缴纳类别")), record.get("缴费基数"),
                                  parts if any(p is not None for p in parts) else (), applies,
                                  record.get("月交纳金额"), cell_text(record.get("原缴纳标准")),
                                  cell_text(record.get("批准单位")), _date(record.get("批准日期"), errors, "批准日期"),
                                  _date(record.get("核定日期"), errors, "核定日期"), cell_text(record.get("备注")),
                                  letters, errors))
        said = [f"{'、'.join(footers)}视为表尾，未导入"] if footers else []
        return BaseList(result, header.warnings, [*header.notes, *said], header.unread)
    required = "、".join(c.name for c in BASE_COLUMNS if c.required)
    hint = f"。{hints[0]}" if hints else ""
    raise ImportFileError(f"在前 {HEADER_SCAN_ROWS} 行中没有找到缴费基数表的表头，表头应包含：{required}{hint}")
