"""The year-end volume and a member who died during the year (trial V): he holds no post after that day —
the 支部委员会 table lists the committee as it stands, his post vacant (TV-3, ORG-COMMITTEE), as the
organisation check says (tests/roster/test_departed_post_holders.py); his 学时 are those of his months on
the roster, listed and not judged (TV-10, MTG-STUDY-HOURS)."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.annual_report.chapters import chapters
from branchdesk.domain.annual_report.tables import committee_table
from branchdesk.domain.vocabulary import MoveKind
from branchdesk.services.annual_report.records import gather_findings, gather_report
from branchdesk.services.roster.records import mark_left
from tests.meetings.helpers import BRANCH, make_branch_of_eight

TODAY = date(2026, 12, 4)
DIED = date(2026, 10, 8)


@pytest.fixture
def branch(db):  # type: ignore[no-untyped-def]
    return make_branch_of_eight(db)


def test_the_committee_of_the_volume_is_without_the_member_who_died(db, branch) -> None:  # type: ignore[no-untyped-def]
    mark_left(db, branch.members["李组织"], MoveKind.DECEASED, DIED)
    data = gather_report(db, 2026, generated_on=TODAY)
    row = next(c for c in data.basic.committees if c.branch == BRANCH)
    assert row.posts == [("书记", "王书记"), ("宣传委员", "张宣传")]
    assert row.vacant == [("组织委员", "李组织（组织委员）2026-10-08 离世")]
    assert row.has_committee and row.size == 2  # the committee elected, short of him until the post is filled
    table = committee_table(data)
    line = next(r for r in table.rows if r[0] == BRANCH)
    assert line[2] == "已设立（委员不足3人）" and line[3] == 2 and line[4] == "王书记"
    assert line[5] == "张宣传（宣传委员）；空缺：李组织（组织委员）2026-10-08 离世"
    figures = dict(next(c for c in chapters(data) if c.key == "committee").figures)
    assert figures["支部委员（人）"] == "2"


def test_a_secretary_who_died_leaves_the_secretary_vacant(db, branch) -> None:  # type: ignore[no-untyped-def]
    mark_left(db, branch.members["王书记"], MoveKind.DECEASED, DIED)
    line = next(r for r in committee_table(gather_report(db, 2026, generated_on=TODAY)).rows if r[0] == BRANCH)
    assert line[4] == "空缺（王书记（书记）2026-10-08 离世）" and "王书记" not in str(line[5])


def test_the_volume_lists_his_study_hours_without_judging_them(db, branch) -> None:  # type: ignore[no-untyped-def]
    """TV-10: 王德 (离世 10-08) read 未达标 (4/5.5) in the volume and counted in the 达标率; he is listed
    with the 学时 of his months on the roster, 不作评定, and counted in neither 党员 nor 未达标."""
    from branchdesk.domain.annual_report.tables import member_hours_table, study_table

    mark_left(db, branch.members["李组织"], MoveKind.DECEASED, DIED)
    data = gather_report(db, 2026, generated_on=TODAY)
    study = next(r for r in data.meetings.study if r.branch == BRANCH)
    assert (study.members, study.short, study.departed_names) == (9, 9, ["李组织（2026-10-08 离世）"])
    assert "李组织" not in "".join(study.short_names)
    row = next(m for m in data.meetings.member_hours if m.name == "李组织")
    assert (row.required, row.status) == (27.0, "不作评定（2026-10-08 离世）")
    assert "李组织（2026-10-08 离世）" in study_table(data).note and "不作评定" in member_hours_table(data).note
    found = [f for f in gather_findings(db, 2026, as_of=TODAY, branch=None) if f.rule == "MTG-STUDY-HOURS"]
    assert found and not any("李组织" in f.message for f in found)  # the 自查 appendix: no reminder about him
