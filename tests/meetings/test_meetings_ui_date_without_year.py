"""The meeting form reads a date typed without its year ("3月19日") in the record's year, shows the
date it understood beside the field, and writes it out in full when the field is left (trial 10,
T10-6); a date field that knows no year refuses it saying to write the year."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.services.meetings.records import prefill
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.meeting_dialog import MeetingDialog
from branchdesk.ui.widgets.date_edit import DateEdit
from tests.meetings.helpers import make_branch
from tests.ui_typing import type_text

pytestmark = pytest.mark.usefixtures("message_boxes")


def _retype(field: DateEdit, text: str) -> None:
    field.edit.setFocus()
    field.edit.selectAll()
    type_text(field.edit, text)  # "3" "月" "19" "日": digits as keys, 月 and 日 as the input method commits them


@pytest.mark.parametrize(("on", "typed", "meant"), [
    (date(2026, 3, 5), "3月19日", date(2026, 3, 19)),  # a new record dated in 2026
    (date(2025, 11, 20), "12月1日", date(2025, 12, 1)),  # a record of 2025 being corrected
])
def test_a_meeting_date_typed_without_its_year_takes_the_records_year(qtbot, db, on: date, typed: str,  # type: ignore[no-untyped-def]
                                                                      meant: date) -> None:
    branch = make_branch(db)
    data = prefill(db, MeetingKind.GROUP.value, branch_id=branch.id, on=on)
    dialog = MeetingDialog(AppContext(db), data, None, None)
    qtbot.addWidget(dialog)
    _retype(dialog.date, typed)
    assert dialog.date.problem() == "" and dialog.date.value() == meant
    weekday = "一二三四五六日"[meant.weekday()]
    assert dialog.date.hint.text() == f"{meant.year}年{meant.month}月{meant.day}日 星期{weekday}"
    QTest.keyClick(dialog.date.edit, Qt.Key.Key_Return)  # leaving the field writes the date in full
    assert dialog.date.text() == meant.isoformat()


def test_a_date_field_that_knows_no_year_says_to_write_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateEdit(label="入党日期")
    qtbot.addWidget(field)
    field.show()
    _retype(field, "3月19日")
    field.edit.editingFinished.emit()
    assert field.error.isVisible() and field.error.text() == "“3月19日”没有写年份，请写上年份，如 2019年7月1日"
    assert field.hint.text() == "未写年份"
    _retype(field, "1996.07")
    field.edit.editingFinished.emit()
    assert "只写到了月" in field.error.text() and field.hint.text() == "未写日"
