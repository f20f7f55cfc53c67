"""Which branches and 党小组 an import creates, judged once per spelling (issue 18), is what judging
them row by row gave: the same new organisations, errors on the same rows in the same order, the
same warnings, for a first import and for one into a school with branches."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import Organisation
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.similar_names import suggestion
from branchdesk.domain.text import NameMap, name_key
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.io.roster_xlsx import RosterRow
from branchdesk.services.roster.orgs import OrgPlan, _near_in_file, plan_orgs


def _reference(session: Session, validated: list[tuple[RosterRow, MemberInput]]) -> OrgPlan:
    """plan_orgs as it was before spellings and pairs were judged once each (row by row)."""
    live = list(session.scalars(select(Organisation).where(Organisation.deleted_at.is_(None))))
    branches = NameMap((o.name, o) for o in live if o.kind == OrgKind.BRANCH.value)
    by_id = {o.id: o for o in branches.values()}
    groups: NameMap[NameMap[bool]] = NameMap()
    for o in live:
        if o.kind == OrgKind.GROUP.value and o.parent_id in by_id:
            groups.setdefault(by_id[o.parent_id].name, NameMap())[o.name] = True
    plan = OrgPlan(first_import=not branches)
    validated = [(row, data) for row, data in validated if data.branch.strip()]  # a blank one is a row error
    spelled = NameMap[str]()
    written = Counter(data.branch for _row, data in validated)  # each spelling once, in file order
    for name in written:
        spelled.setdefault(name, name)
    counts: Counter[str] = Counter()
    for name, count in written.items():
        counts[spelled[name]] += count
    new_branches = NameMap[bool]()
    new_groups: set[tuple[str, str]] = set()
    # A spelling is judged once (thousands of rows name a few branches); a spelling judged a
    # near-miss is an error on every row that writes it. None: nothing to say for that spelling.
    branch_error: dict[str, str | None] = {}
    for row, data in validated:
        if data.branch in branch_error:
            if message := branch_error[data.branch]:
                plan.errors.append((row.row, "所在党支部", row.columns.get("所在党支部", ""), message))
            continue
        branch_error[data.branch] = None
        if data.branch in branches or data.branch in new_branches:
            continue
        if not plan.first_import:
            near = suggestion(data.branch, branches)
            if near:
                branch_error[data.branch] = message = (f"没有名为“{data.branch}”的党支部，是否为“{near}”？"
                                                       "（确是新的党支部，请先在“组织与党员”中建立）")
                plan.errors.append((row.row, "所在党支部", row.columns.get("所在党支部", ""), message))
                continue
        plan.new_branches.append(data.branch)
        new_branches[data.branch] = True
    if plan.first_import:
        plan.warnings += _near_in_file(counts, "党支部")
    group_error: dict[tuple[str, str], str | None] = {}
    for row, data in validated:
        if not data.group:
            continue
        pair = (data.branch, data.group)
        if pair in group_error:
            if message := group_error[pair]:
                plan.errors.append((row.row, "党小组", row.columns.get("党小组", ""), message))
            continue
        group_error[pair] = None
        if data.branch not in branches and data.branch not in new_branches:
            continue
        known = groups.get(data.branch) or NameMap[bool]()
        key = (name_key(data.branch), name_key(data.group))
        if data.group in known or key in new_groups:
            continue
        near = suggestion(data.group, list(known))
        if near:
            group_error[pair] = message = f"“{data.branch}”下没有名为“{data.group}”的党小组，是否为“{near}”？"
            plan.errors.append((row.row, "党小组", row.columns.get("党小组", ""), message))
            continue
        plan.new_groups.append((branches.stored(data.branch) or new_branches.stored(data.branch) or data.branch,
                                data.group))
        new_groups.add(key)
    if plan.first_import:
        plan.new_groups = [g for g in plan.new_groups if g[0] in new_branches]
    return plan


def _validated(branches: list[str], groups: list[str], seed: int) -> list[tuple[RosterRow, MemberInput]]:
    rng = random.Random(seed)
    spellings = [*branches, *(b[:-2] + "x" + b[-1:] for b in branches if len(b) > 3), "新建党支部", "新建党支部（退休）",
                 "", " ", "第九十九党支部", *(b.replace("党支部", "党支部 ") for b in branches[:2])]
    group_names = [*groups, *(g[:-1] + "祖" for g in groups), "", "第九小组", "新党小组"]
    rows = []
    for n in range(2_000):
        data = MemberInput(branch=rng.choice(spellings), group=rng.choice(group_names) if rng.random() < 0.7 else "")
        rows.append((RosterRow(n + 3, data, {"所在党支部": "H", "党小组": "I"}), data))
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_plan_judged_by_spelling_as_row_by_row(demo_db, seed: int) -> None:  # type: ignore[no-untyped-def]
    with demo_db.session() as session:
        live = list(session.scalars(select(Organisation).where(Organisation.deleted_at.is_(None))))
        branches = [o.name for o in live if o.kind == OrgKind.BRANCH.value]
        groups = [o.name for o in live if o.kind == OrgKind.GROUP.value]
        assert branches and groups
        validated = _validated(branches, groups, seed)
        ours, theirs = plan_orgs(session, validated), _reference(session, validated)
        assert ours == theirs
        assert ours.errors and ours.new_branches and ours.new_groups


def test_a_first_plan_judged_by_spelling_as_row_by_row(db) -> None:  # type: ignore[no-untyped-def]
    validated = _validated(["第一党支部", "第二党支部", "高一年级党支部", "高一年纪党支部"], ["第一党小组", "第二党小组"], 4)
    with db.session() as session:
        ours, theirs = plan_orgs(session, validated), _reference(session, validated)
    assert ours == theirs
    assert ours.first_import and ours.new_branches and ours.new_groups and ours.warnings
