"""三会一课 and 组织生活: meeting kinds, attendance, the record a secretary keeps, and its validation
(issue 3; domain.md §2 for the kinds, §3 for quorum).

One sitting may count as several kinds (a 支部党员大会 held on the 主题党日, domain.md §2): a record
carries a tuple of kinds and counts for each. The service builds these dataclasses from the database,
so io/ and reports/ never see an ORM object.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from branchdesk.domain.meetings.periods import Granularity, held_late, parse_period, period_problem
from branchdesk.domain.synonyms import MEETING_KIND, WordLog
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import MemberCategory


class MeetingKind(StrEnum):
    CONGRESS = "支部党员大会"
    COMMITTEE = "支部委员会"
    GROUP = "党小组会"
    LECTURE = "党课"
    THEME_DAY = "主题党日"
    LIFE = "组织生活会"
    REVIEW = "民主评议党员"
    TALK = "谈心谈话"


KIND_ORDER = {kind.value: index for index, kind in enumerate(MeetingKind)}

# How ledgers in the field spell the kinds: domain.synonyms.MEETING_KIND (seeds 001, 002; common 台账 headings).
KIND_SYNONYMS: dict[str, MeetingKind] = {
    **{spelling: MeetingKind(entry) for spelling, entry in MEETING_KIND.synonyms.items()},
    **{kind.value: kind for kind in MeetingKind},
}
_KIND_SEPARATORS = re.compile(r"[、，,/／;；+＋\s]+")


def parse_kinds(text: str, words: WordLog | None = None, row: int = 0) -> tuple[tuple[str, ...], list[str]]:
    """Split a 会议类型 cell ("支部党员大会、主题党日", "支委会/党课") into canonical kinds, in the
    standard order, and return the parts that name no known kind. With `words`, each spelling read
    as another kind is noted for the import report."""
    kinds: set[str] = set()
    unknown: list[str] = []
    for part in _KIND_SEPARATORS.split(text.strip()):
        if not part:
            continue
        kind = MEETING_KIND.lookup(part) or MEETING_KIND.lookup(part.removesuffix("会议"))
        if kind is None:
            unknown.append(part)
        else:
            kinds.add(kind)
            if words is not None:
                words.read(MEETING_KIND, part if MEETING_KIND.lookup(part) else kind, row)
    return sort_kinds(kinds), unknown


def sort_kinds(kinds: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(kinds), key=lambda k: KIND_ORDER.get(k, 99)))


class AttendanceStatus(StrEnum):
    PRESENT = "出席"
    LEAVE = "请假"
    ABSENT = "缺席"
    GUEST = "列席"
    # VOTE-WHO: abroad long-term, under 留党察看, away 6+ months … left out of 应到会 only with approval.
    NOT_EXPECTED = "不计入应到"


class ReviewGrade(StrEnum):
    """MTG-YEARLY-REVIEW (支部条例 第十八条)."""

    EXCELLENT = "优秀"
    PASS = "合格"
    BASIC = "基本合格"
    FAIL = "不合格"


_TIME = re.compile(r"^(\d{1,2})[:：点](\d{2})?分?$")


def parse_time(value: object) -> str:
    """'8:30', '08：30', '14点', an Excel time cell → 'HH:MM'; '' for a blank; ValueError otherwise."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.time()
    if hasattr(value, "hour") and hasattr(value, "minute"):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, float) and 0 <= value < 1:  # an Excel time stored as a day fraction
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    text = str(value).strip()
    if not text:
        return ""
    match = _TIME.match(text)
    if not match:
        raise ValueError(f"无法识别时间“{text}”，请写成 8:30 或 14:00")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"“{text}”不是有效时间")
    return f"{hour:02d}:{minute:02d}"


