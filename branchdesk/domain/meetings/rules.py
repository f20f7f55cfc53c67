"""The regulation calendar of 三会一课 as data (domain.md §2), and the pure check that compares it with
what a branch held. The service feeds plain facts in; no SQL here, so the benchmark and the tests can
run it on any numbers of branches and years.

Rules are data with an effective date (domain.md preamble): a period is judged by the rules in force
on its first day. A branch may not turn a rule off; it may annotate a gap (exemption) with a reason,
which turns the finding into an `info` that still names the gap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

from branchdesk.domain.citations import cite
from branchdesk.domain.dates import add_months
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.meetings.happened import judged_day, later_words, split_happened
from branchdesk.domain.meetings.periods import Granularity, Period, counted_period, periods_of_year
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.roster.org_rules import COMMITTEE_FROM

AREA = "三会一课"


class Scope(StrEnum):
    BRANCH = "branch"  # every branch
    COMMITTEE = "committee"  # only where a branch committee exists (ORG-COMMITTEE)
    GROUP = "group"  # each 党小组 of the branch (ORG-GROUPS)


@dataclass(frozen=True)
class CalendarRule:
    """A required sitting: which kind, how often, how many, from which text, and for which branches."""

    id: str
    kind: str
    granularity: Granularity
    minimum: int
    source: str
    scope: Scope = Scope.BRANCH
    effective_from: date = date(2018, 10, 28)  # 支部条例（试行）issued and in force
    effective_to: date | None = None
    # months after the period a sitting may still be held for it (所属期间, domain.md §2: an annual
    # 组织生活会 or 民主评议 held January–March for the past year); until then a gap is a warning
    held_late_months: int = 0

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


def _source(rule_id: str) -> str:
    return cite(rule_id).source


RULES: tuple[CalendarRule, ...] = (
    CalendarRule("MTG-QUARTERLY-CONGRESS", MeetingKind.CONGRESS, Granularity.QUARTER, 1, _source("MTG-QUARTERLY-CONGRESS")),
    CalendarRule("MTG-MONTHLY-COMMITTEE", MeetingKind.COMMITTEE, Granularity.MONTH, 1, _source("MTG-MONTHLY-COMMITTEE"),
                 Scope.COMMITTEE),
    CalendarRule("MTG-MONTHLY-GROUP", MeetingKind.GROUP, Granularity.MONTH, 1, _source("MTG-MONTHLY-GROUP"), Scope.GROUP),
    # 季度党课 is the school's practice (支部条例 第十六条 asks for 党课 "按期", without a number)
    CalendarRule("MTG-QUARTERLY-LECTURE", MeetingKind.LECTURE, Granularity.QUARTER, 1, _source("MTG-QUARTERLY-LECTURE")),
    CalendarRule("MTG-MONTHLY-THEME-DAY", MeetingKind.THEME_DAY, Granularity.MONTH, 1, _source("MTG-MONTHLY-THEME-DAY")),
    CalendarRule("MTG-YEARLY-LIFE", MeetingKind.LIFE, Granularity.YEAR, 1, _source("MTG-YEARLY-LIFE"),
                 held_late_months=3),
    CalendarRule("MTG-YEARLY-REVIEW", MeetingKind.REVIEW, Granularity.YEAR, 1, _source("MTG-YEARLY-REVIEW"),
                 held_late_months=3),
)
_QUARTERLY_GROUPS = tuple(
    CalendarRule(r.id, r.kind, Granularity.QUARTER, 1, f"{r.source}；本支部设置：每季度1次", r.scope)
    if r.id == "MTG-MONTHLY-GROUP" else r for r in RULES)


def rules_for_branch(group_meeting_months: int) -> tuple[CalendarRule, ...]:
    """The calendar of one branch: 党小组会 monthly (支部条例 第十三条 "一般每月"), or quarterly where the
    branch's setting says so (a 离退休党支部 whose members meet less often, with the 党委's consent)."""
    return _QUARTERLY_GROUPS if group_meeting_months == 3 else RULES


# the branch secretary gives at least 1 党课 a year: the school's practice (支部条例 第十六条 asks it of
# the 党委（党组）书记), so it is cited as such
SECRETARY_LECTURE_RULE = "MTG-SECRETARY-LECTURE"
SECRETARY_LECTURE_SOURCE = _source(SECRETARY_LECTURE_RULE)
QUOTES = {rule.id: cite(rule.id).quote for rule in RULES}

# A period still open is "nearly over" (warning) within this many days of its end (local practice).
NEARLY_OVER_DAYS = {Granularity.MONTH: 7, Granularity.QUARTER: 15, Granularity.YEAR: 31}
# ORG-COMMITTEE: a committee has 3–5 (at most 7) members; fewer posts means a secretary (and deputy) only.
COMMITTEE_MIN_POSTS = 3


@dataclass(frozen=True)
class BranchFacts:
    """What a branch's calendar depends on: its groups, committee terms and the span of its records."""

    name: str
    groups: tuple[str, ...] = ()
    committee_terms: tuple[tuple[date | None, date | None], ...] = ()  # one (start, end) per committee post
    secretaries: tuple[str, ...] = ()  # names of those who held 书记 during the year
    # The calendar runs from the later of the database's 启用日期 and the branch's 成立日期, until its
    # 撤销日期 (domain.md §2); None = no bound. A period that overlaps these days at all applies.
    starts_on: date | None = None
    ends_on: date | None = None
    # the days each 正式党员 counts in the branch (from, until (exclusive); membership.full_member_spans);
    # None: not given, the posts alone decide (the pure rules' tests)
    full_members: tuple[tuple[date | None, date | None], ...] | None = None
    # each 党小组's days with members, (name, first day, last day); None = no bound; a group not named
    # here runs with the branch (MTG-MONTHLY-GROUP from the month a group has members: TY-5)
    group_days: tuple[tuple[str, date | None, date | None], ...] = ()

    def full_members_on(self, day: date) -> int | None:
        """正式党员 of the branch on the day (None when not given)."""
        if self.full_members is None:
            return None
        return sum(1 for begin, end in self.full_members if (begin is None or begin <= day) and (end is None or day < end))

    def has_committee(self, period: Period, as_of: date | None = None) -> bool:
        """ORG-COMMITTEE (支部条例 第二十条; domain.md §1): a committee existed if enough posts overlapped
        the period (a post whose start is unknown counts from before records began) and the branch had
        7 or more 正式党员 on the period's last day (on `as_of` for a period not yet over: the roster as
        it stands). A branch under 7 sets up no committee, only a 书记 (and maybe a 副书记): 委员
        registered anyway do not make the 支委会 a monthly requirement (MTG-MONTHLY-COMMITTEE), as
        the organisation check says; the sittings it holds are still counted."""
        active = sum(
            1 for start, end in self.committee_terms
            if (start is None or start <= period.end) and (end is None or end >= period.start)
        )
        if active < COMMITTEE_MIN_POSTS:
            return False
        full = self.full_members_on(period.end if as_of is None else min(period.end, as_of))
        return full is None or full >= COMMITTEE_FROM

    def runs_in(self, period: Period) -> bool:
        """Whether the calendar applies to the period (records kept and the branch in being)."""
        return (self.starts_on is None or period.end >= self.starts_on) and (
            self.ends_on is None or period.start <= self.ends_on)

    def group_runs_in(self, group: str, period: Period) -> bool:
        """Whether a 党小组's calendar applies to the period: the branch's, and the group had members
        in it (a group set up during the year is judged from then; one whose members all moved on,
        until then)."""
        for name, first, last in self.group_days:
            if name == group:
                return (first is None or period.end >= first) and (last is None or period.start <= last)
        return True


