"""三会一课 records: list, read, save (multi-kind sittings, attendance from the roster on the day),
定稿 with an edit history, recycle bin, attachments kept in the database, and fast-entry prefill
(issue 3). Each function is one transaction and returns DTOs from domain/meetings."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from branchdesk.db.engine import Database
from branchdesk.db.models import (
    Meeting,
    MeetingAttachment,
    MeetingAttendance,
    MeetingHistory,
    MeetingKindLink,
    MeetingReviewResult,
    MeetingVote,
    Organisation,
)
from branchdesk.domain.meetings.records import AttendanceStatus, Attendee, MeetingKind, sort_kinds
from branchdesk.domain.meetings.sitting import (
    AttachmentInfo,
    MeetingInput,
    MeetingRecord,
    finalise_problems,
    validate_meeting,
)
from branchdesk.domain.roster.membership import category_on
from branchdesk.domain.roster.not_expected import covering
from branchdesk.domain.validation import FieldError, too_long
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.conflicts import conflict_message
from branchdesk.services.errors import ConflictError, NotFound, RuleViolation, ValidationFailed
from branchdesk.services.meetings.sittings import MeetingSummary, load_meetings, load_record
from branchdesk.services.roster.not_expected import spans_of
from branchdesk.services.roster.organisation import list_posts
from branchdesk.services.roster.records import members_on
from branchdesk.services.shared_reads import full_approvals

MAX_ATTACHMENT_BYTES = MeetingAttachment.__stored_file__.limit  # a photo or a scan, not a video (db/stored_file.py)
_COMPARED = {
    "kinds": "会议类型", "date": "日期", "group_id": "党小组", "start_time": "开始时间", "end_time": "结束时间",
    "place": "地点", "topic": "主题", "host": "主持人", "recorder": "记录人", "lecturer": "主讲人",
    "content": "主要内容", "resolutions": "决议事项", "has_vote": "表决", "expected_count": "应到人数",
    "present_count": "实到人数", "absentee_text": "缺席人员及原因", "period": "所属期间",
}




@dataclass(frozen=True)
class SaveResult:
    record: MeetingRecord
    warnings: list[str]


def default_attendees(
    db: Database, branch_id: int, on: date, kinds: tuple[str, ...] = (), group_id: int | None = None
) -> list[Attendee]:
    """Who should attend, from the roster as it stood on the day (roster.records.members_on): the
    committee for a 支委会 alone, the group for a 党小组会 alone, otherwise the whole branch."""
    roster = members_on(db, branch_id, on)
    kinds_set = set(kinds)
    if kinds_set == {MeetingKind.COMMITTEE.value}:
        committee = {p.member_id for p in list_posts(db, branch_id, on=on)}
        roster = [m for m in roster if m.id in committee]
    elif kinds_set == {MeetingKind.GROUP.value} and group_id is not None:
        roster = [m for m in roster if m.group_id == group_id]
    elif kinds_set == {MeetingKind.TALK.value}:
        roster = []
    with db.reading(), db.session() as session:
        approved = full_approvals(session)
        spans = spans_of(session, [m.id for m in roster])
    # VOTE-WHO: a member left out of 应到会 with approval for a span that covers the day (TD-5,
    # services/roster/not_expected.py) is listed as 不计入应到 with the reason; the sheet may still be
    # changed for this sitting (he came: 出席)
    left_out = {mid: span for mid, found in spans.items() if (span := covering(found, on)) is not None}
    # each member's category that day: 预备党员 (no vote, VOTE-WHO) until the 转正 date, and until its
    # approval where the 发展党员 ledger holds it (membership.category_on)
    return [Attendee(m.name, AttendanceStatus.NOT_EXPECTED.value if m.id in left_out else AttendanceStatus.PRESENT.value,
                     m.id, category_on(m.category, m.full_date, approved.get(m.id), on),
                     left_out[m.id].sheet_reason if m.id in left_out else "")
            for m in roster]


def get_meeting(db: Database, meeting_id: int) -> MeetingRecord:
    with db.session() as session:
        return load_record(session, meeting_id)




def resolve_org(session: Session, data: MeetingInput) -> list[FieldError]:
    errors: list[FieldError] = []
    branch = session.get(Organisation, data.branch_id) if data.branch_id is not None else None
    if data.branch_id is not None and (branch is None or branch.deleted_at is not None
                                       or branch.kind != OrgKind.BRANCH.value):
        errors.append(FieldError("所在党支部", "所选党支部不存在"))
    if data.group_id is not None:
        group = session.get(Organisation, data.group_id)
        if group is None or group.parent_id != data.branch_id or group.kind != OrgKind.GROUP.value:
            errors.append(FieldError("党小组", "所选党小组不属于该党支部"))
    return errors


def snapshot(data: MeetingInput) -> dict[str, str]:
    """A record's fields as its history (修改历史) shows them: a change is a field whose text differs."""
    values = {name: data.__dict__[key] for key, name in _COMPARED.items()}
    values["会议类型"] = "、".join(data.kinds)
    shown = {k: ("" if v is None else (v.isoformat() if isinstance(v, date) else str(v))) for k, v in values.items()}
    shown["出席情况"] = "；".join(f"{a.name}{a.status}{a.reason}" for a in data.attendees)
    shown["评议结果"] = "；".join(f"{r.name}{r.grade}" for r in data.review_results)
    return shown


