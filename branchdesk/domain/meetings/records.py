"""三会一课 and 组织生活: meeting kinds, attendance and quorum (issue 3; domain.md §2 for the kinds, §3
for quorum). The record a secretary keeps and its validation are in sitting.py.

One sitting may count as several kinds (a 支部党员大会 held on the 主题党日, domain.md §2): a record
carries a tuple of kinds and counts for each. The service builds these dataclasses from the database,
so io/ and reports/ never see an ORM object.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from branchdesk.domain.meetings.periods import Granularity, held_late, parse_period
from branchdesk.domain.synonyms import MEETING_KIND, WordLog
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
# Words that join two kinds in one name ("组织生活会暨民主评议党员", "支部党员大会（主题党日）", trial L TL-16):
# one sitting serving several kinds counts for each (domain.md §2). Tried only when the whole part names no
# kind, and only taken when every piece names one — "党课（线上）" stays an unknown word.
_KIND_JOINERS = re.compile(r"[暨及和与兼()（）]+")


def parse_kinds(text: str, words: WordLog | None = None, row: int = 0) -> tuple[tuple[str, ...], list[str]]:
    """Split a 会议类型 cell ("支部党员大会、主题党日", "支委会/党课") into canonical kinds, in the
    standard order, and return the parts that name no known kind. With `words`, each spelling read
    as another kind is noted for the import report."""
    kinds: set[str] = set()
    unknown: list[str] = []
    for part in _KIND_SEPARATORS.split(text.strip()):
        if not part:
            continue
        kind = _one_kind(part)
        pieces = [p for p in _KIND_JOINERS.split(part) if p] if kind is None else []
        joined = [_one_kind(piece) for piece in pieces]
        if kind is not None:
            kinds.add(kind)
            if words is not None:
                words.read(MEETING_KIND, part if MEETING_KIND.lookup(part) else kind, row)
        elif len(pieces) > 1 and all(joined):
            for piece, one in zip(pieces, joined, strict=True):
                assert one is not None
                kinds.add(one)
                if words is not None:
                    words.read(MEETING_KIND, piece if MEETING_KIND.lookup(piece) else one, row)
        else:
            unknown.append(part)
    return sort_kinds(kinds), unknown


def _one_kind(part: str) -> str | None:
    return MEETING_KIND.lookup(part) or MEETING_KIND.lookup(part.removesuffix("会议"))


def sort_kinds(kinds: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(kinds), key=lambda k: KIND_ORDER.get(k, 99)))


class AttendanceStatus(StrEnum):
    PRESENT = "出席"
    LEAVE = "请假"
    ABSENT = "缺席"
    GUEST = "列席"
    # VOTE-WHO: abroad long-term, under 留党察看, away 6+ months … left out of 应到会 only with approval.
    NOT_EXPECTED = "不计入应到"


# A member put on a sign-in sheet by a change of its date (the roster of the new day has him) whom nobody
# has marked yet (T10-16): his status is "" and reads 未登记 — never 出席 — until the user marks it, and a
# sheet with such a row is not saved (sitting.validate_meeting): attendance is entered, not invented.
UNMARKED = ""
UNMARKED_LABEL = "未登记"


class ReviewGrade(StrEnum):
    """MTG-YEARLY-REVIEW (支部条例 第十八条)."""

    EXCELLENT = "优秀"
    PASS = "合格"
    BASIC = "基本合格"
    FAIL = "不合格"


_TIME = re.compile(r"^(\d{1,2})[:：点](\d{2})?分?$")
# "下午3:00", "下午3点半" as a ledger writes the hour of a sitting (trial L, TL-5): the afternoon's 3 is 15:00
_HALF_DAY = re.compile(r"^(上午|早上|中午|下午|傍晚|晚上)\s*(\d{1,2})(?:[:：点](\d{2}|半)?分?)?$")


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
    half = _HALF_DAY.match(text)
    if half:
        hour = int(half.group(2))
        minute = 30 if half.group(3) == "半" else int(half.group(3) or 0)
        if (half.group(1) in ("下午", "傍晚", "晚上") and 1 <= hour < 12) or (half.group(1) == "中午" and hour < 3):
            hour += 12
        if hour > 23 or minute > 59:
            raise ValueError(f"“{text}”不是有效时间")
        return f"{hour:02d}:{minute:02d}"
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
            return f"{head}，超过半数，符合表决要求（支部条例 第十一条）。"  # VOTE-QUORUM
        return (f"{head}，未超过半数（至少需要 {self.needed} 人），会议不能进行表决"
                "（支部条例 第十一条；预备党员没有表决权）。")


def check_quorum(attendees: list[Attendee]) -> QuorumResult:
    voters = [
        a for a in attendees
        if a.is_member and a.status != AttendanceStatus.NOT_EXPECTED.value
        and a.category == MemberCategory.FULL.value
    ]
    return QuorumResult(len(voters), sum(a.status == AttendanceStatus.PRESENT.value for a in voters))


YEARLY_KINDS = frozenset({MeetingKind.LIFE.value, MeetingKind.REVIEW.value})


def has_content(topic: str, content: str) -> bool:
    """A record says what the sitting was about (domain.md §2: records without content do not count)."""
    return bool(topic.strip() or content.strip())


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