@dataclass(frozen=True)
class HeldMeeting:
    """A sitting held, as the calendar counts it: its date, kinds, group, period and quorum."""

    date: date
    kinds: frozenset[str]
    group: str = ""  # the 党小组 of a group meeting; "" = a joint meeting of all groups
    period: str = ""  # 所属期间 ("" = by date; "2024" for a January sitting held for the past year)
    lecturer: str = ""
    has_vote: bool = False
    quorum_ok: bool | None = None  # None when the sheet is not known (counts-only ledger rows)
    topic: str = ""
    id: int | None = None

    def counted_in(self, granularity: Granularity) -> Period:
        """The period of a rule's granularity this sitting counts for (its 所属期间, else its date)."""
        return counted_period(self.date, self.period, granularity)


@dataclass(frozen=True)
class Exemption:
    """A gap the branch annotated (补开, merged, holiday) with its reason (domain.md §2: a reason that
    reports show). A 党小组会 gap is one 党小组's (MTG-MONTHLY-GROUP, domain.md §2 "per group", 支部条例
    第十三条): `group` names it; "" = the whole branch's reason, which explains the gap of every
    党小组 too (reasons kept before they had a group were filed so)."""

    kind: str
    period: str  # a Period label
    reason: str
    group: str = ""


@dataclass
class PeriodCount:
    """One cell of the calendar view: a rule's requirement in a period and what was held."""

    rule: CalendarRule
    period: Period
    target: str  # "" for the branch, or the 党小组's name
    held: int
    exemption: str | None
    state: str  # 已完成 / 未完成 / 进行中 / 未开始 / 已说明 / 不适用 / 未启用
    # a 党小组's gap explained by a reason filed for the whole branch (no group), not for this group
    exemption_whole_branch: bool = False
    # 定稿 sittings for the period dated after the day judged: not counted (domain/meetings/happened.py)
    later: int = 0

    @property
    def explanation(self) -> str | None:
        """The reason as reports show it: a whole-branch reason on a 党小组's gap says so."""
        if self.exemption is None or not self.exemption_whole_branch:
            return self.exemption
        return f"（全支部的说明，适用于各党小组）{self.exemption}"

    @property
    def ok(self) -> bool:
        return self.held >= self.rule.minimum


