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
    # back on the sheet as they were before the first change took them off, and the sheet says so
    assert {a.name: a.status for a in dialog.sheet_model.attendees()}["吴预备"] == "出席"
    assert "吴预备、郑预备重新列入签到表" in dialog.sheet_note.text()


def _finalised_congress(db, branch, day: date):  # type: ignore[no-untyped-def]
    """A 定稿 支部党员大会 on `day` whose sheet the secretary marked: 赵一 请假, everyone else 出席."""
    from dataclasses import replace

    from branchdesk.services.meetings.records import finalise_meeting, save_meeting

    data = prefill(db, MeetingKind.CONGRESS.value, branch_id=branch.id, on=day)
    data.topic, data.content = "学习全国两会精神", "传达学习"
    data.attendees = [replace(a, status="请假", reason="病假") if a.name == "赵一" else a for a in data.attendees]
    return finalise_meeting(db, save_meeting(db, data).record.id)


def test_a_later_date_puts_new_members_on_the_sheet_unmarked(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """T10-16: correcting a 定稿 meeting's date to a day after two 预备党员 joined put them on the sheet
    as 出席 without a word. They come in 未登记, the sheet says so, and the save asks to mark them."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QInputDialog

    from branchdesk.services.meetings.records import get_meeting

    branch = make_branch(db)
    record = _finalised_congress(db, branch, date(2025, 12, 1))  # before 吴预备 and 郑预备 joined (2026-01-10)
    assert len(record.attendees) == 7
    dialog = MeetingDialog(AppContext(db), record.to_input(), record, None)
    qtbot.addWidget(dialog)
    dialog.date.edit.setFocus()
    dialog.date.edit.selectAll()
    QTest.keyClicks(dialog.date.edit, "2026.1.15")
    QTest.keyClick(dialog.date.edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: len(dialog.sheet_model.attendees()) == 9, timeout=5_000)
    sheet = {a.name: a for a in dialog.sheet_model.attendees()}
    assert sheet["吴预备"].status == "" and sheet["郑预备"].status == ""  # nobody marked them: not 出席
    assert sheet["赵一"].status == "请假" and sheet["王书记"].status == "出席"  # as the secretary marked
    row = [a.name for a in dialog.sheet_model.attendees()].index("吴预备")
    assert dialog.sheet_model.index(row, 2).data() == "未登记"
    note = dialog.sheet_note.text()
    assert "吴预备" in note and "郑预备" in note and "未登记" in note and "2026-01-15" in note
    assert "未登记 2 人" in dialog.figures.text() and "实到 6 人" in dialog.figures.text()

    reasons: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (reasons.append("asked") or "日期录错", True))
    dialog.save()
    assert dialog.result() != dialog.DialogCode.Accepted and not reasons
    assert "吴预备" in dialog.errors.text() and "未登记" in dialog.errors.text()
    assert get_meeting(db, record.id).date == date(2025, 12, 1)  # nothing saved

    dialog.sheet.setFocus()
    dialog.sheet.selectRow(row)
    QTest.keyClick(dialog.sheet, Qt.Key.Key_1)  # 出席, as the secretary says
    names = [a.name for a in dialog.sheet_model.attendees()]
    dialog.sheet.selectRow(names.index("郑预备"))
    QTest.keyClick(dialog.sheet, Qt.Key.Key_3)  # 缺席
    dialog.sheet_model.setData(dialog.sheet_model.index(names.index("郑预备"), 3), "外出培训")
    dialog.save()
    assert reasons == ["asked"] and dialog.result() == dialog.DialogCode.Accepted
    saved = {a.name: a.status for a in get_meeting(db, record.id).attendees}
    assert saved["吴预备"] == "出席" and saved["郑预备"] == "缺席" and saved["赵一"] == "请假"
