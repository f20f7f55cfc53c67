"""Reading rectification records out of the database in bulk (shared by the services of this area).

Every function takes a Session (the caller owns the transaction) and returns domain records. A ledger
of thousands of measures loads in three queries: measures with their problems, progress notes, and
evidence names (never the attached files' bytes).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import (
    Organisation,
    RectEvidence,
    RectLedger,
    RectMeasure,
    RectProblem,
    RectProgress,
)
from branchdesk.domain.rectification_records import (
    EvidenceRecord,
    LedgerRecord,
    MeasureRecord,
    ProblemRecord,
    ProgressNote,
)
from branchdesk.services.errors import NotFound


def ledger_record(ledger: RectLedger, org_name: str) -> LedgerRecord:
    return LedgerRecord(
        id=ledger.id, title=ledger.title, source=ledger.source, org_id=ledger.org_id, org_name=org_name,
        received_date=ledger.received_date, deadline=ledger.deadline, note=ledger.note,
    )


def live_ledger(session: Session, ledger_id: int) -> RectLedger:
    ledger = session.get(RectLedger, ledger_id)
    if ledger is None or ledger.deleted_at is not None:
        raise NotFound("整改台账不存在或已删除")
    return ledger


def live_measure(session: Session, measure_id: int) -> RectMeasure:
    measure = session.get(RectMeasure, measure_id)
    if measure is None or measure.deleted_at is not None:
        raise NotFound("整改措施不存在或已删除")
    return measure


def live_problem(session: Session, problem_id: int) -> RectProblem:
    problem = session.get(RectProblem, problem_id)
    if problem is None or problem.deleted_at is not None:
        raise NotFound("问题不存在或已删除")
    return problem


def load_ledgers(session: Session, ledger_ids: Iterable[int] | None = None) -> list[LedgerRecord]:
    query = (
        select(RectLedger, Organisation.name)
        .outerjoin(Organisation, Organisation.id == RectLedger.org_id)
        .where(RectLedger.deleted_at.is_(None))
        .order_by(RectLedger.received_date.desc().nulls_last(), RectLedger.id.desc())
    )
    if ledger_ids is not None:
        query = query.where(RectLedger.id.in_(list(ledger_ids)))
    return [ledger_record(ledger, name or "") for ledger, name in session.execute(query)]


def problem_record(problem: RectProblem) -> ProblemRecord:
    return ProblemRecord(problem.id, problem.ledger_id, problem.number, problem.category, problem.description,
                         problem.source, problem.sort_order)


def load_problems(session: Session, ledger_id: int) -> list[ProblemRecord]:
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
    query = (
        select(RectMeasure, RectProblem)
        .join(RectProblem, RectProblem.id == RectMeasure.problem_id)
        .join(RectLedger, RectLedger.id == RectMeasure.ledger_id)
        .where(RectMeasure.deleted_at.is_(None), RectProblem.deleted_at.is_(None), RectLedger.deleted_at.is_(None))
        .order_by(RectMeasure.ledger_id, RectProblem.sort_order, RectProblem.id, RectMeasure.sort_order,
                  RectMeasure.id)
    )
    if ledger_ids is not None:
        query = query.where(RectMeasure.ledger_id.in_(list(ledger_ids)))
    if measure_ids is not None:
        query = query.where(RectMeasure.id.in_(list(measure_ids)))
    rows = session.execute(query).all()
    ids = [m.id for m, _ in rows]
    progress: dict[int, list[ProgressNote]] = defaultdict(list)
    evidence: dict[int, list[EvidenceRecord]] = defaultdict(list)
    for chunk_start in range(0, len(ids), 900):  # SQLite's limit on bound parameters
        chunk = ids[chunk_start:chunk_start + 900]
        for note in session.execute(
            select(RectProgress.measure_id, RectProgress.note_date, RectProgress.text)
            .where(RectProgress.measure_id.in_(chunk), RectProgress.deleted_at.is_(None))
            .order_by(RectProgress.note_date.nulls_first(), RectProgress.id)
        ):
            progress[note.measure_id].append(ProgressNote(note.note_date, note.text))
        for item in session.execute(
            select(RectEvidence.id, RectEvidence.measure_id, RectEvidence.name, RectEvidence.filename,
                   RectEvidence.size)
            .where(RectEvidence.measure_id.in_(chunk), RectEvidence.deleted_at.is_(None))
            .order_by(RectEvidence.id)
        ):
            evidence[item.measure_id].append(EvidenceRecord(item.id, item.name, item.filename, item.size))
    return [
        MeasureRecord(
            id=m.id, ledger_id=m.ledger_id, problem_id=p.id, problem_number=p.number, problem_source=p.source,
            category=p.category, problem_description=p.description, text=m.text, leader=m.leader,
            person=m.person, deadline=m.deadline, deadline_note=m.deadline_note, status=m.status,
            completion_date=m.completion_date, closed_date=m.closed_date, verifier=m.verifier,
            progress=tuple(progress.get(m.id, ())), evidence=tuple(evidence.get(m.id, ())),
            sort_order=m.sort_order, version=m.version,
        )
        for m, p in rows
    ]


def load_measure(session: Session, measure_id: int) -> MeasureRecord:
    records = load_measures(session, measure_ids=[measure_id])
    if not records:
        raise NotFound("整改措施不存在或已删除")
    return records[0]
