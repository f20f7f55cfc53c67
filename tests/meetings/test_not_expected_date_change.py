"""A sign-in sheet that lists a member 不计入应到 by his standing approval (VOTE-WHO, TD-5) follows the
sitting's date: moved to a day his record does not cover (before its 批准日期, after its end) he is no
longer left out of 应到 under an approval that did not yet (or no longer) hold — review rev3, R3-1."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from branchdesk.domain.meetings.records import AttendanceStatus, MeetingKind, check_quorum
from branchdesk.domain.meetings.sitting import UNMARKED
from branchdesk.domain.roster.not_expected import NotExpectedReason
from branchdesk.services.meetings.records import prefill
from branchdesk.services.roster.not_expected import record_not_expected
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.meeting_dialog import MeetingDialog
from tests.meetings.helpers import make_branch

DAY = date(2026, 11, 10)


def _marked_dialog(qtbot, db, branch):  # type: ignore[no-untyped-def]
    """A new 支部党员大会 of DAY whose sheet the secretary has marked (someone 请假) before the date."""
    dialog = MeetingDialog(AppContext(db), prefill(db, MeetingKind.CONGRESS.value, branch_id=branch.id, on=DAY))
    qtbot.addWidget(dialog)
    other = next(i for i, a in enumerate(dialog.sheet_model.attendees()) if a.member_id == branch.members["赵一"])
    dialog.sheet_model.set_status([other], AttendanceStatus.LEAVE.value)
    dialog.sheet_model.setData(dialog.sheet_model.index(other, 3), "外出培训")
    return dialog


def _row(dialog, member_id):  # type: ignore[no-untyped-def]
    return next(a for a in dialog.sheet_model.attendees() if a.member_id == member_id)


def test_a_date_before_the_approval_does_not_keep_him_left_out(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    sun = branch.members["孙三"]
    record_not_expected(db, sun, date(2026, 1, 1), NotExpectedReason.CANNOT_EXPRESS, date(2026, 10, 20), "党支部委员会")
    dialog = _marked_dialog(qtbot, db, branch)
    assert _row(dialog, sun).status == AttendanceStatus.NOT_EXPECTED.value
    dialog.date.set_value(date(2026, 9, 15))  # the sitting was held before the approval
    dialog._sheet_follows()
    moved = _row(dialog, sun)
    assert moved.status == UNMARKED and moved.reason == ""  # to be marked: no approval held that day
    assert "孙三经批准不计入应到会的期间不含这一天" in dialog.attendance.sheet_note.text()
    assert check_quorum(dialog.sheet_model.attendees()).voters_expected == 7
    assert _row(dialog, branch.members["赵一"]).reason == "外出培训"  # what the secretary marked stays


def test_a_date_within_another_record_takes_that_records_reason(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    sun = branch.members["孙三"]
    record_not_expected(db, sun, date(2026, 1, 1), NotExpectedReason.ABROAD, date(2025, 12, 20), "党支部委员会",
                        ends_on=date(2026, 6, 30))
    record_not_expected(db, sun, date(2026, 7, 1), NotExpectedReason.CANNOT_EXPRESS, date(2026, 6, 25), "上级党委")
    dialog = _marked_dialog(qtbot, db, branch)
    assert "上级党委批准" in _row(dialog, sun).reason
    dialog.date.set_value(date(2026, 3, 10))
    dialog._sheet_follows()
    moved = _row(dialog, sun)
    assert moved.status == AttendanceStatus.NOT_EXPECTED.value
    assert moved.reason.startswith(NotExpectedReason.ABROAD.value) and "党支部委员会批准" in moved.reason


def test_marked_back_as_not_expected_he_gets_his_approval_again(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """1 (出席) drops the approval from his row; 5 (不计入应到) pressed after it — he did not come after
    all — left the reason empty, and saving asked for one (review rev3, R3-8)."""
    branch = make_branch(db)
    sun = branch.members["孙三"]
    record_not_expected(db, sun, date(2026, 1, 1), NotExpectedReason.CANNOT_EXPRESS, date(2025, 12, 20), "党支部委员会")
    dialog = _marked_dialog(qtbot, db, branch)
    approval = _row(dialog, sun).reason
    row = next(i for i, a in enumerate(dialog.sheet_model.attendees()) if a.member_id == sun)
    dialog.sheet.setFocus()
    dialog.sheet.selectRow(row)
    QTest.keyClick(dialog.sheet, Qt.Key.Key_1)
    assert (_row(dialog, sun).status, _row(dialog, sun).reason) == (AttendanceStatus.PRESENT.value, "")
    QTest.keyClick(dialog.sheet, Qt.Key.Key_5)
    assert (_row(dialog, sun).status, _row(dialog, sun).reason) == (AttendanceStatus.NOT_EXPECTED.value, approval)
    dialog.date.set_value(date(2026, 3, 10))  # another day of the same record: still his
    dialog._sheet_follows()
    dialog.sheet.selectRow(next(i for i, a in enumerate(dialog.sheet_model.attendees()) if a.member_id == sun))
    QTest.keyClick(dialog.sheet, Qt.Key.Key_1)
    assert _row(dialog, sun).reason == ""
    QTest.keyClick(dialog.sheet, Qt.Key.Key_5)
    assert _row(dialog, sun).reason == approval
