"""The registers of the year-end volume (issue 15): every sitting with its topic, host and attendance,
every branch's committee, and every pair's activities of the year. Each is one or two set queries on
the report's one Session (read-only, no per-row queries), so the volume stays within its time budget."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.annual_report.meetings_section import SittingRow
from branchdesk.domain.annual_report.sections import CommitteeRow
from branchdesk.domain.meetings.periods import Granularity, parse_period, period_words
from branchdesk.domain.roster.membership import branch_periods
from branchdesk.domain.roster.org_rules import Post, post_on, vacancies
from branchdesk.domain.vocabulary import COMMITTEE_POSTS, OrgKind
from branchdesk.services.meetings.counted import CountedSitting
from branchdesk.services.shared_reads import branch_moves

# plain columns, read on the tables (db/table_reads.py, issue 18)
_MEETINGS = tables.meetings.c
_ORGS = tables.organisations.c
_POSTS = tables.committee_posts.c
_MEMBERS = tables.members.c
_ACTIVITIES = tables.mentoring_activities.c

COMMITTEE_FROM = 7  # 正式党员 7 人以上的支部设支部委员会（《中国共产党支部工作条例（试行）》第二十条; the check's rule too)


def sitting_register(session: Session, sittings: Iterable[CountedSitting], kinds: dict[int, list[str]]) -> list[SittingRow]:
    """`sittings` (counted in the year) with their topic, host and 党课讲授人, by branch order and date.
    `kinds` gives each sitting's kinds counted in the year (in the regulation's order)."""
    chosen = [s for s in sittings if kinds.get(s.id)]
    details: dict[int, tuple[str, str, str]] = {}
    ids = [s.id for s in chosen]
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
        part = ids[start:start + 900]
        for mid, topic, host, lecturer in read_rows(session, select(
                _MEETINGS.id, _MEETINGS.topic, _MEETINGS.host, _MEETINGS.lecturer).where(_MEETINGS.id.in_(part))):
            details[mid] = (topic or "", host or "", lecturer or "")
    rows = []
    for s in chosen:
        topic, host, lecturer = details.get(s.id, ("", "", ""))
        late = bool(s.period and s.period_late) and not past_year_sitting(s.date, s.period)
        rows.append(SittingRow(s.branch, s.date, "、".join(kinds[s.id]), period_words(s.period),
                               late, topic, host, lecturer if "党课" in kinds[s.id] else "", s.expected, s.present))
    return rows


def past_year_sitting(day: date, period: str) -> bool:
    """A yearly sitting (组织生活会, 民主评议党员) held in January–March for the past year: the usual
    practice, not a 补开 (domain.md §2, MTG-YEARLY-LIFE "usually Q4 or January for the past year");
    the register shows its 所属期间 ("2025年度") as the meetings list does ("为2025年度召开")."""
    try:
        own = parse_period(period)
    except ValueError:  # a stored 所属期间 that is not a period: shown as written, judged by period_late
        return False
    return own.granularity is Granularity.YEAR and own.year == day.year - 1 and day.month <= 3


def committees(session: Session, branches: list[str], members: dict[str, int], full: dict[str, int],
               day: date) -> list[CommitteeRow]:
    """Each branch's committee on `day` (posts whose term covers it; a roster's 党内职务 has no start);
    one is required where the branch has 7 正式党员 or more (`full`), as the check (ORG-COMMITTEE) says —
    counting 预备党员 too once made the volume ask a committee of a branch the check did not."""
    ids = dict(read_rows(session, select(_ORGS.name, _ORGS.id).where(
        _ORGS.name.in_(branches), _ORGS.deleted_at.is_(None))))
    held: dict[int, list[Post]] = defaultdict(list)
    moves = branch_moves(session)
    names = dict(read_rows(session, select(_ORGS.id, _ORGS.name).where(  # where a moved holder went
        _ORGS.kind == OrgKind.BRANCH.value, _ORGS.deleted_at.is_(None))))
    query = (select(_POSTS.org_id, _POSTS.post, _POSTS.term_start, _POSTS.term_end, _MEMBERS.id, _MEMBERS.name,
                    _MEMBERS.branch_id, _MEMBERS.left_date, _MEMBERS.status)
             .join_from(tables.committee_posts, tables.members, _MEMBERS.id == _POSTS.member_id)
             .where(_POSTS.org_id.in_(list(ids.values())), _POSTS.deleted_at.is_(None)))
    for org_id, post, start, end, mid, name, home, left, status in read_rows(session, query):
        # a holder who left the branch (离世, 转出, 出党, 支部调整) holds the post no more (ORG-COMMITTEE), as the check says
        held[org_id].append(post_on(name, post, start, end, branch=org_id, periods=branch_periods(home, moves.get(mid, ())),
                                    left=left, status=status, day=day, branch_names=names))
    order = {name: i for i, name in enumerate(COMMITTEE_POSTS)}
    rows = []
    for name in branches:
        posts = held.get(ids.get(name, -1), [])
        found = sorted(((p.post, p.member) for p in posts if p.active(day)), key=lambda p: (order.get(p[0], 99), p[1]))
        vacant = [(p.post, p.vacated_words()) for p in
                  sorted(vacancies(posts, day), key=lambda p: (order.get(p.post, 99), p.member))]
        rows.append(CommitteeRow(name, members.get(name, 0), found, full.get(name, 0) >= COMMITTEE_FROM, vacant))
    return rows


def activity_lines(session: Session, pair_ids: list[int], year: int) -> dict[int, list[str]]:
    """pair id -> "2025-03-12 听课指导 2学时（备注）" for every activity of the year, by date."""
    found: dict[int, list[str]] = defaultdict(list)
    first, last = date(year, 1, 1), date(year, 12, 31)
    for start in range(0, len(pair_ids), 900):
        part = pair_ids[start:start + 900]
        query = (select(_ACTIVITIES.pair_id, _ACTIVITIES.activity_date, _ACTIVITIES.kind, _ACTIVITIES.hours,
                        _ACTIVITIES.note)
                 .where(_ACTIVITIES.pair_id.in_(part), _ACTIVITIES.deleted_at.is_(None),
                        _ACTIVITIES.activity_date.between(first, last))
                 .order_by(_ACTIVITIES.activity_date, _ACTIVITIES.id))
        for pair_id, day, kind, hours, note in read_rows(session, query):
            line = f"{day:%Y-%m-%d} {kind}" + (f" {hours:g}学时" if hours else "")
            found[pair_id].append(line + (f"（{note.strip()}）" if note and note.strip() else ""))
    return found
