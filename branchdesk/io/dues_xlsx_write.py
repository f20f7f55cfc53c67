"""The dues workbook (党费收缴登记表) as a secretary prints it: a 汇总 sheet (each branch's totals and
上缴), one wide ledger per branch — one row per member, 1月 … 12月, what was paid in each month, 补交
and arrears marked in words as well as by colour so a black-and-white print still says it — and the
党费收缴公示 sheet (name and amounts; the base is a salary figure and is left out unless asked for).
The ledger sheets read back through `dues_xlsx.read_dues_workbook`. Nothing is computed here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from branchdesk.domain.dues.branch import BranchDues
from branchdesk.domain.dues.ledger import CellState, MemberLedger
from branchdesk.domain.dues.rates import DuesCategory
from branchdesk.domain.dues.report import (
    UNRECORDED,
    DuesBranchRow,
    arrears_text,
    branch_row,
    payment_notes,
    public_row,
    school_row,
    unknown_notes,
)
from branchdesk.io.dues_xlsx import BASE_COLUMNS, LONG_COLUMNS
from branchdesk.io.xlsx_writer import (
    FONT_NAME,
    save_workbook,
    set_value,
    write_table,
    write_template_workbook,
)

MONTH_HEADERS = tuple(f"{m}月" for m in range(1, 13))
LEDGER_HEADERS = ("序号", "姓名", "所在党支部", "缴纳类别", "缴费基数", "比例", "月应交", *MONTH_HEADERS, "合计", "欠交", "备注")
FILLS = {
    CellState.PAID: PatternFill("solid", fgColor="E2EFDA"),
    CellState.LATE: PatternFill("solid", fgColor="DDEBF7"),
    CellState.SHORT: PatternFill("solid", fgColor="FCE4D6"),
    CellState.OWED: PatternFill("solid", fgColor="F8CBAD"),
    CellState.WAIVED: PatternFill("solid", fgColor="EDEDED"),
    CellState.UNRECORDED: PatternFill("solid", fgColor="F2F2F2"),
    CellState.UNKNOWN: PatternFill("solid", fgColor="F2F2F2"),
}
LEGEND = ("图例：数字为当月实交金额；“补”为补交，“欠”为到期未交，“免交”为经批准免交，“—”为不在本支部交纳的月份；"
          "“未登记”为党费台账没有记录的月份，“未核定”为未登记缴费基数、未交的月份，两者都无法核对，不计为欠交；"
          "少交的月份以橙色标出。")
UNKNOWN = "未核定"
UNKNOWN_COUNT = "无法核对"  # a count of 欠交人数 / 欠交月数 the records cannot give
MONEY = "#,##0.00"
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class BranchLedger:
    branch: str
    ledgers: list[MemberLedger]
    book: BranchDues


def _f(value: Decimal | None) -> float | str:
    return UNKNOWN if value is None else float(value)


def rate_label(m: MemberLedger) -> str:
    record = m.record
    if record is None:
        return ""
    if record.category in (DuesCategory.VOLUNTARY, DuesCategory.REDUCED):
        return record.category.value
    standard = m.monthly_due.standard
    return standard.bracket.rate_text if standard is not None else ""


def remarks(m: MemberLedger) -> str:
    notes = payment_notes(m) + unknown_notes(m)
    if m.obligation.last is not None and m.obligation.last.year == m.cells[0].month.year:
        notes.append(m.obligation.last_reason)
    first = m.obligation.first
    if first is not None and first.year == m.cells[0].month.year and first.month > 1 and "台账" not in m.obligation.first_reason:
        notes.append(m.obligation.first_reason)
    return "；".join(notes)


def _month_value(m: MemberLedger, index: int) -> object:
    cell = m.cells[index]
    if cell.state in (CellState.PAID, CellState.SHORT):
        return float(cell.paid)
    if cell.state is CellState.LATE:
        return cell.text
    if cell.state is CellState.OWED:
        return "欠"
    if cell.state is CellState.WAIVED:
        return "免交"
    if cell.state is CellState.NOT_OWED:
        return "—"
    if cell.state in (CellState.UNRECORDED, CellState.UNKNOWN):
        return cell.text
    return None


def _ledger_rows(ledgers: list[MemberLedger]) -> list[list[object]]:
    rows = []
    for i, m in enumerate(ledgers, start=1):
        record = m.record
        rows.append([i, m.member.name, m.member.branch, record.category.value if record else "",
                     float(record.base) if record and record.base is not None else None, rate_label(m),
                     _f(m.monthly_due.amount) if record else UNKNOWN,
                     *[_month_value(m, k) for k in range(12)], float(m.paid), _f(m.arrears), remarks(m)])
    return rows


def _style_ledger(sheet: Worksheet, header_row: int, ledgers: list[MemberLedger]) -> None:
    first_month = LEDGER_HEADERS.index("1月") + 1
    for offset, m in enumerate(ledgers, start=1):
        for k, cell in enumerate(m.cells):
            target = sheet.cell(row=header_row + offset, column=first_month + k)
            fill = FILLS.get(cell.state)
            if fill is not None:
                target.fill = fill
            target.alignment = Alignment(horizontal="right", vertical="center")
            if isinstance(target.value, float):
                target.number_format = MONEY
        for title in ("缴费基数", "月应交", "合计", "欠交"):
            target = sheet.cell(row=header_row + offset, column=LEDGER_HEADERS.index(title) + 1)
            if isinstance(target.value, float):
                target.number_format = MONEY
        if m.arrears is None or m.arrears > 0:
            sheet.cell(row=header_row + offset, column=LEDGER_HEADERS.index("欠交") + 1).font = Font(
                name=FONT_NAME, size=10, bold=True, color="B00020")


def _total_row(sheet: Worksheet, row: int, ledgers: list[MemberLedger], book: BranchDues) -> None:
    bold = Font(name=FONT_NAME, size=10, bold=True)
    set_value(sheet.cell(row=row, column=2), "合计")
    first_month = LEDGER_HEADERS.index("1月") + 1
    for k, totals in enumerate(book.months):
        cell = sheet.cell(row=row, column=first_month + k)
        cell.value = float(totals.paid)
        cell.number_format = MONEY
    total = sheet.cell(row=row, column=LEDGER_HEADERS.index("合计") + 1)
    total.value, total.number_format = float(book.paid), MONEY
    owed = sheet.cell(row=row, column=LEDGER_HEADERS.index("欠交") + 1)
    set_value(owed, _f(book.arrears))
    owed.number_format = MONEY
    for column in range(1, len(LEDGER_HEADERS) + 1):
        sheet.cell(row=row, column=column).font = bold
    line = branch_row(book)
    owed = arrears_text(line)  # the known part when some member cannot be told (TK-8)
    if line.arrears_members is None:
        owed = (owed + "（其月份未登记党费交纳记录或缴费基数）" if line.partly_told else
                f"欠交情况无法核对（{book.undetermined_members} 名党员的月份未登记党费交纳记录或缴费基数）")
    handed = (f"已上缴党委 {_money(book.handed_up)} 元，尚未上缴 {_money(book.balance)} 元。" if book.hand_ups
              else f"向党委上缴党费{UNRECORDED}（没有登记上缴记录，不表示未上缴）。")  # never "已上缴 0" (TY-16)
    note = f"本年度应交 {_money(book.due)} 元，已交 {_money(book.paid)} 元，{owed}；{handed}"
    set_value(sheet.cell(row=row + 2, column=1), note)
    set_value(sheet.cell(row=row + 3, column=1), "收缴人（签字）：　　　　　　　党支部书记（签字）：　　　　　　　日期：")


def _money(value: Decimal | None) -> str:
    return UNKNOWN if value is None else f"{value:,.2f}"


def _count(value: int | None) -> int | str:
    return UNKNOWN_COUNT if value is None else value


def sheet_title(name: str, used: set[str]) -> str:
    base = _FORBIDDEN.sub("", name)[:28] or "党支部"
    title, n = base, 2
    while title in used:
        title, n = f"{base[:26]}({n})", n + 1
    used.add(title)
    return title


def write_ledger_sheet(sheet: Worksheet, year: int, as_of: date, part: BranchLedger, school: str = "") -> None:
    subtitle = (f"{school + '　' if school else ''}统计截至 {as_of:%Y-%m-%d}　党员 {len(part.ledgers)} 名。"
                f"党费按《关于中国共产党党费收缴、使用和管理的规定》按月计算交纳。{LEGEND}")
    header_row = write_table(sheet, f"{part.branch}{year}年度党费收缴登记表", LEDGER_HEADERS, _ledger_rows(part.ledgers),
                             subtitle=subtitle,
                             min_widths={"备注": 24, "姓名": 8, "缴费基数": 10, "月应交": 9, "合计": 11, "欠交": 9,
                                         **dict.fromkeys(MONTH_HEADERS, 9)},
                             text_columns=("姓名", "所在党支部", "缴纳类别", "比例", "备注"))
    sheet.row_dimensions[2].height = 42
    _style_ledger(sheet, header_row, part.ledgers)
    _total_row(sheet, header_row + len(part.ledgers) + 1, part.ledgers, part.book)


SUMMARY_HEADERS = ("党支部", "党员人数", "应交（元）", "已交（元）", "欠交（元）", "欠交人数", "欠交月数", "未登记基数人数",
                   "已上缴（元）", "未上缴（元）")


def _summary_line(r: DuesBranchRow) -> list[object]:
    return [r.branch, r.members, _f(r.due), float(r.paid), _f(r.arrears), _count(r.arrears_members), _count(r.owed_months),
            r.unknown_members, _known(r.known_handed_up), _known(r.known_balance)]


def _known(value: Decimal | None) -> float | str:
    """已上缴 / 未上缴: "未登记" when no 上缴 is recorded — as the volume says, not 0 (TY-16)."""
    return UNRECORDED if value is None else float(value)


def _summary_sheet(sheet: Worksheet, scope: str, year: int, as_of: date, parts: list[BranchLedger]) -> None:
    rows = [_summary_line(branch_row(p.book)) for p in parts]
    if len(parts) > 1:  # each member once: one moved between branches during the year is on two lines
        rows.append(_summary_line(school_row((p.book for p in parts), (m for p in parts for m in p.ledgers))))
    unrecorded = (f"“{UNRECORDED}”表示没有登记向党委上缴党费的记录（不表示未上缴）。"
                  if not all(p.book.hand_ups for p in parts) else "")
    header_row = write_table(sheet, f"{scope}{year}年度党费收缴汇总", SUMMARY_HEADERS, rows,
                             subtitle=(f"统计截至 {as_of:%Y-%m-%d}。应交按缴费基数和党费规定的比例计算；“{UNKNOWN}”表示有党员未登记"
                                       f"缴费基数；“{UNKNOWN_COUNT}”表示有党员的月份未登记党费交纳记录或缴费基数，"
                                       f"欠交人数和月数无法统计。{unrecorded}"),
                             min_widths={"党支部": 18})
    for r in range(header_row + 1, header_row + len(rows) + 1):
        for c in (3, 4, 5, 9, 10):
            sheet.cell(row=r, column=c).number_format = MONEY


def public_headers(unmasked: bool) -> tuple[str, ...]:
    base = ("缴费基数（元）",) if unmasked else ()
    return ("序号", "所在党支部", "姓名", *base, "月交纳标准（元）", "本年应交（元）", "本年已交（元）", "欠交（元）", "备注")


def _public_sheet(sheet: Worksheet, scope: str, year: int, as_of: date, parts: list[BranchLedger],
                  unmasked: bool) -> None:
    headers = public_headers(unmasked)
    rows: list[list[object]] = []
    index = 0
    for p in parts:
        for m in p.ledgers:
            index += 1
            line = public_row(m)
            base = [float(m.record.base) if m.record and m.record.base is not None else None] if unmasked else []
            rows.append([index, p.branch, line.name, *base, _f(line.monthly), _f(line.due), float(line.paid),
                         _f(line.arrears), line.note])
    period = f"{year}年1月至{min(as_of, date(year, 12, 31)):%Y年%m月}"
    unknown = ("备注中“无法核对”的月份没有党费交纳记录或缴费基数，不计为欠交。"
               if any(m.unrecorded_months or m.undetermined_months for p in parts for m in p.ledgers) else "")
    privacy = "" if unmasked else "缴费基数属个人工资收入，不予公示。"
    header_row = write_table(sheet, f"{scope}{year}年度党费收缴情况公示", headers, rows,
                             subtitle=(f"统计期间：{period}（截至 {as_of:%Y-%m-%d}）。{unknown}依据党费规定，党支部每年向党员公布"
                                       f"一次党费收缴情况。{privacy}"),
                             min_widths={"备注": 24, "所在党支部": 14})
    money_columns = [i for i, h in enumerate(headers, start=1) if "（元）" in h]
    for r in range(header_row + 1, header_row + len(rows) + 1):
        for c in money_columns:
            sheet.cell(row=r, column=c).number_format = MONEY
    end = header_row + len(rows) + 2
    set_value(sheet.cell(row=end, column=1), "公示期：　　年　　月　　日至　　年　　月　　日。对公示内容如有疑问，请向党支部书记或组织委员反映。")
    set_value(sheet.cell(row=end + 2, column=1), "党支部（盖章）：　　　　　　　　　　　　　　　日期：")


def write_dues_workbook(path: Path, *, scope: str, year: int, as_of: date, parts: list[BranchLedger],
                        unmasked: bool = False, school: str = "") -> list[str]:
    """汇总, one ledger sheet per branch, and the 公示 sheet; saved atomically. Returns the sheet names."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "汇总"
    _summary_sheet(summary, scope, year, as_of, parts)
    used = {"汇总", "党费收缴公示"}
    for part in parts:
        write_ledger_sheet(workbook.create_sheet(sheet_title(part.branch, used)), year, as_of, part, school)
    _public_sheet(workbook.create_sheet("党费收缴公示"), scope, year, as_of, parts, unmasked)
    workbook.properties.title = f"{scope}{year}年度党费收缴登记表"
    workbook.properties.creator = "BranchDesk"
    save_workbook(workbook, Path(path))
    return workbook.sheetnames


