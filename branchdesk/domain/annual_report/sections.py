"""The sections of the year-end report (issue 7) as plain data: one dataclass per area with its rows.
`AnnualReportData` (records.py) holds one of each; each is built by services/annual_report/<area>.py."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from branchdesk.domain.development.records import Extension

NOT_COVERED = "—"  # a month outside the records' span: not known, never "0 held"
UNJUDGED = "无法判断"  # a figure the records cannot tell (谈心谈话 without who took part: MTG-YEARLY-TALKS)
NOT_REQUIRED = "不适用"  # a kind no branch in scope is required to hold (支委会 of a branch under 7 正式党员)
# What was not entered is shown as not entered, never as 0 (a count of nothing logged cannot tell "none
# held" from "not written down"): 结对帮扶 activities, 成果 and 年度考核 (domain.md §7).
NOT_LOGGED_EACH = "未逐次登记"  # activities: none logged one by one
NOT_ITEMISED = "未逐项登记"  # 成果: none itemised (dated, with its kind)
NOT_LOGGED = "未登记"  # a table cell of either
NOT_ENTERED = "未录入"  # 年度考核 not entered
# The kinds each meetings chapter of the volume counts (its box, and the paragraph's parts of a total)
THREE_MEETINGS = ("支部党员大会", "支部委员会", "党小组会", "党课")
THEME_DAY = ("主题党日",)
LIFE = ("组织生活会", "民主评议党员")
MEETING_CHAPTERS = (("三会一课", THREE_MEETINGS), ("主题党日", THEME_DAY), ("组织生活会与民主评议", LIFE))


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def day_words(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def covered_months(year: int, first: date | None, last: date | None) -> list[bool]:
    """Which months of `year` the records cover: the calendar runs from the later of the database's
    启用日期 and the branch's 成立日期 to its 撤销日期 (domain.md §2; issue 13), a month counting when
    any of its days is inside. No start (nothing recorded yet, no 启用日期) covers every month."""
    found = []
    for month in range(1, 13):
        start, end = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        found.append((first is None or end >= first) and (last is None or start <= last))
    return found


@dataclass
class Count:
    """A labelled count: one bar of a chart, one line of a breakdown."""

    label: str
    value: int


@dataclass
class BranchMembers:
    """One branch's membership figures for the year (a line of the 基本情况 table)."""

    branch: str
    total: int
    full: int
    probationary: int
    male: int
    female: int
    new: int  # admitted (预备党员) in the year
    made_full: int  # 转正 in the year
    left: int  # 转出 / 离世 / 出党 in the year
    moved_in: int = 0  # 调入 by a dated 支部调整 in the year (TV-11)
    moved_out: int = 0  # 调出 by a dated 支部调整 in the year


@dataclass
class RosterRow:
    """One member's line of the report's 党员名册 (the ID number masked unless asked otherwise)."""

    name: str
    sex: str
    ethnicity: str
    id_number: str  # masked unless the user asked otherwise
    birth_date: date | None
    education: str
    branch: str
    group: str
    category: str
    join_date: date | None
    full_date: date | None
    position: str
    phone: str  # "" unless unmasked


@dataclass
class BasicSection:
    """The 基本情况 chapter: the membership on the report's day, its breakdowns and the year's flow."""

    as_of: date
    total: int = 0
    branches: list[BranchMembers] = field(default_factory=list)
    by_category: list[Count] = field(default_factory=list)
    by_sex: list[Count] = field(default_factory=list)
    by_age: list[Count] = field(default_factory=list)
    by_education: list[Count] = field(default_factory=list)
    by_ethnicity: list[Count] = field(default_factory=list)
    new_members: int = 0
    made_full: int = 0
    on_time: int = 0  # of made_full: 转正 exactly one year after admission (按期转正)
    pending: list[str] = field(default_factory=list)  # admitted by the 支部大会, awaiting approval: "姓名（支部）"
    left: int = 0
    moved_in: int = 0  # 支部调整 into / out of the branches in scope (within the school the two are equal)
    moved_out: int = 0
    staff_count: int | None = None  # 教职工总数 from the settings, when set
    staff_share: float | None = None
    roster: list[RosterRow] = field(default_factory=list)
    renamed_groups: list[str] = field(default_factory=list)  # "第一党小组（后更名为语文党小组）" (TY-5)

    committees: list[CommitteeRow] = field(default_factory=list)  # 班子建设: one row per branch


