"""新增学习培训记录 for a whole branch, typed once (trial K, TK-10): 孙老师 entered the 暑期党员集中轮训 (7月10日,
8 学时, 县委教育工委) in 14 one-member dialogs. Now the form lists the branch's members on the training's
day, all ticked as the sign-in sheet starts; she types the training once, Tabs into the list, moves with
the arrows to the one absent member, unticks him with Space, and Enter saves 13 records at once. Editing a
record still edits that one record."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.study_hours.records import StudyInput
from branchdesk.services.roster.records import save_member
from branchdesk.services.study_hours.records import list_study_records, save_study_record
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.study_dialog import StudyRecordDialog
from branchdesk.ui.meetings.study_tab import StudyTab
from tests.meetings.helpers import BRANCH, make_branch
from tests.ui_typing import retype, type_text

pytestmark = pytest.mark.usefixtures("message_boxes")
DAY = date(2026, 7, 10)  # the trial's 轮训 (the 预备党员 joined on 2026-01-10), typed with its year



@pytest.fixture
def branch(db):  # type: ignore[no-untyped-def]
    """高一年级党支部 with 14 members: make_branch's nine and five more."""
    made = make_branch(db)
    for index, name in enumerate(("冯五", "陈六", "褚七", "卫八", "杜鹏"), start=20):
        made.members[name] = save_member(db, MemberInput(
            name=name, id_number=make_id_number("140202", date(1985, 1, index), index, male=True), branch=BRANCH,
            category="正式党员", join_date=date(2010, 7, 1), full_date=date(2011, 7, 1))).id
    return made


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifier)


def test_one_dialog_enters_the_training_for_13_of_14_members(qtbot, db, branch, keyboard) -> None:  # type: ignore[no-untyped-def]
    dialog = StudyRecordDialog(AppContext(db), None, branch.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    ticks = dialog.members
    assert ticks is not None and ticks.list.count() == 14 and len(ticks.member_ids()) == 14  # all ticked
    assert focused() is dialog.day.edit  # the training first
    type_text(focused(), f"{DAY.year}年7月10日")
    press(Qt.Key.Key_Tab)
    type_text(focused(), "8")
    press(Qt.Key.Key_Tab)
    assert focused() is dialog.form
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Down)  # (none chosen) → 党校培训 → 网络培训 → 上级集中轮训
    press(Qt.Key.Key_Tab)
    type_text(focused(), "暑期党员集中轮训")
    press(Qt.Key.Key_Tab)
    type_text(focused(), "县委教育工委")
    press(Qt.Key.Key_Tab)
    assert focused() is dialog.note
    press(Qt.Key.Key_Tab)
    assert focused() is ticks.list  # Tab reaches the list …
    assert ticks.day == DAY and ticks.list.count() == 14
    absent = [ticks.list.item(r).text() for r in range(14)].index("杜鹏")
    for _ in range(absent - ticks.list.currentRow()):
        press(Qt.Key.Key_Right)  # … the arrows move (the names stand side by side)
    assert ticks.list.currentItem().text() == "杜鹏"
    press(Qt.Key.Key_Space)  # Space unticks him
    assert len(ticks.member_ids()) == 13 and ticks.count.text() == "已勾选 13 / 14 人，每人登记一条"
    press(Qt.Key.Key_Tab)
    assert focused() is not ticks.list and not ticks.list.isAncestorOf(focused())  # … and Tab leaves it
    press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is ticks.list
    press(Qt.Key.Key_Return)  # Enter saves: one record per ticked member
    assert dialog.result() == 1 and len(dialog.saved_all) == 13
    records = list_study_records(db, year=DAY.year)
    assert sorted(r.name for r in records) == sorted(n for n in branch.members if n != "杜鹏")
    assert {(r.study_date, r.hours, r.form, r.title, r.organiser) for r in records} == {
        (DAY, Decimal(8), "上级集中轮训", "暑期党员集中轮训", "县委教育工委")}