def apply_input(session: Session, meeting: Meeting, data: MeetingInput) -> None:
    """Write the form's values and replace the kinds, sheet and review results of the meeting."""
    assert data.branch_id is not None and data.date is not None
    meeting.branch_id = data.branch_id
    meeting.group_id = data.group_id
    meeting.meeting_date = data.date
    for attr in ("start_time", "end_time", "place", "topic", "host", "recorder", "lecturer", "content",
                 "resolutions", "has_vote", "period"):
        setattr(meeting, attr, getattr(data, attr))
    counts_only = not data.attendees
    meeting.expected_count = data.expected_count if counts_only else None
    meeting.present_count = data.present_count if counts_only else None
    meeting.absentee_text = data.absentee_text if counts_only else ""
    session.flush()
    for model in (MeetingKindLink, MeetingAttendance, MeetingReviewResult):
        for row in session.scalars(select(model).where(model.meeting_id == meeting.id)):
            session.delete(row)
    session.flush()
    session.add_all(MeetingKindLink(meeting_id=meeting.id, kind=k) for k in sort_kinds(data.kinds))
    session.add_all(
        MeetingAttendance(meeting_id=meeting.id, member_id=a.member_id, name=a.name.strip(), category=a.category,
                          status=a.status, reason=a.reason.strip(), position=i)
        for i, a in enumerate(data.attendees)
    )
    session.add_all(
        MeetingReviewResult(meeting_id=meeting.id, member_id=r.member_id, name=r.name, category=r.category,
                            grade=r.grade)
        for r in data.review_results
    )
    if data.votes is not None:  # 表决情况: replaced when the form or the ledger gives it
        for vote_row in session.scalars(select(MeetingVote).where(MeetingVote.meeting_id == meeting.id)):
            session.delete(vote_row)
        session.add_all(MeetingVote(meeting_id=meeting.id, subject=v.subject.strip(), voters_expected=v.voters_expected,
                                    voters_present=v.voters_present, votes_for=v.votes_for, note=v.note.strip())
                        for v in data.votes)
        meeting.has_vote = meeting.has_vote or bool(data.votes)


def save_meeting(
    db: Database, data: MeetingInput, meeting_id: int | None = None, *, expected_version: int | None = None,
    reason: str = "",
) -> SaveResult:
    """Create or update a record. A 定稿 record can still be corrected, but only with a reason, and
    the change is kept in its history (issue 3). Raises ValidationFailed / ConflictError / RuleViolation."""
    data.kinds = sort_kinds(data.kinds)
    errors, warnings = validate_meeting(data)
    errors += too_long({"地点": data.place, "主题": data.topic, "主持人": data.host, "记录人": data.recorder,
                        "主讲人": data.lecturer, "主要内容": data.content, "决议事项": data.resolutions,
                        "缺席人员及原因": data.absentee_text})
    with db.session() as session:
        errors += resolve_org(session, data)
        if errors:
            raise ValidationFailed(errors)
        meeting: Meeting | None
        if meeting_id is None:
            meeting = Meeting()
            session.add(meeting)
        else:
            meeting = session.get(Meeting, meeting_id)
            if meeting is None or meeting.deleted_at is not None:
                raise NotFound("会议记录不存在或已删除")
            if expected_version is not None and meeting.version != expected_version:
                raise ConflictError(conflict_message(session, f"{meeting.meeting_date} 的会议记录",
                                                     Meeting.__tablename__, meeting.id))
            if meeting.finalised_at is not None:
                before = snapshot(load_record(session, meeting_id).to_input())
                after = snapshot(data)
                changes = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                if changes and not reason.strip():
                    raise RuleViolation("这条会议记录已定稿，修改时必须填写修改原因（修改会记入记录的修改历史）")
                if changes:
                    session.add(MeetingHistory(meeting_id=meeting_id, at=datetime.now(), action="定稿后修改",
                                               reason=reason.strip(), changes=json.dumps(changes, ensure_ascii=False)))
        apply_input(session, meeting, data)
        try:
            session.flush()
        except StaleDataError:
            raise ConflictError("这条会议记录已被他人修改，请重新打开后再编辑") from None
        return SaveResult(load_record(session, meeting.id), warnings)


def finalise_meeting(db: Database, meeting_id: int, note: str = "") -> MeetingRecord:
    """定稿: the secretary has checked the record; from now on every edit needs a reason."""
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None or meeting.deleted_at is not None:
            raise NotFound("会议记录不存在或已删除")
        if meeting.finalised_at is not None:
            raise RuleViolation(f"这条会议记录已于 {meeting.finalised_at:%Y-%m-%d} 定稿")
        problems = finalise_problems(load_record(session, meeting_id).to_input())
        if meeting.meeting_date > date.today():  # a sitting not yet held is a plan: it never counts (TL-11)
            problems.append(f"会议日期 {meeting.meeting_date:%Y-%m-%d} 在今天之后，会议尚未召开，召开后再定稿")
        if problems:
            raise RuleViolation("还不能定稿：" + "；".join(problems) + "。")
        meeting.finalised_at = datetime.now()
        session.add(MeetingHistory(meeting_id=meeting_id, at=meeting.finalised_at, action="定稿", reason=note,
                                   changes="{}"))
        session.flush()
        return load_record(session, meeting_id)