@dataclass
class BranchCalendar:
    """A branch's year judged against the calendar rules: a cell per rule and period, and findings."""

    branch: str
    year: int
    cells: list[PeriodCount] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # the 定稿 sittings dated after the day judged, not counted (domain/meetings/happened.py)
    later: list[HeldMeeting] = field(default_factory=list)
    # at the 党委: the 定稿 sittings dated after the day the branch's newest 上报 was written — not held as far
    # as the records received know, not counted (services/meetings/store.load_calendars `held_until`)
    reported_later: list[HeldMeeting] = field(default_factory=list)


def _slot(day: date, granularity: Granularity) -> int:
    """The period number a day falls in (month 1–12, quarter 1–4, 1 for the year): arithmetic, no
    search, because the check runs over many branches and years (benchmarks/bench_meetings.py)."""
    if granularity is Granularity.MONTH:
        return day.month
    if granularity is Granularity.QUARTER:
        return (day.month - 1) // 3 + 1
    return 1


def _counts(meetings: Iterable[HeldMeeting], rule: CalendarRule, periods: list[Period], group: str | None) -> list[int]:
    position = {(p.year, p.index): i for i, p in enumerate(periods)}
    counts = [0] * len(periods)
    for meeting in meetings:
        if rule.kind not in meeting.kinds:
            continue
        if group is not None and meeting.group not in ("", group):
            continue
        if meeting.period:
            counted = meeting.counted_in(rule.granularity)
            key = (counted.year, counted.index)
        else:
            key = (meeting.date.year, _slot(meeting.date, rule.granularity))
        i = position.get(key)
        if i is not None:
            counts[i] += 1
    return counts


