"""The sign-in sheet follows the form — its 党小组, branch, kinds and date — by one rule (re-trial NEW-1,
NEW-2, NEW-3), typed as a person types:

- a NEW record nobody has marked is the day's audience, 出席 (as it was before T10-16): choosing
  another 党小组 and then typing the date lists that group's members, and the record saves;
- once the user has marked someone, or on a saved record, what was marked is kept, who is put on comes
  in 未登记 and who is taken off is set aside (T10-16), and the note under the sheet says what changed;
- Ctrl+S straight after typing the date saves the sheet of that date and 党小组, not the one shown
  300 ms earlier.

高一年级党支部 (tests.meetings.helpers): 语文党小组 王书记 张宣传 钱二 周四 郑预备; 数学党小组 李组织
赵一 孙三 吴预备; the two 预备党员 joined on 2026-01-10."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from branchdesk.domain.meetings.records import UNMARKED, MeetingKind
from branchdesk.services.meetings.records import get_meeting, list_meetings, prefill, save_meeting
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.meeting_dialog import MeetingDialog
from tests.meetings.helpers import OTHER, make_branch

pytestmark = pytest.mark.usefixtures("message_boxes")

CHINESE = ["王书记", "张宣传", "钱二", "周四", "郑预备"]
MATHS = ["李组织", "赵一", "孙三", "吴预备"]


def _sheet(dialog: MeetingDialog) -> dict[str, str]:
    return {a.name: a.status for a in dialog.sheet_model.attendees() if a.member_id is not None}


def _group_meeting(db, branch, group: str, day: date):  # type: ignore[no-untyped-def]
    """A saved 党小组会 of `group`: the next new 党小组会 opens with that group preset (prefill)."""
    data = prefill(db, MeetingKind.GROUP.value, branch_id=branch.id, on=day)
    data.group_id = branch.group_ids[group]
    data.attendees = [a for a in data.attendees if a.name in (CHINESE if group == "语文党小组" else MATHS)]
    data.topic, data.content = "学习党章", "逐章学习"
    return save_meeting(db, data).record


def _new_dialog(qtbot, db, data) -> MeetingDialog:  # type: ignore[no-untyped-def]
    dialog = MeetingDialog(AppContext(db), data, None, None)
    qtbot.addWidget(dialog)
    dialog.topic.setText("学习党章")
    dialog.content.setPlainText("逐章学习，结合教学谈体会。")
    return dialog


def _choose(combo: QWidget, text: str) -> None:
    """As a person picks in a closed combo box: focus it and type the start of the name (each character
    a key press carrying it, as an input method gives a closed combo box the characters typed)."""
    QTest.qWait(QApplication.keyboardInputInterval() + 50)  # a new search, not the last one's tail
    combo.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(combo, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def _type_date(dialog: MeetingDialog, text: str) -> None:
    dialog.date.edit.setFocus()
    dialog.date.edit.selectAll()
    QTest.keyClicks(dialog.date.edit, text)
    QTest.keyClick(dialog.date.edit, Qt.Key.Key_Tab)


def _ctrl_s(dialog: MeetingDialog) -> None:
    QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def _saved(db, day: date, kind: str = MeetingKind.GROUP.value):  # type: ignore[no-untyped-def]
    found = [m for m in list_meetings(db) if m.date == day and kind in m.kinds]
    assert len(found) == 1, found
    return get_meeting(db, found[0].id)


def test_a_new_group_meeting_for_another_group_than_the_last_saves_that_groups_members(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """NEW-1: the last 党小组会 was 语文党小组's, so the new one opens with it; the secretary types
    数学党小组 and then the date. Nobody has marked anyone: the sheet is 数学党小组 on that day, 出席,
    the note says the 党小组 changed (no word of members "not on the roster"), and Ctrl+S saves."""
    branch = make_branch(db)
    _group_meeting(db, branch, "语文党小组", date(2026, 2, 10))
    dialog = _new_dialog(qtbot, db, prefill(db, MeetingKind.GROUP.value, branch_id=branch.id, on=date(2026, 6, 30)))
    assert dialog.group.currentText() == "语文党小组" and sorted(_sheet(dialog)) == sorted(CHINESE)
    _choose(dialog.group, "数学")
    assert dialog.group.currentText() == "数学党小组"
    _type_date(dialog, "2026.3.5")
    qtbot.waitUntil(lambda: sorted(_sheet(dialog)) == sorted(MATHS), timeout=5_000)
    assert set(_sheet(dialog).values()) == {"出席"}
    note = dialog.sheet_note.text()
    assert "数学党小组" in note and "不在当日的名册中" not in note and "未登记" not in note
    assert "未登记" not in dialog.figures.text()
    _ctrl_s(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.errors.text()
    saved = _saved(db, date(2026, 3, 5))
    assert saved.group_id == branch.group_ids["数学党小组"]
    assert {a.name: a.status for a in saved.attendees} == dict.fromkeys(MATHS, "出席")


def test_choosing_a_group_lists_its_members(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """NEW-3: a 党小组会 with 数学党小组 chosen (the date left as it is) saves 数学党小组, not the branch."""
    branch = make_branch(db)
    dialog = _new_dialog(qtbot, db, prefill(db, MeetingKind.GROUP.value, branch_id=branch.id, on=date(2026, 6, 30)))
    assert len(_sheet(dialog)) == 9  # （全部党小组）
    _choose(dialog.group, "数学")
    assert sorted(_sheet(dialog)) == sorted(MATHS) and set(_sheet(dialog).values()) == {"出席"}
    assert "数学党小组" in dialog.sheet_note.text()
    _choose(dialog.group, "语文")
    assert sorted(_sheet(dialog)) == sorted(CHINESE)
    dialog.topic.setFocus()  # on to the next fields, and Ctrl+S from there
    _ctrl_s(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.errors.text()
    assert sorted(a.name for a in _saved(db, date(2026, 6, 30)).attendees) == sorted(CHINESE)


def test_the_sheet_follows_the_kinds_and_the_branch(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """A new 支部委员会 lists the committee; ticking 支部党员大会 as well lists the whole branch; another
    branch lists that branch's members."""
    branch = make_branch(db)
    dialog = _new_dialog(qtbot, db, prefill(db, MeetingKind.COMMITTEE.value, branch_id=branch.id,
                                            on=date(2026, 6, 30)))
    assert sorted(_sheet(dialog)) == sorted(["王书记", "李组织", "张宣传"])
    box = dialog.kind_boxes[MeetingKind.CONGRESS.value]
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked() and len(_sheet(dialog)) == 9 and set(_sheet(dialog).values()) == {"出席"}
    _choose(dialog.branch, OTHER[:2])
    assert dialog.branch.currentText() == OTHER
    assert list(_sheet(dialog)) == ["老党员"]


