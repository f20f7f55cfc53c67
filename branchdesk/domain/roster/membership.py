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


def full_from(full_date: date | None, approved_on: date | None) -> date | None:
    """The day a member has a 正式党员's rights (a vote, VOTE-WHO; a 民主评议 grade, MTG-YEARLY-REVIEW):
    the roster's 转正日期 is the end of probation (党龄 counts from it, 细则 第三十三条), but until the
    上级党委 approves the 转正 the member is a 预备党员 — so the later of the two, where the 发展党员
    ledger holds the approval (step 24); without one, the 转正日期 (None: neither is known)."""
    if full_date is None or approved_on is None:
        return full_date if full_date is not None else approved_on
    return max(full_date, approved_on)


FullSpan = tuple[int, date | None, date | None]  # (branch id, from, until (exclusive)); None: no bound


def full_member_spans(periods: tuple[BranchPeriod, ...], *, joined: date | None, full_date: date | None,
                      full_now: bool, left: date | None) -> tuple[FullSpan, ...]:
    """The days a member counts among a branch's 正式党员 (ORG-COMMITTEE, 支部条例 第二十条: a 支部委员会
    from 7 正式党员): in each branch they belonged to, from the latest of joining the branch, 入党日期
    and 转正日期 until they moved on or left. A 正式党员 with no 转正日期 (`full_now`) counts from
    入党日期; a 预备党员 not yet 转正 never does. The organisation check and the 三会一课 calendar both
    count from these spans, so they cannot disagree about a branch's size."""
    became = full_date if full_date is not None else (joined if full_now else None)
    if full_date is None and not full_now:
        return ()
    spans = []
    for start, until, branch in periods:
        begin = max((d for d in (start, joined, became) if d is not None), default=None)
        end = min((d for d in (until, left) if d is not None), default=None)
        if begin is None or end is None or begin < end:
            spans.append((branch, begin, end))
    return tuple(spans)


def counts_on(span: FullSpan, day: date) -> bool:
    """Whether the span covers the day."""
    _branch, begin, end = span
    return (begin is None or begin <= day) and (end is None or day < end)


def left_branch_by(branch: int, periods: tuple[BranchPeriod, ...], *, left: date | None, day: date) -> date | None:
    """The day, on or before `day`, a member stopped being one of `branch`'s members — left the Party
    organisation (转出、离世、出党: `left`, the first day off the roster) or moved to another branch by a
    dated 支部调整 — None while still one of them on `day` (or never one by the moves). A 支部委员会 post
    is held only by a member of the branch (ORG-COMMITTEE, 支部条例 第二十条: the committee is elected
    from the branch's members): whoever left holds no post after that day, whatever term was recorded."""
    if left is not None and left <= day:
        return left
    if branch_on(periods, day) == branch:
        return None
    ended = [until for _start, until, held in periods if held == branch and until is not None and until <= day]
    return max(ended) if ended else None
