"""The volume of a past year places a member moved between branches where they stood on its day (trial 9,
T9-14): 支部调整 are dated, earlier records keep the old branch (README), so a volume "数据截至 2025-12-31"
shows the roster as it stood then — 党员名册, 各支部党员 and the 支部委员会 counts — and the volume of the
year of the move shows the new branch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.annual_report import school_files as sf

TODAY = date(2026, 12, 4)
COMMITTEE = "中共大同市第二中学校委员会"
ONE, TWO = "第一党支部（高一年级）", "第二党支部（初中部）"


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("moved")
    db = folder / "党委.sqlite"
    # the last of 第二党支部's nine, admitted a 预备党员 there in 2025, moves to 第一党支部 in 2026
    roster, names = sf.roster(folder / "花名册.xlsx", f"{COMMITTEE}党员花名册", {ONE: 9, TWO: 9},
                              probationary={sf.name(17): "2025-06-01"})
    sf.run(["import", "roster", str(roster), "--db", str(db)])
    moved = names[TWO][-1]
    sf.run(["member", "move", "--name", moved, "--on", "2026-09-01", "--to", ONE, "--db", str(db)])
    return db, moved


def test_the_volume_of_the_year_before_the_move_keeps_the_old_branch(school) -> None:  # type: ignore[no-untyped-def]
    db, moved = school
    data = sf.gather(db, 2025, masked=True)
    row = next(r for r in data.basic.roster if r.name == moved)
    assert row.branch == TWO
    assert row.group == "—"  # her 党小组 then is not recorded: not known, never the new branch's
    from branchdesk.domain.annual_report.tables import roster_table

    assert "调整前所在党小组未记录" in roster_table(data).note
    assert {b.branch: b.total for b in data.basic.branches} == {ONE: 9, TWO: 9}
    assert {c.branch: c.members for c in data.basic.committees} == {ONE: 9, TWO: 9}
    # admitted in 第二党支部 in 2025: that branch's 本年接收预备党员, as the 发展党员 figures say
    assert {b.branch: b.new for b in data.basic.branches} == {ONE: 0, TWO: 1}
    assert {b.branch: (b.full, b.probationary) for b in data.basic.branches} == {ONE: (9, 0), TWO: (8, 1)}
    # the register lists her with her branch of the day, among its members
    branches = [r.branch for r in data.basic.roster]
    assert branches == sorted(branches, key=[ONE, TWO].index)


def test_a_branch_volume_of_that_year_lists_the_member_it_had(school) -> None:  # type: ignore[no-untyped-def]
    db, moved = school
    two = sf.gather(db, 2025, TWO, masked=True)
    assert moved in [r.name for r in two.basic.roster] and two.basic.total == 9
    one = sf.gather(db, 2025, ONE, masked=True)
    assert moved not in [r.name for r in one.basic.roster] and one.basic.total == 9


def test_the_volume_of_the_year_of_the_move_shows_the_new_branch(school) -> None:  # type: ignore[no-untyped-def]
    db, moved = school
    data = sf.gather(db, 2026, masked=True)
    assert next(r for r in data.basic.roster if r.name == moved).branch == ONE
    assert {b.branch: b.total for b in data.basic.branches} == {ONE: 10, TWO: 8}
