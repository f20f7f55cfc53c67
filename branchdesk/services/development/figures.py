"""The year's membership figures, computed in one place (issue 13: the volume once said 本年接收预备党员
4 on one page and 1 on another, 按期转正 10 and 1). The 基本情况 page, the 发展党员 flow, the year-end
summary and the development page all take them from here.

- 本年接收预备党员: members whose 入党日期 (the 支部大会's admission, 细则 第十九条) falls in the year and
  whose admission stands approved — everyone on the roster, except a person whose development record
  still waits for the 上级党委's approval (step 17); those are counted apart as 待上级党委审批.
- 本年转正: members who became full in the year — at the 转正日期, or at the 上级党委's approval of the
  转正 where the 发展党员 ledger holds it and it came later (membership.full_from; T9-13: a 预备党员
  until then, as 基本情况 counts them); 按期转正 when the 转正日期 is exactly one year after the
  入党日期 (no extension, 细则 第三十一条), 延长预备期后转正 otherwise.

Figures stand as of `as_of` (the report's day): nothing after it is counted.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.dates import add_years
from branchdesk.domain.development.records import as_it_stood
from branchdesk.domain.development.steps import Outcome
from branchdesk.domain.development.timeline import YearFigures, year_figures
from branchdesk.domain.roster.membership import BranchMove, branch_on, branch_periods, full_from
from branchdesk.domain.roster.records import MemberRecord
from branchdesk.domain.text import name_key, same_name
from branchdesk.services.development.store import load_cases
from branchdesk.services.roster.store import load_members
from branchdesk.services.shared_reads import branch_moves, full_approvals, read_once

_name_key = functools.lru_cache(maxsize=1024)(name_key)  # a school's branch names, a few dozen at most


@dataclass(frozen=True)
class PersonOfYear:
    """A person admitted, made full or gone in the year, with their branch and the day."""

    name: str
    branch: str
    on: date


@dataclass
class MembershipYear:
    """The year's 接收, 转正 and departures, counted once for every page that shows them (issue 13)."""

    year: int
    admitted: list[PersonOfYear] = field(default_factory=list)  # 本年接收预备党员
    pending: list[PersonOfYear] = field(default_factory=list)  # 支部大会已接收，待上级党委审批
    made_full: list[PersonOfYear] = field(default_factory=list)  # 本年转正
    on_time: list[PersonOfYear] = field(default_factory=list)  # 其中按期转正
    left: list[PersonOfYear] = field(default_factory=list)  # 转出 / 离世 / 出党
    # dated 支部调整 of the year (TV-11): out of the branch left, into the branch joined — a branch's members
    # at the year's end are those at its start, plus 接收 and 调入, minus 减少 and 调出
    moved_in: list[PersonOfYear] = field(default_factory=list)
    moved_out: list[PersonOfYear] = field(default_factory=list)

    def count(self, what: str, branch: str | None = None) -> int:
        people: list[PersonOfYear] = getattr(self, what)
        if branch is None:
            return len(people)
        key = _name_key(branch)  # (same_name, with each branch's key worked out once: 50 branches × 3 lists)
        return sum(1 for p in people if p.branch is not None and _name_key(p.branch) == key)

    @property
    def extended(self) -> int:
        """转正 after an extended probation."""
        return len(self.made_full) - len(self.on_time)


def membership_year(session: Session, year: int, *, as_of: date | None = None,
                    branch: str | None = None) -> MembershipYear:
    """On the caller's Session (the year-end report reads every area in one snapshot, where 基本情况
    and 发展党员 share one reading: callers only read the result)."""
    last = min(date(year, 12, 31), as_of or date(year, 12, 31))
    return read_once(session, ("development.membership_year", year, last, branch),
                     lambda: _membership_year(session, year, last, branch))


