"""谈心谈话 coverage (MTG-YEARLY-TALKS, 支部条例 第十九条: 党支部委员之间、党支部委员和党员之间、党员和党员
之间，每年谈心谈话一般不少于1次), read as *coverage*, not every pair (domain.md §2, corrected): the
secretary talks with every committee member and every member; committee members talk with each
other; every member takes part in at least one talk. A talk record lists who took part; every two
of them count as having talked. The check names the people not yet covered.

For a branch of 25 members that is at most 24 talks with the secretary, the committee's few pairs
and one talk for each member, not the 300 pairs of every-pair reading (1,225 for 50).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

from branchdesk.domain.citations import cite
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.meetings.periods import Granularity, Period
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.meetings.rules import AREA, NEARLY_OVER_DAYS

RULE = "MTG-YEARLY-TALKS"
CITATION = cite(RULE, "支部条例")
SOURCE = CITATION.source
SECRETARY_COMMITTEE = "书记与委员"
SECRETARY_MEMBERS = "书记与党员"
COMMITTEE_PAIRS = "委员之间"
NOT_TALKED = "未参加谈话"
CATEGORIES = (SECRETARY_COMMITTEE, SECRETARY_MEMBERS, COMMITTEE_PAIRS, NOT_TALKED)
ANYONE_ID = 0  # the other side of a NOT_TALKED entry: "anyone"


@dataclass(frozen=True)
class Person:
    """A member as 谈心谈话 coverage counts them: on the committee, or its 书记."""

    id: int
    name: str
    committee: bool
    secretary: bool = False


ANYONE = Person(ANYONE_ID, "（任何人）", False)


@dataclass
class TalkCoverage:
    """A branch's 谈心谈话 coverage: the pairs required, those that talked and those still missing."""

    people: list[Person]
    covered: set[tuple[int, int]] = field(default_factory=set)  # (smaller id, larger id)
    talked: set[int] = field(default_factory=set)  # everyone who took part in a talk
    missing: dict[str, list[tuple[Person, Person]]] = field(default_factory=dict)
    required: dict[str, int] = field(default_factory=dict)
    # talks recorded without who took part (a ledger row "书记与胡婷婷谈心谈话" with counts only): the
    # pairs they covered cannot be known, so what is missing is not known either
    unnamed: int = 0

    @property
    def known(self) -> bool:
        """Whether the coverage can be judged: every talk of the year says who took part."""
        return not self.unnamed

    def has_talked(self, a: int, b: int) -> bool:
        return (min(a, b), max(a, b)) in self.covered

    @property
    def nothing_logged(self) -> bool:
        """No 谈心谈话 of the year is recorded at all (named or not): coverage is 未登记, not 0
        (MTG-YEARLY-TALKS; as 帮扶活动 say 未逐次登记 — it does not mean none took place, TR-4)."""
        return not self.talked and not self.unnamed

    @property
    def missing_count(self) -> int:
        return sum(len(v) for v in self.missing.values())

    @property
    def has_secretary(self) -> bool:
        return any(p.secretary for p in self.people)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def talk_coverage(people: list[Person], talks: Iterable[Iterable[int]], unnamed: int = 0) -> TalkCoverage:
    """What the year's talks covered, and who is still missing in each category; `unnamed`: the
    talks recorded without their participants."""
    ids = {p.id for p in people}
    coverage = TalkCoverage(people=sorted(people, key=lambda p: (not p.secretary, not p.committee, p.name)),
                            unnamed=unnamed)
    for participants in talks:
        present = sorted(set(participants) & ids)
        if len(present) >= 2:
            coverage.covered.update(combinations(present, 2))
            coverage.talked.update(present)
    coverage.missing = {c: [] for c in CATEGORIES}
    coverage.required = dict.fromkeys(CATEGORIES, 0)
    secretaries = [p for p in coverage.people if p.secretary]
    for person in coverage.people:
        if person.secretary:
            continue
        kind = SECRETARY_COMMITTEE if person.committee else SECRETARY_MEMBERS
        if secretaries:
            coverage.required[kind] += 1
            if not any(_pair(s.id, person.id) in coverage.covered for s in secretaries):
                coverage.missing[kind].append((secretaries[0], person))
    committee = [p for p in coverage.people if p.committee and not p.secretary]
    for a, b in combinations(committee, 2):
        coverage.required[COMMITTEE_PAIRS] += 1
        if _pair(a.id, b.id) not in coverage.covered:
            coverage.missing[COMMITTEE_PAIRS].append((a, b))
    for person in coverage.people:
        coverage.required[NOT_TALKED] += 1
        if person.id not in coverage.talked:
            coverage.missing[NOT_TALKED].append((person, ANYONE))
    return coverage


