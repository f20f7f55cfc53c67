"""A new sitting's sign-in sheet lists a member left out of 应到会 with approval (VOTE-WHO, TD-5) as
不计入应到 with the reason, so a 退休 branch no longer marks its bedridden members at every sitting;
the quorum counts follow; the secretary can still mark him 出席 for the sitting he came to (key 1), and
that is what is saved."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from branchdesk.domain.meetings.records import AttendanceStatus, MeetingKind, check_quorum
from branchdesk.domain.roster.not_expected import NotExpectedReason
from branchdesk.services.meetings.records import get_meeting, prefill
from branchdesk.services.roster.not_expected import record_not_expected
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.meeting_dialog import MeetingDialog
from tests.meetings.helpers import make_branch

DAY = date(2026, 11, 10)


def _dialog(qtbot, db, branch_id: int) -> MeetingDialog:  # type: ignore[no-untyped-def]
    dialog = MeetingDialog(AppContext(db), prefill(db, MeetingKind.CONGRESS.value, branch_id=branch_id, on=DAY))
    qtbot.addWidget(dialog)
    dialog.topic.setText("学习党章")
    dialog.content.setPlainText("集中学习。")
    return dialog


def test_a_new_sheet_lists_the_approved_member_as_not_expected_and_one_sitting_may_differ(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    sun = branch.members["孙三"]
    record_not_expected(db, sun, date(2026, 1, 1), NotExpectedReason.CANNOT_EXPRESS, date(2025, 12, 20),
                        "党支部委员会", detail="长期卧床")
    dialog = _dialog(qtbot, db, branch.id)
    sheet = dialog.sheet_model.attendees()
    row = next(i for i, a in enumerate(sheet) if a.member_id == sun)
    assert (sheet[row].status, sheet[row].reason) == (
        AttendanceStatus.NOT_EXPECTED.value, "因病等无法表达本人意志（长期卧床）；2025-12-20 党支部委员会批准")
    assert check_quorum(sheet).voters_expected == 6  # seven 正式党员, one left out with approval
    dialog.save()
    assert dialog.saved is not None
    saved = {a.member_id: a for a in get_meeting(db, dialog.saved.id).attendees}
    assert saved[sun].status == AttendanceStatus.NOT_EXPECTED.value and "党支部委员会批准" in saved[sun].reason

    came = _dialog(qtbot, db, branch.id)  # the next sitting: he came
    row = next(i for i, a in enumerate(came.sheet_model.attendees()) if a.member_id == sun)
    came.sheet.setFocus()
    came.sheet.selectRow(row)
    QTest.keyClick(came.sheet, Qt.Key.Key_1)  # 1: 出席
    assert came.sheet_model.attendees()[row].status == AttendanceStatus.PRESENT.value
    assert came.sheet_model.attendees()[row].reason == ""  # the approval is not printed beside 出席
    came.save()
    assert came.saved is not None
    assert {a.member_id: (a.status, a.reason) for a in get_meeting(db, came.saved.id).attendees}[sun] == ("出席", "")


def test_a_reason_the_secretary_typed_stays_when_the_status_changes(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    dialog = _dialog(qtbot, db, branch.id)
    row = next(i for i, a in enumerate(dialog.sheet_model.attendees()) if a.member_id == branch.members["孙三"])
    dialog.sheet_model.set_status([row], AttendanceStatus.NOT_EXPECTED.value)
    dialog.sheet_model.setData(dialog.sheet_model.index(row, 3), "出国探亲，经党委同意")
    dialog.sheet_model.set_status([row], AttendanceStatus.LEAVE.value)
    assert dialog.sheet_model.attendees()[row].reason == "出国探亲，经党委同意"  # typed: never dropped
