"""Reading rectification records out of the database in bulk (shared by the services of this area).

Every function takes a Session (the caller owns the transaction) and returns domain records. A ledger
of thousands of measures loads in three queries: measures with their problems, progress notes, and
evidence names (never the attached files' bytes).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.rectification.records import EvidenceRecord, LedgerRecord, MeasureRecord, ProgressNote
from branchdesk.services.errors import NotFound

if TYPE_CHECKING:
    from branchdesk.db.models import (
        RectLedger,
        RectMeasure,
        RectProblem,
    )
    from branchdesk.domain.rectification.editing import ProblemRecord

# The bulk loaders read plain columns, written on the tables (db/table_reads.py, issue 18).
_LEDGERS = tables.rect_ledgers.c
_PROBLEMS = tables.rect_problems.c
_MEASURES = tables.rect_measures.c
_PROGRESS = tables.rect_progress.c
_EVIDENCE = tables.rect_evidence.c
_ORGS = tables.organisations.c


def ledger_record(ledger: RectLedger, org_name: str) -> LedgerRecord:
    return LedgerRecord(
        id=ledger.id, title=ledger.title, source=ledger.source, org_id=ledger.org_id, org_name=org_name,
        received_date=ledger.received_date, deadline=ledger.deadline, note=ledger.note,
    )


def live_ledger(session: Session, ledger_id: int) -> RectLedger:
    from branchdesk.db.models import RectLedger
    ledger = session.get(RectLedger, ledger_id)
    if ledger is None or ledger.deleted_at is not None:
        raise NotFound("整改台账不存在或已删除")
    return ledger


def live_measure(session: Session, measure_id: int) -> RectMeasure:
    from branchdesk.db.models import RectMeasure
    measure = session.get(RectMeasure, measure_id)
    if measure is None or measure.deleted_at is not None:
        raise NotFound("整改措施不存在或已删除")
    return measure


def live_problem(session: Session, problem_id: int) -> RectProblem:
    from branchdesk.db.models import RectProblem
    problem = session.get(RectProblem, problem_id)
    if problem is None or problem.deleted_at is not None:
        raise NotFound("问题不存在或已删除")
    return problem


def load_ledgers(session: Session, ledger_ids: Iterable[int] | None = None) -> list[LedgerRecord]:
    led = _LEDGERS
    query = (
        select(led.id, led.title, led.source, led.org_id, _ORGS.name, led.received_date, led.deadline, led.note)
        .select_from(tables.rect_ledgers)
        .outerjoin(tables.organisations, _ORGS.id == led.org_id)
        .where(led.deleted_at.is_(None))
        .order_by(led.received_date.desc().nulls_last(), led.id.desc())
    )
    if ledger_ids is not None:
        query = query.where(led.id.in_(list(ledger_ids)))
    return [LedgerRecord(id=key, title=title, source=source, org_id=org_id, org_name=org_name or "",
                         received_date=received, deadline=deadline, note=note)
            for key, title, source, org_id, org_name, received, deadline, note in read_rows(session, query)]


def problem_record(problem: RectProblem) -> ProblemRecord:
    # imported here: the figures and the year-end report read measures only (domain/rectification/editing.py)
    from branchdesk.domain.rectification.editing import ProblemRecord

    return ProblemRecord(problem.id, problem.ledger_id, problem.number, problem.category, problem.description,
                         problem.source, problem.sort_order)


def load_problems(session: Session, ledger_id: int) -> list[ProblemRecord]:
    from branchdesk.db.models import RectProblem
    query = (
        select(RectProblem)
        .where(RectProblem.ledger_id == ledger_id, RectProblem.deleted_at.is_(None))
        .order_by(RectProblem.sort_order, RectProblem.id)
    )
    return [problem_record(p) for p in session.scalars(query)]


def load_measures(
    session: Session, *, ledger_ids: Iterable[int] | None = None, measure_ids: Iterable[int] | None = None
) -> list[MeasureRecord]:
    """Live measures (of live problems and ledgers), ordered as the ledger prints them."""
    # plain columns, not ORM entities: a 2,000-measure ledger must open well under half a second
    measure, problem = _MEASURES, _PROBLEMS
    query = (
        select(measure.id, measure.ledger_id, measure.problem_id, problem.number,
               problem.source, problem.category, problem.description, measure.text,
               measure.leader, measure.person, measure.deadline, measure.deadline_note,
               measure.status, measure.completion_date, measure.closed_date, measure.verifier,
               measure.sort_order, measure.version, measure.number.label("measure_number"))
        .select_from(tables.rect_measures)
        .join(tables.rect_problems, problem.id == measure.problem_id)
        .join(tables.rect_ledgers, _LEDGERS.id == measure.ledger_id)
        .where(measure.deleted_at.is_(None), problem.deleted_at.is_(None), _LEDGERS.deleted_at.is_(None))
        .order_by(measure.ledger_id, problem.sort_order, problem.id, measure.sort_order, measure.id)
    )
    if ledger_ids is not None:
        query = query.where(measure.ledger_id.in_(list(ledger_ids)))
    if measure_ids is not None:
        query = query.where(measure.id.in_(list(measure_ids)))
    rows = session.connection().execute(query).all()  # Core rows: no ORM identity map needed
    progress: dict[int, list[ProgressNote]] = defaultdict(list)
    evidence: dict[int, list[EvidenceRecord]] = defaultdict(list)
    if ledger_ids is not None and measure_ids is None:
        # one query per kind for whole ledgers, rather than chunks of ids
        scope_progress = _PROGRESS.measure_id.in_(
            select(measure.id).where(measure.ledger_id.in_(list(ledger_ids))))
        scope_evidence = _EVIDENCE.measure_id.in_(
            select(measure.id).where(measure.ledger_id.in_(list(ledger_ids))))
        _collect(session, [scope_progress], [scope_evidence], progress, evidence)
    else:
        ids = [r.id for r in rows]
        chunks = [ids[i:i + 900] for i in range(0, len(ids), 900)]  # SQLite's limit on bound parameters
        _collect(session, [_PROGRESS.measure_id.in_(c) for c in chunks],
                 [_EVIDENCE.measure_id.in_(c) for c in chunks], progress, evidence)
    no_notes: tuple[ProgressNote, ...] = ()
    no_evidence: tuple[EvidenceRecord, ...] = ()
    return [
        MeasureRecord(
            id=r.id, ledger_id=r.ledger_id, problem_id=r.problem_id, problem_number=r.number,
            problem_source=r.source, category=r.category, problem_description=r.description, text=r.text,
            leader=r.leader, person=r.person, deadline=r.deadline, deadline_note=r.deadline_note, status=r.status,
            completion_date=r.completion_date, closed_date=r.closed_date, verifier=r.verifier,
            progress=tuple(progress[r.id]) if r.id in progress else no_notes,
            evidence=tuple(evidence[r.id]) if r.id in evidence else no_evidence,
            sort_order=r.sort_order, version=r.version, number=r.measure_number,
        )
        for r in rows
    ]


def _collect(session: Session, progress_scopes: Any, evidence_scopes: Any, progress: Any, evidence: Any) -> None:
    for scope in progress_scopes:
        for measure_id, on, text in session.connection().execute(
            select(_PROGRESS.measure_id, _PROGRESS.note_date, _PROGRESS.text)
            .where(scope, _PROGRESS.deleted_at.is_(None))
            .order_by(_PROGRESS.id)  # as entered (a ledger cell keeps its own order)
        ):
            progress[measure_id].append(ProgressNote(on, text))
    for scope in evidence_scopes:
        for item_id, measure_id, name, filename, size in session.connection().execute(
            select(_EVIDENCE.id, _EVIDENCE.measure_id, _EVIDENCE.name, _EVIDENCE.filename, _EVIDENCE.size)
            .where(scope, _EVIDENCE.deleted_at.is_(None))
            .order_by(_EVIDENCE.id)
        ):
            evidence[measure_id].append(EvidenceRecord(item_id, name, filename, size))


def load_measure(session: Session, measure_id: int) -> MeasureRecord:
    records = load_measures(session, measure_ids=[measure_id])
    if not records:
        raise NotFound("整改措施不存在或已删除")
    return records[0]
