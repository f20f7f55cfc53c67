"""A record that belongs to another — a 党费 payment's months (dues_payment_months, one row per month
the payment covers) — goes wherever its parent goes (trial D, TD-1). A member moved to another
党支部 in June: the branch he left records, at year end, what he paid there for January–June. The
payments go up as records of a member who left the branch (scope.may_send, refers_to_left), and
their months with them: before, the months stayed behind ("不随上报发出") and the 党委 read him as
owing six months (欠交, DUES-LAPSE, domain.md §5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from branchdesk.db.models import DuesBase, DuesPayment, DuesPaymentMonth, Member, RectLedger, RectProgress
from branchdesk.domain.dues.bases import BaseInput
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.domain.rectification.editing import LedgerInput, MeasureInput
from branchdesk.services.dues import records as dues
from branchdesk.services.exchange import records as exchange
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification import status as rect_status
from branchdesk.services.roster import membership
from tests.exchange.exchange_helpers import member, org_id, send

MOVED_ON = date(2025, 6, 15)


def _paid_months(db, name: str) -> tuple[Decimal, list[tuple[int, Decimal]]]:  # type: ignore[no-untyped-def]
    """(the sum of the member's payments, each month paid with its share)."""
    with db.session() as s:
        who = s.scalars(select(Member.id).where(Member.name == name)).one()
        paid = s.scalar(select(func.coalesce(func.sum(DuesPayment.amount), 0)).where(DuesPayment.member_id == who))
        months = s.execute(select(DuesPaymentMonth.month, DuesPaymentMonth.amount)
                           .where(DuesPaymentMonth.member_id == who).order_by(DuesPaymentMonth.month)).all()
        return Decimal(paid), [(m, Decimal(a)) for m, a in months]


def test_a_payment_of_a_member_who_left_goes_up_with_its_months(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    committee, branch = joined
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), MOVED_ON)
    assert send(committee, branch, tmp_path, to="第一党支部").ok  # the branch hears of the move
    # at year end the branch records what he paid while he was its member (January–June)
    entries = [PaymentInput(member_id=member(branch, "第一党员1").id, months=[Month(2025, m)], amount="42.00",
                            paid_on=date(2025, m, 10)) for m in range(1, 7)]
    dues.record_payments(branch, entries, today=date(2025, 12, 20))
    result = exchange.export_package(branch, tmp_path / "up.bdpkg")
    assert result.not_sent == []  # before: six 党费交纳月份 "不随上报发出"
    assert result.counts.get("dues_payment_months") == 6, result.counts
    assert exchange.import_package(committee, result.path).ok
    expected = [(202500 + m, Decimal("42.00")) for m in range(1, 7)]
    assert _paid_months(committee, "第一党员1") == (Decimal("252.00"), expected)  # before: 252.00 and no month
    assert send(branch, committee, tmp_path).counts == {}  # once


def test_progress_on_a_measure_of_a_ledger_handed_on_reaches_the_committee(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    """The same chain in the 整改台账: a measure's progress note belongs to the measure, which belongs to
    its 台账. The 党委 puts a branch's 台账 under another 党支部; the branch, not yet told, notes progress
    on one of its measures. The note goes up with the branch's next 上报 and is taken (before: the
    measure's own state never named the branch, and the whole 上报 was refused)."""
    committee, branch = joined
    ledger = rect.create_ledger(branch, LedgerInput(title="2025年巡察反馈整改台账", source="巡察反馈",
                                                    org_id=org_id(branch, "第一党支部"), received_date=date(2025, 3, 1),
                                                    deadline=date(2025, 12, 31)))
    problem = rect.add_problem(branch, ledger.id, description="三会一课记录不规范")
    measure = rect.add_measure(branch, problem.id, MeasureInput(text="逐月检查会议记录", person="组织委员",
                                                                deadline=date(2025, 12, 31)))
    assert send(branch, committee, tmp_path).ok
    second = org_id(committee, "第二党支部")
    with committee.session() as s:
        held = s.scalars(select(RectLedger).where(RectLedger.title == "2025年巡察反馈整改台账")).one()
        held.org_id = second
    rect_status.add_progress(branch, measure.id, date(2025, 4, 10), "已检查3月会议记录")
    up = send(branch, committee, tmp_path)
    assert up.ok, up.message  # before: refused whole (不属于第一党支部的记录)
    with committee.session() as s:
        assert list(s.scalars(select(RectProgress.text))) == ["已检查3月会议记录"]


def _bases(db, name: str) -> list[tuple[int, Decimal]]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        who = s.scalars(select(Member.id).where(Member.name == name)).one()
        return [(m, Decimal(b)) for m, b in s.execute(select(DuesBase.applies_from, DuesBase.base).where(
            DuesBase.member_id == who, DuesBase.deleted_at.is_(None)).order_by(DuesBase.id))]


def test_two_bases_of_one_member_from_one_month_are_a_conflict_not_the_last_package(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    """Trial D, TD-9: the 党委 held two 缴费基数 of one member "from 2026年1月", one from each branch he
    was in, and the package received last decided which counted. One member's base from one month is
    one record (a PC's own form refuses a second: dues.records.save_base): a second one arriving is the
    same record typed in on both sides, and different content is a conflict for the 党委 to decide."""
    committee, branch = joined
    on = date(2025, 1, 5)
    dues.save_base(committee, BaseInput(member(committee, "第一党员1").id, "在职", Month(2025, 1), "4200"), today=on)
    dues.save_base(branch, BaseInput(member(branch, "第一党员1").id, "在职", Month(2025, 1), "7400"), today=on)
    up = send(branch, committee, tmp_path)
    assert up.conflicts == 1, up.to_text()  # before: merged, two bases from 2025年1月
    assert _bases(committee, "第一党员1") == [(202501, Decimal("4200.00"))]
    [conflict] = exchange.list_conflicts(committee)
    exchange.resolve_conflict(committee, conflict.id, "remote")
    assert _bases(committee, "第一党员1") == [(202501, Decimal("7400.00"))]
