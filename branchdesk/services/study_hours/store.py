"""The study-hours area's bulk loaders, on a Session the caller holds (one snapshot for a report): the
branches asked for and every member's year — sittings attended and records outside them — in a few
queries, judged by domain/study_hours."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import (
    Meeting,
    MeetingAttendance,
    MeetingKindLink,
    Member,
    Organisation,
    StudyRecord,
)
from branchdesk.domain.meetings.records import AttendanceStatus
from branchdesk.domain.study_hours.records import (
    COUNTED_KINDS,
    MemberStudy,
    Sitting,
    member_study,
    months_on_roster,
    required_hours,
)
from branchdesk.domain.vocabulary import OrgKind


def load_branches(session: Session, branch: str | int | None) -> list[Organisation]:
    query = select(Organisation).where(Organisation.kind == OrgKind.BRANCH.value, Organisation.deleted_at.is_(None))
    if isinstance(branch, int):
        query = query.where(Organisation.id == branch)
    elif branch:
        query = query.where(Organisation.name == branch.strip())
    return list(session.scalars(query.order_by(Organisation.sort_order, Organisation.id)))


# --- every member's year ------------------------------------------------------------------------
def load_summary(session: Session, branches: list[Organisation], year: int, as_of: date) -> list[MemberStudy]:
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
        if member_id is not None:  # (the query asks for members' rows only)
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
