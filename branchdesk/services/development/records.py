"""发展党员 records: create and edit a person's record, record steps with their dates, people and
documents, the 考察 series, and the outcomes (延长预备期, 取消预备党员资格, 终止发展). Each call is one
transaction and returns a fresh `DevelopmentCase`; the roster hand-over runs inside the same
transaction (roster_sync.py), so a step and its roster change succeed or fail together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from branchdesk.db.engine import Database
from branchdesk.db.models import DevDocument, DevPerson, DevRecord, DevReview, DevStep
from branchdesk.db.queries import find_branch
from branchdesk.domain.development.records import DevelopmentCase, PersonInput, probation_end, validate_person
from branchdesk.domain.development.steps import STEP_BY_NUMBER, Outcome
from branchdesk.domain.validation import FieldError
from branchdesk.services.conflicts import conflict_message
from branchdesk.services.development import placement
from branchdesk.services.development.placement import place_in_group
from branchdesk.services.development.roster_sync import PARTICULARS, awaiting_approval, sync_roster
from branchdesk.services.development.store import load_cases, member_ids_by_name
from branchdesk.services.errors import ConflictError, NotFound, RuleViolation, ValidationFailed

MAX_ATTACHMENT = DevDocument.__stored_file__.limit  # (db/stored_file.py: a 数据包 is held to it too)


@dataclass
class StepInput:
    """One step as the editor or an import row gives it. `people` replaces the names of the step's
    role (谈话人 of step 2, 培养联系人 of step 5, 入党介绍人 of step 9, 上级党委谈话人 of step 16)."""

    step: int
    on: date | None
    start_on: date | None = None
    end_on: date | None = None
    hours: float | None = None
    voters_expected: int | None = None
    voters_present: int | None = None
    votes_for: int | None = None
    note: str = ""
    people: list[str] | None = None
    documents: list[tuple[str, date | None]] = field(default_factory=list)  # (title, received on)
    # 第19步 编入党支部和党小组: the 党小组 chosen on the step's form (placement.py); `group_asked` says the
    # form asked (required then where the branch has 党小组; an import row has no such column)
    group_id: int | None = None
    group_asked: bool = False


def list_cases(db: Database, *, branch: str | None = None, deleted: bool = False) -> list[DevelopmentCase]:
    with db.session() as session:
        return load_cases(session, branch=branch, deleted=deleted)


def get_case(db: Database, case_id: int) -> DevelopmentCase:
    with db.session() as session:
        cases = load_cases(session, ids=[case_id])
    if not cases:
        raise NotFound("发展党员记录不存在或已删除")
    return cases[0]


def _record(session: Session, case_id: int, expected_version: int | None = None) -> DevRecord:
    record = session.get(DevRecord, case_id)
    if record is None or record.deleted_at is not None:
        raise NotFound("发展党员记录不存在或已删除")
    if expected_version is not None and record.version != expected_version:
        raise ConflictError(conflict_message(session, f"“{record.name}”的发展党员记录", DevRecord.__tablename__, record.id))
    return record


def apply_person(session: Session, record: DevRecord, data: PersonInput, errors: list[FieldError]) -> None:
    """Copy validated personal data onto `record` (not yet added to the session when new)."""
    branch = find_branch(session, data.branch) if data.branch.strip() else None
    if data.branch.strip() and branch is None:
        errors.append(FieldError("所在党支部", f"没有名为“{data.branch}”的党支部，请先在组织中建立"))
    clash = session.scalars(select(DevRecord).where(
        DevRecord.id_number == data.id_number, DevRecord.deleted_at.is_(None))).first()
    if data.id_number and clash is not None and clash.id != record.id:
        errors.append(FieldError("公民身份号码", f"已有“{clash.name}”的发展党员记录，同一人不能登记两次"))
    if errors:
        raise ValidationFailed(errors)
    assert branch is not None
    record.name, record.sex, record.id_number, record.birth_date = data.name, data.sex, data.id_number, data.birth_date
    record.branch_id, record.ethnicity, record.education = branch.id, data.ethnicity, data.education
    record.position, record.phone, record.note = data.position, data.phone.strip(), data.note


def save_person(db: Database, data: PersonInput, case_id: int | None = None,
                expected_version: int | None = None) -> DevelopmentCase:
    """`save_person_noting`, for a caller with no one to tell."""
    return save_person_noting(db, data, case_id, expected_version)[0]


def save_person_noting(db: Database, data: PersonInput, case_id: int | None = None,
                       expected_version: int | None = None) -> tuple[DevelopmentCase, str]:
    """Create a record (case_id None) or edit its personal data; a rostered person's roster row follows
    in the fields this edit changes (roster_sync: the others keep what the roster has). Returns the
    record and what the user is to be told of the roster ("" if nothing): a 支部调整 the edit recorded,
    a particular the roster keeps otherwise, one it lacked and was given."""
    data, errors = validate_person(data)
    with db.session() as session:
        record = DevRecord(outcome=Outcome.IN_PROGRESS.value) if case_id is None else _record(
            session, case_id, expected_version)
        before = {attr: getattr(record, attr) for attr, _label in PARTICULARS}
        apply_person(session, record, data, errors)
        if case_id is None:
            session.add(record)
        try:
            session.flush()
        except StaleDataError:
            raise ConflictError("这条记录已被他人修改，请重新打开后再编辑") from None
        # awaiting the 上级党委's approval, the person has no roster row for this edit to change (the step's
        # save said so); otherwise the roster follows in the fields edited
        note = "" if awaiting_approval(session, record) else sync_roster(
            session, record, edited={attr for attr, old in before.items() if getattr(record, attr) != old})
        key = record.id
    return get_case(db, key), note


def write_step(session: Session, record: DevRecord, data: StepInput, names: dict[str, list[int]]) -> None:
    """Store one step (used by the editor and the import). A step with no date and nothing else is removed."""
    if data.step not in STEP_BY_NUMBER or STEP_BY_NUMBER[data.step].repeated:
        raise RuleViolation(f"第{data.step}步不是可单独记录日期的步骤（考察请逐次登记）")
    row = session.scalars(select(DevStep).where(DevStep.record_id == record.id, DevStep.step == data.step)).first()
    empty = data.on is None and data.start_on is None and data.end_on is None and data.hours is None \
        and data.voters_expected is None and not data.note
    if empty:
        if row is not None:
            session.delete(row)
    else:
        if row is None:
            row = DevStep(record_id=record.id, step=data.step)
            session.add(row)
        row.on, row.start_on, row.end_on, row.hours = data.on, data.start_on, data.end_on, data.hours
        row.voters_expected, row.voters_present, row.votes_for = (
            data.voters_expected, data.voters_present, data.votes_for)
        row.note = data.note
    roles = STEP_BY_NUMBER[data.step].roles
    if data.people is not None and roles:
        role = roles[0]
        for old in session.scalars(select(DevPerson).where(DevPerson.record_id == record.id, DevPerson.role == role)):
            session.delete(old)
        for order, name in enumerate(dict.fromkeys(n for n in data.people if n)):
            matches = names.get(name, [])
            session.add(DevPerson(record_id=record.id, role=role.value, name=name, sort_order=order,
                                  member_id=matches[0] if len(matches) == 1 else None))
    for title, received_on in data.documents:
        session.add(DevDocument(record_id=record.id, step=data.step, title=title, received_on=received_on,
                                filename="", size=0))
    session.flush()


def save_step(db: Database, case_id: int, data: StepInput, expected_version: int | None = None) -> tuple[
        DevelopmentCase, str]:
    """Record (or clear) one step; return the record and a note of any roster change (may be "")."""
    if data.on is not None and data.on > date.today():
        raise RuleViolation(f"{STEP_BY_NUMBER[data.step].label}的日期 {data.on:%Y-%m-%d} 晚于今天，请记录已完成的步骤")
    with db.session() as session:
        record = _record(session, case_id, expected_version)
        write_step(session, record, data, member_ids_by_name(session))
        if data.step == 24 and data.on is None and record.outcome == Outcome.FULL.value:
            record.outcome, record.outcome_on = Outcome.IN_PROGRESS.value, None
        note = sync_roster(session, record)
        if data.step == placement.STEP and data.group_asked:
            placed = place_in_group(session, record, data.on, data.group_id)
            note = "；".join(n for n in (note, placed) if n)
    return get_case(db, case_id), note


def add_review(db: Database, case_id: int, step: int, on: date | None, note: str = "") -> DevelopmentCase:
    """One 考察 (step 6 for 入党积极分子, 21 for 预备党员); a review without a date is kept as 未记录."""
    if step not in (6, 21):
        raise RuleViolation("考察只能登记在第6步（培养教育考察）或第21步（继续教育考察）")
    with db.session() as session:
        _record(session, case_id)
        session.add(DevReview(record_id=case_id, step=step, on=on, note=note))
    return get_case(db, case_id)


def add_document(db: Database, case_id: int, step: int, title: str, received_on: date | None,
                 filename: str = "", content: bytes | None = None) -> DevelopmentCase:
    """A document of a step: an attached file kept in the database, or only the day it was received."""
    if not title.strip():
        raise RuleViolation("材料名称不能为空")
    if content is not None and len(content) > MAX_ATTACHMENT:
        raise RuleViolation("附件超过 20 MB，请压缩后再附加，或只登记收到日期")
    if content is None and received_on is None:
        raise RuleViolation("请填写收到日期或附加文件")
    with db.session() as session:
        _record(session, case_id)
        session.add(DevDocument(record_id=case_id, step=step, title=title.strip(), received_on=received_on,
                                filename=filename, size=len(content) if content else 0, content=content))
    return get_case(db, case_id)


def document_content(db: Database, document_id: int) -> tuple[str, bytes]:
    with db.session() as session:
        doc = session.get(DevDocument, document_id)
        if doc is None or doc.content is None:
            raise NotFound("该材料没有附件文件")
        return doc.filename or doc.title, bytes(doc.content)


def set_extension(db: Database, case_id: int, months: int, decided_on: date, reason: str) -> tuple[
        DevelopmentCase, str]:
    """延长预备期 (细则2014 第三十二条): once, 6 to 12 months, decided by the 支部大会 when probation ends,
    with the reason."""
    if not 6 <= months <= 12:
        raise RuleViolation("延长预备期应不少于 6 个月、不超过 12 个月")
    if not reason.strip():
        raise RuleViolation("请写明延长预备期的理由")
    with db.session() as session:
        record = _record(session, case_id)
        admitted = session.scalar(select(DevStep.on).where(DevStep.record_id == case_id, DevStep.step == 15))
        if admitted is None:
            raise RuleViolation("尚未记录支部大会讨论接收，不是预备党员，不能延长预备期")
        first_end = probation_end(admitted)
        if first_end is not None and decided_on < first_end:
            raise RuleViolation(f"延长预备期应在预备期满时由支部大会讨论决定：预备期至 {first_end:%Y-%m-%d} 期满，"
                                f"{decided_on:%Y-%m-%d} 尚未期满")
        if record.extension_months is not None and record.extension_on != decided_on:
            raise RuleViolation("预备期只能延长一次；如原记录有误，请先撤销后重新登记")
        record.extension_months, record.extension_on, record.extension_reason = months, decided_on, reason.strip()
        note = sync_roster(session, record)
    return get_case(db, case_id), note


def end_case(db: Database, case_id: int, outcome: Outcome, on: date, reason: str) -> tuple[DevelopmentCase, str]:
    """取消预备党员资格 (a 预备党员; the roster row becomes 出党) or 终止发展 (before admission)."""
    if not reason.strip():
        raise RuleViolation("请写明理由")
    if on > date.today():
        raise RuleViolation("日期不能晚于今天")
    with db.session() as session:
        record = _record(session, case_id)
        admitted = session.scalar(select(DevStep.on).where(DevStep.record_id == case_id, DevStep.step == 15))
        approved = session.scalar(select(DevStep.on).where(DevStep.record_id == case_id, DevStep.step == 24))
        if outcome is Outcome.CANCELLED:
            if admitted is None or approved is not None:
                raise RuleViolation("只有预备党员（已接收、尚未转正）才能取消预备党员资格")
            if on < admitted:
                raise RuleViolation("取消资格的日期不能早于支部大会接收的日期")
        elif outcome is Outcome.STOPPED:
            if admitted is not None:
                raise RuleViolation("已接收为预备党员的，不能“终止发展”；请使用“取消预备党员资格”")
        else:
            raise RuleViolation("结果只能是“取消预备党员资格”或“终止发展”")
        record.outcome, record.outcome_on, record.outcome_reason = outcome.value, on, reason.strip()
        note = sync_roster(session, record)
    return get_case(db, case_id), note


def reopen_case(db: Database, case_id: int) -> DevelopmentCase:
    """Undo a mistaken 终止发展 (a cancelled 预备党员 is restored in the roster by hand: 恢复在册)."""
    with db.session() as session:
        record = _record(session, case_id)
        if record.outcome != Outcome.STOPPED.value:
            raise RuleViolation("只有“终止发展”的记录可以恢复")
        record.outcome, record.outcome_on, record.outcome_reason = Outcome.IN_PROGRESS.value, None, ""
    return get_case(db, case_id)


def delete_case(db: Database, case_id: int) -> None:
    """Move a record to the recycle bin (a rostered person stays in the roster)."""
    with db.session() as session:
        _record(session, case_id).deleted_at = datetime.now()


def restore_case(db: Database, case_id: int) -> DevelopmentCase:
    with db.session() as session:
        record = session.get(DevRecord, case_id)
        if record is None:
            raise NotFound("发展党员记录不存在")
        record.deleted_at = None
    return get_case(db, case_id)
