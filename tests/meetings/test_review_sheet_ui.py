"""T10-7: a new 民主评议党员 started from 新建记录 (all branches shown, so the form takes the roster
after it opens) had an empty 评议结果 sheet — no grade could be entered — until the kind was unticked
and ticked again. The sheet lists the members of the sign-in sheet whenever it does (MTG-YEARLY-REVIEW,
支部条例 第十八条: each full member graded, a 预备党员 不评定等次), follows it when the date changes the
roster, and keeps the grades already typed."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.services.meetings.records import get_meeting
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.meeting_dialog import MeetingDialog
from branchdesk.ui.meetings.meetings_page import MeetingsPage
from tests.meetings.helpers import make_branch

pytestmark = pytest.mark.usefixtures("message_boxes")


def _grades(dialog: MeetingDialog) -> dict[str, str]:
    model = dialog.review_model
    return {model.index(r, 0).data(): model.index(r, 2).data() for r in range(model.rowCount())}


def test_a_new_review_from_the_menu_lists_the_members_to_grade(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)  # 7 full members, 2 预备党员 since 2026-01-10
    page = MeetingsPage(AppContext(db))
    qtbot.addWidget(page)
    page.refresh()
    assert page.branch.currentData() is None  # 全部党支部: the form takes its branch's roster itself

    def grade_and_save(dialog: MeetingDialog) -> int:
        dialog.show()
        assert dialog.kinds() == (MeetingKind.REVIEW.value,) and dialog.sheet_model.rowCount() == 9
        grades = _grades(dialog)
        assert len(grades) == 9 and grades["吴预备"] == "不评定等次" and grades["王书记"] == ""
        assert dialog.tabs.isTabEnabled(2)
        names = list(grades)
        dialog.review_model.setData(dialog.review_model.index(names.index("王书记"), 2), "优秀")
        dialog.review_model.setData(dialog.review_model.index(names.index("赵一"), 2), "基本合格")
        dialog.date.edit.setFocus()
        dialog.date.edit.selectAll()
        QTest.keyClicks(dialog.date.edit, "2025.12.20")  # before the 预备党员 joined: off both sheets
        QTest.keyClick(dialog.date.edit, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: dialog.review_model.rowCount() == 7, timeout=5_000)
        assert _grades(dialog)["王书记"] == "优秀" and "吴预备" not in _grades(dialog)
        dialog.date.edit.setFocus()
        dialog.date.edit.selectAll()
        QTest.keyClicks(dialog.date.edit, "2026.11.20")
        QTest.keyClick(dialog.date.edit, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: dialog.review_model.rowCount() == 9, timeout=5_000)
        grades = _grades(dialog)
        assert grades["王书记"] == "优秀" and grades["赵一"] == "基本合格" and grades["郑预备"] == "不评定等次"
        for name in grades:  # the rest 合格
            if grades[name] == "":
                dialog.review_model.setData(dialog.review_model.index(list(grades).index(name), 2), "合格")
        dialog.topic.setText("2026年度民主评议党员")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(MeetingDialog, "exec", grade_and_save)
    dialog = page.new_meeting(MeetingKind.REVIEW.value, on=date(2026, 11, 20))
    assert dialog is not None and dialog.saved is not None, dialog.errors.text() if dialog else ""
    saved = {r.name: r.grade for r in get_meeting(db, dialog.saved.id).review_results}
    assert len(saved) == 9 and saved["王书记"] == "优秀" and saved["赵一"] == "基本合格"
    assert saved["钱二"] == "合格" and saved["吴预备"] == ""


def test_opening_a_saved_review_leaves_its_results_as_stored(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """A stored record whose grades list fewer people than its sheet (kept from a ledger) opens as it
    is: nothing added or dropped unless the sheet's members change."""
    from branchdesk.domain.meetings.sitting import ReviewResult
    from branchdesk.services.meetings.records import prefill, save_meeting

    branch = make_branch(db)
    data = prefill(db, MeetingKind.REVIEW.value, branch_id=branch.id, on=date(2026, 11, 20))
    data.review_results = [ReviewResult(branch.members["王书记"], "王书记", "优秀", "正式党员")]
    record = save_meeting(db, data).record
    dialog = MeetingDialog(AppContext(db), record.to_input(), record, None)
    qtbot.addWidget(dialog)
    qtbot.wait(400)  # the date's timer
    assert _grades(dialog) == {"王书记": "优秀"}


def test_ticking_the_review_after_the_date_changed_lists_that_days_members(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.meetings.records import prefill

    branch = make_branch(db)
    data = prefill(db, MeetingKind.LIFE.value, branch_id=branch.id, on=date(2026, 11, 20))
    dialog = MeetingDialog(AppContext(db), data, None, None)
    qtbot.addWidget(dialog)
    box = dialog.kind_boxes[MeetingKind.REVIEW.value]
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Space)
    assert len(_grades(dialog)) == 9
    QTest.keyClick(box, Qt.Key.Key_Space)  # unticked again, then an earlier date: 7 members that day
    dialog.date.edit.setFocus()
    dialog.date.edit.selectAll()
    QTest.keyClicks(dialog.date.edit, "2025.12.20")
    QTest.keyClick(dialog.date.edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: dialog.sheet_model.rowCount() == 7, timeout=5_000)
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked() and len(_grades(dialog)) == 7 and "吴预备" not in _grades(dialog)
