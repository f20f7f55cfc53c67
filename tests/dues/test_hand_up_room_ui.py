"""登记上缴党费 as 孙老师 typed it (trial K, TK-2): the form offered the year's whole collection and kept it
when she typed 1–3月, and a 上缴 of 3.6× the quarter was saved without a word. The amount offered follows
the months and the 上缴日期 typed (collected for those months by that day, not yet handed up); an amount
larger than that is saved only after she says so (DUES-TIMING, domain.md §5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.services.dues.records import list_hand_ups, record_payments
from branchdesk.ui.context import AppContext
from branchdesk.ui.dues import dialogs
from branchdesk.ui.dues.dues_page import DuesPage
from tests.dues.dues_fixtures import BRANCH, make_dues_branch
from tests.ui_typing import type_date, type_text

Y = 2026
DECEMBER = date(Y, 12, 5)  # she enters the year's 上缴 in December
MONTHLY = {"王书记": 93, "李组织": 48, "张宣传": 15}  # 156.00 a month


@pytest.fixture
def page(qtbot, db):  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    record_payments(db, [PaymentInput(branch.members[n], [Month(Y, k)], str(a), date(Y, k, 10), "现金", "孙丽")
                         for k in range(1, 12) for n, a in MONTHLY.items()], today=DECEMBER)
    widget = DuesPage(AppContext(db))
    qtbot.addWidget(widget)
    widget.resize(1366 - 170, 768 - 90)
    widget.refresh()
    widget.year.setValue(Y)
    widget.branch.setCurrentIndex(widget.branch.findText(BRANCH))
    widget.tabs.setCurrentWidget(widget.book)
    return widget


def _open(page, qtbot, monkeypatch, typing) -> dict[str, object]:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def run(dialog) -> int:  # type: ignore[no-untyped-def]
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        for field in (dialog.handed_on, dialog.first, dialog.last):
            field.today = DECEMBER
        seen["offered"] = dialog.amount.text()
        typing(dialog, seen)
        return int(dialog.result())

    monkeypatch.setattr(dialogs.HandUpDialog, "exec", run)
    page.book.buttons["登记上缴…"].click()
    return seen


def _quarter(dialog, amount: str | None) -> None:  # type: ignore[no-untyped-def]
    """上缴日期 4月8日, Tab over the amount (or type one), 1月 to 3月, 经手人, 凭证编号, Enter."""
    type_date(dialog.handed_on, "4月8日")
    if amount is not None:
        dialog.amount.setFocus()
        dialog.amount.selectAll()
        type_text(dialog.amount, amount)
    type_date(dialog.first, "1月")
    type_date(dialog.last, "3月")
    dialog.handled_by.setFocus()
    type_text(dialog.handled_by, "孙丽")
    dialog.receipt.setFocus()
    type_text(dialog.receipt, "QS-2026-01")
    QTest.keyClick(dialog.receipt, Qt.Key.Key_Return)


def test_the_amount_offered_follows_the_months_typed(page, qtbot, monkeypatch, message_boxes) -> None:  # type: ignore[no-untyped-def]
    def typing(dialog, seen) -> None:  # type: ignore[no-untyped-def]
        _quarter(dialog, None)
        seen["room"] = dialog.room.text()

    seen = _open(page, qtbot, monkeypatch, typing)
    assert seen["offered"] == "1716.00"  # opened: January–November collected, nothing handed up
    assert seen["room"] == "截至 2026-04-08，2026年1月至3月已收缴、尚未上缴 468.00 元。"
    [hand_up] = list_hand_ups(page.context.db, year=Y)
    assert (hand_up.record.amount, hand_up.record.first, hand_up.record.last) == (D("468.00"), Month(Y, 1), Month(Y, 3))
    assert message_boxes.questions == []
    # the next quarter is offered what April–June hold, not an empty amount
    seen = _open(page, qtbot, monkeypatch, lambda dialog, seen: (
        type_date(dialog.handed_on, "7月6日"), type_date(dialog.first, "4月"), type_date(dialog.last, "6月"),
        seen.update(amount=dialog.amount.text())))
    assert seen["amount"] == "468.00"


def test_a_hand_up_larger_than_its_months_asks_first(page, qtbot, monkeypatch, message_boxes) -> None:  # type: ignore[no-untyped-def]
    message_boxes.answer = QMessageBox.StandardButton.No  # 否: back to the form

    def typing(dialog, seen) -> None:  # type: ignore[no-untyped-def]
        _quarter(dialog, "1716")
        seen["open"] = dialog.isVisible() and dialog.result() == 0
        message_boxes.answer = QMessageBox.StandardButton.Yes  # she checks: it is right, 是
        QTest.keyClick(dialog.receipt, Qt.Key.Key_Return)

    seen = _open(page, qtbot, monkeypatch, typing)
    assert seen["open"] is True
    assert len(message_boxes.questions) == 2
    assert "上缴金额 1,716.00 元多于2026年1月至3月已收缴、尚未上缴的 468.00 元" in message_boxes.questions[0]
    [hand_up] = list_hand_ups(page.context.db, year=Y)
    assert hand_up.record.amount == D("1716.00")
