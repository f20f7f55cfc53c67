"""What the 发展党员 checker works with: the roster standing of the people a step names, working
days, and the per-record context that collects findings (used by development_rules' evaluators)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from branchdesk.domain.citations import TEXTS, Citation, cite
from branchdesk.domain.dates import add_years
from branchdesk.domain.development.records import DevelopmentCase, PersonRef
from branchdesk.domain.development.rules import Rule, RuleBook, RuleSet
from branchdesk.domain.development.steps import STEP_BY_NUMBER, STEPS
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.workdays import DEFAULT_CALENDAR, WorkCalendar

UPCOMING_DAYS = 30
AREA = "发展党员"
_LABELS = {s.number: s.label for s in STEPS}


@dataclass(frozen=True)
class Standing:
    """A roster member as the people rules need them: were they a 正式党员 on a given day, in which
    branch, and under a sanction that bars them from introducing (留党察看, 细则 第十四条)?"""

    member_id: int
    name: str
    category: str
    join_date: date | None
    full_date: date | None
    left_date: date | None
    branch_id: int | None = None
    status: str = "在册"  # vocabulary.MemberStatus: 转出 / 离世 / 出党 say why they left
    suspended: tuple[tuple[date, date | None], ...] = ()  # 留党察看: (decided, rights restored)
    branch_periods: tuple[tuple[date | None, date | None, int], ...] = ()  # dated branch membership
    approved_on: date | None = None  # 转正 approved by the 上级党委 (step 24 of their 发展党员 record)
    # 不计入应到会 with approval (VOTE-WHO, TD-5): (from, to or None, approved on), from the member page
    left_out: tuple[tuple[date, date | None, date], ...] = ()

    def full_on(self, day: date) -> bool:
        """Whether they were a 正式党员 on the day, as far as this roster knows (a member who left
        is unknown afterwards: see `left_on`). The 转正日期 is the end of probation (党龄 counts from
        it, 细则 第三十三条), but until the 转正 is approved they are a 预备党员, with no vote at the
        支部大会 that discusses it (VOTE-WHO, domain.md) nor any other right of a 正式党员."""
        if self.left_date is not None and self.left_date <= day:
            return False
        if self.full_date is not None:
            return self.full_date <= day and (self.approved_on is None or self.approved_on <= day)
        # an old roster row without 转正日期: a 正式党员 one year after joining
        return self.category == "正式党员" and self.join_date is not None and add_years(self.join_date, 1) <= day

    def left_out_on(self, day: date) -> bool:
        """Left out of 应到会 on the day with approval recorded (VOTE-WHO: only once approved)."""
        return any(start <= day and (end is None or day <= end) and approved <= day
                   for start, end, approved in self.left_out)

    def member_on(self, day: date) -> bool:
        return (self.join_date is None or self.join_date <= day) and (self.left_date is None or self.left_date > day)

    def branch_on(self, day: date) -> int | None:
        """The branch on a day: the dated moves (支部调整) when there are any, else the roster's branch."""
        for start, end, branch in self.branch_periods:
            if (start is None or start <= day) and (end is None or day < end):
                return branch
        return self.branch_id if not self.branch_periods else None

    def suspended_on(self, day: date) -> tuple[date, date | None] | None:
        for start, end in self.suspended:
            if start <= day and (end is None or day < end):
                return start, end
        return None


