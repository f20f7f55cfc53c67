"""Holes found by reading the merge (NOTE11 "Left" → "Exchange"), each shown with a package signed with
the branch's real keys:

- a member or a meeting placed under one of the sender's 党小组 or under the 党委 (a member and a
  meeting belong to a 党支部; a 党小组 is part of its 党支部, domain.md ORG-GROUPS): refused whole;
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from branchdesk.db.models import Meeting, Member, Organisation
from tests.exchange.exchange_helpers import meeting_with, org_id, send
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
