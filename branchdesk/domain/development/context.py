"""What the 发展党员 checker works with: the roster standing of the people a step names, working
days, and the per-record context that collects findings (used by development_rules' evaluators)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from branchdesk.domain.dates import add_years
from branchdesk.domain.development.records import DevelopmentCase, PersonRef
from branchdesk.domain.development.rules import Rule, RuleBook, RuleSet
from branchdesk.domain.development.steps import STEP_BY_NUMBER, STEPS
from branchdesk.domain.findings import Finding, Severity

UPCOMING_DAYS = 30
AREA = "发展党员"
_LABELS = {s.number: s.label for s in STEPS}


@dataclass(frozen=True)
class Standing:
    """A roster member as the people rules need them: were they a 正式党员 on a given day?"""

    member_id: int
    name: str
    category: str
    join_date: date | None
    full_date: date | None
    left_date: date | None

    def full_on(self, day: date) -> bool:
        if self.left_date is not None and self.left_date <= day:
            return False
        if self.full_date is not None:
            return self.full_date <= day
        # an old roster row without 转正日期: a 正式党员 one year after joining
        return self.category == "正式党员" and self.join_date is not None and add_years(self.join_date, 1) <= day


class RosterIndex:
    def __init__(self, standings: Iterable[Standing] = ()) -> None:
        self.by_id: dict[int, Standing] = {}
        self.by_name: dict[str, list[Standing]] = {}
        for standing in standings:
            self.by_id[standing.member_id] = standing
            self.by_name.setdefault(standing.name, []).append(standing)

    def find(self, person: PersonRef) -> list[Standing]:
        if person.member_id is not None and person.member_id in self.by_id:
            return [self.by_id[person.member_id]]
        return self.by_name.get(person.name, [])


def working_days(start: date, end: date) -> int:
    """Monday–Friday days from start to end inclusive. Statutory holidays are not known to the
    program; a 公示 over a holiday should be checked by eye (the message gives both dates)."""
    if end < start:
        return 0
    total = (end - start).days + 1
    weeks, rest = divmod(total, 7)
    count = weeks * 5
    weekday = start.weekday()
    for offset in range(rest):
        if (weekday + offset) % 7 < 5:
            count += 1
    return count


def day_text(day: date | None) -> str:
    return day.isoformat() if day else "未记录"


@dataclass
class Context:
    case: DevelopmentCase
    roster: RosterIndex
    as_of: date
    book: RuleBook
    out: list[tuple[int, Finding]] = field(default_factory=list)
    due: dict[int, date] = field(default_factory=dict)  # step -> the day it falls due (timeline)
    missing: set[int] = field(default_factory=set)  # skipped steps: later ones are recorded
    last_recorded: int = 0
    dates: dict[int, date] = field(default_factory=dict)  # step -> its recorded date (hot path)

    @property
    def open(self) -> bool:
        """Still moving along: pending limits and upcoming items only make sense then."""
        return not self.case.closed

    def add(self, severity: Severity, step: int, ruleset: RuleSet | None, rule: Rule | None, text: str,
            due: date | None = None) -> None:
        article = rule.article if rule else STEP_BY_NUMBER[step].article
        source = f"{ruleset.key} {article}" if ruleset else f"细则 {article}"
        label = _LABELS[step]
        message = f"{self.case.name}：{label}，{text}（{source}）"
        self.out.append((step, Finding(
            severity=severity, message=message, rule=rule.id if rule else "DEV-RECORD", source=source,
            branch=self.case.branch, person=self.case.name, step=label, area=AREA,
            period=str((self.dates.get(step) or due or self.as_of).year), due=due.isoformat() if due else None,
        )))

    def pending(self, step: int, limit: date, ruleset: RuleSet, rule: Rule, what: str) -> None:
        """The judged step is not recorded: overdue → warning (未记录), due soon → warning."""
        self.due[step] = limit
        if not self.open or self.last_recorded > step:
            return
        if self.as_of > limit:
            self.add(Severity.WARNING, step, ruleset, rule,
                     f"未记录：{what}，期限 {day_text(limit)} 已过 {(self.as_of - limit).days} 天", due=limit)
        elif (limit - self.as_of).days <= UPCOMING_DAYS:
            self.add(Severity.WARNING, step, ruleset, rule, f"即将到期：{what}，期限 {day_text(limit)}", due=limit)