class RosterIndex:
    def __init__(self, standings: Iterable[Standing] = ()) -> None:
        self.by_id: dict[int, Standing] = {}
        self.by_name: dict[str, list[Standing]] = {}
        self.by_branch: dict[int, list[Standing]] = {}
        self._full: dict[tuple[int, date], list[Standing] | None] = {}
        for standing in standings:
            self.by_id[standing.member_id] = standing
            self.by_name.setdefault(standing.name, []).append(standing)
            branches = {b for _, _, b in standing.branch_periods} | {standing.branch_id}
            for branch in branches:
                if branch is not None:
                    self.by_branch.setdefault(branch, []).append(standing)

    def find(self, person: PersonRef) -> list[Standing]:
        if person.member_id is not None and person.member_id in self.by_id:
            return [self.by_id[person.member_id]]
        return self.by_name.get(person.name, [])

    def full_members(self, branch_id: int, day: date) -> list[Standing] | None:
        """The branch's 正式党员 on the day (who have a vote), or None when the roster holds nobody
        of that branch (a ledger kept without a roster: the count cannot be known)."""
        key = (branch_id, day)
        if key not in self._full:
            people = self.by_branch.get(branch_id)
            self._full[key] = None if not people else [
                s for s in people if s.branch_on(day) == branch_id and s.full_on(day)]
        return self._full[key]


def working_days(start: date, end: date, calendar: WorkCalendar = DEFAULT_CALENDAR) -> int:
    """Working days from start to end inclusive, by China's official calendar (see domain/workdays)."""
    return calendar.count(start, end).days


def day_text(day: date | None) -> str:
    return day.isoformat() if day else "未记录"


@dataclass
class Context:
    """What a case's rules are judged with: the case, the roster, the day, the rule book and the calendar."""

    case: DevelopmentCase
    roster: RosterIndex
    as_of: date
    book: RuleBook
    out: list[tuple[int, Finding]] = field(default_factory=list)
    due: dict[int, date] = field(default_factory=dict)  # step -> the day it falls due (timeline)
    missing: set[int] = field(default_factory=set)  # skipped steps: later ones are recorded
    earliest: set[int] = field(default_factory=set)  # steps whose `due` is the earliest allowed day (TK-12)
    last_recorded: int = 0
    dates: dict[int, date] = field(default_factory=dict)  # step -> its recorded date (hot path)
    calendar: WorkCalendar = DEFAULT_CALENDAR

    @property
    def open(self) -> bool:
        """Still moving along: pending limits and upcoming items only make sense then."""
        return not self.case.closed

    def add(self, severity: Severity, step: int, ruleset: RuleSet | None, rule: Rule | None, text: str,
            due: date | None = None, cite_as: str | None = None, as_rule: str | None = None,
            about: date | None = None) -> None:
        """One finding about `step`, citing the rule's article in the text it is judged by (the text
        in force on the step's date when the finding is about the record itself). `due` only for a
        thing still to do (the list's 下一期限, the timeline's 逾期); `about`: the day a finding on a
        closed period is about (its year), when the step itself has no date."""
        key = ruleset.key if ruleset else self.book.in_force(self.dates.get(step) or self.as_of).key
        citation = citation_for(cite_as or (rule.id if rule else ""), step, key, rule.article if rule else "")
        label = _LABELS[step]
        message = f"{self.case.name}：{label}，{text}（{citation.source}）"
        self.out.append((step, Finding(
            severity=severity, message=message, rule=as_rule or (rule.id if rule else "DEV-RECORD"),
            source=citation.source,
            branch=self.case.branch, person=self.case.name, step=label, area=AREA,
            period=str((self.dates.get(step) or about or due or self.as_of).year),
            due=due.isoformat() if due else None,
            quote=citation.quote,
        )))

    def add_missing(self, steps: list[int]) -> None:
        """Steps skipped over while later ones are recorded: one warning naming each step with the
        article it rests on (in the text in force on the next recorded step's date)."""
        later = min((n for n in self.dates if n > steps[0]), default=steps[0])
        key = self.book.in_force(self.dates.get(later) or self.as_of).key
        cited = [(n, citation_for("", n, key)) for n in steps]
        names = "、".join(f"{_LABELS[n]}（{c.article}）" if c.article else _LABELS[n] for n, c in cited)
        first = cited[0][1]
        label = _LABELS[steps[0]]
        self.out.append((steps[0], Finding(
            severity=Severity.WARNING,
            message=f"{self.case.name}：其后的步骤已记录，但以下 {len(steps)} 个步骤未记录：{names}"
                    f"（{TEXTS[first.text].short if first.text in TEXTS else first.text}）",
            rule="DEV-RECORD", source=first.source, branch=self.case.branch, person=self.case.name, step=label,
            area=AREA, period=str((self.dates.get(later) or self.as_of).year), quote=first.quote)))

    def pending(self, step: int, limit: date, ruleset: RuleSet, rule: Rule, what: str,
                special: date | None = None) -> None:
        """The judged step is not recorded: due soon → warning; overdue → warning (未记录); past
        `special` (the longest the text allows) → error."""
        self.due[step] = limit
        self.earliest.discard(step)  # a deadline after all
        if not self.open or self.last_recorded > step:
            return
        if limit < ruleset.effective_from:
            # a deadline that passed before the text judging the step took effect (an open 考察 series
            # is judged by today's text) was owed under the text in force then, and cites it (domain.md:
            # a step dated before a revision is judged by the text in force then; T9-20)
            earlier, version = self.book.rule(rule.id, limit)
            if version is not None:
                ruleset, rule = earlier, version
        if special is not None and self.as_of > special:
            self.add(Severity.ERROR, step, ruleset, rule,
                     f"未记录：{what}，期限 {day_text(limit)}，最长不得超过 {day_text(special)}，"
                     f"已超过 {(self.as_of - special).days} 天", due=limit)
        elif self.as_of > limit:
            self.add(Severity.WARNING, step, ruleset, rule,
                     f"未记录：{what}，期限 {day_text(limit)} 已过 {(self.as_of - limit).days} 天", due=limit)
        elif (limit - self.as_of).days <= UPCOMING_DAYS:
            self.add(Severity.WARNING, step, ruleset, rule, f"即将到期：{what}，期限 {day_text(limit)}", due=limit)


