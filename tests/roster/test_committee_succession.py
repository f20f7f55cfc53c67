"""TY-2: 支委换届 — appointing 书记 王秀兰, 组织委员 李明, 宣传委员 高志强 from 2027-03-10 left the old posts
open ("任期开始未填 — 至今"): two 书记, a volume listing 4 委员 and a 支委会 quorum counted against 6
(VOTE-COMMITTEE). A post one person holds ends the day before its successor's term (ORG-COMMITTEE,
支部条例 第二十条); a 换届 ends every post (ORG-TERM); 卸任 ends one on a date; a post is corrected or
moved to the recycle bin. Every reader counts the posts on the day asked."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.db.models import CommitteePost
from branchdesk.domain.annual_report.tables import committee_table
from branchdesk.domain.meetings.records import MeetingKind as K
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.errors import RuleViolation
from branchdesk.services.history import record_history
from branchdesk.services.meetings.checks import meeting_findings
from branchdesk.services.meetings.records import save_meeting
from branchdesk.services.recycle_bin import list_deleted, restore
from branchdesk.services.roster.organisation import assign_post, list_posts
from branchdesk.services.roster.posts import (
    appointment_effects,
    delete_post,
    elect_committee,
    end_post,
    term_effects,
    update_post,
)
from tests.meetings.helpers import BRANCH, make_branch

NEW = date(2027, 3, 10)
BEFORE = date(2027, 3, 9)


@pytest.fixture
def branch(db):  # type: ignore[no-untyped-def]
    """The helpers' branch; its committee (王书记 书记, 李组织 组织委员, 张宣传 宣传委员) as a roster's 党内职务
    records it: no term (services/roster/setup.py), in office "至今"."""
    made = make_branch(db)
    with db.session() as session:
        for post in session.query(CommitteePost).filter(CommitteePost.org_id == made.id):
            post.term_start, post.term_end = None, None
    return made


def _held(db, branch, day: date) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(p.post, p.member_name) for p in list_posts(db, branch.id, on=day)]


def _trial_appointments(db, branch) -> None:  # type: ignore[no-untyped-def]
    for name, post in (("王书记", "书记"), ("李组织", "组织委员"), ("赵一", "宣传委员")):
        assign_post(db, branch.id, branch.members[name], post, NEW, date(2030, 3, 10))


def test_appointing_a_single_post_ends_the_predecessor_the_day_before(db, branch) -> None:  # type: ignore[no-untyped-def]
    effects = appointment_effects(db, branch.id, branch.members["赵一"], "宣传委员", NEW)
    assert [p.member for p in effects.ended] == ["张宣传"] and effects.ends_on == BEFORE
    assert effects.note() == "张宣传（宣传委员，任期开始未填）的任职将于 2027-03-09 结束（由新任职接替）"
    _trial_appointments(db, branch)
    assert _held(db, branch, NEW) == [("书记", "王书记"), ("组织委员", "李组织"), ("宣传委员", "赵一")]
    assert _held(db, branch, BEFORE) == [("书记", "王书记"), ("组织委员", "李组织"), ("宣传委员", "张宣传")]
    old = next(p for p in list_posts(db, branch.id) if p.member_name == "张宣传")
    assert old.term_end == BEFORE
    changes = [(e.field, e.old, e.new) for e in record_history(db, "committee_posts", old.id)]
    assert ("任期结束", "", "2027-03-09") in changes  # 修改记录 holds the end


def test_a_plain_committee_seat_is_not_taken_over(db, branch) -> None:  # type: ignore[no-untyped-def]
    assign_post(db, branch.id, branch.members["钱二"], "委员", date(2025, 1, 1))
    assign_post(db, branch.id, branch.members["孙三"], "委员", NEW)
    assert [name for post, name in _held(db, branch, NEW) if post == "委员"] == ["钱二", "孙三"]


def test_an_appointment_overlapping_a_later_one_is_refused(db, branch) -> None:  # type: ignore[no-untyped-def]
    assign_post(db, branch.id, branch.members["赵一"], "宣传委员", NEW)
    with pytest.raises(RuleViolation, match="请先修改或删除那条任职"):
        assign_post(db, branch.id, branch.members["钱二"], "宣传委员", date(2027, 1, 1))
    with pytest.raises(RuleViolation, match="请先修改或删除那条任职"):  # the same one entered twice
        assign_post(db, branch.id, branch.members["赵一"], "宣传委员", NEW)


def test_the_committee_meeting_quorum_counts_the_committee_of_its_day(db, branch) -> None:  # type: ignore[no-untyped-def]
    _trial_appointments(db, branch)
    save_meeting(db, MeetingInput(branch_id=branch.id, kinds=(K.COMMITTEE,), date=date(2027, 3, 20),
                                  start_time="15:30", end_time="16:30", place="党员活动室", topic="研究换届后分工",
                                  host="王书记", recorder="李组织", content="研究分工", expected_count=3,
                                  present_count=3))
    found = meeting_findings(db, year=2027, as_of=date(2027, 3, 31), branch=BRANCH)
    assert [f.message for f in found if f.rule == "VOTE-COMMITTEE"] == []


def test_the_volume_lists_the_committee_of_its_day(db, branch) -> None:  # type: ignore[no-untyped-def]
    _trial_appointments(db, branch)
    data = gather_report(db, 2027, generated_on=date(2027, 6, 25))
    row = next(c for c in data.basic.committees if c.branch == BRANCH)
    assert row.posts == [("书记", "王书记"), ("组织委员", "李组织"), ("宣传委员", "赵一")] and row.size == 3
    line = next(r for r in committee_table(data).rows if r[0] == BRANCH)
    assert line[3] == 3 and line[4] == "王书记" and line[5] == "李组织（组织委员）、赵一（宣传委员）"


def test_a_post_ends_on_the_day_given(db, branch) -> None:  # type: ignore[no-untyped-def]
    post = next(p for p in list_posts(db, branch.id) if p.member_name == "张宣传")
    end_post(db, post.id, date(2027, 1, 31))
    assert ("宣传委员", "张宣传") in _held(db, branch, date(2027, 1, 31))
    assert ("宣传委员", "张宣传") not in _held(db, branch, date(2027, 2, 1))
    started = assign_post(db, branch.id, branch.members["赵一"], "宣传委员", NEW)
    with pytest.raises(RuleViolation, match="卸任日期不能早于任期开始"):
        end_post(db, started.id, date(2027, 3, 1))


def test_a_post_is_corrected_and_deleted_to_the_recycle_bin(db, branch) -> None:  # type: ignore[no-untyped-def]
    post = assign_post(db, branch.id, branch.members["钱二"], "宣传委员", NEW)  # the wrong member
    update_post(db, post.id, branch.members["赵一"], "宣传委员", NEW, date(2030, 3, 10))
    assert ("宣传委员", "赵一") in _held(db, branch, NEW)
    delete_post(db, post.id)
    assert ("宣传委员", "赵一") not in _held(db, branch, NEW)
    binned = [i for i in list_deleted(db) if i.table == "committee_posts"]
    assert [(i.record_id, i.kind, i.label) for i in binned] == [(post.id, "支委任职", "宣传委员：赵一")]  # whose post
    restore(db, "committee_posts", post.id)
    assert ("宣传委员", "赵一") in _held(db, branch, NEW)


def test_a_new_term_ends_every_post(db, branch) -> None:  # type: ignore[no-untyped-def]
    assign_post(db, branch.id, branch.members["钱二"], "委员", date(2025, 1, 1))
    assert sorted(p.member for p in term_effects(db, branch.id, NEW).ended) == ["张宣传", "李组织", "王书记", "钱二"]
    seats = [(branch.members["王书记"], "书记"), (branch.members["赵一"], "组织委员"), (branch.members["孙三"], "宣传委员")]
    elect_committee(db, branch.id, NEW, date(2030, 3, 10), seats)
    assert _held(db, branch, NEW) == [("书记", "王书记"), ("组织委员", "赵一"), ("宣传委员", "孙三")]
    assert len(_held(db, branch, BEFORE)) == 4
    with pytest.raises(RuleViolation, match="书记只能由一人担任"):
        elect_committee(db, branch.id, date(2028, 1, 1), None,
                        [(branch.members["王书记"], "书记"), (branch.members["赵一"], "书记")])


def test_a_member_holding_two_posts_is_one_committee_member(db, branch) -> None:  # type: ignore[no-untyped-def]
    """A 书记 who is also 纪检委员 (common in a small school branch) is one of the committee's three, not
    two of four: 2 present of 3 is more than half (VOTE-COMMITTEE, 支部条例 第十二条)."""
    assign_post(db, branch.id, branch.members["王书记"], "纪检委员", date(2025, 1, 1))
    save_meeting(db, MeetingInput(branch_id=branch.id, kinds=(K.COMMITTEE,), date=date(2027, 3, 20),
                                  start_time="15:30", end_time="16:30", place="党员活动室", topic="研究工作",
                                  host="王书记", recorder="李组织", content="研究", expected_count=3, present_count=2))
    found = meeting_findings(db, year=2027, as_of=date(2027, 3, 31), branch=BRANCH)
    assert [f.message for f in found if f.rule == "VOTE-COMMITTEE"] == []
