"""Reading 发展党员 records out of the database as domain DTOs, in bulk (the checker reads thousands).

Each function takes a Session: the calling service owns the transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import Date, String, select, type_coerce
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.queries import org_ids_named
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.development.check import RosterIndex, Standing
from branchdesk.domain.development.records import (
    DevelopmentCase,
    DocumentRecord,
    PersonRef,
    Review,
    StepRecord,
)
from branchdesk.domain.development.steps import Outcome, Role
from branchdesk.domain.roster.membership import branch_periods
from branchdesk.domain.roster.not_expected import ending_move
from branchdesk.domain.vocabulary import DisciplineKind
from branchdesk.services.shared_reads import branch_moves, full_approvals, read_once

# The loaders read plain columns, written on the tables (db/table_reads.py, issue 18).
_RECORDS = tables.dev_records.c
_ORGS = tables.organisations.c
_MEMBERS = tables.members.c
_DISCIPLINE = tables.member_discipline.c
_LEFT_OUT = tables.member_not_expected.c
_RECORD_COLUMNS = (_RECORDS.id, _RECORDS.name, _RECORDS.sex, _RECORDS.id_number, _RECORDS.birth_date,
                   _RECORDS.branch_id, _RECORDS.ethnicity, _RECORDS.education, _RECORDS.position,
                   _RECORDS.phone, _RECORDS.note, _RECORDS.extension_months, _RECORDS.extension_on,
                   _RECORDS.extension_reason, _RECORDS.outcome, _RECORDS.outcome_on, _RECORDS.outcome_reason,
                   _RECORDS.member_id, _RECORDS.version, _RECORDS.leaving_on)
_OUTCOMES = {o.value: o for o in Outcome}
_ROLES = {r.value: r for r in Role}


@lru_cache(maxsize=8192)
def _day(text: str | date | None) -> date | None:
    if isinstance(text, date):  # PostgreSQL's driver returns dates as dates (issue 9)
        return text
    return date.fromisoformat(text[:10]) if text else None


T = TypeVar("T")

def load_cases(session: Session, ids: Iterable[int] | None = None, branch: str | None = None,
               deleted: bool = False) -> list[DevelopmentCase]:
    """Records as DTOs. Rows are read as plain tuples (no ORM object per row): the checker reads
    thousands of records with twenty-odd steps each, and this is what keeps that under a second.
    Within a report's snapshot the whole ledger is read once (the 发展党员 chapter and the year's
    figures both need it)."""
    if ids is None:
        return list(read_once(session, ("development.cases", branch, deleted),
                              lambda: _load_cases(session, None, branch, deleted)))
    return _load_cases(session, ids, branch, deleted)


def _load_cases(session: Session, ids: Iterable[int] | None, branch: str | None, deleted: bool) -> list[DevelopmentCase]:
    query = (select(*_RECORD_COLUMNS, _ORGS.name)
             .join_from(tables.dev_records, tables.organisations, _ORGS.id == _RECORDS.branch_id)
             .order_by(_ORGS.sort_order, _ORGS.id, _RECORDS.id))
    query = query.where(_RECORDS.deleted_at.is_not(None) if deleted else _RECORDS.deleted_at.is_(None))
    wanted = list(ids) if ids is not None else None
    if wanted is not None:
        query = query.where(_RECORDS.id.in_(wanted))
    if branch:
        query = query.where(_ORGS.id.in_(org_ids_named(session, branch)))
    rows = session.connection().execute(query).all()
    if not rows:
        return []
    keys = [row[0] for row in rows]
    narrow = wanted is not None or bool(branch) or len(keys) < 500

    connection = session.connection()  # Core rows: no ORM loading machinery per row

    def grouped(model: Any, columns: Sequence[Any], order: Sequence[Any],  # model: a table's columns
                make: Callable[[Any], T]) -> dict[int, list[T]]:
        # dates come back as text and are parsed once per distinct value (SQLAlchemy's SQLite date
        # processor is a regex per cell, the bulk of the load time for thousands of records)
        columns = [type_coerce(c, String) if isinstance(c.type, Date) else c for c in columns]
        q = select(model.record_id, *columns).order_by(model.record_id, *order)
        if narrow:
            q = q.where(model.record_id.in_(keys))
        if hasattr(model, "deleted_at"):
            q = q.where(model.deleted_at.is_(None))
        out: dict[int, list[T]] = defaultdict(list)
        for row in connection.execute(q):
            out[row[0]].append(make(row))
        return out

    d = _day
    steps: dict[int, list[StepRecord]] = defaultdict(list)
    # the biggest table is read straight through the driver: plain tuples, dates parsed once each
    sql = ('SELECT record_id, step, "on", start_on, end_on, hours, voters_expected, voters_present, votes_for, '
           "note FROM dev_steps WHERE deleted_at IS NULL"
           + (f" AND record_id IN ({','.join(str(int(k)) for k in keys)})" if narrow else "")
           + " ORDER BY record_id, step")
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]  # open: inside the session
    try:
        cursor.execute(sql)
        fetched = cursor.fetchall()
    finally:
        cursor.close()
    for r in fetched:
        steps[r[0]].append(StepRecord(r[1], d(r[2]), d(r[3]), d(r[4]), r[5], r[6], r[7], r[8], r[9]))
    person, review, document = tables.dev_people.c, tables.dev_reviews.c, tables.dev_documents.c
    people = grouped(person, (person.role, person.name, person.member_id),
                     (person.sort_order, person.id), lambda r: PersonRef(_ROLES[r[1]], r[2], r[3]))
    reviews = grouped(review, (review.id, review.step, review.on, review.note),
                      (review.on, review.id), lambda r: Review(r[1], r[2], d(r[3]), r[4]))
    documents = grouped(document, (document.id, document.step, document.title, document.received_on,
                                   document.filename, document.size), (document.step, document.id),
                        lambda r: DocumentRecord(r[1], r[2], r[3], d(r[4]), r[5] or "", r[6] or 0))
    cases = []
    for (key, name, sex, id_number, birth, branch_id, ethnicity, education, position, phone, note, ext_months,
         ext_on, ext_reason, outcome, outcome_on, outcome_reason, member_id, version, leaving_on, branch_name) in rows:
        cases.append(DevelopmentCase(
            id=key, name=name, sex=sex, id_number=id_number, birth_date=birth, branch=branch_name,
            branch_id=branch_id, ethnicity=ethnicity, education=education, position=position, phone=phone,
            note=note, steps={r.step: r for r in steps.get(key, ())},
            people=tuple(people.get(key, ())), reviews=tuple(reviews.get(key, ())),
            documents=tuple(documents.get(key, ())),
            extension_months=ext_months, extension_on=ext_on, extension_reason=ext_reason,
            outcome=_OUTCOMES[outcome], outcome_on=outcome_on, outcome_reason=outcome_reason,
            member_id=member_id, version=version, leaving_on=leaving_on,
        ))
    return cases


def load_roster_index(session: Session) -> RosterIndex:
    """Every roster row, left members included: standing is judged on the step's date, with the
    branch on that day (dated 支部调整), why they left, and 留党察看 periods (细则 第十四条)."""
    moves = branch_moves(session)  # read once per report (shared_reads)
    suspended: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for member_id, decided, ends in read_rows(session,
            select(_DISCIPLINE.member_id, _DISCIPLINE.decided_on, _DISCIPLINE.ends_on)
            .where(_DISCIPLINE.kind == DisciplineKind.PROBATION.value, _DISCIPLINE.deleted_at.is_(None))):
        suspended[member_id].append((_day(decided), _day(ends)))  # type: ignore[arg-type]
    rows = read_rows(session, select(_MEMBERS.id, _MEMBERS.name, _MEMBERS.category, _MEMBERS.join_date,
                                      _MEMBERS.full_date, _MEMBERS.left_date, _MEMBERS.branch_id, _MEMBERS.status)
                      .where(_MEMBERS.deleted_at.is_(None)))
    approved = full_approvals(session)  # a vote from the 转正 approval, not the end of probation (T9-13)
    left_out: dict[int, list[tuple[date, date | None, date]]] = defaultdict(list)
    for member_id, starts, ends, approved_on in read_rows(session, select(
            _LEFT_OUT.member_id, _LEFT_OUT.starts_on, _LEFT_OUT.ends_on, _LEFT_OUT.approved_on)
            .where(_LEFT_OUT.deleted_at.is_(None))):  # 不计入应到会 with approval (VOTE-WHO, TD-5)
        # ended at his first 支部调整 after the approval: it is the approving branch's (review rev3 R3-10)
        moved = ending_move(_day(approved_on), _day(ends),  # type: ignore[arg-type]
                            [m.on for m in moves.get(member_id, ()) if m.changes_branch])
        ends = moved - timedelta(days=1) if moved is not None else ends
        left_out[member_id].append((_day(starts), _day(ends), _day(approved_on)))  # type: ignore[arg-type]
    return RosterIndex(
        Standing(*row, tuple(suspended.get(row[0], ())),
                 branch_periods(row[6], moves[row[0]]) if row[0] in moves else (), approved.get(row[0]),
                 tuple(left_out.get(row[0], ())))
        for row in rows)


def member_ids_by_name(session: Session) -> dict[str, list[int]]:
    from branchdesk.db.models import Member
    names: dict[str, list[int]] = defaultdict(list)
    for member_id, name in session.execute(select(Member.id, Member.name).where(Member.deleted_at.is_(None))):
        names[name].append(member_id)
    return names
