"""民主评议党员 results in the rule check (MTG-YEARLY-REVIEW, 支部条例 第十八条), not only as a warning
when the record is saved: every 正式党员 of the branch on the day is given a grade; 优秀 generally no
more than a third of those graded (a warning; domain.md §2 cites it with the rule, 支部条例 第十八条);
预备党员 take part but are not graded."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from branchdesk.domain.citations import cite
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.meetings.records import MeetingKind, ReviewGrade
from branchdesk.domain.vocabulary import MemberCategory

AREA = "三会一课"
RULE = "MTG-YEARLY-REVIEW"
CITATION = cite(RULE, "支部条例")


@dataclass(frozen=True)
class ReviewSitting:
    id: int
    date: date
    year: int  # the year it reviews (所属年度)
    results: tuple[tuple[int | None, str, str, str], ...]  # (member id, name, grade, category)
    full_members: tuple[tuple[int, str], ...]  # the branch's 正式党员 on the day (id, name)


def _names(names: list[str], limit: int = 8) -> str:
    return "、".join(names[:limit]) + (f"等 {len(names)} 人" if len(names) > limit else "")


def review_findings(branch: str, sittings: Iterable[ReviewSitting], year: int) -> list[Finding]:
    findings: list[Finding] = []
    for sitting in sittings:
        if sitting.year != year:
            continue

        def add(severity: Severity, text: str, s: ReviewSitting = sitting) -> None:
            findings.append(Finding(
                severity, f"{s.date:%Y-%m-%d}的民主评议党员（{s.year}年度）{_cited(text, CITATION.source)}", rule=RULE,
                source=CITATION.source,
                branch=branch, meeting_type=MeetingKind.REVIEW.value, period=str(s.year), area=AREA,
                due=s.date.isoformat(), quote=CITATION.quote))

        if not sitting.results:
            add(Severity.WARNING, "未记录评议结果（每名正式党员的评定等次），请补记。")
            continue
        graded = {mid for mid, _, grade, _ in sitting.results if grade and mid is not None}
        graded_names = {name for _, name, grade, _ in sitting.results if grade}
        missing = [name for mid, name in sitting.full_members if mid not in graded and name not in graded_names]
        if missing:
            add(Severity.WARNING, f"有 {len(missing)} 名正式党员没有评定等次：{_names(missing)}，请补记或写明原因。")
        wrongly = [name for _, name, grade, category in sitting.results
                   if grade and category == MemberCategory.PROBATIONARY.value]
        if wrongly:
            add(Severity.ERROR, f"预备党员参加评议但不评定等次，却为 {_names(wrongly)} 评定了等次。")
        grades = [grade for _, _, grade, category in sitting.results
                  if grade and category != MemberCategory.PROBATIONARY.value]
        too_many = excellent_over_third(sum(g == ReviewGrade.EXCELLENT.value for g in grades), len(grades))
        if too_many:
            add(Severity.WARNING, too_many)
    return findings


def excellent_over_third(excellent: int, graded: int) -> str:
    """优秀 generally no more than a third of those graded (MTG-YEARLY-REVIEW: domain.md §2 gives it to
    支部条例 第十八条 with the rest of the rule): the one sentence the save warning and the rule check
    both say (T10-12: they cited it two ways); "" within the limit."""
    if not graded or excellent * 3 <= graded:
        return ""
    return (f"评为优秀的 {excellent} 人超过评定等次的 {graded} 人的三分之一"
            f"（优秀一般不超过评定等次人数的三分之一，{CITATION.source}），请核对。")


def _cited(text: str, source: str) -> str:
    """The article beside the sentence (a reviewer reads the basis in the finding itself)."""
    if "本校做法" in text or source in text:
        return text
    return f"{text.removesuffix('。')}（{source}）。"
