"""Who should have attended a sitting, for many sittings at once (the 三会一课 import, issue 13): the
roster of the branch on the day, the 党小组 for a 党小组会, the committee for a 支委会 — the same rule
as `meetings.default_attendees`, read once for the whole ledger instead of once per row. Membership is
dated (issue 16, item 8): a member who moved between branches is on the old branch's sittings before
the 支部调整 and on the new one's from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import CommitteePost, Member
from branchdesk.domain.meetings.absentees import RosterEntry
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.roster.membership import (
    BranchMove,
    BranchPeriod,
    branch_on,
    branch_periods,
    category_on,
    group_on,
)
from branchdesk.domain.roster.not_expected import NotExpectedSpan, covering
from branchdesk.services.roster.not_expected import spans_of
from branchdesk.services.shared_reads import full_approvals, load_branch_moves


@dataclass(frozen=True)
class _Person:
    id: int
    name: str
    branch_id: int
    group_id: int | None
    category: str
    join_date: date | None
    full_date: date | None
    left_date: date | None
    periods: tuple[BranchPeriod, ...] = ()  # dated branches when the member moved (支部调整)
    approved_on: date | None = None  # 转正 approved (step 24 of the 发展党员 ledger), where it holds it
    moves: tuple[BranchMove, ...] = ()  # the dated 支部调整 (with the 党小组 each left)

    def on_roster(self, branch_id: int, day: date) -> bool:
        if self.periods and branch_on(self.periods, day) != branch_id:
            return False
        return (self.join_date is None or self.join_date <= day) and (self.left_date is None or self.left_date > day)

    def category_on(self, day: date) -> str:
        """预备党员 until 转正 (the roster keeps today's category; a past sitting needs that day's), and
        until the 转正 was approved where the ledger holds it (no vote before: VOTE-WHO)."""
        return category_on(self.category, self.full_date, self.approved_on, day)


class Audiences:
    """The roster and the committees, read once; `on()` answers per sitting in memory."""

    def __init__(self, session: Session) -> None:
        self.people: dict[int, list[_Person]] = {}
        moves = load_branch_moves(session)
        approved = full_approvals(session)
        for row in session.execute(select(
                Member.id, Member.name, Member.branch_id, Member.group_id, Member.category, Member.join_date,
                Member.full_date, Member.left_date).where(Member.deleted_at.is_(None)).order_by(Member.id)).all():
            person = _Person(*row, approved_on=approved.get(row[0]))
            if person.id in moves:
                person = _Person(*row, periods=branch_periods(person.branch_id, moves[person.id]),
                                 approved_on=person.approved_on, moves=tuple(moves[person.id]))
                for branch in {b for _, _, b in person.periods}:
                    self.people.setdefault(branch, []).append(person)
            else:
                self.people.setdefault(person.branch_id, []).append(person)
        # 不计入应到会 with approval (VOTE-WHO), each ended at a 支部调整 (R3-10): read once, asked per sitting's day
        self.spans: dict[int, list[NotExpectedSpan]] = spans_of(
            session, {p.id for people in self.people.values() for p in people})
        self.posts: dict[int, list[tuple[int, date | None, date | None]]] = {}
        for org_id, member_id, start, end in session.execute(select(
                CommitteePost.org_id, CommitteePost.member_id, CommitteePost.term_start, CommitteePost.term_end)
                .where(CommitteePost.deleted_at.is_(None))).all():
            self.posts.setdefault(org_id, []).append((member_id, start, end))

    def on(self, branch_id: int, group_id: int | None, kinds: tuple[str, ...], day: date) -> list[RosterEntry]:
        kinds_set = set(kinds)
        people = [p for p in self.people.get(branch_id, []) if p.on_roster(branch_id, day)]
        if kinds_set == {MeetingKind.COMMITTEE.value}:
            committee = {m for m, start, end in self.posts.get(branch_id, [])
                         if (start is None or start <= day) and (end is None or end >= day)}
            people = [p for p in people if p.id in committee]
        elif kinds_set == {MeetingKind.GROUP.value} and group_id is not None:
            people = [p for p in people if group_on(p.group_id, p.moves, day) == group_id]  # that day's group (TV-1)
        elif kinds_set == {MeetingKind.TALK.value}:
            people = []
        return [RosterEntry(p.id, p.name, p.category_on(day), self._left_out(p.id, day)) for p in people]

    def _left_out(self, member_id: int, day: date) -> str:
        """The approval leaving the member out of 应到会 on `day`, as a sheet says it; "" when none does."""
        span = covering(self.spans.get(member_id, []), day)
        return span.sheet_reason if span is not None else ""

    @staticmethod
    def audience(group_id: int | None, group: str, kinds: tuple[str, ...]) -> str:
        """Who on() counts, in words, for an 应到 that is not their number: "当日支部委员会" for a 支委会,
        "当日语文党小组" for a 党小组会 of a known group, else "当日花名册" (review13-1 R1-3)."""
        if set(kinds) == {MeetingKind.COMMITTEE.value}:
            return "当日支部委员会"
        if set(kinds) == {MeetingKind.GROUP.value} and group_id is not None:
            return f"当日{group or '本党小组'}"
        return "当日花名册"

    def outside(self, branch_id: int, group: str, kinds: tuple[str, ...], day: date, names: tuple[str, ...]) -> str:
        """Named absentees who are on the branch's roster that day but not of the sitting's audience (on()):
        what is wrong with them, or "" (re-trial 12, N-7: "郑洁不在当日的花名册中" of a member who is only
        not on the 支部委员会)."""
        members = {p.name for p in self.people.get(branch_id, []) if p.on_roster(branch_id, day)}
        if not names or not set(names) <= members:
            return ""
        listed = "、".join(names)
        if set(kinds) == {MeetingKind.COMMITTEE.value}:
            return f"缺席人员{listed}不是当日的支部委员"
        if set(kinds) == {MeetingKind.GROUP.value}:
            return f"缺席人员{listed}当日不在{group or '本党小组'}"
        return ""

    def names(self) -> set[str]:
        """Every member's name (for typo suggestions on named absentees)."""
        return {p.name for people in self.people.values() for p in people}
