"""党员学习学时 (MTG-STUDY-HOURS, 《中国共产党党员教育管理工作条例》第二十条): the 学习培训记录 outside the
branch's own sittings (add, edit, recycle bin), every member's year (sittings attended + records) and
the rule check `branchdesk check` runs. The database is read in a few queries per call and judged by
domain.study_hours; nothing here guesses a missing time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from branchdesk.db.engine import Database
from branchdesk.db.models import (
    Meeting,
    MeetingAttendance,
    MeetingKindLink,
    Member,
    Organisation,
    StudyRecord,
)
from branchdesk.domain.findings import Finding
from branchdesk.domain.meetings.records import AttendanceStatus
from branchdesk.domain.roster.records import FieldError
from branchdesk.domain.study_hours.records import (
    COUNTED_KINDS,
    MemberStudy,
    Sitting,
    StudyInput,
    member_study,
    months_on_roster,
    parse_form,
    required_hours,
    study_findings,
    validate_study,
)
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.conflicts import conflict_message
from branchdesk.services.errors import ConflictError, NotFound, ValidationFailed


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


def _branches(session: Session, branch: str | int | None) -> list[Organisation]:
    query = select(Organisation).where(Organisation.kind == OrgKind.BRANCH.value, Organisation.deleted_at.is_(None))
    if isinstance(branch, int):
        query = query.where(Organisation.id == branch)
    elif branch:
        query = query.where(Organisation.name == branch.strip())
    return list(session.scalars(query.order_by(Organisation.sort_order, Organisation.id)))


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
            query = query.where(Organisation.name == branch.strip())
        if member_id is not None:
            query = query.where(StudyRecord.member_id == member_id)
        return [_dto(r, name, branch_id, branch_name) for r, name, branch_id, branch_name in session.execute(query)]


def _dto(r: StudyRecord, name: str, branch_id: int, branch: str) -> StudyRecordDTO:
    return StudyRecordDTO(r.id, r.member_id, name, branch_id, branch, r.study_date, Decimal(r.hours), r.form, r.title,
                          r.organiser, r.note, r.version, r.deleted_at)


def check_input(session: Session, data: StudyInput, today: date) -> tuple[Decimal | None, list[FieldError]]:
    """Validate one record against the rules and the roster (the member must exist)."""
    hours, errors = validate_study(data, today)
    if data.member_id is not None:
        member = session.get(Member, data.member_id)
        if member is None or member.deleted_at is not None:
            errors.append(FieldError("党员", "花名册中没有这名党员（可能已被删除）"))
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
        hours, errors = check_input(session, data, today)
        if errors:
            raise ValidationFailed(errors)
        assert hours is not None
        if record_id is None:
            record = StudyRecord()
            session.add(record)
        else:
            found = session.get(StudyRecord, record_id)
            if found is None or found.deleted_at is not None:
                raise NotFound("学习培训记录不存在或已删除")
            record = found
            if expected_version is not None and record.version != expected_version:
                raise ConflictError(conflict_message(session, "这条学习培训记录", StudyRecord.__tablename__, record.id))
        apply_input(record, data, hours)
        try:
            session.flush()
        except StaleDataError:
            raise ConflictError("这条学习培训记录已被他人修改，请重新打开后再编辑") from None
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


# --- every member's year ------------------------------------------------------------------------
def _summary(session: Session, branches: list[Organisation], year: int, as_of: date) -> list[MemberStudy]:
    run = session.connection().execute  # Core rows: a school's year is thousands of sign-ins
    names = {b.id: b.name for b in branches}
    last_day = min(date(year, 12, 31), as_of)
    people: list[tuple[int, str, int, str, Decimal]] = []
    for mid, name, branch_id, category, joined, left in run(
        select(Member.id, Member.name, Member.branch_id, Member.category, Member.join_date, Member.left_date)
        .where(Member.branch_id.in_(names), Member.deleted_at.is_(None)).order_by(Member.id)
    ).all():
        if months_on_roster(year, joined, left) and (joined is None or joined <= last_day):
            people.append((mid, name, branch_id, category, required_hours(year, joined, left)))
    ids = [p[0] for p in people]
    in_year = (Meeting.deleted_at.is_(None), Meeting.meeting_date >= date(year, 1, 1),
               Meeting.meeting_date <= date(year, 12, 31))
    attended: dict[int, list[int]] = defaultdict(list)
    for member_id, meeting_id in run(
        select(MeetingAttendance.member_id, MeetingAttendance.meeting_id).distinct()
        .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
        .join(MeetingKindLink, MeetingKindLink.meeting_id == Meeting.id)
        .where(MeetingAttendance.member_id.in_(ids), *in_year,
               MeetingAttendance.status == AttendanceStatus.PRESENT.value, MeetingKindLink.kind.in_(COUNTED_KINDS))
    ).all():
        attended[member_id].append(meeting_id)
    wanted = {m for ms in attended.values() for m in ms}
    kinds: dict[int, set[str]] = defaultdict(set)
    for meeting_id, kind in run(select(MeetingKindLink.meeting_id, MeetingKindLink.kind)
                                .join(Meeting, Meeting.id == MeetingKindLink.meeting_id).where(*in_year)).all():
        if meeting_id in wanted:
            kinds[meeting_id].add(kind)
    sittings = {
        mid: Sitting(mid, day, frozenset(kinds[mid]), start or "", end or "", topic or "", "")
        for mid, day, start, end, topic in run(
            select(Meeting.id, Meeting.meeting_date, Meeting.start_time, Meeting.end_time, Meeting.topic).where(*in_year)
        ).all() if mid in wanted
    }
    external: dict[int, list[Decimal]] = defaultdict(list)
    for member_id, hours in run(select(StudyRecord.member_id, StudyRecord.hours).where(
            StudyRecord.member_id.in_(ids), StudyRecord.deleted_at.is_(None),
            StudyRecord.study_date >= date(year, 1, 1), StudyRecord.study_date <= date(year, 12, 31))).all():
        external[member_id].append(Decimal(hours))
    order = {b.id: i for i, b in enumerate(branches)}
    people.sort(key=lambda p: (order[p[2]], p[0]))  # branches in their order, members in roster order
    return [member_study(mid, name, names[branch_id], category, required,
                         [sittings[m] for m in attended[mid]], external[mid])
            for mid, name, branch_id, category, required in people]


def study_summary(db: Database, year: int, branch: str | int | None = None,
                  as_of: date | None = None) -> list[MemberStudy]:
    """One row per member on the roster during the year (of one branch, by name or id, or all):
    required, from sittings, external, total, shortfall and the sittings left without times."""
    with db.reading(), db.session() as session:
        return _summary(session, _branches(session, branch), year, as_of or date.today())


def study_hours_findings(db: Database, *, year: int, as_of: date, branch: str | None = None) -> list[Finding]:
    """CHECKERS entry (MTG-STUDY-HOURS): one finding per branch naming the members short of 学时."""
    with db.reading(), db.session() as session:
        branches = _branches(session, branch)
        rows = _summary(session, branches, year, as_of)
    by_branch: dict[str, list[MemberStudy]] = defaultdict(list)
    for row in rows:
        by_branch[row.branch].append(row)
    findings: list[Finding] = []
    for b in branches:
        findings += study_findings(b.name, by_branch[b.name], year, as_of)
    return findings
