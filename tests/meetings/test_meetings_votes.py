"""Votes wherever a record shows one, 支委会 quorum, one vote per case, and 民主评议 grades in the check
(issue 16: item 7 and the silent rules), each at its boundary."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.findings import Severity
from branchdesk.domain.meetings.records import MeetingKind as K
from branchdesk.domain.meetings.review import ReviewSitting, review_findings
from branchdesk.domain.meetings.sitting import VoteRecord
from branchdesk.domain.meetings.votes import VotingMeeting, vote_findings

DAY = date(2026, 6, 30)


def congress(topic: str = "支部党员大会", *, votes=(), sheet=None, has_vote=False) -> VotingMeeting:
    return VotingMeeting(1, DAY, frozenset({K.CONGRESS.value}), topic, "", has_vote, tuple(votes), sheet)


def rules(meeting: VotingMeeting) -> dict[str, set[Severity]]:
    out: dict[str, set[Severity]] = {}
    for f in vote_findings("一支部", [meeting], 2026):
        out.setdefault(f.rule, set()).add(f.severity)
    return out


@pytest.mark.parametrize(("present", "broken"), [(5, True), (6, False), (7, False)])
def test_counted_vote_quorum_more_than_half_of_expected(present: int, broken: bool) -> None:
    meeting = congress("讨论接收张三为预备党员", votes=[VoteRecord("接收张三为预备党员", 10, present, present)])
    assert ("VOTE-QUORUM" in rules(meeting)) is broken


@pytest.mark.parametrize(("yes", "severity"), [(5, Severity.WARNING), (6, None), (10, None), (11, Severity.ERROR)])
def test_counted_vote_pass_more_than_half_of_those_who_should_attend(yes: int, severity: Severity | None) -> None:
    meeting = congress("表决", votes=[VoteRecord("接收张三为预备党员", 10, 8, yes)])
    assert rules(meeting).get("VOTE-PASS", {None}) == {severity}


def test_a_vote_named_in_the_topic_with_counts_only_cannot_be_checked() -> None:
    found = vote_findings("一支部", [congress("选举支部委员会委员")], 2026)
    assert [f.severity for f in found] == [Severity.WARNING] and "无法核对" in found[0].message
    assert found[0].source == "支部条例 第十一条"
    assert not vote_findings("一支部", [congress("学习党的二十届四中全会精神")], 2026)


@pytest.mark.parametrize(("present", "broken"), [(3, True), (4, False)])
def test_sheet_quorum(present: int, broken: bool) -> None:
    assert ("VOTE-QUORUM" in rules(congress("讨论转正", sheet=(7, present)))) is broken


def test_several_cases_in_one_vote() -> None:
    together = congress("接收", votes=[VoteRecord("接收张三、李四为预备党员", 10, 8, 8)])
    assert rules(together)["VOTE-ONE-BY-ONE"] == {Severity.ERROR}
    one = congress("接收", votes=[VoteRecord("接收张三为预备党员", 10, 8, 8), VoteRecord("接收李四为预备党员", 10, 8, 8)])
    assert "VOTE-ONE-BY-ONE" not in rules(one)


@pytest.mark.parametrize(("present", "broken"), [(2, True), (3, False)])
def test_committee_meeting_needs_more_than_half_of_its_members(present: int, broken: bool) -> None:
    meeting = VotingMeeting(2, DAY, frozenset({K.COMMITTEE.value}), "支委会", committee_size=5,
                            committee_present=present)
    assert ("VOTE-COMMITTEE" in {f.rule for f in vote_findings("一支部", [meeting], 2026)}) is broken


def _review(results, full) -> list:
    return review_findings("一支部", [ReviewSitting(3, date(2027, 1, 10), 2026, tuple(results), tuple(full))], 2026)


def test_every_full_member_graded_and_probationers_not() -> None:
    full = [(1, "甲"), (2, "乙"), (3, "丙")]
    graded = [(1, "甲", "优秀", "正式党员"), (2, "乙", "合格", "正式党员"), (3, "丙", "合格", "正式党员"),
              (4, "丁", "", "预备党员")]
    assert not _review(graded, full)
    missing = _review(graded[1:], full)
    assert [f.severity for f in missing] == [Severity.WARNING] and "甲" in missing[0].message
    wrong = _review([*graded[:3], (4, "丁", "合格", "预备党员")], full)
    assert [f.severity for f in wrong] == [Severity.ERROR] and "丁" in wrong[0].message
    assert [f.severity for f in _review([], full)] == [Severity.WARNING]


@pytest.mark.parametrize(("excellent", "warned"), [(3, False), (4, True)])
def test_excellent_at_most_a_third(excellent: int, warned: bool) -> None:
    full = [(i, f"党员{i}") for i in range(9)]
    results = [(i, f"党员{i}", "优秀" if i < excellent else "合格", "正式党员") for i in range(9)]
    assert bool(_review(results, full)) is warned


def test_saved_votes_are_checked(db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.meetings.sitting import MeetingInput
    from branchdesk.services.meetings.checks import meeting_findings
    from branchdesk.services.meetings.records import save_meeting
    from branchdesk.services.meetings.votes import list_votes, save_votes
    from tests.meetings.helpers import BRANCH, make_branch

    branch = make_branch(db)
    data = MeetingInput(branch_id=branch.id, kinds=(K.CONGRESS,), date=DAY, start_time="15:30", end_time="17:00",
                        place="党员活动室", topic="讨论接收张三、李四为预备党员", host="王书记", recorder="张宣传",
                        content="讨论并表决", expected_count=9, present_count=8)
    saved = save_meeting(db, data).record
    found = meeting_findings(db, year=2026, as_of=date(2026, 12, 1), branch=BRANCH)
    assert any(f.rule == "VOTE-QUORUM" and "无法核对" in f.message for f in found)
    save_votes(db, saved.id, [VoteRecord("接收张三为预备党员", 7, 3, 3), VoteRecord("接收李四为预备党员", 7, 6, 6)])
    assert len(list_votes(db, saved.id)) == 2
    found = [f for f in meeting_findings(db, year=2026, as_of=date(2026, 12, 1), branch=BRANCH) if f.rule.startswith("VOTE")]
    assert [(f.rule, f.severity) for f in found] == [("VOTE-QUORUM", Severity.ERROR), ("VOTE-PASS", Severity.WARNING)]


def _awaiting_approval(db):  # type: ignore[no-untyped-def]
    """The helpers' branch where 吴预备's and 郑预备's probation ended 2027-01-10 (the roster says 正式党员,
    转正日期 2027-01-10) and the 发展党员 ledger holds 吴预备's approval on 2027-02-20; 郑预备 has no
    ledger record. Two 民主评议 sittings: 2027-01-25 and 2027-03-05."""
    from branchdesk.db.models import DevRecord, DevStep, Meeting, MeetingKindLink, Member
    from tests.meetings.helpers import make_branch

    branch = make_branch(db)
    with db.session() as session:
        for name in ("吴预备", "郑预备"):
            member = session.get(Member, branch.members[name])
            member.category, member.full_date = "正式党员", date(2027, 1, 10)
        record = DevRecord(name="吴预备", id_number="140202198001080000", branch_id=branch.id,
                           member_id=branch.members["吴预备"])
        session.add(record)
        session.flush()
        session.add(DevStep(record_id=record.id, step=24, on=date(2027, 2, 20)))
        for day in (date(2027, 1, 25), date(2027, 3, 5)):
            meeting = Meeting(branch_id=branch.id, meeting_date=day, topic="民主评议党员", period="2026")
            session.add(meeting)
            session.flush()
            session.add(MeetingKindLink(meeting_id=meeting.id, kind=K.REVIEW.value))
    return branch


def test_a_probationer_awaiting_the_approval_of_his_full_status_is_not_graded(db) -> None:  # type: ignore[no-untyped-def]
    """The roster's 转正日期 is the end of probation; until the 上级党委 approves the 转正 (step 24 of the
    发展党员 ledger) the member is a 预备党员: no grade at the 民主评议 (MTG-YEARLY-REVIEW) and no vote
    (VOTE-WHO). 吴预备 is not among the 正式党员 to be graded on 2027-01-25, among them on 2027-03-05;
    郑预备 (no ledger record) counts from the 转正日期, as the roster says."""
    from branchdesk.services.meetings.votes import load_vote_checks

    branch = _awaiting_approval(db)
    with db.session() as session:
        _voting, reviews = load_vote_checks(session, [branch.id], 2026)
    full = {s.date: {name for _, name in s.full_members} for s in reviews[branch.id]}
    assert "吴预备" not in full[date(2027, 1, 25)] and "郑预备" in full[date(2027, 1, 25)]
    assert {"吴预备", "郑预备"} <= full[date(2027, 3, 5)]
    assert len(full[date(2027, 1, 25)]) == 8  # 王书记 … 周四, and 郑预备


def test_the_sign_in_sheet_counts_a_probationer_awaiting_approval_without_a_vote(db) -> None:  # type: ignore[no-untyped-def]
    """The sheet a record starts from (the form) and the one the 三会一课 ledger import builds give each
    member the category of the day, from which the vote checks count 应到会有表决权 (VOTE-WHO): 吴预备
    is a 预备党员 until his 转正 is approved."""
    from branchdesk.services.meetings.attendance import Audiences
    from branchdesk.services.meetings.records import default_attendees

    branch = _awaiting_approval(db)
    for day, category in ((date(2027, 1, 25), "预备党员"), (date(2027, 3, 5), "正式党员")):
        form = {a.name: a.category for a in default_attendees(db, branch.id, day, (K.CONGRESS.value,))}
        with db.session() as session:
            imported = {e.name: e.category for e in Audiences(session).on(branch.id, None, (K.CONGRESS.value,), day)}
        assert form["吴预备"] == imported["吴预备"] == category, day
        assert form["郑预备"] == imported["郑预备"] == "正式党员"
