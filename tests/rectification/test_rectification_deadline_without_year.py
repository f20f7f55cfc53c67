"""A 完成时限 (and a ledger's 整改时限) is a day to come: typed without its year ("12月25日", as a 台账 writes
it) it is the nearest such day from today on — within the next twelve months — shown in full beside the
field before anything is saved, as the fields of days that happened read theirs (TK-11: on 2026-12-05
"12月25日" was refused "没有写年份")."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from branchdesk.domain.rectification.editing import LedgerInput, MeasureInput
from branchdesk.domain.rectification.records import MeasureRecord
from branchdesk.services.rectification import records as rect
from branchdesk.ui.context import AppContext
from branchdesk.ui.rectification.ledger_dialog import LedgerDialog
from branchdesk.ui.rectification.measure_dialogs import MeasureDialog
from branchdesk.ui.widgets.date_edit import DateEdit
from tests.ui_typing import type_text

pytestmark = pytest.mark.usefixtures("message_boxes")

TODAY = date(2026, 12, 5)  # trial K's clock


def _measure(db) -> MeasureRecord:  # type: ignore[no-untyped-def]
    ledger = rect.create_ledger(db, LedgerInput(title="2026年巡察反馈问题整改台账", source="巡察反馈", org_id=None,
                                                received_date=date(2026, 9, 1), deadline=None))
    problem = rect.add_problem(db, ledger.id, description="理论学习不够深入", category="思想建设方面")
    return rect.add_measure(db, problem.id, MeasureInput(text="制定个人学习计划", person="王伟",
                                                         deadline=date(2026, 11, 30)))


def _retype(field: DateEdit, text: str) -> None:
    field.edit.setFocus()
    field.edit.selectAll()
    type_text(field.edit, text)  # digits as keys, 月 and 日 as the input method commits them


@pytest.mark.parametrize(("typed", "read", "shown"), [
    ("12月25日", date(2026, 12, 25), "2026年12月25日 星期五"),  # later this month
    ("12月5日", date(2026, 12, 5), "2026年12月5日 星期六"),  # today
    # just passed (review rev4 item 9): this year's, said to be past — not a year on, silently
    ("12月1日", date(2026, 12, 1), "2026年12月1日 星期二（已过去 4 天，未完成即为逾期；如指明年的这一天，请写上年份）"),
    ("11月1日", date(2027, 11, 1), "2027年11月1日 星期一"),  # passed over a month ago: the coming one
    ("3.31", date(2027, 3, 31), "2027年3月31日 星期三"),
])
def test_a_deadline_without_its_year_is_the_coming_day(qtbot, db, typed: str, read: date, shown: str) -> None:  # type: ignore[no-untyped-def]
    context = AppContext(db)
    measure = _measure(db)
    ledger = LedgerDialog(context, None)
    ledger.has_deadline.setChecked(True)
    dialog = MeasureDialog(context, rect.list_problems(db, measure.ledger_id), measure)
    for form, field in ((ledger, ledger.deadline), (dialog, dialog.deadline)):
        qtbot.addWidget(form)
        field.today = TODAY
        _retype(field, typed)
        assert (field.problem(), field.value()) == ("", read), field.label
        assert field.hint.text() == shown  # the full date, beside the field, before saving
        QTest.keyClick(field.edit, Qt.Key.Key_Return)
        assert field.text() == read.isoformat()


def test_the_measure_is_saved_with_the_coming_day(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    measure = _measure(db)
    dialog = MeasureDialog(AppContext(db), rect.list_problems(db, measure.ledger_id), measure)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.deadline.today = TODAY
    dialog.deadline.edit.setFocus()
    dialog.deadline.edit.selectAll()
    QTest.keyClicks(dialog.deadline.edit, "12")
    type_text(dialog.deadline.edit, "月")
    QTest.keyClicks(dialog.deadline.edit, "25")
    type_text(dialog.deadline.edit, "日")
    assert dialog.deadline.hint.text() == "2026年12月25日 星期五"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert rect.get_measure(db, measure.id).deadline == date(2026, 12, 25)


def test_a_full_date_and_a_typo_are_read_as_before(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    measure = _measure(db)
    dialog = MeasureDialog(AppContext(db), rect.list_problems(db, measure.ledger_id), measure)
    qtbot.addWidget(dialog)
    dialog.deadline.today = TODAY
    _retype(dialog.deadline, "2026年6月30日")  # a deadline already past, as a 台账 keeps it: not moved
    assert dialog.deadline.value() == date(2026, 6, 30)
    _retype(dialog.deadline, "12月")  # a month without the day is still refused: no day is invented
    assert dialog.deadline.problem()