@dataclass
class CommitteeRow:
    """A branch's committee (支部委员会) as the roster's 党内职务 and the org panel record it."""

    branch: str
    members: int  # 党员 at the figures' day
    posts: list[tuple[str, str]]  # (职务, 姓名) in the regulation's order
    needs_committee: bool  # 7 or more members: the branch must elect a committee (支部条例 第二十条)
    # posts whose holder left the branch during the term (离世, 转出, 出党, 支部调整) and nobody holds since:
    # (职务, "王德（组织委员）2026-10-08 离世") — not in `posts`: the committee stands short of them (TV-3)
    vacant: list[tuple[str, str]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len({name for _post, name in self.posts})

    @property
    def has_committee(self) -> bool:
        """A committee has a 书记 and at least two other 委员 (支部条例 第二十条: 3 to 5, at most 7), in a
        branch of 7 or more 正式党员: under 7 the branch sets up none, whatever posts are registered
        (they are listed, and its 支委会 are not required — as the check and the calendar say). A
        committee a member left is still the one elected, short of that member until the post is filled."""
        return self.needs_committee and self.size + len(self.vacant) >= 3

    @property
    def extra_posts(self) -> bool:
        """Under 7 正式党员, 委员 registered besides the 书记 and 副书记 (the check asks to verify them)."""
        return not self.needs_committee and any(post not in ("书记", "副书记") for post, _name in self.posts)

    @property
    def secretary(self) -> str:
        return next((name for post, name in self.posts if post == "书记"), "")


@dataclass
class KindRow:
    """One branch and one kind of meeting over the year (三会一课 / 主题党日)."""

    branch: str
    kind: str
    months: list[int]  # sittings held per month, Jan..Dec
    held: int
    required: int  # the regulation minimum over the year's periods where the rule applies
    periods: int  # periods (month / quarter / year × 党小组) the rule applies to
    periods_met: int
    explained: int  # gaps the branch annotated (已说明)
    missed: int  # periods over and not met, without annotation
    expected: int  # 应到 summed over sittings with a known count
    present: int  # 实到
    # periods over, not met, that a sitting held by `pending_until` still fulfils (domain.md §2: last year's
    # 组织生活会/民主评议 until 03-31): 待召开, not counted among `missed` (TY-13)
    pending: int = 0
    pending_until: date | None = None

    @property
    def attendance(self) -> float | None:
        return share(self.present, self.expected)


@dataclass
class GapRow:
    """A period whose required sittings were not all held (or annotated), as the 缺漏 table lists it."""

    branch: str
    kind: str
    period: str  # 2025年3月 / 2025年第一季度 / 2025年
    target: str  # the 党小组, or ""
    held: int
    minimum: int
    state: str  # 未完成 / 已说明 / 进行中 / 待召开（截止 2027-03-31）
    annotation: str  # the branch's reason, when annotated
    rule: str


@dataclass
class LifeReviewRow:
    """One branch's 组织生活会, 民主评议 and 谈心谈话 figures for the year."""

    branch: str
    life_held: int
    review_held: int
    grades: dict[str, int]  # 优秀 / 合格 / 基本合格 / 不合格 / 不评定等次 (预备党员)
    talks_required: int = 0  # 谈心谈话 (MTG-YEARLY-TALKS): coverage items required in the year (talks.py)
    # of those, pairs that did; None: a talk of the year does not say who took part and some item is not
    # covered by the others, so coverage cannot be known (talks.py TalkCoverage.unnamed, as the check says)
    talks_done: int | None = 0
    # the days of the year's 民主评议 sittings with no grade recorded (a ledger import carries none, TV-4):
    # their grades are not known — "未录入", never 0 (MTG-YEARLY-REVIEW)
    ungraded: list[date] = field(default_factory=list)

    @property
    def grades_unknown(self) -> bool:
        """A 民主评议 was held and no grade of it is recorded: the grade counts cannot be known."""
        return bool(self.ungraded) and not any(self.grades.values())

    @property
    def talk_coverage(self) -> float | None:
        return None if self.talks_done is None else share(self.talks_done, self.talks_required)

    @property
    def graded(self) -> int:
        return sum(v for k, v in self.grades.items() if k != UNGRADED)


UNGRADED = "不评定等次"
GRADE_ORDER = ("优秀", "合格", "基本合格", "不合格", UNGRADED)


@dataclass
class StudyRow:
    """党员学习学时 of one branch (MTG-STUDY-HOURS): how many members reached their 学时."""

    branch: str
    members: int
    met: int
    hours: float  # total 学时 known of the branch's members (a lower bound where lengths are unknown)
    short_names: list[str] = field(default_factory=list)  # "姓名（18/32）", for the note column
    unknown: int = 0  # members whose status cannot be known (sittings of unknown length or attendance)
    unknown_names: list[str] = field(default_factory=list)
    untimed: set[int] = field(default_factory=set)  # sittings attended whose length is unknown
    estimated: set[int] = field(default_factory=set)  # sittings counted at the standard length
    # members who left the roster during the year (转出、离世、出党), "王德（2026-10-08 离世）": their 学时 are
    # in the per-member register, not judged, and not among `members` (TV-10, MTG-STUDY-HOURS)
    departed_names: list[str] = field(default_factory=list)

    @property
    def short(self) -> int:
        return self.members - self.met - self.unknown

    @property
    def average(self) -> float | None:
        return round(self.hours / self.members, 1) if self.members else None

    @property
    def met_rate(self) -> float | None:
        return share(self.met, self.members)


@dataclass
class SittingRow:
    """One sitting in the meetings register (the reviewer's first question: what was held, when, by whom)."""

    branch: str
    day: date
    kinds: str  # 主题党日、支部党员大会
    period: str  # 所属期间 when the sitting fulfils another period ("" when by its date)
    late: bool  # 补开: held after the period it fulfils
    topic: str
    host: str
    lecturer: str  # 党课讲授人
    expected: int | None  # 应到; None when the ledger did not say
    present: int | None


@dataclass
class MemberHoursRow:
    """学时 of one member: the register under the per-branch figures."""

    branch: str
    name: str
    category: str
    required: float
    known: float  # 学时 known (a lower bound when the status is 无法判断)
    status: str  # 达标 / 未达标 / 无法判断


@dataclass
class MeetingsSection:
    """The 三会一课 chapter: sittings by kind and month, gaps, reviews, study hours and the register."""

    kinds: list[str] = field(default_factory=list)
    rows: list[KindRow] = field(default_factory=list)
    by_month: dict[str, list[int]] = field(default_factory=dict)  # kind -> sittings per month, all branches
    gaps: list[GapRow] = field(default_factory=list)
    life_review: list[LifeReviewRow] = field(default_factory=list)
    grade_totals: dict[str, int] = field(default_factory=dict)
    study: list[StudyRow] = field(default_factory=list)
    sittings: int = 0  # records (a sitting that counts for several kinds is one record)
    late: int = 0  # of those, held after the period they fulfil (补开; annual sittings early the next year)
    records_from: list[str] = field(default_factory=list)  # "初一年级党支部：2025年9月1日起（成立日期）"
    register: list[SittingRow] = field(default_factory=list)  # every counted sitting, by branch and date
    member_hours: list[MemberHoursRow] = field(default_factory=list)
    expected: int = 0
    present: int = 0
    year: int | None = None  # the report's year (with `spans`: the months the records cover)
    spans: dict[str, tuple[date | None, date | None]] = field(default_factory=dict)  # branch -> first, last day
    records_started: bool = True  # False: no 启用日期 and no meeting on record, so the records cover no month

    @property
    def attendance(self) -> float | None:
        return share(self.present, self.expected)

    def covered(self, branch: str | None = None) -> list[bool]:
        """The months the records cover: a branch's, or (None) those any branch in scope covers."""
        if self.year is None:
            return [True] * 12
        if not self.records_started:
            return [False] * 12
        if branch is not None:
            return covered_months(self.year, *self.spans.get(branch, (None, None)))
        if not self.spans:
            return [True] * 12
        each = [covered_months(self.year, *span) for span in self.spans.values()]
        return [any(months[i] for months in each) for i in range(12)]

    def month_values(self, counts: list[int], branch: str | None = None) -> list[int | str]:
        """Sittings per month as the report prints them: "—" for a month the records do not cover
        and where nothing was recorded (a sitting entered for such a month is still counted)."""
        return [n if covered or n else NOT_COVERED for n, covered in zip(counts, self.covered(branch), strict=True)]

    def coverage_note(self) -> str:
        """Why some months show "—" ("" when the records cover the whole year), naming the branches whose
        records do not (TV-13: "台账自2026年9月1日起" alone reads as the school's; a branch's own volume
        need not name it)."""
        if self.year is not None and not self.records_started:
            return f"尚未设置台账启用日期，也没有会议记录，各月显示为“{NOT_COVERED}”（不表示未召开）。"
        if self.year is None:
            return ""
        groups: dict[tuple[date | None, date | None], list[str]] = {}
        for branch, span in self.spans.items():
            if not all(self.covered(branch)):
                groups.setdefault(span, []).append(branch)
        if not groups:
            return ""
        named = len(self.spans) > 1
        clauses, kinds = [], set()
        for (first, last), branches in groups.items():
            who = "、".join(branches) if named else ""
            if first == date.max:  # no record yet (records_start.NOT_STARTED)
                clauses.append(f"{who}尚无会议记录")
                kinds.add("none")
                continue
            words = []
            if first is not None and first > date(self.year, 1, 1):
                words.append(f"台账自{day_words(first)}起")
                kinds.add("from")
            if last is not None and last < date(self.year, 12, 31):
                words.append(f"至{day_words(last)}止")
                kinds.add("until")
            clauses.append(who + "，".join(words))
        if len(clauses) == 1 and kinds in ({"from"}, {"until"}, {"from", "until"}):
            other = "此外" if len(kinds) == 2 else "此前" if kinds == {"from"} else "此后"
            return f"{clauses[0]}，{other}的月份不在台账记录期间，显示为“{NOT_COVERED}”（不表示未召开）。"
        return "；".join(clauses) + f"。不在台账记录期间的月份显示为“{NOT_COVERED}”（不表示未召开）。"

    def note_under(self, columns: list[list[int | str]]) -> str:
        """`coverage_note` for a table of these month columns, "" when none of them shows "—" (TV-13: the
        months of all branches have none where another branch covers them)."""
        return self.coverage_note() if any(NOT_COVERED in column for column in columns) else ""

    def review_grades_words(self) -> str:
        """What the volume says of the 民主评议 grades where the figures cannot (MTG-YEARLY-REVIEW, TV-4): a
        review held with no grade recorded is named with its day and what to do — the meetings ledger
        carries no grades, they are entered in the sitting's record — never explained away with January;
        none held at all: not yet held, a January sitting for the year still counting. "" otherwise."""
        ungraded = [r for r in self.life_review if r.ungraded]
        if ungraded:
            held = "；".join(f"{r.branch}{'、'.join(f'{d:%Y-%m-%d}' for d in r.ungraded)}" for r in ungraded)
            return (f"已召开民主评议党员、尚未录入评议结果的：{held}，其等次显示为“{NOT_ENTERED}”（不表示无人评定）。"
                    "会议台账导入不含评议等次，请在“三会一课”中打开该次会议记录，在“评议结果”中逐人录入等次。")
        if any(self.grade_totals.values()):
            return ""
        if not any(r.review_held for r in self.life_review):
            return "本年度尚未召开民主评议党员（次年初为本年度召开的，按所属期间计入本年度）。"
        return ""

    def judged(self, branch: str | None = None) -> bool:
        """Whether the records cover any month of the year (a branch's, or any branch's in scope): if
        not, what was required and missed cannot be known ("—", never 0; records_start)."""
        return any(self.covered(branch))

    def held_required(self, kind: str, branch: str | None = None) -> str:
        """已开/应开 as the volume prints it: "4/4"; "2/不适用" where no branch in scope is required to hold
        the kind (支委会 under 7 正式党员); "—" where the records do not cover the year, or "1/—" for what
        was held for it all the same (a 2025年度 组织生活会 held in January 2026: trial 9, T9-15)."""
        rows = [r for r in self.rows if r.kind == kind and (branch is None or r.branch == branch)]
        held, required = sum(r.held for r in rows), sum(r.required for r in rows)
        if not self.judged(branch):
            return f"{held}/{NOT_COVERED}" if held else NOT_COVERED
        return f"{held}/{required}" if required else f"{held}/{NOT_REQUIRED}"

    def missed_text(self, kinds: tuple[str, ...] | None = None) -> int | str:
        """未按规定召开（期）: periods over and not met, or "—" where the records do not cover the year."""
        if not self.judged():
            return NOT_COVERED
        return sum(r.missed for r in self.rows if kinds is None or r.kind in kinds)

    def missed(self, kinds: tuple[str, ...]) -> int:
        """Periods over and not met (without annotation) of `kinds`."""
        return sum(r.missed for r in self.rows if r.kind in kinds)

    def pending_text(self, kinds: tuple[str, ...] | None = None) -> str:
        """待召开（期）: "2（截止3月31日）" (short, for the overview's boxes; the gap table and the paragraph give the
        year), or "" when nothing is awaited (TY-13)."""
        rows = [r for r in self.rows if r.pending and (kinds is None or r.kind in kinds)]
        until = max((r.pending_until for r in rows if r.pending_until), default=None)
        return f"{sum(r.pending for r in rows)}（截止{until.month}月{until.day}日）" if rows and until else ""

    def sittings_attendance(self, kinds: tuple[str, ...]) -> tuple[int, int, int]:
        """(sittings, 应到, 实到) of the register's sittings of any of `kinds`, each sitting once however
        many of them it counts for — as `attendance` averages all of them (TV-6: one way to average)."""
        chosen = [r for r in self.register if set(r.kinds.split("、")) & set(kinds)]
        known = [r for r in chosen if r.expected is not None and r.present is not None]
        return len(chosen), sum(r.expected or 0 for r in known), sum(r.present or 0 for r in known)

    def held(self, kind: str) -> int:
        return sum(r.held for r in self.rows if r.kind == kind)

    def required(self, kind: str) -> int:
        return sum(r.required for r in self.rows if r.kind == kind)


@dataclass
class DevRow:
    """One person's line of the 发展党员 ledger: the stage reached, the dates and the findings' counts."""

    name: str
    sex: str
    id_number: str
    branch: str
    stage: str
    applied: date | None
    activist: date | None
    candidate: date | None
    admitted: date | None
    full: date | None  # 转正审批日期: the 上级党委 approved the 转正 (step 24)
    problems: int
    reminders: int
    steps: list[tuple[date | None, str]] = field(default_factory=list)  # every step recorded, in order
    people: list[tuple[str, str]] = field(default_factory=list)  # (role, names): 入党介绍人 …
    extension: Extension | None = None  # 延长预备期 decided by the volume's day (TY-18)
    full_date: date | None = None  # 转正日期: the end of probation, 党龄 counts from it (domain.md §4 step 24; TY-11)


@dataclass
class FindingRow:
    """One finding of a rule check in plain words, as the report's tables and appendix list it."""

    severity: str  # 问题 / 提醒 / 信息
    branch: str
    person: str
    message: str
    rule: str
    area: str = ""  # 三会一课 / 发展党员 …: the appendix says where a finding comes from


@dataclass
class DevelopmentSection:
    """The 发展党员 chapter: the year's flow, the pipeline now, the ledger and its findings."""

    flow: list[Count] = field(default_factory=list)
    pipeline: list[Count] = field(default_factory=list)  # people at each stage now
    ledger: list[DevRow] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)
    # 接收 / 转正 of the year the roster holds and no 发展党员 record covers: never checked against the 细则
    unrecorded_admitted: int = 0
    unrecorded_full: int = 0

    def flow_value(self, label: str) -> int:
        return next((c.value for c in self.flow if c.label == label), 0)


