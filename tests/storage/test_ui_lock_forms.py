"""The idle lock over forms left open (trial R): the "已锁定" cover over an open member form must
follow the form when it is resized (TR-4: the enlarged part showed the phone and 转正日期), and a
form's own pending check that runs into the locked database must not pop up an "unexpected problem"
box over the lock screen (TR-9)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QWidget

from branchdesk.services.storage import encryption
from branchdesk.ui.context import AppContext
from branchdesk.ui.main_window import MainWindow
from tests.safety_helpers import add_branch, add_member

PASSWORD = "支部密码2026abc"
WAIT_MS = 30_000

pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


@pytest.fixture
def window(qtbot, db):  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    for i, name in enumerate(["张红", "李明"]):
        add_member(db, branch, i, name=name)
    context = AppContext(db)
    encryption.enable(context.db, PASSWORD, PASSWORD)
    encryption.set_lock_minutes(context.db, 5)
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.show()
    win.open_area("roster")
    context.pool.waitForDone()
    qtbot.wait(50)
    return win


def member_form(window: MainWindow) -> QDialog:
    """编辑党员 for the first member, open and modal, as a user leaves it."""
    page = window.page("roster")
    page.table.selectRow(0)
    member = page.selected_member()
    assert member is not None
    dialog = page._dialog(member)
    dialog.setModal(True)
    dialog.show()
    return dialog


def readable(dialog: QDialog, cover: QWidget) -> list[str]:
    """The fields of the form that can be seen somewhere: any point of a visible field (other than
    the cover) where the topmost widget is not the cover, on a grid over the whole form."""
    seen = []
    for field in dialog.findChildren(QWidget):
        if field is cover or cover.isAncestorOf(field) or not field.isVisible():
            continue
        if not isinstance(field, QLineEdit | QLabel):
            continue
        rect = field.rect()
        for x in range(0, rect.width(), 8):
            for y in range(0, rect.height(), 8):
                at = dialog.childAt(field.mapTo(dialog, QPoint(x, y)))
                if at is not None and at is not cover and not cover.isAncestorOf(at):
                    seen.append(field.text())
                    break
            else:
                continue
            break
    return seen


def unlock(qtbot, locker) -> None:  # type: ignore[no-untyped-def]
    """The password, where the lock asks it: in a small dialog above an open form, else on the window."""
    dialog = locker.unlock_dialog
    form = dialog.findChild(type(locker.screen.form)) if dialog is not None else locker.screen.form
    form.password.setText(PASSWORD)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not locker.locked, timeout=WAIT_MS)


def test_the_cover_follows_a_resized_form(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """TR-4: a form covered at 452×547 and then resized by 400×300 showed 联系电话 and the dates in
    the uncovered part. The cover now grows with the form, and a widget the form adds while locked
    comes up under it."""
    locker = window.locker
    dialog = member_form(window)
    qtbot.waitExposed(dialog)
    names = [edit.text() for edit in dialog.findChildren(QLineEdit)]
    assert "张红" in names  # the form shows the member
    assert locker.check_idle(time.monotonic() + 5 * 60 + 1)
    assert locker.locked and dialog.isVisible()
    [cover] = dialog.findChildren(QLabel, "lockCover")
    assert readable(dialog, cover) == []

    dialog.resize(dialog.width() + 400, dialog.height() + 300)
    qtbot.wait(20)
    assert cover.geometry() == dialog.rect()
    assert readable(dialog, cover) == []
    late = QLabel("13900000001", dialog)  # something the form shows after the lock
    late.setGeometry(0, 0, 200, 30)
    late.show()
    assert readable(dialog, cover) == []
    image = dialog.grab().toImage()  # what a screenshot shows: the cover's colour all around
    corners = {image.pixel(x, y) for x in (2, image.width() - 3) for y in (2, image.height() - 3)}
    assert corners == {cover.grab().toImage().pixel(2, 2)}

    unlock(qtbot, locker)
    qtbot.waitUntil(lambda: not dialog.findChildren(QLabel, "lockCover"), timeout=WAIT_MS)
    assert "张红" in [edit.text() for edit in dialog.findChildren(QLineEdit)]  # nothing typed is lost
    dialog.resize(dialog.width() - 100, dialog.height() - 100)  # the cover's watch ended with it
    dialog.close()
    window.context.pool.waitForDone()


def test_a_form_s_pending_date_check_runs_before_the_key_goes(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """TR-9: Ctrl+L within 300 ms of changing a meeting form's date: the form's sheet check ran after
    the key was dropped, and "操作没有完成：程序遇到了意外的问题…（KeyRequired…）" came up over the
    lock screen. The lock runs a form's pending database work first: no box, and the sheet is the
    roster of the new date."""
    from datetime import date

    from PySide6.QtWidgets import QMessageBox

    from branchdesk.domain.meetings.sitting import MeetingInput
    from branchdesk.ui.meetings.meeting_dialog import MeetingDialog

    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box.text()) or 0)
    locker = window.locker
    dialog = MeetingDialog(window.context, MeetingInput(), parent=window)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.date.set_value(date(2026, 6, 20))
    assert dialog._date_timer.isActive()
    locker.lock_now()
    assert locker.locked
    qtbot.wait(600)  # past the form's 300 ms
    assert boxes == []
    assert dialog._sheet_for is not None and dialog._sheet_for.day == date(2026, 6, 20)
    unlock(qtbot, locker)
    dialog.close()
    window.context.pool.waitForDone()


def test_a_summary_typed_just_before_the_lock_is_kept(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The 报表 page keeps a typed 年度工作总结 3 s after the last key: Ctrl+L before that keeps it
    first, instead of failing on the locked database once the time is up (TR-9, the same kind)."""
    from branchdesk.services.annual_report.summary_texts import kept_texts
    from tests.ui_typing import type_text

    locker = window.locker
    window.open_area("reports")
    page = window.page("reports")
    qtbot.waitUntil(lambda: bool(page.drafts), timeout=60_000)
    window.context.pool.waitForDone()  # the page's own checks: the lock would wait for them
    editor = page.editors["basic"]
    editor.setFocus()
    type_text(editor, "支部深入开展“五个一”行动。")
    assert page.save_timer.isActive()
    locker.lock_now()
    assert locker.locked and not page.save_timer.isActive()
    qtbot.wait(1000)  # the waiting save ran at the lock: nothing is left to run into the locked database
    unlock(qtbot, locker)
    qtbot.waitUntil(lambda: page.shown is not None, timeout=60_000)  # filled again from the database
    year, branch = page.shown
    assert "支部深入开展“五个一”行动。" in page.editors["basic"].toPlainText()
    assert "支部深入开展“五个一”行动。" in kept_texts(window.context.db, year, branch)["basic"].text
    window.context.pool.waitForDone()
