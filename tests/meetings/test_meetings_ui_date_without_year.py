"""The meeting form reads a date typed without its year ("3月19日") in the record's year, shows the
date it understood beside the field, and writes it out in full when the field is left (trial 10,
T10-6); a date field that knows no year refuses it saying to write the year."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.services.meetings.records import list_meetings, prefill
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


def test_in_january_a_december_day_typed_without_its_year_is_last_december(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """Trial Y, TY-7: on 2027-01-05 the 党小组会 forgotten last December, written "12月28日" on the sign-in
    sheet, is 2026-12-28 — not the coming December (a meeting is a day that has happened)."""
    today = date(2027, 1, 5)
    branch = make_branch(db)
    dialog = MeetingDialog(AppContext(db), prefill(db, MeetingKind.GROUP.value, branch_id=branch.id, on=today), None, None)
    qtbot.addWidget(dialog)
    dialog.date.today = today  # the day the trial's clock showed
    _retype(dialog.date, "12月28日")
    assert dialog.date.problem() == "" and dialog.date.value() == date(2026, 12, 28)
    assert dialog.date.hint.text() == "2026年12月28日 星期一"
    QTest.keyClick(dialog.date.edit, Qt.Key.Key_Return)
    assert dialog.date.text() == "2026-12-28"


def test_the_leave_and_step_forms_read_a_day_without_its_year_as_the_meeting_form_does(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """One rule for every field of a day that has happened: 标记离开 and a 发展党员 step no longer refuse
    "12月28日" ("没有写年份") while the meeting form takes it (TY-7)."""
    from branchdesk.domain.development.records import PersonInput
    from branchdesk.domain.idcard import make_id_number
    from branchdesk.services.development import records as dev
    from branchdesk.services.roster.records import get_member
    from branchdesk.ui.development.dialogs import StepDialog
    from branchdesk.ui.roster.leave_dialog import LeaveDialog
    from tests.meetings.helpers import BRANCH

    branch = make_branch(db)
    context = AppContext(db)
    case = dev.save_person(db, PersonInput(name="林晓", id_number=make_id_number("140202", date(1998, 3, 4), 9, False),
                                           branch=BRANCH))
    dev.save_step(db, case.id, dev.StepInput(step=1, on=date(2026, 10, 9)))
    leave = LeaveDialog(context, get_member(db, branch.members["赵一"]))
    step = StepDialog(context, dev.get_case(db, case.id), 2)
    for dialog, field in ((leave, leave.when), (step, step.on)):
        qtbot.addWidget(dialog)
        field.today = date(2027, 1, 5)
        _retype(field, "12月28日")
        assert field.problem() == "" and field.value() == date(2026, 12, 28)


def test_the_question_about_a_meeting_after_today_answers_no_to_enter(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """"会议日期晚于今天…仍要保存吗？" has 否 as its default button: Enter does not save a future date (TY-7)."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[tuple[str, object]] = []

    def question(*args: object, **kwargs: object) -> object:
        default = kwargs.get("defaultButton", args[4] if len(args) > 4 else QMessageBox.StandardButton.NoButton)
        asked.append((str(args[2]), default))
        return default if default != QMessageBox.StandardButton.NoButton else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    branch = make_branch(db)
    later = date.today().replace(day=1) + timedelta(days=400)
    data = prefill(db, MeetingKind.GROUP.value, branch_id=branch.id, on=date.today())
    dialog = MeetingDialog(AppContext(db), data, None, None)
    qtbot.addWidget(dialog)
    dialog.group.setCurrentIndex(max(dialog.group.findData(branch.group_ids["语文党小组"]), 0))
    _retype(dialog.date, later.isoformat())
    dialog.topic.setText("学习党章")
    dialog.save()
    assert asked and "晚于今天" in asked[0][0]
    assert asked[0][1] == QMessageBox.StandardButton.No  # Enter answers 否
    assert dialog.saved is None and not list_meetings(db, year=None)
