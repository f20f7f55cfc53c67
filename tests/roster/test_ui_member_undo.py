"""Correcting a dated member event in the window, as a person does it: open the form from the
组织与党员 page, select the earlier event with the keyboard, press Delete (or 删除此记录), answer the
question that names the event, and see the list and the member's branch as they are now — also when
the form is then closed with Esc."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMessageBox

from branchdesk.domain.vocabulary import DisciplineKind, OrgKind
from branchdesk.services.dues.records import record_transfer_in
from branchdesk.services.roster.membership import (
    list_branch_moves,
    list_discipline,
    move_branch,
    record_discipline,
)
from branchdesk.services.roster.organisation import list_orgs
from branchdesk.services.roster.records import get_member, list_moves, members_on
from branchdesk.ui.roster.discipline_dialog import DisciplineDialog
from branchdesk.ui.roster.member_dialog import MemberDialog
from branchdesk.ui.roster.move_correction import MoveCorrectionDialog
from branchdesk.ui.roster.move_dialog import MoveDialog
from branchdesk.ui.roster.transfer_dialog import TransferDialog
from tests.roster.test_ui_member_events import _run, _select, _type_date, _veteran
from tests.ui_typing import type_text

MAY, JUNE = date(2026, 5, 1), date(2026, 6, 1)


def _pick(dialog, presses: int) -> None:  # type: ignore[no-untyped-def]
    """Tab to the list and walk down to the event, as a keyboard user does (Home, then Down)."""
    dialog.history.setFocus()
    QTest.keyClick(dialog.history, Qt.Key.Key_Home)
    for _ in range(presses):
        QTest.keyClick(dialog.history, Qt.Key.Key_Down)


def test_the_latest_move_is_undone_from_its_form(page, monkeypatch, message_boxes, demo_db) -> None:  # type: ignore[no-untyped-def]
    member = _select(page, _veteran)
    target = next(o for o in list_orgs(demo_db, OrgKind.BRANCH) if o.id != member.branch_id)
    move_branch(demo_db, member.id, target.id, JUNE, "误选支部")
    page.reload_members()
    _select(page, lambda m: m.id == member.id)
    seen: dict[str, object] = {}

    def undo(dialog: MoveDialog) -> None:
        assert not dialog.delete_button.isEnabled()  # nothing selected yet
        _pick(dialog, 0)
        assert dialog.delete_button.isEnabled() and dialog.edit_button.isEnabled()
        QTest.keyClick(dialog.history, Qt.Key.Key_Delete)
        seen["left"] = dialog.history.isVisible()
        seen["title"] = dialog.history_title.text()
        seen["who"] = dialog.who.text()
        QTest.keyClick(dialog, Qt.Key.Key_Escape)  # closed without saving a new move

    opened = _run(monkeypatch, MoveDialog, undo)
    page.buttons["支部调整…"].trigger()
    assert opened[0].result() == QDialog.DialogCode.Rejected
    [question] = message_boxes.questions
    assert f"2026-06-01 由“{member.branch}”调整到“{target.name}”（误选支部）" in question
    assert f"{member.name}回到“{member.branch}”" in question
    assert seen == {"left": False, "title": "以往的支部调整：无",  # what can be done with rows: only when some
                    "who": seen["who"]} and member.branch in str(seen["who"])
    after = get_member(demo_db, member.id)
    assert (after.branch_id, after.group_id) == (member.branch_id, member.group_id)
    assert list_branch_moves(demo_db, member.id) == []
    assert member.id in {m.id for m in members_on(demo_db, member.branch_id, JUNE)}
    assert {m.id: m.branch for m in page.model.rows()}[member.id] == member.branch  # the page reloaded


def test_an_earlier_move_is_refused_without_a_question(page, monkeypatch, message_boxes, demo_db) -> None:  # type: ignore[no-untyped-def]
    member = _select(page, _veteran)
    target = next(o for o in list_orgs(demo_db, OrgKind.BRANCH) if o.id != member.branch_id)
    move_branch(demo_db, member.id, target.id, MAY)
    move_branch(demo_db, member.id, member.branch_id, JUNE)
    page.reload_members()
    _select(page, lambda m: m.id == member.id)

    def earlier(dialog: MoveDialog) -> None:
        _pick(dialog, 1)  # newest first: the second line is May's
        dialog.delete_button.click()

    opened = _run(monkeypatch, MoveDialog, earlier)
    page.move_member()
    assert opened[0].refusal.text() == "只能撤销最近一次支部调整：请先撤销 2026-06-01 的调整"
    assert message_boxes.questions == [] and len(list_branch_moves(demo_db, member.id)) == 2


def test_a_moves_date_and_reason_are_corrected(page, monkeypatch, message_boxes, demo_db) -> None:  # type: ignore[no-untyped-def]
    member = _select(page, _veteran)
    target = next(o for o in list_orgs(demo_db, OrgKind.BRANCH) if o.id != member.branch_id)
    move_branch(demo_db, member.id, target.id, JUNE, "工作调整")
    page.reload_members()
    _select(page, lambda m: m.id == member.id)

    def correct(form: MoveCorrectionDialog) -> None:
        assert form.on.value() == JUNE and form.reason.text() == "工作调整"  # as saved, ready to retype
        _type_date(form.on, f"{date.today() + timedelta(days=1):%Y/%m/%d}")
        form.save_button.click()
        assert form.refusal.text() == "调整日期不能晚于今天" and form.result() == 0  # a new move's rule
        _type_date(form.on, "2026年5月1日")
        form.reason.setFocus()
        form.reason.selectAll()
        type_text(form.reason, "任教年级调整")
        form.save_button.click()

    corrections = _run(monkeypatch, MoveCorrectionDialog, correct)
    lines: list[str] = []

    def edit(dialog: MoveDialog) -> None:
        _pick(dialog, 0)
        dialog.edit_button.click()
        lines.extend(dialog.history.item(i).text() for i in range(dialog.history.count()))
        dialog.reject()

    _run(monkeypatch, MoveDialog, edit)
    page.move_member()
    assert corrections[0].result() == QDialog.DialogCode.Accepted
    assert lines == [f"2026-05-01 由“{member.branch}”调整到“{target.name}”（任教年级调整）"]
    assert [(m.on, m.reason) for m in list_branch_moves(demo_db, member.id)] == [(MAY, "任教年级调整")]
    assert get_member(demo_db, member.id).branch_id == target.id  # the branch is not changed by a correction
    assert message_boxes.questions == []


def test_a_transfer_in_and_leaving_are_deleted_and_no_keeps_them(page, monkeypatch, message_boxes, demo_db) -> None:  # type: ignore[no-untyped-def]
    member = _select(page, _veteran)
    record_transfer_in(demo_db, member.id, date(2026, 3, 5), "示范市第一中学党支部")
    counts: list[int] = []

    def keep(dialog: TransferDialog) -> None:
        _pick(dialog, 0)
        dialog.delete_button.click()
        counts.append(dialog.history.count())
        dialog.reject()

    message_boxes.answer = QMessageBox.StandardButton.No
    _run(monkeypatch, TransferDialog, keep)
    page.left_unit()
    assert counts == [1] and [k for k, *_ in list_moves(demo_db, member.id)] == ["转入"]
    assert "2026-03-05 转入 示范市第一中学党支部" in message_boxes.questions[0]

    def delete(dialog: TransferDialog) -> None:
        _pick(dialog, 0)
        QTest.keyClick(dialog.history, Qt.Key.Key_Delete)
        counts.append(dialog.history.count())
        dialog.reject()

    message_boxes.answer = QMessageBox.StandardButton.Yes
    _run(monkeypatch, TransferDialog, delete)
    page.transfer_in()
    assert counts == [1, 0] and list_moves(demo_db, member.id) == []


def test_a_discipline_entered_twice_is_deleted(page, monkeypatch, message_boxes, demo_db) -> None:  # type: ignore[no-untyped-def]
    member = _select(page, _veteran)
    record_discipline(demo_db, member.id, DisciplineKind.WARNING, date(2026, 6, 1))
    kept = record_discipline(demo_db, member.id, DisciplineKind.WARNING, date(2026, 6, 2), reason="县教育局党委")

    def delete(dialog: DisciplineDialog) -> None:
        _pick(dialog, 1)  # the older one
        dialog.delete_button.click()
        assert [dialog.history.item(i).text() for i in range(dialog.history.count())] == [
            "2026-06-02 警告（县教育局党委）"]
        dialog.reject()

    _run(monkeypatch, DisciplineDialog, delete)
    page.discipline()
    assert "2026-06-01 警告" in message_boxes.questions[0]
    assert list_discipline(demo_db, member.id) == [kept]


def test_the_member_form_follows_a_move_undone_from_it(page, qtbot, monkeypatch, message_boxes, demo_db) -> None:  # type: ignore[no-untyped-def]
    member = _select(page, _veteran)
    target = next(o for o in list_orgs(demo_db, OrgKind.BRANCH) if o.id != member.branch_id)
    move_branch(demo_db, member.id, target.id, JUNE)
    moved = get_member(demo_db, member.id)
    refs = list_orgs(demo_db)
    form = MemberDialog(page.context, [r for r in refs if r.kind == OrgKind.BRANCH.value],
                        [r for r in refs if r.kind == OrgKind.GROUP.value], moved)
    qtbot.addWidget(form)
    assert form.branch.currentData() == target.id

    def undo(dialog: MoveDialog) -> None:
        _pick(dialog, 0)
        QTest.keyClick(dialog.history, Qt.Key.Key_Delete)
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    _run(monkeypatch, MoveDialog, undo)
    form.position.setFocus()
    form.position.selectAll()
    type_text(form.position, "年级组长")
    form.move_button.click()
    assert form.moved and form.branch.currentData() == member.branch_id
    form.save()  # saved against the member as the undo left it: no conflict, the branch stays restored
    assert form.saved is not None and (form.saved.branch_id, form.saved.position) == (member.branch_id, "年级组长")