def evaluate_branch(
    branch: BranchFacts,
    meetings: list[HeldMeeting],
    exemptions: list[Exemption],
    *,
    year: int,
    as_of: date,
    rules: tuple[CalendarRule, ...] = RULES,
    drafts: Iterable[HeldMeeting] = (),
    today: date | None = None,
) -> BranchCalendar:
    """The calendar of one branch for one year as of a day: a cell per rule × period (× group), and a
    finding for each shortfall — error once the period is over, warning when it is nearly over,
    info while it is open (the home page's to-do) or when the branch annotated the gap.

    `drafts`: sittings held whose record is a draft with content. They are not counted (domain.md §2);
    a shortfall's finding says how many drafts there are, to be counted once finalised.

    A sitting in `meetings` dated after `as_of` has not happened: it is not counted (domain.md §2,
    domain/meetings/happened.py), a cell says how many it left out, and so does a shortfall's finding
    ("另有1次日期在今天之后，未计入"); `BranchCalendar.later` lists them. "今天" only where `as_of` is `today`
    (handed in by the caller); judged on another day, the sentence names it ("日期在2026-06-30之后", R1-6)."""
    meetings, later = split_happened(meetings, as_of)
    calendar = BranchCalendar(branch.name, year, later=later)
    exempt = {(e.kind, e.period, e.group): e.reason for e in exemptions}
    by_kind: dict[str, list[HeldMeeting]] = {}
    for meeting in meetings:
        for kind in meeting.kinds:
            by_kind.setdefault(kind, []).append(meeting)
    ahead: dict[str, list[HeldMeeting]] = {}
    for meeting in later:
        for kind in meeting.kinds:
            ahead.setdefault(kind, []).append(meeting)
    drafted: dict[str, list[HeldMeeting]] = {}
    for meeting in drafts:
        for kind in meeting.kinds:
            drafted.setdefault(kind, []).append(meeting)
    for rule in rules:
        periods = [p for p in periods_of_year(year, rule.granularity) if rule.in_force(p.start)]
        targets: list[str | None] = [None]
        if rule.scope is Scope.GROUP:
            targets = list(branch.groups)
        for target in targets:
            counts = _counts(by_kind.get(rule.kind, []), rule, periods, target)
            unfinished = _counts(drafted.get(rule.kind, []), rule, periods, target)
            not_yet = _counts(ahead.get(rule.kind, []), rule, periods, target)
            for period, held, draft, future in zip(periods, counts, unfinished, not_yet, strict=True):
                applies = rule.scope is not Scope.COMMITTEE or branch.has_committee(period, as_of)
                reason = exempt.get((rule.kind, period.label, target or ""))
                whole = reason is None and target is not None and (rule.kind, period.label, "") in exempt
                if whole:  # a reason for the whole branch covers each 党小组's gap
                    reason = exempt[(rule.kind, period.label, "")]
                cell = PeriodCount(rule, period, target or "", held, reason, "", whole, future)
                runs = branch.runs_in(period) and (target is None or branch.group_runs_in(target, period))
                cell.state = _state(cell, applies, as_of) if runs else NOT_RUNNING
                applies = applies and cell.state != NOT_RUNNING
                calendar.cells.append(cell)
                if applies and held < rule.minimum and period.start <= as_of:
                    finding = _finding(branch.name, cell, as_of, draft, judged_day(as_of, today))
                    # a 党小组's gap names its group, so a reason is filed on that group's gap alone
                    calendar.findings.append(replace(finding, group=target) if target else finding)
    calendar.findings += _secretary_lecture(branch, meetings, year, as_of, exempt)
    return calendar


NOT_APPLICABLE = "不适用"  # the rule does not apply (no committee)
NOT_RUNNING = "未启用"  # before the records start or the branch was founded, or after it was dissolved
OUT_OF_SCOPE = (NOT_APPLICABLE, NOT_RUNNING)


def period_over(period: Period, as_of: date) -> bool:
    """Whether `period` is due on `as_of` — over, its last day before the day judged. The period in progress is
    not due yet (进行中): the check says "尚需召开…截止", and the volume counts it apart from 已开/应开, never as a
    period missed (TR-5: "主题党日 11/12期" on 12-05 read as one missed) — unless it is met already: then it is
    counted, met (services/annual_report/meetings.py; rev5)."""
    return period.end < as_of


def _state(cell: PeriodCount, applies: bool, as_of: date) -> str:
    if not applies:
        return NOT_APPLICABLE
    if cell.ok:
        return "已完成"
    if cell.period.start > as_of:
        return "未开始"
    if cell.exemption is not None:
        return "已说明"
    return "未完成" if period_over(cell.period, as_of) else "进行中"


def held_late_until(rule: CalendarRule, period: Period) -> date:
    """The last day a sitting may still be held for `period` and fulfil it (domain.md §2: a 组织生活会 or 民主评议
    held in January–March fulfils the past year); the period's own end where the rule allows none."""
    return add_months(period.end + timedelta(days=1), rule.held_late_months) - timedelta(days=1)


