"""党员学习学时 (MTG-STUDY-HOURS, 《中国共产党党员教育管理工作条例》第二十条): the 学习培训记录 outside the
branch's own sittings (add, edit, recycle bin), every member's year (sittings attended + records) and
the rule check (checks.py) builds on. The database is read in a few queries per call (store.py) and judged by
domain/study_hours; nothing here guesses a missing time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from branchdesk.db.engine import Database
from branchdesk.db.models import (
    Member,
    Organisation,
    StudyRecord,
)
from branchdesk.db.queries import org_ids_named
from branchdesk.domain.study_hours.records import (
    SPAN_UNKNOWN,
    MemberStudy,
    StudyInput,
    parse_form,
    validate_study,
)
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import MemberStatus
from branchdesk.services.conflicts import row_to_edit
from branchdesk.services.errors import ConflictError, NotFound, ValidationFailed
from branchdesk.services.records_start import ENTERED, load_branches, start_in
from branchdesk.services.reported import held_until
from branchdesk.services.study_hours.roster_check import StudyRoster, duplicate_text, held_already
from branchdesk.services.study_hours.store import load_summary


@dataclass(frozen=True)
class StudyRecordDTO:
    id: int
    member_id: int
    name: str
    branch_id: int
    branch: str
    study_date: date
    hours: Decimal
    form: str
    title: str
    organiser: str
    note: str
    version: int
    deleted_at: datetime | None = None

    def to_input(self) -> StudyInput:
        return StudyInput(self.member_id, self.study_date, self.hours, self.form, self.title, self.organiser, self.note)




# --- records outside the branch's sittings ------------------------------------------------------
def list_study_records(db: Database, *, year: int | None = None, branch: str | int | None = None,
                       member_id: int | None = None, deleted: bool = False) -> list[StudyRecordDTO]:
    """The records of a year (or all), of one branch or member; `deleted=True` lists the recycle bin."""
    with db.reading(), db.session() as session:
        query = (select(StudyRecord, Member.name, Member.branch_id, Organisation.name)
                 .join(Member, Member.id == StudyRecord.member_id)
                 .join(Organisation, Organisation.id == Member.branch_id)
                 .where(StudyRecord.deleted_at.is_not(None) if deleted else StudyRecord.deleted_at.is_(None))
                 .order_by(Organisation.sort_order, StudyRecord.study_date, StudyRecord.id))
        if year is not None:
            query = query.where(StudyRecord.study_date >= date(year, 1, 1), StudyRecord.study_date <= date(year, 12, 31))
        if isinstance(branch, int):
            query = query.where(Member.branch_id == branch)
        elif branch:
            query = query.where(Organisation.id.in_(org_ids_named(session, branch)))
        if member_id is not None:
            query = query.where(StudyRecord.member_id == member_id)
        return [_dto(r, name, branch_id, branch_name) for r, name, branch_id, branch_name in session.execute(query)]


def _dto(r: StudyRecord, name: str, branch_id: int, branch: str) -> StudyRecordDTO:
    return StudyRecordDTO(r.id, r.member_id, name, branch_id, branch, r.study_date, Decimal(r.hours), r.form, r.title,
                          r.organiser, r.note, r.version, r.deleted_at)


def check_input(session: Session, data: StudyInput, today: date, *, roster: StudyRoster | None = None,
                record_id: int | None = None, refuse_held: bool = True) -> tuple[Decimal | None, list[FieldError]]:
    """Validate one record against the rules and the roster: the member exists, was on the roster on
    the 学习日期 and (`refuse_held`) holds no other record of this training — the check the form for
    several members and the import share (roster_check.py, MTG-STUDY-HOURS). `record_id` is the record
    being corrected; `roster` is read once by a caller checking many rows."""
    hours, errors = validate_study(data, today)
    if data.member_id is not None:
        member = session.get(Member, data.member_id)
        if member is None or member.deleted_at is not None:
            errors.append(FieldError("党员", "花名册中没有这名党员（可能已被删除）"))
        elif data.study_date is not None:
            why = (roster or StudyRoster(session)).absence(data.member_id, data.study_date)
            if why is not None:
                errors.append(FieldError("学习日期", why))
            elif refuse_held and data.title.strip() and held_already(
                    session, [data.member_id], data.study_date, data.title, except_id=record_id):
                errors.append(FieldError("学习内容", duplicate_text(member.name, data.study_date, data.title)))
    return hours, errors


def apply_input(record: StudyRecord, data: StudyInput, hours: Decimal) -> None:
    form = parse_form(data.form)
    assert form is not None and data.member_id is not None and data.study_date is not None
    record.member_id = data.member_id
    record.study_date = data.study_date
    record.hours = hours
    record.form = form.value
    record.title = data.title.strip()
    record.organiser = data.organiser.strip()
    record.note = data.note.strip()


def save_study_record(db: Database, data: StudyInput, record_id: int | None = None, *,
                      expected_version: int | None = None, today: date | None = None) -> StudyRecordDTO:
    """Add (record_id None) or change one record; every problem is reported at once, beside its field."""
    today = today or date.today()
    with db.session() as session:
        hours, errors = check_input(session, data, today, record_id=record_id)
        if errors:
            raise ValidationFailed(errors)
        assert hours is not None
        record = row_to_edit(session, StudyRecord, record_id, expected_version, "这条学习培训记录",
                             "学习培训记录不存在或已删除")
        apply_input(record, data, hours)
        try:
            session.flush()
        except StaleDataError:
            raise ConflictError("这条学习培训记录已被他人修改，请重新打开后再编辑") from None
        return record_dto(session, record)


def record_dto(session: Session, record: StudyRecord) -> StudyRecordDTO:
    """A record just written, as the lists show it (its member's name and branch now)."""
    member = session.get(Member, record.member_id)
    assert member is not None
    branch = session.get(Organisation, member.branch_id)
    return _dto(record, member.name, member.branch_id, branch.name if branch else "")


def delete_study_record(db: Database, record_id: int) -> None:
    """Move to the recycle bin (回收站); the record can be restored from there."""
    with db.session() as session:
        record = session.get(StudyRecord, record_id)
        if record is None or record.deleted_at is not None:
            raise NotFound("学习培训记录不存在或已删除")
        record.deleted_at = datetime.now()


def restore_study_record(db: Database, record_id: int) -> None:
    with db.session() as session:
        record = session.get(StudyRecord, record_id)
        if record is None or record.deleted_at is None:
            raise NotFound("回收站里没有这条学习培训记录")
        record.deleted_at = None




def study_summary(db: Database, year: int, branch: str | int | None = None,
                  as_of: date | None = None) -> list[MemberStudy]:
    """One row per member on the roster during the year (of one branch, by name or id, or all):
    required, from sittings, external, total, shortfall and the sittings left without times."""
    with db.reading(), db.session() as session:
        branches, day = load_branches(session, branch, year=year), as_of or date.today()
        # at the 党委, as the volume and the check count them (rev1 F8)
        return load_summary(session, branches, year, day, held_until=held_until(session, branches, year, day))


def unstarted_note(db: Database, year: int, branch: str | int | None = None) -> str:
    """What the 学习学时 tab says of the branches (one, or all) whose records have not started — no
    启用日期 and no meeting or 学习培训记录 of theirs yet (services/records_start.py) — while members are
    on their roster: their 学时 cannot be worked out, which is not "党员 0 名" (trial K, TK-9). "" when
    every branch's records have started."""
    with db.reading(), db.session() as session:
        start = start_in(session)
        if start.source == ENTERED:
            return ""
        branches = load_branches(session, branch)
        listed = {s.member_id for s in load_summary(session, branches, year, date.today())}
        waiting: list[str] = []
        for org in branches:
            if start.day_for(org.id) is not None:
                continue
            members = [m for m in session.scalars(select(Member.id).where(
                Member.branch_id == org.id, Member.deleted_at.is_(None), Member.status == MemberStatus.ACTIVE.value))
                if m not in listed]
            if members:
                waiting.append(f"{org.name}（{len(members)} 名党员）")
    if not waiting:
        return ""
    return (f"{SPAN_UNKNOWN}，{'、'.join(waiting)}还没有会议记录和学习培训记录，这些党员的学时暂无法计算："
            "请在“设置”中填写台账启用日期，或登记会议和学习培训记录")

