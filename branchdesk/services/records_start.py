"""From when records run (issue 13, domain.md §2): the database's 启用日期 (set at first start or in
设置) and each branch's 成立日期 / 撤销日期. The regulation calendar starts at the later of 启用日期 and
成立日期, so a school that starts BranchDesk in December is not told it missed January to November.

Where no 启用日期 was set (a database filled from the command line, a 党委 collecting its branches'
上报), each branch's calendar starts with the month of its own earliest meeting on record; a branch
with none has no calendar yet (nothing about it can be known): one branch's first 上报 once started the
calendar of every branch, and the 党委 was shown a year of 问题 for branches that had not reported.

API (used by 设置, the first-start wizard and the org panel):
    get_records_start(db) -> date | None          the 启用日期 as set (None: not set)
    set_records_start(db, day: date | None)       set or clear it
    effective_start(db) -> RecordsStart           the day the calendar uses and why
    branch_dates(db, org_id) -> BranchDates       a branch's 成立日期 / 撤销日期
    set_branch_dates(db, org_id, founded_on, dissolved_on)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.engine import Database
from branchdesk.db.queries import org_ids_named, set_setting
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.roster.membership import branch_periods
from branchdesk.domain.text import name_key
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.errors import NotFound, RuleViolation, ValidationFailed
from branchdesk.services.shared_reads import branch_moves, read_once, setting
from branchdesk.services.site_tree import tree_refusal

RECORDS_START = "records_start"  # ISO date
ENTERED = "启用日期"
FROM_MEETINGS = "最早的会议记录"
NOT_STARTED = date.max  # the first day of a branch whose records have not started: no month falls after it


@dataclass(frozen=True)
class RecordsStart:
    """The day the school's records start, and where that day comes from."""

    day: date | None  # None: nothing recorded yet, the calendar has no start (else the earliest branch's)
    source: str  # 启用日期 / 最早的会议记录 / ""
    # with no 启用日期: each branch's own start, the month of its earliest meeting (a branch with none
    # has not started)
    branch_days: Mapping[int, date] = field(default_factory=dict)

    def day_for(self, branch_id: int) -> date | None:
        """The day a branch's records start (before its 成立日期 is taken into account); None: they
        have not started, so no month of it can be judged."""
        return self.day if self.source == ENTERED else self.branch_days.get(branch_id)

    @property
    def text(self) -> str:
        """"台账记录自 2025年1月1日 起（启用日期）" for covers and notes."""
        if self.day is None:
            return ""
        return f"台账记录自 {self.day.year}年{self.day.month}月{self.day.day}日 起（{self.source}）"


@dataclass(frozen=True)
class BranchDates:
    """When a branch was founded or dissolved: its records count only between the two."""

    org_id: int
    name: str
    founded_on: date | None
    dissolved_on: date | None


def read_records_start(session: Session) -> date | None:
    text = setting(session, RECORDS_START).strip()
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def start_in(session: Session) -> RecordsStart:
    """The 启用日期, else the first day of the month of the earliest meeting on record (read once in a
    report's snapshot, where the calendars, the study hours and the volume's notes all ask)."""
    return read_once(session, "records_start", lambda: _start_in(session))


def _start_in(session: Session) -> RecordsStart:
    day = read_records_start(session)
    if day is not None:
        return RecordsStart(day, ENTERED)
    meetings = tables.meetings.c  # a Core read (db/table_reads.py, issue 18)
    firsts: dict[int, date] = {}
    for branch_id, first in read_rows(session, select(meetings.branch_id, func.min(meetings.meeting_date))
                                      .where(meetings.deleted_at.is_(None)).group_by(meetings.branch_id)):
        if isinstance(first, str):  # SQLite aggregate results come back as text
            first = date.fromisoformat(first[:10])
        if first is not None:
            firsts[branch_id] = first.replace(day=1)
    if not firsts:
        return RecordsStart(None, "")
    return RecordsStart(min(firsts.values()), FROM_MEETINGS, firsts)


def get_records_start(db: Database) -> date | None:
    with db.session() as session:
        return read_records_start(session)


def set_records_start(db: Database, day: date | None) -> None:
    if day is not None and day > date.today():
        raise ValidationFailed([FieldError("启用日期", f"{day:%Y-%m-%d} 晚于今天")])
    with db.session() as session:
        set_setting(session, RECORDS_START, day.isoformat() if day else "")


def effective_start(db: Database) -> RecordsStart:
    with db.session() as session:
        return start_in(session)


