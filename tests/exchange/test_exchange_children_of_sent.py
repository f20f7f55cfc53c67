"""Child rows a branch adds under a record the 党委 entered and sent down (下发) — a progress note or
evidence under a measure of a 整改台账 the 党委 set up for the branch, a month under a 党费 payment the
党委 recorded for one of its members — go up with the branch's 上报 and are taken (known hole 3).

The parent is for the branch whose member it concerned when it was entered: after the member moved
on twice (第一 → 第二 → 第三党支部), the payment's exchange state names only the branch his last move
left (第二), and the 党委 refused the whole 上报 of 第一党支部 adding a month under it, or correcting
it. Whose it was is read from the 党委's 修改记录 (Owners.owner_when_added), as for the records that
followed before the branch left was kept (test_exchange_legacy_followed)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.models import (
    DuesPayment,
    DuesPaymentMonth,
    Organisation,
    RectEvidence,
    RectMeasure,
    RectProgress,
)
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.domain.rectification.editing import LedgerInput, MeasureInput
from branchdesk.services.dues import records as dues
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification import status as rect_status
from branchdesk.services.rectification.status import EvidenceInput
from branchdesk.services.roster import membership
from tests.exchange.exchange_helpers import member, org_id, send
from tests.exchange.test_exchange_forged_owners import _sealed, _unit
from tests.exchange.test_exchange_moved_chain_forged import _after_ours
from tests.exchange.test_exchange_tampering import _refused


def _ledger_for(committee, org: int) -> None:  # type: ignore[no-untyped-def]
    ledger = rect.create_ledger(committee, LedgerInput(title="2025年巡察反馈整改台账", source="巡察反馈", org_id=org,
                                                       received_date=date(2025, 3, 1), deadline=date(2025, 12, 31)))
    problem = rect.add_problem(committee, ledger.id, description="三会一课记录不规范")
    rect.add_measure(committee, problem.id, MeasureInput(text="逐月检查会议记录", person="组织委员",
                                                         deadline=date(2025, 12, 31)))


def _measure_id(db) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.scalars(select(RectMeasure.id)).one()


def test_progress_under_a_measure_the_committee_sent_is_taken(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    _ledger_for(committee, org_id(committee, "第一党支部"))
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    rect_status.add_progress(branch, _measure_id(branch), date(2025, 4, 10), "已检查3月会议记录")
    rect_status.add_evidence(branch, _measure_id(branch), [EvidenceInput(name="检查记录", filename="检查.pdf",
                                                                        content=b"%PDF-1.4 test")])
    up = send(branch, committee, tmp_path)
    assert up.ok, up.message
    with committee.session() as s:
        assert list(s.scalars(select(RectProgress.text))) == ["已检查3月会议记录"]
        assert list(s.scalars(select(RectEvidence.name))) == ["检查记录"]


def test_progress_under_a_measure_of_a_group_s_ledger_the_committee_sent_is_taken(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    committee, branch = joined
    with committee.session() as s:
        group = s.scalars(select(Organisation.id).where(Organisation.parent_id == org_id(committee, "第一党支部"))).one()
    _ledger_for(committee, group)
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    rect_status.add_progress(branch, _measure_id(branch), date(2025, 4, 10), "已检查3月会议记录")
    up = send(branch, committee, tmp_path)
    assert up.ok, up.message


def test_a_month_under_a_payment_the_committee_sent_is_taken(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    dues.record_payments(committee, [PaymentInput(member_id=member(committee, "第一党员1").id, months=[Month(2025, 5)],
                                                  amount="42.00", paid_on=date(2025, 5, 10))], today=date(2025, 5, 10))
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    with branch.session() as s:
        payment = s.scalars(select(DuesPayment)).one()
        s.add(DuesPaymentMonth(payment_id=payment.id, member_id=payment.member_id, month=202506, amount=Decimal(0)))
    up = send(branch, committee, tmp_path)
    assert up.ok, up.message


def test_a_month_under_a_payment_sent_before_the_member_moved_is_taken(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The payment followed him to 第二党支部; the branch he left, not yet told, adds a month to it."""
    committee, branch = joined
    dues.record_payments(committee, [PaymentInput(member_id=member(committee, "第一党员1").id, months=[Month(2025, 5)],
                                                  amount="42.00", paid_on=date(2025, 5, 10))], today=date(2025, 5, 10))
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), date(2025, 6, 15))
    with branch.session() as s:
        payment = s.scalars(select(DuesPayment)).one()
        s.add(DuesPaymentMonth(payment_id=payment.id, member_id=payment.member_id, month=202506, amount=Decimal(0)))
    up = send(branch, committee, tmp_path)
    assert up.ok, up.message


