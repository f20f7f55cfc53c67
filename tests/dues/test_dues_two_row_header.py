"""党费 sheets under the headers schools draw (the roster's two-row header, T10-2, for 党费): a title row,
then a header over two or three rows — 姓名 | 月缴纳基数（元） merged down, "缴纳情况" merged across 1月 …
12月 with the months below, a month merged over 应缴 | 实缴 or over 金额 | 缴纳日期, a group title over
some names, 备注 at the end — in the wide 登记表, the long 交纳明细 and the 缴费基数 list. Every column a
header names is read from the column it heads; a header cell naming a known column that is not read,
and a month column that cannot be placed, is said in the report with its column letter, never dropped.
Each layout below was misread before the dues import read headers through io/xlsx_header.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from branchdesk.db.models import Member
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.rates import money
from branchdesk.services.dues.excel import import_dues, import_dues_base
from branchdesk.services.dues.records import dues_year, list_payments, member_bases
from tests.dues.dues_fixtures import BRANCH, make_dues_branch
from tests.dues.dues_sheets import header_ledger

Y = 2025
TODAY = date(2026, 1, 10)
N = None
MONTHS = [f"{m}月" for m in range(1, 13)]


@pytest.fixture
def school(db):  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    with db.session() as session:  # 周四 has no base yet; the roster says 在职
        session.get(Member, branch.members["周四"]).position = "语文教师"
    return branch


def _paid(db, name: str) -> dict[int, D]:  # type: ignore[no-untyped-def]
    return {m.month: p.amount / len(p.months) for p in list_payments(db, year=Y) if p.name == name for m in p.months}


def _dates(db, name: str) -> dict[int, date | None]:  # type: ignore[no-untyped-def]
    return {m.month: p.paid_on for p in list_payments(db, year=Y) if p.name == name for m in p.months}


@pytest.mark.parametrize("merge", [True, False], ids=["merged", "typed in two rows"])
def test_a_base_merged_down_beside_months_under_a_group_title(db, school, tmp_path: Path, merge: bool) -> None:  # type: ignore[no-untyped-def]
    """姓名 | 月缴纳基数（元） merged down, 缴纳情况 across the months, 合计（元）and 备注 at the end: the
    base was not read (its header with the unit was no name the import knew), so 周四's months stayed
    未核定 without a word; the 备注 was dropped."""
    header = [["序号", "姓名", "月缴纳基数（元）", "缴纳情况", *[N] * 11, "合计（元）", "备注"],
              [N, N, N, *MONTHS, N, N]]
    rows = [[1, "周四", 6000, *[90] * 12, 1080, "2025年起按在职党员交纳"],
            [2, "李组织", 4800, *[48] * 12, 576, N]]
    path = header_ledger(tmp_path / "登记表.xlsx", header, rows, merge=merge)
    report = import_dues(db, path, today=TODAY)
    assert report.ok, report.to_text()
    assert report.created == 24
    assert [b.record.base for b in member_bases(db, school.members["周四"])] == [D("6000.00")]
    assert _paid(db, "周四") == {m: D("90.00") for m in range(1, 13)}
    text = report.to_text()
    assert "第 4 行周四的备注“2025年起按在职党员交纳”（Q 列）未导入" in text, text
    assert not [w for w in report.warnings if "表头" in w], text


@pytest.mark.parametrize("merge", [True, False], ids=["merged", "typed in two rows"])
def test_due_and_paid_under_each_month_with_units_reads_the_paid(db, school, tmp_path: Path, merge: bool) -> None:  # type: ignore[no-untyped-def]
    """Each month merged over 应缴（元） | 实缴（元）: the 应缴 column was read as what was paid (the
    paid sub-column, written with its unit, was not recognised), so a member who paid less read as paid
    in full."""
    header = [["序号", "姓名", *[x for m in MONTHS for x in (m, N)], "备注"],
              [N, N, *["应缴（元）", "实缴（元）"] * 12, N]]
    rows = [[1, "李组织", *[x for _m in range(12) for x in (48, 40)], N]]
    report = import_dues(db, header_ledger(tmp_path / "应缴实缴.xlsx", header, rows, merge=merge), today=TODAY)
    assert report.ok, report.to_text()
    assert _paid(db, "李组织") == {m: D("40.00") for m in range(1, 13)}
    assert "应缴" in " ".join(report.notes) and "未读取" in " ".join(report.notes), report.to_text()


@pytest.mark.parametrize("merge", [True, False], ids=["merged", "typed in three rows"])
def test_a_three_row_header_with_the_day_paid_under_each_month(db, school, tmp_path: Path, merge: bool) -> None:  # type: ignore[no-untyped-def]
    """缴纳情况 over the months, each month over 金额 | 缴纳日期, the fixed columns merged down over three
    rows: the day each month was paid was dropped without a word."""
    header = [["序号", "姓名", "所在党支部", "缴费基数", "比例", "2025年缴纳情况", *[N] * 23, "合计"],
              [N, N, N, N, N, *[x for m in MONTHS for x in (m, N)], N],
              [N, N, N, N, N, *["金额", "缴纳日期"] * 12, N]]
    written = ["2025.1.8", "2025年2月10日", date(Y, 3, 5), "2025-04-07", "2025/5/9", *[N] * 7]
    cells = [x for m in range(12) for x in ((48, written[m]) if m < 5 else (N, N))]
    rows = [[1, "李组织", BRANCH, 4800, "1%", *cells, 240]]
    report = import_dues(db, header_ledger(tmp_path / "三行表头.xlsx", header, rows, merge=merge), today=TODAY)
    assert report.ok, report.to_text()
    assert _dates(db, "李组织") == {1: date(Y, 1, 8), 2: date(Y, 2, 10), 3: date(Y, 3, 5), 4: date(Y, 4, 7),
                                   5: date(Y, 5, 9)}
    assert _paid(db, "李组织") == {m: D("48.00") for m in range(1, 6)}


def test_group_titles_over_the_names_and_the_months(db, school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """基本信息 over 序号 … 缴费基数 and 缴纳月份 over the months, 合计 and 备注 merged down: the 合计
    stood only in the upper row and was not read, so a 合计 that disagrees with the months was not said."""
    header = [["基本信息", N, N, N, "缴纳月份", *[N] * 11, "合计", "备注"],
              ["序号", "姓名", "缴纳类别", "缴费基数", *MONTHS, N, N]]
    rows = [[1, "钱二", "在职", 10500, *[210] * 12, 2400, N],
            [2, "周四", "在职", 6000, *[90] * 6, *[N] * 6, 540, N]]
    report = import_dues(db, header_ledger(tmp_path / "分组.xlsx", header, rows), today=TODAY)
    assert report.ok, report.to_text()
    assert "合计 2,400.00 元与各月金额之和 2,520.00 元不一致" in report.to_text()
    assert "周四：按表中缴费基数 6,000.00 元登记为在职（表中的缴纳类别）" in report.to_text()
    assert _paid(db, "周四") == {m: D("90.00") for m in range(1, 7)}


def test_a_long_ledger_under_a_two_row_header(db, school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """姓名 | 缴费月份 | 金额（元） merged down, 收缴信息 over 缴纳日期 | 缴纳方式 | 收款人: the three columns
    under the group were not read, and what they held was dropped without a word."""
    header = [["序号", "姓名", "缴费月份", "金额（元）", "收缴信息", N, N, "备注"],
              [N, N, N, N, "缴纳日期", "缴纳方式", "收款人", N]]
    rows = [[1, "李组织", "1-3月", 144, "2025.3.12", "微信", "孙三", N],
            [2, "王书记", "2025年3月", 93, "2025年3月12日", "现金", "孙三", N],
            [3, "张宣传", "2025-01", 15, date(Y, 4, 3), "现金", "孙三", "出差回来补交"]]
    report = import_dues(db, header_ledger(tmp_path / "明细.xlsx", header, rows,
                                           titles=("高一年级党支部党费交纳明细（2025年）",)), today=TODAY)
    assert report.ok, report.to_text()
    assert report.created == 3
    payments = {p.name: p for p in list_payments(db, year=Y)}
    assert payments["李组织"].months == (Month(Y, 1), Month(Y, 2), Month(Y, 3))
    assert payments["李组织"].paid_on == date(Y, 3, 12) and payments["李组织"].collector == "孙三"
    assert payments["王书记"].paid_on == date(Y, 3, 12) and payments["王书记"].method == "现金"
    assert payments["张宣传"].note == "出差回来补交" and payments["张宣传"].paid_on == date(Y, 4, 3)


def test_a_base_list_under_a_two_row_header(db, school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """工资构成（元） over 岗位工资 … 津贴补贴, the other names merged down: the four parts were not read, so
    the row was refused for want of a 缴费基数."""
    header = [["序号", "姓名", "缴纳类别", "工资构成（元）", N, N, N, "起始月份", "备注"],
              [N, N, N, "岗位工资", "薪级工资", "绩效工资", "津贴补贴", N, N]]
    rows = [[1, "周四", "在职", 2800, 900, 1600, 300, "2025-07", "核定"]]
    path = header_ledger(tmp_path / "基数.xlsx", header, rows, titles=("2025年党员缴费基数核定表",))
    report = import_dues_base(db, path, today=TODAY)
    assert report.ok, report.to_text()
    assert report.created == 1
    base = member_bases(db, school.members["周四"])[0]
    assert base.record.parts == (D("2800.00"), D("900.00"), D("1600.00"), D("300.00"))
    assert base.record.base == D("5600.00") and base.record.note == "核定"


def test_a_month_column_that_cannot_be_placed_is_named(db, school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """"1-2月" (winter months paid together) and a second "6月" where 7月 was meant: their columns were
    dropped without a word, and with them what was paid."""
    header = [["序号", "姓名", "缴纳情况", *[N] * 10, "联系电话"],
              [N, N, "1-2月", *MONTHS[2:6], "6月", *MONTHS[7:], N]]
    rows = [[1, "李组织", 96, *[48] * 10, "13800000000"]]
    report = import_dues(db, header_ledger(tmp_path / "月份.xlsx", header, rows), today=TODAY)
    text = report.to_text()
    assert "第 3 行 C 列的表头“1-2月”不是某一个月份，这一列的内容没有导入" in text, text
    assert "第 3 行 G 列的表头“6月”未读取（与 H 列的“6月”是同一项，只读取了 H 列）" in text, text
    assert "“联系电话”（N 列）有 1 行填写了内容，不是本表导入的项目，这一列没有导入" in report.warnings, text
    assert sorted(_paid(db, "李组织")) == [3, 4, 5, 6, 8, 9, 10, 11, 12]


def test_months_under_quarters_under_the_names(db, school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """姓名 … merged down over three rows, 缴纳情况 over 第一季度 … 第四季度, each quarter over its three
    months (this one was read before, and still is)."""
    quarters = [x for q in ("第一季度", "第二季度", "第三季度", "第四季度") for x in (q, N, N)]
    header = [["序号", "姓名", "缴费基数", "缴纳情况", *[N] * 11, "合计"],
              [N, N, N, *quarters, N],
              [N, N, N, *MONTHS, N]]
    rows = [[1, "李组织", 4800, *[48] * 12, 576]]
    report = import_dues(db, header_ledger(tmp_path / "季度.xlsx", header, rows), today=TODAY)
    assert report.ok, report.to_text()
    assert _paid(db, "李组织") == {m: D("48.00") for m in range(1, 13)}
    assert not report.warnings and not report.notes, report.to_text()


def test_a_month_whose_own_columns_have_no_paid_one_is_named(db, school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each month over 应缴 | 收缴: which column holds what was paid cannot be known, so no month is read
    (before, the 应缴 column was read as paid) and each is said with its column."""
    header = [["序号", "姓名", *[x for m in MONTHS for x in (m, N)]],
              [N, N, *["应缴", "收缴"] * 12]]
    rows = [[1, "李组织", *[x for _m in range(12) for x in (48, 40)]]]
    report = import_dues(db, header_ledger(tmp_path / "收缴.xlsx", header, rows), today=TODAY)
    text = report.to_text()
    months = "、".join(f"“{m}”" for m in MONTHS)
    assert [w for w in report.warnings if "实缴" in w] == [
        f"第 2 行 C、E、G、I、K、M、O、Q、S、U、W、Y 列的{months}下面没有实缴金额的列（应缴、收缴），这些月份的内容没有"
        "导入；如需导入，请把实缴金额所在列的表头改为“实缴”后重新导入"], text
    assert list_payments(db, year=Y) == []


