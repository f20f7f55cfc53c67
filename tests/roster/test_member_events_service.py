"""The services behind the window's event forms, at their boundaries: a 支部调整 into a chosen 党小组,
the moves listed with branch names, 离开本单位 and 党纪处分 dated neither in the future nor before the
member joined, 留党察看 at most two years (党章 第四十条), and the member's history with the events."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from branchdesk.domain.dates import add_years
from branchdesk.domain.vocabulary import DisciplineKind, MoveKind, OrgKind
from branchdesk.services.errors import RuleViolation
from branchdesk.services.roster.member_history import member_history
from branchdesk.services.roster.membership import (
    list_branch_moves,
    list_discipline,
    mark_left_unit,
    move_branch,
    record_discipline,
)
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import get_member, list_moves, mark_left
from tests.meetings.helpers import BRANCH, OTHER, make_branch

JOINED = date(2005, 7, 1)  # every full member of make_branch


@pytest.fixture
def branch(db):  # type: ignore[no-untyped-def]
    return make_branch(db)


def test_a_move_into_a_group_of_the_target_branch(db, branch) -> None:  # type: ignore[no-untyped-def]
    zhao = branch.members["赵一"]
    retired_group = create_org(db, "退休第一党小组", OrgKind.GROUP, branch.other_id).id
    with pytest.raises(RuleViolation, match="没有这个党小组"):  # a group of the branch being left
        move_branch(db, zhao, branch.other_id, date(2026, 5, 1), group_id=branch.group_ids["语文党小组"])
    assert get_member(db, zhao).branch == BRANCH  # nothing half-written
    move_branch(db, zhao, branch.other_id, date(2026, 5, 1), "退休", group_id=retired_group)
    after = get_member(db, zhao)
    assert (after.branch, after.group) == (OTHER, "退休第一党小组")
    assert [(m.on, m.from_branch, m.to_branch, m.reason) for m in list_branch_moves(db, zhao)] == [
        (date(2026, 5, 1), BRANCH, OTHER, "退休")]


@pytest.mark.parametrize(("day", "refused"), [
    (JOINED - timedelta(days=1), "不能早于入党日期"), (JOINED, None),
    (date.today() + timedelta(days=1), "不能晚于今天"), (date.today(), None)])
def test_leaving_the_unit_is_dated_within_membership(db, branch, day, refused) -> None:  # type: ignore[no-untyped-def]
    member = branch.members["钱二"]
    if refused:
        with pytest.raises(RuleViolation, match=refused):
            mark_left_unit(db, member, day, "县实验小学")
        assert not [k for k, *_ in list_moves(db, member)]
    else:
        mark_left_unit(db, member, day, "县实验小学")
        assert list_moves(db, member) == [(MoveKind.LEFT_UNIT.value, day, "县实验小学", "")]


def test_leaving_the_unit_is_refused_for_a_member_no_longer_on_the_roster(db, branch) -> None:  # type: ignore[no-untyped-def]
    member = branch.members["钱二"]
    mark_left(db, member, MoveKind.TRANSFER_OUT, date(2026, 3, 1), "县实验小学党支部")
    with pytest.raises(RuleViolation, match="已是“转出”状态"):
        mark_left_unit(db, member, date(2026, 3, 2))


@pytest.mark.parametrize(("ends", "refused"), [
    (add_years(date(2025, 10, 9), 2), False), (add_years(date(2025, 10, 9), 2) + timedelta(days=1), True),
    (None, False)])
def test_probation_lasts_at_most_two_years(db, branch, ends, refused) -> None:  # type: ignore[no-untyped-def]
    member = branch.members["孙三"]
    if refused:
        with pytest.raises(RuleViolation, match="不超过二年"):
            record_discipline(db, member, DisciplineKind.PROBATION, date(2025, 10, 9), ends)
        assert list_discipline(db, member) == []
    else:
        record_discipline(db, member, DisciplineKind.PROBATION, date(2025, 10, 9), ends)
        assert [r.ends_on for r in list_discipline(db, member)] == [ends]


def test_discipline_is_dated_within_membership(db, branch) -> None:  # type: ignore[no-untyped-def]
    member = branch.members["孙三"]
    with pytest.raises(RuleViolation, match="不能早于入党日期"):
        record_discipline(db, member, DisciplineKind.WARNING, JOINED - timedelta(days=1))
    with pytest.raises(RuleViolation, match="不能晚于今天"):
        record_discipline(db, member, DisciplineKind.WARNING, date.today() + timedelta(days=1))
    record_discipline(db, member, DisciplineKind.WARNING, JOINED)
    assert [r.kind for r in list_discipline(db, member)] == ["警告"]


def test_member_history_holds_the_events_with_names(db, branch) -> None:  # type: ignore[no-untyped-def]
    zhao = branch.members["赵一"]
    move_branch(db, zhao, branch.other_id, date(2026, 5, 1), "工作调整")
    record_discipline(db, zhao, DisciplineKind.SERIOUS_WARNING, date(2026, 6, 1), reason="县教育局党委 决定")
    mark_left_unit(db, zhao, date(2026, 7, 1), "县实验小学")
    entries = member_history(db, zhao)
    fields = {e.field: e for e in entries}
    assert fields["支部调整"].new == f"2026-05-01 由“{BRANCH}”调整到“{OTHER}”（工作调整）"
    assert fields["党纪处分"].new == "2026-06-01 严重警告（县教育局党委 决定）"
    assert fields["离开本单位"].new == "2026-07-01，去向：县实验小学"
    assert ("修改", "所在党支部", BRANCH, OTHER) in [(e.action, e.field, e.old, e.new) for e in entries]
    member = get_member(db, zhao)
    shown = " ".join(e.new for e in entries)
    assert member.id_number not in shown and member.id_number[:6] in shown  # masked, as everywhere
    assert member.id_number in " ".join(e.new for e in member_history(db, zhao, masked=False))
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)


@pytest.mark.parametrize(("founded", "dissolved", "refused"), [
    (date(2026, 5, 2), None, "不能早于成立日期"), (date(2026, 5, 1), None, None),
    (None, date(2026, 5, 1), "已于 2026-05-01 撤销"), (None, date(2026, 5, 2), None)])
def test_a_move_falls_within_the_target_branchs_life(db, branch, founded, dissolved, refused) -> None:  # type: ignore[no-untyped-def]
    """A member moved on 2026-05-01 into a branch founded or dissolved around that day."""
    from branchdesk.services.records_start import set_branch_dates

    set_branch_dates(db, branch.other_id, founded, dissolved)
    zhao = branch.members["赵一"]
    if refused:
        with pytest.raises(RuleViolation, match=refused):
            move_branch(db, zhao, branch.other_id, date(2026, 5, 1))
        assert list_branch_moves(db, zhao) == []
    else:
        move_branch(db, zhao, branch.other_id, date(2026, 5, 1))
        assert get_member(db, zhao).branch == OTHER
