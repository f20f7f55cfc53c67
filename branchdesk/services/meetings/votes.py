"""Loading what the vote, quorum and 民主评议 checks judge (domain/meetings/votes.py, review.py): the
year's 支部党员大会, 支部委员会 and 民主评议 sittings of some branches, their 表决 rows, sign-in sheets,
the committee in office and the branch's 正式党员 on each day, in a handful of queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import (
    CommitteePost,
    Meeting,
    MeetingAttendance,
    MeetingKindLink,
    MeetingReviewResult,
    MeetingVote,
    Member,
    MemberMove,
)
from branchdesk.domain.meetings.periods import Granularity, counted_period
from branchdesk.domain.meetings.records import AttendanceStatus, MeetingKind
from branchdesk.domain.meetings.review import ReviewSitting
from branchdesk.domain.meetings.sitting import VoteRecord
from branchdesk.domain.meetings.votes import VotingMeeting
from branchdesk.domain.roster.membership import BranchMove, BranchPeriod, branch_on, branch_periods, full_from
from branchdesk.domain.vocabulary import MemberCategory, MoveKind
from branchdesk.services.meetings.day_categories import day_categories
from branchdesk.services.shared_reads import full_approvals

_KINDS = (MeetingKind.CONGRESS.value, MeetingKind.COMMITTEE.value, MeetingKind.REVIEW.value)


class _Roster:
    """正式党员 of a branch on a day, with dated branch moves: from the 转正 approval where the 发展党员
    ledger holds it, else from the roster's 转正日期 (membership.full_from; VOTE-WHO, MTG-YEARLY-REVIEW)."""

    def __init__(self, session: Session) -> None:
        moves: dict[int, list[BranchMove]] = defaultdict(list)
        for member_id, on, from_b, to_b in session.execute(
                select(MemberMove.member_id, MemberMove.move_date, MemberMove.from_branch_id, MemberMove.to_branch_id)
                .where(MemberMove.kind == MoveKind.BRANCH_CHANGE.value, MemberMove.deleted_at.is_(None),
                       MemberMove.to_branch_id.is_not(None))):
            if to_b is not None:  # (the query asks for moves with a branch joined)
                moves[member_id].append(BranchMove(on, from_b, to_b))
        approved = full_approvals(session)
        self.rows = [
            (mid, name, category, joined, full_from(full, approved.get(mid)), left,
             branch_periods(branch, moves.get(mid, ())))
            for mid, name, category, joined, full, left, branch in session.execute(
                select(Member.id, Member.name, Member.category, Member.join_date, Member.full_date, Member.left_date,
                       Member.branch_id).where(Member.deleted_at.is_(None)))]
        # the rows of each branch a member ever belonged to, in roster order: a district asks for
        # 50 branches' voters, each among a few dozen members rather than all of them
        self.by_branch: dict[int, list[tuple[int, str, str, date | None, date | None, date | None,
                                             tuple[BranchPeriod, ...]]]] = defaultdict(list)
        for row in self.rows:
            for branch in dict.fromkeys(period[2] for period in row[6]):
                self.by_branch[branch].append(row)

    def full_members(self, branch_id: int, day: date) -> list[tuple[int, str]]:
        out = []
        for mid, name, category, joined, full, left, periods in self.by_branch.get(branch_id, ()):
            if left is not None and left <= day or branch_on(periods, day) != branch_id:
                continue
            if full is not None and full <= day or (full is None and category == MemberCategory.FULL.value
                                                     and joined is not None and joined <= day):
                out.append((mid, name))
        return out


