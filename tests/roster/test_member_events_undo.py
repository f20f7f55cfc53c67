"""Correcting dated member events saved by mistake, at their boundaries: only the latest 支部调整 is
undone and the member returns to the branch (and 党小组) the move found them in; a corrected date
meets a new move's rules between its neighbours; 转入 / 离开本单位 / 党纪处分 are deleted whole;
every change is in the member's history and the history chain still verifies; the recycle bin does
not bring a 支部调整 back behind these rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from branchdesk.domain.vocabulary import DisciplineKind, MoveKind, OrgKind
from branchdesk.services import recycle_bin
from branchdesk.services.dues.records import record_transfer_in
from branchdesk.services.errors import RuleViolation
from branchdesk.services.history import verify_history
from branchdesk.services.roster.member_events import (
    correct_branch_move,
    delete_branch_move,
    delete_discipline,
    delete_unit_move,
    list_unit_moves,
)
from branchdesk.services.roster.member_history import member_history
from branchdesk.services.roster.membership import (
    list_branch_moves,
    list_discipline,
    mark_left_unit,
    move_branch,
    record_discipline,
)
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import get_member, list_moves, mark_left, members_on
from tests.meetings.helpers import BRANCH, OTHER, make_branch

JOINED = date(2005, 7, 1)  # every full member of make_branch
MAY, JUNE = date(2026, 5, 1), date(2026, 6, 1)


@pytest.fixture
def branch(db):  # type: ignore[no-untyped-def]
    return make_branch(db)


def _ids(db, branch_id: int, on: date) -> set[int]:  # type: ignore[no-untyped-def]
    return {m.id for m in members_on(db, branch_id, on)}


def test_undoing_the_latest_move_returns_the_member_to_the_branch_and_group(db, branch) -> None:  # type: ignore[no-untyped-def]
    zhao = branch.members["赵一"]
    before = get_member(db, zhao)
    assert before.group  # in one of the branch's 党小组
    move_branch(db, zhao, branch.other_id, MAY, "工作调整")
    assert zhao in _ids(db, branch.other_id, MAY) and zhao not in _ids(db, branch.id, MAY)
    [move] = list_branch_moves(db, zhao)

    assert delete_branch_move(db, move.id) == BRANCH
    after = get_member(db, zhao)
    assert (after.branch, after.group) == (BRANCH, before.group)
    assert list_branch_moves(db, zhao) == []
    for day in (MAY - timedelta(days=1), MAY, date.today()):  # on every day in the branch again
        assert zhao in _ids(db, branch.id, day) and zhao not in _ids(db, branch.other_id, day)
    rows = [(e.action, e.field, e.old, e.new) for e in member_history(db, zhao)]
    assert ("删除", "支部调整", f"2026-05-01 由“{BRANCH}”调整到“{OTHER}”（工作调整）", "") in rows
    assert ("修改", "所在党支部", OTHER, BRANCH) in rows
    checked, problems = verify_history(db)
    assert checked > 0 and problems == []


def test_only_the_latest_move_is_undone_and_each_returns_to_its_group(db, branch) -> None:  # type: ignore[no-untyped-def]
    zhao = branch.members["赵一"]
    original = get_member(db, zhao)
    retired_group = create_org(db, "退休第一党小组", OrgKind.GROUP, branch.other_id).id
    move_branch(db, zhao, branch.other_id, MAY, group_id=retired_group)
    move_branch(db, zhao, branch.id, JUNE, group_id=branch.group_ids["数学党小组"])
    first, second = list_branch_moves(db, zhao)
    with pytest.raises(RuleViolation, match="只能撤销最近一次支部调整：请先撤销 2026-06-01 的调整"):
        delete_branch_move(db, first.id)
    assert len(list_branch_moves(db, zhao)) == 2 and get_member(db, zhao).group == "数学党小组"

    delete_branch_move(db, second.id)
    assert (get_member(db, zhao).branch, get_member(db, zhao).group) == (OTHER, "退休第一党小组")
    assert zhao in _ids(db, branch.other_id, JUNE)
    delete_branch_move(db, first.id)  # now the latest
    assert (get_member(db, zhao).branch, get_member(db, zhao).group) == (BRANCH, original.group)


def test_a_group_deleted_since_is_not_restored(db, branch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.recycle_bin import move_to_bin

    zhao = branch.members["赵一"]
    group_id = get_member(db, zhao).group_id
    move_branch(db, zhao, branch.other_id, MAY)
    move_to_bin(db, "organisations", group_id)
    delete_branch_move(db, list_branch_moves(db, zhao)[0].id)
    assert (get_member(db, zhao).branch, get_member(db, zhao).group_id) == (BRANCH, None)


def test_no_return_to_a_dissolved_branch(db, branch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.records_start import set_branch_dates

    zhao = branch.members["赵一"]
    move_branch(db, zhao, branch.other_id, MAY)
    set_branch_dates(db, branch.id, None, JUNE)
    with pytest.raises(RuleViolation, match="已于 2026-06-01 撤销，不能回到原支部"):
        delete_branch_move(db, list_branch_moves(db, zhao)[0].id)
    assert get_member(db, zhao).branch == OTHER and len(list_branch_moves(db, zhao)) == 1


@pytest.mark.parametrize(("day", "refused"), [
    (MAY, "已有 2026-05-01 的支部调整，调整日期应晚于它"), (MAY + timedelta(days=1), None),
    (date.today() + timedelta(days=1), "不能晚于今天"), (date.today(), None)])
def test_correcting_the_latest_moves_date(db, branch, day, refused) -> None:  # type: ignore[no-untyped-def]
    zhao = branch.members["赵一"]
    move_branch(db, zhao, branch.other_id, MAY)
    move_branch(db, zhao, branch.id, JUNE, "调错了")
    latest = list_branch_moves(db, zhao)[-1]
    if refused:
        with pytest.raises(RuleViolation, match=refused):
            correct_branch_move(db, latest.id, day, "返回原支部")
        assert [(m.on, m.reason) for m in list_branch_moves(db, zhao)][-1] == (JUNE, "调错了")
    else:
        correct_branch_move(db, latest.id, day, " 返回原支部 ")
        assert [(m.on, m.reason) for m in list_branch_moves(db, zhao)][-1] == (day, "返回原支部")
        assert zhao in _ids(db, branch.other_id, day - timedelta(days=1))  # still in the other branch then
        assert zhao in _ids(db, branch.id, day) and zhao not in _ids(db, branch.other_id, day)
        rows = [(e.field, e.old, e.new) for e in member_history(db, zhao)]
        corrected = f"{day:%Y-%m-%d} 由“{OTHER}”调整到“{BRANCH}”（返回原支部）"  # the record, named as it is now
        assert (f"支部调整（{corrected}）·调整日期", "2026-06-01", f"{day:%Y-%m-%d}") in rows


@pytest.mark.parametrize(("day", "refused"), [
    (JOINED - timedelta(days=1), "不能早于入党日期"), (JOINED, None),
    (JUNE - timedelta(days=1), None), (JUNE, "之后还有 2026-06-01 的支部调整，调整日期应早于它")])
def test_correcting_an_earlier_move_keeps_it_between_its_neighbours(db, branch, day, refused) -> None:  # type: ignore[no-untyped-def]
    zhao = branch.members["赵一"]
    move_branch(db, zhao, branch.other_id, MAY)
    move_branch(db, zhao, branch.id, JUNE)
    first = list_branch_moves(db, zhao)[0]
    if refused:
        with pytest.raises(RuleViolation, match=refused):
            correct_branch_move(db, first.id, day, "")
        assert list_branch_moves(db, zhao)[0].on == MAY
    else:
        correct_branch_move(db, first.id, day, "")
        assert [m.on for m in list_branch_moves(db, zhao)] == [day, JUNE]


def test_a_corrected_date_stays_within_the_branch_life(db, branch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.records_start import set_branch_dates

    zhao = branch.members["赵一"]
    set_branch_dates(db, branch.other_id, date(2026, 4, 1), None)
    move_branch(db, zhao, branch.other_id, MAY)
    move = list_branch_moves(db, zhao)[0]
    with pytest.raises(RuleViolation, match="不能早于成立日期"):
        correct_branch_move(db, move.id, date(2026, 3, 31), "")
    correct_branch_move(db, move.id, date(2026, 4, 1), "")
    assert list_branch_moves(db, zhao)[0].on == date(2026, 4, 1)


def test_transfer_in_and_leaving_the_unit_are_deleted_whole(db, branch) -> None:  # type: ignore[no-untyped-def]
    qian = branch.members["钱二"]
    record_transfer_in(db, qian, date(2026, 3, 5), "示范市第一中学党支部")
    mark_left_unit(db, qian, date(2026, 7, 10), "县实验小学")
    kinds = frozenset({MoveKind.TRANSFER_IN.value, MoveKind.LEFT_UNIT.value})
    came, left = list_unit_moves(db, qian, kinds)
    delete_unit_move(db, left.id)
    assert list_moves(db, qian) == [(MoveKind.TRANSFER_IN.value, date(2026, 3, 5), "示范市第一中学党支部", "")]
    assert get_member(db, qian).status == "在册"
    delete_unit_move(db, came.id)
    assert list_moves(db, qian) == [] and list_unit_moves(db, qian, kinds) == []
    rows = [(e.action, e.field, e.old) for e in member_history(db, qian)]
    assert ("删除", "离开本单位", "2026-07-10，去向：县实验小学") in rows
    assert ("删除", "转入", "2026-03-05，转自：示范市第一中学党支部") in rows


def test_a_transfer_out_is_not_deleted_here(db, branch) -> None:  # type: ignore[no-untyped-def]
    qian = branch.members["钱二"]
    mark_left(db, qian, MoveKind.TRANSFER_OUT, date(2026, 3, 1), "县实验小学党支部")
    [out] = list_unit_moves(db, qian, frozenset({MoveKind.TRANSFER_OUT.value}))
    assert not out.deletable
    with pytest.raises(RuleViolation, match="恢复在册"):
        delete_unit_move(db, out.id)
    assert [k for k, *_ in list_moves(db, qian)] == ["转出"]


def test_discipline_is_deleted(db, branch) -> None:  # type: ignore[no-untyped-def]
    sun = branch.members["孙三"]
    record = record_discipline(db, sun, DisciplineKind.WARNING, date(2026, 6, 1), reason="重复登记")
    kept = record_discipline(db, sun, DisciplineKind.WARNING, date(2026, 6, 2))
    delete_discipline(db, record.id)
    assert list_discipline(db, sun) == [kept]
    assert ("删除", "党纪处分", "2026-06-01 警告（重复登记）") in [
        (e.action, e.field, e.old) for e in member_history(db, sun)]
    checked, problems = verify_history(db)
    assert checked > 0 and problems == []


def test_the_recycle_bin_does_not_bring_a_move_back_behind_the_rules(db, branch) -> None:  # type: ignore[no-untyped-def]
    zhao, qian = branch.members["赵一"], branch.members["钱二"]
    move_branch(db, zhao, branch.other_id, MAY)
    [move] = list_branch_moves(db, zhao)
    delete_branch_move(db, move.id)
    mark_left_unit(db, qian, date(2026, 7, 10))
    [left] = list_unit_moves(db, qian, frozenset({MoveKind.LEFT_UNIT.value}))
    delete_unit_move(db, left.id)
    binned = {(i.table, i.record_id, i.label) for i in recycle_bin.list_deleted(db)}
    assert {("member_moves", move.id, "支部调整"), ("member_moves", left.id, "离开本单位")} <= binned
    with pytest.raises(RuleViolation, match="支部调整不能从回收站恢复"):
        recycle_bin.restore(db, "member_moves", move.id)
    assert get_member(db, zhao).branch == BRANCH and list_branch_moves(db, zhao) == []
    recycle_bin.restore(db, "member_moves", left.id)  # a 离开本单位 of a member still on the roster
    assert [k for k, *_ in list_moves(db, qian)] == ["离开本单位"]
    delete_unit_move(db, left.id)
    mark_left(db, qian, MoveKind.TRANSFER_OUT, date(2026, 8, 1), "县实验小学党支部")
    with pytest.raises(RuleViolation, match="已不在册"):
        recycle_bin.restore(db, "member_moves", left.id)
