"""The study-hours area's bulk loaders, on a Session the caller holds (one snapshot for a report): the
branches asked for and every member's year — sittings attended and records outside them — in a few
queries, judged by domain/study_hours."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.meetings.happened import has_happened
from branchdesk.domain.meetings.records import AttendanceStatus, MeetingKind
from branchdesk.domain.roster.membership import (
    BranchMove,
    BranchPeriod,
    branch_on,
    branch_periods,
    category_on,
    group_on,
)
from branchdesk.domain.study_hours.records import (
    COUNTED_KINDS,
    MemberStudy,
    Sitting,
    departure,
    member_study,
    months_between,
    months_on_roster,
    required_for_months,
    required_hours,
    unrecorded_span_note,
)
from branchdesk.services.meetings.store import counted_meetings
from branchdesk.services.records_start import ENTERED, NOT_STARTED, Branch, branch_span, start_in
from branchdesk.services.rule_settings import load_branch_settings
from branchdesk.services.shared_reads import branch_moves, driver_rows, full_approvals
from branchdesk.services.study_hours.standard_lengths import read_standard_minutes, standard_for

# The bulk loaders read plain columns, written on the tables (db/table_reads.py, issue 18).
_MEETINGS = tables.meetings.c
_KINDS = tables.meeting_kinds.c
_MEMBERS = tables.members.c
_ORGS = tables.organisations.c
_RECORDS = tables.study_records.c



# --- every member's year ------------------------------------------------------------------------
def load_summary(session: Session, branches: list[Branch], year: int, as_of: date, *,
                 held_until: Mapping[int, date] | None = None) -> list[MemberStudy]:
    """Every member's year: sittings attended (counted records only: finalised, with content), their
    lengths (from times, or the branch's standard length, else unknown), sittings whose attendance
    the ledger did not say, and study outside. The requirement is prorated from the later of the
    member's joining and the calendar's start for the branch (启用日期 / 成立日期, issue 13). The
    sittings are the member's whatever the scope: those of a branch left during the year, or since
    moved to the 回收站, count in the one-branch summary as in the whole school's (trial 9, T9-2).
    `held_until`: branch id -> the day its newest 上报 was written (at the 党委, as load_calendars takes it): a
    sitting of that branch dated after it is no sitting held as far as they know — its 学时 are not counted."""
    run = session.connection().execute  # Core rows: a school's year is thousands of sign-ins
    names = {b.id: b.name for b in branches}
    start = start_in(session)
    spans = {b.id: branch_span(start, b) for b in branches}
    early = _study_before_meetings(session, branches, spans, year) if start.source != ENTERED else {}
    targets = {b: s.study_hours for b, s in load_branch_settings(session, list(names)).items()}
    last_day = min(date(year, 12, 31), as_of)
    moves = branch_moves(session)
    others: dict[int, tuple[date | None, date | None]] = {}

    def other_span(branch: int) -> tuple[date | None, date | None]:
        """A branch outside the scope a member was in during the year (one in the 回收站 too)."""
        if branch not in others:
            row = next(iter(read_rows(session, select(tables.organisations).where(_ORGS.id == branch))), None)
            others[branch] = branch_span(start, row) if row is not None else (NOT_STARTED, None)
        return others[branch]

    people: list[tuple[int, str, int, int | None, str, date | None, date | None, Decimal, str]] = []
    approved = full_approvals(session)
    for mid, name, branch_id, group_id, today, full_date, joined, left, status in run(
        select(_MEMBERS.id, _MEMBERS.name, _MEMBERS.branch_id, _MEMBERS.group_id, _MEMBERS.category,
               _MEMBERS.full_date, _MEMBERS.join_date, _MEMBERS.left_date, _MEMBERS.status)
        .where(_MEMBERS.branch_id.in_(names), _MEMBERS.deleted_at.is_(None)).order_by(_MEMBERS.id)
    ).all():
        # the category at the end of the span summed (the roster keeps today's): a 预备党员 until the
        # 转正, and until its approval where the ledger holds it (membership.category_on, T9-13)
        category = category_on(today, full_date, approved.get(mid), last_day)
        gone = departure(left, status, last_day)  # left the roster: counted for its months, not judged (TV-10)
        if mid in moves:  # the months each of the year's branches kept records while the member was in it
            months = _months_covered(year, branch_periods(branch_id, moves[mid]), joined, left,
                                     lambda b: spans[b] if b in spans else other_span(b))
            if months and (joined is None or joined <= last_day):
                people.append((mid, name, branch_id, group_id, category, joined, left,
                               required_for_months(len(months), targets[branch_id]), gone))
            continue
        first, end = spans[branch_id]
        counted_from = max((d for d in (joined, first) if d is not None), default=None)
        counted_to = min((d for d in (left, end + timedelta(days=1) if end else None) if d is not None), default=None)
        if months_on_roster(year, counted_from, counted_to) and (joined is None or joined <= last_day):
            people.append((mid, name, branch_id, group_id, category, joined, left,
                           required_hours(year, counted_from, counted_to, targets[branch_id]), gone))
    beyond = _branches_beyond(session, names, [p[0] for p in people], moves, year)
    sittings = load_sittings(session, [*names, *beyond], year, as_of, held_until=held_until)  # the members' year
    # one pass over the year's sign-in lines (a district's are tens of thousands): the sittings that
    # have a sheet, and each member's sittings attended (their order does not matter: member_study
    # counts each sitting once and orders what it lists)
    sheet: set[int] = set()
    attended: dict[int, list[int]] = defaultdict(list)
    present = AttendanceStatus.PRESENT.value
    for meeting_id, member_id, status in driver_rows(
        session, f"SELECT meeting_id, member_id, status FROM {tables.meeting_attendance.name} "
                 f"WHERE meeting_id IN ({','.join(str(int(m)) for m in sittings)})"
    ) if sittings else ():
        sheet.add(meeting_id)
        if member_id is not None and status == present:
            attended[member_id].append(meeting_id)
    unsure = [s for mid, s in sittings.items() if mid not in sheet]
    external: dict[int, list[Decimal]] = defaultdict(list)
    ids = [p[0] for p in people]
    for member_id, hours in run(select(_RECORDS.member_id, _RECORDS.hours).where(
            _RECORDS.member_id.in_(ids), _RECORDS.deleted_at.is_(None),
            _RECORDS.study_date >= date(year, 1, 1), _RECORDS.study_date <= date(year, 12, 31))).all():
        external[member_id].append(Decimal(hours))
    order = {b.id: i for i, b in enumerate(branches)}
    people.sort(key=lambda p: (order[p[2]], p[0]))  # branches in their order, members in roster order
    result = []
    for mid, name, branch_id, group_id, category, joined, left, required, gone in people:
        if mid in moves:  # dated 支部调整 (issue 16, item 8): the old branch's sittings before the move
            periods = branch_periods(branch_id, moves[mid])
            unknown = [s for s in unsure if branch_on(periods, s.day) == s.branch_id
                       and _in_audience(s, group_on(group_id, moves[mid], s.day), joined, left)]
        else:
            unknown = [s for s in unsure if s.branch_id == branch_id and _in_audience(s, group_id, joined, left)]
        result.append(member_study(mid, name, names[branch_id], category, required,
                                   [sittings[m] for m in attended[mid] if m in sittings], external[mid], unknown,
                                   gone, early.get(branch_id, "")))
    return result


def _study_before_meetings(session: Session, branches: list[Branch],
                           spans: dict[int, tuple[date | None, date | None]], year: int) -> dict[int, str]:
    """With no 启用日期 a branch's records start with its first meeting on record; where its members'
    学习培训记录 of the year begin in an earlier month, the branch's span is moved back to that month
    (in `spans`: the requirement and the hours counted run over the same months) and the branch gets
    the note saying its meetings between are unknown (MemberStudy.span_note; trial K, TK-9: July's
    training counted against a requirement prorated to November–December read "达标" at 8 of 32).
    A record is the branch's the member was in on its day (支部调整): one from before she moved in is
    her earlier branch's, and does not move this one's span (review 13-5)."""
    records = tables.study_records
    founded = {b.id: b.founded_on for b in branches}
    moves = branch_moves(session)
    earliest: dict[int, date] = {}
    for member_id, current, day in session.connection().execute(
        select(_RECORDS.member_id, _MEMBERS.branch_id, _RECORDS.study_date).distinct()
        .join_from(records, tables.members, _MEMBERS.id == _RECORDS.member_id)
        .where(_MEMBERS.deleted_at.is_(None), _RECORDS.deleted_at.is_(None),
               _RECORDS.study_date >= date(year, 1, 1), _RECORDS.study_date <= date(year, 12, 31))
    ).all():
        branch_id = branch_on(branch_periods(current, moves[member_id]), day) if member_id in moves else current
        if branch_id in spans and (branch_id not in earliest or day < earliest[branch_id]):
            earliest[branch_id] = day
    notes: dict[int, str] = {}
    for branch_id, first_study in earliest.items():
        month = max(d for d in (first_study.replace(day=1), founded.get(branch_id)) if d is not None)
        first, end = spans[branch_id]
        if first is not None and month < first:
            spans[branch_id] = (month, end)
            notes[branch_id] = unrecorded_span_note(None if first == NOT_STARTED else first, month)
    return notes


def _months_covered(year: int, periods: tuple[BranchPeriod, ...], joined: date | None, left: date | None,
                    span_of: Callable[[int], tuple[date | None, date | None]]) -> set[int]:
    """The months of the year a moved member was on the roster of a branch whose records ran then
    (its 启用日期 or first meeting, 成立日期 and 撤销日期: services/records_start.py): 学时 are asked for
    those months only — a branch with no records yet says nothing of what was attended there, and
    the months in the old branch still count (trial 9: a member moved to a branch without records
    dropped out of 学时 altogether, her eleven sittings before the move with her)."""
    months: set[int] = set()
    for since, until, branch in periods:
        first, end = span_of(branch)
        lo = max((d for d in (since, joined, first) if d is not None), default=None)
        hi = min((d for d in (until, left, end + timedelta(days=1) if end else None) if d is not None), default=None)
        months |= months_between(year, lo, hi)
    return months


def _branches_beyond(session: Session, scope: dict[int, str], members: list[int],
                     moves: dict[int, list[BranchMove]], year: int) -> set[int]:
    """The branches outside `scope` whose sittings are part of these members' year (trial 9, T9-2): a
    member's 学时 are the member's, whichever branch they are in at year end — the branches they moved
    from or to (their sittings before the move, attended or kept by counts only), and any branch whose
    sitting of the year they signed in at as 出席, one since moved to the 回收站 included (its sittings
    were held and attended: they are not "no record", T9-4)."""
    found = {b for m in members for move in moves.get(m, ()) for b in (move.from_branch, move.to_branch)
             if b is not None and b not in scope}
    sheet = tables.meeting_attendance.c
    signed = (select(sheet.id).where(sheet.meeting_id == _MEETINGS.id, sheet.member_id.in_(members),
                                     sheet.status == AttendanceStatus.PRESENT.value).exists())
    # the year's sittings outside the scope first (none, for the whole school's), then their sign-ins
    found.update(branch for (branch,) in session.connection().execute(
        select(_MEETINGS.branch_id).distinct().where(
            _MEETINGS.branch_id.not_in(scope), _MEETINGS.deleted_at.is_(None),
            _MEETINGS.meeting_date >= date(year, 1, 1), _MEETINGS.meeting_date <= date(year, 12, 31), signed)
    ).all())
    return found


def _in_audience(sitting: Sitting, group_id: int | None, joined: date | None, left: date | None) -> bool:
    if (joined is not None and joined > sitting.day) or (left is not None and left <= sitting.day):
        return False
    return sitting.group_only is None or sitting.group_only == group_id


def load_sittings(session: Session, branch_ids: list[int], year: int, as_of: date, *,
                  held_until: Mapping[int, date] | None = None) -> dict[int, Sitting]:
    """The year's counted sittings of kinds that count for 学时, with the branch's standard lengths — those
    held by `as_of` (a 定稿 record dated after it has not happened: domain/meetings/happened.py), and by the
    day in `held_until` of their branch (its newest 上报's, at the 党委: load_summary; review rev1 F1)."""
    until = held_until or {}
    run = session.connection().execute
    standards = read_standard_minutes(session)
    names = dict(run(select(_ORGS.id, _ORGS.name).where(_ORGS.id.in_(branch_ids))).all())
    in_year = (*counted_meetings(branch_ids, as_of), _MEETINGS.meeting_date >= date(year, 1, 1),
               _MEETINGS.meeting_date <= date(year, 12, 31))
    kinds: dict[int, set[str]] = defaultdict(set)
    for meeting_id, kind in run(select(_KINDS.meeting_id, _KINDS.kind)
                                .join_from(tables.meeting_kinds, tables.meetings, _MEETINGS.id == _KINDS.meeting_id)
                                .where(*in_year)).all():
        kinds[meeting_id].add(kind)
    result: dict[int, Sitting] = {}
    for mid, branch_id, group_id, day, start, end, topic in run(
        select(_MEETINGS.id, _MEETINGS.branch_id, _MEETINGS.group_id, _MEETINGS.meeting_date, _MEETINGS.start_time,
               _MEETINGS.end_time, _MEETINGS.topic).where(*in_year)
    ).all():
        own = frozenset(kinds[mid])
        if not own & COUNTED_KINDS:
            continue
        day = date.fromisoformat(day[:10]) if isinstance(day, str) else day
        if branch_id in until and not has_happened(day, until[branch_id]):
            continue  # dated after the branch's newest 上报 was written: left out as the calendar leaves it
        result[mid] = Sitting(mid, day, own, start or "", end or "", topic or "", names.get(branch_id, ""),
                              standard_for(own & COUNTED_KINDS, standards),
                              group_id if own == {MeetingKind.GROUP.value} else None, branch_id)
    return result