def _membership_year(session: Session, year: int, last: date, branch: str | None) -> MembershipYear:
    first = date(year, 1, 1)
    result = MembershipYear(year)
    orgs, records, steps = tables.organisations.c, tables.dev_records.c, tables.dev_steps.c  # issue 18: Core reads
    names = dict(read_rows(session, select(orgs.id, orgs.name)))
    waiting: dict[str, tuple[int, date]] = {}  # id number -> (branch, admitted) of unapproved admissions
    approved = {rid for (rid,) in read_rows(session, select(steps.record_id).where(steps.step == 17,
                                                                              steps.on.is_not(None)))}
    for rid, number, branch_id, outcome, admitted, who in read_rows(session,
        select(records.id, records.id_number, records.branch_id, records.outcome, steps.on, records.name)
        .join_from(tables.dev_records, tables.dev_steps, (steps.record_id == records.id) & (steps.step == 15))
        .where(records.deleted_at.is_(None), steps.on.is_not(None))
    ):
        on = date.fromisoformat(admitted[:10]) if isinstance(admitted, str) else admitted
        assert on is not None  # the join asks for a dated step 15
        if rid in approved or outcome in (Outcome.CANCELLED.value, Outcome.STOPPED.value, Outcome.FULL.value):
            continue
        waiting[number] = (branch_id, on)
        if first <= on <= last and (branch is None or same_name(names.get(branch_id), branch)):
            result.pending.append(PersonOfYear(who, names.get(branch_id, ""), on))
    moves = branch_moves(session)

    def branch_then(m: MemberRecord, day: date) -> str:
        """The branch the member was in that day by the dated 支部调整 (a member admitted in one branch and
        moved since is counted where admitted: trial 9, T9-14), else the roster's."""
        if m.id not in moves:
            return m.branch
        then = branch_on(branch_periods(m.branch_id, moves[m.id]), day)
        return names.get(then, m.branch) if then is not None else m.branch

    approved_full = full_approvals(session)
    for m in load_members(session, include_left=True):
        if branch is not None and m.id not in moves and m.branch != branch:
            continue
        # a 转正 is the year's when the member became full: at the 转正日期, or at the 上级党委's approval
        # where the ledger holds it and it came later (membership.full_from: a 预备党员 until then, T9-13)
        made_full = full_from(m.full_date, approved_full.get(m.id)) if m.full_date is not None else None
        events = [(what, day, branch_then(m, day)) for what, day in
                  (("admitted", m.join_date), ("made_full", made_full), ("left", m.left_date))
                  if day is not None and first <= day <= last]
        for what, day, where in events:
            if branch is not None and where != branch:
                continue
            person = PersonOfYear(m.name, where, day)
            if what == "admitted" and m.id_number not in waiting:
                result.admitted.append(person)
            elif what == "made_full":
                result.made_full.append(person)
                if m.join_date is not None and m.full_date == add_years(m.join_date, 1):
                    result.on_time.append(person)
            elif what == "left":
                result.left.append(person)
        for day, left, joined in _moves_of_year(m, moves.get(m.id, ()), first, last):
            for into, name in ((False, names.get(left, "")), (True, names.get(joined, ""))):
                if branch is None or same_name(name, branch):
                    (result.moved_in if into else result.moved_out).append(PersonOfYear(m.name, name, day))
    return result


def _moves_of_year(m: MemberRecord, moves: Iterable[BranchMove], first: date,
                   last: date) -> list[tuple[date, int, int]]:
    """(day, branch left, branch joined) of the member's 支部调整 from `first` to `last`, while on the roster."""
    periods = branch_periods(m.branch_id, moves)
    found = []
    for (_start, _end, left), (start, _last, joined) in zip(periods, periods[1:], strict=False):
        if start is None or not first <= start <= last or left == joined:
            continue
        if (m.join_date is not None and start < m.join_date) or (m.left_date is not None and start > m.left_date):
            continue
        found.append((start, left, joined))
    return found


def development_year(session: Session, year: int, *, branch: str | None = None,
                     as_of: date | None = None) -> YearFigures:
    """The development area's year figures, with 接收预备党员 and 预备党员转正 from `membership_year`
    (the roster knows members the development ledger never recorded)."""
    cases = load_cases(session, branch=branch)
    # a volume made while the year runs counts what stood on its day (domain.md §4, TY-6)
    own = year_figures([as_it_stood(c, as_of) for c in cases] if as_of is not None else cases, year)
    members = membership_year(session, year, as_of=as_of, branch=branch)
    return replace(own, probationary=len(members.admitted), full=len(members.made_full))
