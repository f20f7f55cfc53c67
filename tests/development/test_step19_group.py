"""第19步 编入党支部和党小组 (细则 第二十八条): with several 党小组 the 上级党委's approval note asked for the
choice, but the step's form had no 党小组 field — the new 预备党员 stayed in no group, off every 党小组会
sign-in sheet. The form now lists the branch's 党小组 on the step's day, requires one when the branch
has any, and the roster keeps her in it from that day (services/development/placement.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from branchdesk.domain.development.records import PersonInput
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.membership import group_on
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.development import records as dev
from branchdesk.services.development.placement import group_choice
from branchdesk.services.errors import ValidationFailed
from branchdesk.services.roster.membership import move_branch
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import get_member, list_members, list_moves, save_member
from branchdesk.services.shared_reads import load_branch_moves
from branchdesk.ui.context import AppContext
from branchdesk.ui.development import dialogs
from branchdesk.ui.development.dialogs import StepDialog
from tests.ui_typing import type_date

BRANCH = "第二党支部"
ID = make_id_number("140202", date(1998, 4, 12), 31, False)
PLACED = date(2025, 4, 20)


@pytest.fixture
def approved(db, monkeypatch):  # type: ignore[no-untyped-def]
    """王小雨, approved on 2025-04-15 in a branch with two 党小组 (so in none of them yet)."""
    committee = create_org(db, "中共青山学校委员会", OrgKind.COMMITTEE)
    branch = create_org(db, BRANCH, OrgKind.BRANCH, committee.id)
    groups = {name: create_org(db, name, OrgKind.GROUP, branch.id).id for name in ("第一党小组", "第二党小组")}
    case = dev.save_person(db, PersonInput(name="王小雨", id_number=ID, branch=BRANCH, position="语文教师"))
    for step, day in ((1, date(2023, 3, 1)), (2, date(2023, 3, 20)), (3, date(2023, 9, 1)), (7, date(2024, 9, 10)),
                      (10, date(2024, 10, 1)), (12, date(2024, 10, 20)), (13, date(2024, 11, 1)),
                      (14, date(2024, 11, 5))):
        dev.save_step(db, case.id, dev.StepInput(step, day))
    dev.save_step(db, case.id, dev.StepInput(15, date(2025, 3, 10), voters_expected=15, voters_present=15,
                                             votes_for=15))
    dev.save_step(db, case.id, dev.StepInput(17, date(2025, 4, 15)))
    monkeypatch.setattr(dialogs, "ask_reason", lambda *_a: "补记")  # any other rule warning: not this test's
    return case.id, groups


def _member(db):  # type: ignore[no-untyped-def]
    (member,) = [m for m in list_members(db) if m.id_number == ID]
    return member


def _form(qtbot, db, case_id: int) -> StepDialog:  # type: ignore[no-untyped-def]
    dialog = StepDialog(AppContext(db), dev.get_case(db, case_id), 19)
    qtbot.addWidget(dialog)
    dialog.show()
    type_date(dialog.on, PLACED.isoformat())
    return dialog


def test_the_step_s_form_puts_her_in_the_group_chosen_from_that_day(qtbot, db, approved) -> None:  # type: ignore[no-untyped-def]
    case_id, groups = approved
    assert _member(db).group == ""
    dialog = _form(qtbot, db, case_id)
    listed = [dialog.group.itemText(i) for i in range(dialog.group.count())]
    assert listed == ["请选择党小组", "第一党小组", "第二党小组"]
    dialog.group.setFocus()
    QTest.keyClick(dialog.group, Qt.Key.Key_Down)
    QTest.keyClick(dialog.group, Qt.Key.Key_Down)  # 第二党小组
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == 1, dialog.error.text()
    member = _member(db)
    assert member.group == "第二党小组"
    assert "自 2025-04-20 编入第二党小组" in dialog.note
    with db.session() as session:
        moves = load_branch_moves(session).get(member.id, [])
    assert group_on(groups["第二党小组"], moves, date(2025, 4, 19)) is None  # not in it before the step
    assert group_on(groups["第二党小组"], moves, PLACED) == groups["第二党小组"]


def test_no_group_chosen_is_asked_for_and_nothing_is_saved(qtbot, db, approved) -> None:  # type: ignore[no-untyped-def]
    case_id, _groups = approved
    dialog = _form(qtbot, db, case_id)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == 0 and "请选择编入的党小组" in dialog.error.text()
    assert dev.get_case(db, case_id).on(19) is None and _member(db).group == ""
    with pytest.raises(ValidationFailed):  # the service asks too
        dev.save_step(db, case_id, dev.StepInput(19, PLACED, group_asked=True))
    assert dev.get_case(db, case_id).on(19) is None


def test_before_the_approval_the_step_is_recorded_and_the_group_waits(qtbot, db, approved) -> None:  # type: ignore[no-untyped-def]
    waiting = dev.save_person(db, PersonInput(name="李新", id_number=make_id_number("140202", date(1997, 5, 6), 41, True),
                                              branch=BRANCH))
    dev.save_step(db, waiting.id, dev.StepInput(1, date(2023, 3, 1)))  # no 上级党委审批: not on the roster
    dialog = StepDialog(AppContext(db), dev.get_case(db, waiting.id), 19)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.group.isEnabled() and dialog.group.currentText().startswith("上级党委审批")
    type_date(dialog.on, PLACED.isoformat())
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == 1, dialog.error.text()  # recorded as before; the group is chosen once she is rostered
    assert dev.get_case(db, waiting.id).on(19) == PLACED


# review rev4 of forms3: the step's 党小组调整 is the step's — corrected with it — and a step entered late,
# after the roster has since moved the member to another 党小组, does not undo that later move


def _group_on(db, member_id: int, day: date) -> int | None:  # type: ignore[no-untyped-def]
    member = get_member(db, member_id)
    with db.session() as session:
        moves = load_branch_moves(session).get(member_id, [])
    return group_on(member.group_id, moves, day)


def _step19(db, case_id: int, day: date, group: int) -> str:  # type: ignore[no-untyped-def]
    _case, note = dev.save_step(db, case_id, dev.StepInput(19, day, group_id=group, group_asked=True))
    return note


def test_a_corrected_step_date_moves_the_placement_with_it(db, approved) -> None:  # type: ignore[no-untyped-def]
    case_id, groups = approved
    _step19(db, case_id, PLACED, groups["第二党小组"])
    member = _member(db)
    earlier = date(2025, 4, 2)  # the day was mistyped: she was placed on 4月2日
    _step19(db, case_id, earlier, groups["第二党小组"])
    assert dev.get_case(db, case_id).on(19) == earlier
    assert _group_on(db, member.id, date(2025, 4, 10)) == groups["第二党小组"]  # on the 支部's sheet from 4月2日
    assert _group_on(db, member.id, date(2025, 4, 1)) is None
    assert [(kind, on) for kind, on, _w, _r in list_moves(db, member.id)] == [("党小组调整", earlier)]


def test_a_corrected_group_replaces_the_step_s_placement(db, approved) -> None:  # type: ignore[no-untyped-def]
    case_id, groups = approved
    _step19(db, case_id, PLACED, groups["第二党小组"])
    member = _member(db)
    _step19(db, case_id, PLACED, groups["第一党小组"])  # the wrong group had been chosen
    assert _member(db).group == "第一党小组"
    assert [(kind, on) for kind, on, _w, _r in list_moves(db, member.id)] == [("党小组调整", PLACED)]
    assert _group_on(db, member.id, date(2025, 4, 19)) is None
    assert _group_on(db, member.id, PLACED) == groups["第一党小组"]


def test_a_step_entered_late_does_not_undo_a_later_group_move(db, approved) -> None:  # type: ignore[no-untyped-def]
    case_id, groups = approved
    member = _member(db)
    record = get_member(db, member.id)  # the secretary put her in 第一党小组 on the roster (a blank filled in)
    save_member(db, replace(record.to_input(), group="第一党小组"), member.id, record.version)
    record = get_member(db, member.id)  # then moved her to 第二党小组 on 2026-03-01
    save_member(db, replace(record.to_input(), group="第二党小组", moved_on=date(2026, 3, 1)), member.id,
                record.version)
    # the step's form offers the group she was in on the step's day, not the roster's now
    assert group_choice(db, case_id, PLACED).current == groups["第一党小组"]
    _step19(db, case_id, PLACED, groups["第一党小组"])  # the step entered afterwards, as it was
    assert _member(db).group == "第二党小组"  # still where the roster has her now
    assert _group_on(db, member.id, date(2025, 6, 1)) == groups["第一党小组"]
    assert _group_on(db, member.id, date(2026, 3, 1)) == groups["第二党小组"]


def test_a_step_entered_late_in_another_group_than_the_roster_s_is_refused(db, approved) -> None:  # type: ignore[no-untyped-def]
    case_id, groups = approved
    member = _member(db)
    record = get_member(db, member.id)
    save_member(db, replace(record.to_input(), group="第一党小组"), member.id, record.version)
    record = get_member(db, member.id)
    save_member(db, replace(record.to_input(), group="第二党小组", moved_on=date(2026, 3, 1)), member.id,
                record.version)
    with pytest.raises(ValidationFailed) as caught:  # 第二党小组 on 2025-04-20 would rewrite the later move
        _step19(db, case_id, PLACED, groups["第二党小组"])
    assert "2026-03-01" in str(caught.value.errors)
    assert _member(db).group == "第二党小组" and dev.get_case(db, case_id).on(19) is None


def test_the_groups_offered_are_those_of_her_branch_on_the_step_s_day(qtbot, db, approved) -> None:  # type: ignore[no-untyped-def]
    case_id, groups = approved
    member = _member(db)
    other = create_org(db, "第三党支部", OrgKind.BRANCH, create_org(db, "某委员会", OrgKind.COMMITTEE).id)
    create_org(db, "第三支部党小组", OrgKind.GROUP, other.id)
    move_branch(db, member.id, other.id, date(2026, 3, 1))  # moved to another branch a year later
    offered = group_choice(db, case_id, PLACED)
    assert [name for _id, name in offered.groups] == ["第一党小组", "第二党小组"]  # 第二党支部's on 2025-04-20
    assert offered.moved_since == date(2026, 3, 1)
    with pytest.raises(ValidationFailed) as refused:  # a group before the move would rewrite it: said, not done
        _step19(db, case_id, PLACED, groups["第一党小组"])
    assert "2026-03-01" in str(refused.value.errors)
    # the step entered late, as a person does: the form says her group is the roster's to tell, and saves
    dialog = _form(qtbot, db, case_id)
    assert not dialog.group.isEnabled() and "2026-03-01" in dialog.group.currentText()
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == 1, dialog.error.text()
    assert dev.get_case(db, case_id).on(19) == PLACED
    assert get_member(db, member.id).branch == "第三党支部" and list_moves(db, member.id)[-1][0] == "支部调整"


def test_the_step_s_date_corrected_in_its_form_moves_her_placement(qtbot, db, approved) -> None:  # type: ignore[no-untyped-def]
    case_id, groups = approved
    _step19(db, case_id, PLACED, groups["第二党小组"])
    member = _member(db)
    dialog = StepDialog(AppContext(db), dev.get_case(db, case_id), 19)  # the step opened again
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.group.currentText() == "第二党小组"  # the group she was placed in
    type_date(dialog.on, "2025年4月2日")  # the day as the paper has it
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == 1, dialog.error.text()
    assert _group_on(db, member.id, date(2025, 4, 10)) == groups["第二党小组"]
    assert [(kind, on) for kind, on, _w, _r in list_moves(db, member.id)] == [("党小组调整", date(2025, 4, 2))]
