"""The dues demo step: a year of collection in the demo school whose check shows a 3-month warning, a
6-month error citing 党章 第九条, a shortfall after a pay rise, a stale base and one 补交; the grid's
figures add up and the branches' hand-ups leave only the current quarter in hand."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.dues.ledger import CellState
from branchdesk.domain.findings import Severity
from branchdesk.services.dues import checks
from branchdesk.services.dues.records import dues_year

TODAY = date(2026, 11, 20)


def test_demo_year(demo_db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.dues.demo import build_dues_demo
    from branchdesk.services.dues.records import list_payments

    if not list_payments(demo_db, year=2026):  # the step may already be part of `branchdesk demo`
        import random

        build_dues_demo(demo_db, random.Random(2026), TODAY)
    found = checks.check_dues(demo_db, year=2026, as_of=TODAY)
    lapse = sorted(f.severity for f in found if f.rule == "DUES-LAPSE" and f.person)
    assert lapse == [Severity.ERROR, Severity.WARNING]
    assert any(f.rule == "DUES-RATE" and f.person and "少交" in f.message for f in found)
    assert any(f.rule == "DUES-BASE-CHANGE" for f in found)
    dues = dues_year(demo_db, 2026, as_of=TODAY)
    cells = [c for m in dues.ledgers for c in m.cells]
    assert sum(c.state is CellState.LATE for c in cells) == 2
    assert sum(c.state is CellState.WAIVED for c in cells) >= 11
    for branch in dues.branches:
        assert branch.book.due is not None  # every member has a base
        assert branch.book.handed_up > 0 and branch.book.balance > 0  # Q4 still in hand
        assert sum(m.paid for m in branch.ledgers) == branch.book.paid
