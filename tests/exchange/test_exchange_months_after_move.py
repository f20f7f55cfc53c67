"""The branch a member left still corrects what it had of him (review rev2, R2-5): 第一党支部 recorded
第一党员1's May 党费, he moved to 第二党支部 on 2025-06-15, and a 上报 of 第一党支部 then changed that
payment's month to 2025-09 — merged silently before: 第二党支部's book showed September paid, money it
never collected. Refusing would be wrong too (a branch that had not heard of the move may really have
collected a later month): a payment month after the member's move out of the sender's branch is held
at the 党委 as a conflict, with a plain line in the 接收 report; months before the move merge as before."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.models import DuesPaymentMonth, Member
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.services.dues import records as dues
from branchdesk.services.exchange import records as exchange
from branchdesk.services.roster import membership
from tests.exchange.exchange_helpers import member, org_id, send

MOVED_ON = date(2025, 6, 15)


def _months(db, name: str = "第一党员1") -> list[tuple[int, Decimal]]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        who = s.scalars(select(Member.id).where(Member.name == name)).one()
        return [(m, Decimal(a)) for m, a in s.execute(select(DuesPaymentMonth.month, DuesPaymentMonth.amount).where(
            DuesPaymentMonth.member_id == who).order_by(DuesPaymentMonth.month))]


def _pay(db, *months: int) -> None:  # type: ignore[no-untyped-def]
    who = member(db, "第一党员1").id
    dues.record_payments(db, [PaymentInput(member_id=who, months=[Month(2025, m)], amount="42.00",
                                           paid_on=date(2025, m, 10)) for m in months], today=date(2025, 12, 20))


def test_a_month_changed_after_the_move_by_the_branch_left_waits_for_the_committee(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    committee, branch = joined
    _pay(branch, 5)
    assert send(branch, committee, tmp_path).ok
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), MOVED_ON)
    assert send(committee, branch, tmp_path, to="第一党支部").ok  # the branch hears of the move
    with branch.session() as s:
        s.scalars(select(DuesPaymentMonth)).one().month = 202509
    up = send(branch, committee, tmp_path)
    assert up.status == "merged", up.message
    assert _months(committee) == [(202505, Decimal("42.00"))]  # before: [(202509, 42.00)]
    assert up.conflicts == 1, up.to_text()
    text = up.to_text()
    assert "第一党支部在第一党员1调出（2025-06-15）后登记了其2025年9月的党费" in text, text
    assert "请核实由哪个党支部收缴" in text, text
    [conflict] = exchange.list_conflicts(committee)
    assert conflict.why.startswith("第一党支部在第一党员1调出（2025-06-15）后登记了其2025年9月的党费"), conflict.why
    exchange.resolve_conflict(committee, conflict.id, "local")  # the 党委 keeps May
    assert _months(committee) == [(202505, Decimal("42.00"))]


def test_months_before_the_move_merge_as_before(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The branch left corrects a month it had him (May → June, the month of the move): merged."""
    committee, branch = joined
    _pay(branch, 5)
    assert send(branch, committee, tmp_path).ok
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), MOVED_ON)
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    with branch.session() as s:
        s.scalars(select(DuesPaymentMonth)).one().month = 202506
    up = send(branch, committee, tmp_path)
    assert up.status == "merged" and up.conflicts == 0, up.to_text()
    assert _months(committee) == [(202506, Decimal("42.00"))]


def test_a_later_month_the_branch_collected_before_it_heard_is_the_committee_s_to_take(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    """The genuine case: 第一党支部 had not heard of the move and collected September. Its payment and
    month wait for the 党委 (not dropped, not refused); the 党委 takes them (采用对方版本) — or keeps
    its own book (保留本机版本) in a second copy of the case."""
    committee, branch = joined
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), MOVED_ON)
    _pay(branch, 9)  # (the branch has not received the 下发 yet)
    up = send(branch, committee, tmp_path)
    assert up.status == "merged", up.message
    assert up.conflicts == 2, up.to_text()  # the payment, and its month with it
    assert "第一党支部在第一党员1调出（2025-06-15）后登记了其2025年9月的党费" in up.to_text(), up.to_text()
    assert _months(committee) == []  # before: [(202509, 42.00)], merged silently
    conflicts = exchange.list_conflicts(committee)
    assert [c.table for c in conflicts] == ["党费交纳记录", "党费交纳月份"], conflicts
    for conflict in sorted(conflicts, key=lambda c: c.id):  # the payment first: its month names it
        exchange.resolve_conflict(committee, conflict.id, "remote")
    assert exchange.list_conflicts(committee) == []
    assert _months(committee) == [(202509, Decimal("42.00"))]
    assert send(committee, branch, tmp_path, to="第一党支部").ok  # the decision goes down
    assert _months(branch) == [(202509, Decimal("42.00"))]
    assert send(branch, committee, tmp_path).conflicts == 0


def test_the_committee_may_keep_its_own_book(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), MOVED_ON)
    _pay(branch, 9)
    assert send(branch, committee, tmp_path).conflicts == 2
    for conflict in exchange.list_conflicts(committee):
        exchange.resolve_conflict(committee, conflict.id, "local")
    assert exchange.list_conflicts(committee) == [] and _months(committee) == []


def test_the_conflict_dialog_says_what_the_branch_left_did(qtbot, joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.exchange.conflict_dialog import ConflictDialog

    committee, branch = joined
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), MOVED_ON)
    _pay(branch, 9)
    assert send(branch, committee, tmp_path).conflicts == 2
    for conflict in exchange.list_conflicts(committee):
        dialog = ConflictDialog(conflict)
        qtbot.addWidget(dialog)
        text = dialog.head.text()
        assert "第一党支部在第一党员1调出（2025-06-15）后登记了其2025年9月的党费" in text, text
        assert "请核实由哪个党支部收缴" in text, text
