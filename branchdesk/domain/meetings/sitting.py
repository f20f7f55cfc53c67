"""One sitting's whole record as the views, the exports and the PDF page show it (its votes,
attachments and edit history included), and the form that edits one, with its checks (issue 3).

Apart from records.py (kinds, attendance, quorum) so that what only judges sittings — the regulation
calendar, 学时, the year-end report — does not build these classes (issue 18: a dataclass's methods
are compiled as its module loads)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from branchdesk.domain.citations import cite
from branchdesk.domain.meetings.periods import period_problem
from branchdesk.domain.meetings.records import (
    KIND_ORDER,
    UNMARKED,
    UNMARKED_LABEL,
    YEARLY_KINDS,
    AttendanceStatus,
    Attendee,
    MeetingKind,
    ReviewGrade,
    has_content,
    period_label,
)
from branchdesk.domain.meetings.review import excellent_over_third
from branchdesk.domain.roster.not_expected import is_sheet_reason
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import MemberCategory

# What the 民主评议 messages cite (MTG-YEARLY-REVIEW, domain.md §2): the article in plain words, no rule code.
REVIEW_SOURCE = cite("MTG-YEARLY-REVIEW").source  # 支部条例 第十八条


@dataclass(frozen=True)
class ReviewResult:
    """One member's 民主评议 grade at a sitting."""

    member_id: int | None
    name: str
    grade: str  # ReviewGrade, or "" for a 预备党员 (they take part but get no grade)
    category: str = ""


@dataclass
class MeetingInput:
    """What the form or a ledger row gives for one meeting. With an attendee list the figures are
    computed from it; a ledger that only knows counts keeps `expected_count`/`present_count` and the
    absentee text as given."""

    branch_id: int | None = None
    kinds: tuple[str, ...] = ()
    date: date | None = None
    group_id: int | None = None
    start_time: str = ""
    end_time: str = ""
    place: str = ""
    topic: str = ""
    host: str = ""
    recorder: str = ""
    lecturer: str = ""
    content: str = ""
    resolutions: str = ""
    has_vote: bool = False
    attendees: list[Attendee] = field(default_factory=list)
    expected_count: int | None = None
    present_count: int | None = None
    absentee_text: str = ""
    review_results: list[ReviewResult] = field(default_factory=list)
    # 所属期间 (domain.md §2): "" = the period of its date; "2024" for a January 组织生活会 held for the
    # past year, "2025-07" for a 补开 July sitting (meetings_periods.counted_period)
    period: str = ""
    votes: list[VoteRecord] | None = None  # 表决情况; None: leave what is stored


@dataclass(frozen=True)
class Resheet:
    """A sign-in sheet moved to another date, and what the move did to it."""

    attendees: list[Attendee]
    gone: list[Attendee]  # taken off, as they were marked: not on the roster of the new day
    added: list[str]  # put on by the roster of the new day, 未登记 (UNMARKED): nobody has marked them
    restored: list[str]  # back on, with what was marked for them before an earlier move took them off
    # 不计入应到 by a standing approval that does not cover the new day (VOTE-WHO, TD-5): now 未登记
    uncovered: list[str] = field(default_factory=list)


def _approval_follows(kept: Attendee, listed: Attendee) -> Attendee | None:
    """A member the sheet listed 不计入应到 under a standing record's approval (its reason, not one the
    secretary typed: domain/roster/not_expected.is_sheet_reason), on a sheet moved to another day: the
    day's roster says whether an approval covers that day (VOTE-WHO: only with approval, never before
    its 批准日期 nor after its end) — then its reason, else 未登记 for the secretary to mark. None: the
    row is not one a standing record put there, and stays as marked."""
    if kept.status != AttendanceStatus.NOT_EXPECTED.value or not is_sheet_reason(kept.reason):
        return None
    if listed.status == AttendanceStatus.NOT_EXPECTED.value and is_sheet_reason(listed.reason):
        return replace(kept, reason=listed.reason, category=listed.category)
    return replace(kept, status=UNMARKED, reason="", category=listed.category)


