"""The meetings area's bulk loaders for the regulation calendar, each on a Session the caller holds
(so a report can read every area in one snapshot): the facts, meetings and exemptions of a year that
the calendar judges, and the 谈心谈话 coverage. The meeting list and whole records are read by
sittings.py (apart, so that the calendar, 学时 and the year-end report do not build a record's
classes: issue 18)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.meetings.happened import has_happened
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
from branchdesk.domain.meetings.theme_day import theme_day_findings
from branchdesk.domain.roster.membership import (
    branch_on,
    branch_periods,
    full_member_spans,
    group_spans,
    group_stays,
)
from branchdesk.domain.vocabulary import MemberCategory, OrgKind
from branchdesk.domain.workdays import DEFAULT_CALENDAR
from branchdesk.services.meetings.day_categories import day_categories
from branchdesk.services.records_start import Branch, branch_span, start_in
from branchdesk.services.roster.org_names import year_names
from branchdesk.services.rule_settings import load_branch_settings, load_work_calendar
from branchdesk.services.shared_reads import branch_moves, full_approvals

# The loaders read plain columns, written on the tables (db/table_reads.py, issue 18).
_MEETINGS = tables.meetings.c
_KINDS = tables.meeting_kinds.c
_SHEETS = tables.meeting_attendance.c
_MEMBERS = tables.members.c
_ORGS = tables.organisations.c
_POSTS = tables.committee_posts.c



def _facts(session: Session, branches: list[Branch], year: int) -> dict[int, BranchFacts]:
    ids = [b.id for b in branches]
    # A branch or 党小组 nobody belongs to holds no meetings: right after the first start, before the
    # roster is imported, and on a branch's PC for the other branches, whose members it does not hold.
    peopled = {org for (org,) in read_rows(session,
        select(_MEMBERS.branch_id).where(_MEMBERS.branch_id.in_(ids), _MEMBERS.deleted_at.is_(None)).distinct())}
    group_days = _group_days(session, ids, year)  # the 党小组 with members in the year, and when (TY-5)
    terms: dict[int, list[tuple[date | None, date | None]]] = defaultdict(list)
    secretaries: dict[int, list[str]] = defaultdict(list)
    for org_id, start, end, post, name in session.connection().execute(
        select(_POSTS.org_id, _POSTS.term_start, _POSTS.term_end, _POSTS.post, _MEMBERS.name)
        .join_from(tables.committee_posts, tables.members, _MEMBERS.id == _POSTS.member_id)
        .where(_POSTS.org_id.in_(ids), _POSTS.deleted_at.is_(None))
    ).all():
        terms[org_id].append((start, end))  # a start of None: in office since before records began
        in_year = (start is None or start <= date(year, 12, 31)) and (end is None or end >= date(year, 1, 1))
        if post == "书记" and in_year:
            secretaries[org_id].append(name)
    records_start = start_in(session)  # the calendar runs from the later of 启用日期 and 成立日期 (issue 13)
    empty = (date(year + 1, 1, 1), None)  # no member: nothing falls due in the year
    full = _full_members(session, ids)
    emptied = _emptied(session, set(ids) - peopled)

    def span(b: Branch) -> tuple[date | None, date | None]:
        if not records_start.day_for(b.id):  # no 启用日期 and no meeting of the branch on record
            return empty
        if b.id in peopled:
            return branch_span(records_start, b)
        if b.id in emptied:  # its members all moved on (merged, without a 撤销日期): due until they left
            first, last = branch_span(records_start, b)
            left = emptied[b.id] - timedelta(days=1)
            return first, left if last is None or left < last else last
        return empty

    return {
        b.id: BranchFacts(b.name, tuple(name for name, _first, _last in group_days[b.id]), tuple(terms[b.id]),
                          tuple(secretaries[b.id]), *span(b), full_members=tuple(full[b.id]),
                          group_days=tuple(group_days[b.id]))
        for b in branches
    }


def _group_days(session: Session, ids: list[int], year: int) -> dict[int, list[tuple[str, date | None, date | None]]]:
    """Branch id -> its 党小组 that had members in the year, in their order, each with its first and last
    day with members (None: no bound) — from every member's group on each day (membership.group_stays:
    a dated 党小组调整 or 支部调整 keeps the earlier days in the group left), bounded by the group's
    成立日期 / 撤销日期 where set. A 党小组 nobody belongs to holds no meetings (right after the first
    start, on a branch's PC for the other branches); one set up in March 2027 is judged from March
    2027, not for 2026 (TY-5: domain.md §2, the calendar starts at the later of 启用日期 and 成立日期)."""
    orgs = {gid: (parent, name, founded, dissolved) for gid, parent, name, founded, dissolved in read_rows(session,
            select(_ORGS.id, _ORGS.parent_id, _ORGS.name, _ORGS.founded_on, _ORGS.dissolved_on).where(
                _ORGS.parent_id.in_(ids), _ORGS.kind == OrgKind.GROUP.value, _ORGS.deleted_at.is_(None))
            .order_by(_ORGS.sort_order, _ORGS.id))}
    found: dict[int, list[tuple[str, date | None, date | None]]] = defaultdict(list)
    if not orgs:
        return found
    moves = branch_moves(session)
    stays = [stay for mid, group_id, joined, left in read_rows(session, select(
                 _MEMBERS.id, _MEMBERS.group_id, _MEMBERS.join_date, _MEMBERS.left_date).where(
                 _MEMBERS.group_id.in_(list(orgs)) | _MEMBERS.id.in_(list(moves)), _MEMBERS.deleted_at.is_(None)))
             for stay in group_stays(group_id, moves.get(mid, ()), since=joined, until=left) if stay[0] in orgs]
    spans = group_spans(stays)
    names = year_names(session, orgs, year)
    for gid, (parent, _name, founded, dissolved) in orgs.items():
        name = names[gid]
        if gid not in spans:
            continue
        first, until = spans[gid]
        last = until - timedelta(days=1) if until is not None else None
        first = founded if founded is not None and (first is None or founded > first) else first
        last = dissolved if dissolved is not None and (last is None or dissolved < last) else last
        if (first is None or first <= date(year, 12, 31)) and (last is None or last >= date(year, 1, 1)):
            found[parent].append((name, first, last))
    return found


def _emptied(session: Session, unpeopled: set[int]) -> dict[int, date]:
    """Branch id → the day its last members moved on by a dated 支部调整, for the branches nobody is
    in now: a branch merged into another, its members moved and no 撤销日期 set. Its calendar runs
    until then — its sittings of the year were due and held (trial 9: such a branch read 4/不适用),
    and nothing falls due after its members left."""
    found: dict[int, date] = {}
    for moves in branch_moves(session).values():
        for move in moves:
            if move.from_branch in unpeopled:
                found[move.from_branch] = max(found.get(move.from_branch, move.on), move.on)
    return found


def _full_members(session: Session, ids: list[int]) -> dict[int, list[tuple[date | None, date | None]]]:
    """Branch id -> the days each of its 正式党员 counts (membership.full_member_spans, as the organisation
    check counts them): a 支部委员会, and so a monthly 支委会, from 7 正式党员 (支部条例 第二十条)."""
    moves = branch_moves(session)
    approved = full_approvals(session)  # full from the 转正's approval where the ledger holds it (T9-13)
    wanted = set(ids)
    found: dict[int, list[tuple[date | None, date | None]]] = defaultdict(list)
    for mid, branch_id, category, joined, full_date, left in read_rows(session, select(
            _MEMBERS.id, _MEMBERS.branch_id, _MEMBERS.category, _MEMBERS.join_date, _MEMBERS.full_date,
            _MEMBERS.left_date).where((_MEMBERS.branch_id.in_(ids) | _MEMBERS.id.in_(list(moves))),
                                      _MEMBERS.deleted_at.is_(None))):
        periods = branch_periods(branch_id, moves.get(mid, ()))
        for branch, begin, end in full_member_spans(periods, joined=joined, full_date=full_date, left=left,
                                                    full_now=category == MemberCategory.FULL.value,
                                                    approved_on=approved.get(mid)):
            if branch in wanted:
                found[branch].append((begin, end))
    return found


def counted_meetings(branch_ids: list[int], as_of: date) -> tuple[ColumnElement[bool], ...]:
    """WHERE clauses of the sittings the calendar counts (domain.md §2): live, finalised (定稿), with a
    topic or content — drafts and empty records do not count — and held by `as_of`: a 定稿 record dated
    after it has not happened (domain/meetings/happened.has_happened, here in SQL)."""
    return (_MEETINGS.branch_id.in_(branch_ids), _MEETINGS.deleted_at.is_(None), _MEETINGS.finalised_at.is_not(None),
            or_(func.trim(_MEETINGS.topic) != "", func.trim(_MEETINGS.content) != ""), _MEETINGS.meeting_date <= as_of)


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
    where = (_MEETINGS.branch_id.in_(branch_ids), _MEETINGS.deleted_at.is_(None),
             or_(func.trim(_MEETINGS.topic) != "", func.trim(_MEETINGS.content) != ""),
             _MEETINGS.meeting_date >= date(year, 1, 1), _MEETINGS.meeting_date <= date(year + 1, 12, 31))
    rows = run(select(_MEETINGS.id, _MEETINGS.branch_id, _MEETINGS.meeting_date, _MEETINGS.period,
                      _MEETINGS.lecturer, _MEETINGS.has_vote, _MEETINGS.topic, _MEETINGS.group_id,
                      _MEETINGS.finalised_at.is_not(None)).where(*where)).all()
    kinds: dict[int, set[str]] = defaultdict(set)
    for mid, kind in run(select(_KINDS.meeting_id, _KINDS.kind)
                         .join_from(tables.meeting_kinds, tables.meetings, _MEETINGS.id == _KINDS.meeting_id)
                         .where(*where)).all():
        kinds[mid].add(kind)
    sheets: dict[int, list[Attendee]] = defaultdict(list)
    of = day_categories(session)  # each member's category on the day, not the one the row stored (T9-13)
    for mid, day, member_id, status, category in run(
        select(_SHEETS.meeting_id, _MEETINGS.meeting_date, _SHEETS.member_id, _SHEETS.status, _SHEETS.category)
        .join_from(tables.meeting_attendance, tables.meetings, _MEETINGS.id == _SHEETS.meeting_id)
        .where(*where, _MEETINGS.has_vote.is_(True))
    ).all():
        sheets[mid].append(Attendee("", status, member_id, of(member_id, as_date(day), category)))
    group_names = year_names(session, run(select(_ORGS.id).where(
        _ORGS.parent_id.in_(branch_ids), _ORGS.kind == OrgKind.GROUP.value)).scalars(), year)
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
    """Branch id -> its reasons for gaps of the year; a 党小组's reason names its group (no group: the
    whole branch's, MTG-MONTHLY-GROUP)."""
    found: dict[int, list[Exemption]] = defaultdict(list)
    exemption = tables.meeting_exemptions  # every column, as the record's own read (the same rows, in its order)
    rows = read_rows(session, select(exemption).where(
        exemption.c.branch_id.in_(branch_ids), exemption.c.deleted_at.is_(None), exemption.c.period.like(f"{year}%")))
    wanted = {row.group_id for row in rows if row.group_id is not None}
    names = year_names(session, wanted, year) if wanted else {}
    for row in rows:
        found[row.branch_id].append(Exemption(row.kind, row.period, row.reason,
                                              names.get(row.group_id, f"#{row.group_id}") if row.group_id is not None else ""))
    return found


def load_calendars(session: Session, branches: list[Branch], year: int, as_of: date, *,
                   held_until: Mapping[int, date] | None = None) -> list[BranchCalendar]:
    """`held_until`: branch id -> the last day its records can stand for (the day its newest 上报 was written,
    at the 党委): a sitting dated after it has not happened as far as they know — left out and listed with
    `BranchCalendar.later`, the periods still judged as of `as_of` (domain/meetings/happened.py)."""
    ids = [b.id for b in branches]
    facts = _facts(session, branches, year)
    held, drafted = _held(session, ids, year)
    ahead: dict[int, list[HeldMeeting]] = {}
    for branch_id, day in (held_until or {}).items():
        if branch_id in held and day < as_of:
            ahead[branch_id] = [m for m in held[branch_id] if not has_happened(m.date, day)]
            held[branch_id] = [m for m in held[branch_id] if has_happened(m.date, day)]
    exempt = _exemptions(session, ids, year)
    settings = load_branch_settings(session, ids)
    # the holiday schedule a fixed 主题党日 may move by, read only where a branch set one (MTG-THEME-DAY-FIXED)
    workdays = load_work_calendar(session) if any(s.theme_day for s in settings.values()) else DEFAULT_CALENDAR
    calendars = []
    for b in branches:
        calendar = evaluate_branch(facts[b.id], held[b.id], exempt[b.id], year=year, as_of=as_of,
                                   rules=rules_for_branch(settings[b.id].group_meeting_months),
                                   drafts=drafted.get(b.id, []), today=date.today())
        calendar.findings += theme_day_findings(facts[b.id], held[b.id], settings[b.id].theme_day, year=year,
                                                as_of=as_of, calendar=workdays, exemptions=exempt[b.id])
        calendar.reported_later = ahead.get(b.id, [])
        calendars.append(calendar)
    return calendars


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
        select(_MEMBERS.id, _MEMBERS.branch_id, _MEMBERS.name, _MEMBERS.join_date, _MEMBERS.left_date).where(
            (_MEMBERS.branch_id.in_(branch_ids) | _MEMBERS.id.in_(list(moves))), _MEMBERS.deleted_at.is_(None))
    ).all():
        here = branch_on(branch_periods(branch_id, moves.get(mid, ())), day)  # dated 支部调整 (issue 16)
        if here in wanted and (joined is None or joined <= day) and (left is None or left > day):
            people[here].append((mid, name))
    committee: dict[int | None, set[int]] = defaultdict(set)  # org id (None: every org asked for) -> holders
    secretaries: dict[int | None, set[int]] = defaultdict(set)
    for org_id, holder, end, post in run(
            select(_POSTS.org_id, _POSTS.member_id, _POSTS.term_end, _POSTS.post).where(
                _POSTS.org_id.in_(branch_ids), _POSTS.deleted_at.is_(None),
                or_(_POSTS.term_start.is_(None), _POSTS.term_start <= day))).all():
        if end is None or end >= day:
            key = org_id if own_committees else None
            committee[key].add(holder)
            if post == "书记":
                secretaries[key].add(holder)
    talks: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    year_talks = (select(_MEETINGS.id)
                  .join_from(tables.meetings, tables.meeting_kinds, _KINDS.meeting_id == _MEETINGS.id)
                  .where(_MEETINGS.branch_id.in_(branch_ids), _MEETINGS.deleted_at.is_(None),
                         _KINDS.kind == MeetingKind.TALK.value,  # held by the day judged (happened.py)
                         _MEETINGS.meeting_date >= date(year, 1, 1), _MEETINGS.meeting_date <= min(date(year, 12, 31), day)))
    for branch_id, mid, member_id in run(
        select(_MEETINGS.branch_id, _SHEETS.meeting_id, _SHEETS.member_id)
        .join_from(tables.meeting_attendance, tables.meetings, _MEETINGS.id == _SHEETS.meeting_id)
        .where(_SHEETS.meeting_id.in_(year_talks), _SHEETS.member_id.is_not(None),
               _SHEETS.status == AttendanceStatus.PRESENT.value)
    ).all():
        if member_id is not None:  # (the query asks for members' rows only)
            talks[branch_id][mid].append(member_id)
    unnamed: dict[int, int] = defaultdict(int)  # talks with no sign-in line at all: who took part is unknown
    for branch_id, count in run(
        select(_MEETINGS.branch_id, func.count()).where(
            _MEETINGS.id.in_(year_talks), ~_MEETINGS.id.in_(select(_SHEETS.meeting_id).distinct()))
        .group_by(_MEETINGS.branch_id)
    ).all():
        unnamed[branch_id] = count

    def coverage(b: int) -> TalkCoverage:
        key = b if own_committees else None
        return talk_coverage([Person(mid, name, mid in committee[key], mid in secretaries[key])
                              for mid, name in people[b]], talks[b].values(), unnamed[b])

    return {b: coverage(b) for b in branch_ids}
