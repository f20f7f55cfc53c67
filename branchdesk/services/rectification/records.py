"""Rectification ledgers (整改台账, domain.md §6): ledgers, problems and measures, created, edited and
deleted (to the recycle bin), each call one transaction returning records.

Status changes, 销号 and reopening live in services/rectification_status.py; figures, the monthly
review and the home-page checks in services/rectification_figures.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import Organisation, RectHistory, RectLedger, RectMeasure, RectProblem
from branchdesk.db.queries import get_setting, live_orgs, set_setting
from branchdesk.domain.rectification.editing import LedgerInput, MeasureInput, ProblemRecord
from branchdesk.domain.rectification.records import LedgerRecord, MeasureRecord
from branchdesk.domain.rectification.status import DEFAULT_SOURCES, MeasureStatus
from branchdesk.domain.validation import FieldError, too_long
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.conflicts import conflict_message
from branchdesk.services.errors import ConflictError, ValidationFailed
from branchdesk.services.rectification.store import (
    live_ledger,
    live_measure,
    live_problem,
    load_ledgers,
    load_measure,
    load_measures,
    load_problems,
    problem_record,
)

SOURCES_SETTING = "rectification.sources"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# --- sources (the list a user can extend) -------------------------------------------------------

def list_sources(db: Database) -> list[str]:
    """The standard sources, then the user's own ones, then any others found on ledgers."""
    with db.session() as session:
        custom = [s for s in get_setting(session, SOURCES_SETTING).split("\n") if s.strip()]
        used = list(session.scalars(select(RectLedger.source).where(RectLedger.deleted_at.is_(None)).distinct()))
    result: list[str] = []
    for source in (*DEFAULT_SOURCES, *custom, *used):
        if source and source not in result:
            result.append(source)
    return result


def add_source(db: Database, name: str) -> list[str]:
    name = name.strip()
    if not name:
        raise ValidationFailed([FieldError("问题来源", "名称不能为空")])
    with db.session() as session:
        custom = [s for s in get_setting(session, SOURCES_SETTING).split("\n") if s.strip()]
        if name not in custom and name not in DEFAULT_SOURCES:
            custom.append(name)
            set_setting(session, SOURCES_SETTING, "\n".join(custom))
    return list_sources(db)


def ledger_organisations(db: Database) -> list[tuple[int, str]]:
    """Organisations a ledger can belong to: the 党委 / 党总支 and every branch (not 党小组)."""
    kinds = (OrgKind.COMMITTEE.value, OrgKind.GENERAL_BRANCH.value, OrgKind.BRANCH.value)
    with db.session() as session:
        orgs = [o for o in live_orgs(session) if o.kind in kinds]
    orgs.sort(key=lambda o: (kinds.index(o.kind), o.sort_order, o.id))
    return [(o.id, o.name) for o in orgs]


# --- ledgers ---------------------------------------------------------------------------------------

def _validate_ledger(session: Session, data: LedgerInput, ledger_id: int | None,
                     org_required: bool = False) -> list[FieldError]:
    errors: list[FieldError] = []
    title = data.title.strip()
    if not title:
        errors.append(FieldError("台账名称", "台账名称不能为空"))
    else:
        clash = session.scalar(select(RectLedger.id).where(
            RectLedger.title == title, RectLedger.deleted_at.is_(None), RectLedger.id != (ledger_id or -1)))
        if clash:
            errors.append(FieldError("台账名称", f"已有名为“{title}”的整改台账，请换一个名称"))
    if not data.source.strip():
        errors.append(FieldError("问题来源", "请选择或填写问题来源（如 巡察反馈、审计、自查）"))
    if data.org_id is None and org_required:
        errors.append(FieldError("所属组织", "请选择本台账属于党委还是哪个党支部"))
    elif data.org_id is not None:
        org = session.get(Organisation, data.org_id)
        if org is None or org.deleted_at is not None:
            errors.append(FieldError("所属组织", "所选党组织不存在或已删除"))
    if data.received_date and data.deadline and data.deadline < data.received_date:
        errors.append(FieldError("整改时限", "整改时限不能早于收到日期"))
    errors += too_long({"台账名称": data.title, "问题来源": data.source, "备注": data.note}, {"台账名称": "title"})
    return errors


def create_ledger(db: Database, data: LedgerInput, *, org_required: bool = False) -> LedgerRecord:
    """`org_required`: the form's new ledger names its 所属组织 — it opens on none rather than guess between
    the 党委 and a branch (trial K, TK-11); an import's ledger may have none."""
    with db.session() as session:
        errors = _validate_ledger(session, data, None, org_required)
        if errors:
            raise ValidationFailed(errors)
        ledger = RectLedger(title=data.title.strip(), source=data.source.strip(), org_id=data.org_id,
                            received_date=data.received_date, deadline=data.deadline, note=data.note)
        session.add(ledger)
        session.flush()
        return load_ledgers(session, [ledger.id])[0]