def resheet(sheet: list[Attendee], roster: list[Attendee], set_aside: Iterable[Attendee] = ()) -> Resheet:
    """A sign-in sheet moved to another date: the roster of that day (`roster`), keeping what was marked
    for each member still on it (with the day's category), then the guests. A member the roster of the
    day adds comes in 未登记, not with the roster's default 出席 (T10-16: nobody recorded him at the
    sitting), unless an earlier move of the same sheet took him off (`set_aside`): then he comes back as
    he was marked."""
    marked = {a.member_id: a for a in sheet if a.member_id is not None}
    earlier = {a.member_id: a for a in set_aside if a.member_id is not None}
    attendees: list[Attendee] = []
    added: list[str] = []
    restored: list[str] = []
    uncovered: list[str] = []
    for member in roster:
        if member.member_id in marked:
            kept = replace(marked[member.member_id], category=member.category)
        elif member.member_id in earlier and earlier[member.member_id].status != UNMARKED:
            kept = replace(earlier[member.member_id], category=member.category)
            restored.append(member.name)
        else:
            attendees.append(replace(member, status=UNMARKED, reason=""))
            added.append(member.name)
            continue
        followed = _approval_follows(kept, member)  # an approval is the day's, not the sheet's (review rev3 R3-1)
        if followed is not None and followed.status == UNMARKED:
            uncovered.append(member.name)
        attendees.append(followed or kept)
    on_roster = {a.member_id for a in roster}
    gone = [a for a in marked.values() if a.member_id not in on_roster]
    return Resheet(attendees + [a for a in sheet if a.member_id is None], gone, added, restored, uncovered)


def validate_meeting(data: MeetingInput) -> tuple[list[FieldError], list[str]]:
    """Every problem at once (errors stop the save) and warnings the user should see first."""
    errors: list[FieldError] = []
    warnings: list[str] = []
    if data.branch_id is None:
        errors.append(FieldError("所在党支部", "请选择党支部"))
    if not data.kinds:
        errors.append(FieldError("会议类型", "请至少选择一种会议类型"))
    unknown = [k for k in data.kinds if k not in KIND_ORDER]
    if unknown:
        errors.append(FieldError("会议类型", f"“{'、'.join(unknown)}”不是规定的会议类型"))
    if data.date is None:
        errors.append(FieldError("日期", "不能为空"))
    elif data.date > date.today():
        warnings.append(f"会议日期 {data.date:%Y-%m-%d} 晚于今天，请确认不是计划中的会议。")
    if data.start_time and data.end_time and data.end_time <= data.start_time:
        errors.append(FieldError("结束时间", f"{data.end_time} 应晚于开始时间 {data.start_time}"))
    if data.group_id is not None and MeetingKind.GROUP.value not in data.kinds:
        errors.append(FieldError("党小组", "只有党小组会需要选择党小组"))
    if MeetingKind.LECTURE.value in data.kinds and not data.lecturer.strip():
        warnings.append("党课请填写主讲人（本校要求支部书记每年至少讲 1 次党课）。")
    if data.has_vote and MeetingKind.CONGRESS.value not in data.kinds:
        errors.append(FieldError("表决", "只有支部党员大会进行表决时才核对到会人数（支部条例 第十一条）"))
    errors += _check_attendees(data)
    if data.expected_count is not None and data.present_count is not None and data.present_count > data.expected_count:
        errors.append(FieldError("实到人数", f"{data.present_count} 人多于应到人数 {data.expected_count} 人"))
    for name, value in (("应到人数", data.expected_count), ("实到人数", data.present_count)):
        if value is not None and value < 0:
            errors.append(FieldError(name, "不能为负数"))
    errors += _check_review(data, warnings)
    errors += _check_period(data)
    return errors, warnings


def _check_period(data: MeetingInput) -> list[FieldError]:
    if not data.period:
        return []
    try:
        problem = period_problem(data.date, data.period, bool(YEARLY_KINDS & set(data.kinds)))
    except ValueError as exc:
        problem = str(exc)
    return [FieldError("所属期间", problem)] if problem else []



def _check_attendees(data: MeetingInput) -> list[FieldError]:
    errors: list[FieldError] = []
    seen: set[object] = set()
    statuses = {s.value for s in AttendanceStatus}
    for attendee in data.attendees:
        key = attendee.member_id if attendee.member_id is not None else ("guest", attendee.name)
        if key in seen:
            errors.append(FieldError("出席情况", f"“{attendee.name}”在名单中出现了两次"))
        seen.add(key)
        if attendee.status == UNMARKED and attendee.member_id is not None:  # T10-16: put on by a date change
            errors.append(FieldError("出席情况", f"“{attendee.name}”的出席情况{UNMARKED_LABEL}，"
                                     "请标记出席、请假、缺席或不计入应到"))
        elif attendee.status not in statuses:
            errors.append(FieldError("出席情况", f"“{attendee.name}”的出席情况“{attendee.status}”无法识别"))
        if attendee.status in (AttendanceStatus.LEAVE.value, AttendanceStatus.NOT_EXPECTED.value) \
                and not attendee.reason.strip():
            errors.append(FieldError("出席情况", f"“{attendee.name}”{attendee.status}，请填写原因"))
        if not attendee.name.strip():
            errors.append(FieldError("出席情况", "名单中有一行没有姓名"))
    return errors


