"""A member moved twice (review 13, R3-3): 第一党支部 → 第二党支部 in June, → 第三党支部 in September. At
year end 第一党支部 records what he paid it for January–June. They go up as records of a member who
left it (scope.may_send, refers_to_left) — but the member's exchange state names only the branch his
last move left (第二), so the branch's PC, told of the second move, kept them back ("不随上报发出") and the
党委 read him as owing January–June (TD-1 again). Every branch a 支部调整 of his names was his
(owners.named_by), on the branch's send and the 党委's receive."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from branchdesk.db.models import DuesPaymentMonth
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.services.dues import records as dues
from branchdesk.services.exchange import records as exchange
from branchdesk.services.roster import membership
from tests.exchange.exchange_helpers import join_branch, make_committee, member, org_id, send


def test_what_the_first_branch_entered_of_a_member_moved_twice_reaches_the_committee(tmp_path: Path) -> None:
    committee = make_committee(tmp_path / "党委.sqlite", {"第一党支部": 3, "第二党支部": 2, "第三党支部": 2})
    branch = join_branch(committee, "第一党支部", tmp_path)
    assert send(branch, committee, tmp_path).ok
    who = member(committee, "第一党员1").id
    membership.move_branch(committee, who, org_id(committee, "第二党支部"), date(2025, 6, 15))
    assert send(committee, branch, tmp_path, to="第一党支部").ok  # the branch hears of the first move
    membership.move_branch(committee, who, org_id(committee, "第三党支部"), date(2025, 9, 15))
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    entries = [PaymentInput(member_id=member(branch, "第一党员1").id, months=[Month(2025, m)], amount="42.00",
                            paid_on=date(2025, m, 10)) for m in range(1, 7)]
    dues.record_payments(branch, entries, today=date(2025, 12, 20))
    out = exchange.export_package(branch, tmp_path / "上报.bdpkg")
    assert out.not_sent == [] and out.counts.get("dues_payment_months") == 6, out.not_sent  # before: 不随上报发出
    up = exchange.import_package(committee, out.path)
    assert up.ok, up.message
    with committee.session() as s:
        assert s.scalar(select(func.sum(DuesPaymentMonth.amount)).where(DuesPaymentMonth.member_id == who)) == Decimal(
            "252.00")
    committee.close()
    branch.close()
