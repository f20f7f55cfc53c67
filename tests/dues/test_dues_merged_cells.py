"""Merged cells in the rows of a 党费 sheet, as secretaries draw them: a payment for several months merged
across their month cells, "√" merged down a month for everyone who paid, 姓名 merged down over a member's
payments, 起始月份 merged down a whole 缴费基数 list. Excel keeps a merged range's value in its top-left cell
only; each was read as if the other cells were blank — a quarter's payment stood in January and February
and March read 未交, without a word — or the rows were refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import Workbook

from branchdesk.db.models import Member
from branchdesk.domain.dues.months import Month
from branchdesk.services.dues.excel import import_dues, import_dues_base
from branchdesk.services.dues.records import list_payments, member_bases
from tests.dues.dues_fixtures import BRANCH, make_dues_branch

Y = 2025
TODAY = date(2026, 1, 10)
MONTHS = [f"{m}月" for m in range(1, 13)]


@pytest.fixture
def school(db):  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    with db.session() as session:
        session.get(Member, branch.members["周四"]).position = "语文教师"
    return branch


def _book(path: Path, title: str, header: list[object], rows: list[list[object]], merges: list[str]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for ref in merges:
        sheet.merge_cells(ref)
    workbook.save(path)
    return path


def _payments(db, name: str) -> list[tuple[tuple[int, ...], D]]:  # type: ignore[no-untyped-def]
    return sorted((tuple(m.month for m in p.months), p.amount) for p in list_payments(db, year=Y) if p.name == name)


def test_a_payment_merged_across_its_months_is_one_payment_for_them(db, school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header = ["序号", "姓名", "缴费基数", *MONTHS, "合计"]
    rows = [[1, "李组织", 4800, 144, None, None, *[48] * 9, 576],  # D3:F3 one payment for 1月至3月
            [2, "张宣传", 3000, "√", None, None, None, None, None, *["√"] * 6, 180]]  # D4:I4 "√" for half a year
    path = _book(tmp_path / "合并.xlsx", f"{BRANCH}{Y}年度党费收缴登记表", header, rows, ["D3:F3", "D4:I4"])
    report = import_dues(db, path, today=TODAY)
    assert report.ok, report.to_text()
    assert _payments(db, "李组织")[0] == ((1, 2, 3), D("144.00"))
    assert len(_payments(db, "李组织")) == 10
    assert _payments(db, "张宣传")[0] == ((1, 2, 3, 4, 5, 6), D("90.00"))  # six months at 15.00 computed from the base
    text = report.to_text()
    assert "第 3 行 D–F 列是合并单元格，按一笔交纳（2025年1月至3月）导入" in text, text
    assert "张宣传2025年1月至12月只标明已交，没有写金额，按缴费基数计算每月 15.00 元登记" in text, text
    assert "合计" not in text, text  # 576 = 144 + 9 × 48: the 合计 agrees


def test_a_tick_merged_down_a_month_is_every_members(db, school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header = ["序号", "姓名", "月应交", *MONTHS]
    rows = [[1, "李组织", 48, "√"], [2, "赵一", 30, None], [3, "孙三", 50, None]]
    path = _book(tmp_path / "打勾.xlsx", f"{BRANCH}{Y}年度党费收缴登记表", header, rows, ["D3:D5"])
    report = import_dues(db, path, today=TODAY)
    assert report.ok, report.to_text()
    assert [_payments(db, n) for n in ("李组织", "赵一", "孙三")] == [
        [((1,), D("48.00"))], [((1,), D("30.00"))], [((1,), D("50.00"))]]


def test_an_amount_merged_down_over_members_is_refused(db, school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """144 merged down 1月 of three members: whose, and how much each, cannot be known."""
    header = ["序号", "姓名", *MONTHS]
    rows = [[1, "李组织", 144], [2, "赵一", None], [3, "孙三", None]]
    path = _book(tmp_path / "合并金额.xlsx", f"{BRANCH}{Y}年度党费收缴登记表", header, rows, ["C3:C5"])
    report = import_dues(db, path, today=TODAY)
    assert not report.ok
    problems = [str(p) for p in report.problems]
    assert problems == [f"第 {row} 行，1月（C 列）：{name}：1月的金额是合并单元格（C3:C5，跨第 3–5 行），分不清每人各交了多少；"
                        "请每行分别填写后重新导入" for row, name in ((3, "李组织"), (4, "赵一"), (5, "孙三"))], problems
    assert list_payments(db) == []


def test_a_name_merged_down_over_a_members_payments(db, school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header = ["序号", "姓名", "月份", "金额", "缴纳日期", "收款人"]
    rows = [[1, "李组织", "2025年1月", 48, "2025-01-10", "孙三"],
            [2, None, "2025年2月", 48, "2025-02-10", None],
            [3, None, "2025年3月", 48, "2025-03-10", None],
            [4, "赵一", "2025年1月", 30, "2025-01-12", None]]
    path = _book(tmp_path / "明细.xlsx", f"{BRANCH}党费交纳明细（{Y}年）", header, rows, ["B3:B5", "F3:F6"])
    report = import_dues(db, path, today=TODAY)
    assert report.ok, report.to_text()
    assert _payments(db, "李组织") == [((1,), D("48.00")), ((2,), D("48.00")), ((3,), D("48.00"))]
    assert {p.collector for p in list_payments(db, year=Y)} == {"孙三"}


def test_an_amount_merged_down_over_a_members_months_is_refused(db, school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header = ["序号", "姓名", "月份", "金额", "缴纳日期"]
    rows = [[1, "李组织", "2025年1月", 144, "2025-03-10"], [2, "李组织", "2025年2月", None, "2025-03-10"],
            [3, "李组织", "2025年3月", None, "2025-03-10"]]
    path = _book(tmp_path / "明细.xlsx", f"{BRANCH}党费交纳明细（{Y}年）", header, rows, ["D3:D5"])
    report = import_dues(db, path, today=TODAY)
    assert not report.ok
    problems = [str(p) for p in report.problems]
    assert problems == [f"第 {row} 行，金额（D 列）：李组织：金额是合并单元格（D3:D5，跨第 3–5 行）；一笔交纳请写在一行"
                        "（月份写“1-3月”）后重新导入" for row in (3, 4, 5)], problems


def test_a_base_list_with_its_category_and_month_merged_down(db, school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header = ["序号", "姓名", "缴纳类别", "缴费基数", "起始月份"]
    rows = [[1, "周四", "在职", 6000, "2025-07"], [2, "李组织", None, 5000, None], [3, "张宣传", None, 3200, None]]
    path = _book(tmp_path / "基数.xlsx", f"{Y}年党员缴费基数核定表", header, rows, ["C3:C5", "E3:E5"])
    report = import_dues_base(db, path, today=TODAY)
    assert report.ok, report.to_text()
    assert report.created == 3
    latest = {n: member_bases(db, school.members[n])[0].record for n in ("周四", "李组织", "张宣传")}
    assert {n: (r.category.value, r.base, r.applies_from) for n, r in latest.items()} == {
        "周四": ("在职", D("6000.00"), Month(Y, 7)), "李组织": ("在职", D("5000.00"), Month(Y, 7)),
        "张宣传": ("在职", D("3200.00"), Month(Y, 7))}
