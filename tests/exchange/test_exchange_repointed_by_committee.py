"""The 党委 re-points a record of the branch to a member the branch does not have (known hole 6): it
corrects a study record of 第一党支部's 第一党员1 to 第二党支部's 第二党员5. The branch's PC, which cannot
hold a member it does not have, keeps its copy under 第一党员1; an edit of it there (学时 4 → 6) went up
as a change putting another branch's member's record back under the branch's own — and refused the
branch's whole 上报, and every one after it, the edit still waiting. The branch changed it before it
heard of the 党委's correction (their versions are concurrent): it is held as a conflict for the 党委
(kind 改到其他党员名下), nothing written, and the 上报 goes through. What the branch's PC should do with its
copy is a design question left open (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.models import Member, StudyRecord
from branchdesk.services import recycle_bin
from branchdesk.services.exchange import records as exchange
from branchdesk.services.study_hours.records import list_study_records
from tests.exchange.exchange_helpers import edit_member, member, send
from tests.exchange.test_exchange_forged_owners import _sealed, _unit
from tests.exchange.test_exchange_moved_chain_forged import _after_ours


def test_an_edit_of_a_record_the_committee_re_pointed_waits_for_the_committee(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    with branch.session() as s:
        who = s.scalars(select(Member).where(Member.name == "第一党员1")).one()
        s.add(StudyRecord(member_id=who.id, study_date=date(2025, 8, 20), hours=Decimal(4), form="网络培训",
                          title="暑期学习"))
    assert send(branch, committee, tmp_path).ok
    other = member(committee, "第二党员5").id
    with committee.session() as s:
        s.scalars(select(StudyRecord)).one().member_id = other
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    with branch.session() as s:
        s.scalars(select(StudyRecord)).one().hours = Decimal(6)
    up = send(branch, committee, tmp_path)
    assert up.status == "merged", up.message  # before: refused (…第二党员5不是、也从来不是第一党支部的党员)
    assert up.conflicts == 1, up.to_text()
    with committee.session() as s:
        assert [(r.member_id, r.hours) for r in s.scalars(select(StudyRecord))] == [(other, Decimal(4))]
    edit_member(branch, "第一党员2", phone="13100000000")
    later = send(branch, committee, tmp_path)
    assert later.status == "merged", later.message  # the next 上报 too (the record waits, once)
    assert member(committee, "第一党员2").phone == "13100000000"
    [conflict] = exchange.list_conflicts(committee)
    assert "党委已把它改到第二党员5名下" in up.to_text(), up.to_text()
    exchange.resolve_conflict(committee, conflict.id, "local")  # the 党委 keeps its correction
    assert exchange.list_conflicts(committee) == []
    with committee.session() as s:
        assert [(r.member_id, r.hours) for r in s.scalars(select(StudyRecord))] == [(other, Decimal(4))]


def _re_pointed(committee, branch, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    """第一党支部's study record of 第一党员1, put by the 党委 under 第二党支部's 第二党员5; returns its gid."""
    mine = member(branch, "第一党员1").id
    with branch.session() as s:
        s.add(StudyRecord(member_id=mine, study_date=date(2025, 8, 20), hours=Decimal(4), form="网络培训",
                          title="暑期学习"))
    assert send(branch, committee, tmp_path).ok
    assert send(committee, branch, tmp_path, to="第一党支部").ok  # (the 上报 confirmed)
    other = member(committee, "第二党员5").id
    with committee.session() as s:
        record = s.scalars(select(StudyRecord)).one()
        record.member_id = other
        return str(record.gid)


def _committee_copy(committee) -> list[tuple[str, Decimal, bool]]:  # type: ignore[no-untyped-def]
    with committee.session() as s:
        return [(s.get(Member, r.member_id).name, r.hours, r.deleted_at is not None)  # type: ignore[union-attr]
                for r in s.scalars(select(StudyRecord))]


def test_the_branch_left_does_not_change_a_record_now_of_a_member_it_never_had(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Review rev2, R2-3: the record left 第一党支部 (the 党委 keeps the branch it left), but not with a
    member of 第一党支部 — 第二党员5 never was its member. A 上报 changing it as if it had seen the 党委's
    copy (学时 4 → 40) or deleting it must not touch 第二党支部's figures: held for the 党委, nothing
    written. Before: merged (学时 40; deleted)."""
    committee, branch = joined
    gid = _re_pointed(committee, branch, tmp_path)
    changed = _unit(committee, "study_records", gid)
    changed["vv"] = _after_ours(committee, gid)
    changed["row"].update(hours="40")
    up = exchange.import_package(committee, _sealed(committee, branch, tmp_path, [changed]))
    assert up.status == "merged" and up.conflicts == 1, up.to_text()
    assert "第二党员5不是、也从来不是第一党支部的党员" in up.to_text(), up.to_text()
    assert _committee_copy(committee) == [("第二党员5", Decimal(4), False)]
    deleted = {"t": "study_records", "g": gid, "vv": _after_ours(committee, gid), "del": True}
    up = exchange.import_package(committee, _sealed(committee, branch, tmp_path, [deleted]))
    assert up.status == "merged" and up.conflicts == 1, up.to_text()
    assert "暑期学习" in up.to_text() and "没有删除" in up.to_text(), up.to_text()
    assert _committee_copy(committee) == [("第二党员5", Decimal(4), False)]


