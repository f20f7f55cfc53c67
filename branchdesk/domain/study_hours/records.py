"""党员集中学习培训学时 (MTG-STUDY-HOURS, domain.md §2; source: 《中国共产党党员教育管理工作条例》第二十条,
"党员每年集中学习培训时间一般不少于32学时").

What counts, per member and calendar year:
- the sittings the member attended (status 出席 on the sign-in sheet, matched by member) whose kinds
  include 党课, 主题党日, 支部党员大会 or 党小组会 — the member's own year, whichever branch they are in
  at year end (a branch left by a 支部调整 included). A sitting serving several of these kinds
  (a 支部党员大会 on the 主题党日) is one sitting and counts once. Its 学时 come from its recorded start
  and end time; a sitting without valid times has an unknown length — never 0 (issue 13): unless the
  branch set, deliberately, a standard length for that kind of sitting in 设置 (then it is used and
  marked as such), the member's total is a lower bound and whether the 32 学时 are met is unknown;
- likewise a sitting whose ledger gave only counts that did not add up has no sheet: whether a member
  of its audience attended is unknown, and so, if short, whether the member met the requirement;
- study recorded outside the branch's sittings (党校培训, 网络培训, 上级集中轮训 …), in 学时 as certified.

No Qt and no SQL here: the service reads the database and hands these functions plain values.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction

from branchdesk.domain.citations import cite
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.meetings.rules import AREA
from branchdesk.domain.synonyms import STUDY_FORM
from branchdesk.domain.validation import FieldError, too_long
from branchdesk.domain.vocabulary import LEFT_STATUSES

RULE = "MTG-STUDY-HOURS"
CITATION = cite("MTG-STUDY-HOURS")
SOURCE = CITATION.source  # 教育条例 第二十条 (domain/citations.py: number not confirmed in a public copy)
REQUIRED_HOURS = 32  # 学时 a year for a member on the roster all year
MINUTES_PER_HOUR = 45
"""One 学时 is 45 minutes: the convention of 干部教育培训 registration (学时登记), which party schools
and online study platforms also use on their certificates, so both sources add up in one unit."""
MAX_RECORD_HOURS = Decimal(200)  # more than this in one record is a typing error, not a course
COUNTED_KINDS = frozenset({MeetingKind.LECTURE.value, MeetingKind.THEME_DAY.value, MeetingKind.CONGRESS.value,
                           MeetingKind.GROUP.value})
NO_TIMES = "未填起止时间，学时无法计算"
BAD_TIMES = "起止时间有误（结束时间不晚于开始时间），学时无法计算"
SHOWN_NAMES = 8  # a finding names this many members, then says "等 N 人"


class StudyForm(StrEnum):
    """学习形式 of a record outside the branch's own sittings."""

    PARTY_SCHOOL = "党校培训"
    ONLINE = "网络培训"
    ROUND = "上级集中轮训"
    OTHER = "其他"


# How a 学习培训登记表 in the field spells the forms: domain.synonyms.STUDY_FORM.
FORM_SYNONYMS: dict[str, StudyForm] = {
    **{spelling: StudyForm(entry) for spelling, entry in STUDY_FORM.synonyms.items()},
    **{form.value: form for form in StudyForm},
}


def parse_form(text: str) -> StudyForm | None:
    entry = STUDY_FORM.lookup(text or "")
    return StudyForm(entry) if entry else None


# --- sittings ------------------------------------------------------------------------------
_TIME = re.compile(r"^([01]?\d|2[0-3])[:：]([0-5]\d)$")


def _minutes(text: str) -> int | None:
    match = _TIME.match((text or "").strip())
    return int(match.group(1)) * 60 + int(match.group(2)) if match else None


