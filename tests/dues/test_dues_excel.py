"""Dues Excel in and out on real files: the wide 登记表 with title rows and a merged two-row header,
the long 明细 with months written several ways, all or nothing with sheet-row-column Chinese errors,
an amount below the rate imported and flagged, the export per branch with the 公示 sheet (no base
unless unmasked) that imports back without doubling anything, and the base list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook

from branchdesk.db.models import Member
from branchdesk.domain.dues.ledger import CellState
from branchdesk.domain.dues.months import Month
from branchdesk.services.dues import checks
from branchdesk.services.dues.excel import export_dues, export_dues_template, import_dues, import_dues_base
from branchdesk.services.dues.records import dues_year, list_payments, member_bases
from branchdesk.services.roster.records import list_members
from tests.dues.dues_fixtures import BRANCH, make_dues_branch
from tests.dues.dues_sheets import long_ledger, wide_ledger

Y = 2025
TODAY = date(2026, 1, 10)


@pytest.fixture
def school(db):  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    with db.session() as session:  # the roster says what 周四 (no base yet) does: 在职 (DUES-RATE)
        session.get(Member, branch.members["周四"]).position = "语文教师"
    return branch


def _row(db, name, as_of=date(Y, 12, 31)):  # type: ignore[no-untyped-def]
    return next(m for b in dues_year(db, Y, BRANCH, as_of=as_of).branches for m in b.ledgers if m.member.name == name)


def _wide(tmp_path: Path, **kw) -> Path:  # type: ignore[no-untyped-def]
    months_li = [48] * 3 + ["补48", "补48"] + [48] * 7
    return wide_ledger(tmp_path / "登记表.xlsx", [
        ("李组织", BRANCH, 4800, "1%", 48, *months_li, 576),
        ("张宣传", None, 3000, "0.5%", 15, *(["√"] * 12), 180),
        ("赵一", None, "3000.01", "1%", 30, *([30] * 6), *([None] * 6), 180),
        ("周四", None, 6000, "1.5%", 90, *([90] * 12), 1000),
        ("钱二", None, 10500, "2%", 210, *([150] * 12), 1800),
    ], **kw)


def test_wide_ledger_with_title_rows_and_merged_headers_imports_whole(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    report = import_dues(db, _wide(tmp_path), today=TODAY)
    assert report.ok, report.to_text()
    assert report.created == 12 + 12 + 6 + 12 + 12
    li = _row(db, "李组织")
    assert [c.state for c in li.cells[2:6]] == [CellState.PAID, CellState.LATE, CellState.LATE, CellState.PAID]
    assert _row(db, "张宣传").paid == D("180.00")  # "√" paid the row's 月应交
    assert [m.record.base for m in member_bases(db, school.members["周四"])] == [D("6000.00")]  # had none: imported
    text = report.to_text()
    assert "周四：按表中缴费基数 6,000.00 元登记为在职（花名册工作岗位“语文教师”）" in text
    assert "合计 1,000.00 元与各月金额之和 1,080.00 元不一致" in text
    assert "钱二2025年1月应交 210.00 元，实交 150.00 元" in text  # imported and flagged, not refused
    found = [f for f in checks.check_dues(db, year=Y, as_of=TODAY, branch=BRANCH)
             if f.rule == "DUES-RATE" and f.person == "钱二"]
    assert found and "少交 720.00 元" in found[0].message
    again = import_dues(db, _wide(tmp_path), today=TODAY)
    assert again.ok and again.created == 0 and again.unchanged == 54


def test_a_ledger_with_due_and_paid_under_each_month_reads_the_paid_column(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = wide_ledger(tmp_path / "应交实交.xlsx", [("李组织", BRANCH, 4800, "1%", 48, *([40] * 12), 480)],
                       subcolumns=True)
    report = import_dues(db, path, today=TODAY)
    assert report.ok, report.to_text()
    assert _row(db, "李组织").paid == D("480.00")


def test_errors_name_the_row_and_column_and_nothing_is_written(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = wide_ledger(tmp_path / "错.xlsx", [
        ("李组织", BRANCH, 4800, "1%", 48, *([48] * 11), "四十八", 576),
        ("王小明", None, 4800, "1%", 48, *([48] * 12), 576),
    ])
    report = import_dues(db, path, today=TODAY)
    assert not report.ok
    problems = [str(p) for p in report.problems]
    assert [p for p in problems if "12月" in p] == [
        "第 5 行，12月（R 列）：李组织：“四十八”不是金额；已交的填金额（如 48 或 48.00），补交的写“补48”，未交的留空"]
    assert any("第 6 行，姓名（B 列）" in p and "王小明" in p for p in problems), problems
    assert list_payments(db) == []


def test_the_year_comes_from_the_title_or_must_be_given(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = wide_ledger(tmp_path / "无年度.xlsx", [("李组织", BRANCH, 4800, "1%", 48, *([48] * 12), 576)],
                       title="党费收缴登记表")
    report = import_dues(db, path, today=TODAY)
    assert not report.ok and "无法确定年度" in report.problems[0].message
    assert import_dues(db, path, year=Y, today=TODAY).ok


def test_long_form_with_ranges_dates_and_methods(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    headers = ("序号", "党员姓名", "所属月份", "实交金额", "交纳日期", "方式", "收缴人", "收据号", "备注")
    path = long_ledger(tmp_path / "明细.xlsx", headers, [
        (1, "李组织", "1-3月", 144, "2025年3月12日", "微信", "孙三", "No.001", ""),
        (2, "王书记", "2025-03", "93.00", date(Y, 3, 12), "现金", "孙三", "No.002", ""),
        (3, "张宣传", "2025年1月至2月", 30, "2025/4/3", "银行转账", "孙三", "", "出差回来补交"),
    ])
    report = import_dues(db, path, today=TODAY)
    assert report.ok, report.to_text()
    payments = {p.name: p for p in list_payments(db, year=Y)}
    assert payments["李组织"].months == (Month(Y, 1), Month(Y, 2), Month(Y, 3))
    assert payments["李组织"].method == "线上" and payments["张宣传"].method == "转账"
    assert payments["王书记"].receipt_no == "No.002"
    assert _row(db, "张宣传").cells[0].state is CellState.LATE
    bad = long_ledger(tmp_path / "重复.xlsx", headers, [(1, "李组织", "2025-02", 48, "2025-04-01", "现金", "", "", "")])
    report = import_dues(db, bad, today=TODAY)
    assert report.ok and report.unchanged == 1 and report.created == 0  # the same amount: unchanged


def test_a_different_amount_for_a_recorded_month_is_refused(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    headers = ("姓名", "月份", "金额", "缴纳日期")
    long_ledger(tmp_path / "一.xlsx", headers, [("李组织", "2025-02", 48, "2025-02-10")])
    assert import_dues(db, tmp_path / "一.xlsx", today=TODAY).ok
    long_ledger(tmp_path / "二.xlsx", headers, [("李组织", "2025-02", 50, "2025-02-10")])
    report = import_dues(db, tmp_path / "二.xlsx", today=TODAY)
    assert not report.ok and "李组织2025年2月已登记交纳 48.00 元，与表中的 50.00 元不一致" in report.to_text()


def test_export_per_branch_and_public_sheet_and_round_trip(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert import_dues(db, _wide(tmp_path), today=TODAY).ok
    out = tmp_path / "导出" / "党费 2025.xlsx"
    result = export_dues(db, out, year=Y, as_of=TODAY)
    assert result.members >= 5 and "公示表未列缴费基数" in result.summary
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["汇总", "高一年级党支部", "退休教师党支部", "党费收缴公示"]
    ledger = workbook["高一年级党支部"]
    assert ledger["A1"].value == "高一年级党支部2025年度党费收缴登记表"
    headers = [c.value for c in ledger[3]]
    assert headers[:7] == ["序号", "姓名", "所在党支部", "缴纳类别", "缴费基数", "比例", "月应交"]
    li = next(r for r in ledger.iter_rows(min_row=4, values_only=True) if r[1] == "李组织")
    assert li[7:19] == (48, 48, 48, "补48.00", "补48.00", 48, 48, 48, 48, 48, 48, 48)
    assert ledger.print_title_rows == "$3:$3" and ledger.page_setup.orientation == "landscape"
    public = workbook["党费收缴公示"]
    public_headers = [c.value for c in public[3]]
    assert "缴费基数（元）" not in public_headers and "本年已交（元）" in public_headers
    assert all("4800" not in str(c.value) for row in public.iter_rows() for c in row)
    again = import_dues(db, out, today=TODAY)
    assert again.ok and again.created == 0, again.to_text()
    assert "补交2025年4月至5月" in {c.value for c in ledger["V"]}  # 李组织's remark, as the export writes it …
    assert not [n for n in again.notes if "备注" in n or "未读取的列" in n], again.to_text()  # … is not listed back
    assert not [w for w in again.warnings if "表中欠交" in w], again.to_text()  # the 欠交 exported agrees
    export_dues(db, tmp_path / "全.xlsx", year=Y, unmasked=True, as_of=TODAY)
    assert "缴费基数（元）" in [c.value for c in load_workbook(tmp_path / "全.xlsx")["党费收缴公示"][3]]


def test_base_list_import(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    headers = ("姓名", "所在党支部", "缴费类别", "缴费基数", "岗位工资", "薪级工资", "绩效工资", "津贴补贴", "执行月份",
               "月交纳金额", "批准单位", "批准日期", "备注")
    path = long_ledger(tmp_path / "基数.xlsx", headers, [
        ("李组织", BRANCH, "在职", None, 2800, 900, 1600, 300, "2025-07", None, "", "", ""),
        ("周四", BRANCH, "减免", None, None, None, None, None, "2025年3月", 0, "中共测试中学委员会", "2025-02-20", "家庭困难"),
        ("老党员", "退休教师党支部", "退休", None, None, None, None, None, "2025-01", None, "", "", ""),
    ], titles=("2025年党员缴费基数核定表",))
    report = import_dues_base(db, path, today=TODAY)
    assert [str(p) for p in report.problems] == ["第 5 行，缴费基数（D 列）：请填写离退休费或养老金总额"]
    assert member_bases(db, school.members["周四"]) == []  # nothing written
    workbook = load_workbook(path)
    workbook.active["D5"] = 5200
    workbook.save(path)
    report = import_dues_base(db, path, today=TODAY)
    assert report.ok and report.created == 3, report.to_text()
    li = member_bases(db, school.members["李组织"])
    assert li[0].record.base == D("5600.00") and li[0].monthly == D("84.00")
    assert li[0].record.parts == (D("2800.00"), D("900.00"), D("1600.00"), D("300.00"))
    zhou = _row(db, "周四")
    assert zhou.cells[2].state is CellState.WAIVED and zhou.cells[1].state is CellState.UNKNOWN  # no base: 未核定
    retiree = next(m.id for m in list_members(db) if m.name == "老党员")
    assert member_bases(db, retiree)[0].monthly == D("52.00")  # 离退休: above 5000 pays 1%
    assert import_dues_base(db, path, today=TODAY).unchanged == 3


def test_a_base_list_without_some_columns_keeps_what_they_would_hold(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A base list re-imported without the 岗位/薪级/绩效/津贴 columns erased the breakdown of every base
    it listed; without 月交纳金额, 批准单位, 批准日期 and 备注 a 减免 was refused. An absent column keeps
    what the record holds — but a 缴费基数 the file changes drops a breakdown that no longer adds up."""
    headers = ("姓名", "所在党支部", "缴费类别", "缴费基数", "岗位工资", "薪级工资", "绩效工资", "津贴补贴", "执行月份",
               "月交纳金额", "批准单位", "批准日期", "备注")
    full = long_ledger(tmp_path / "基数.xlsx", headers, [
        ("李组织", BRANCH, "在职", None, 2800, 900, 1600, 300, "2025-07", None, "", "", "核定"),
        ("周四", BRANCH, "减免", None, None, None, None, None, "2025年3月", 0, "中共测试中学委员会", "2025-02-20", "家庭困难"),
    ], titles=("2025年党员缴费基数核定表",))
    assert import_dues_base(db, full, today=TODAY).created == 2
    before = {name: member_bases(db, school.members[name])[0].record for name in ("李组织", "周四")}
    few = ("姓名", "所在党支部", "缴费类别", "缴费基数", "执行月份")
    report = import_dues_base(db, long_ledger(tmp_path / "在职.xlsx", few, [("李组织", BRANCH, "在职", 5600, "2025-07")]),
                              today=TODAY)
    assert report.ok and report.unchanged == 1, report.to_text()
    path = long_ledger(tmp_path / "缺列.xlsx", few, [
        ("李组织", BRANCH, "在职", 5600, "2025-07"), ("周四", BRANCH, "减免", None, "2025年3月"),
        ("张宣传", BRANCH, "在职", 3200, "2025-09")])
    report = import_dues_base(db, path, today=TODAY)
    assert report.ok, report.to_text()
    assert (report.created, report.updated, report.unchanged) == (1, 0, 2), report.to_text()
    assert {name: member_bases(db, school.members[name])[0].record for name in before} == before
    assert before["李组织"].parts == (D("2800.00"), D("900.00"), D("1600.00"), D("300.00"))
    new = next(b.record for b in member_bases(db, school.members["张宣传"]) if b.record.base == D("3200.00"))
    assert (new.parts, new.note) == (None, "")
    note = next(n for n in report.notes if "保持不变" in n)
    assert note == ("文件中没有“岗位工资”、“薪级工资”、“绩效工资”、“津贴补贴”、“月交纳金额”、“原缴纳标准”、“批准单位”、“批准日期”、"
                    "“备注”列："
                    "已有的 2 条缴费基数记录的这些信息保持不变"), note
    # a new 缴费基数 for the same month: the old breakdown no longer adds up to it and is dropped
    path = long_ledger(tmp_path / "改.xlsx", few, [("李组织", BRANCH, "在职", 6000, "2025-07")])
    report = import_dues_base(db, path, today=TODAY)
    assert report.ok and report.updated == 1, report.to_text()
    changed = member_bases(db, school.members["李组织"])[0].record
    assert (changed.base, changed.parts, changed.note) == (D("6000.00"), None, "核定")


