"""The sittings a year's figures count (issue 13), read once for the year-end report: finalised records
with content (drafts and empty records do not count, domain.md §2), each placed by its 所属期间 — a
January 组织生活会 held for the past year is the past year's, a 补开 July 主题党日 is July's."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.queries import org_ids_named
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.meetings.periods import Granularity, Period, counted_period, held_late, parse_period
from branchdesk.domain.meetings.records import figures_from_counts
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.meetings.store import as_date, counted_meetings


@dataclass(frozen=True)
class CountedSitting:
    """A sitting that counts towards the calendar, with its sign-in counts."""

    id: int
    branch: str
    kinds: tuple[str, ...]
    date: date
    period: str  # 所属期间 ("" = by date)
    expected: int | None  # 应到 (from the sheet, else the ledger's count)
    present: int | None  # 实到

    def counted_in(self, granularity: Granularity) -> Period:
        return counted_period(self.date, self.period, granularity)

    @property
    def period_late(self) -> bool:
        return held_late(self.date, self.period)

    def month_in(self, year: int, granularity: Granularity) -> int:  # noqa: ARG002 - one rule for every kind
        """The month column of `year` it is shown in for a kind of this granularity: the month it
        fulfils for a monthly 所属期间, else its date's month; a sitting held after the year for it
        (a January 组织生活会) in December."""
        if self.period:
            own = parse_period(self.period)
            if own.granularity is Granularity.MONTH and own.year == year:
                return own.index
        if self.date.year == year:
            return self.date.month
        return 12 if self.date.year > year else 1


def load_counted_sittings(session: Session, year: int, as_of: date, *,
                          branch: str | None = None) -> list[CountedSitting]:
    """Counted sittings that may count in `year`: held in it, or the next year for it, by `as_of` (the
    volume's cut-off: a 定稿 record dated after it has not happened, domain/meetings/happened.py) — on
    the caller's Session: the year-end report reads every area in one snapshot."""
    # plain columns, read on the tables (db/table_reads.py, issue 18)
    orgs, meeting, kind_link, sheet = (tables.organisations.c, tables.meetings.c, tables.meeting_kinds.c,
                                       tables.meeting_attendance.c)
    query = select(orgs.id, orgs.name).where(orgs.kind == OrgKind.BRANCH.value)
    if branch is not None:
        query = query.where(orgs.id.in_(org_ids_named(session, branch)))
    names = dict(read_rows(session, query))
    where = (*counted_meetings(list(names), as_of), meeting.meeting_date >= date(year, 1, 1),
             meeting.meeting_date <= date(year + 1, 12, 31))
    rows = read_rows(session, select(meeting.id, meeting.branch_id, meeting.meeting_date, meeting.period,
                                     meeting.expected_count, meeting.present_count).where(*where)
                     .order_by(meeting.meeting_date, meeting.id))
    kinds: dict[int, list[str]] = defaultdict(list)
    for mid, kind in read_rows(session, select(kind_link.meeting_id, kind_link.kind)
                               .join_from(tables.meeting_kinds, tables.meetings, meeting.id == kind_link.meeting_id)
                               .where(*where)):
        kinds[mid].append(kind)
    # the sheets counted by status in the database: a district's year is tens of thousands of lines
    sheets: dict[int, dict[str, int]] = defaultdict(dict)
    for mid, status, lines in read_rows(session,
            select(sheet.meeting_id, sheet.status, func.count())
            .join_from(tables.meeting_attendance, tables.meetings, meeting.id == sheet.meeting_id).where(*where)
            .group_by(sheet.meeting_id, sheet.status)):
        sheets[mid][status] = lines
    result = []
    for mid, branch_id, day, period, expected, present in rows:
        day = as_date(day)
        if mid in sheets:
            figures = figures_from_counts(sheets[mid])
            expected, present = figures.expected, figures.present
        result.append(CountedSitting(mid, names[branch_id], tuple(kinds[mid]), day, period or "", expected, present))
    return result
