"""A branch's own PC in the window (trial 9, T9-1): its 报表 page offers that branch's year-end volume
only — the PC keeps no other branch's records, so no other volume (nor a whole-school one) could be
right there. The committee's page still offers the whole school and every branch."""

from __future__ import annotations

import pytest

from branchdesk.ui.context import AppContext
from branchdesk.ui.reports.reports_page import ReportsPage

pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


def _scopes(qtbot, db) -> list[str]:  # type: ignore[no-untyped-def]
    page = ReportsPage(AppContext(db))
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.refresh()
    qtbot.waitUntil(lambda: bool(page.drafts), timeout=60_000)
    return [page.scope.itemText(i) for i in range(page.scope.count())]


def test_the_reports_page_of_a_branch_pc_offers_its_branch_only(qtbot, joined) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    assert _scopes(qtbot, branch) == ["第一党支部"]
    scopes = _scopes(qtbot, committee)
    assert scopes[0].startswith("全校") and scopes[1:] == ["第一党支部", "第二党支部"]
