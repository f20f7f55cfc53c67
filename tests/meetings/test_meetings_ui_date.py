"""The sign-in sheet follows the meeting's date, as typed: a member who joined after that day is not on
it (a 支部党员大会 dated before 吴预备 joined recorded him 出席), categories are those of the day, and
what was already marked for everyone still on the sheet is kept."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtTest import QTest

from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.services.meetings.records import prefill
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.meeting_dialog import MeetingDialog
from tests.meetings.helpers import make_branch

pytestmark = pytest.mark.usefixtures("message_boxes")


def test_typing_an_earlier_date_takes_later_members_off_the_sheet(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    data = prefill(db, MeetingKind.CONGRESS.value, branch_id=branch.id, on=date(2026, 6, 30))
    dialog = MeetingDialog(AppContext(db), data, None, None)
    qtbot.addWidget(dialog)
    names = [a.name for a in dialog.sheet_model.attendees()]
    assert len(names) == 9 and "吴预备" in names
    dialog.sheet_model.set_status([names.index("赵一")], "请假")
    dialog.date.edit.selectAll()
    QTest.keyClicks(dialog.date.edit, "2025/12/1")  # before the two 预备党员 joined on 2026-01-10
    qtbot.waitUntil(lambda: len(dialog.sheet_model.attendees()) == 7, timeout=5_000)
    sheet = {a.name: a for a in dialog.sheet_model.attendees()}
    assert "吴预备" not in sheet and "郑预备" not in sheet
    assert sheet["赵一"].status == "请假"  # marked before the date changed: kept
    assert "吴预备" in dialog.sheet_note.text() and "2025-12-01" in dialog.sheet_note.text()
    dialog.date.edit.selectAll()
    QTest.keyClicks(dialog.date.edit, "2026-06-30")
    qtbot.waitUntil(lambda: len(dialog.sheet_model.attendees()) == 9, timeout=5_000)
    assert dialog.sheet_note.text() == ""
