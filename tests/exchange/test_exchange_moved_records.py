"""What a branch's PC entered about a member before the member left the branch reaches the committee
(数据包; nothing a user entered is silently dropped). A member moves to another 党支部 — on the branch's
PC, or at the committee before the branch has heard of it — while the branch's PC holds changes of
hers not yet sent: an edit of her roster entry, a study record. They go up with the next 上报, whole,
and the committee keeps them (its copy of the member and her records now the new branch's)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.models import Member, Organisation, StudyRecord
from branchdesk.services.exchange import records as exchange
from branchdesk.services.roster import membership
from tests.exchange.exchange_helpers import edit_member, join_branch, member, org_id, send
from tests.exchange.test_exchange_moves import _group_of

ON = date(2025, 9, 1)


def _study(db, name: str, title: str) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        who = s.scalars(select(Member).where(Member.name == name)).one()
        s.add(StudyRecord(member_id=who.id, study_date=date(2025, 8, 20), hours=Decimal(4), form="网络培训",
                          title=title))


def _studies(db, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        who = s.scalars(select(Member.id).where(Member.name == name)).one()
        return list(s.scalars(select(StudyRecord.title).where(StudyRecord.member_id == who)))


def test_what_the_branch_entered_before_it_moved_a_member_goes_up_with_the_move(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    committee, branch = joined
    second = join_branch(committee, "第二党支部", tmp_path)
    try:
        assert send(second, committee, tmp_path).ok
        edit_member(branch, "第一党员2", phone="13100000000")
        _study(branch, "第一党员2", "暑期学习")
        membership.move_branch(branch, member(branch, "第一党员2").id, org_id(branch, "第二党支部"), ON)
        up = send(branch, committee, tmp_path)
        assert up.ok, up.message
        moved = member(committee, "第一党员2")
        assert moved.branch_id == org_id(committee, "第二党支部")
        assert moved.phone == "13100000000"  # before: only where she went travelled, the edit was lost
        assert _studies(committee, "第一党员2") == ["暑期学习"]  # before: never sent
        assert _group_of(committee, "第一党员2") is None  # none of the branch left (ORG-GROUPS)
        assert send(branch, committee, tmp_path).counts == {}  # once
        assert send(committee, second, tmp_path, to="第二党支部").ok  # and on to the branch she joined
        assert member(second, "第一党员2").phone == "13100000000"
        assert _studies(second, "第一党员2") == ["暑期学习"]
    finally:
        second.close()


def test_what_the_branch_entered_before_hearing_of_a_move_is_not_refused(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    committee, branch = joined
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), ON)
    _study(branch, "第一党员1", "暑期学习")  # not yet told of the move
    up = send(branch, committee, tmp_path)
    assert up.ok, up.message  # before: the whole 上报 refused (不属于第一党支部的记录)
    assert _studies(committee, "第一党员1") == ["暑期学习"]
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    assert member(branch, "第一党员1").branch_id == org_id(branch, "第二党支部")
    assert send(branch, committee, tmp_path).counts == {}


def test_what_the_branch_entered_before_hearing_of_a_move_goes_up_after_it(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    committee, branch = joined
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), ON)
    _study(branch, "第一党员1", "暑期学习")
    assert send(committee, branch, tmp_path, to="第一党支部").ok  # the move arrives first
    assert member(branch, "第一党员1").branch_id == org_id(branch, "第二党支部")
    up = send(branch, committee, tmp_path)
    assert up.ok, up.message
    assert _studies(committee, "第一党员1") == ["暑期学习"]  # before: it stayed on the branch's PC alone
    assert send(branch, committee, tmp_path).counts == {}


def test_a_deletion_the_branch_made_before_hearing_of_a_move_is_not_refused(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    committee, branch = joined
    _study(committee, "第一党员1", "暑期学习")
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    assert send(branch, committee, tmp_path).ok
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), ON)
    with branch.session() as s:  # entered by mistake: deleted for good, before the branch heard of the move
        s.delete(s.scalars(select(StudyRecord)).one())
    up = send(branch, committee, tmp_path)
    assert up.ok, up.message  # before: the whole 上报 refused
    assert _studies(committee, "第一党员1") == []


def test_a_move_in_conflict_with_an_edit_here_keeps_the_edit_when_the_move_is_taken(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    """The committee moved a member the branch's PC had just edited: a conflict on that PC. It shows
    what the committee's version changes (her branch), not the fields the move does not carry as
    emptied; taking the move keeps the edit here, and the edit goes up."""
    committee, branch = joined
    second = org_id(committee, "第二党支部")
    with committee.session() as s:
        new_group = s.scalars(select(Organisation.id).where(Organisation.parent_id == second)).one()
    membership.move_branch(committee, member(committee, "第一党员1").id, second, ON, group_id=new_group)
    edit_member(branch, "第一党员1", phone="13100000000")
    assert send(committee, branch, tmp_path, to="第一党支部").conflicts == 1
    [conflict] = exchange.list_conflicts(branch)
    assert [(f.field, f.local, f.remote) for f in conflict.differing] == [("所在党支部", "第一党支部", "第二党支部")]
    exchange.resolve_conflict(branch, conflict.id, "remote")
    assert member(branch, "第一党员1").branch_id == org_id(branch, "第二党支部")
    assert member(branch, "第一党员1").phone == "13100000000"
    assert send(branch, committee, tmp_path).ok
    moved = member(committee, "第一党员1")
    assert (moved.branch_id, moved.phone) == (org_id(committee, "第二党支部"), "13100000000")  # before: '' there
    assert _group_of(committee, "第一党员1") == "第二党支部 第一党小组"  # not known on the branch's PC: not emptied


def test_an_edit_here_of_a_member_long_gone_is_said_not_to_go_up(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    """Once the branch's PC has confirmed her move, it keeps a copy of the member that is the other
    branch's to change, and sends no change of it (her new 党小组 is not known here: sending the copy
    would empty it at the committee). An edit made here anyway is not dropped in silence: the 上报
    says it did not carry it."""
    committee, branch = joined
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), ON)
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    assert send(branch, committee, tmp_path).ok
    edit_member(committee, "第一党员3", phone="13200000000")
    assert send(committee, branch, tmp_path, to="第一党支部").ok  # which confirms the branch's 上报
    edit_member(branch, "第一党员1", phone="13100000000")
    result = exchange.export_package(branch, tmp_path / "up.bdpkg")
    assert result.counts == {}
    assert result.not_sent == ["党员 第一党员1"]
    assert ("有 1 条已调往其他党支部的记录在本机修改过，不随上报发出（由其现在所在的支部维护，需要时请告诉党委）："
            "党员 第一党员1") in result.to_text()
    assert exchange.import_package(committee, result.path).ok
    assert member(committee, "第一党员1").phone == ""
