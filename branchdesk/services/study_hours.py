"""党员学习学时 (MTG-STUDY-HOURS, 《中国共产党党员教育管理工作条例》第二十条): the 学习培训记录 outside the
branch's own sittings (add, edit, recycle bin), every member's year (sittings attended + records) and
the rule check `branchdesk check` runs. The database is read in a few queries per call and judged by
domain.study_hours; nothing here guesses a missing time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
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
from branchdesk.domain.meetings import AttendanceStatus, MeetingKind
from branchdesk.domain.members import FieldError
from branchdesk.domain.study_hours import (
    COUNTED_KINDS,
    MemberStudy,
    Sitting,
    StudyInput,
    member_study,
    months_on_roster,
    parse_form,
    required_hours,
    study_findings,
    untimed_finding,
    validate_study,
)
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.conflicts import conflict_message
from branchdesk.services.errors import ConflictError, NotFound, ValidationFailed
from branchdesk.services.meetings_calendar import counted_meetings
from branchdesk.services.records_start import branch_span, start_in
from branchdesk.services.standard_lengths import read_standard_minutes, standard_for


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
    """Every member's year: sittings attended (counted records only: finalised, with content), their
    lengths (from times, or the branch's standard length, else unknown), sittings whose attendance
    the ledger did not say, and study outside. The requirement is prorated from the later of the
    member's joining and the calendar's start for the branch (启用日期 / 成立日期, issue 13)."""
    run = session.connection().execute  # Core rows: a school's year is thousands of sign-ins
    names = {b.id: b.name for b in branches}
    start = start_in(session)
    spans = {b.id: branch_span(start, b) for b in branches}
    last_day = min(date(year, 12, 31), as_of)
    people: list[tuple[int, str, int, int | None, str, date | None, date | None, Decimal]] = []
    for mid, name, branch_id, group_id, category, joined, left in run(
        select(Member.id, Member.name, Member.branch_id, Member.group_id, Member.category, Member.join_date,
               Member.left_date).where(Member.branch_id.in_(names), Member.deleted_at.is_(None)).order_by(Member.id)
    ).all():
        first, end = spans[branch_id]
        counted_from = max((d for d in (joined, first) if d is not None), default=None)
        counted_to = min((d for d in (left, end + timedelta(days=1) if end else None) if d is not None), default=None)
        if months_on_roster(year, counted_from, counted_to) and (joined is None or joined <= last_day):
            people.append((mid, name, branch_id, group_id, category, joined, left,
                           required_hours(year, counted_from, counted_to)))
    sittings = _sittings(session, list(names), year)
    sheet: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for meeting_id, member_id, status in run(
        select(MeetingAttendance.meeting_id, MeetingAttendance.member_id, MeetingAttendance.status)
        .where(MeetingAttendance.meeting_id.in_(list(sittings)))
    ).all() if sittings else ():
        sheet[meeting_id].append((member_id, status))
    attended: dict[int, list[int]] = defaultdict(list)
    for meeting_id, rows in sheet.items():
        for member_id, status in rows:
            if member_id is not None and status == AttendanceStatus.PRESENT.value:
                attended[member_id].append(meeting_id)
    unsure = [s for mid, s in sittings.items() if mid not in sheet]
    external: dict[int, list[Decimal]] = defaultdict(list)
    ids = [p[0] for p in people]
    for member_id, hours in run(select(StudyRecord.member_id, StudyRecord.hours).where(
            StudyRecord.member_id.in_(ids), StudyRecord.deleted_at.is_(None),
            StudyRecord.study_date >= date(year, 1, 1), StudyRecord.study_date <= date(year, 12, 31))).all():
        external[member_id].append(Decimal(hours))
    order = {b.id: i for i, b in enumerate(branches)}
    people.sort(key=lambda p: (order[p[2]], p[0]))  # branches in their order, members in roster order
    result = []
    for mid, name, branch_id, group_id, category, joined, left, required in people:
        unknown = [s for s in unsure if s.branch == names[branch_id] and _in_audience(s, group_id, joined, left)]
        result.append(member_study(mid, name, names[branch_id], category, required,
                                   [sittings[m] for m in attended[mid] if m in sittings], external[mid], unknown))
    return result


def _in_audience(sitting: Sitting, group_id: int | None, joined: date | None, left: date | None) -> bool:
    if (joined is not None and joined > sitting.day) or (left is not None and left <= sitting.day):
        return False
    return sitting.group_only is None or sitting.group_only == group_id


def _sittings(session: Session, branch_ids: list[int], year: int) -> dict[int, Sitting]:
    """The year's counted sittings of kinds that count for 学时, with the branch's standard lengths."""
    run = session.connection().execute
    standards = read_standard_minutes(session)
    names = dict(run(select(Organisation.id, Organisation.name).where(Organisation.id.in_(branch_ids))).all())
    in_year = (*counted_meetings(branch_ids), Meeting.meeting_date >= date(year, 1, 1),
               Meeting.meeting_date <= date(year, 12, 31))
    kinds: dict[int, set[str]] = defaultdict(set)
    for meeting_id, kind in run(select(MeetingKindLink.meeting_id, MeetingKindLink.kind)
                                .join(Meeting, Meeting.id == MeetingKindLink.meeting_id).where(*in_year)).all():
        kinds[meeting_id].add(kind)
    result: dict[int, Sitting] = {}
    for mid, branch_id, group_id, day, start, end, topic in run(
        select(Meeting.id, Meeting.branch_id, Meeting.group_id, Meeting.meeting_date, Meeting.start_time,
               Meeting.end_time, Meeting.topic).where(*in_year)
    ).all():
        own = frozenset(kinds[mid])
        if not own & COUNTED_KINDS:
            continue
        day = date.fromisoformat(day[:10]) if isinstance(day, str) else day
        result[mid] = Sitting(mid, day, own, start or "", end or "", topic or "", names.get(branch_id, ""),
                              standard_for(own & COUNTED_KINDS, standards),
                              group_id if own == {MeetingKind.GROUP.value} else None)
    return result


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
        untimed = list(_sittings(session, [b.id for b in branches], year).values())
    by_branch: dict[str, list[MemberStudy]] = defaultdict(list)
    for row in rows:
        by_branch[row.branch].append(row)
    findings: list[Finding] = []
    for b in branches:
        findings += study_findings(b.name, by_branch[b.name], year, as_of)
        findings += untimed_finding(b.name, [s for s in untimed if s.branch == b.name], year, as_of)
    return findings
