"""The mentoring area's bulk loaders, on a Session the caller holds (one snapshot for a report): the
pairs as DTOs with their activity, hours, outcomes and agreement counted in the same query."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Select, Subquery, func, select
from sqlalchemy.orm import QueryableAttribute, Session

from branchdesk.db import tables
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.mentoring.records import (
    PairRecord,
    departure,
    ended_by_departure,
    parse_list,
    ran_in_year,
)
from branchdesk.domain.vocabulary import MoveKind

AGREEMENT = "协议"  # the attachment role of a signed agreement

# The loaders read plain columns, written on the tables (db/table_reads.py, issue 18).
_PAIRS = tables.mentoring_pairs
_P = _PAIRS.c
_Branch = tables.organisations.alias()
_Mentor = tables.members.alias()
_Mentee = tables.members.alias()  # a 结对对象 who is a member of the roster


@dataclass(frozen=True)
class PairFilter:
    """What the pair list is narrowed to: kind, branch, status, mentor and year."""

    kind: str | None = None
    branch_id: int | None = None
    status: str | None = None
    mentor_id: int | None = None
    year: int | None = None  # pairs that ran in this year


def _activity_stats() -> Subquery:
    activity = tables.mentoring_activities.c
    return (
        select(
            activity.pair_id.label("pair_id"),
            func.count().label("count"),
            func.coalesce(func.sum(activity.hours), 0.0).label("hours"),
            func.max(activity.activity_date).label("last"),
        )
        .where(activity.deleted_at.is_(None))
        .group_by(activity.pair_id)
        .subquery()
    )


def _outcome_stats() -> Subquery:
    outcome = tables.mentoring_outcomes.c
    return (
        select(outcome.pair_id.label("pair_id"), func.count().label("count"))
        .where(outcome.deleted_at.is_(None))
        .group_by(outcome.pair_id)
        .subquery()
    )


def left_unit_from(member_id: ColumnElement[Any] | QueryableAttribute[Any],
                   start: ColumnElement[Any] | QueryableAttribute[Any]) -> ScalarSelect[Any]:
    """The day of the member's first live 离开本单位 on or after the pair's 开始日期 (`start`), a column
    correlated to the pair's row: a pair's 导师 or member 结对对象 who left the school ends it that day,
    read and not stored (trial K, TK-7): deleting the record lets the pair run again. A leave before the
    pair began is not its end: he came back and the pair began after (review 13-5, R5-3: the latest
    leave ended a pair begun after his return before its own start, and a pair running across two
    leaves on the second). domain.md §7."""
    move = tables.member_moves.alias().c
    return (
        select(func.min(move.move_date))
        .where(move.member_id == member_id, move.kind == MoveKind.LEFT_UNIT.value, move.deleted_at.is_(None),
               move.move_date >= start)
        .scalar_subquery()
    )


def _agreements() -> Subquery:
    attachment = tables.mentoring_attachments.c
    return (
        select(attachment.pair_id.label("pair_id"), func.max(attachment.file_name).label("name"))
        .where(attachment.role == AGREEMENT, attachment.deleted_at.is_(None))
        .group_by(attachment.pair_id)
        .subquery()
    )


# The pair's own columns, read as plain values (no ORM object per pair: a district holds thousands),
# named as the model's attributes are (the table's column keys).
_PAIR_COLUMNS = tuple(_P)
_PairValues = namedtuple("_PairValues", [c.key for c in _PAIR_COLUMNS])  # type: ignore[misc]


def _record_query() -> Select[Any]:  # the row shape: the pair's columns, then _to_record's other parameters
    acts, outs, agreements = _activity_stats(), _outcome_stats(), _agreements()
    return (
        select(*_PAIR_COLUMNS, _Branch.c.name, _Mentor.c.name,
               acts.c.count, acts.c.hours, acts.c.last, outs.c.count, agreements.c.name,
               _Mentor.c.status, _Mentor.c.left_date, left_unit_from(_P.mentor_id, _P.start_date),
               _Mentee.c.name, _Mentee.c.status, _Mentee.c.left_date,
               left_unit_from(_P.mentee_member_id, _P.start_date))
        .select_from(_PAIRS)
        .join(_Branch, _Branch.c.id == _P.branch_id)
        .join(_Mentor, _Mentor.c.id == _P.mentor_id)
        .outerjoin(_Mentee, _Mentee.c.id == _P.mentee_member_id)
        .outerjoin(acts, acts.c.pair_id == _P.id)
        .outerjoin(outs, outs.c.pair_id == _P.id)
        .outerjoin(agreements, agreements.c.pair_id == _P.id)
        .where(_P.deleted_at.is_(None))
    )


def _from_row(row: Any) -> PairRecord:
    size = len(_PAIR_COLUMNS)
    return _to_record(_PairValues(*row[:size]), *row[size:])


def _to_record(pair: Any, branch: str, mentor: str, count: int | None, hours: float | None,
               last: date | None, outcomes: int | None, agreement: str | None, mentor_status: str,
               mentor_left: date | None, mentor_left_unit: date | None, mentee: str | None,
               mentee_status: str | None, mentee_left: date | None, mentee_left_unit: date | None) -> PairRecord:
    # a pair ends on the day its mentor (or member mentee) left the roster or the school (domain.md §7,
    # TY-12, TK-7)
    status, closed_on, stop_reason = ended_by_departure(
        pair.status, pair.closed_on, pair.stop_reason,
        [departure("导师", mentor, mentor_status, mentor_left, mentor_left_unit),
         departure("结对对象", mentee, mentee_status, mentee_left, mentee_left_unit)])
    return PairRecord(
        id=pair.id, kind=pair.kind, branch_id=pair.branch_id, branch=branch, mentor_id=pair.mentor_id,
        mentor=mentor, mentee_type=pair.mentee_type, mentee_name=pair.mentee_name, mentee_class=pair.mentee_class,
        mentee_category=pair.mentee_category, mentee_member_id=pair.mentee_member_id, start_date=pair.start_date,
        planned_end=pair.planned_end, goals=pair.goals, content=pair.content, results=pair.results,
        dimensions=tuple(parse_list(pair.dimensions)), agreement_date=pair.agreement_date,
        agreement_file=agreement or "", status=status, closed_on=closed_on, stop_reason=stop_reason,
        note=pair.note, version=pair.version, activity_count=int(count or 0), hours=round(float(hours or 0.0), 1),
        last_activity=last, outcome_count=int(outcomes or 0),
    )


def load_pairs(session: Session, filters: PairFilter | None = None) -> list[PairRecord]:
    """Pairs (not deleted) ordered by branch, kind and start; filters are combined with AND."""
    f = filters or PairFilter()
    query = _record_query().order_by(_Branch.c.sort_order, _Branch.c.id, _P.kind, _P.start_date, _P.id)
    if f.kind:
        query = query.where(_P.kind == f.kind)
    if f.branch_id is not None:
        query = query.where(_P.branch_id == f.branch_id)
    if f.mentor_id is not None:
        query = query.where(_P.mentor_id == f.mentor_id)
    if f.year is not None:
        query = query.where(
            _P.start_date <= date(f.year, 12, 31),
            (_P.closed_on.is_(None)) | (_P.closed_on >= date(f.year, 1, 1)),
        )
    # status and year as the pair reads once a departure ended it (not only as stored)
    return [p for p in (_from_row(row) for row in read_rows(session, query))
            if (not f.status or p.status == f.status)
            and (f.year is None or ran_in_year(p.start_date, p.closed_on, f.year))]


def load_pair(session: Session, pair_id: int) -> PairRecord | None:
    found = read_rows(session, _record_query().where(_P.id == pair_id))
    return _from_row(found[0]) if found else None