def test_the_branch_s_copy_of_a_record_the_committee_re_pointed_goes_to_its_recycle_bin(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    """Known hole 6, choice (a) of docs/ARCHITECTURE.md: the 党委's 下发 tells the branch that the record
    left it (its member withheld: the branch's PC does not have 第二党员5); the branch's PC puts its
    copy in the 回收站 — its 学时 no longer counted for 第一党员1, while the 党委 counts them for
    第二党员5 — and the 接收 report says which record went and why. Before: the 下发 did not carry the
    record at all ("合并：无"), and the branch kept counting it. Restoring it, or emptying the 回收站,
    never touches the 党委's copy and never refuses a 上报: held for the 党委."""
    committee, branch = joined
    _re_pointed(committee, branch, tmp_path)
    down = send(committee, branch, tmp_path, to="第一党支部")
    assert down.ok, down.to_text()
    assert "暑期学习" in down.to_text() and "已移入回收站" in down.to_text(), down.to_text()
    assert "其他党支部的党员名下" in down.to_text(), down.to_text()
    assert [r.hours for r in list_study_records(branch)] == []  # not counted on the branch's PC any more
    [binned] = [item for item in recycle_bin.list_deleted(branch) if item.table == "study_records"]
    mine = member(branch, "第一党员1").id
    with branch.session() as s:
        kept = s.get(StudyRecord, binned.record_id)
        assert kept is not None and (kept.member_id, kept.hours) == (mine, Decimal(4))
    up = send(branch, committee, tmp_path)
    assert up.ok and up.counts == {}, up.to_text()  # the 回收站 move is the 党委's, not sent back up
    assert _committee_copy(committee) == [("第二党员5", Decimal(4), False)]
    recycle_bin.restore(branch, "study_records", binned.record_id)  # the teacher brings it back
    up = send(branch, committee, tmp_path)
    assert up.status == "merged" and up.conflicts == 1, up.to_text()  # held, not refused
    assert "在得知之后仍把它留在本支部党员名下" in up.to_text(), up.to_text()
    assert _committee_copy(committee) == [("第二党员5", Decimal(4), False)]
    recycle_bin.move_to_bin(branch, "study_records", binned.record_id)
    assert recycle_bin.empty(branch, [("study_records", binned.record_id)], confirm=True) == 1
    up = send(branch, committee, tmp_path)
    assert up.status == "merged", up.to_text()
    assert _committee_copy(committee) == [("第二党员5", Decimal(4), False)]  # the 党委's copy stays


def test_the_branch_taking_the_committee_s_version_in_a_conflict_puts_its_copy_in_the_recycle_bin(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    """The branch changed its copy before the 下发 came (its 学时 4 → 6): the 党委's departure is a
    conflict on the branch's PC. Taking the 党委's version (采用对方版本) does what the merge does with
    it: the copy goes to the 回收站, no longer counted for 第一党员1."""
    committee, branch = joined
    _re_pointed(committee, branch, tmp_path)
    with branch.session() as s:
        s.scalars(select(StudyRecord)).one().hours = Decimal(6)
    down = send(committee, branch, tmp_path, to="第一党支部")
    assert down.status == "merged" and down.conflicts == 1, down.to_text()
    assert [r.hours for r in list_study_records(branch)] == [Decimal(6)]
    [conflict] = exchange.list_conflicts(branch)
    exchange.resolve_conflict(branch, conflict.id, "remote")
    assert list_study_records(branch) == []  # before: still counted (6 学时 for 第一党员1)
    assert [item.table for item in recycle_bin.list_deleted(branch)] == ["study_records"]


def test_the_committee_s_conflict_dialog_says_the_branch_deleted_it(qtbot, joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """处理冲突 of the deletion held above: it says the branch deleted a record now of another branch's
    member, and that taking it deletes it — not "把这条记录改到了另一名党员名下" (nobody moved it)."""
    from branchdesk.ui.exchange.conflict_dialog import ConflictDialog

    committee, branch = joined
    gid = _re_pointed(committee, branch, tmp_path)
    deleted = {"t": "study_records", "g": gid, "vv": _after_ours(committee, gid), "del": True}
    assert exchange.import_package(committee, _sealed(committee, branch, tmp_path, [deleted])).conflicts == 1
    [conflict] = exchange.list_conflicts(committee)
    dialog = ConflictDialog(conflict)
    qtbot.addWidget(dialog)
    text = dialog.head.text()
    assert "第一党支部删除了它" in text and "采用对方版本会删除它" in text, text  # before: 第一党支部把这条记录改到了…
    assert "暑期学习" in text, text