@dataclass
class MentoringBranchRow:
    """One branch's 结对帮扶 figures for the year (the 合计 line too)."""

    branch: str
    pairs_by_kind: dict[str, int]
    pairs: int
    new_pairs: int
    activities: int
    hours: float
    outcomes: int
    evaluated: int
    excellent: int


@dataclass
class PairRow:
    """One 结对 pair's line of the report: who, since when, its state and the year's activity."""

    kind: str
    branch: str
    mentor: str
    mentee: str
    category: str
    start: date | None
    end: date | None
    status: str
    activities: int
    hours: float
    outcomes: int
    results: str  # the 成效 written as text (the narrative, without the dated lines)
    activity_lines: list[str] = field(default_factory=list)  # "2025-03-12 听课指导 2学时" of the year
    outcome_lines: list[tuple[date, str, str]] = field(default_factory=list)  # (date, kind, text) of the year

    @property
    def has_results(self) -> bool:
        """成效 recorded for the year: an itemised outcome dated in it, or the 成效 written as text."""
        return bool(self.outcome_lines or self.results.strip())


@dataclass
class MentoringSection:
    """The 结对帮扶 chapter: a line per branch, the 合计, and every pair of the year."""

    kinds: list[str] = field(default_factory=list)
    rows: list[MentoringBranchRow] = field(default_factory=list)  # the last row is 合计
    pairs: list[PairRow] = field(default_factory=list)

    @property
    def total(self) -> MentoringBranchRow | None:
        return self.rows[-1] if self.rows else None

    @property
    def pairs_with_results(self) -> int:
        return sum(1 for p in self.pairs if p.has_results)


