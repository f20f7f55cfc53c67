"""What a 10,000-row roster import does once per row and what it does once per distinct value
(issue 18: the import must stay within 3× reading the file and inserting its rows bare). Each test
counts the calls of one step that used to run on every row, on rosters of two sizes: the count must
not grow with the rows when the rows name the same few values."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.text import NameMap
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.io.roster_xlsx import RosterRow
from branchdesk.services.roster.excel import _insert_orgs
from branchdesk.services.roster.orgs import plan_orgs


def _validated(count: int) -> list[tuple[RosterRow, MemberInput]]:
    rows = []
    for n in range(count):
        born = date(1970 + n % 20, n % 12 + 1, n % 27 + 1)
        data = MemberInput(name=f"党员{n}", id_number=make_id_number("140202", born, n % 900 + 1, male=n % 2 == 0),
                           branch=f"第{n % 3 + 1}党支部", group=f"第{n % 2 + 1}党小组", category="正式党员",
                           join_date=date(2005, 7, 1))
        rows.append((RosterRow(n + 3, data, {}, ""), data))
    return rows


def _name_lookups(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    contains = NameMap.__contains__

    def counted(self: Any, name: object) -> bool:
        calls[0] += 1
        return contains(self, name)

    monkeypatch.setattr(NameMap, "__contains__", counted)
    return calls


@pytest.mark.parametrize("existing", [False, True], ids=["first import", "branches exist"])
def test_planning_the_organisations_looks_each_branch_name_up_once(db: Any, monkeypatch: pytest.MonkeyPatch,
                                                                  existing: bool) -> None:
    """plan_orgs asked "is this a branch?" of every row's 所在党支部 twice before it judged the few names
    the rows write (about 7 ms of a 10,000-row import): the same plan, with lookups per distinct name."""
    if existing:
        with db.session() as session:
            plan = plan_orgs(session, _validated(6))
            assert plan.first_import and plan.new_branches == ["第1党支部", "第2党支部", "第3党支部"]
        with db.session() as session:  # as the import creates them
            _insert_orgs(session, OrgKind.BRANCH, [(name, None) for name in plan.new_branches])
    counts = []
    for size in (30, 600):
        calls = _name_lookups(monkeypatch)
        with db.session() as session:
            plan = plan_orgs(session, _validated(size))
        assert plan.first_import is not existing
        assert plan.new_branches == ([] if existing else ["第1党支部", "第2党支部", "第3党支部"])
        assert not plan.errors
        counts.append(calls[0])
        monkeypatch.undo()
    assert counts[1] == counts[0], counts