@dataclass(frozen=True)
class Attendee:
    """One line of the sign-in sheet. A guest (列席) has no member id; category is the member's
    category on the meeting date (预备党员 have no vote, VOTE-WHO)."""

    name: str
    status: str = AttendanceStatus.PRESENT.value
    member_id: int | None = None
    category: str = ""
    reason: str = ""  # why on leave, or the approval for 不计入应到

    @property
    def is_member(self) -> bool:
        return self.status != AttendanceStatus.GUEST.value


@dataclass(frozen=True)
class ReviewResult:
    """One member's 民主评议 grade at a sitting."""

    member_id: int | None
    name: str
    grade: str  # ReviewGrade, or "" for a 预备党员 (they take part but get no grade)
    category: str = ""


@dataclass(frozen=True)
class AttendanceFigures:
    """A sitting's sign-in counts: expected, present, on leave, absent and guests."""

    expected: int  # 应到
    present: int  # 实到
    on_leave: int
    absent: int
    guests: int

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None

    @property
    def rate_text(self) -> str:
        return "" if self.rate is None else f"{self.rate:.0%}"


def attendance_figures(attendees: list[Attendee]) -> AttendanceFigures:
    """应到 = every member on the sheet except those approved as 不计入应到 (VOTE-WHO); 实到 = 出席."""
    return figures_from_counts(Counter(a.status for a in attendees))


def figures_from_counts(statuses: Mapping[str, int]) -> AttendanceFigures:
    """The same figures from how many lines of a sheet have each status (a list of a year's meetings
    counts them in the database instead of loading every line)."""
    guests = statuses.get(AttendanceStatus.GUEST.value, 0)
    not_expected = statuses.get(AttendanceStatus.NOT_EXPECTED.value, 0)
    return AttendanceFigures(
        expected=sum(statuses.values()) - guests - not_expected,
        present=statuses.get(AttendanceStatus.PRESENT.value, 0),
        on_leave=statuses.get(AttendanceStatus.LEAVE.value, 0),
        absent=statuses.get(AttendanceStatus.ABSENT.value, 0),
        guests=guests,
    )


@dataclass(frozen=True)
class QuorumResult:
    """VOTE-QUORUM (支部条例 第十一条; 细则 第十九条): present voting members > half of the voting
    members who should attend. 预备党员 have no vote (VOTE-WHO)."""

    voters_expected: int
    voters_present: int

    @property
    def needed(self) -> int:
        return self.voters_expected // 2 + 1

    @property
    def ok(self) -> bool:
        return self.voters_expected > 0 and self.voters_present >= self.needed

    @property
    def message(self) -> str:
        head = f"应到会有表决权的正式党员 {self.voters_expected} 人，实到 {self.voters_present} 人"
        if self.ok:
            return f"{head}，超过半数，符合表决要求（VOTE-QUORUM，支部条例 第十一条）。"
        return (f"{head}，未超过半数（至少需要 {self.needed} 人），会议不能进行表决"
                "（VOTE-QUORUM，支部条例 第十一条；预备党员没有表决权）。")


def check_quorum(attendees: list[Attendee]) -> QuorumResult:
    voters = [
        a for a in attendees
        if a.is_member and a.status != AttendanceStatus.NOT_EXPECTED.value
        and a.category == MemberCategory.FULL.value
    ]
    return QuorumResult(len(voters), sum(a.status == AttendanceStatus.PRESENT.value for a in voters))


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


def resheet(sheet: list[Attendee], roster: list[Attendee]) -> tuple[list[Attendee], list[str]]:
    """A sign-in sheet moved to another date: the roster of that day (`roster`), keeping what was marked
    for each member still on it (with the day's category), then the guests; and the names taken off."""
    marked = {a.member_id: a for a in sheet if a.member_id is not None}
    kept = [replace(marked[a.member_id], category=a.category) if a.member_id in marked else a for a in roster]
    on_roster = {a.member_id for a in roster}
    gone = [a.name for a in marked.values() if a.member_id not in on_roster]
    return kept + [a for a in sheet if a.member_id is None], gone


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
        errors.append(FieldError("表决", "只有支部党员大会进行表决时才核对到会人数（VOTE-QUORUM）"))
    errors += _check_attendees(data)
    if data.expected_count is not None and data.present_count is not None and data.present_count > data.expected_count:
        errors.append(FieldError("实到人数", f"{data.present_count} 人多于应到人数 {data.expected_count} 人"))
    for name, value in (("应到人数", data.expected_count), ("实到人数", data.present_count)):
        if value is not None and value < 0:
            errors.append(FieldError(name, "不能为负数"))
    errors += _check_review(data, warnings)
    errors += _check_period(data)
    return errors, warnings


