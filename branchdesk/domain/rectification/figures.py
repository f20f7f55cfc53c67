"""Figures of a rectification ledger and the monthly review (domain.md §6, RECT-RATIOS,
RECT-MONTHLY-REVIEW). Pure functions over measure records, so the window, the Excel export, the PDF
page and the home-page checks all count the same way.

Definitions, stated once:
- done = 已完成 or 已销号. 完成率 = done / all; 销号率 = 已销号 / all (0 for an empty ledger).
- overdue on day D = not done and the deadline is before D (on the deadline day itself it is not yet
  overdue). A measure without a date deadline (长期坚持) is never overdue.
- closed late = done, and completed (or, lacking a completion date, closed off) after its deadline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, TypeVar

from branchdesk.domain.dates import add_months
from branchdesk.domain.rectification.status import STATUS_ORDER, MeasureStatus, is_done, month_end


class MeasureLike(Protocol):
    status: str
    deadline: date | None
    completion_date: date | None
    closed_date: date | None



M = TypeVar("M", bound=MeasureLike)

@dataclass(frozen=True)
class Figures:
    """Counts of a set of measures: in all, by status, overdue and closed late."""

    total: int
    by_status: dict[str, int]
    overdue: int
    closed_late: int

    @property
    def done(self) -> int:
        return self.by_status.get(MeasureStatus.DONE, 0) + self.by_status.get(MeasureStatus.CLOSED, 0)

    @property
    def closed(self) -> int:
        return self.by_status.get(MeasureStatus.CLOSED, 0)

    @property
    def completion_rate(self) -> float:
        """完成率 = (已完成 + 已销号) / all (RECT-RATIOS)."""
        return self.done / self.total if self.total else 0.0

    @property
    def closing_rate(self) -> float:
        """销号率 = 已销号 / all (RECT-RATIOS)."""
        return self.closed / self.total if self.total else 0.0


def percent(rate: float) -> str:
    """A ratio as the ledgers print it: 87.5%, 100%."""
    text = f"{rate * 100:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def is_overdue(measure: MeasureLike, on: date) -> bool:
    """Past the deadline and not done, as of `on` (RECT-MONTHLY-REVIEW)."""
    return measure.deadline is not None and measure.deadline < on and not is_done(status_on(measure, on))


def finished_on(measure: MeasureLike) -> date | None:
    return measure.completion_date or measure.closed_date


def is_closed_late(measure: MeasureLike) -> bool:
    finished = finished_on(measure)
    return is_done(measure.status) and measure.deadline is not None and finished is not None and finished > measure.deadline


def status_on(measure: MeasureLike, day: date) -> str:
    """The measure's status at the end of `day`, from the dates it carries (issue 13: a 2025 report
    made in 2026 must not count a 销号 of 2026): 已销号 from its 销号日期, 已完成 from its 完成日期 (or
    销号日期 when it has no 完成日期); before that, the status it has now unless that is done, which
    then was 整改中. A done measure without any date is taken as done (its day is unknown)."""
    status = measure.status
    if not is_done(status):
        return status
    if status == MeasureStatus.CLOSED and (measure.closed_date is None or measure.closed_date <= day):
        return MeasureStatus.CLOSED.value
    finished = finished_on(measure)
    if finished is None or finished <= day:
        return MeasureStatus.DONE.value
    return MeasureStatus.IN_PROGRESS.value


def compute_figures(measures: Iterable[MeasureLike], on: date) -> Figures:
    """Counts as of the end of `on` (RECT-RATIOS): statuses from the measures' dates (status_on)."""
    by_status = {status.value: 0 for status in STATUS_ORDER}
    total = overdue = late = 0
    for measure in measures:
        total += 1
        status = status_on(measure, on)
        by_status[status] = by_status.get(status, 0) + 1
        if measure.deadline is not None:
            if is_done(status):
                finished = measure.completion_date or measure.closed_date
                if finished is not None and finished > measure.deadline:
                    late += 1
            elif measure.deadline < on:
                overdue += 1
    return Figures(total, by_status, overdue, late)


def figures_by(measures: Iterable[M], key: Callable[[M], str], on: date) -> dict[str, Figures]:
    """Figures per group (category, responsible person …), groups in order of first appearance."""
    groups: dict[str, list[MeasureLike]] = {}
    for measure in measures:
        groups.setdefault(key(measure) or "（未填写）", []).append(measure)
    return {name: compute_figures(items, on) for name, items in groups.items()}


def _done_by(measure: MeasureLike, day: date) -> bool:
    """Whether the measure counted as done at the end of `day`, from the dates it carries."""
    if not is_done(measure.status):
        return False
    finished = finished_on(measure)
    return finished is None or finished <= day


@dataclass
class MonthlyReview:
    """月度销号 for one month: what was closed in it, what was overdue at its end (or on `as_of` for the
    running month), and what falls due in the next month."""

    year: int
    month: int
    reference_day: date
    closed: list[Any] = field(default_factory=list)  # measure records (MeasureLike and more)
    completed: list[Any] = field(default_factory=list)  # completed in the month, not yet closed off
    overdue: list[Any] = field(default_factory=list)
    due_next_month: list[Any] = field(default_factory=list)
    figures: Figures | None = None

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"


def monthly_review(measures: Iterable[MeasureLike], year: int, month: int, as_of: date) -> MonthlyReview:
    first = date(year, month, 1)
    last = month_end(year, month)
    reference = min(last, as_of) if as_of >= first else last
    next_first = add_months(first, 1)
    next_last = month_end(next_first.year, next_first.month)
    review = MonthlyReview(year, month, reference)
    items = list(measures)
    for m in items:
        if m.status == MeasureStatus.CLOSED and m.closed_date and first <= m.closed_date <= last:
            review.closed.append(m)
        elif (m.status == MeasureStatus.DONE and m.completion_date
              and first <= m.completion_date <= last):
            review.completed.append(m)
        # overdue as of the reference day, judged from the dates the measure carries (a measure
        # completed later than the month counts as overdue in that month's review)
        if m.deadline is not None and m.deadline < reference and not _done_by(m, reference):
            review.overdue.append(m)
        if m.deadline is not None and next_first <= m.deadline <= next_last and not _done_by(m, reference):
            review.due_next_month.append(m)
    review.figures = compute_figures(items, reference)
    return review
