"""T10-13 in the window: after 本月收缴 of members without a 缴费基数, the grid's 欠交 column said 0.00 for
every one of them and the page 欠交 0.00 元（0 人）. Whether they paid in full cannot be known (DUES-RATE)."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.services.dues.records import dues_year, record_payments
from branchdesk.ui.context import AppContext
from branchdesk.ui.dues.dues_page import DuesPage
from tests.meetings.helpers import BRANCH, make_branch

TODAY = date.today()


@pytest.fixture
def page(qtbot, db):  # type: ignore[no-untyped-def]
    make_branch(db)  # a roster without any 缴费基数
    ledgers = dues_year(db, TODAY.year, as_of=TODAY).ledgers
    assert ledgers and not any(m.record for m in ledgers)
    record_payments(db, [PaymentInput(m.member.member_id, [Month.of(TODAY)], "45", TODAY, "现金", "李老师")
                         for m in ledgers], today=TODAY)
    widget = DuesPage(AppContext(db))
    qtbot.addWidget(widget)
    widget.refresh()
    widget.branch.setCurrentIndex(widget.branch.findText(BRANCH))
    return widget


def test_paid_without_a_base_shows_arrears_unknown_not_zero(page) -> None:  # type: ignore[no-untyped-def]
    proxy = page.grid_proxy
    last = proxy.columnCount() - 1
    assert proxy.rowCount() > 0
    assert [proxy.index(row, last).data() for row in range(proxy.rowCount())] == ["未核定"] * proxy.rowCount()
    assert "欠交情况无法核对" in page.summary.text() and "欠交 0.00" not in page.summary.text()