def _sent_then_moved_twice(committee, branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dues.record_payments(committee, [PaymentInput(member_id=member(committee, "第一党员1").id, months=[Month(2025, 5)],
                                                  amount="42.00", paid_on=date(2025, 5, 10))], today=date(2025, 5, 10))
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    who = member(committee, "第一党员1").id
    membership.move_branch(committee, who, org_id(committee, "第二党支部"), date(2025, 6, 15))
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    with committee.session() as s:
        s.add(Organisation(name="第三党支部", kind="党支部", parent_id=s.scalars(select(Organisation.id).where(
            Organisation.kind == "党委")).one(), note=""))
    membership.move_branch(committee, who, org_id(committee, "第三党支部"), date(2025, 9, 15))
    assert send(committee, branch, tmp_path, to="第一党支部").ok


def test_a_month_under_a_payment_of_a_member_moved_on_twice_is_taken(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    _sent_then_moved_twice(committee, branch, tmp_path)
    with branch.session() as s:
        payment = s.scalars(select(DuesPayment)).one()
        s.add(DuesPaymentMonth(payment_id=payment.id, member_id=payment.member_id, month=202504, amount=Decimal(0)))
    up = send(branch, committee, tmp_path)
    assert up.ok, up.message  # before: refused (不属于第一党支部的记录)
    with committee.session() as s:
        assert sorted(s.scalars(select(DuesPaymentMonth.month))) == [202504, 202505]


def test_a_payment_of_a_member_moved_on_twice_is_still_corrected_by_the_first_branch(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    committee, branch = joined
    _sent_then_moved_twice(committee, branch, tmp_path)
    with branch.session() as s:
        s.scalars(select(DuesPayment)).one().note = "补记：现金"
    up = send(branch, committee, tmp_path)
    assert up.ok, up.message  # before: refused
    with committee.session() as s:
        assert s.scalars(select(DuesPayment.note)).one() == "补记：现金"


def test_a_payment_entered_for_the_second_branch_stays_refused_to_the_first(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    """The forged counterpart: a payment the 党委 wrote while he was 第二党支部's (after the first
    move), changed — or given a month — by a 上报 of 第一党支部 after he moved on to 第三党支部."""
    committee, branch = joined
    who = member(committee, "第一党员1").id
    membership.move_branch(committee, who, org_id(committee, "第二党支部"), date(2025, 6, 15))
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    dues.record_payments(committee, [PaymentInput(member_id=who, months=[Month(2025, 7)], amount="42.00",
                                                  paid_on=date(2025, 7, 10))], today=date(2025, 7, 10))
    with committee.session() as s:
        s.add(Organisation(name="第三党支部", kind="党支部", parent_id=s.scalars(select(Organisation.id).where(
            Organisation.kind == "党委")).one(), note=""))
    membership.move_branch(committee, who, org_id(committee, "第三党支部"), date(2025, 9, 15))
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    with committee.session() as s:
        payment_gid, month_gid = s.execute(select(DuesPayment.gid, DuesPaymentMonth.gid).join(
            DuesPaymentMonth, DuesPaymentMonth.payment_id == DuesPayment.id)).one()
    payment = _unit(committee, "dues_payments", payment_gid)
    payment["vv"] = _after_ours(committee, payment_gid)
    payment["row"].update(amount="0.01")
    _refused(committee, _sealed(committee, branch, tmp_path, [payment]), "scope")
    added = _unit(committee, "dues_payment_months", month_gid)
    added["g"] = uuid.uuid4().hex
    added["vv"] = {"f" * 32: 10**13}
    added["row"].update(month=202508, amount="999.00")
    if "gid" in added["row"]:
        added["row"]["gid"] = added["g"]
    _refused(committee, _sealed(committee, branch, tmp_path, [added]), "scope")
    with committee.session() as s:
        assert [str(a) for a in s.scalars(select(DuesPayment.amount))] == ["42.00"]