def test_quarter_subtotals_among_the_months_are_noted_not_warned(db, school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """一季度小计 … after each quarter's months: a sum of the months beside it, not a month that was lost."""
    quarters = [x for q, name in enumerate(("一", "二", "三", "四")) for x in (*MONTHS[3 * q:3 * q + 3], f"{name}季度小计")]
    header = [["序号", "姓名", *quarters]]
    rows = [[1, "李组织", *[x for _q in range(4) for x in (48, 48, 48, 144)]]]
    report = import_dues(db, header_ledger(tmp_path / "小计.xlsx", header, rows), today=TODAY)
    assert report.ok and report.created == 12, report.to_text()
    assert not report.warnings, report.to_text()
    assert "未读取的列（不是本表导入的项目）：一季度小计（F 列）、二季度小计（J 列）、三季度小计（N 列）、四季度小计（R 列）" \
        in report.notes, report.to_text()


def test_a_subtotal_under_each_quarter_is_no_total_of_the_year(db, school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """第一季度 … over 1月 | 2月 | 3月 | 小计: the last 小计 was read as the year's 合计 (a false "合计 … 不一致"),
    the others were warned as columns to correct."""
    upper = ["序号", "姓名", *[x for q in ("第一季度", "第二季度", "第三季度", "第四季度") for x in (q, N, N, N)]]
    lower = [N, N, *[x for q in range(4) for x in (*MONTHS[3 * q:3 * q + 3], "小计")]]
    rows = [[1, "李组织", *[x for _q in range(4) for x in (48, 48, 48, 144)]]]
    report = import_dues(db, header_ledger(tmp_path / "季度.xlsx", [upper, lower], rows), today=TODAY)
    assert report.ok and report.created == 12, report.to_text()
    assert not report.warnings, report.to_text()
    assert "未读取的列（不是本表导入的项目）：小计（F 列）、小计（J 列）、小计（N 列）、小计（R 列）" in report.notes, \
        report.to_text()


def test_a_long_ledger_whose_period_is_merged_over_from_and_to(db, school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """缴费期间 merged over 起 | 止, the other names merged down: 缴费期间 was no name the import knew (no
    header found), and the 起 | 止 row would have been read as a payment without a name, 止 not at all. A
    month error of such a list is named at its 月份 column (it was named at 金额)."""
    header = [["序号", "姓名", "缴费期间", N, "金额（元）", "缴纳日期"],
              [N, N, "起", "止", N, N]]
    rows = [[1, "李组织", "2025年1月", "2025年3月", 144, "2025-03-12"],
            [2, "赵一", "2025.4", N, 30, "2025-04-10"],  # one month: 止 left blank
            [3, "孙三", "5月", "6月", 100, "2025年6月20日"]]
    report = import_dues(db, header_ledger(tmp_path / "期间.xlsx", header, rows,
                                           titles=("高一年级党支部党费交纳明细（2025年）",)), today=TODAY)
    assert report.ok, report.to_text()
    months = {p.name: tuple(m.month for m in p.months) for p in list_payments(db, year=Y)}
    assert months == {"李组织": (1, 2, 3), "赵一": (4,), "孙三": (5, 6)}
    assert not report.warnings and not report.notes, report.to_text()
    bad = header_ledger(tmp_path / "倒置.xlsx", header, [[1, "李组织", "2025年9月", "2025年7月", 144, "2025-09-12"]],
                        titles=("高一年级党支部党费交纳明细（2025年）",))
    report = import_dues(db, bad, today=TODAY)
    assert [str(p) for p in report.problems] == ["第 4 行，月份（C 列）：李组织：止（D 列）2025年7月早于起 2025年9月"], \
        report.to_text()


def test_from_and_to_beside_other_columns_under_a_group(db, school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """起 | 止 in the same second row as 缴纳日期 | 收款人 under 收缴信息."""
    header = [["序号", "姓名", "缴费期间", N, "金额", "收缴信息", N],
              [N, N, "起", "止", N, "缴纳日期", "收款人"]]
    rows = [[1, "李组织", "2025-01", "2025-06", 288, "2025.6.30", "孙三"]]
    report = import_dues(db, header_ledger(tmp_path / "期间.xlsx", header, rows,
                                           titles=("高一年级党支部党费交纳明细（2025年）",)), today=TODAY)
    assert report.ok and not report.notes and not report.warnings, report.to_text()
    (payment,) = list_payments(db, year=Y)
    assert [m.month for m in payment.months] == [1, 2, 3, 4, 5, 6]
    assert (payment.paid_on, payment.collector) == (date(Y, 6, 30), "孙三")


def test_the_arrears_column_is_checked_against_the_records(db, school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """欠交 is a column the import knows but does not import (what is owed follows the records): it was
    dropped without a word. Each row's figure is now checked against the records, as 合计 is."""
    header = [["序号", "姓名", "缴费基数", *MONTHS, "合计", "欠交"]]
    rows = [[1, "李组织", 4800, *[48] * 9, N, N, N, 432, 0],  # wrong: 10月 … are unpaid
            [2, "赵一", "3000.01", *[30] * 12, 360, 0]]
    report = import_dues(db, header_ledger(tmp_path / "欠交.xlsx", header, rows), today=TODAY)
    assert report.ok, report.to_text()
    owed = next(m for m in dues_year(db, Y, BRANCH, as_of=TODAY).ledgers if m.member.name == "李组织").arrears
    assert owed is not None and owed > 0
    said = [w for w in report.warnings if "欠交" in w]
    assert said == [f"第 3 行：表中欠交 0.00 元，按交纳记录截至 2026-01-10 为 {money(owed)} 元（欠交按记录计算，表中的数未导入），"
                    "请核对"], report.to_text()
