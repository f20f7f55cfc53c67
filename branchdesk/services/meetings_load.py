"""Reading meeting records into DTOs, many at a time (a ledger export reads hundreds): one query per
table for the whole batch, attachments without their bytes."""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import (
    Meeting,
    MeetingAttachment,
    MeetingAttendance,
    MeetingHistory,
    MeetingKindLink,
    MeetingReviewResult,
    Organisation,
)
from branchdesk.domain.meetings import (
    AttachmentInfo,
    Attendee,
    HistoryEntry,
    MeetingRecord,
    ReviewResult,
    absentee_summary,
    attendance_figures,
    sort_kinds,
)
from branchdesk.services.errors import NotFound

_CHUNK = 500


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i:i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def _history_text(changes: str) -> str:
    data = json.loads(changes or "{}")
    return "；".join(f"{name}：{old or '（空）'} → {new or '（空）'}" for name, (old, new) in data.items())


def load_records(session: Session, ids: list[int]) -> list[MeetingRecord]:
    """Records for `ids`, in the same order (deleted ones included: the caller chose the ids)."""
    meetings = {}
    kinds: dict[int, list[str]] = defaultdict(list)
    sheets: dict[int, list[Attendee]] = defaultdict(list)
    reviews: dict[int, list[ReviewResult]] = defaultdict(list)
    files: dict[int, list[AttachmentInfo]] = defaultdict(list)
    history: dict[int, list[HistoryEntry]] = defaultdict(list)
    for chunk in _chunks(ids):
        meetings.update({m.id: m for m in session.scalars(select(Meeting).where(Meeting.id.in_(chunk)))})
        for mid, kind in session.execute(select(MeetingKindLink.meeting_id, MeetingKindLink.kind)
                                         .where(MeetingKindLink.meeting_id.in_(chunk))):
            kinds[mid].append(kind)
        for a in session.scalars(select(MeetingAttendance).where(MeetingAttendance.meeting_id.in_(chunk))
                                 .order_by(MeetingAttendance.meeting_id, MeetingAttendance.position, MeetingAttendance.id)):
            sheets[a.meeting_id].append(Attendee(a.name, a.status, a.member_id, a.category, a.reason))
        for r in session.scalars(select(MeetingReviewResult).where(MeetingReviewResult.meeting_id.in_(chunk))
                                 .order_by(MeetingReviewResult.id)):
            reviews[r.meeting_id].append(ReviewResult(r.member_id, r.name, r.grade, r.category))
        for fid, mid, name, size, created in session.execute(
            select(MeetingAttachment.id, MeetingAttachment.meeting_id, MeetingAttachment.filename,
                   MeetingAttachment.size, MeetingAttachment.created_at)
            .where(MeetingAttachment.meeting_id.in_(chunk), MeetingAttachment.deleted_at.is_(None))
            .order_by(MeetingAttachment.id)
        ):
            files[mid].append(AttachmentInfo(fid, name, size, created))
        for h in session.scalars(select(MeetingHistory).where(MeetingHistory.meeting_id.in_(chunk))
                                 .order_by(MeetingHistory.at, MeetingHistory.id)):
            history[h.meeting_id].append(HistoryEntry(h.at, h.action, h.reason, _history_text(h.changes)))
    names = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    records = []
    for mid in ids:
        m = meetings.get(mid)
        if m is None:
            raise NotFound("会议记录不存在或已删除")
        attendees = tuple(sheets[mid])
        if attendees:
            figures = attendance_figures(list(attendees))
            expected, present, absentees = figures.expected, figures.present, absentee_summary(attendees)
        else:
            expected, present, absentees = m.expected_count, m.present_count, m.absentee_text
        records.append(MeetingRecord(
            id=m.id, branch_id=m.branch_id, branch=names.get(m.branch_id, ""), group_id=m.group_id,
            group=names.get(m.group_id, "") if m.group_id else "", kinds=sort_kinds(kinds[mid]),
            date=m.meeting_date, start_time=m.start_time, end_time=m.end_time, place=m.place, topic=m.topic,
            host=m.host, recorder=m.recorder, lecturer=m.lecturer, content=m.content, resolutions=m.resolutions,
            has_vote=m.has_vote, attendees=attendees, expected=expected, present=present, absentee_text=absentees,
            review_results=tuple(reviews[mid]), period=m.period, finalised_at=m.finalised_at,
            version=m.version, attachments=tuple(files[mid]), history=tuple(history[mid]),
        ))
    return records


def load_record(session: Session, meeting_id: int, *, include_deleted: bool = False) -> MeetingRecord:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or (meeting.deleted_at is not None and not include_deleted):
        raise NotFound("会议记录不存在或已删除")
    return load_records(session, [meeting_id])[0]
