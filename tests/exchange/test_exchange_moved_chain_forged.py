"""Following a chain of records to the member who left (owners.refers_to_branch, trial D, TD-1) lets
the branch he left send what it entered of him — never what another branch entered (domain/exchange/
scope.py: a package never carries another branch's records). Forged 上报, signed with the branch's
real keys (test_exchange_forged_owners), through a child row."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.models import DuesPayment, DuesPaymentMonth
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.services.dues import records as dues
from branchdesk.services.exchange.state import load_units
from branchdesk.services.roster import membership
from tests.exchange.exchange_helpers import member, org_id, send
from tests.exchange.test_exchange_forged_owners import _sealed, _unit
from tests.exchange.test_exchange_tampering import _refused

MOVED_ON = date(2025, 6, 15)


def _moved_and_paid_in_new_branch(committee, branch, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    """第一党员1 moved to 第二党支部 (the branch hears of it); 第二党支部 records his July payment at the
    党委 (it has no PC of its own here). Returns the gid of that payment's month."""
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), MOVED_ON)
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    dues.record_payments(committee, [PaymentInput(member_id=member(committee, "第一党员1").id, months=[Month(2025, 7)],
                                                  amount="42.00", paid_on=date(2025, 7, 10))], today=date(2025, 7, 10))
    with committee.session() as s:
        return str(s.scalars(select(DuesPaymentMonth.gid)).one())


def _after_ours(db, gid: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """A version that follows on from the committee's copy (as if the sender had seen it)."""
    with db.engine.connect() as connection:
        ours = load_units(connection, [gid]).get(gid)
    return {**(ours.vv if ours is not None else {}), "f" * 32: 10**13}


def _months(db) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return [(m, str(a)) for m, a in s.execute(select(DuesPaymentMonth.month, DuesPaymentMonth.amount)
                                                   .order_by(DuesPaymentMonth.month))]


def test_a_month_added_to_the_new_branch_s_payment_is_refused(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The branch he left adds a month to a payment 第二党支部 recorded after the move: that payment is
    not the sender's and never was (its PC never had it)."""
    committee, branch = joined
    month_gid = _moved_and_paid_in_new_branch(committee, branch, tmp_path)
    forged = _unit(committee, "dues_payment_months", month_gid)
    forged["g"] = uuid.uuid4().hex
    forged["vv"] = {"f" * 32: 10**13}
    forged["row"].update(month=202508, amount="999.00")
    if "gid" in forged["row"]:
        forged["row"]["gid"] = forged["g"]
    before = _months(committee)
    _refused(committee, _sealed(committee, branch, tmp_path, [forged]), "scope")
    assert _months(committee) == before


def test_a_month_of_the_new_branch_s_payment_changed_is_refused(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    month_gid = _moved_and_paid_in_new_branch(committee, branch, tmp_path)
    forged = _unit(committee, "dues_payment_months", month_gid)
    forged["vv"] = _after_ours(committee, forged["g"])
    forged["row"].update(amount="0.01")
    before = _months(committee)
    _refused(committee, _sealed(committee, branch, tmp_path, [forged]), "scope")
    assert _months(committee) == before


def _payments(db) -> list[str]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return [str(a) for a in s.scalars(select(DuesPayment.amount).order_by(DuesPayment.id))]


def test_the_new_branch_s_payment_itself_changed_is_refused(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The branch he left changes the payment 第二党支部 recorded after the move (review 13-3, R3-2):
    the chain to the member (who left the sender) does not make it the sender's — its PC never had
    that payment, which did not follow him from the sender's branch. Before: merged, 42.00 → 0.01."""
    committee, branch = joined
    _moved_and_paid_in_new_branch(committee, branch, tmp_path)
    with committee.session() as s:
        payment_gid = str(s.scalars(select(DuesPayment.gid)).one())
    forged = _unit(committee, "dues_payments", payment_gid)
    forged["vv"] = _after_ours(committee, payment_gid)
    forged["row"].update(amount="0.01")
    before = _payments(committee)
    _refused(committee, _sealed(committee, branch, tmp_path, [forged]), "scope")
    assert _payments(committee) == before == ["42.00"]


def test_the_new_branch_s_payment_deleted_is_refused(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The same payment deleted by the branch he left (R3-2): refused whole, the payment kept."""
    committee, branch = joined
    _moved_and_paid_in_new_branch(committee, branch, tmp_path)
    with committee.session() as s:
        payment_gid = str(s.scalars(select(DuesPayment.gid)).one())
    forged = {"t": "dues_payments", "g": payment_gid, "vv": _after_ours(committee, payment_gid), "del": True}
    _refused(committee, _sealed(committee, branch, tmp_path, [forged]), "scope")
    assert _payments(committee) == ["42.00"]


def test_a_payment_the_committee_sent_down_before_the_move_is_still_the_branch_s_to_correct(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    """The genuine case beside R3-2: the 党委 recorded his payment while he was in 第一党支部 and sent it
    down; it followed him to 第二党支部 (changes.follow_owners, which keeps the branch it left). 第一党支部
    corrects it before it hears of the move: merged, as before."""
    committee, branch = joined
    dues.record_payments(committee, [PaymentInput(member_id=member(committee, "第一党员1").id, months=[Month(2025, 5)],
                                                  amount="42.00", paid_on=date(2025, 5, 10))], today=date(2025, 5, 10))
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), MOVED_ON)
    with branch.session() as s:
        s.scalars(select(DuesPayment)).one().note = "补记：现金"
    up = send(branch, committee, tmp_path)
    assert up.ok, up.message
    with committee.session() as s:
        assert s.scalars(select(DuesPayment.note)).one() == "补记：现金"
