"""Two 缴费基数 of one member from one month, one from each branch he was in, received at the 党委 before
such a pair became a conflict there (trial D, TD-9; services/exchange/same_record.py): both are still
stored (known hole 4). The 党委's volume and check never count the one stored last as if the other did
not exist, nor both: the months they apply to are 未核定 (what was due cannot be known), and the check
tells it as a conflict, naming both, under DUES-BASE-CHANGE — not as a base never entered."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from branchdesk.db.models import DuesBase
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.services.dues import records as dues
from branchdesk.services.dues.checks import check_dues
from tests.exchange.exchange_helpers import make_committee, member

AS_OF = date(2025, 12, 20)


def _stored_twice(db, second: str) -> int:  # type: ignore[no-untyped-def]
    who = member(db, "第一党员1").id
    with db.session() as s:  # as the two 上报 left them, before TD-9
        s.add(DuesBase(member_id=who, category="在职", applies_from=202501, base=Decimal(4200)))
        s.add(DuesBase(member_id=who, category="在职", applies_from=202501, base=Decimal(second)))
    return who


def _months(db, who: int) -> list[Decimal | None]:  # type: ignore[no-untyped-def]
    year = dues.dues_year(db, 2025, as_of=AS_OF)
    [ledger] = [m for b in year.branches for m in b.ledgers if m.member.member_id == who]
    return [c.due.amount for c in ledger.cells]


def _with_a_book(db) -> None:  # type: ignore[no-untyped-def]
    """(a payment of another member starts the branch's book, so months are judged)"""
    dues.record_payments(db, [PaymentInput(member_id=member(db, "第一党员2").id, months=[Month(2025, 1)],
                                           amount="10.00", paid_on=date(2025, 1, 10))], today=date(2025, 1, 10))


def test_two_different_bases_from_one_month_leave_the_due_unknown_and_are_told_as_a_conflict(tmp_path: Path) -> None:
    committee = make_committee(tmp_path / "党委.sqlite")
    try:
        _with_a_book(committee)
        who = _stored_twice(committee, "7400")
        assert _months(committee, who) == [None] * 12  # before: 111.00 a month, from the one stored last
        texts = [f.message for f in check_dues(committee, year=2025, as_of=AS_OF)]
        conflict = [t for t in texts if "第一党员1" in t and "冲突" in t]
        assert len(conflict) == 1, texts
        assert "4,200.00" in conflict[0] and "7,400.00" in conflict[0] and "2025年1月" in conflict[0], conflict
        assert not [t for t in texts if "未登记缴费基数" in t and "第一党员1" in t], texts
    finally:
        committee.close()


def test_two_equal_bases_from_one_month_count_once(tmp_path: Path) -> None:
    committee = make_committee(tmp_path / "党委.sqlite")
    try:
        _with_a_book(committee)
        who = _stored_twice(committee, "4200")
        assert _months(committee, who) == [Decimal("42.00")] * 12
        assert not [f.message for f in check_dues(committee, year=2025, as_of=AS_OF) if "冲突" in f.message]
    finally:
        committee.close()


def test_a_later_base_ends_the_conflict(tmp_path: Path) -> None:
    """A base from July entered since (the 党委 confirmed it) is in force from July: known again."""
    committee = make_committee(tmp_path / "党委.sqlite")
    try:
        _with_a_book(committee)
        who = _stored_twice(committee, "7400")
        with committee.session() as s:
            s.add(DuesBase(member_id=who, category="在职", applies_from=202507, base=Decimal(4200)))
        assert _months(committee, who) == [None] * 6 + [Decimal("42.00")] * 6
    finally:
        committee.close()


def test_the_base_tab_says_the_bases_conflict_not_that_none_was_entered(tmp_path: Path) -> None:
    """党费 → 缴费基数: the member's 缴纳类别 said 未登记 (in red) though two bases are entered — a teacher
    would add a third (review rev2, R2-7). It says 基数冲突; a member with none still says 未登记."""
    from branchdesk.ui.dues.panels import MEMBER_COLUMNS

    committee = make_committee(tmp_path / "党委.sqlite")
    try:
        _with_a_book(committee)
        who = _stored_twice(committee, "7400")
        year = dues.dues_year(committee, 2025, as_of=AS_OF)
        ledgers = {m.member.name: m for b in year.branches for m in b.ledgers}
        [category] = [c for c in MEMBER_COLUMNS if c.title == "缴纳类别"]
        [due] = [c for c in MEMBER_COLUMNS if c.title == "月应交"]
        mine = next(m for m in ledgers.values() if m.member.member_id == who)
        assert (category.value(mine), due.value(mine)) == ("基数冲突", "未核定")  # before: 未登记
        assert category.value(ledgers["第一党员3"]) == "未登记"
    finally:
        committee.close()
