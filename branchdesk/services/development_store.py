"""Reading 发展党员 records out of the database as domain DTOs, in bulk (the checker reads thousands).

Each function takes a Session: the calling service owns the transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import DevDocument, DevPerson, DevRecord, DevReview, DevStep, Member, Organisation
from branchdesk.domain.development import DevelopmentCase, DocumentRecord, PersonRef, Review, StepRecord
from branchdesk.domain.development_check import RosterIndex, Standing
from branchdesk.domain.development_steps import Outcome, Role


def load_cases(session: Session, ids: Iterable[int] | None = None, branch: str | None = None,
               deleted: bool = False) -> list[DevelopmentCase]:
    query = (select(DevRecord, Organisation.name).join(Organisation, Organisation.id == DevRecord.branch_id)
             .order_by(Organisation.sort_order, Organisation.id, DevRecord.id))
    query = query.where(DevRecord.deleted_at.is_not(None) if deleted else DevRecord.deleted_at.is_(None))
    wanted = list(ids) if ids is not None else None
    if wanted is not None:
        query = query.where(DevRecord.id.in_(wanted))
    if branch:
        query = query.where(Organisation.name == branch)
    rows = session.execute(query).all()
    if not rows:
        return []
    keys = [record.id for record, _ in rows]
    scope = (lambda column: column.in_(keys)) if wanted is not None or branch or len(keys) < 500 else None

    def children(model, *order):  # type: ignore[no-untyped-def]
        q = select(model).order_by(model.record_id, *order)
        if scope is not None:
            q = q.where(scope(model.record_id))
        if hasattr(model, "deleted_at"):
            q = q.where(model.deleted_at.is_(None))
        grouped: dict[int, list] = defaultdict(list)  # type: ignore[type-arg]
        for item in session.scalars(q):
            grouped[item.record_id].append(item)
        return grouped

    steps = children(DevStep, DevStep.step)
    people = children(DevPerson, DevPerson.sort_order, DevPerson.id)
    reviews = children(DevReview, DevReview.on)
    docs_query = select(DevDocument.id, DevDocument.record_id, DevDocument.step, DevDocument.title,
                        DevDocument.received_on, DevDocument.filename, DevDocument.size).where(
        DevDocument.deleted_at.is_(None)).order_by(DevDocument.record_id, DevDocument.step, DevDocument.id)
    if scope is not None:
        docs_query = docs_query.where(scope(DevDocument.record_id))
    documents: dict[int, list[DocumentRecord]] = defaultdict(list)
    for doc_id, record_id, step, title, received_on, filename, size in session.execute(docs_query):
        documents[record_id].append(DocumentRecord(doc_id, step, title, received_on, filename, size or 0))
    return [
        to_case(record, branch_name, steps.get(record.id, []), people.get(record.id, []),
                reviews.get(record.id, []), documents.get(record.id, []))
        for record, branch_name in rows
    ]


def to_case(record: DevRecord, branch: str, steps: list[DevStep], people: list[DevPerson],
            reviews: list[DevReview], documents: list[DocumentRecord]) -> DevelopmentCase:
    return DevelopmentCase(
        id=record.id, name=record.name, sex=record.sex, id_number=record.id_number, birth_date=record.birth_date,
        branch=branch, branch_id=record.branch_id, ethnicity=record.ethnicity, education=record.education,
        position=record.position, phone=record.phone, note=record.note,
        steps={s.step: StepRecord(s.step, s.on, s.start_on, s.end_on, s.hours, s.voters_expected,
                                  s.voters_present, s.votes_for, s.note) for s in steps},
        people=tuple(PersonRef(Role(p.role), p.name, p.member_id) for p in people),
        reviews=tuple(Review(r.id, r.step, r.on, r.note) for r in reviews),
        documents=tuple(documents),
        extension_months=record.extension_months, extension_on=record.extension_on,
        extension_reason=record.extension_reason, outcome=Outcome(record.outcome), outcome_on=record.outcome_on,
        outcome_reason=record.outcome_reason, member_id=record.member_id, version=record.version,
    )


def load_roster_index(session: Session) -> RosterIndex:
    """Every roster row, left members included: standing is judged on the step's date."""
    rows = session.execute(select(Member.id, Member.name, Member.category, Member.join_date, Member.full_date,
                                  Member.left_date).where(Member.deleted_at.is_(None)))
    return RosterIndex(Standing(*row) for row in rows)


def member_ids_by_name(session: Session) -> dict[str, list[int]]:
    names: dict[str, list[int]] = defaultdict(list)
    for member_id, name in session.execute(select(Member.id, Member.name).where(Member.deleted_at.is_(None))):
        names[name].append(member_id)
    return names
