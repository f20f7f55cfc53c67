"""Following a chain of records to the member who left (owners.refers_to_branch, trial D, TD-1) lets
the branch he left send what it entered of him — never what another branch entered (domain/exchange/
scope.py: a package never carries another branch's records). Forged 上报, signed with the branch's
real keys (test_exchange_forged_owners), through a child row."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.models import DuesPaymentMonth
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
