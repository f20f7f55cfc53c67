"""The 党费 page of a school that has entered no dues yet: the months are 未登记 (grey, in words), never
欠 in red; the banner's rule (党费从有记录的最早月份起计算) is the grid's; the month table's 未交人数 is
无法核对, not a count."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from branchdesk.ui.context import AppContext
from branchdesk.ui.dues.dues_page import DuesPage
from branchdesk.ui.dues.grid_model import MONTH_COLUMN
from tests.meetings.helpers import BRANCH, make_branch

TODAY = date.today()


@pytest.fixture
def page(qtbot, db):  # type: ignore[no-untyped-def]
    make_branch(db)  # a roster, no dues records at all
    widget = DuesPage(AppContext(db))
    qtbot.addWidget(widget)
    widget.refresh()
    widget.branch.setCurrentIndex(widget.branch.findText(BRANCH))
    return widget


def test_no_dues_recorded_shows_unrecorded_months_not_arrears(page) -> None:  # type: ignore[no-untyped-def]
    if TODAY.month == 1:  # no month of this year is over yet: last year's, every month of it over, instead
        page.year.setValue(TODAY.year - 1)
    over = TODAY.month - 1 or 12
    members_all_year = [row for row in range(page.grid_proxy.rowCount())  # 吴预备, 郑预备 joined in 2026
                        if "预备" not in str(page.grid_proxy.index(row, 0).data())]
    assert members_all_year
    for row in members_all_year:
        texts = [page.grid_proxy.index(row, MONTH_COLUMN + k).data() for k in range(over)]
        assert texts == ["未登记"] * over
    cell = page.grid_proxy.index(0, MONTH_COLUMN)
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color().name() != "#f8cbad"
    assert "无法核对" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "党费从有记录的最早月份起计算" in page.summary.text() and "不计为欠交" in page.summary.text()
    unpaid = page.book.months.index(0, 4)
    assert unpaid.data() == "无法核对"


def test_the_book_tab_says_no_hand_up_is_registered_not_zero(page) -> None:  # type: ignore[no-untyped-def]
    """TY-16: "上缴 0.00 元，结存 …" read as nothing handed up; with no 上缴 registered it is 未登记, as the volume says."""
    text = page.book.balance.text()
    assert f"{BRANCH}：收缴 0.00 元，上缴未登记" in text and "上缴 0.00" not in text and "结存" not in text