@dataclass
class RectLedgerRow:
    """One 整改台账's line: its problems, its measures by state and the rates of completion."""

    title: str
    source: str
    organisation: str
    received: date | None
    deadline: date | None
    problems: int
    total: int
    by_status: dict[str, int]
    overdue: int
    late: int
    completion_rate: float | None
    closing_rate: float | None


@dataclass
class MeasureRow:
    """One 整改措施's line of the report, with its problem, deadline and state."""

    ledger: str
    number: str
    category: str
    problem: str
    measure: str
    person: str
    deadline: date | None
    deadline_note: str
    status: str
    completed: date | None
    closed: date | None
    verifier: str
    flag: str  # 逾期 / 逾期完成 / ""
    measure_number: str = ""  # the ledger's own 序号 of the measure
    progress: str = ""  # 整改进展, one dated line each
    evidence: str = ""  # 佐证材料, one name each


@dataclass
class RectificationSection:
    """The 整改落实 chapter: the ledgers, their measures and the totals across them."""

    statuses: list[str] = field(default_factory=list)
    ledgers: list[RectLedgerRow] = field(default_factory=list)
    measures: list[MeasureRow] = field(default_factory=list)
    status_totals: dict[str, int] = field(default_factory=dict)
    total: int = 0
    overdue: int = 0
    late: int = 0
    completion_rate: float | None = None
    closing_rate: float | None = None
