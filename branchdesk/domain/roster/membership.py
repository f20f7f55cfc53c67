"""Branch membership on a day (issue 16, item 8): a member belongs to the branch the roster names
from the last 支部调整 on, and to the branch they left before it. Every roster "on a date" (sign-in
sheets, quorum, 谈心谈话 coverage, 学时, 应到 of a vote) asks `branch_on`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

BranchPeriod = tuple[date | None, date | None, int]  # (from, until (exclusive), branch id)


@dataclass(frozen=True)
class BranchMove:
    """A dated 支部调整: a member moved from one branch to another on that day."""

    on: date
    from_branch: int | None
    to_branch: int


def branch_periods(current_branch: int, moves: Iterable[BranchMove]) -> tuple[BranchPeriod, ...]:
    """The branches a member belonged to, in date order, ending with the roster's current branch.
    No moves: one open period in the current branch."""
    ordered = sorted(moves, key=lambda m: m.on)
    if not ordered:
        return ((None, None, current_branch),)
    periods: list[BranchPeriod] = []
    start: date | None = None
    for move in ordered:
        before = move.from_branch if move.from_branch is not None else (periods[-1][2] if periods else None)
        if before is not None:
            periods.append((start, move.on, before))
        start = move.on
    periods.append((start, None, ordered[-1].to_branch))
    return tuple(periods)


def branch_on(periods: tuple[BranchPeriod, ...], day: date) -> int | None:
    for start, end, branch in periods:
        if (start is None or start <= day) and (end is None or day < end):
            return branch
    return None