def _check_review(data: MeetingInput, warnings: list[str]) -> list[FieldError]:
    """MTG-YEARLY-REVIEW: grades; 优秀 generally at most 1/3; 预备党员 take part but get no grade."""
    errors: list[FieldError] = []
    if not data.review_results:
        return errors
    if MeetingKind.REVIEW.value not in data.kinds:
        errors.append(FieldError("评议结果", "只有民主评议党员会议记录评议结果"))
    grades = {g.value for g in ReviewGrade}
    graded = 0
    excellent = 0
    for result in data.review_results:
        if result.category == MemberCategory.PROBATIONARY.value and result.grade:
            errors.append(FieldError("评议结果", f"{result.name}是预备党员，参加评议但不评定等次（{REVIEW_SOURCE}）"))
        elif result.grade and result.grade not in grades:
            errors.append(FieldError("评议结果", f"{result.name}的等次“{result.grade}”应为优秀、合格、基本合格或不合格"))
        if result.grade and result.category != MemberCategory.PROBATIONARY.value:  # counted as the check does
            graded += 1
            excellent += result.grade == ReviewGrade.EXCELLENT.value
    too_many = excellent_over_third(excellent, graded)  # the rule check's own sentence (T10-12)
    if too_many:
        warnings.append(too_many)
    return errors


@dataclass(frozen=True)
class VoteRecord:
    """One vote of a 支部党员大会 (VOTE-QUORUM, VOTE-PASS): the matter and the counts of voting
    (正式) members; a ledger that only keeps counts records its votes this way."""

    subject: str
    voters_expected: int | None
    voters_present: int | None
    votes_for: int | None
    note: str = ""


@dataclass(frozen=True)
class AttachmentInfo:
    """A meeting's attachment as lists show it (its bytes are read only when opened)."""

    id: int
    filename: str
    size: int
    added_at: datetime | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """One change to a meeting record after 定稿, with its reason."""

    at: datetime
    action: str  # 定稿 / 定稿后修改 / 删除 / 恢复
    reason: str
    changes: str  # readable summary: 主题：旧 → 新；…


@dataclass(frozen=True)
class MeetingRecord:
    """One meeting as the views, exports and the PDF page see it."""

    id: int
    branch_id: int
    branch: str
    group_id: int | None
    group: str
    kinds: tuple[str, ...]
    date: date
    start_time: str
    end_time: str
    place: str
    topic: str
    host: str
    recorder: str
    lecturer: str
    content: str
    resolutions: str
    has_vote: bool
    attendees: tuple[Attendee, ...]
    expected: int | None
    present: int | None
    absentee_text: str  # as given (counts-only ledgers) or built from the sheet
    review_results: tuple[ReviewResult, ...]
    period: str  # 所属期间 as stored ("" = by date)
    finalised_at: datetime | None
    version: int
    attachments: tuple[AttachmentInfo, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    votes: tuple[VoteRecord, ...] = ()  # 表决情况 (meeting_votes)

    @property
    def kinds_text(self) -> str:
        return "、".join(self.kinds)

    @property
    def finalised(self) -> bool:
        return self.finalised_at is not None

    @property
    def counts(self) -> bool:
        """Counted by the calendar: finalised and with content (domain.md §2: drafts do not count)."""
        return self.finalised and has_content(self.topic, self.content)

    @property
    def period_text(self) -> str:
        """"2024年度（补开）" / "" — how lists and the record show a sitting held for an earlier period."""
        return period_label(self.date, self.period)

    @property
    def rate_text(self) -> str:
        if not self.expected or self.present is None:
            return ""
        return f"{self.present / self.expected:.0%}"

    @property
    def guests(self) -> list[str]:
        return [a.name for a in self.attendees if not a.is_member]

    def to_input(self) -> MeetingInput:
        counts_only = not self.attendees
        return MeetingInput(
            branch_id=self.branch_id, kinds=self.kinds, date=self.date, group_id=self.group_id,
            start_time=self.start_time, end_time=self.end_time, place=self.place, topic=self.topic,
            host=self.host, recorder=self.recorder, lecturer=self.lecturer, content=self.content,
            resolutions=self.resolutions, has_vote=self.has_vote, attendees=list(self.attendees),
            expected_count=self.expected if counts_only else None,
            present_count=self.present if counts_only else None,
            absentee_text=self.absentee_text if counts_only else "",
            review_results=list(self.review_results), period=self.period, votes=list(self.votes),
        )


def finalise_problems(data: MeetingInput) -> list[str]:
    """What stops a record from being finalised (定稿): a record without content proves nothing, and a
    主题党日 (MTG-MONTHLY-THEME-DAY, 支部条例 第十六条) needs its theme and what was done."""
    problems = []
    if MeetingKind.THEME_DAY.value in data.kinds and not data.topic.strip():
        problems.append("主题党日须填写主题")
    if not data.content.strip():
        problems.append("请填写会议内容（会议记录）")
    return problems
