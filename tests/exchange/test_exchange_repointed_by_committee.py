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
from branchdesk.services.exchange import records as exchange
from tests.exchange.exchange_helpers import edit_member, member, send


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