def minutes_to_hours(minutes: int) -> Decimal:
    """minutes / 45, rounded down to 0.5 (a half 学时 not completed is not credited)."""
    return Decimal(minutes * 2 // MINUTES_PER_HOUR) / 2


@functools.cache  # a year's sittings have few distinct times; the figures ask for each member's sittings
def sitting_hours(start_time: str, end_time: str) -> tuple[Decimal, str]:
    """学时 of one sitting from its HH:MM times. Returns (hours, problem); with a problem the length is
    unknown and the 0 returned is no figure (callers say how many sittings lack a length)."""
    start, end = _minutes(start_time), _minutes(end_time)
    if start is None or end is None:
        return Decimal(0), NO_TIMES
    if end <= start:
        return Decimal(0), BAD_TIMES
    return minutes_to_hours(end - start), ""


STANDARD = "按标准时长计"


@dataclass(frozen=True)
class Sitting:
    """One sitting of the branch (or a 党小组) as the rule needs it."""

    id: int
    day: date
    kinds: frozenset[str]
    start_time: str
    end_time: str
    topic: str = ""
    branch: str = ""
    standard_minutes: int | None = None  # the branch's standard length for its kind (设置), if any
    group_only: int | None = None  # a 党小组会 alone: the group that should attend (its id)
    branch_id: int = 0  # its branch's id: a member moved between branches is placed on its day by id

    # The derived figures are worked out once per sitting (cached on the instance, the fields stay
    # frozen): a district's year asks them for every member who attended, 60,000 times.
    @functools.cached_property
    def counts(self) -> bool:
        return bool(self.kinds & COUNTED_KINDS)

    @functools.cached_property
    def estimated(self) -> bool:
        """Its times are missing or wrong and the standard length was used instead."""
        return bool(sitting_hours(self.start_time, self.end_time)[1]) and bool(self.standard_minutes)

    @functools.cached_property
    def hours(self) -> Decimal:
        hours, problem = sitting_hours(self.start_time, self.end_time)
        if problem and self.standard_minutes:
            return minutes_to_hours(self.standard_minutes)
        return hours

    @functools.cached_property
    def problem(self) -> str:
        """Why its length is unknown ("" when known, from its times or a standard length)."""
        problem = sitting_hours(self.start_time, self.end_time)[1]
        return "" if self.standard_minutes else problem

    @property
    def label(self) -> str:
        kinds = "、".join(k for k in MeetingKind if k.value in self.kinds)
        return f"{self.day:%Y-%m-%d} {kinds}“{self.topic}”"


# --- what a member must do --------------------------------------------------------------------
def months_on_roster(year: int, joined: date | None, left: date | None) -> int:
    """Calendar months of `year` in which the member was on the roster for at least one day.
    On the roster from `joined` (None: before the year) until the day before `left` (the day of a
    转出/离世/出党, as services/roster/records.members_on counts it)."""
    first = max(date(year, 1, 1), joined or date(year, 1, 1))
    last = min(date(year, 12, 31), (left - timedelta(days=1)) if left else date(year, 12, 31))
    if last < first:
        return 0
    return last.month - first.month + 1


def months_between(year: int, joined: date | None, left: date | None) -> set[int]:
    """The months of `year` (1–12) holding a day from `joined` until the day before `left` (None:
    no bound), as months_on_roster counts them."""
    first = max(date(year, 1, 1), joined or date(year, 1, 1))
    last = min(date(year, 12, 31), (left - timedelta(days=1)) if left else date(year, 12, 31))
    return set(range(first.month, last.month + 1)) if first <= last else set()


def departure(left: date | None, status: str, day: date) -> str:
    """"2026-10-08 离世" for a member off the roster by `day` (转出、离世、出党: the status; the left date is
    the first day off it, as months_on_roster counts), "" for one still on it (MemberStudy.left)."""
    if left is None or left > day:
        return ""
    return f"{left:%Y-%m-%d} {status if status in LEFT_STATUSES else '离开'}"


def required_for_months(months: int, per_year: int = REQUIRED_HOURS) -> Decimal:
    """The requirement for `months` months of the year (a member who moved between branches: the
    months their branches' records cover, services/study_hours/store.py), prorated as required_hours."""
    return _prorated(per_year, months)


def required_hours(year: int, joined: date | None, left: date | None, per_year: int = REQUIRED_HOURS) -> Decimal:
    """The year's requirement: 32 学时 for a member on the roster all year (正式 and 预备党员 alike).
    A member who joined or left during the year owes the 32 prorated by the months on the roster
    (a month counts when the member was on the roster any day of it), rounded up to 0.5 学时:
    joined in July → 6 months → 16 学时; joined in August → 5 months → 13.5 学时. `per_year`: the
    branch's own target where its 党委 set one (a 离退休党支部, 设置 → 规则与节假日)."""
    return _prorated(per_year, months_on_roster(year, joined, left))


@functools.lru_cache(maxsize=1024)
def _prorated(per_year: int, months: int) -> Decimal:
    """`per_year` prorated by `months` of 12, rounded up to 0.5 (a few dozen pairs: 10,000 members)."""
    halves = math.ceil(Fraction(per_year * months, 12) * 2)
    return Decimal(halves) / 2


# --- one member's year -------------------------------------------------------------------------
@dataclass(frozen=True)
class MemberStudy:
    """A member's study hours for the year: required, counted from sittings, and entered apart."""

    member_id: int
    name: str
    branch: str
    category: str
    required: Decimal
    from_sittings: Decimal
    external: Decimal
    sittings: int  # sittings attended that counted (with or without times)
    untimed: tuple[Sitting, ...] = ()  # attended, length unknown: 未填起止时间
    estimated: tuple[Sitting, ...] = ()  # attended, length from the branch's standard (按标准时长计)
    unknown_attendance: tuple[Sitting, ...] = ()  # on the roster, but the ledger's counts did not say who came
    # "2026-10-08 离世": the member left the roster (转出、离世、出党) by the day judged — 学时 counted for the
    # months on the roster, not judged (trial V, TV-10): MTG-STUDY-HOURS asks it of the members on the roster,
    # and one who has left can no longer make it up (no 未达标, no reminder to the branch)
    left: str = ""
    # why the span judged is not known to hold every sitting (no 启用日期, and study recorded before the
    # branch's first meeting on record: the requirement runs from the study's month, the meetings of
    # the months between are unknown, trial K, TK-9); "" when the records cover the span
    span_note: str = ""

    @property
    def total(self) -> Decimal:
        """The 学时 known; a lower bound when `uncertain`."""
        return self.from_sittings + self.external

    @property
    def shortfall(self) -> Decimal:
        return max(Decimal(0), self.required - self.total)

    @property
    def uncertain(self) -> bool:
        return bool(self.untimed or self.unknown_attendance or self.span_note)

    @functools.cached_property  # a frozen record whose status the findings and reports read several times
    def status(self) -> str:
        """达标 / 未达标 / 无法判断 — never 未达标 where a sitting of unknown length or attendance might
        make up the difference (issue 13: unknown is not 0)."""
        if self.left:
            return NOT_JUDGED
        if self.shortfall == 0:
            return MET
        return UNKNOWN if self.uncertain else SHORT

    @property
    def judged(self) -> bool:
        """On the roster on the day judged: 达标, 未达标 or 无法判断 (not a member who left)."""
        return not self.left

    @property
    def met(self) -> bool:
        return self.status == MET

    @property
    def short(self) -> bool:
        return self.status == SHORT

    @property
    def unknown(self) -> bool:
        return self.status == UNKNOWN

    @property
    def total_text(self) -> str:
        """"24" or "24+" (a lower bound), as lists and reports print the total."""
        return hours_text(self.total) + ("+" if self.uncertain else "")


MET, SHORT, UNKNOWN = "达标", "未达标", "无法判断"
NOT_JUDGED = "不作评定"  # left the roster during the year (MemberStudy.left)


def member_study(member_id: int, name: str, branch: str, category: str, required: Decimal,
                 attended: Iterable[Sitting], external: Iterable[Decimal],
                 unknown_attendance: Iterable[Sitting] = (), left: str = "", span_note: str = "") -> MemberStudy:
    """Add up one member's year. `attended` are the sittings the member was 出席 at; the same sitting
    given twice (once per kind) is counted once. `unknown_attendance`: sittings of the member's
    audience whose ledger did not say who attended. `left`: "2026-10-08 离世" for a member who left
    the roster by the day judged (not judged: MemberStudy.left). `span_note`: MemberStudy.span_note."""
    unique = {s.id: s for s in attended if s.counts}
    hours = Decimal(0)
    untimed: list[Sitting] = []
    estimated: list[Sitting] = []
    for s in unique.values():  # one pass: a district's year is thousands of members
        if s.problem:
            untimed.append(s)
        else:
            hours += s.hours
        if s.estimated:
            estimated.append(s)

    def ordered(items: list[Sitting]) -> tuple[Sitting, ...]:
        return tuple(sorted(items, key=lambda s: (s.day, s.id))) if items else ()

    unknown = list({s.id: s for s in unknown_attendance if s.counts and s.id not in unique}.values())
    return MemberStudy(member_id, name, branch, category, required, hours, sum(external, Decimal(0)),
                       len(unique), ordered(untimed), ordered(estimated), ordered(unknown), left, span_note)


def hours_text(value: Decimal) -> str:
    """24 → "24", 13.50 → "13.5" (学时 as a secretary writes them)."""
    text = f"{value.normalize():f}"
    return text


SPAN_UNKNOWN = "未设台账启用日期"  # the head of MemberStudy.span_note, and what the volume's register says


def unrecorded_span_note(meetings_from: date | None, study_from: date) -> str:
    """MemberStudy.span_note: no 启用日期, and the branch's first 学习培训记录 of the year (in the month
    `study_from`) is earlier than its first meeting on record (`meetings_from`, None: none yet) — the
    requirement is prorated from `study_from`, as the hours counted are, and what was held between
    is not known (trial K, TK-9)."""
    meetings = (f"最早的会议记录在{meetings_from.year}年{meetings_from.month}月" if meetings_from is not None
                else "还没有会议记录")
    return (f"{SPAN_UNKNOWN}：本支部{meetings}，学习培训记录自{study_from.year}年{study_from.month}月起，"
            f"应完成学时按{study_from.month}月起的在册月数折算，其间未登记的会议无法计入，是否达标无法判断；"
            "请在“设置”中填写台账启用日期")


def _why(row: MemberStudy, per_year: int) -> str:
    """Why a short member's figures are what they are (issue 16, item 13): a 0 that is a record of
    nothing attended, a requirement below the year's that is prorated."""
    parts = []
    if row.total == 0 and row.sittings == 0:
        parts.append("本年没有出席会议的记录，也没有登记学习培训记录")
    if row.required < per_year:
        parts.append("要求按本年计入的月数折算（自入党、转入或台账启用之日起）")
    return "".join(f"，{p}" for p in parts)


def study_findings(branch: str, rows: list[MemberStudy], year: int, as_of: date,
                   per_year: int = REQUIRED_HOURS) -> list[Finding]:
    """One finding per branch and year naming the members short of their 学时: an error once the year
    is over, a warning in December (its last month), information before (same pattern as
    MTG-YEARLY-TALKS). Members whose status is unknown are counted apart, with the sittings that
    make it unknown (no times; counts that named nobody): 学时 are never taken as 0."""
    short = sorted((r for r in rows if r.short), key=lambda r: (-r.shortfall, r.name))
    unknown = [r for r in rows if r.unknown]
    if (not short and not unknown) or date(year, 1, 1) > as_of:
        return []
    parts = []
    if short:
        names = "、".join(f"{r.name}（{hours_text(r.total)}/{hours_text(r.required)} 学时{_why(r, per_year)}）"
                         for r in short[:SHOWN_NAMES])
        if len(short) > SHOWN_NAMES:
            names += f"等 {len(short)} 人"
        parts.append(f"{year}年有 {len(short)} 名党员集中学习培训未达规定学时：{names}")
    if unknown:
        parts.append(f"{'另有' if short else f'{year}年有'} {len(unknown)} 名党员是否达标无法判断"
                     f"（{'、'.join(r.name for r in unknown[:SHOWN_NAMES])}{'等' if len(unknown) > SHOWN_NAMES else ''}）")
    own = f"；本支部按党委规定为每年 {per_year} 学时" if per_year != REQUIRED_HOURS else ""
    text = "；".join(parts) + f"（{SOURCE}：每年一般不少于 {REQUIRED_HOURS} 学时{own}）"
    unsure = {s.id for r in rows for s in r.unknown_attendance}
    if unsure:
        text += f"；{len(unsure)} 次会议只有人数、无法确定哪些党员出席"
    text += "".join(f"；{note}" for note in sorted({r.span_note for r in unknown if r.span_note}))  # TK-9
    end = date(year, 12, 31)
    if not short:
        severity = Severity.WARNING if end < as_of or as_of.month == 12 else Severity.INFO
    elif end < as_of:
        severity = Severity.ERROR
    elif as_of.month == 12:
        severity, text = Severity.WARNING, f"{text}，本年度还剩 {(end - as_of).days + 1} 天"
    else:
        severity = Severity.INFO
    return [Finding(severity, text + "。", rule=RULE, source=SOURCE, quote=CITATION.quote, branch=branch, period=str(year), area=AREA,
                    due=end.isoformat())]


# --- a record outside the branch's sittings ---------------------------------------------------
@dataclass
class StudyInput:
    """What the form and an import row give for one 学习培训记录 (hours as typed)."""

    member_id: int | None
    study_date: date | None
    hours: str | Decimal | float | int | None
    form: str
    title: str
    organiser: str = ""
    note: str = ""
    errors: list[FieldError] = field(default_factory=list)  # problems found while reading (dates …)


# A length written in days ("半天", "3天", "一天", "两天半"): no number of 学时 can be read off it, since how many
# 学时 a day makes differs from school to school — the message asks for the number
DAYS_WRITTEN = re.compile(r"(天|日)半?$")
DAY_NOT_HOURS = "一天折合多少学时各校不同，无法换算"
# 1 课时 = 1 学时 = 45 minutes (MINUTES_PER_HOUR): a 课时 (a school lesson, 节) is a 学时, read one for one
_HOURS_UNIT = re.compile(r"\s*(学时|个?课时|节课|节)$")
# a length in clock hours or minutes ("3小时", "3h", "90分钟"): no 学时 one for one (3 小时 = 4 学时)
_CLOCK = re.compile(r"^(\d+(?:\.\d+)?)\s*(个?小时|个?钟头|hours?|hrs?|h)$", re.IGNORECASE)
_MINUTES = re.compile(r"^(\d+(?:\.\d+)?)\s*(分钟|mins?)$", re.IGNORECASE)
CLOCK_HOURS_HOW = f"3 小时 = 4 学时（1 学时 = {MINUTES_PER_HOUR} 分钟），请按学时填写"
"""How a figure in clock hours is converted, said wherever one is refused (a cell "3小时", a header "学时（小时）")."""


def _converted(minutes: Fraction) -> str:
    """minutes as 学时 for a message: " = 4", or "约合 2.67" when not a whole hundredth."""
    hours = minutes / MINUTES_PER_HOUR
    if (hours * 100).denominator == 1:
        return " = " + hours_text(Decimal(hours.numerator) / Decimal(hours.denominator))
    return "约合 " + hours_text(Decimal(float(hours)).quantize(Decimal("0.01")))


def clock_problem(text: str) -> str:
    """For a length in clock hours or minutes ("3小时", "3h", "90分钟"): a plain refusal saying how to convert
    it ("“3小时”是小时数，不是学时：3 小时 = 4 学时（1 学时 = 45 分钟），请按学时填写"); "" for any other text."""
    text = text.strip()
    if (clock := _CLOCK.match(text)) is not None:
        hours = Fraction(clock.group(1))
        figure = hours_text(Decimal(clock.group(1)))
        if hours == 3:
            return f"“{text}”是小时数，不是学时：{CLOCK_HOURS_HOW}"
        return (f"“{text}”是小时数，不是学时：{figure} 小时{_converted(hours * 60)} 学时"
                f"（1 学时 = {MINUTES_PER_HOUR} 分钟，如 3 小时 = 4 学时），请按学时填写")
    if (minutes := _MINUTES.match(text)) is not None:
        figure = hours_text(Decimal(minutes.group(1)))
        return (f"“{text}”是分钟数，不是学时：{figure} 分钟{_converted(Fraction(minutes.group(1)))} 学时"
                f"（1 学时 = {MINUTES_PER_HOUR} 分钟），请按学时填写")
    return ""


def days_problem(text: str) -> str:
    """For a length in days ("半天", "一天"): no 学时 can be read off it; ask for the number."""
    return (f"“{text.strip()}”是天数，不是学时：{DAY_NOT_HOURS}，请按实际课时填写学时数"
            f"（1 学时 = 1 课时 = {MINUTES_PER_HOUR} 分钟），如 4")


def parse_hours(value: object) -> tuple[Decimal | None, str]:
    """学时 as written ("12", "12.5", "12.5学时", "4课时", 8.0) → Decimal, or a Chinese message. A 课时 is a 学时:
    both are 45 minutes, as the app counts (MINUTES_PER_HOUR; trial R TR-12: "4课时" was refused as "不是数字").
    Clock hours and minutes ("3小时", "3h", "90分钟") are refused saying how to convert them (3 小时 = 4 学时), and
    days ("半天", "3天") saying how to write them."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "请填写学时"
    text = _HOURS_UNIT.sub("", str(value).strip()) if isinstance(value, str) else str(value)
    try:
        hours = Decimal(text)
    except InvalidOperation:
        if problem := clock_problem(str(value)):
            return None, problem
        if DAYS_WRITTEN.search(str(value).strip()):
            return None, days_problem(str(value))
        return None, f"“{value}”不是数字，请填写学时数，如 12 或 12.5（4课时可写 4）"
    if not hours.is_finite():
        return None, f"“{value}”不是数字，请填写学时数，如 12 或 12.5"
    if hours <= 0:
        return None, "学时应大于 0"
    if hours > MAX_RECORD_HOURS:
        return None, f"一条记录的学时不能超过 {hours_text(MAX_RECORD_HOURS)}，请核对（多次学习请分条登记）"
    if hours != hours.quantize(Decimal("0.01")):
        return None, "学时最多保留两位小数"
    return hours.quantize(Decimal("0.01")), ""


def validate_study(data: StudyInput, today: date) -> tuple[Decimal | None, list[FieldError]]:
    """Check one record; returns the parsed 学时 and every problem, each beside its field."""
    errors = list(data.errors)
    if data.member_id is None and not any(e.field == "党员" for e in errors):
        errors.append(FieldError("党员", "请选择党员"))
    if data.study_date is None and not any(e.field == "学习日期" for e in errors):
        errors.append(FieldError("学习日期", "请填写学习日期"))
    elif data.study_date is not None and data.study_date > today:
        errors.append(FieldError("学习日期", f"学习日期 {data.study_date:%Y-%m-%d} 晚于今天，请登记已完成的学习"))
    hours, problem = parse_hours(data.hours)
    if problem:
        errors.append(FieldError("学时", problem))
    if parse_form(data.form) is None:
        forms = "、".join(f.value for f in StudyForm)
        errors.append(FieldError("学习形式", f"“{data.form.strip()}”不是可选的学习形式，应为：{forms}"
                                 if data.form.strip() else f"请选择学习形式（{forms}）"))
    if not data.title.strip():
        errors.append(FieldError("学习内容", "请填写学习内容（培训班或专题名称）"))
    elif len(data.title.strip()) > 200:
        errors.append(FieldError("学习内容", "学习内容不能超过 200 字"))
    if len(data.organiser.strip()) > 200:
        errors.append(FieldError("主办单位", "主办单位不能超过 200 字"))
    errors += too_long({"备注": data.note})
    return hours, errors


def untimed_finding(branch: str, sittings: list[Sitting], year: int, as_of: date) -> list[Finding]:
    """"12 次会议未填起止时间，学时无法计算" (issue 13): a branch's sittings of the year whose length is
    unknown, said once, whoever attended them."""
    unknown = sorted((s for s in sittings if s.counts and s.problem), key=lambda s: (s.day, s.id))
    if not unknown:
        return []
    shown = "、".join(s.label for s in unknown[:3]) + ("等" if len(unknown) > 3 else "")
    text = (f"{year}年有 {len(unknown)} 次会议{NO_TIMES}（{shown}）；请补填起止时间，"
            "或在“设置 → 会议标准时长”中规定各类会议的标准时长")
    severity = Severity.WARNING if date(year, 12, 1) <= as_of else Severity.INFO
    return [Finding(severity, text + "。", rule=RULE, source=SOURCE, branch=branch, period=str(year),
                    area=AREA, due=date(year, 12, 31).isoformat())]
