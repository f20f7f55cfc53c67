"""The dues use cases on a real database: bases and the year's grid, the monthly 收缴 for several
members and months in one go (all or nothing, no month paid twice), 补交 derived from the date, a
probationary member owing from the month of admission, a transfer in, hand-ups and the book, the
check, the recycle bin and the change history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from branchdesk.db.models import ChangeLog
from branchdesk.domain.dues.bases import BaseInput
from branchdesk.domain.dues.branch import HandUpInput
from branchdesk.domain.dues.ledger import CellState
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.domain.dues.rates import Rounding
from branchdesk.domain.dues.settings import DuesSettings
from branchdesk.domain.findings import Severity
from branchdesk.services.dues import checks
from branchdesk.services.dues.records import (
    confirm_base,
    delete_payment,
    dues_year,
    get_settings,
    list_payments,
    member_bases,
    record_payments,
    record_transfer_in,
    save_base,
    save_hand_up,
    save_settings,
)
from branchdesk.services.errors import ValidationFailed
from tests.dues.dues_fixtures import BRANCH, START, make_dues_branch

Y = 2025


@pytest.fixture
def school(db):  # type: ignore[no-untyped-def]
    return make_dues_branch(db)


def _row(dues, name):  # type: ignore[no-untyped-def]
    return next(m for b in dues.branches for m in b.ledgers if m.member.name == name)


def _pay(member_id: int, *months: int, amount: str, on: date, year: int = Y) -> PaymentInput:
    return PaymentInput(member_id, [Month(year, m) for m in months], amount, on, "现金", "李组织")


def test_the_grid_computes_each_members_amount_from_the_base(db, school) -> None:  # type: ignore[no-untyped-def]
    dues = dues_year(db, Y, BRANCH, as_of=date(Y, 12, 31))
    expected = {"王书记": "93.00", "李组织": "48.00", "张宣传": "15.00", "赵一": "30.00", "钱二": "210.00",
                "孙三": "50.00"}
    for name, amount in expected.items():
        assert _row(dues, name).monthly_due.amount == D(amount), name
    assert _row(dues, "周四").monthly_due.amount is None  # no base: unknown, never 0
    assert "吴预备" not in {m.member.name for b in dues.branches for m in b.ledgers}  # admitted in 2026


def test_monthly_collection_for_several_members_and_months_in_one_go(db, school) -> None:  # type: ignore[no-untyped-def]
    m = school.members
    written = record_payments(db, [_pay(m["李组织"], 1, 2, 3, amount="144", on=date(Y, 3, 20)),
                                   _pay(m["王书记"], 3, amount="93", on=date(Y, 3, 20)),
                                   _pay(m["张宣传"], 1, amount="15", on=date(Y, 4, 2))], today=date(Y, 4, 5))
    assert [p.months_text for p in written] == ["2025年1月至3月", "2025年3月", "2025年1月"]
    dues = dues_year(db, Y, BRANCH, as_of=date(Y, 4, 5))
    li = _row(dues, "李组织")
    assert [c.state for c in li.cells[:3]] == [CellState.LATE, CellState.LATE, CellState.PAID]  # Jan, Feb paid late
    assert _row(dues, "张宣传").cells[0].state is CellState.LATE
    assert _row(dues, "王书记").cells[0].state is CellState.OWED
    with pytest.raises(ValidationFailed, match="李组织：2025年2月已交 48.00 元"):
        record_payments(db, [_pay(m["赵一"], 1, amount="30", on=date(Y, 4, 1)),
                             _pay(m["李组织"], 2, amount="48", on=date(Y, 4, 1))], today=date(Y, 4, 5))
    assert not list_payments(db, member_id=m["赵一"])  # all or nothing


def test_a_short_payment_is_recorded_and_flagged_and_can_be_topped_up(db, school) -> None:  # type: ignore[no-untyped-def]
    m = school.members
    record_payments(db, [_pay(m["钱二"], 1, amount="150", on=date(Y, 1, 15))], today=date(Y, 1, 20))
    found = [f for f in checks.check_dues(db, year=Y, as_of=date(Y, 2, 3), branch=BRANCH) if f.rule == "DUES-RATE"
             and f.person == "钱二"]
    assert found and found[0].severity is Severity.ERROR
    assert "10,500.00" in found[0].message and "10000 元以上按 2%" in found[0].message and "少交 60.00 元" in found[0].message
    record_payments(db, [_pay(m["钱二"], 1, amount="60", on=date(Y, 2, 3))], today=date(Y, 2, 3))
    assert _row(dues_year(db, Y, BRANCH, as_of=date(Y, 2, 3)), "钱二").cells[0].paid == D("210.00")


def test_probationary_members_owe_from_the_month_of_admission(db, school) -> None:  # type: ignore[no-untyped-def]
    dues = dues_year(db, 2026, BRANCH, as_of=date(2026, 3, 10))
    wu = _row(dues, "吴预备")  # admitted 2026-01-10
    assert [c.state for c in wu.cells[:3]] == [CellState.OWED, CellState.OWED, CellState.OPEN]
    assert wu.monthly_due.amount == D("14.00")


def test_a_transfer_in_starts_the_obligation(db, school) -> None:  # type: ignore[no-untyped-def]
    record_transfer_in(db, school.members["孙三"], date(Y, 6, 15), "市第一中学党支部")
    sun = _row(dues_year(db, Y, BRANCH, as_of=date(Y, 9, 1)), "孙三")
    assert [c.state for c in sun.cells[5:8]] == [CellState.NOT_OWED, CellState.OWED, CellState.OWED]
    assert "转入本支部" in sun.obligation.text


def test_arrears_and_lapse_in_the_check(db, school) -> None:  # type: ignore[no-untyped-def]
    m = school.members
    record_payments(db, [_pay(m[n], *range(1, 7), amount=str(6 * a), on=date(Y, 6, 20))
                         for n, a in (("王书记", 93), ("李组织", 48), ("张宣传", 15), ("赵一", 30), ("钱二", 210))],
                    today=date(Y, 7, 10))
    found = checks.check_dues(db, year=Y, as_of=date(Y, 7, 10), branch=BRANCH)
    lapse = {f.person: f.severity for f in found if f.rule == "DUES-LAPSE" and f.person}
    # January–June unpaid; 周四's months are 未核定 (no base): not counted toward 自行脱党 (DUES-LAPSE)
    assert lapse == {"孙三": Severity.ERROR}
    arrears = next(f for f in found if f.rule == "DUES-LAPSE" and not f.person)
    # 周四 has no base: January–June are 未核定 (whether anything was due cannot be known), not 欠交
    assert "1 名党员" in arrears.message and "孙三（6 个月）" in arrears.message and "周四" not in arrears.message
    unknown = next(f for f in found if f.rule == "DUES-RATE" and not f.person)
    assert "周四" in unknown.message and "是否欠交、是否连续未交无法核对" in unknown.message
    assert "其中周四这些月份没有交纳记录" in unknown.message


def test_hand_ups_balance_the_book(db, school) -> None:  # type: ignore[no-untyped-def]
    m = school.members
    record_payments(db, [_pay(m["李组织"], *range(1, 13), amount="576", on=date(Y, 1, 10))], today=date(Y, 1, 10))
    save_hand_up(db, HandUpInput(school.id, date(Y, 7, 1), "288", Month(Y, 1), Month(Y, 6), "李组织"),
                 today=date(Y, 7, 1))
    dues = dues_year(db, Y, BRANCH, as_of=date(2026, 1, 10))
    book = dues.branches[0].book
    assert (book.paid, book.handed_up, book.balance) == (D("576.00"), D("288.00"), D("288.00"))
    found = [f for f in checks.check_dues(db, year=Y, as_of=date(2026, 1, 10), branch=BRANCH) if f.rule == "DUES-BOOK"]
    assert found and "尚有 288.00 元未上缴" in found[0].message


def test_base_history_rounding_setting_and_confirmation(db, school) -> None:  # type: ignore[no-untyped-def]
    mid = school.members["李组织"]
    save_base(db, BaseInput(mid, "在职", Month(Y, 7), "", ("3200", "800", "1500", "333")), today=date(Y, 7, 3))
    history = member_bases(db, mid)
    assert [h.record.applies_from for h in history] == [Month(Y, 7), START]
    assert history[0].record.base == D("5833.00") and history[0].monthly == D("87.50")  # 5833 × 1.5% = 87.495
    save_settings(db, DuesSettings(rounding=Rounding.JIAO, start=START))
    assert get_settings(db).rounding is Rounding.JIAO
    assert member_bases(db, mid)[0].monthly == D("87.50")
    dues = dues_year(db, Y, BRANCH, as_of=date(Y, 12, 31))
    assert [c.due.amount for c in _row(dues, "李组织").cells][5:7] == [D("48.00"), D("87.50")]
    with pytest.raises(ValidationFailed, match="已有从 2025年7月起"):
        save_base(db, BaseInput(mid, "在职", Month(Y, 7), "6000"), today=date(Y, 7, 3))
    confirmed = confirm_base(db, history[1].id, date(Y, 12, 1))
    assert confirmed.record.confirmed_on == date(Y, 12, 1)


def test_a_payment_in_the_recycle_bin_leaves_its_months_unpaid_and_history_is_kept(db, school) -> None:  # type: ignore[no-untyped-def]
    m = school.members
    [payment] = record_payments(db, [_pay(m["赵一"], 1, 2, amount="60", on=date(Y, 2, 10))], today=date(Y, 2, 10))
    delete_payment(db, payment.id)
    assert _row(dues_year(db, Y, BRANCH, as_of=date(Y, 3, 5)), "赵一").cells[0].state is CellState.OWED
    assert list_payments(db, deleted=True)[0].id == payment.id
    with db.session() as session:
        tables = set(session.scalars(select(ChangeLog.table_name)))
    assert {"dues_bases", "dues_payments", "dues_payment_months"} <= tables


def test_a_hand_up_saved_meanwhile_by_someone_else_is_not_overwritten(db, school) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.errors import ConflictError

    record_payments(db, [_pay(school.members["李组织"], *range(1, 7), amount="288", on=date(Y, 1, 10))],
                    today=date(Y, 1, 10))  # what the 上缴 hands up was collected (TK-2)
    data = HandUpInput(school.id, date(Y, 7, 1), "288", Month(Y, 1), Month(Y, 6), "李组织")
    first = save_hand_up(db, data, today=date(Y, 7, 10))
    save_hand_up(db, HandUpInput(school.id, date(Y, 7, 2), "288", Month(Y, 1), Month(Y, 6), "李组织"), first.record.id,
                 expected_version=first.version, today=date(Y, 7, 10))
    with pytest.raises(ConflictError, match="这条上缴记录已被他人修改"):  # a form still holding the first version
        save_hand_up(db, data, first.record.id, expected_version=first.version, today=date(Y, 7, 10))