def update_ledger(db: Database, ledger_id: int, data: LedgerInput) -> LedgerRecord:
    with db.session() as session:
        ledger = live_ledger(session, ledger_id)
        errors = _validate_ledger(session, data, ledger_id)
        if errors:
            raise ValidationFailed(errors)
        ledger.title, ledger.source, ledger.org_id = data.title.strip(), data.source.strip(), data.org_id
        ledger.received_date, ledger.deadline, ledger.note = data.received_date, data.deadline, data.note
        session.flush()
        return load_ledgers(session, [ledger.id])[0]


def delete_ledger(db: Database, ledger_id: int) -> None:
    """To the recycle bin: the ledger is hidden with all it holds, nothing is erased."""
    with db.session() as session:
        live_ledger(session, ledger_id).deleted_at = _now()


def list_ledgers(db: Database) -> list[LedgerRecord]:
    with db.session() as session:
        return load_ledgers(session)


def find_ledger(db: Database, title: str) -> LedgerRecord | None:
    with db.session() as session:
        ledger_id = session.scalar(select(RectLedger.id).where(
            RectLedger.title == title.strip(), RectLedger.deleted_at.is_(None)))
        return load_ledgers(session, [ledger_id])[0] if ledger_id else None


# --- problems --------------------------------------------------------------------------------------

def add_problem(db: Database, ledger_id: int, *, description: str, category: str = "", number: str = "",
                source: str = "") -> ProblemRecord:
    if not description.strip():
        raise ValidationFailed([FieldError("问题描述", "问题描述不能为空")])
    if errors := too_long({"问题描述": description, "问题类别": category, "序号": number, "问题来源": source}):
        raise ValidationFailed(errors)
    with db.session() as session:
        ledger = live_ledger(session, ledger_id)
        order = session.scalar(select(func.max(RectProblem.sort_order)).where(RectProblem.ledger_id == ledger_id))
        problem = RectProblem(ledger_id=ledger_id, description=description.strip(), category=category.strip(),
                              number=number.strip(), source=source.strip() or ledger.source,
                              sort_order=(order or 0) + 1)
        session.add(problem)
        session.flush()
        return problem_record(problem)


def list_problems(db: Database, ledger_id: int) -> list[ProblemRecord]:
    with db.session() as session:
        return load_problems(session, ledger_id)


# --- measures --------------------------------------------------------------------------------------

def validate_measure(data: MeasureInput) -> list[FieldError]:
    errors: list[FieldError] = []
    if not data.text.strip():
        errors.append(FieldError("整改措施", "整改措施不能为空"))
    if not data.person.strip():
        errors.append(FieldError("责任人", "每项整改措施都要有责任人"))
    if data.deadline is None and not data.deadline_note.strip():
        errors.append(FieldError("完成时限", "请填写完成时限（日期，或“长期坚持”）"))
    errors += too_long({"整改措施": data.text, "责任领导": data.leader, "责任人": data.person,
                        "完成时限": data.deadline_note}, {"完成时限": "line"})
    return errors


def _apply(measure: RectMeasure, data: MeasureInput) -> None:
    measure.text, measure.leader, measure.person = data.text.strip(), data.leader.strip(), data.person.strip()
    measure.deadline = data.deadline
    measure.deadline_note = "" if data.deadline else data.deadline_note.strip()


def add_measure(db: Database, problem_id: int, data: MeasureInput) -> MeasureRecord:
    errors = validate_measure(data)
    if errors:
        raise ValidationFailed(errors)
    with db.session() as session:
        problem = live_problem(session, problem_id)
        order = session.scalar(select(func.max(RectMeasure.sort_order)).where(RectMeasure.problem_id == problem_id))
        measure = RectMeasure(ledger_id=problem.ledger_id, problem_id=problem_id,
                              status=MeasureStatus.NOT_STARTED.value, sort_order=(order or 0) + 1, verifier="")
        _apply(measure, data)
        session.add(measure)
        session.flush()
        session.add(RectHistory(measure_id=measure.id, action="新建", to_status=measure.status))
        session.flush()
        return load_measure(session, measure.id)


def update_measure(db: Database, measure_id: int, data: MeasureInput, version: int) -> MeasureRecord:
    errors = validate_measure(data)
    if errors:
        raise ValidationFailed(errors)
    with db.session() as session:
        measure = live_measure(session, measure_id)
        if measure.version != version:
            raise ConflictError(conflict_message(session, "这项整改措施", type(measure).__tablename__, measure.id))
        _apply(measure, data)
        session.flush()
        return load_measure(session, measure.id)


def delete_measure(db: Database, measure_id: int) -> None:
    with db.session() as session:
        live_measure(session, measure_id).deleted_at = _now()


def list_measures(db: Database, ledger_id: int | None = None) -> list[MeasureRecord]:
    """The measures of one ledger, or of every ledger when none is given."""
    with db.session() as session:
        return load_measures(session, ledger_ids=[ledger_id] if ledger_id is not None else None)


def get_measure(db: Database, measure_id: int) -> MeasureRecord:
    with db.session() as session:
        return load_measure(session, measure_id)
