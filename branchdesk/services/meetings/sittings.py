"""The meetings area's list and whole records, each on a Session the caller holds: the meeting list
(no minutes, no sheet), and records into DTOs, many at a time (a ledger export reads hundreds) with
one query per table for the whole batch and attachments without their bytes. The calendar's loaders
are in store.py."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.db.models import (
    Meeting,
    MeetingAttendance,
    MeetingKindLink,
    MeetingReviewResult,
    Organisation,
)
from branchdesk.domain.meetings.happened import has_happened
from branchdesk.domain.meetings.records import (
    Attendee,
    absentee_summary,
    attendance_figures,
    figures_from_counts,
    has_content,
    period_label,
    sort_kinds,
)
from branchdesk.domain.meetings.sitting import (
    AttachmentInfo,
    HistoryEntry,
    MeetingRecord,
    ReviewResult,
    VoteRecord,
)
from branchdesk.domain.roster.org_names import NameHistory
from branchdesk.services.errors import NotFound
from branchdesk.services.meetings.day_categories import day_categories
from branchdesk.services.roster.org_names import load_histories

_CHUNK = 500


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i:i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def _history_text(changes: str) -> str:
    data = json.loads(changes or "{}")
    return "；".join(f"{name}：{old or '（空）'} → {new or '（空）'}" for name, (old, new) in data.items())


def load_records(session: Session, ids: list[int]) -> list[MeetingRecord]:
    """Records for `ids`, in the same order (deleted ones included: the caller chose the ids)."""
    # a record's own tables are mapped on first use (db/models): a calendar or a report never reads them
    from branchdesk.db.models import MeetingAttachment, MeetingHistory, MeetingVote

    meetings = {}
    kinds: dict[int, list[str]] = defaultdict(list)
    sheets: dict[int, list[Attendee]] = defaultdict(list)
    reviews: dict[int, list[ReviewResult]] = defaultdict(list)
    files: dict[int, list[AttachmentInfo]] = defaultdict(list)
    history: dict[int, list[HistoryEntry]] = defaultdict(list)
    votes: dict[int, list[VoteRecord]] = defaultdict(list)
    of = day_categories(session)  # each member's category on the day, not the one stored (T9-13)
    for chunk in _chunks(ids):
        for vote in session.scalars(select(MeetingVote).where(MeetingVote.meeting_id.in_(chunk))
                                    .order_by(MeetingVote.id)):
            votes[vote.meeting_id].append(VoteRecord(vote.subject, vote.voters_expected, vote.voters_present,
                                                     vote.votes_for, vote.note))
        meetings.update({m.id: m for m in session.scalars(select(Meeting).where(Meeting.id.in_(chunk)))})
        for mid, kind in session.execute(select(MeetingKindLink.meeting_id, MeetingKindLink.kind)
                                         .where(MeetingKindLink.meeting_id.in_(chunk))):
            kinds[mid].append(kind)
        for a in session.scalars(select(MeetingAttendance).where(MeetingAttendance.meeting_id.in_(chunk))
                                 .order_by(MeetingAttendance.meeting_id, MeetingAttendance.position, MeetingAttendance.id)):
            day = meetings[a.meeting_id].meeting_date
            sheets[a.meeting_id].append(Attendee(a.name, a.status, a.member_id, of(a.member_id, day, a.category),
                                                 a.reason))
        for r in session.scalars(select(MeetingReviewResult).where(MeetingReviewResult.meeting_id.in_(chunk))
                                 .order_by(MeetingReviewResult.id)):
            day = meetings[r.meeting_id].meeting_date
            reviews[r.meeting_id].append(ReviewResult(r.member_id, r.name, r.grade, of(r.member_id, day, r.category)))
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
    groups = load_histories(session, {m.group_id for m in meetings.values() if m.group_id}, live_only=False)
    records = []
    for mid in ids:
        m = meetings.get(mid)
        if m is None:
            raise NotFound("会议记录不存在或已删除")
        attendees = tuple(sheets[mid])
        expected: int | None
        present: int | None
        if attendees:
            figures = attendance_figures(list(attendees))
            expected, present, absentees = figures.expected, figures.present, absentee_summary(attendees)
        else:
            expected, present, absentees = m.expected_count, m.present_count, m.absentee_text
        records.append(MeetingRecord(
            id=m.id, branch_id=m.branch_id, branch=names.get(m.branch_id, ""), group_id=m.group_id,
            group=_group_on(groups, names, m.group_id, m.meeting_date), kinds=sort_kinds(kinds[mid]),
            date=m.meeting_date, start_time=m.start_time, end_time=m.end_time, place=m.place, topic=m.topic,
            host=m.host, recorder=m.recorder, lecturer=m.lecturer, content=m.content, resolutions=m.resolutions,
            has_vote=m.has_vote, attendees=attendees, expected=expected, present=present, absentee_text=absentees,
            review_results=tuple(reviews[mid]), period=m.period, finalised_at=m.finalised_at,
            version=m.version, attachments=tuple(files[mid]), history=tuple(history[mid]), votes=tuple(votes[mid]),
        ))
    return records


def load_record(session: Session, meeting_id: int, *, include_deleted: bool = False) -> MeetingRecord:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or (meeting.deleted_at is not None and not include_deleted):
        raise NotFound("会议记录不存在或已删除")
    return load_records(session, [meeting_id])[0]


@dataclass(frozen=True)
class MeetingSummary:
    """A row of the meeting list (no minutes, no sheet: the list stays fast)."""

    id: int
    branch_id: int
    branch: str
    group: str
    kinds: tuple[str, ...]
    date: date
    start_time: str
    topic: str
    host: str
    recorder: str
    lecturer: str
    expected: int | None
    present: int | None
    finalised: bool
    attachment_count: int
    period: str = ""  # 所属期间 ("" = by date)
    has_content: bool = True  # a topic or minutes; records without do not count (domain.md §2)
    group_names: tuple[str, ...] = ()  # every name its 党小组 has had: a search finds it by any (TY-5)

    @property
    def kinds_text(self) -> str:
        return "、".join(self.kinds)

    @property
    def period_text(self) -> str:
        return period_label(self.date, self.period)

    @property
    def not_yet_held(self) -> bool:
        """Dated after today: a plan, not a sitting held (domain/meetings/happened.py) — a 定稿 record so
        dated (an import before TL-11's fix, an old backup) is left out by the calendar, the check and the volume."""
        return not has_happened(self.date, date.today())

    @property
    def counts(self) -> bool:
        """Counted by the calendar and the reports today: finalised, with content, and held by today."""
        return self.finalised and self.has_content and not self.not_yet_held

    @property
    def rate_text(self) -> str:
        return f"{self.present / self.expected:.0%}" if self.expected and self.present is not None else ""


def load_meetings(
    session: Session, *, year: int | None = None, branch_id: int | None = None, kind: str | None = None,
    deleted: bool = False,
) -> list[MeetingSummary]:
    """The meeting list, newest first; `deleted=True` lists the recycle bin instead."""
    from branchdesk.db.models import MeetingAttachment  # mapped on first use (db/models)

    query = select(Meeting).where(Meeting.deleted_at.is_not(None) if deleted else Meeting.deleted_at.is_(None))
    if year is not None:
        query = query.where(Meeting.meeting_date >= date(year, 1, 1), Meeting.meeting_date <= date(year, 12, 31))
    if branch_id is not None:
        query = query.where(Meeting.branch_id == branch_id)
    meetings = list(session.scalars(query.order_by(Meeting.meeting_date.desc(), Meeting.id.desc())))
    ids = [m.id for m in meetings]
    kinds: dict[int, list[str]] = {}
    figures: dict[int, dict[str, int]] = {}  # meeting -> how many lines of its sheet have each status
    attachments: dict[int, int] = {}
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for mid, k in session.execute(select(MeetingKindLink.meeting_id, MeetingKindLink.kind)
                                      .where(MeetingKindLink.meeting_id.in_(chunk))):
            kinds.setdefault(mid, []).append(k)
        for mid, status, lines in session.execute(
            select(MeetingAttendance.meeting_id, MeetingAttendance.status, func.count())
            .where(MeetingAttendance.meeting_id.in_(chunk))
            .group_by(MeetingAttendance.meeting_id, MeetingAttendance.status)
        ):
            figures.setdefault(mid, {})[status] = lines
        for (mid,) in session.execute(select(MeetingAttachment.meeting_id).where(
                MeetingAttachment.meeting_id.in_(chunk), MeetingAttachment.deleted_at.is_(None))):
            attachments[mid] = attachments.get(mid, 0) + 1
    names = {o.id: o.name for o in session.scalars(select(Organisation))}
    groups = load_histories(session, {m.group_id for m in meetings if m.group_id}, live_only=False)
    rows = []
    for m in meetings:
        if kind is not None and kind not in kinds.get(m.id, []):
            continue
        expected: int | None
        present: int | None
        if m.id in figures:
            f = figures_from_counts(figures[m.id])
            expected, present = f.expected, f.present
        else:
            expected, present = m.expected_count, m.present_count
        rows.append(MeetingSummary(
            m.id, m.branch_id, names.get(m.branch_id, ""), _group_on(groups, names, m.group_id, m.meeting_date),
            sort_kinds(kinds.get(m.id, [])), m.meeting_date, m.start_time, m.topic, m.host, m.recorder,
            m.lecturer, expected, present, m.finalised_at is not None, attachments.get(m.id, 0), m.period,
            has_content(m.topic, m.content),
            tuple(p.name for p in groups[m.group_id].periods()) if m.group_id in groups else (),
        ))
    return rows


def _group_on(groups: dict[int, NameHistory], names: dict[int, str], group_id: int | None, day: date) -> str:
    """A sitting's 党小组 by the name it had on the sitting's day (TY-5: a group renamed since)."""
    if group_id is None:
        return ""
    return groups[group_id].name_on(day) if group_id in groups else names.get(group_id, "")
