"""Holes found by reading the merge (NOTE11 "Left" → "Exchange"), each shown with a package signed with
the branch's real keys:

- a member or a meeting placed under one of the sender's 党小组 or under the 党委 (a member and a
  meeting belong to a 党支部; a 党小组 is part of its 党支部, domain.md ORG-GROUPS): refused whole;
- a record deleted for good (彻底删除) here that a package still has (the branch restored it from its
  回收站 after the committee's deletion came down): held as a conflict for a person to decide, neither
  re-created silently nor dropped silently.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from branchdesk.db.models import Meeting, Member, Organisation
from branchdesk.services import recycle_bin
from branchdesk.services.exchange import records as exchange
from branchdesk.services.meetings import records as meetings
from tests.exchange.exchange_helpers import export, meeting_with, member, org_id, send
from tests.exchange.test_exchange_forged_owners import _committee_gid, _gid_of, _sealed
from tests.exchange.test_exchange_tampering import _refused

ON = date(2026, 3, 2)


def _group_gid(db: Any, branch: str) -> str:
    return _gid_of(db, Organisation, Organisation.kind == "党小组", Organisation.parent_id == org_id(db, branch))


@pytest.mark.parametrize("where", ["group", "committee", "other-group"])
@pytest.mark.parametrize("what", ["member", "meeting", "new-member"])
def test_a_member_or_meeting_placed_under_a_group_or_the_committee_is_refused(
        joined: Any, tmp_path: Path, what: str, where: str) -> None:
    """The services refuse a 党小组 or the 党委 as a member's or a meeting's 党支部, and a 党小组 of
    another 党支部 as its 党小组 (roster, meetings forms); so does the merge. A 党小组 of the sender's own branch would pass the ownership check
    (its records are the sender's), and the 党委 the check of a meeting (a branch's PC may hand a
    meeting on)."""
    committee, branch = joined
    if what == "meeting":
        meeting_with(branch, "第一党支部", "第一党员1", ON)
        assert send(branch, committee, tmp_path).ok
    with branch.session() as s:
        if what == "member":
            record: Any = s.scalars(select(Member).where(Member.name == "第一党员1")).one()
            record.phone = "13900000001"
        elif what == "meeting":
            record = s.scalars(select(Meeting)).one()
            record.topic = "专题学习（更正）"
        else:
            record = Member(name="新党员", id_number="Q00000000000000077", branch_id=org_id(branch, "第一党支部"),
                            category="正式党员", join_date=date(2020, 7, 1), status="在册")
            s.add(record)
            s.flush()
        gid = record.gid
    change = {"group": {"branch_id": _group_gid(committee, "第一党支部")},
              "committee": {"branch_id": _committee_gid(committee)},
              "other-group": {"group_id": _group_gid(committee, "第二党支部")}}[where]  # (in 第一党支部)
    crafted = _sealed(committee, branch, tmp_path, [], {gid: change})
    result = _refused(committee, crafted, "scope")
    assert "已拒收" in result.message and "党支部" in result.message, result.message
    assert ("党委" if where == "committee" else "第一党小组") in result.message, result.message
    model: Any = Meeting if what == "meeting" else Member
    second_group = _group_gid(committee, "第二党支部")
    with committee.session() as s:
        found = s.execute(select(model.branch_id, model.group_id).where(model.gid == gid)).first()
        second = s.scalars(select(Organisation.id).where(Organisation.gid == second_group)).one()
    assert found is None or (found[0] == org_id(committee, "第一党支部") and found[1] != second)
    assert send(branch, committee, tmp_path).ok  # the edit, sent as made, merges


def _restored_after_the_committee_deleted_him(committee, branch, folder: Path) -> str:  # type: ignore[no-untyped-def]
    """The branch reported 录错的人; the 党委 deleted him for good (彻底删除: wrongly reported); the
    deletion came down while a sitting of the branch not yet sent names him, so the branch's PC put
    him in its 回收站 — and the secretary restored him from there. Returns his gid."""
    with branch.session() as s:
        s.add(Member(name="录错的人", id_number="Q00000000000000066", branch_id=org_id(branch, "第一党支部"),
                     category="正式党员", join_date=date(2020, 7, 1), status="在册"))
    assert send(branch, committee, folder).ok
    meeting_with(branch, "第一党支部", "录错的人", ON)
    wrong = member(committee, "录错的人")
    recycle_bin.move_to_bin(committee, "members", wrong.id)
    recycle_bin.empty(committee, [("members", wrong.id)], confirm=True)
    down = send(committee, branch, folder)
    assert down.ok, down.to_text()
    assert any(item.label == "录错的人" for item in recycle_bin.list_deleted(branch))
    recycle_bin.restore(branch, "members", member(branch, "录错的人").id)
    return wrong.gid


def _members_named(db: Any, name: str) -> int:
    with db.session() as s:
        return len(s.scalars(select(Member.id).where(Member.name == name)).all())


def test_a_member_deleted_for_good_here_and_restored_there_is_held_as_a_conflict(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """What the 党委 expects: its deletion is not undone behind its back, nor the branch's copy lost —
    the package's copy waits as a conflict, named in the import's report, for the 党委 to decide."""
    committee, branch = joined
    gid = _restored_after_the_committee_deleted_him(committee, branch, tmp_path)
    result = exchange.import_package(committee, export(branch, tmp_path))
    assert result.status == "merged", result.message
    assert _members_named(committee, "录错的人") == 0  # not re-created
    assert result.conflicts == 1 and result.conflict_gids == [gid]
    text = result.to_text()
    assert "录错的人" in text and "彻底删除" in text, text
    [conflict] = exchange.list_conflicts(committee)
    assert "录错的人" in conflict.label and not conflict.local_exists
    # the sitting that names him merged (the sign-in row keeps his name)
    assert [m.topic for m in meetings.list_meetings(committee)] == ["专题学习"]
    # 保留本机版本: the deletion stands, and goes down to the branch
    exchange.resolve_conflict(committee, conflict.id, "local")
    assert _members_named(committee, "录错的人") == 0
    assert send(committee, branch, tmp_path).status == "merged"
    assert exchange.list_conflicts(committee) == []


def test_taking_the_branch_s_copy_of_a_member_deleted_here_brings_him_back(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    _restored_after_the_committee_deleted_him(committee, branch, tmp_path)
    assert exchange.import_package(committee, export(branch, tmp_path)).conflicts == 1
    [conflict] = exchange.list_conflicts(committee)
    exchange.resolve_conflict(committee, conflict.id, "remote")
    assert member(committee, "录错的人").branch_id == org_id(committee, "第一党支部")
    assert exchange.list_conflicts(committee) == []
    assert send(committee, branch, tmp_path).status == "merged"
    assert member(branch, "录错的人").deleted_at is None
