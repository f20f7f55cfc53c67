"""The meetings area's bulk loaders for the regulation calendar, each on a Session the caller holds
(so a report can read every area in one snapshot): the facts, meetings and exemptions of a year that
the calendar judges, and the 谈心谈话 coverage. The meeting list and whole records are read by
sittings.py (apart, so that the calendar, 学时 and the year-end report do not build a record's
classes: issue 18)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from branchdesk.db.models import (
    CommitteePost,
    Meeting,
    MeetingAttendance,
    MeetingExemption,
    MeetingKindLink,
    Member,
    Organisation,
)
from branchdesk.db.queries import org_ids_named
from branchdesk.domain.meetings.periods import parse_period
from branchdesk.domain.meetings.records import (
    AttendanceStatus,
    Attendee,
    MeetingKind,
    check_quorum,
)
from branchdesk.domain.meetings.rules import (
    BranchCalendar,
    BranchFacts,
    Exemption,
    HeldMeeting,
    evaluate_branch,
    rules_for_branch,
)
from branchdesk.domain.meetings.talks import Person, TalkCoverage, talk_coverage
from branchdesk.domain.roster.membership import branch_on, branch_periods
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.records_start import branch_span, start_in
from branchdesk.services.rule_settings import load_branch_settings
from branchdesk.services.shared_reads import branch_moves


def load_branches(session: Session, branch: str | int | None) -> list[Organisation]:
    query = select(Organisation).where(Organisation.kind == OrgKind.BRANCH.value, Organisation.deleted_at.is_(None))
    if isinstance(branch, int):
        query = query.where(Organisation.id == branch)
    elif branch:
        query = query.where(Organisation.id.in_(org_ids_named(session, branch)))
    return list(session.scalars(query.order_by(Organisation.sort_order, Organisation.id)))


def _facts(session: Session, branches: list[Organisation], year: int) -> dict[int, BranchFacts]:
    ids = [b.id for b in branches]
    # A branch or 党小组 nobody belongs to holds no meetings: right after the first start, before the
    # roster is imported, and on a branch's PC for the other branches, whose members it does not hold.
    peopled = {org for (org,) in session.execute(
        select(Member.branch_id).where(Member.branch_id.in_(ids), Member.deleted_at.is_(None)).distinct())}
    peopled |= {org for (org,) in session.execute(
        select(Member.group_id).where(Member.group_id.is_not(None), Member.deleted_at.is_(None)).distinct())
        if org is not None}
    groups: dict[int, list[str]] = defaultdict(list)
    for group_id, parent_id, name in session.execute(
        select(Organisation.id, Organisation.parent_id, Organisation.name).where(
            Organisation.parent_id.in_(ids), Organisation.kind == OrgKind.GROUP.value,
            Organisation.deleted_at.is_(None)).order_by(Organisation.sort_order, Organisation.id)
    ):
        if parent_id is not None and group_id in peopled:  # (the query asks for 党小组 of these branches only)
            groups[parent_id].append(name)
    terms: dict[int, list[tuple[date | None, date | None]]] = defaultdict(list)
    secretaries: dict[int, list[str]] = defaultdict(list)
    for org_id, start, end, post, name in session.connection().execute(
        select(CommitteePost.org_id, CommitteePost.term_start, CommitteePost.term_end, CommitteePost.post, Member.name)
        .join(Member, Member.id == CommitteePost.member_id)
        .where(CommitteePost.org_id.in_(ids), CommitteePost.deleted_at.is_(None))
    ).all():
        terms[org_id].append((start, end))  # a start of None: in office since before records began
        in_year = (start is None or start <= date(year, 12, 31)) and (end is None or end >= date(year, 1, 1))
        if post == "书记" and in_year:
            secretaries[org_id].append(name)
    records_start = start_in(session)  # the calendar runs from the later of 启用日期 and 成立日期 (issue 13)
    empty = (date(year + 1, 1, 1), None)  # no member: nothing falls due in the year
    return {
        b.id: BranchFacts(b.name, tuple(groups[b.id]), tuple(terms[b.id]), tuple(secretaries[b.id]),
                          *(branch_span(records_start, b) if b.id in peopled and records_start.day is not None
                            else empty))  # no 启用日期 and no meeting on record: nothing can be judged yet
        for b in branches
    }


def counted_meetings(branch_ids: list[int]) -> tuple[ColumnElement[bool], ...]:
    """WHERE clauses of the sittings the calendar counts (domain.md §2): live, finalised (定稿), with a
    topic or content — drafts and empty records do not count."""
    return (Meeting.branch_id.in_(branch_ids), Meeting.deleted_at.is_(None), Meeting.finalised_at.is_not(None),
            or_(func.trim(Meeting.topic) != "", func.trim(Meeting.content) != ""))


def touched_years(day: date, period: str) -> set[int]:
    """The years whose calendar a sitting may count in: its date's, and its 所属期间's."""
    years = {day.year}
    if period:
        try:
            years.add(parse_period(period).year)
        except ValueError:
            pass
    return years


def as_date(value: object) -> date:
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value  # type: ignore[return-value]


def _held(session: Session, branch_ids: list[int],
          year: int) -> tuple[dict[int, list[HeldMeeting]], dict[int, list[HeldMeeting]]]:
    """The sittings with a topic or content that fulfil a period of the year — by their date, or by
    their 所属期间 (a January 组织生活会 held for the past year, a 补开) — in a few queries whatever the
    number of branches: (the counted ones: finalised, as `counted_meetings` says; the drafts: held, the
    record not finished). Both are read together and told apart by 定稿 (issue 18: one set of queries
    instead of one for each)."""
    run = session.connection().execute  # Core rows: no ORM bookkeeping for thousands of meetings
    where = (Meeting.branch_id.in_(branch_ids), Meeting.deleted_at.is_(None),
             or_(func.trim(Meeting.topic) != "", func.trim(Meeting.content) != ""),
             Meeting.meeting_date >= date(year, 1, 1), Meeting.meeting_date <= date(year + 1, 12, 31))
    rows = run(select(Meeting.id, Meeting.branch_id, Meeting.meeting_date, Meeting.period,
                      Meeting.lecturer, Meeting.has_vote, Meeting.topic, Meeting.group_id,
                      Meeting.finalised_at.is_not(None)).where(*where)).all()
    kinds: dict[int, set[str]] = defaultdict(set)
    for mid, kind in run(select(MeetingKindLink.meeting_id, MeetingKindLink.kind)
                         .join(Meeting, Meeting.id == MeetingKindLink.meeting_id).where(*where)).all():
        kinds[mid].add(kind)
    sheets: dict[int, list[Attendee]] = defaultdict(list)
    for mid, status, category in run(
        select(MeetingAttendance.meeting_id, MeetingAttendance.status, MeetingAttendance.category)
        .where(MeetingAttendance.meeting_id.in_(select(Meeting.id).where(*where, Meeting.has_vote.is_(True))))
    ).all():
        sheets[mid].append(Attendee("", status, None, category))
    group_names = dict(run(select(Organisation.id, Organisation.name).where(
        Organisation.parent_id.in_(branch_ids), Organisation.kind == OrgKind.GROUP.value)).all())
    held: dict[int, list[HeldMeeting]] = defaultdict(list)
    drafts: dict[int, list[HeldMeeting]] = defaultdict(list)
    for mid, branch_id, day, period, lecturer, has_vote, topic, group_id, finalised in rows:
        day = as_date(day)
        if year not in touched_years(day, period or ""):
            continue
        quorum = check_quorum(sheets[mid]).ok if has_vote and sheets.get(mid) else None
        (held if finalised else drafts)[branch_id].append(HeldMeeting(
            day, frozenset(kinds[mid]), group_names.get(group_id, "") if group_id else "", period or "", lecturer,
            bool(has_vote), quorum, topic, mid))
    return held, drafts


def _exemptions(session: Session, branch_ids: list[int], year: int) -> dict[int, list[Exemption]]:
    found: dict[int, list[Exemption]] = defaultdict(list)
    for row in session.scalars(select(MeetingExemption).where(
            MeetingExemption.branch_id.in_(branch_ids), MeetingExemption.deleted_at.is_(None),
            MeetingExemption.period.like(f"{year}%"))):
        found[row.branch_id].append(Exemption(row.kind, row.period, row.reason))
    return found


def load_calendars(session: Session, branches: list[Organisation], year: int, as_of: date) -> list[BranchCalendar]:
    ids = [b.id for b in branches]
    facts = _facts(session, branches, year)
    held, drafted = _held(session, ids, year)
    exempt = _exemptions(session, ids, year)
    settings = load_branch_settings(session, ids)
    return [evaluate_branch(facts[b.id], held[b.id], exempt[b.id], year=year, as_of=as_of,
                            rules=rules_for_branch(settings[b.id].group_meeting_months), drafts=drafted.get(b.id, []))
            for b in branches]


def load_talk_coverages(session: Session, branch_ids: list[int], year: int, day: date, *,
                        own_committees: bool = False) -> dict[int, TalkCoverage]:
    """谈心谈话 coverage of each branch (MTG-YEARLY-TALKS). `own_committees`: each branch's people are
    marked by its own committee's posts, as the meetings page counts one branch at a time (the
    year-end report reads every branch so in one go); otherwise by the posts of all `branch_ids`."""
    run = session.connection().execute
    people: dict[int, list[tuple[int, str]]] = defaultdict(list)
    moves = branch_moves(session)
    wanted = set(branch_ids)
    for mid, branch_id, name, joined, left in run(
        select(Member.id, Member.branch_id, Member.name, Member.join_date, Member.left_date).where(
            (Member.branch_id.in_(branch_ids) | Member.id.in_(list(moves))), Member.deleted_at.is_(None))
    ).all():
        here = branch_on(branch_periods(branch_id, moves.get(mid, ())), day)  # dated 支部调整 (issue 16)
        if here in wanted and (joined is None or joined <= day) and (left is None or left > day):
            people[here].append((mid, name))
    committee: dict[int | None, set[int]] = defaultdict(set)  # org id (None: every org asked for) -> holders
    secretaries: dict[int | None, set[int]] = defaultdict(set)
    for org_id, holder, end, post in run(
            select(CommitteePost.org_id, CommitteePost.member_id, CommitteePost.term_end, CommitteePost.post).where(
                CommitteePost.org_id.in_(branch_ids), CommitteePost.deleted_at.is_(None),
                or_(CommitteePost.term_start.is_(None), CommitteePost.term_start <= day))).all():
        if end is None or end >= day:
            key = org_id if own_committees else None
            committee[key].add(holder)
            if post == "书记":
                secretaries[key].add(holder)
    talks: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for branch_id, mid, member_id in run(
        select(Meeting.branch_id, MeetingAttendance.meeting_id, MeetingAttendance.member_id)
        .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
        .where(MeetingAttendance.meeting_id.in_(
            select(Meeting.id).join(MeetingKindLink, MeetingKindLink.meeting_id == Meeting.id).where(
                Meeting.branch_id.in_(branch_ids), Meeting.deleted_at.is_(None),
                MeetingKindLink.kind == MeetingKind.TALK.value,
                Meeting.meeting_date >= date(year, 1, 1), Meeting.meeting_date <= date(year, 12, 31))),
               MeetingAttendance.member_id.is_not(None),
               MeetingAttendance.status == AttendanceStatus.PRESENT.value)
    ).all():
        if member_id is not None:  # (the query asks for members' rows only)
            talks[branch_id][mid].append(member_id)

    def coverage(b: int) -> TalkCoverage:
        key = b if own_committees else None
        return talk_coverage([Person(mid, name, mid in committee[key], mid in secretaries[key])
                              for mid, name in people[b]], talks[b].values())

    return {b: coverage(b) for b in branch_ids}
