"""A school whose branches start keeping dues at different times: one branch entering its payments does
not make every member of the others 欠交. A branch with nothing entered gets one note that its dues cannot
be checked; the branch that keeps them is judged from its first recorded month."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.dues.bases import BaseInput
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.domain.findings import Severity
from branchdesk.services.dues import checks
from branchdesk.services.dues.records import dues_year, record_payments, save_base
from tests.meetings.helpers import BRANCH, OTHER, make_branch

Y = 2026


def test_a_branch_with_no_dues_entered_is_unknown_not_in_arrears(db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)  # no start month set for the school's dues book
    m = branch.members
    save_base(db, BaseInput(m["赵一"], "在职", Month(Y, 1), "3000"), today=date(Y, 1, 5))  # 赵一's months can be judged
    record_payments(db, [PaymentInput(m[name], [Month(Y, month) for month in (3, 4, 5, 6, 7, 8)], "180", date(Y, 8, 20),
                                      "现金", "李组织") for name in ("王书记", "李组织")], today=date(Y, 9, 1))
    found = checks.check_dues(db, year=Y, as_of=date(Y, 11, 20))
    other = [f for f in found if f.branch == OTHER]
    assert len(other) == 1 and other[0].severity is Severity.INFO and "尚未登记任何党费交纳记录" in other[0].message
    lapse = {f.person for f in found if f.rule == "DUES-LAPSE" and f.person}
    assert "赵一" in lapse  # in the branch that keeps its book: unpaid since its first month, 2026-03
    assert not {f.person for f in found if f.person and f.branch == OTHER}
    dues = dues_year(db, Y, OTHER, as_of=date(Y, 11, 20))
    assert [b.recorded for b in dues.branches] == [False]
    assert dues_year(db, Y, BRANCH, as_of=date(Y, 11, 20)).branches[0].recorded