def test_templates(tmp_path) -> None:  # type: ignore[no-untyped-def]
    export_dues_template(tmp_path / "模板.xlsx")
    sheet = load_workbook(tmp_path / "模板.xlsx").active
    assert [c.value for c in sheet[3]][:5] == ["序号", "所在党支部", "姓名*", "月份*", "金额*"]


def test_a_month_not_owed_here_is_imported_with_a_note(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = long_ledger(tmp_path / "预备.xlsx", ("姓名", "月份", "金额", "缴纳日期"),
                       [("吴预备", "2025-12", 14, "2025-12-20"), ("吴预备", "2026-01", 14, "2026-01-10")])
    report = import_dues(db, path, today=TODAY)
    assert report.ok and report.created == 2
    assert "第 3 行：吴预备2025年12月不在本支部的应交月份内（自 2026年1月起（2026-01-10 支部大会通过接收为预备党员））" in report.to_text()
    assert "第 4 行" not in report.to_text()


def test_a_sheet_starting_further_right_and_a_hidden_sheet(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = long_ledger(tmp_path / "右移.xlsx", ("姓名", "月份", "金额", "缴纳日期"),
                       [("李组织", "2025-02", "四十八", "2025-02-10")])
    workbook = load_workbook(path)
    workbook.active.insert_cols(1, 2)  # the table starts in column C
    hidden = workbook.create_sheet("草稿")
    hidden.append(["姓名", "月份", "金额"])
    hidden.append(["不存在的人", "2025-02", 1])
    hidden.sheet_state = "hidden"
    workbook.save(path)
    report = import_dues(db, path, today=TODAY)
    assert [str(p) for p in report.problems] == [
        "第 3 行，金额（E 列）：李组织：“四十八”不是数字，金额请填写如 48 或 48.50"]
    assert "草稿（隐藏）" in report.to_text()


def test_ticks_without_a_monthly_amount_are_said_once_per_amount(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """"√" in every month and no 月应交 column: the amount is computed from the base, and said once for the
    months it was taken for (it was said twelve times, once a month)."""
    path = long_ledger(tmp_path / "打勾.xlsx", ("序号", "姓名", *[f"{m}月" for m in range(1, 13)]),
                       [(1, "张宣传", *(["√"] * 12))], titles=("高一年级党支部2025年度党费收缴登记表",))
    report = import_dues(db, path, today=TODAY)
    assert report.ok and report.created == 12, report.to_text()
    said = [w for w in report.warnings if "只标明" in w or "只写了" in w]
    assert said == ["第 3 行：张宣传2025年1月至12月只标明已交，没有写金额，按缴费基数计算每月 15.00 元登记"], said


def test_a_month_a_list_cannot_read_is_named_at_its_month_column(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """It was named at the 金额 column."""
    path = long_ledger(tmp_path / "月份.xlsx", ("姓名", "月份", "金额", "缴纳日期"), [("李组织", "2025年13月", 48, "2025-04-10")])
    report = import_dues(db, path, today=TODAY)
    assert [(p.column, p.letter) for p in report.problems] == [("月份", "B")], report.to_text()
