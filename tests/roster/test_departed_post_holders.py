"""A 支部委员 who left (离世, 转出, 出党) or moved to another branch holds no post after that day (trial V,
TV-3; ORG-COMMITTEE, 支部条例 第二十条): the organisation check (and so 首页) counts the committee as it
stands and says which post stands vacant — the year-end volume lists the same committee
(tests/annual_report/test_departed_members.py)."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.findings import Severity
from branchdesk.domain.roster.membership import BranchMove, branch_periods, left_branch_by
from branchdesk.domain.roster.org_rules import BranchState, Post, org_findings, post_on
from branchdesk.domain.vocabulary import MoveKind
from branchdesk.services.roster.checks import check_organisation
from branchdesk.services.roster.membership import move_branch
from branchdesk.services.roster.records import mark_left, reinstate
from tests.meetings.helpers import BRANCH, make_branch_of_eight

DIED = date(2026, 10, 8)
DAY = date(2026, 12, 1)
SEAT = (Post("甲", "书记", date(2024, 9, 1), None), Post("乙", "组织委员", date(2024, 9, 1), None))


def test_the_day_a_holder_stops_being_one_of_the_branchs_members() -> None:
    periods = branch_periods(2, [BranchMove(date(2026, 6, 15), 1, 2)])
    assert left_branch_by(1, periods, left=None, day=date(2026, 6, 14)) is None
    assert left_branch_by(1, periods, left=None, day=date(2026, 6, 15)) == date(2026, 6, 15)
    assert left_branch_by(2, periods, left=None, day=DAY) is None
    alone = branch_periods(1, [])
    assert left_branch_by(1, alone, left=DIED, day=date(2026, 10, 7)) is None
    assert left_branch_by(1, alone, left=DIED, day=DIED) == DIED
    names = {1: "第一党支部", 2: "第二党支部"}
    moved = post_on("李明", "组织委员", None, None, branch=1, periods=periods, left=None, status="在册", day=DAY,
                    branch_names=names)
    assert not moved.active(DAY) and moved.vacated_words() == "李明（组织委员）2026-06-15 调整到第二党支部"
    dead = post_on("王德", "组织委员", None, None, branch=1, periods=alone, left=DIED, status="离世", day=DAY,
                   branch_names=names)
    assert dead.active(date(2026, 10, 7)) and not dead.active(DIED) and dead.vacated(DAY)


@pytest.mark.parametrize(("posts", "severity", "words"), [
    # a committee of three, one dead: short of the 3 the rule asks — an error naming him and the post
    ((*SEAT, Post("丙", "宣传委员", None, None, DIED, "离世")), Severity.ERROR, "丙（宣传委员）2026-10-08 离世"),
    # a committee of four, one dead: still 3, the post stands vacant — said, as a reminder
    ((*SEAT, Post("丙", "宣传委员", None, None), Post("丁", "纪检委员", None, None, DIED, "离世")), Severity.WARNING,
     "丁（纪检委员）2026-10-08 离世"),
    # the post filled again: nothing to say
    ((*SEAT, Post("丙", "宣传委员", None, None), Post("丁", "宣传委员", None, None, DIED, "离世")), None, ""),
    # the term had ended before he died: no vacancy of his
    ((*SEAT, Post("丙", "宣传委员", None, None), Post("丁", "纪检委员", None, date(2026, 1, 1), DIED, "离世")), None, ""),
])
def test_a_post_left_vacant_is_said(posts: tuple[Post, ...], severity: Severity | None, words: str) -> None:
    found = [f for f in org_findings(BranchState("一支部", 9, 9, posts), DAY) if f.rule == "ORG-COMMITTEE"]
    assert [f.severity for f in found] == ([severity] if severity else [])
    if words:
        assert words in found[0].message and "职务空缺" in found[0].message


@pytest.fixture
def branch(db):  # type: ignore[no-untyped-def]
    return make_branch_of_eight(db)


def _committee_findings(db) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.message for f in check_organisation(db, year=2026, as_of=DAY) if f.rule == "ORG-COMMITTEE"
            and f.branch == BRANCH]


def test_the_check_counts_the_committee_without_the_member_who_died(db, branch) -> None:  # type: ignore[no-untyped-def]
    assert _committee_findings(db) == []
    mark_left(db, branch.members["李组织"], MoveKind.DECEASED, DIED)
    found = _committee_findings(db)
    assert len(found) == 1 and "李组织（组织委员）2026-10-08 离世" in found[0] and "现有委员 2 人" in found[0]
    reinstate(db, branch.members["李组织"], date(2026, 11, 1), "误录")  # a mistaken mark undone: the post is his again
    assert _committee_findings(db) == []


def test_a_member_moved_to_another_branch_leaves_his_post(db, branch) -> None:  # type: ignore[no-untyped-def]
    move_branch(db, branch.members["张宣传"], branch.other_id, date(2026, 6, 15), "工作调整")
    found = _committee_findings(db)
    assert len(found) == 1 and "张宣传（宣传委员）2026-06-15 调整到退休教师党支部" in found[0]
    assert not [f for f in check_organisation(db, year=2026, as_of=date(2026, 6, 14)) if f.rule == "ORG-COMMITTEE"
                and f.branch == BRANCH]