def load_vote_checks(session: Session, branch_ids: list[int], year: int
                     ) -> tuple[dict[int, list[VotingMeeting]], dict[int, list[ReviewSitting]]]:
    run = session.connection().execute
    where = (Meeting.branch_id.in_(branch_ids), Meeting.deleted_at.is_(None),
             Meeting.meeting_date >= date(year, 1, 1), Meeting.meeting_date <= date(year + 1, 3, 31))
    kinds: dict[int, set[str]] = defaultdict(set)
    for mid, kind in run(select(MeetingKindLink.meeting_id, MeetingKindLink.kind)
                         .join(Meeting, Meeting.id == MeetingKindLink.meeting_id)
                         .where(*where, MeetingKindLink.kind.in_(_KINDS))).all():
        kinds[mid].add(kind)
    if not kinds:
        return {}, {}
    ids = list(kinds)
    rows = run(select(Meeting.id, Meeting.branch_id, Meeting.meeting_date, Meeting.topic, Meeting.resolutions,
                      Meeting.has_vote, Meeting.present_count, Meeting.period).where(Meeting.id.in_(ids))).all()
    votes: dict[int, list[VoteRecord]] = defaultdict(list)
    for mid, subject, expected, present, yes, note in run(
            select(MeetingVote.meeting_id, MeetingVote.subject, MeetingVote.voters_expected,
                   MeetingVote.voters_present, MeetingVote.votes_for, MeetingVote.note)
            .where(MeetingVote.meeting_id.in_(ids)).order_by(MeetingVote.id)).all():
        votes[mid].append(VoteRecord(subject, expected, present, yes, note))
    # the sheets: voting (正式) members expected and present per sitting, each member with the category
    # of the day (day_categories: not the one the row stored, T9-13); the committee members in office
    # that day who were present are counted in SQL (one row per sitting)
    of = day_categories(session)
    sheet_voters: dict[int, tuple[int, int]] = {}
    not_voting = (AttendanceStatus.GUEST.value, AttendanceStatus.NOT_EXPECTED.value)
    for mid, day, member_id, status, stored in run(
            select(MeetingAttendance.meeting_id, Meeting.meeting_date, MeetingAttendance.member_id,
                   MeetingAttendance.status, MeetingAttendance.category)
            .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
            .where(MeetingAttendance.meeting_id.in_(ids))).all():
        voters, voters_present = sheet_voters.get(mid, (0, 0))
        if status not in not_voting and of(member_id, day, stored) == MemberCategory.FULL.value:
            voters, voters_present = voters + 1, voters_present + (status == AttendanceStatus.PRESENT.value)
        sheet_voters[mid] = (voters, voters_present)
    came_in = MeetingAttendance.status == AttendanceStatus.PRESENT.value
    committee_present: dict[int, int] = dict(run(
        select(MeetingAttendance.meeting_id, func.count(func.distinct(MeetingAttendance.member_id)))
        .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
        .join(CommitteePost, (CommitteePost.org_id == Meeting.branch_id)
              & (CommitteePost.member_id == MeetingAttendance.member_id)
              & ((CommitteePost.term_start.is_(None)) | (CommitteePost.term_start <= Meeting.meeting_date))
              & ((CommitteePost.term_end.is_(None)) | (CommitteePost.term_end >= Meeting.meeting_date))
              & CommitteePost.deleted_at.is_(None))
        .where(MeetingAttendance.meeting_id.in_(ids), came_in).group_by(MeetingAttendance.meeting_id)).all())
    results: dict[int, list[tuple[int | None, str, str, str]]] = defaultdict(list)
    for mid, day, member_id, name, grade, category in run(
            select(MeetingReviewResult.meeting_id, Meeting.meeting_date, MeetingReviewResult.member_id,
                   MeetingReviewResult.name, MeetingReviewResult.grade, MeetingReviewResult.category)
            .join(Meeting, Meeting.id == MeetingReviewResult.meeting_id)
            .where(MeetingReviewResult.meeting_id.in_(ids))).all():
        results[mid].append((member_id, name, grade, of(member_id, day, category)))
    posts: dict[int, list[tuple[int, date | None, date | None]]] = defaultdict(list)
    for org_id, member_id, start, end in run(
            select(CommitteePost.org_id, CommitteePost.member_id, CommitteePost.term_start, CommitteePost.term_end)
            .where(CommitteePost.org_id.in_(branch_ids), CommitteePost.deleted_at.is_(None))).all():
        posts[org_id].append((member_id, start, end))
    voting: dict[int, list[VotingMeeting]] = defaultdict(list)
    reviews: dict[int, list[ReviewSitting]] = defaultdict(list)
    roster: _Roster | None = None
    for mid, branch_id, day, topic, resolutions, has_vote, present_count, period in rows:
        # the members in office that day: a 书记 who is also 纪检委员 is one member of the committee
        committee = len({member for member, start, end in posts.get(branch_id, ())
                         if (start is None or start <= day) and (end is None or end >= day)})
        came: int | None = None
        if committee and mid in sheet_voters:
            came = committee_present.get(mid, 0)
        elif committee and present_count is not None:
            came = present_count
        voting[branch_id].append(VotingMeeting(
            mid, day, frozenset(kinds[mid]), topic or "", resolutions or "", bool(has_vote), tuple(votes.get(mid, ())),
            sheet_voters.get(mid), committee or None, came))
        if MeetingKind.REVIEW.value in kinds[mid]:
            roster = roster or _Roster(session)
            reviews[branch_id].append(ReviewSitting(
                mid, day, counted_period(day, period or "", Granularity.YEAR).year, tuple(results.get(mid, ())),
                tuple(roster.full_members(branch_id, day))))
    return voting, reviews


def save_votes(db: Database, meeting_id: int, votes: list[VoteRecord]) -> None:
    """Replace the 表决 rows of a 支部党员大会 (the form and the ledger import record them): one row per
    matter voted on, with the counts of voting (正式) members."""
    from branchdesk.services.errors import NotFound, RuleViolation

    for vote in votes:
        counts = [c for c in (vote.voters_expected, vote.voters_present, vote.votes_for) if c is not None]
        if any(c < 0 for c in counts):
            raise RuleViolation("表决人数不能为负数")
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None or meeting.deleted_at is not None:
            raise NotFound("会议记录不存在或已删除")
        for row in session.scalars(select(MeetingVote).where(MeetingVote.meeting_id == meeting_id)):
            session.delete(row)
        for vote in votes:
            session.add(MeetingVote(meeting_id=meeting_id, subject=vote.subject.strip(),
                                    voters_expected=vote.voters_expected, voters_present=vote.voters_present,
                                    votes_for=vote.votes_for, note=vote.note.strip()))
        meeting.has_vote = meeting.has_vote or bool(votes)


def list_votes(db: Database, meeting_id: int) -> list[VoteRecord]:
    with db.session() as session:
        return [VoteRecord(v.subject, v.voters_expected, v.voters_present, v.votes_for, v.note)
                for v in session.scalars(select(MeetingVote).where(MeetingVote.meeting_id == meeting_id)
                                         .order_by(MeetingVote.id))]