def delete_meeting(db: Database, meeting_id: int, reason: str = "") -> None:
    """Move to the recycle bin (never erased); a 定稿 record needs a reason, kept in its history."""
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None or meeting.deleted_at is not None:
            raise NotFound("会议记录不存在或已删除")
        if meeting.finalised_at is not None and not reason.strip():
            raise RuleViolation("这条会议记录已定稿，删除时必须填写原因")
        meeting.deleted_at = datetime.now()
        session.add(MeetingHistory(meeting_id=meeting_id, at=meeting.deleted_at, action="删除", reason=reason,
                                   changes="{}"))


def restore_meeting(db: Database, meeting_id: int) -> MeetingRecord:
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound("会议记录不存在")
        meeting.deleted_at = None
        session.add(MeetingHistory(meeting_id=meeting_id, at=datetime.now(), action="恢复", reason="", changes="{}"))
        session.flush()
        return load_record(session, meeting_id)


def add_attachment_file(db: Database, meeting_id: int, path: Path) -> AttachmentInfo:
    """Add the file at `path`, read no more than one byte past the limit (`add_attachment` refuses
    it): a video picked by mistake is never read whole into memory."""
    path = Path(path)
    with path.open("rb") as handle:
        data = handle.read(MAX_ATTACHMENT_BYTES + 1)
    return add_attachment(db, meeting_id, path.name, data)


def add_attachment(db: Database, meeting_id: int, filename: str, data: bytes) -> AttachmentInfo:
    """Keep a photo or scan inside the database, so it travels with every backup."""
    if not data:
        raise RuleViolation(f"“{filename}”是空文件")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise RuleViolation(f"“{filename}”超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB，请压缩后再添加")
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None or meeting.deleted_at is not None:
            raise NotFound("会议记录不存在或已删除")
        row = MeetingAttachment(meeting_id=meeting_id, filename=filename, size=len(data), data=data)
        session.add(row)
        session.flush()
        return AttachmentInfo(row.id, row.filename, row.size, row.created_at)


def attachment_data(db: Database, attachment_id: int) -> tuple[str, bytes]:
    with db.session() as session:
        row = session.get(MeetingAttachment, attachment_id)
        if row is None or row.deleted_at is not None:
            raise NotFound("附件不存在或已删除")
        return row.filename, row.data


def remove_attachment(db: Database, attachment_id: int) -> None:
    with db.session() as session:
        row = session.get(MeetingAttachment, attachment_id)
        if row is None:
            raise NotFound("附件不存在")
        row.deleted_at = datetime.now()


def prefill(db: Database, kind: str, *, branch_id: int | None = None, on: date | None = None) -> MeetingInput:
    """Fast entry: a new record of `kind` starts from the last record of that kind (branch, group,
    host, recorder, place, times, and its attendee list checked against the roster of the day)."""
    on = on or date.today()
    with db.session() as session:
        query = (select(Meeting.id).join(MeetingKindLink, MeetingKindLink.meeting_id == Meeting.id)
                 .where(MeetingKindLink.kind == kind, Meeting.deleted_at.is_(None))
                 .order_by(Meeting.meeting_date.desc(), Meeting.id.desc()))
        if branch_id is not None:
            query = query.where(Meeting.branch_id == branch_id)
        last_id = session.scalars(query).first()
        last = load_record(session, last_id) if last_id is not None else None
    if last is None:
        data = MeetingInput(branch_id=branch_id, kinds=(kind,), date=on)
        if branch_id is not None:
            data.attendees = default_attendees(db, branch_id, on, (kind,))
        return data
    roster = {a.member_id: a for a in default_attendees(db, last.branch_id, on, last.kinds, last.group_id)}
    previous = [a for a in last.attendees if a.member_id is not None]
    attendees = [roster.pop(a.member_id) for a in previous if a.member_id in roster]
    attendees += list(roster.values())  # joined since the last meeting
    attendees += [Attendee(a.name, AttendanceStatus.GUEST.value, reason=a.reason) for a in last.attendees
                  if not a.is_member]
    return MeetingInput(
        branch_id=last.branch_id, kinds=(kind,), date=on, group_id=last.group_id, start_time=last.start_time,
        end_time=last.end_time, place=last.place, host=last.host, recorder=last.recorder,
        lecturer=last.lecturer if kind == MeetingKind.LECTURE.value else "", attendees=attendees,
    )


def list_meetings(
    db: Database, *, year: int | None = None, branch_id: int | None = None, kind: str | None = None,
    deleted: bool = False,
) -> list[MeetingSummary]:
    """The list, newest first; `deleted=True` lists the recycle bin instead (sittings.load_meetings)."""
    with db.session() as session:
        return load_meetings(session, year=year, branch_id=branch_id, kind=kind, deleted=deleted)
