"""A 党费 list row for a month already recorded with the same amount keeps nothing back: the 缴纳日期,
缴纳方式, 收款人, 收据编号, 备注 the stored payment lacks are filled in (an update, named in the report);
a field both hold with different values is reported with both, the stored one kept. Words read as
another ("微信" → 线上) and a grid cell that only says "补交" (stored as the row's 月交金额) are said
(trial 9, T9-7)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.services.dues.excel import import_dues
from branchdesk.services.dues.records import list_payments, record_payments
from tests.dues.dues_fixtures import BRANCH, make_dues_branch
from tests.dues.dues_sheets import long_ledger, wide_ledger

Y = 2025
TODAY = date(2026, 1, 10)
HEADERS = ("序号", "姓名", "月份", "金额", "缴纳日期", "缴纳方式", "收款人", "收据编号", "备注")


@pytest.fixture
def school(db):  # type: ignore[no-untyped-def]
    return make_dues_branch(db)


def _payment(db, name: str, month: int):  # type: ignore[no-untyped-def]
    return next(p for p in list_payments(db, year=Y) if p.name == name and Month(Y, month) in p.months)


def _grid(tmp_path: Path) -> Path:
    li = [48] * 5 + ["补交"] + [48] * 6  # June: "补交" without an amount
    return wide_ledger(tmp_path / "登记表.xlsx", [("李组织", BRANCH, 4800, "1%", "48元", *li, None)])


def test_a_list_row_fills_what_the_recorded_month_lacks(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    grid = import_dues(db, _grid(tmp_path), today=TODAY)
    assert grid.ok, grid.to_text()
    assert "李组织2025年6月只标明补交，没有写金额，按表中月应交 48.00 元登记" in grid.to_text()
    assert _payment(db, "李组织", 6).amount == D("48.00")
    listed = long_ledger(tmp_path / "交纳.xlsx", HEADERS, [
        (1, "李组织", "2025.10", "48元", "2025年12月3日", "转账", "张宣传", "No.0031", "重复登记？"),
        (2, "李组织", "2025.12", "48", "2025-12-20", "微信", "张宣传", None, None),
    ])
    report = import_dues(db, listed, today=TODAY)
    assert report.ok, report.to_text()
    assert (report.created, report.updated, report.unchanged) == (0, 2, 0)
    assert report.row_status == {3: "更新", 4: "更新"}
    text = report.to_text()
    assert "第 3 行：李组织2025年10月已登记的交纳记录补填了缴纳日期、缴纳方式、收款人、收据编号、备注" in text
    assert "缴纳方式“微信”按“线上”导入，1 行" in text
    october = _payment(db, "李组织", 10)
    assert (october.paid_on, october.method, october.collector, october.receipt_no, october.note) == (
        date(2025, 12, 3), "转账", "张宣传", "No.0031", "重复登记？")
    assert _payment(db, "李组织", 12).method == "线上"
    again = import_dues(db, listed, today=TODAY)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 2) and not again.warnings


def test_a_field_recorded_otherwise_is_reported_not_overwritten(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    record_payments(db, [PaymentInput(school.members["李组织"], [Month(Y, 3)], "48", date(Y, 3, 10), "现金", "王书记")],
                    today=TODAY)
    listed = long_ledger(tmp_path / "交纳.xlsx", HEADERS, [
        (1, "李组织", "2025年3月", "48", "2025-03-12", "现金", "张宣传", "No.7", None)])
    report = import_dues(db, listed, today=TODAY, dry_run=True)
    assert report.ok and report.updated == 1  # the 收据编号 is new
    text = report.to_text()
    assert ("李组织2025年3月已登记交纳 48.00 元；缴纳日期表中为“2025-03-12”，已登记为“2025-03-10”；"
            "收款人表中为“张宣传”，已登记为“王书记”，未修改，请在党费页面核对") in text
    assert "补填了收据编号" in text
    assert _payment(db, "李组织", 3).receipt_no == ""  # a dry run writes nothing
    import_dues(db, listed, today=TODAY)
    stored = _payment(db, "李组织", 3)
    assert (stored.paid_on, stored.collector, stored.receipt_no) == (date(Y, 3, 10), "王书记", "No.7")


def test_a_bad_value_on_a_recorded_month_is_refused_as_on_a_new_one(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    record_payments(db, [PaymentInput(school.members["李组织"], [Month(Y, 3)], "48", date(Y, 3, 10), "现金", "")],
                    today=TODAY)
    listed = long_ledger(tmp_path / "交纳.xlsx", HEADERS, [(1, "李组织", "2025年3月", "48", None, "刷脸", None, None, None)])
    report = import_dues(db, listed, today=TODAY)
    assert not report.ok and "“刷脸”应为现金、转账、线上" in report.to_text()