class Branch(Protocol):
    """What the calendars read of a branch: an Organisation, or a row of its table read as plain
    columns (db/table_reads.py, issue 18), which carries the same names."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def founded_on(self) -> date | None: ...
    @property
    def dissolved_on(self) -> date | None: ...


def branch_span(start: RecordsStart, branch: Branch) -> tuple[date | None, date | None]:
    """(first day, last day) the calendar runs for a branch: the later of its records' start (启用日期,
    else its earliest meeting) and its 成立日期, and its 撤销日期. A branch whose records have not
    started runs from NOT_STARTED: no month of any year is judged, no study hours are asked."""
    own = start.day_for(branch.id)
    if own is None:
        return NOT_STARTED, branch.dissolved_on
    first = max(d for d in (own, branch.founded_on) if d is not None)
    return first, branch.dissolved_on


def branch_dates(db: Database, org_id: int) -> BranchDates:
    from branchdesk.db.models import Organisation
    with db.session() as session:
        org = session.get(Organisation, org_id)
        if org is None or org.deleted_at is not None:
            raise NotFound("组织不存在")
        return BranchDates(org.id, org.name, org.founded_on, org.dissolved_on)


def set_branch_dates(db: Database, org_id: int, founded_on: date | None, dissolved_on: date | None) -> BranchDates:
    """A branch's 成立日期 and 撤销日期 (both optional; 撤销 after 成立, neither in the future)."""
    from branchdesk.db.models import Organisation
    errors: list[FieldError] = []
    today = date.today()
    if founded_on and founded_on > today:
        errors.append(FieldError("成立日期", f"{founded_on:%Y-%m-%d} 晚于今天"))
    if dissolved_on and dissolved_on > today:
        errors.append(FieldError("撤销日期", f"{dissolved_on:%Y-%m-%d} 晚于今天"))
    if founded_on and dissolved_on and dissolved_on < founded_on:
        errors.append(FieldError("撤销日期", f"{dissolved_on:%Y-%m-%d} 早于成立日期 {founded_on:%Y-%m-%d}"))
    if errors:
        raise ValidationFailed(errors)
    with db.session() as session:
        org = session.get(Organisation, org_id)
        if org is None or org.deleted_at is not None:
            raise NotFound("组织不存在")
        if org.kind not in (OrgKind.BRANCH.value, OrgKind.GENERAL_BRANCH.value, OrgKind.COMMITTEE.value):
            raise ValidationFailed([FieldError("成立日期", "党小组不需要填写成立日期")])
        if refusal := tree_refusal(session, org, "dates"):  # a branch's own PC: the committee's row (T9-17)
            raise RuleViolation(refusal)
        org.founded_on, org.dissolved_on = founded_on, dissolved_on
        return BranchDates(org.id, org.name, org.founded_on, org.dissolved_on)


def load_branches(session: Session, branch: str | int | None, *, year: int | None = None) -> list[Branch]:
    """The live branches (one by id or name, or all) in their order, as the calendars, the study hours
    and the year-end report read them: rows of every column of the table, named as the record's
    attributes (read on the table: db/table_reads.py, issue 18). With a `year` and no branch named,
    also each 党支部 an older version moved to the 回收站 with the year's history in it, read as a
    branch dissolved on its deletion day (`deleted_with_history`)."""
    orgs = tables.organisations.c
    query = select(tables.organisations).where(orgs.kind == OrgKind.BRANCH.value, orgs.deleted_at.is_(None))
    if isinstance(branch, int):
        query = query.where(orgs.id == branch)
    elif branch:
        query = query.where(orgs.id.in_(org_ids_named(session, branch)))
    live: list[Branch] = list(read_rows(session, query.order_by(orgs.sort_order, orgs.id)))
    if year is None or branch is not None and branch != "":
        return live
    return live + deleted_with_history(session, year, [b.name for b in live])


@dataclass(frozen=True)
class DeletedBranch:
    """A 党支部 in the 回收站, as the calendars read it: dissolved (撤销) on the day it was deleted."""

    id: int
    name: str
    founded_on: date | None
    dissolved_on: date | None


def deleted_with_history(session: Session, year: int, live_names: list[str]) -> list[Branch]:
    """The 党支部 in the 回收站 that hold the year's history — a sitting of the year on record, or a
    member who was in it during the year (by the roster and the dated 支部调整) — each read as a
    branch with a 撤销日期 at its deletion day (or its own, if earlier). An older version deleted a
    branch with history (trial 9, T9-4: a merged branch deleted after its members were moved); read
    only while live, its year of sittings dropped out of the calendar and the volume (支部党员大会 4/12
    → 0/8) though they were held (domain.md §2: a sitting held counts). Deleting such a branch is
    refused now (services/roster/organisation.delete_org). A branch deleted before the year began,
    one with no history in it, and one whose name a live branch (or an earlier one read here) now
    bears are left out, as before: two calendars of one name would count the same name's sittings
    twice."""
    orgs = tables.organisations.c
    first, last = date(year, 1, 1), date(year, 12, 31)
    rows = read_rows(session, select(tables.organisations).where(
        orgs.kind == OrgKind.BRANCH.value, orgs.deleted_at.is_not(None), orgs.deleted_at >= datetime(year, 1, 1))
        .order_by(orgs.sort_order, orgs.id))
    gone = {row.id: row.deleted_at.date() for row in rows}
    if not gone:
        return []
    meetings = tables.meetings.c
    held = {branch_id for (branch_id,) in read_rows(session, select(meetings.branch_id).where(
        meetings.branch_id.in_(list(gone)), meetings.deleted_at.is_(None),
        or_(meetings.meeting_date.between(first, last), meetings.period.like(f"{year}%"))).distinct())}
    members = tables.members.c
    moves = branch_moves(session)
    for mid, branch_id, joined, left in read_rows(session, select(
            members.id, members.branch_id, members.join_date, members.left_date).where(
            members.deleted_at.is_(None), members.branch_id.in_(list(gone)) | members.id.in_(list(moves)))):
        for start, until, there in branch_periods(branch_id, moves.get(mid, ())):
            if there not in gone or there in held:
                continue
            begin = max(d for d in (start, joined, first) if d is not None)
            end = min(d for d in (until, left, gone[there] + timedelta(days=1), last + timedelta(days=1))
                      if d is not None)  # (exclusive)
            if begin < end:
                held.add(there)
    taken = {name_key(name) for name in live_names}
    found: list[Branch] = []
    for row in rows:
        if row.id not in held or name_key(row.name) in taken:
            continue
        taken.add(name_key(row.name))
        day = gone[row.id]
        found.append(DeletedBranch(row.id, row.name, row.founded_on,
                                   day if row.dissolved_on is None or day < row.dissolved_on else row.dissolved_on))
    return found
