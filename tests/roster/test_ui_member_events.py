"""The dated member events in the window — 支部调整, 组织关系转入, 离开本单位, 党纪处分 — opened from the
组织与党员 page as a user opens them (the selected member, the 更多 menu's action), typed as a person
types (dates in the five spellings, Enter to move on), saved through the services, refused with the
service's words beside the form, and shown in the member's 修改记录."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from branchdesk.domain.roster.records import MemberRecord
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.roster.membership import list_branch_moves, list_discipline
from branchdesk.services.roster.organisation import list_orgs
from branchdesk.services.roster.records import get_member, list_members, list_moves, members_on
from branchdesk.ui.roster.discipline_dialog import DisciplineDialog
from branchdesk.ui.roster.member_dialog import MemberDialog
from branchdesk.ui.roster.move_dialog import MoveDialog
from branchdesk.ui.roster.roster_page import RosterPage
from branchdesk.ui.roster.transfer_dialog import TransferDialog
from tests.ui_typing import type_text

pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


def _select(page: RosterPage, pick: Callable[[MemberRecord], bool]) -> MemberRecord:
    row = next(r for r in range(page.proxy.rowCount()) if pick(page.proxy.record_at(r)))
    page.table.selectRow(row)
    return page.proxy.record_at(row)


def _run(monkeypatch: pytest.MonkeyPatch, cls: type[QDialog], fill: Callable[[QDialog], None]) -> list[QDialog]:
    """Replace the modal loop of `cls`: `fill` does what the person does in the open form."""
    opened: list[QDialog] = []

    def exec_(dialog: QDialog) -> int:
        opened.append(dialog)
        dialog.show()
        fill(dialog)
        return dialog.result()

    monkeypatch.setattr(cls, "exec", exec_)
    return opened


def _type_date(field, text: str) -> None:  # type: ignore[no-untyped-def]
    field.edit.setFocus()
    field.edit.selectAll()
    type_text(field.edit, text)  # key clicks; 年月日 as an input method commits them
    QTest.keyClick(field.edit, Qt.Key.Key_Return)  # Enter moves on, as after a date on paper


def _veteran(m: MemberRecord) -> bool:
    return m.join_date is not None and m.join_date < date(2020, 1, 1) and m.category == "正式党员"


def test_move_is_dated_as_typed_and_refused_to_the_same_branch(page, qtbot, monkeypatch, demo_db) -> None:  # type: ignore[no-untyped-def]
    member = _select(page, _veteran)
    others = [o for o in list_orgs(demo_db, OrgKind.BRANCH) if o.id != member.branch_id]
    target = others[0]
    groups = [o for o in list_orgs(demo_db, OrgKind.GROUP) if o.parent_id == target.id]
    moved_on = date(2026, 9, 1)

    def no_branch_chosen(dialog: MoveDialog) -> None:
        _type_date(dialog.on, "2026-09-01")
        dialog.save_button.click()

    opened = _run(monkeypatch, MoveDialog, no_branch_chosen)
    page.move_member()
    assert opened[0].errors["调入党支部"].text() == "请选择调入的党支部" and opened[0].result() == 0

    def same_branch(dialog: MoveDialog) -> None:
        dialog.branch.setCurrentIndex(dialog.branch.findData(member.branch_id))
        _type_date(dialog.on, "2026.9.1")
        dialog.save_button.click()

    opened = _run(monkeypatch, MoveDialog, same_branch)
    page.buttons["支部调整…"].trigger()  # the 更多 menu's (and the context menu's) entry
    assert "已在" in opened[0].refusal.text() and opened[0].refusal.isVisible()
    assert opened[0].result() == 0 and list_branch_moves(demo_db, member.id) == []

    def before_joining(dialog: MoveDialog) -> None:
        dialog.branch.setCurrentIndex(dialog.branch.findData(target.id))
        _type_date(dialog.on, f"{member.join_date - timedelta(days=1):%Y年%m月%d日}")
        dialog.save_button.click()

    opened = _run(monkeypatch, MoveDialog, before_joining)
    page.move_member()
    assert opened[0].refusal.text() == "调整日期不能早于入党日期" and opened[0].result() == 0

    def unreadable_then_right(dialog: MoveDialog) -> None:
        dialog.branch.setCurrentIndex(dialog.branch.findData(target.id))
        _type_date(dialog.on, "2026-13-01")
        dialog.save_button.click()
        assert dialog.result() == 0 and not dialog.on.error.isHidden()  # named beside the field
        _type_date(dialog.on, "2026/9/1")
        if groups:
            dialog.group.setCurrentIndex(dialog.group.findData(groups[0].id))
        dialog.reason.setFocus()
        type_text(dialog.reason, "任教年级调整")
        dialog.save_button.click()

    opened = _run(monkeypatch, MoveDialog, unreadable_then_right)
    with qtbot.waitSignal(page.context.data_changed, timeout=1000) as changed:  # 首页 and the others reload
        page.move_member()
    assert changed.args == ["roster"]
    assert opened[0].result() == QDialog.DialogCode.Accepted
    after = get_member(demo_db, member.id)
    assert after.branch_id == target.id and after.group_id == (groups[0].id if groups else None)
    assert [(m.on, m.to_branch, m.reason) for m in list_branch_moves(demo_db, member.id)] == [
        (moved_on, target.name, "任教年级调整")]
    # the day before the move the member is on the old branch's roster; that day and after, on the new one
    assert member.id in {m.id for m in members_on(demo_db, member.branch_id, moved_on - timedelta(days=1))}
    assert member.id not in {m.id for m in members_on(demo_db, member.branch_id, moved_on)}
    assert member.id in {m.id for m in members_on(demo_db, target.id, moved_on)}
    assert {m.id: m.branch for m in page.model.rows()}[member.id] == target.name  # the list reloaded


def test_the_member_form_dates_a_branch_change_and_keeps_the_rest(page, qtbot, monkeypatch, demo_db) -> None:  # type: ignore[no-untyped-def]
    member = _select(page, _veteran)
    target = next(o for o in list_orgs(demo_db, OrgKind.BRANCH) if o.id != member.branch_id)
    refs = list_orgs(demo_db)
    form = MemberDialog(page.context, [r for r in refs if r.kind == OrgKind.BRANCH.value],
                        [r for r in refs if r.kind == OrgKind.GROUP.value], member)
    qtbot.addWidget(form)
    assert not form.branch.isEnabled()  # a change of branch is dated: the field opens the 支部调整 form

    def move(dialog: MoveDialog) -> None:
        dialog.branch.setCurrentIndex(dialog.branch.findData(target.id))
        _type_date(dialog.on, "20260901")
        dialog.save_button.click()

    _run(monkeypatch, MoveDialog, move)
    form.position.setText("年级组长")
    form.move_button.click()
    assert form.moved and form.branch.currentData() == target.id
    form.save()  # saved against the member as the move left it: no conflict
    assert form.saved is not None and form.saved.branch_id == target.id and form.saved.position == "年级组长"
    assert [m.on for m in list_branch_moves(demo_db, member.id)] == [date(2026, 9, 1)]


def test_transfer_in_and_leaving_the_unit(page, monkeypatch, demo_db) -> None:  # type: ignore[no-untyped-def]
    member = _select(page, _veteran)

    def transfer_in(dialog: TransferDialog) -> None:
        _type_date(dialog.on, "2026-03-05")
        assert dialog.focusWidget() is dialog.where  # Enter moved on to the next field
        dialog.where.setFocus()
        type_text(dialog.where, "示范市第一中学党支部")
        dialog.save_button.click()

    assert {"支部调整…", "组织关系转入…", "离开本单位…", "党纪处分…"} <= set(page.buttons)
    opened = _run(monkeypatch, TransferDialog, transfer_in)
    page.buttons["组织关系转入…"].trigger()
    assert opened[0].result() == QDialog.DialogCode.Accepted
    assert ("转入", date(2026, 3, 5), "示范市第一中学党支部", "") in list_moves(demo_db, member.id)

    def leave_in_future(dialog: TransferDialog) -> None:
        _type_date(dialog.on, f"{date.today() + timedelta(days=1):%Y/%m/%d}")
        dialog.save_button.click()

    opened = _run(monkeypatch, TransferDialog, leave_in_future)
    page.left_unit()
    assert opened[0].refusal.text() == "离开日期不能晚于今天" and opened[0].result() == 0

    def leave(dialog: TransferDialog) -> None:
        _type_date(dialog.on, "2026年7月10日")
        dialog.where.setFocus()
        type_text(dialog.where, "退休离校")
        dialog.save_button.click()

    opened = _run(monkeypatch, TransferDialog, leave)
    page.left_unit()
    assert opened[0].result() == QDialog.DialogCode.Accepted
    assert ("离开本单位", date(2026, 7, 10), "退休离校", "") in list_moves(demo_db, member.id)
    assert {m.id: m.status for m in list_members(demo_db)}[member.id] == "在册"  # the relation is still here


def test_discipline_with_its_period(page, monkeypatch, demo_db) -> None:  # type: ignore[no-untyped-def]
    member = _select(page, _veteran)

    def too_long(dialog: DisciplineDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findText("留党察看"))
        assert dialog.two_years.isVisible()
        _type_date(dialog.on, "2025-10-09")
        _type_date(dialog.ends, "2027-10-10")  # a day past two years
        dialog.save_button.click()

    opened = _run(monkeypatch, DisciplineDialog, too_long)
    page.discipline()
    assert "不超过二年" in opened[0].refusal.text() and opened[0].result() == 0
    assert list_discipline(demo_db, member.id) == []

    def empty_date(dialog: DisciplineDialog) -> None:
        dialog.save_button.click()

    opened = _run(monkeypatch, DisciplineDialog, empty_date)
    page.discipline()
    assert opened[0].result() == 0 and not opened[0].on.error.isHidden()

    def one_year(dialog: DisciplineDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findText("留党察看"))
        _type_date(dialog.on, "2025/10/9")
        dialog.one_year.click()  # fills 期满日期 a year on
        assert dialog.ends.value() == date(2026, 10, 9)
        dialog.reason.setFocus()
        type_text(dialog.reason, "违反工作纪律")
        dialog.save_button.click()

    opened = _run(monkeypatch, DisciplineDialog, one_year)
    page.discipline()
    assert opened[0].result() == QDialog.DialogCode.Accepted
    [record] = list_discipline(demo_db, member.id)
    assert (record.kind, record.decided_on, record.ends_on, record.reason) == (
        "留党察看", date(2025, 10, 9), date(2026, 10, 9), "违反工作纪律")


def test_events_show_in_the_members_history_with_numbers_masked(page, monkeypatch, demo_db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.settings.history_dialog import HistoryDialog

    member = _select(page, _veteran)
    target = next(o for o in list_orgs(demo_db, OrgKind.BRANCH) if o.id != member.branch_id)

    def move(dialog: MoveDialog) -> None:
        dialog.branch.setCurrentIndex(dialog.branch.findData(target.id))
        _type_date(dialog.on, "2026-09-01")
        dialog.save_button.click()

    def warn(dialog: DisciplineDialog) -> None:
        _type_date(dialog.on, "2026-10-09")
        dialog.save_button.click()

    _run(monkeypatch, MoveDialog, move)
    page.move_member()
    _select(page, lambda m: m.id == member.id)
    _run(monkeypatch, DisciplineDialog, warn)
    page.discipline()
    _select(page, lambda m: m.id == member.id)
    shown: list[HistoryDialog] = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda self: shown.append(self) or 0)
    page.show_history()
    rows = [(e.action, e.field, e.old, e.new) for e in shown[0].model.rows()]
    assert any(f == "支部调整" and new.startswith("2026-09-01") and target.name in new for _, f, _, new in rows)
    assert ("修改", "所在党支部", member.branch, target.name) in rows  # named, not numbered
    assert any(f == "党纪处分" and new.startswith("2026-10-09 警告") for _, f, _, new in rows)
    assert member.id_number not in str(rows) and member.phone not in str(rows)
