"""Correcting a 党纪处分 or a 组织关系转入 in the window, as a person does it: open the form from the
组织与党员 page, walk to the earlier record with the keyboard, press Enter (or 修改此记录), find the
form filled with what was saved, retype what was wrong, and see the list as it is now. The commonest
case: the day a 留党察看 ended, added when it ends."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from branchdesk.domain.vocabulary import DisciplineKind, MoveKind
from branchdesk.services.dues.records import record_transfer_in
from branchdesk.services.roster.membership import list_discipline, record_discipline
from branchdesk.services.roster.records import list_moves, mark_left
from branchdesk.ui.roster.discipline_dialog import DisciplineDialog
from branchdesk.ui.roster.transfer_dialog import TransferDialog
from tests.roster.test_ui_member_events import _run, _select, _type_date, _veteran
from tests.roster.test_ui_member_undo import _pick
from tests.ui_typing import type_text

DECIDED = date(2025, 3, 10)


def _lines(dialog: QDialog) -> list[str]:
    return [dialog.history.item(i).text() for i in range(dialog.history.count())]  # type: ignore[attr-defined]


def test_the_end_of_a_probation_is_added_with_the_keyboard(page, monkeypatch, message_boxes, demo_db) -> None:  # type: ignore[no-untyped-def]
    member = _select(page, _veteran)
    record = record_discipline(demo_db, member.id, DisciplineKind.PROBATION, DECIDED, reason="县教育局党委")
    lines: list[list[str]] = []

    def fill(dialog: DisciplineDialog) -> None:
        if dialog.record is None:  # the list of earlier 处分: walk to it and press Enter
            _pick(dialog, 0)
            QTest.keyClick(dialog.history, Qt.Key.Key_Return)
            lines.append(_lines(dialog))
            dialog.reject()
            return
        assert dialog.windowTitle() == f"修改党纪处分 — {member.name}"
        assert (dialog.kind.currentText(), dialog.on.value(), dialog.reason.text()) == ("留党察看", DECIDED, "县教育局党委")
        assert dialog.focusWidget() is dialog.ends.edit  # what is added later is where the cursor is
        _type_date(dialog.ends, "2027年3月11日")  # more than two years: refused, nothing saved
        dialog.save_button.click()
        assert "留党察看最长不超过二年" in dialog.refusal.text() and dialog.result() == 0
        _type_date(dialog.ends, "2026.3.10")
        dialog.save_button.click()

    opened = _run(monkeypatch, DisciplineDialog, fill)
    page.discipline()
    assert [d.result() for d in opened] == [QDialog.DialogCode.Rejected, QDialog.DialogCode.Accepted]
    assert lines == [["2025-03-10 留党察看，2026-03-10 期满（县教育局党委）"]]
    [now] = list_discipline(demo_db, member.id)
    assert (now.id, now.ends_on) == (record.id, date(2026, 3, 10))
    assert message_boxes.questions == []  # a correction asks nothing: the form shows what is saved


def test_a_transfer_ins_date_and_origin_are_corrected(page, monkeypatch, message_boxes, demo_db) -> None:  # type: ignore[no-untyped-def]
    member = _select(page, _veteran)
    record_transfer_in(demo_db, member.id, date(2026, 3, 5), "示范市第一中学党支部")
    lines: list[list[str]] = []

    def fill(dialog: TransferDialog) -> None:
        if dialog.record is None:
            _pick(dialog, 0)
            assert dialog.edit_button.text() == "修改此记录(&E)" and dialog.edit_button.isEnabled()
            dialog.edit_button.click()
            lines.append(_lines(dialog))
            dialog.reject()
            return
        assert (dialog.on.value(), dialog.where.text()) == (date(2026, 3, 5), "示范市第一中学党支部")
        _type_date(dialog.on, f"{date.today() + timedelta(days=1):%Y/%m/%d}")
        dialog.save_button.click()
        assert dialog.refusal.text() == "转入日期不能晚于今天" and dialog.result() == 0
        _type_date(dialog.on, "2026-03-01")
        dialog.where.setFocus()
        dialog.where.selectAll()
        type_text(dialog.where, "示范市第二中学党支部")
        dialog.save_button.click()

    _run(monkeypatch, TransferDialog, fill)
    page.left_unit()  # the 离开本单位 form lists the 转入 too, and opens it in a 转入 form
    assert lines == [["2026-03-01 转入 示范市第二中学党支部"]]
    assert list_moves(demo_db, member.id) == [(MoveKind.TRANSFER_IN.value, date(2026, 3, 1), "示范市第二中学党支部", "")]


def test_enter_on_the_list_never_saves_an_empty_new_record(page, monkeypatch, message_boxes, demo_db) -> None:  # type: ignore[no-untyped-def]
    """Enter on a record that cannot be corrected here (a 转出) says why — it is not passed on to the
    form's 保存, which would try to save the empty new record."""
    member = _select(page, _veteran)
    mark_left(demo_db, member.id, MoveKind.TRANSFER_OUT, date(2026, 3, 1), "县实验小学党支部")
    seen: list[tuple[bool, str, str]] = []

    def fill(dialog: TransferDialog) -> None:
        _pick(dialog, 0)
        QTest.keyClick(dialog.history, Qt.Key.Key_Return)
        # still open, the reason in the refusal line and no date problem shown: 保存 was not pressed
        seen.append((dialog.isVisible(), dialog.refusal.text(), dialog.on.error.text()))
        dialog.reject()

    opened = _run(monkeypatch, TransferDialog, fill)
    page.transfer_in()
    assert seen == [(True, "“转出”记录不能在这里修改：转出请用“恢复在册”，恢复在册请用“标记离开”。", "")]
    assert len(opened) == 1  # no correction form opened for a 转出
    assert [k for k, *_ in list_moves(demo_db, member.id)] == ["转出"]


def test_one_click_or_tab_then_enter_opens_the_record(page, qtbot, monkeypatch, message_boxes, demo_db) -> None:  # type: ignore[no-untyped-def]
    """The ways a person reaches the one record in the list: a mouse click enables 修改此记录 and
    删除此记录; Tab into the list (the row has the focus frame, nothing selected) and Enter opens it."""
    member = _select(page, _veteran)
    record_discipline(demo_db, member.id, DisciplineKind.PROBATION, DECIDED)
    states: list[tuple[bool, bool]] = []
    corrections: list[str] = []

    def fill(dialog: DisciplineDialog) -> None:
        if dialog.record is not None:
            corrections.append(dialog.windowTitle())
            dialog.reject()
            return
        assert not dialog.edit_button.isEnabled()
        rect = dialog.history.visualItemRect(dialog.history.item(0))
        QTest.mouseClick(dialog.history.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        states.append((dialog.edit_button.isEnabled(), dialog.delete_button.isEnabled()))
        dialog.history.clearSelection()
        dialog.history.setFocus()  # as after Tab: the current row framed, not selected
        assert dialog.selected() is None
        QTest.keyClick(dialog.history, Qt.Key.Key_Return)
        assert dialog.on.error.text() == ""  # the empty new record was not saved
        dialog.reject()

    _run(monkeypatch, DisciplineDialog, fill)
    page.discipline()
    assert states == [(True, True)]
    assert corrections == [f"修改党纪处分 — {member.name}"]
    assert len(list_discipline(demo_db, member.id)) == 1
