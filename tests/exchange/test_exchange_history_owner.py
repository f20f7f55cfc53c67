"""Whose a record was, read from the 党委's own 修改记录 (Owners.owner_when_added, exch3 item 1): the
branch its member was in when the record was written here. Two ways the history named a branch that
never had the record (review rev2, R2-1 and R2-2), each tried with a forged 上报 signed with 第一党支部's
real keys (test_exchange_forged_owners): the change must be refused and nothing written.

- a key used again: a record deleted for good (回收站 → 彻底删除) frees its key, and the next record of
  that table takes it; the old record's history lines stay. A record 第二党支部 wrote after the member
  moved there, under such a key, was read as written before the move — 第一党支部's.
- a record put under another member: the 党委 corrects a study record of 第二党员5 to 第一党员2, who had
  come over from 第一党支部 after the record was written. The record was never 第一党支部's, but its
  (new) member's first move after it was written left 第一党支部."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from branchdesk.db.models import StudyRecord
from branchdesk.services import recycle_bin
from branchdesk.services.exchange import records as exchange
from branchdesk.services.roster import membership
from tests.exchange.exchange_helpers import member, org_id
from tests.exchange.test_exchange_forged_owners import _sealed, _unit
from tests.exchange.test_exchange_moved_chain_forged import _after_ours
from tests.exchange.test_exchange_tampering import _refused

MOVED_ON = date(2025, 6, 15)


def _study(db, name: str, title: str) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        record = StudyRecord(member_id=member(db, name).id, study_date=date(2025, 5, 20), hours=Decimal(4),
                             form="网络培训", title=title)
        s.add(record)
        s.flush()
        return int(record.id)


def _forged_hours(committee, branch, tmp_path: Path, record_id: int) -> None:  # type: ignore[no-untyped-def]
    """第一党支部's 上报 changing the record's 学时 4 → 40, as if it had seen the 党委's copy: refused."""
    with committee.session() as s:
        gid = str(s.get(StudyRecord, record_id).gid)  # type: ignore[union-attr]
    forged = _unit(committee, "study_records", gid)
    forged["vv"] = _after_ours(committee, gid)
    forged["row"].update(hours="40")
    _refused(committee, _sealed(committee, branch, tmp_path, [forged]), "scope")
    with committee.session() as s:
        assert s.get(StudyRecord, record_id).hours == Decimal(4)  # type: ignore[union-attr]


def test_a_record_written_after_the_move_under_a_freed_key_is_not_the_branch_left_s(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    committee, branch = joined
    wrong = _study(committee, "第一党员1", "录错的一条")  # written while 第一党员1 was 第一党支部's …
    recycle_bin.move_to_bin(committee, "study_records", wrong)
    assert recycle_bin.empty(committee, [("study_records", wrong)], confirm=True) == 1  # … and deleted for good
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), MOVED_ON)
    exchange.exchange_status(committee)
    later = _study(committee, "第一党员1", "第二党支部登记的学习")  # 第二党支部's, after the move
    assert later == wrong  # (the freed key taken again, as SQLite does)
    _forged_hours(committee, branch, tmp_path, later)  # before: merged, 学时 4 → 40


def test_a_record_the_committee_put_under_a_member_who_came_from_the_sender_is_not_the_sender_s(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    committee, branch = joined
    record = _study(committee, "第二党员5", "第二党支部的学习")
    membership.move_branch(committee, member(committee, "第一党员2").id, org_id(committee, "第二党支部"), MOVED_ON)
    exchange.exchange_status(committee)
    with committee.session() as s:  # the 党委 corrects whose it is, within 第二党支部
        s.get(StudyRecord, record).member_id = member(committee, "第一党员2").id  # type: ignore[union-attr]
    exchange.exchange_status(committee)
    _forged_hours(committee, branch, tmp_path, record)  # before: merged, 学时 4 → 40
