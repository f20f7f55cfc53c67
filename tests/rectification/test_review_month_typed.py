"""整改台账 → 月度销号: the month was a sectioned date picker (QDateEdit "yyyy年M月") whose year and month
sections swallowed typing; it is the shared typed month field now (MonthEdit), read as every month field
reads it — "3月", "2026.3", "2026年3月" — and as a month that has happened: "12月" typed in February is
the December just past (NOTE12 "Left")."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from branchdesk.ui.context import AppContext
from branchdesk.ui.rectification.rectification_page import RectificationPage
from tests.ui_typing import type_text

pytestmark = pytest.mark.usefixtures("message_boxes")


@pytest.fixture
def page(qtbot, demo_db):  # type: ignore[no-untyped-def]
    widget = RectificationPage(AppContext(demo_db))
    qtbot.addWidget(widget)
    widget.tabs.setCurrentWidget(widget.review)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def _type(page: RectificationPage, text: str) -> None:
    """Select what the field holds and type over it, key by key (the Chinese characters as an input
    method commits them), then Enter."""
    edit = page.review.month.edit
    edit.setFocus()
    assert edit.hasFocus()
    edit.selectAll()
    type_text(edit, text)
    QTest.keyClick(edit, Qt.Key.Key_Return)


@pytest.mark.parametrize(("typed", "month"), [
    ("2026年3月", (2026, 3)), ("2026.3", (2026, 3)), ("2025-11", (2025, 11)), ("202510", (2025, 10)),
    ("3月", (2026, 3)), ("12月", (2025, 12)), ("１２月", (2025, 12)),
])
def test_the_review_month_is_typed(page, typed: str, month: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    page.review.month.today = date(2026, 4, 15)  # "12月" typed in April: the December just past
    _type(page, typed)
    assert page.review.chosen_month() == month
    review = page.review.review
    assert review is not None and review.label == f"{month[0]}年{month[1]}月", review
    assert page.review.month.edit.text() == f"{month[0]}-{month[1]:02d}"  # written out the one way on Enter
    assert page.review.month.error.isHidden()


def test_a_typo_is_named_at_the_field_and_the_month_shown_stays(page) -> None:  # type: ignore[no-untyped-def]
    page.review.month.today = date(2026, 4, 15)
    _type(page, "2026年3月")
    shown = page.review.review
    _type(page, "2026年13月")
    assert not page.review.month.error.isHidden() and "不是有效的月份" in page.review.month.error.text()
    assert page.review.chosen_month() == (2026, 3) and page.review.review is shown


def test_a_month_to_come_is_refused_at_the_field(page) -> None:  # type: ignore[no-untyped-def]
    """Review 13-2, F4: "2027年3月" typed on 2026-12-05 showed "逾期未完成 17 项…" for a day that has not
    come, as fact. A month after this one is refused at the field with a plain message; the month shown
    stays, and this month is read."""
    page.review.month.today = date(2026, 12, 5)
    _type(page, "2026年11月")
    shown = page.review.review
    _type(page, "2027年3月")
    assert not page.review.month.error.isHidden()
    assert page.review.month.error.text() == "2027年3月还没有到，请填写本月（2026年12月）或以前的月份"
    assert page.review.chosen_month() == (2026, 11) and page.review.review is shown
    assert "2027" not in page.review.summary.text()
    _type(page, "2026年12月")  # this month is one that is happening: read
    assert page.review.chosen_month() == (2026, 12) and page.review.month.error.isHidden()
