"""A 完成时限 typed "2月29日" when the coming February has no 29th (on 2026-12-05: February 2027) is said to
have none, in plain words, and nothing is saved — it was read silently as 2028-02-29, fifteen months off,
and a deadline is never moved to 3月1日 unasked either (domain/dates.py `coming`)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from branchdesk.domain.dates import DateParseError, parse_date
from branchdesk.domain.rectification.editing import LedgerInput, MeasureInput
from branchdesk.services.rectification import records as rect
from branchdesk.ui.context import AppContext
from branchdesk.ui.rectification.measure_dialogs import MeasureDialog
from tests.ui_typing import type_text

pytestmark = pytest.mark.usefixtures("message_boxes")

TODAY = date(2026, 12, 5)
SAID = "“2月29日”：2027年2月只有28天，没有29日；请改为2月28日，或写上年份（如 2028年2月29日）"


def test_a_coming_february_without_the_29th_is_said_plainly() -> None:
    with pytest.raises(DateParseError) as refused:
        parse_date("2月29日", coming=TODAY)
    assert str(refused.value) == SAID
    assert parse_date("2月29日", coming=date(2027, 12, 5)) == date(2028, 2, 29)  # the coming one has it
    assert parse_date("2月28日", coming=TODAY) == date(2027, 2, 28)


def test_the_measure_form_says_so_and_saves_nothing(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    ledger = rect.create_ledger(db, LedgerInput(title="2026年巡察反馈问题整改台账", source="巡察反馈", org_id=None,
                                                received_date=date(2026, 9, 1), deadline=None))
    problem = rect.add_problem(db, ledger.id, description="理论学习不够深入", category="思想建设方面")
    measure = rect.add_measure(db, problem.id, MeasureInput(text="制定个人学习计划", person="王伟",
                                                            deadline=date(2026, 11, 30)))
    dialog = MeasureDialog(AppContext(db), rect.list_problems(db, ledger.id), measure)
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.deadline
    field.today = TODAY
    field.edit.setFocus()
    field.edit.selectAll()
    type_text(field.edit, "2月29日")  # digits as keys, 月 and 日 as the input method commits them
    assert field.hint.text() == ""  # no reading shown
    assert field.problem() == SAID
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert field.error.isVisible() and field.error.text() == SAID  # beside the field
    assert rect.get_measure(db, measure.id).deadline == date(2026, 11, 30)  # nothing saved
