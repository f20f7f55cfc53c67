"""A 党小组 renamed from a day travels in the 数据包 with its earlier names (trial TY-5): the rows of
`org_names` belong to their organisation's record (ON DELETE CASCADE), so they are sent, merged and
checked with it — a branch may rename its own 党小组 and the rename comes up with its day; a forged
上报 renaming another branch's 党小组 is refused as a forged change of that 党小组 would be."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import Organisation, OrgName
from branchdesk.services.exchange import records as exchange
from branchdesk.services.roster.org_names import load_histories
from branchdesk.services.roster.organisation import rename_org
from tests.exchange.exchange_helpers import org_id, send
from tests.exchange.test_exchange_forged_owners import _sealed, _unit
from tests.exchange.test_exchange_tampering import _refused


def _group_of(db: Database, branch: str) -> int:
    with db.session() as s:
        parent = org_id(db, branch)
        return s.scalars(select(Organisation.id).where(Organisation.parent_id == parent,
                                                       Organisation.kind == "党小组")).one()


def _names(db: Database, group: int) -> list[tuple[str, date]]:
    with db.session() as s:
        return [tuple(r) for r in s.execute(select(OrgName.name, OrgName.ended_on).where(OrgName.org_id == group))]  # type: ignore[misc]


def test_a_branch_renames_its_group_and_the_rename_comes_up_with_its_day(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    rename_org(branch, _group_of(branch, "第一党支部"), "语文党小组", date(2026, 9, 1))
    assert send(branch, committee, tmp_path).ok
    group = _group_of(committee, "第一党支部")
    assert _names(committee, group) == [("第一党小组", date(2026, 8, 31))]
    with committee.session() as s:
        history = load_histories(s, [group])[group]
    assert (history.name_on(date(2026, 5, 1)), history.name_on(date(2026, 9, 1))) == ("第一党小组", "语文党小组")
    # the other branch's group of the same old name is untouched
    assert _names(committee, _group_of(committee, "第二党支部")) == []
    # sent again with nothing changed: the rows are not doubled on either side
    assert send(branch, committee, tmp_path).ok
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    assert _names(committee, group) == [("第一党小组", date(2026, 8, 31))]
    assert _names(branch, _group_of(branch, "第一党支部")) == [("第一党小组", date(2026, 8, 31))]


def test_a_rename_at_the_committee_goes_down_to_the_branch(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    rename_org(committee, _group_of(committee, "第一党支部"), "初中党小组", date(2026, 3, 1))
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    group = _group_of(branch, "第一党支部")
    assert _names(branch, group) == [("第一党小组", date(2026, 2, 28))]
    with branch.session() as s:
        assert s.get(Organisation, group).name == "初中党小组"


@pytest.mark.parametrize("renamed", [True, False], ids=["name and history", "history only"])
def test_a_forged_rename_of_another_branchs_group_is_refused(joined, tmp_path: Path, renamed: bool) -> None:  # type: ignore[no-untyped-def]
    """Signed with 第一党支部's real keys, a 上报 giving 第二党支部's 党小组 a new name, or only an earlier
    name with its day (which would make the committee's 2026 ledger of that group refused), changes nothing."""
    committee, branch = joined
    group = _group_of(committee, "第二党支部")
    with committee.session() as s:
        gid = s.get(Organisation, group).gid
    unit = _unit(committee, "organisations", gid)
    unit["vv"] = {"f" * 32: 10**13}
    if renamed:
        unit["row"]["name"] = "伪造党小组"
    unit["kids"] = {"org_names": [{"g": uuid.uuid4().hex, "row": {"name": "伪造党小组" if not renamed else "第一党小组",
                                                                   "ended_on": "2026-02-28"}}]}
    refused = _refused(committee, _sealed(committee, branch, tmp_path, [unit]), "scope")
    assert "不属于第一党支部的记录（党组织" in refused.message, refused.message
    assert _names(committee, group) == []
    with committee.session() as s:
        assert s.get(Organisation, group).name == "第一党小组"


def test_the_same_package_shape_for_the_branchs_own_group_merges(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The control of the test above: the package built the same way for 第一党支部's own 党小组 is merged,
    so the refusal there is the owner's, not the package's shape."""
    committee, branch = joined
    group = _group_of(committee, "第一党支部")
    with committee.session() as s:
        gid = s.get(Organisation, group).gid
    unit = _unit(committee, "organisations", gid)
    unit["vv"] = {"f" * 32: 10**13}
    unit["row"]["name"] = "语文党小组"
    unit["kids"] = {"org_names": [{"g": uuid.uuid4().hex, "row": {"name": "第一党小组", "ended_on": "2026-02-28"}}]}
    result = exchange.import_package(committee, _sealed(committee, branch, tmp_path, [unit]))
    # received (here held as a conflict with the committee's copy, its version vector being made up), not refused
    assert (result.status, result.reason) == ("merged", ""), result.message