def test_marks_the_user_made_are_kept_and_the_other_groups_members_come_in_unmarked(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """Once the secretary has marked someone, another 党小组 keeps what she marked (set aside, given back
    when the group is chosen again) and puts the other group's members on 未登记, to be marked."""
    branch = make_branch(db)
    _group_meeting(db, branch, "语文党小组", date(2026, 2, 10))
    dialog = _new_dialog(qtbot, db, prefill(db, MeetingKind.GROUP.value, branch_id=branch.id, on=date(2026, 6, 30)))
    names = [a.name for a in dialog.sheet_model.attendees()]
    dialog.sheet.setFocus()
    dialog.sheet.selectRow(names.index("钱二"))
    QTest.keyClick(dialog.sheet, Qt.Key.Key_3)  # 缺席
    _choose(dialog.group, "数学")
    assert _sheet(dialog) == dict.fromkeys(MATHS, UNMARKED)
    note = dialog.sheet_note.text()
    assert "党小组改为“数学党小组”" in note and "钱二" in note and "未登记" in note
    assert "不在当日的名册中" not in note  # they are on the day's roster: they are another group's
    dialog.sheet.setFocus()  # back on the sheet to mark them, and Ctrl+S from there
    _ctrl_s(dialog)
    assert dialog.result() != dialog.DialogCode.Accepted and "未登记" in dialog.errors.text()
    _choose(dialog.group, "语文")
    assert _sheet(dialog)["钱二"] == "缺席" and "钱二" in dialog.sheet_note.text()


def test_a_saved_group_meetings_sheet_follows_its_group_by_the_same_rule(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    record = _group_meeting(db, branch, "语文党小组", date(2026, 2, 10))
    dialog = MeetingDialog(AppContext(db), record.to_input(), record, None)
    qtbot.addWidget(dialog)
    _choose(dialog.group, "数学")
    assert _sheet(dialog) == dict.fromkeys(MATHS, UNMARKED)
    assert "不在当日的名册中" not in dialog.sheet_note.text()


def test_ctrl_s_at_once_after_the_date_saves_the_sheet_of_that_date(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """NEW-2: the date typed and Ctrl+S pressed within the sheet's 300 ms: the record of 2025-12-20
    lists 数学党小组 as it was that day (吴预备 joined on 2026-01-10), not the sheet of 2026-06-30."""
    branch = make_branch(db)
    dialog = _new_dialog(qtbot, db, prefill(db, MeetingKind.GROUP.value, branch_id=branch.id, on=date(2026, 6, 30)))
    _choose(dialog.group, "数学")
    _type_date(dialog, "2025.12.20")
    _ctrl_s(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.errors.text()
    saved = _saved(db, date(2025, 12, 20))
    assert {a.name: a.status for a in saved.attendees} == dict.fromkeys(["李组织", "赵一", "孙三"], "出席")


def test_ctrl_s_at_once_after_correcting_a_saved_records_date_asks_to_mark_the_newcomers(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """NEW-2 on a saved record (T10-16): the date moved past the day two 预备党员 joined and Ctrl+S at
    once — the save sees them, 未登记, and refuses; the stored record is untouched."""
    branch = make_branch(db)
    data = prefill(db, MeetingKind.CONGRESS.value, branch_id=branch.id, on=date(2025, 12, 1))
    data.topic, data.content = "学习全国两会精神", "传达学习"
    data.attendees = [replace(a, status="请假", reason="病假") if a.name == "赵一" else a for a in data.attendees]
    record = save_meeting(db, data).record
    dialog = MeetingDialog(AppContext(db), record.to_input(), record, None)
    qtbot.addWidget(dialog)
    _type_date(dialog, "2026.1.15")
    _ctrl_s(dialog)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "吴预备" in dialog.errors.text() and "未登记" in dialog.errors.text()
    assert get_meeting(db, record.id).date == date(2025, 12, 1)


def test_ctrl_s_on_the_group_or_branch_box_saves(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+S saves from any field: the closed 党小组 and 党支部 boxes took it as a letter to search for."""
    branch = make_branch(db)
    dialog = _new_dialog(qtbot, db, prefill(db, MeetingKind.GROUP.value, branch_id=branch.id, on=date(2026, 6, 30)))
    _choose(dialog.group, "数学")
    _ctrl_s(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.errors.text()
    assert sorted(a.name for a in _saved(db, date(2026, 6, 30)).attendees) == sorted(MATHS)
    dialog = _new_dialog(qtbot, db, prefill(db, MeetingKind.CONGRESS.value, branch_id=branch.id,
                                            on=date(2026, 6, 29)))
    dialog.branch.setFocus()
    _ctrl_s(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.errors.text()
    assert len(_saved(db, date(2026, 6, 29), MeetingKind.CONGRESS.value).attendees) == 9


def test_loading_the_roster_asks_before_it_wipes_what_was_marked(qtbot, db, message_boxes) -> None:  # type: ignore[no-untyped-def]
    """按花名册载入 on a sheet with 请假/缺席 marked asks first: "No" keeps every mark; "Yes" reloads (the
    re-trial: the button set everyone back to 出席 without a word)."""
    from PySide6.QtWidgets import QMessageBox

    from branchdesk.domain.meetings.records import AttendanceStatus

    branch = make_branch(db)
    saved = _group_meeting(db, branch, "语文党小组", date(2026, 6, 30))
    rows = [replace(a, status=AttendanceStatus.LEAVE.value, reason="外出培训") if a.name == "钱二" else a
            for a in saved.attendees]
    data = replace(saved.to_input(), attendees=rows)
    dialog = MeetingDialog(AppContext(db), data, saved, None)
    qtbot.addWidget(dialog)
    message_boxes.answer = QMessageBox.StandardButton.No
    dialog.load_roster()
    assert message_boxes.questions and "钱二" in message_boxes.questions[-1]
    assert _sheet(dialog)["钱二"] == AttendanceStatus.LEAVE.value
    message_boxes.answer = QMessageBox.StandardButton.Yes
    dialog.load_roster()
    assert _sheet(dialog)["钱二"] == AttendanceStatus.PRESENT.value


def test_a_committee_member_whose_term_ended_is_said_to_be_no_committee_member(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """Re-trial 12, N-7 (the form's side): a new 支委会 dated after 赵一's term as 纪检委员 ended takes him
    off the sheet; he is still on the branch's roster, so the note says he is not a 支部委员 that day, not
    "不在当日的名册中"."""
    from branchdesk.services.roster.organisation import assign_post

    branch = make_branch(db)
    assign_post(db, branch.id, branch.members["赵一"], "纪检委员", date(2024, 9, 1), date(2026, 3, 31))
    dialog = _new_dialog(qtbot, db, prefill(db, MeetingKind.COMMITTEE.value, branch_id=branch.id, on=date(2026, 3, 10)))
    assert sorted(_sheet(dialog)) == sorted(["王书记", "李组织", "张宣传", "赵一"])
    _type_date(dialog, "2026.4.10")
    qtbot.waitUntil(lambda: "赵一" not in _sheet(dialog), timeout=5_000)
    note = dialog.sheet_note.text()
    assert "赵一不是当日的支部委员，已移出" in note, note
    assert "名册" not in note.split("：", 1)[-1], note
