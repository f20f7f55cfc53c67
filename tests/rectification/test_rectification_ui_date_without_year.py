"""The 整改台账 forms read a date typed without its year ("12月28日") by the one rule of the other forms
(trial Y, TY-7): a field for a day that has happened — 收到日期, 进展日期, 销号日期, 完成日期, the day a
measure is reopened — takes the record's year (today's for a new one) and is never after today, so in
January last December's 销号 is last December; a field for a day to come — 整改时限, 完成时限 — reads it as
the coming such day (TK-11; tests/rectification/test_rectification_deadline_without_year.py)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from branchdesk.domain.rectification.editing import LedgerInput, MeasureInput
from branchdesk.domain.rectification.records import MeasureRecord
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification import status
from branchdesk.ui.context import AppContext
from branchdesk.ui.rectification.close_off_dialog import CloseOffDialog
from branchdesk.ui.rectification.ledger_dialog import LedgerDialog
from branchdesk.ui.rectification.measure_dialogs import MeasureDialog, ProgressDialog, ReopenDialog
from branchdesk.ui.widgets.date_edit import DateEdit
from tests.ui_typing import type_text

pytestmark = pytest.mark.usefixtures("message_boxes", "trial_clock")

TODAY = date(2027, 1, 5)  # the trial's clock: the first week of January


class _TrialDay(date):
    @classmethod
    def today(cls):  # type: ignore[no-untyped-def]
        return cls(TODAY.year, TODAY.month, TODAY.day)


@pytest.fixture
def trial_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The 销号 service on the trial's clock too: it refuses a 销号日期 after its today (RECT-CLOSE-OFF),
    and these 销号 of late December are in the past on 2027-01-05 whatever the machine's clock says."""
    monkeypatch.setattr(status, "date", _TrialDay)


def _retype(field: DateEdit, text: str) -> None:
    field.edit.setFocus()
    field.edit.selectAll()
    type_text(field.edit, text)  # digits as keys, 月 and 日 as the input method commits them


def _on_trial_day(dialog: QWidget) -> None:
    for field in dialog.findChildren(DateEdit):
        field.today = TODAY


def _measure(db, received: date = date(2026, 9, 1)) -> MeasureRecord:  # type: ignore[no-untyped-def]
    ledger = rect.create_ledger(db, LedgerInput(title="2026年巡察反馈问题整改台账", source="巡察反馈", org_id=None,
                                                received_date=received, deadline=None))
    problem = rect.add_problem(db, ledger.id, description="理论学习不够深入", category="思想建设方面")
    return rect.add_measure(db, problem.id, MeasureInput(text="制定个人学习计划", person="王伟",
                                                         deadline=date(2026, 12, 31)))


def _fields(context: AppContext, measure: MeasureRecord) -> list[tuple[QWidget, DateEdit]]:
    ledger = LedgerDialog(context, None)
    progress = ProgressDialog(context, measure)
    close_off = CloseOffDialog(context, measure)
    closed = status.close_off(context.db, measure.id, on=date(2026, 12, 20), verifier="纪检委员",
                              evidence=[status.EvidenceInput("整改报告")])
    reopen = ReopenDialog(context, closed)
    return [(ledger, ledger.received), (progress, progress.when), (close_off, close_off.when),
            (close_off, close_off.completion), (reopen, reopen.when)]


def test_in_january_a_december_day_typed_without_its_year_is_last_december(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    context = AppContext(db)
    for dialog, field in _fields(context, _measure(db)):
        qtbot.addWidget(dialog)
        field.setEnabled(True)
        _on_trial_day(dialog)
        _retype(field, "12月28日")
        assert (field.problem(), field.value()) == ("", date(2026, 12, 28)), field.label
        assert field.hint.text() == "2026年12月28日 星期一"
        QTest.keyClick(field.edit, Qt.Key.Key_Return)  # leaving the field writes the date in full
        assert field.text() == "2026-12-28"


def test_the_fields_of_days_to_come_read_the_coming_day(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    context = AppContext(db)
    measure = _measure(db)
    ledger = LedgerDialog(context, None)
    ledger.has_deadline.setChecked(True)
    measure_dialog = MeasureDialog(context, rect.list_problems(db, measure.ledger_id), measure)
    for dialog, field in ((ledger, ledger.deadline), (measure_dialog, measure_dialog.deadline)):
        qtbot.addWidget(dialog)
        _on_trial_day(dialog)
        _retype(field, "11月28日")  # in January, the coming November (was refused: "没有写年份")
        assert (field.problem(), field.value()) == ("", date(2027, 11, 28)), field.label
        # a deadline that passed a week ago is that one, said to be past — not the next December (rev4 item 9)
        _retype(field, "12月28日")
        assert (field.problem(), field.value()) == ("", date(2026, 12, 28)), field.label
        assert "已过去 8 天，未完成即为逾期" in field.hint.text()


def test_an_edited_ledger_reads_its_received_date_in_the_ledgers_year(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    measure = _measure(db, received=date(2025, 6, 10))
    ledger = next(x for x in rect.list_ledgers(db) if x.id == measure.ledger_id)
    dialog = LedgerDialog(AppContext(db), ledger)
    qtbot.addWidget(dialog)
    _on_trial_day(dialog)
    _retype(dialog.received, "3月2日")  # correcting the day the 2025 feedback arrived
    assert dialog.received.value() == date(2025, 3, 2)


def test_last_decembers_close_off_typed_in_january_is_saved_in_december(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """TY-7 for the 整改台账: "12月28日" typed on 2027-01-05 closes the measure off on 2026-12-28 (and its
    completion date follows), not on the coming December — 销号率 of 2026 counts it."""
    measure = _measure(db)
    dialog = CloseOffDialog(AppContext(db), measure)
    qtbot.addWidget(dialog)
    _on_trial_day(dialog)
    dialog.verifier.setText("纪检委员")
    dialog.add_evidence(status.EvidenceInput("党委会会议纪要 2026年12月"))
    _retype(dialog.when, "12月28日")
    QTest.keyClick(dialog.when.edit, Qt.Key.Key_Return)
    dialog.ok_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    closed = rect.get_measure(db, measure.id)
    assert (closed.status, closed.closed_date, closed.completion_date) == ("已销号", date(2026, 12, 28),
                                                                          date(2026, 12, 28))
