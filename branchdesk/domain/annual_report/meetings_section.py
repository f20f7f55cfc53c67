"""The 三会一课 section of the year-end report: sittings by kind and month, the gaps, 组织生活会, 民主评议
and 谈心谈话, 学习学时 and the register of sittings (built by services/annual_report/meetings.py)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from branchdesk.domain.annual_report.sections import (
    NOT_COVERED,
    NOT_ENTERED,
    NOT_REQUIRED,
    UNREPORTED,
    covered_months,
    day_words,
    share,
)
from branchdesk.domain.meetings.happened import later_words


@dataclass
class KindRow:
    """One branch and one kind of meeting over the year (三会一课 / 主题党日)."""

    branch: str
    kind: str
    months: list[int]  # sittings held per month, Jan..Dec
    held: int
    required: int  # the regulation minimum over the year's periods where the rule applies
    periods: int  # periods (month / quarter / year × 党小组) the rule applies to, over by the volume's day (due)
    periods_met: int
    explained: int  # gaps the branch annotated (已说明)
    missed: int  # periods over and not met, without annotation
    expected: int  # 应到 summed over sittings with a known count
    present: int  # 实到
    # periods over, not met, that a sitting held by `pending_until` still fulfils (domain.md §2: last year's
    # 组织生活会/民主评议 until 03-31): 待召开, not counted among `missed` (TY-13)
    pending: int = 0
    pending_until: date | None = None
    # of `held`, the sittings in periods the rule does not apply to, on a row where it applies to others (支委会
    # before the committee was formed in September: MTG-MONTHLY-COMMITTEE): said apart from 已开/应开 (vol3 item 5)
    unrequired: int = 0
    # periods in progress on the volume's day (rules.period_over) and not met yet: not due, not among `periods` —
    # said apart, "另有12月进行中" (TR-5); the sittings held in them, and their name ("12月"). One in progress and
    # met already (the fourth quarter's 支部党员大会 held in November) is among `periods` and `periods_met`: its
    # sitting is held, nothing of it is still to come (rev5: "3/3期（另有第四季度进行中，已开）" read as 3 of 4 held)
    running: int = 0
    running_held: int = 0
    running_label: str = ""

    @property
    def attendance(self) -> float | None:
        return share(self.present, self.expected)


def running_words(rows: list[KindRow]) -> str:
    """The periods in progress of `rows` not met yet, apart from 已开/应开 (TR-5): "12月进行中"; "" when none."""
    if not sum(r.running for r in rows):
        return ""
    return "、".join(dict.fromkeys(r.running_label for r in rows if r.running_label)) + "进行中"


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
    # False: no 谈心谈话 of the year is recorded at all — the table says 未登记, never "0 项、0%" (TR-4)
    talks_logged: bool = True
    # the days of the year's 民主评议 sittings with no grade recorded (a ledger import carries none, TV-4):
    # their grades are not known — "未录入", never 0 (MTG-YEARLY-REVIEW)
    ungraded: list[date] = field(default_factory=list)

    @property
    def grades_unknown(self) -> bool:
        """A 民主评议 was held and no grade of it is recorded: the grade counts cannot be known."""
        return bool(self.ungraded) and not any(self.grades.values())

    @property
    def talk_coverage(self) -> float | None:
        if self.talks_done is None or not self.talks_logged:
            return None
        return share(self.talks_done, self.talks_required)

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
    # 定稿 sittings of the year dated after the volume's cut-off: not held yet, so not counted anywhere in
    # the volume (domain.md §2; domain/meetings/happened.py) — `later_note` says so where the figures are
    later: int = 0
    later_cut_off: date | None = None
    # (branch, kind) -> those sittings per month, Jan..Dec: the month's cell says so (`marked_months`)
    later_months: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    # at the 党委: branch -> (定稿 sittings dated after the day its newest 上报 was written, that day): not held
    # as far as the 上报 knew, not counted (vol3 item 3); their cells are marked with that day
    reported_later: dict[str, tuple[int, date]] = field(default_factory=dict)

    @property
    def attendance(self) -> float | None:
        return share(self.present, self.expected)

    def later_note(self) -> str:
        """"另有1次已定稿的会议日期在2026年12月5日之后，未计入。" ("" for none): the 定稿 records dated after the cut-off."""
        words = later_words(self.later, self.later_cut_off, "已定稿的会议")
        told = [f"{words}。"] if words else []
        for branch, (count, day) in self.reported_later.items():  # after the branch's newest 上报 (item 3)
            told.append(f"{branch}另有{count}次已定稿的会议日期在其最近一次上报（{day.year}年{day.month}月{day.day}日）"
                        "之后，未计入。")
        return "".join(told)

    def marked_months(self, branch: str, kind: str, values: list[int | str]) -> list[int | str]:
        """A branch's month cells of `kind` (month_values), each month holding a 定稿 sitting dated after the
        cut-off marked as the note under the table words it: "0（另有1次在12月5日之后，未计入）" — the cell
        no more reads as a month with nothing recorded (domain/meetings/happened.py)."""
        later = self.later_months.get((branch, kind))
        cut_off = self.reported_later[branch][1] if branch in self.reported_later else self.later_cut_off
        if not later or cut_off is None:
            return values
        return [f"{value}（另有{n}次在{cut_off.month}月{cut_off.day}日之后，未计入）" if n else value
                for value, n in zip(values, later, strict=True)]

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

    def coverage_note(self, unreported: Collection[str] = ()) -> str:
        """Why some months show "—" ("" when the records cover the whole year), naming the branches whose
        records do not (TV-13: "台账自2026年9月1日起" alone reads as the school's; a branch's own volume
        need not name it) — a branch that never sent its 上报 (`unreported`) as 未上报, not as one with no
        records (TD-2)."""
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
                silent = [b for b in branches if b in unreported]
                if silent:  # nothing has come from them: what they held is not known (TD-2)
                    clauses.append(f"{'、'.join(silent)}{UNREPORTED}，其会议召开情况未知")
                if len(silent) < len(branches):
                    clauses.append(f"{'、'.join(b for b in branches if b not in unreported) if named else ''}尚无会议记录")
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

    def note_under(self, columns: list[list[int | str]], unreported: Collection[str] = ()) -> str:
        """`coverage_note` for a table of these month columns, "" when none of them shows "—" (TV-13: the
        months of all branches have none where another branch covers them)."""
        return self.coverage_note(unreported) if any(NOT_COVERED in column for column in columns) else ""

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
        """已开/应开 as the volume prints it: the periods met over the periods due, "31/32期" — a rule is met
        per period (domain.md §2: MTG-QUARTERLY-CONGRESS, at least one a quarter), so a branch's fifth
        sitting cannot make up another's missed quarter, as sittings over sittings due did (32/32, trial D,
        TD-3) — with the sittings apart where they differ: "31/32期（32次）" (short: the PDF's figure cell). "2/不适用" (sittings) where
        no branch in scope is required to hold the kind (支委会 under 7 正式党员); "—" where the records do not
        cover the year, or "1/—" for what was held for it all the same (a 2025年度 组织生活会 held in January
        2026: trial 9, T9-15). Where some branches in scope must hold it and others need not, the sittings
        counted are those of the former ("12/12期", not "12/12期（15次）"); the others' are said apart
        (held_unrequired; review 13-4, F6). A branch required only from a month on (a committee formed in
        September) has its sittings of the months before said apart too: "4/4期（另有8次在不要求召开的月份）" (vol3 item 5)."""
        rows = [r for r in self.rows if r.kind == kind and (branch is None or r.branch == branch)]
        held, periods = sum(r.held for r in rows), sum(r.periods for r in rows)
        if not self.judged(branch):
            return f"{held}/{NOT_COVERED}" if held else NOT_COVERED
        if not sum(r.required for r in rows):
            return f"{held}/{NOT_REQUIRED}"
        # the sittings of the branches the rule applies to, over their periods; a branch in scope not
        # required to hold the kind (支委会 under 7 正式党员) is said apart, not counted among them (F6)
        applies = [r for r in rows if r.required or r.periods or r.running]
        apart = sum(r.unrequired for r in applies)  # held in months the rule did not apply to (committee formed later)
        own = sum(r.held - r.running_held for r in applies) - apart  # the sittings of the periods due
        met = sum(r.periods_met for r in applies)
        running = running_words(applies)
        unrequired = [f"另有{apart}次在不要求召开的月份"] if apart else []
        # last year's 组织生活会/民主评议 still in time (TY-13): not due yet either, as the check says (rev5)
        pending = sum(r.pending for r in applies)
        until = max((r.pending_until for r in applies if r.pending_until), default=None)
        awaited = f"{pending}期待召开，截止{until.month}月{until.day}日" if pending and until else ""
        if not periods and (running or awaited):  # nothing due yet (a year's 组织生活会 before its end or its 3-31;
            # a committee formed in December), the sittings of the months the rule did not apply to still said (rev5)
            first = running or awaited.replace("，", "（", 1) + "）"
            return first + (f"（{unrequired[0]}）" if unrequired else "")
        notes = ([f"{own}次"] if own != met else []) + unrequired + ([f"另有{running}"] if running else []) \
            + ([f"另有{awaited}"] if awaited else [])
        return f"{met}/{periods}期" + (f"（{'；'.join(notes)}）" if notes else "")

    def held_unrequired(self, kind: str) -> int:
        """Sittings of `kind` held by branches in scope not required to hold it, while others are (支委会
        under 7 正式党员): said apart from 已开/应开, not counted among its sittings (review 13-4, F6)."""
        rows = [r for r in self.rows if r.kind == kind]
        if not any(r.required or r.periods for r in rows):
            return 0
        return sum(r.held for r in rows if not (r.required or r.periods))

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
