"""Records that followed a member to another branch before the branch left was kept for them
(`left_owner`, changes.follow_owners since 760d814) have no left_owner in the 党委's database. The
branch the member left still corrects what it had of him (a 党费 payment recorded while he was its
member); the 党委 recognises such a record from its own history: it was here before the member's
branch changed away from the sender (Owners.left_before). A record the new branch entered after the
move stays refused (review 13-3, R3-2)."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.models import DuesPayment
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.services.dues import records as dues
from branchdesk.services.exchange import records as exchange
from branchdesk.services.exchange.state import UNITS
from branchdesk.services.roster import membership
from tests.exchange.exchange_helpers import member, org_id, send
from tests.exchange.test_exchange_forged_owners import _sealed, _unit
from tests.exchange.test_exchange_moved_chain_forged import (
    _after_ours,
    _moved_and_paid_in_new_branch,
    _payments,
)
from tests.exchange.test_exchange_tampering import _refused

MOVED_ON = date(2025, 6, 15)


def _as_before_the_fix(db) -> None:  # type: ignore[no-untyped-def]
    """The 党委's database as an older BranchDesk left it: records that followed a member carry no
    branch left (the member's own row, moved by the 支部调整 itself, always had it)."""
    with db.engine.begin() as connection:
        connection.execute(UNITS.update().where(UNITS.c.table_name != "members").values(left_owner=None))


def _pay(db, month: int) -> None:  # type: ignore[no-untyped-def]
    dues.record_payments(db, [PaymentInput(member_id=member(db, "第一党员1").id, months=[Month(2025, month)],
                                           amount="42.00", paid_on=date(2025, month, 10))],
                         today=date(2025, month, 10))


def test_a_payment_sent_down_before_the_move_stays_the_branch_s_to_correct(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    _pay(committee, 5)
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), MOVED_ON)
    exchange.exchange_status(committee)  # the move caught up (as any exchange operation does)
    _as_before_the_fix(committee)
    with branch.session() as s:
        s.scalars(select(DuesPayment)).one().note = "补记：现金"
    up = send(branch, committee, tmp_path)
    assert up.ok, up.message  # before: refused (不属于第一党支部的记录)
    with committee.session() as s:
        assert s.scalars(select(DuesPayment.note)).one() == "补记：现金"


def test_a_payment_the_branch_recorded_before_the_move_stays_the_branch_s_to_correct(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    committee, branch = joined
    _pay(branch, 5)
    assert send(branch, committee, tmp_path).ok
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), MOVED_ON)
    exchange.exchange_status(committee)
    _as_before_the_fix(committee)
    with branch.session() as s:
        s.scalars(select(DuesPayment)).one().note = "补记：现金"
    up = send(branch, committee, tmp_path)
    assert up.ok, up.message
    with committee.session() as s:
        assert s.scalars(select(DuesPayment.note)).one() == "补记：现金"


def test_a_payment_sent_down_before_the_move_is_corrected_after_the_branch_heard_of_it(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    """Both PCs as an older version left them: the branch heard of the move (its copy followed him
    with no branch left either), then corrects what it had — it goes up (refers_to_left) and merges."""
    committee, branch = joined
    _pay(committee, 5)
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), MOVED_ON)
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    _as_before_the_fix(committee)
    _as_before_the_fix(branch)
    with branch.session() as s:
        s.scalars(select(DuesPayment)).one().note = "补记：现金"
    up = send(branch, committee, tmp_path)
    assert up.ok, up.message
    with committee.session() as s:
        assert s.scalars(select(DuesPayment.note)).one() == "补记：现金"


def test_the_new_branch_s_payment_stays_refused_in_an_older_database(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The forged change of R3-2 against the same older database: the payment was written here after
    the member's move, so 修改记录 never names the sender's branch for it."""
    committee, branch = joined
    month_gid = _moved_and_paid_in_new_branch(committee, branch, tmp_path)
    _as_before_the_fix(committee)
    with committee.session() as s:
        payment_gid = str(s.scalars(select(DuesPayment.gid)).one())
    payment = _unit(committee, "dues_payments", payment_gid)
    payment["vv"] = _after_ours(committee, payment_gid)
    payment["row"].update(amount="0.01")
    _refused(committee, _sealed(committee, branch, tmp_path, [payment]), "scope")
    month = _unit(committee, "dues_payment_months", month_gid)
    month["vv"] = _after_ours(committee, month_gid)
    month["row"].update(amount="0.01")
    _refused(committee, _sealed(committee, branch, tmp_path, [month]), "scope")
    added = _unit(committee, "dues_payment_months", month_gid)
    added["g"] = uuid.uuid4().hex
    added["vv"] = {"f" * 32: 10**13}
    added["row"].update(month=202508, amount="999.00")
    if "gid" in added["row"]:
        added["row"]["gid"] = added["g"]
    _refused(committee, _sealed(committee, branch, tmp_path, [added]), "scope")
    assert _payments(committee) == ["42.00"]