def write_dues_template(path: Path) -> None:
    guide = ("填写说明：每行登记一名党员的一次交纳。月份写 2025-03 或 2025年3月，一次交几个月写“2025年1月至3月”；"
             "金额填实交数字（如 48.00）；缴纳方式填现金、转账或线上；姓名须与花名册一致，同名的请填所在党支部。"
             "也可直接导入按月登记的党费收缴登记表（姓名、缴费基数、比例、1月至12月、合计）。")
    write_template_workbook(path, "党费交纳记录", [(c.name, c.required) for c in LONG_COLUMNS], guide, guide_height=60,
                            text_columns=("月份", "收据编号"), min_widths={"所在党支部": 16, "月份": 16, "备注": 24})


def write_base_template(path: Path) -> None:
    guide = ("填写说明：每行登记一名党员从某月起的缴纳类别和缴费基数。缴纳类别填在职、离退休、学生/无固定收入、自愿多交或减免；"
             "在职党员的缴费基数为税后月工资（岗位工资+薪级工资+绩效工资+津贴补贴，可只填合计，也可分项填写），离退休党员为离退休费；"
             "起始月份为领取新工资的当月；自愿多交和减免须填月交纳金额和备注，减免还须填批准单位和批准日期。")
    write_template_workbook(path, "党员缴费基数", [(c.name, c.required) for c in BASE_COLUMNS], guide, guide_height=75,
                            text_columns=("起始月份",), min_widths={"所在党支部": 16, "备注": 24})