def _names(people: list[str], limit: int = 8) -> str:
    shown = "、".join(people[:limit])
    return shown + (f"等 {len(people)} 人" if len(people) > limit else "")


def coverage_text(coverage: TalkCoverage) -> str:
    """Who is not yet covered, in plain words."""
    parts: list[str] = []
    alone = [a.name for a, _ in coverage.missing[NOT_TALKED]]
    if coverage.unnamed and coverage.missing_count:  # who took part is not recorded: not "未登记", not names
        parts.append(f"登记了 {coverage.unnamed} 次谈心谈话，但没有写明谈话双方，是否全覆盖无法核对；"
                     "请在“三会一课”中打开这些记录，在出席名单中填写参加谈话的党员")
        return "；".join(parts)
    if coverage.people and not coverage.talked:  # nothing recorded: one sentence, not every name
        parts.append(f"未登记任何谈心谈话（在册党员 {len(coverage.people)} 人）")
        if not coverage.has_secretary and len(coverage.people) >= 2:
            parts.append("名册中没有任期内的书记，无法核对书记与党员的谈话")
        return "；".join(parts)
    if alone:
        parts.append(f"尚未参加任何谈心谈话：{_names(alone)}")
    silent = set(alone)
    with_secretary = [b.name for _, b in coverage.missing[SECRETARY_COMMITTEE] + coverage.missing[SECRETARY_MEMBERS]
                      if b.name not in silent]
    if with_secretary:
        parts.append(f"书记尚未与 {_names(with_secretary)} 谈话")
    pairs = [f"{a.name}—{b.name}" for a, b in coverage.missing[COMMITTEE_PAIRS]
             if a.name not in silent and b.name not in silent]
    if pairs:
        parts.append(f"支部委员之间尚未谈话：{_names(pairs, 6)}")
    if not coverage.has_secretary and len(coverage.people) >= 2:
        parts.append("名册中没有任期内的书记，无法核对书记与党员的谈话")
    return "；".join(parts)


def talk_findings(branch: str, coverage: TalkCoverage, year: int, as_of: date) -> list[Finding]:
    """One finding per branch and year naming who is not yet covered: error after the year, warning
    in its last month, info before."""
    if len(coverage.people) < 2 or date(year, 1, 1) > as_of:
        return []
    text = coverage_text(coverage)
    if not text:
        return []
    period = Period(year, Granularity.YEAR)
    lead = f"{year}年" if not coverage.known or text.startswith("未登记任何谈心谈话") else f"{year}年谈心谈话尚未全覆盖："
    text = f"{lead}{text}（{SOURCE}：书记与每名委员、党员，委员之间，每名党员每年至少谈 1 次）"
    if not coverage.known:  # nothing is known to be missing: a reminder to complete the records
        severity = Severity.WARNING if period.end < as_of or period.days_left(as_of) <= NEARLY_OVER_DAYS[
            Granularity.YEAR] else Severity.INFO
    elif period.end < as_of:
        severity = Severity.ERROR
    elif period.days_left(as_of) <= NEARLY_OVER_DAYS[Granularity.YEAR]:
        severity, text = Severity.WARNING, f"{text}，本年度还剩 {period.days_left(as_of)} 天"
    else:
        severity = Severity.INFO
    return [Finding(severity, text + "。", rule=RULE, source=SOURCE, branch=branch,
                    meeting_type=MeetingKind.TALK.value, period=period.label, area=AREA,
                    due=period.end.isoformat(), quote=CITATION.quote)]