def _finding(branch: str, cell: PeriodCount, as_of: date, drafts: int = 0, later_than: date | None = None) -> Finding:
    rule, period = cell.rule, cell.period
    who = f"{cell.target}" if cell.target else ""
    need = f"已召开 {cell.held} 次，至少 {rule.minimum} 次；{rule.source}"
    if drafts:  # a sitting held whose record is unfinished: say so, it counts once finalised
        need += f"；另有 {drafts} 份记录未定稿，定稿后计入"
    if cell.later:  # a 定稿 record dated after the day judged: not held yet (domain/meetings/happened.py)
        need += "；" + later_words(cell.later, later_than, iso=True)
    common = dict(rule=rule.id, source=rule.source, branch=branch, meeting_type=rule.kind,
                  period=period.label, area=AREA, due=period.end.isoformat(), quote=QUOTES.get(rule.id, ""))
    if cell.exemption is not None:
        said = "已说明情况（全支部的说明，适用于各党小组）" if cell.exemption_whole_branch else "已说明情况"
        return Finding(Severity.INFO, f"{who}{period.chinese}未召开{rule.kind}（{need}）。{said}：{cell.exemption}",
                       **common)
    # a period over: its 期限 is the last day a sitting may still be held for it, before and after that day
    # (last year's 组织生活会/民主评议 until 03-31, domain.md §2) — the check, the volume and 首页 alike (N-3)
    late_until = held_late_until(rule, period)
    if period.end < as_of <= late_until:
        return Finding(Severity.WARNING,
                       f"{who}{period.chinese}尚未召开{rule.kind}（{need}）；可在 {late_until:%Y-%m-%d} 前召开，"
                       f"所属期间记为{period.chinese}度。", **{**common, "due": late_until.isoformat()})
    if period.end < as_of:
        return Finding(Severity.ERROR, f"{who}{period.chinese}未按规定召开{rule.kind}（{need}）。",
                       **{**common, "due": late_until.isoformat()})
    left = period.days_left(as_of)
    if left <= NEARLY_OVER_DAYS[rule.granularity]:
        return Finding(Severity.WARNING,
                       f"{who}{period.chinese}还剩 {left} 天，尚未召开{rule.kind}（{need}），请在 {period.end:%m月%d日} 前召开。",
                       **common)
    return Finding(Severity.INFO, f"{who}{period.chinese}尚需召开{rule.kind}（{need}），截止 {period.end:%Y-%m-%d}。",
                   **common)


def _secretary_lecture(
    branch: BranchFacts, meetings: list[HeldMeeting], year: int, as_of: date, exempt: dict[tuple[str, str, str], str]
) -> list[Finding]:
    """MTG-QUARTERLY-LECTURE, second half: the secretary gives at least 1 党课 a year."""
    if not branch.secretaries or date(year, 1, 1) > as_of or not branch.runs_in(Period(year, Granularity.YEAR)):
        return []
    lectures = [m for m in meetings if MeetingKind.LECTURE in m.kinds and m.date.year == year]
    given = any(any(name and name in m.lecturer for name in branch.secretaries) for m in lectures)
    if given:
        return []
    period = Period(year, Granularity.YEAR)
    names = "、".join(branch.secretaries)
    common = dict(rule=SECRETARY_LECTURE_RULE, source=SECRETARY_LECTURE_SOURCE, branch=branch.name,
                  meeting_type=MeetingKind.LECTURE.value, period=period.label, area=AREA, due=period.end.isoformat(),
                  quote=cite(SECRETARY_LECTURE_RULE).quote)
    reason = exempt.get((MeetingKind.LECTURE.value, period.label, ""))
    unnamed = sum(1 for m in lectures if not m.lecturer.strip())
    if unnamed:  # who gave them is not recorded: whether the 书记 did cannot be known — never "尚未讲" (TR-3)
        text = (f"{year}年有 {unnamed} 次党课未填讲授人，无法判断支部书记（{names}）是否讲过党课"
                f"（书记每年至少讲 1 次党课；{SECRETARY_LECTURE_SOURCE}）；请在“三会一课”中补填这些党课的主讲人")
        if reason is not None:
            return [Finding(Severity.INFO, f"{text}。已说明情况：{reason}", **common)]
        return [Finding(Severity.WARNING, text + "。", **common)]
    text = f"{year}年支部书记（{names}）尚未讲党课（书记每年至少讲 1 次党课；{SECRETARY_LECTURE_SOURCE}）"
    if reason is not None:
        return [Finding(Severity.INFO, f"{text}。已说明情况：{reason}", **common)]
    if period.end < as_of:
        return [Finding(Severity.ERROR, text + "。", **common)]
    if period.days_left(as_of) <= NEARLY_OVER_DAYS[Granularity.YEAR]:
        return [Finding(Severity.WARNING, f"{text}，本年度还剩 {period.days_left(as_of)} 天。", **common)]
    return []