YEARLY_KINDS = frozenset({MeetingKind.LIFE.value, MeetingKind.REVIEW.value})


def _check_period(data: MeetingInput) -> list[FieldError]:
    if not data.period:
        return []
    try:
        problem = period_problem(data.date, data.period, bool(YEARLY_KINDS & set(data.kinds)))
    except ValueError as exc:
        problem = str(exc)
    return [FieldError("所属期间", problem)] if problem else []


def has_content(topic: str, content: str) -> bool:
    """A record says what the sitting was about (domain.md §2: records without content do not count)."""
    return bool(topic.strip() or content.strip())


def _check_attendees(data: MeetingInput) -> list[FieldError]:
    errors: list[FieldError] = []
    seen: set[object] = set()
    statuses = {s.value for s in AttendanceStatus}
    for attendee in data.attendees:
        key = attendee.member_id if attendee.member_id is not None else ("guest", attendee.name)
        if key in seen:
            errors.append(FieldError("出席情况", f"“{attendee.name}”在名单中出现了两次"))
        seen.add(key)
        if attendee.status not in statuses:
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
            errors.append(FieldError("评议结果", f"{result.name}是预备党员，参加评议但不评定等次（MTG-YEARLY-REVIEW）"))
        elif result.grade and result.grade not in grades:
            errors.append(FieldError("评议结果", f"{result.name}的等次“{result.grade}”应为优秀、合格、基本合格或不合格"))
        if result.grade:
            graded += 1
            excellent += result.grade == ReviewGrade.EXCELLENT.value
    if graded and excellent * 3 > graded:
        warnings.append(f"评为优秀的 {excellent} 人超过参评人数 {graded} 的三分之一（MTG-YEARLY-REVIEW：一般不超过 1/3）。")
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


def period_label(day: date, period: str) -> str:
    """所属期间 in words for a sitting held for another period: "为2024年度召开" / "补开2025年7月"; "" else."""
    if not period:
        return ""
    try:
        own = parse_period(period)
    except ValueError:
        return period
    if own.granularity is Granularity.YEAR and own.year < day.year:
        return f"为{own.year}年度召开"
    if held_late(day, period):
        return f"补开{own.chinese}"
    return own.chinese


def absentee_summary(attendees: list[Attendee] | tuple[Attendee, ...]) -> str:
    """The 缺席人员及原因 cell built from a sheet: "张三（请假：外出培训）；李四（缺席）"."""
    parts = []
    for a in attendees:
        if a.status == AttendanceStatus.LEAVE.value:
            parts.append(f"{a.name}（请假：{a.reason}）" if a.reason else f"{a.name}（请假）")
        elif a.status == AttendanceStatus.ABSENT.value:
            parts.append(f"{a.name}（缺席{'：' + a.reason if a.reason else ''}）")
    return "；".join(parts)


def finalise_problems(data: MeetingInput) -> list[str]:
    """What stops a record from being finalised (定稿): a record without content proves nothing, and a
    主题党日 (MTG-MONTHLY-THEME-DAY, 支部条例 第十六条) needs its theme and what was done."""
    problems = []
    if MeetingKind.THEME_DAY.value in data.kinds and not data.topic.strip():
        problems.append("主题党日须填写主题")
    if not data.content.strip():
        problems.append("请填写会议内容（会议记录）")
    return problems
