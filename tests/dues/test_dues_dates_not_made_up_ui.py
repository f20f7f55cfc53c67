"""A date the user did not type is not stored as today (trial K, TK-4): 孙老师 recorded 韩梅's 减免 and skipped
批准日期 (she did not know it); the field had been filled with today's date and the 党委's approval was
stored as 2026-12-05 for an exemption from January. It opens empty now and the form asks for it beside the
field; the 上缴日期 and the 转入日期 open empty too. The line under the 缴费基数 form stops asking for the
备注 once it is typed."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from branchdesk.domain.dues.rates import DuesCategory
from branchdesk.services.dues.records import member_bases
from branchdesk.ui.context import AppContext
from branchdesk.ui.dues.base_dialog import BaseDialog
from branchdesk.ui.dues.dialogs import HandUpDialog, TransferInDialog
from tests.dues.dues_fixtures import make_dues_branch
from tests.ui_typing import type_date, type_text

pytestmark = pytest.mark.usefixtures("message_boxes")
DECEMBER = date(2026, 12, 5)


def _shown(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


def test_an_exemptions_approval_date_not_typed_is_asked_for(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    member = branch.members["吴预备"]
    dialog = BaseDialog(AppContext(db), member, "吴预备")
    _shown(qtbot, dialog)
    for field in (dialog.applies, dialog.approved_on, dialog.confirmed_on):
        field.today = DECEMBER
    dialog.category.setFocus()
    QTest.keyClick(dialog.category, Qt.Key.Key_End)  # 减免, the last 缴纳类别
    assert dialog.category.currentText() == DuesCategory.REDUCED.value
    type_date(dialog.applies, "2026年1月")
    dialog.own.setFocus()
    type_text(dialog.own, "0")
    dialog.approved_by.setFocus()
    type_text(dialog.approved_by, "中共青山学校委员会")
    assert dialog.approved_on.text() == ""  # not today's date, made up
    dialog.note.setFocus()
    type_text(dialog.note, "家庭困难，经党委批准免交")
    assert "备注" not in dialog.preview.text()  # the 备注 is there: the line no longer asks for it
    QTest.keyClick(dialog.note, Qt.Key.Key_Return)
    assert dialog.result() == 0 and dialog.errors["批准日期"].text() == "请填写批准日期"
    assert [b.record.category for b in member_bases(db, member)] == [DuesCategory.EMPLOYED]
    type_date(dialog.approved_on, "1月8日")
    dialog.note.setFocus()
    QTest.keyClick(dialog.note, Qt.Key.Key_Return)
    assert dialog.result() == 1, [e.text() for e in dialog.errors.values() if e.text()]
    reduced = next(b.record for b in member_bases(db, member) if b.record.category is DuesCategory.REDUCED)
    assert reduced.approved_on == date(2026, 1, 8)


def test_the_hand_up_and_transfer_in_dates_open_empty(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    hand_up = HandUpDialog(AppContext(db), [("测试", branch.id)], branch.id)
    _shown(qtbot, hand_up)
    assert hand_up.handed_on.text() == ""
    hand_up.handled_by.setFocus()
    type_text(hand_up.handled_by, "孙丽")
    QTest.keyClick(hand_up.handled_by, Qt.Key.Key_Return)
    assert hand_up.result() == 0 and hand_up.errors["上缴日期"].text() == "请填写日期"
    transfer = TransferInDialog(AppContext(db), branch.members["郑预备"], "郑预备")
    _shown(qtbot, transfer)
    assert transfer.on.text() == ""
