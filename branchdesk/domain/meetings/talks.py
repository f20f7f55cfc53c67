"""谈心谈话 coverage (MTG-YEARLY-TALKS, 支部条例 第十九条): every pair of committee members, every
committee member with every member, and members with each other, at least once a year. A talk record
lists who took part; every pair among them counts as having talked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.meetings.periods import Granularity, Period
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.meetings.rules import AREA, NEARLY_OVER_DAYS

RULE = "MTG-YEARLY-TALKS"
SOURCE = "支部条例 第十九条"
CATEGORIES = ("委员与委员", "委员与党员", "党员与党员")


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    committee: bool


@dataclass
class TalkCoverage:
    people: list[Person]
    covered: set[tuple[int, int]] = field(default_factory=set)  # (smaller id, larger id)
    missing: dict[str, list[tuple[Person, Person]]] = field(default_factory=dict)
    required: dict[str, int] = field(default_factory=dict)

    def talked(self, a: int, b: int) -> bool:
        return (min(a, b), max(a, b)) in self.covered

    @property
    def missing_count(self) -> int:
        return sum(len(v) for v in self.missing.values())


def category(a: Person, b: Person) -> str:
    if a.committee and b.committee:
        return CATEGORIES[0]
    if a.committee or b.committee:
        return CATEGORIES[1]
    return CATEGORIES[2]


def talk_coverage(people: list[Person], talks: Iterable[Iterable[int]]) -> TalkCoverage:
    """Which required pairs talked (from each talk's participants) and which are still missing."""
    ids = {p.id for p in people}
    coverage = TalkCoverage(people=sorted(people, key=lambda p: (not p.committee, p.name)))
    for participants in talks:
        present = sorted(set(participants) & ids)
        coverage.covered.update(combinations(present, 2))
    coverage.missing = {c: [] for c in CATEGORIES}
    coverage.required = dict.fromkeys(CATEGORIES, 0)
    covered = coverage.covered
    for a, b in combinations(coverage.people, 2):
        kind = CATEGORIES[2 - a.committee - b.committee]  # same as category(a, b), without a call per pair
        coverage.required[kind] += 1
        if ((a.id, b.id) if a.id < b.id else (b.id, a.id)) not in covered:
            coverage.missing[kind].append((a, b))
    return coverage


def talk_findings(branch: str, coverage: TalkCoverage, year: int, as_of: date) -> list[Finding]:
    """One finding per branch and year: error after the year, warning in its last month, info before."""
    if len(coverage.people) < 2 or coverage.missing_count == 0 or date(year, 1, 1) > as_of:
        return []
    period = Period(year, Granularity.YEAR)
    parts = [f"{c}尚缺 {len(coverage.missing[c])}/{coverage.required[c]} 对" for c in CATEGORIES if coverage.missing[c]]
    text = f"{year}年谈心谈话未全覆盖：{'，'.join(parts)}（{RULE}，{SOURCE}：每年至少谈 1 次）"
    if period.end < as_of:
        severity = Severity.ERROR
    elif period.days_left(as_of) <= NEARLY_OVER_DAYS[Granularity.YEAR]:
        severity, text = Severity.WARNING, f"{text}，本年度还剩 {period.days_left(as_of)} 天"
    else:
        severity = Severity.INFO
    return [Finding(severity, text + "。", rule=RULE, source=SOURCE, branch=branch,
                    meeting_type=MeetingKind.TALK.value, period=period.label, area=AREA,
                    due=period.end.isoformat())]