# The rule whose citation covers a step when a finding is about the record itself (未记录, 材料, 顺序).
STEP_RULE: dict[int, str] = {
    1: "DEV-STEP-1", 2: "DEV-TALK-1M", 3: "DEV-STEP-3", 4: "DEV-STEP-3", 5: "DEV-CONTACTS", 6: "DEV-REVIEW-6M",
    7: "DEV-ACTIVIST-1Y", 8: "DEV-ACTIVIST-1Y", 9: "DEV-INTRODUCERS", 10: "DEV-POLITICAL-REVIEW", 11: "DEV-TRAINING",
    12: "DEV-PRETRIAL", 13: "DEV-PRETRIAL", 14: "DEV-PRETRIAL", 15: "VOTE-PASS", 16: "DEV-UPPER-TALKER",
    17: "DEV-APPROVAL-3M", 18: "DEV-APPROVAL-3M", 19: "DEV-GROUP", 20: "DEV-OATH", 21: "DEV-GROUP",
    22: "DEV-FULL-STEPS", 23: "DEV-FULL-VOTE", 24: "DEV-FULL-APPROVAL-3M", 25: "DEV-ARCHIVE",
}
# rule ids of the checker that cite another row of the table
_CITE_AS = {"VOTE-QUORUM-PASS-15": "VOTE-PASS", "VOTE-QUORUM-PASS-23": "DEV-FULL-VOTE"}


def citation_for(rule_id: str, step: int, text: str, article: str = "") -> Citation:
    """The citation row of a development finding in the text it is judged by. A text the table does
    not hold yet (a revision added as data) is cited by its key and the rule's own article, marked
    unconfirmed."""
    rule_id = _CITE_AS.get(rule_id, rule_id)
    if rule_id.startswith("DEV-ORDER-") or not rule_id:
        rule_id = STEP_RULE[step]
    for candidate in (rule_id, STEP_RULE[step]):
        try:
            return cite(candidate, text)
        except KeyError:
            continue
    return Citation(rule_id, text, article or STEP_BY_NUMBER[step].article, "", False, "引文表中尚无此文本")
