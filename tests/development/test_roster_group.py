"""A person the 上级党委 approved joins the roster in a 党小组 when the branch leaves no choice (trial K,
TK-6: 第19步 编入党支部和党小组 was 已完成 but 王小雨 had no 党小组 in a branch with exactly one, so she was
left off every 党小组会 sign-in sheet — services/meetings/attendance.py keeps a 党小组会's own group;
支部条例 第十三条). With one live 党小组 she is put in it and the message says so; with several the
message asks for the choice at 第19步 编入党支部和党小组 (nothing is guessed); with none nothing is said."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.development.records import PersonInput
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.development import records as dev
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import list_members

BRANCH = "第二党支部"
ID = make_id_number("140202", date(1998, 4, 12), 31, False)


def _approved(db) -> str:  # type: ignore[no-untyped-def]
    case = dev.save_person(db, PersonInput(name="王小雨", id_number=ID, branch=BRANCH, position="语文教师"))
    for step, day in ((1, date(2023, 3, 1)), (2, date(2023, 3, 20)), (3, date(2023, 9, 1)), (7, date(2024, 9, 10)),
                      (10, date(2024, 10, 1)), (12, date(2024, 10, 20)), (13, date(2024, 11, 1)),
                      (14, date(2024, 11, 5))):
        dev.save_step(db, case.id, dev.StepInput(step, day))
    dev.save_step(db, case.id, dev.StepInput(15, date(2025, 3, 10), voters_expected=15, voters_present=15,
                                             votes_for=15))
    return dev.save_step(db, case.id, dev.StepInput(17, date(2025, 4, 15)))[1]


def _branch(db, groups: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    committee = create_org(db, "中共青山学校委员会", OrgKind.COMMITTEE)
    branch = create_org(db, BRANCH, OrgKind.BRANCH, committee.id)
    for name in groups:
        create_org(db, name, OrgKind.GROUP, branch.id)


def _member(db):
    (member,) = [m for m in list_members(db) if m.id_number == ID]
    return member


def test_the_one_group_of_the_branch_takes_her(db) -> None:  # type: ignore[no-untyped-def]
    _branch(db, ("第一党小组",))
    note = _approved(db)
    assert _member(db).group == "第一党小组"
    assert "第二党支部第一党小组" in note and "已编入党员名册" in note


def test_several_groups_ask_for_the_choice(db) -> None:  # type: ignore[no-untyped-def]
    _branch(db, ("第一党小组", "第二党小组"))
    note = _approved(db)
    assert _member(db).group == ""
    assert "请在第19步“编入党支部和党小组”中选择党小组" in note


def test_a_branch_without_groups_says_nothing_of_them(db) -> None:  # type: ignore[no-untyped-def]
    _branch(db, ())
    note = _approved(db)
    assert _member(db).group == "" and "党小组" not in note
