"""The 发展党员 checker: one person's record against the rule texts in force (domain.md §4).

Severities follow the issue: `error` when recorded dates or people break a rule; `warning` when
something falls due within `UPCOMING_DAYS` of the as-of day, is overdue without a record, or when
the data a rule needs was never recorded ("未记录"). Each finding names the person, the step, the
rule id with its text and article, and the dates involved. The evaluators are in
development_evaluators; what they share is in development_context.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from branchdesk.domain.development.context import (
    AREA,
    UPCOMING_DAYS,
    Context,
    RosterIndex,
    Standing,
    working_days,
)
from branchdesk.domain.development.evaluators import EVALUATORS, SERIES_END, records
from branchdesk.domain.development.records import DevelopmentCase
from branchdesk.domain.development.rules import DEFAULT_RULEBOOK, RuleBook
from branchdesk.domain.findings import Finding
from branchdesk.domain.workdays import DEFAULT_CALENDAR, WorkCalendar

__all__ = ["AREA", "UPCOMING_DAYS", "Evaluation", "RosterIndex", "Standing", "check_case", "evaluate",
           "working_days"]


@dataclass(frozen=True)
class Evaluation:
    """One rule's outcome for a case: the findings it tagged, what falls due and what is missing."""

    tagged: list[tuple[int, Finding]]  # findings with the number of the step they are about
    due: dict[int, date]  # the day each step with a limit falls due (or may first happen)
    missing: set[int]  # steps skipped over: later steps are recorded
    earliest: frozenset[int] = frozenset()  # of `due`, the steps whose day is the earliest allowed (at least a period)


def evaluate(case: DevelopmentCase, roster: RosterIndex, as_of: date,
             book: RuleBook = DEFAULT_RULEBOOK, calendar: WorkCalendar = DEFAULT_CALENDAR) -> Evaluation:
    """Every finding of one record, tagged with its step, plus what the timeline needs."""
    ctx = Context(case, roster, as_of, book, calendar=calendar)
    dates = ctx.dates = {n: r.on for n, r in case.steps.items() if r.on is not None}
    reviewed = [r.step for r in case.reviews if r.on is not None]
    ctx.last_recorded = max(max(dates, default=0), max(reviewed, default=0))
    default = book.index_on(as_of)
    indexes = {n: book.index_on(day) for n, day in dates.items()}
    rulesets = book.rulesets
    for judged, needed, selecting, versions in book.table:
        if needed not in dates:
            continue
        # a series of 考察 is judged by the text in force when the series ends (发展对象 / 转正);
        # a time limit by the text in force when it started to run (rules.selecting_step)
        index = indexes.get(SERIES_END.get(judged, selecting), default)
        rule = versions[index]
        if rule is not None:
            EVALUATORS[type(rule)](ctx, rulesets[index], rule)
    records(ctx)
    return Evaluation(ctx.out, ctx.due, ctx.missing, frozenset(ctx.earliest))


def check_case(case: DevelopmentCase, roster: RosterIndex, as_of: date,
               book: RuleBook = DEFAULT_RULEBOOK, calendar: WorkCalendar = DEFAULT_CALENDAR) -> list[Finding]:
    return [finding for _, finding in evaluate(case, roster, as_of, book, calendar).tagged]


