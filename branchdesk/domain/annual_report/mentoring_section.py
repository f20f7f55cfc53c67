"""The 结对帮扶 section of the year-end report: a line per branch, the 合计 and every pair of the year
(built by services/annual_report/mentoring.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


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