def test_a_refused_member_is_named_and_nothing_is_saved(qtbot, db, branch) -> None:  # type: ignore[no-untyped-def]
    save_study_record(db, StudyInput(branch.members["钱二"], DAY, "8", "上级集中轮训", "暑期党员集中轮训"))
    dialog = StudyRecordDialog(AppContext(db), None, branch.id)
    qtbot.addWidget(dialog)
    dialog.day.set_value(DAY)
    dialog.hours.setText("8")
    dialog.form.setCurrentText("上级集中轮训")
    dialog.title.setText("暑期党员集中轮训")
    dialog.save()
    assert dialog.saved is None and len(list_study_records(db)) == 1
    assert not dialog.errors["参加人员"].isHidden()
    assert "钱二已有" in dialog.errors["参加人员"].text()
    assert dialog.members is not None
    dialog.members.set_all(False)  # 全不选: nobody ticked is asked for
    dialog.save()
    assert dialog.errors["参加人员"].text() == "请勾选参加学习培训的党员"


def test_the_list_follows_the_day_and_an_edit_keeps_one_member(qtbot, db, branch) -> None:  # type: ignore[no-untyped-def]
    dialog = StudyRecordDialog(AppContext(db), None, branch.id)
    qtbot.addWidget(dialog)
    ticks = dialog.members
    assert ticks is not None
    dialog.day.set_value(DAY)
    assert ticks.list.count() == 14 and len(ticks.member_ids()) == 14 and ticks.note.isHidden()
    dialog.day.set_value(date(2026, 1, 5))  # before the two 预备党员 joined (2026-01-10): said, not dropped unsaid
    assert ticks.list.count() == 12
    assert ticks.note.text() == "吴预备、郑预备在 2026-01-05 不在党员名册中，未列入"
    dialog.day.set_value(DAY)
    assert ticks.list.count() == 14 and len(ticks.member_ids()) == 14 and ticks.note.text() == ""
    ticks.list.setCurrentRow(0)
    type_text(ticks.list, "杜")  # a name typed in the list goes to it
    assert ticks.list.currentItem().text() == "杜鹏"
    record = save_study_record(db, StudyInput(branch.members["赵一"], DAY, "4", "网络培训", "专题网络培训"))
    edit = StudyRecordDialog(AppContext(db), record, branch.id)
    qtbot.addWidget(edit)
    assert edit.members is None and edit.member.currentData() == record.member_id
    edit.hours.setText("6")
    edit.save()
    assert [(r.name, r.hours) for r in list_study_records(db)] == [("赵一", 6)]


def test_the_tab_says_how_many_members_were_entered(qtbot, db, branch) -> None:  # type: ignore[no-untyped-def]
    """Review tk10: after the several-member save the 学习学时 tab only reloaded; it now says, where it
    shows its figures, "已登记 13 名党员的学习培训记录"."""
    tab = StudyTab(AppContext(db), lambda: [(BRANCH, branch.id)])
    qtbot.addWidget(tab)
    tab.refresh()
    tab.branch.setCurrentIndex(tab.branch.findData(branch.id))
    tab.year.setValue(DAY.year)

    def fill() -> None:  # typed into the dialog 新增 opens, as a person types
        dialog = tab.findChild(StudyRecordDialog)
        assert dialog is not None and dialog.members is not None
        try:
            retype(dialog.day.edit, f"{DAY.year}年7月10日")
            type_text(dialog.hours, "8")
            QTest.keyClick(dialog.form, Qt.Key.Key_Down)  # 学习形式 is chosen: 党校培训
            type_text(dialog.title, "暑期党员集中轮训")
            ticks = dialog.members.list
            ticks.setCurrentRow([ticks.item(r).text() for r in range(ticks.count())].index("杜鹏"))
            QTest.keyClick(ticks, Qt.Key.Key_Space)  # the one absent
            QTest.keyClick(dialog.title, Qt.Key.Key_Return)  # Enter saves
        finally:
            if dialog.isVisible():  # not saved: closed, so the test fails instead of waiting
                dialog.reject()

    QTimer.singleShot(0, fill)
    tab.add()
    assert len(list_study_records(db, year=DAY.year)) == 13
    assert tab.summary.text().startswith("已登记 13 名党员的学习培训记录。")
    assert f"{DAY.year}年度：党员 14 名" in tab.summary.text()  # the figures follow
