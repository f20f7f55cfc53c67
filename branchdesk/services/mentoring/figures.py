"""The year's 结对帮扶 figures per branch for the year-end report (domain.md §7: "reports count pairs,
activities and results"): pairs that ran in the year by kind, activities and hours logged in it,
outcomes dated in it and evaluations given for it. A last row sums the school."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.engine import Database
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.mentoring.records import departure, ended_by_departure, ran_in_year
from branchdesk.domain.text import same_name
from branchdesk.services.mentoring.lists import read_lists
from branchdesk.services.mentoring.store import left_unit_from

TOTAL = "合计"


@dataclass
class BranchYearFigures:
    """One branch's 结对帮扶 figures for a year."""

    branch: str
    year: int
    pairs_by_kind: dict[str, int] = field(default_factory=dict)
    pairs: int = 0
    new_pairs: int = 0  # started in the year
    activities: int = 0
    hours: float = 0.0
    outcomes: int = 0
    outcomes_by_kind: dict[str, int] = field(default_factory=dict)
    evaluated: int = 0
    excellent: int = 0  # 等次 优秀

    def add(self, other: BranchYearFigures) -> None:
        for kind, count in other.pairs_by_kind.items():
            self.pairs_by_kind[kind] = self.pairs_by_kind.get(kind, 0) + count
        for kind, count in other.outcomes_by_kind.items():
            self.outcomes_by_kind[kind] = self.outcomes_by_kind.get(kind, 0) + count
        self.pairs += other.pairs
        self.new_pairs += other.new_pairs
        self.activities += other.activities
        self.hours = round(self.hours + other.hours, 1)
        self.outcomes += other.outcomes
        self.evaluated += other.evaluated
        self.excellent += other.excellent


@dataclass(frozen=True)
class YearFigures:
    """The 结对帮扶 figures of a year: a row per branch with pairs, then the 合计 row."""

    year: int
    kinds: list[str]  # the columns of pairs_by_kind, in list order (kinds no longer listed at the end)
    rows: list[BranchYearFigures]  # one per branch with pairs, then the 合计 row


def _end(pair: Any) -> date | None:
    """The day the pair ended: its own end, or the day a member of it left the roster or the school."""
    return ended_by_departure(pair.status, pair.closed_on, "", [
        departure("导师", "", pair.mentor_status, pair.mentor_left, pair.mentor_left_unit),
        departure("结对对象", "", pair.mentee_status, pair.mentee_left, pair.mentee_left_unit)])[1]


def year_figures(db: Database, year: int, *, branch: str | None = None) -> YearFigures:
    with db.session() as session:
        return load_year_figures(session, year, branch=branch)


def load_year_figures(session: Session, year: int, *, branch: str | None = None) -> YearFigures:
    """The year's figures per branch (and the 合计 row), read on the caller's Session."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    kinds = read_lists(session).pair_kinds
    # plain columns, read on the tables (db/table_reads.py, issue 18)
    orgs, paired, activity = tables.organisations.c, tables.mentoring_pairs.c, tables.mentoring_activities.c
    outcome, evaluation = tables.mentoring_outcomes.c, tables.mentoring_evaluations.c
    branches = {o.id: (o.sort_order, o.id, o.name) for o in read_rows(session, select(orgs.id, orgs.sort_order,
                                                                                       orgs.name))}
    mentor, mentee = tables.members.alias(), tables.members.alias()
    read = read_rows(session, select(
        paired.id, paired.branch_id, paired.kind, paired.start_date, paired.closed_on, paired.status,
        mentor.c.status.label("mentor_status"), mentor.c.left_date.label("mentor_left"),
        left_unit_from(paired.mentor_id, paired.start_date).label("mentor_left_unit"),
        mentee.c.status.label("mentee_status"), mentee.c.left_date.label("mentee_left"),
        left_unit_from(paired.mentee_member_id, paired.start_date).label("mentee_left_unit"),
    ).join(mentor, mentor.c.id == paired.mentor_id).outerjoin(mentee, mentee.c.id == paired.mentee_member_id)
        .where(paired.deleted_at.is_(None)))
    # a pair ends on the day its mentor (or member mentee) left the roster or the school (domain.md §7,
    # TY-12, TK-7)
    pairs = [p for p in read if ran_in_year(p.start_date, _end(p), year)]
    ids = {p.id for p in pairs}
    activities = read_rows(session, select(activity.pair_id, activity.hours).where(
        activity.deleted_at.is_(None), activity.activity_date.between(first, last)))
    outcomes = read_rows(session, select(outcome.pair_id, outcome.kind).where(
        outcome.deleted_at.is_(None), outcome.outcome_date.between(first, last)))
    evaluations = read_rows(session, select(evaluation.pair_id, evaluation.grade).where(
        evaluation.deleted_at.is_(None), evaluation.year == year))
    by_pair = {p.id: p for p in pairs}
    figures: dict[int, BranchYearFigures] = {}

    def row_for(pair_id: int) -> BranchYearFigures:
        branch_id = by_pair[pair_id].branch_id
        if branch_id not in figures:
            figures[branch_id] = BranchYearFigures(branches[branch_id][2], year)
        return figures[branch_id]

    for pair in pairs:
        row = row_for(pair.id)
        row.pairs += 1
        row.pairs_by_kind[pair.kind] = row.pairs_by_kind.get(pair.kind, 0) + 1
        row.new_pairs += int(first <= pair.start_date <= last)
    for pair_id, hours in activities:
        if pair_id in ids:
            row = row_for(pair_id)
            row.activities += 1
            row.hours = round(row.hours + float(hours or 0.0), 1)
    for pair_id, kind in outcomes:
        if pair_id in ids:
            row = row_for(pair_id)
            row.outcomes += 1
            row.outcomes_by_kind[kind] = row.outcomes_by_kind.get(kind, 0) + 1
    for pair_id, grade in evaluations:
        if pair_id in ids:
            row = row_for(pair_id)
            row.evaluated += 1
            row.excellent += int(grade == "优秀")
    rows = [figures[b] for b in sorted(figures, key=lambda b: branches[b])]
    if branch:
        rows = [r for r in rows if same_name(r.branch, branch)]
    total = BranchYearFigures(TOTAL, year)
    for row in rows:
        total.add(row)
    used = {k for r in rows for k in r.pairs_by_kind}
    columns = [k for k in kinds] + sorted(used - set(kinds))
    return YearFigures(year, columns, [*rows, total])
