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

_RECORD_COLUMNS = (DevRecord.id, DevRecord.name, DevRecord.sex, DevRecord.id_number, DevRecord.birth_date,
                   DevRecord.branch_id, DevRecord.ethnicity, DevRecord.education, DevRecord.position,
                   DevRecord.phone, DevRecord.note, DevRecord.extension_months, DevRecord.extension_on,
                   DevRecord.extension_reason, DevRecord.outcome, DevRecord.outcome_on, DevRecord.outcome_reason,
                   DevRecord.member_id, DevRecord.version)
_OUTCOMES = {o.value: o for o in Outcome}
_ROLES = {r.value: r for r in Role}


def load_cases(session: Session, ids: Iterable[int] | None = None, branch: str | None = None,
               deleted: bool = False) -> list[DevelopmentCase]:
    """Records as DTOs. Rows are read as plain tuples (no ORM object per row): the checker reads
    thousands of records with twenty-odd steps each, and this is what keeps that under a second."""
    query = (select(*_RECORD_COLUMNS, Organisation.name).join(Organisation, Organisation.id == DevRecord.branch_id)
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
    keys = [row[0] for row in rows]
    narrow = wanted is not None or bool(branch) or len(keys) < 500

    def grouped(*columns, model, order):  # type: ignore[no-untyped-def]
        q = select(model.record_id, *columns).order_by(model.record_id, *order)
        if narrow:
            q = q.where(model.record_id.in_(keys))
        if hasattr(model, "deleted_at"):
            q = q.where(model.deleted_at.is_(None))
        out: dict[int, list] = defaultdict(list)  # type: ignore[type-arg]
        for record_id, *values in session.execute(q):
            out[record_id].append(values)
        return out

    steps = grouped(DevStep.step, DevStep.on, DevStep.start_on, DevStep.end_on, DevStep.hours,
                    DevStep.voters_expected, DevStep.voters_present, DevStep.votes_for, DevStep.note,
                    model=DevStep, order=(DevStep.step,))
    people = grouped(DevPerson.role, DevPerson.name, DevPerson.member_id, model=DevPerson,
                     order=(DevPerson.sort_order, DevPerson.id))
    reviews = grouped(DevReview.id, DevReview.step, DevReview.on, DevReview.note, model=DevReview,
                      order=(DevReview.on, DevReview.id))
    documents = grouped(DevDocument.id, DevDocument.step, DevDocument.title, DevDocument.received_on,
                        DevDocument.filename, DevDocument.size, model=DevDocument,
                        order=(DevDocument.step, DevDocument.id))
    cases = []
    for (key, name, sex, id_number, birth, branch_id, ethnicity, education, position, phone, note, ext_months,
         ext_on, ext_reason, outcome, outcome_on, outcome_reason, member_id, version, branch_name) in rows:
        cases.append(DevelopmentCase(
            id=key, name=name, sex=sex, id_number=id_number, birth_date=birth, branch=branch_name,
            branch_id=branch_id, ethnicity=ethnicity, education=education, position=position, phone=phone,
            note=note, steps={v[0]: StepRecord(*v) for v in steps.get(key, ())},
            people=tuple(PersonRef(_ROLES[r], n, m) for r, n, m in people.get(key, ())),
            reviews=tuple(Review(*v) for v in reviews.get(key, ())),
            documents=tuple(DocumentRecord(i, st, t, r, f or "", sz or 0) for i, st, t, r, f, sz in documents.get(key, ())),
            extension_months=ext_months, extension_on=ext_on, extension_reason=ext_reason,
            outcome=_OUTCOMES[outcome], outcome_on=outcome_on, outcome_reason=outcome_reason,
            member_id=member_id, version=version,
        ))
    return cases


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
