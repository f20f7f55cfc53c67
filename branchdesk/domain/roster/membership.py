"""Branch membership on a day (issue 16, item 8): a member belongs to the branch the roster names
from the last 支部调整 on, and to the branch they left before it; a member whose 组织关系 was
transferred in (转入) belongs to no branch of the school before that day (trial Y, TY-4). Every roster
"on a date" (sign-in sheets, quorum, 谈心谈话 coverage, 学时, 应到 of a vote) asks `branch_on`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from branchdesk.domain.vocabulary import MemberCategory

BranchPeriod = tuple[date | None, date | None, int]  # (from, until (exclusive), branch id)


@dataclass(frozen=True)
class BranchMove:
    """A dated 支部调整: a member moved from one branch to another on that day — or, `arrival`, the
    day the member's 组织关系 was transferred in (转入) to `to_branch`: the roster "as it stood on each
    day" (domain.md §2) holds her from then on, not from her 入党日期 (TY-4). A member with no 转入 on
    record is on the roster from her 入党日期 (or always, where none is known), as before."""

    on: date
    from_branch: int | None
    to_branch: int
    # the 党小组 the member was in, in the branch left, until the move (read from the change history
    # where it holds it: services/shared_reads.load_branch_moves); None: none, or not known
    group_before: int | None = None
    arrival: bool = False  # a 转入 (from outside the school), not a 支部调整

    @property
    def changes_branch(self) -> bool:
        """A 支部调整 between two branches (not a 转入)."""
        return not self.arrival and self.from_branch is not None and self.from_branch != self.to_branch


def branch_periods(current_branch: int, moves: Iterable[BranchMove]) -> tuple[BranchPeriod, ...]:
    """The branches a member belonged to, in date order, ending with the roster's current branch.
    No moves: one open period in the current branch. An arrival (转入) closes no period: before it
    the member was in none of the school's branches (TY-4)."""
    ordered = sorted(moves, key=lambda m: (m.on, not m.arrival))  # a 转入 first on its day
    if not ordered:
        return ((None, None, current_branch),)
    periods: list[BranchPeriod] = []
    start: date | None = None
    for move in ordered:
        if move.arrival:
            before = None
        else:
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


def arrived_after(moves: Iterable[BranchMove], day: date) -> bool:
    """Whether the member's 组织关系 came to the school only after `day` (her latest 转入 is later):
    she is on no roster of the school that day, whatever her 入党日期 (TY-4)."""
    return any(move.arrival and move.on > day for move in moves)


def group_on(current_group: int | None, moves: Iterable[BranchMove], day: date) -> int | None:
    """The 党小组 a member was in on `day`: the roster's current group from the last 支部调整 on, and
    before a move the group they had in the branch left (TV-1: a 党小组会 held before the move is that
    group's sitting, its 应到 and sign-in sheet with the member). Group changes inside one branch are
    not dated: between moves the group is the one held when the next move was made."""
    later = [move for move in moves if move.on > day]
    return min(later, key=lambda move: move.on).group_before if later else current_group


GroupStay = tuple[int, date | None, date | None]  # (党小组 id, from, until (exclusive)); None: no bound


def group_stays(current_group: int | None, moves: Iterable[BranchMove], *, since: date | None,
                until: date | None) -> tuple[GroupStay, ...]:
    """The 党小组 a member was in and when, as `group_on` reads them (before each dated 支部调整 or
    党小组调整 the group left, after the last one the roster's group now), within her days on the
    roster: from `since` (her 转入, else 入党日期; None: not known) until `until` (the day she left)."""
    bounds: list[tuple[int | None, date | None, date | None]] = []
    begin: date | None = None
    for move in sorted(moves, key=lambda m: (m.on, not m.arrival)):
        bounds.append((move.group_before, begin, move.on))
        begin = move.on
    bounds.append((current_group, begin, None))
    found = []
    for group, start, end in bounds:
        start = max((d for d in (start, since) if d is not None), default=None)
        end = min((d for d in (end, until) if d is not None), default=None)
        if group is not None and (start is None or end is None or start < end):
            found.append((group, start, end))
    return tuple(found)


def group_spans(stays: Iterable[GroupStay]) -> dict[int, tuple[date | None, date | None]]:
    """Each 党小组's days with members (from the first member's first day to the last one's last,
    exclusive; None: unbounded — a member in it since before the records, or in it now). A 党小组 is
    judged by MTG-MONTHLY-GROUP only while it has members (TY-5: one set up in March 2027 is not asked
    for 2026's sittings; domain.md §2, the calendar starts at the later of 启用日期 and 成立日期)."""
    spans: dict[int, tuple[date | None, date | None]] = {}
    for group, start, end in stays:
        if group not in spans:
            spans[group] = (start, end)
            continue
        first, last = spans[group]
        spans[group] = (None if first is None or start is None else min(first, start),
                        None if last is None or end is None else max(last, end))
    return spans


def full_from(full_date: date | None, approved_on: date | None) -> date | None:
    """The day a member has a 正式党员's rights (a vote, VOTE-WHO; a 民主评议 grade, MTG-YEARLY-REVIEW):
    the roster's 转正日期 is the end of probation (党龄 counts from it, 细则 第三十三条), but until the
    上级党委 approves the 转正 the member is a 预备党员 — so the later of the two, where the 发展党员
    ledger holds the approval (step 24); without one, the 转正日期 (None: neither is known)."""
    if full_date is None or approved_on is None:
        return full_date if full_date is not None else approved_on
    return max(full_date, approved_on)


def category_on(category: str, full_date: date | None, approved_on: date | None, day: date) -> str:
    """A member's category on a day (the roster keeps today's): a 正式党员 was still a 预备党员 before
    the day they became full (`full_from`: the later of the 转正日期 and the 上级党委's approval where
    the ledger holds it); a 正式党员 with neither date was full all along. The sign-in sheets, the vote
    checks and the year-end volume all ask this, so they cannot disagree about a member's day."""
    full = full_from(full_date, approved_on)
    if category == MemberCategory.FULL.value and (full is None or full <= day):
        return MemberCategory.FULL.value
    return MemberCategory.PROBATIONARY.value


FullSpan = tuple[int, date | None, date | None]  # (branch id, from, until (exclusive)); None: no bound


def full_member_spans(periods: tuple[BranchPeriod, ...], *, joined: date | None, full_date: date | None,
                      full_now: bool, left: date | None, approved_on: date | None = None) -> tuple[FullSpan, ...]:
    """The days a member counts among a branch's 正式党员 (ORG-COMMITTEE, 支部条例 第二十条: a 支部委员会
    from 7 正式党员): in each branch they belonged to, from the latest of joining the branch, 入党日期
    and the day they became full until they moved on or left. They became full at the 转正日期, or at the
    上级党委's approval of the 转正 where the 发展党员 ledger holds it and it came later (`approved_on`,
    `full_from`: until then a 预备党员, T9-13). A 正式党员 with no 转正日期 (`full_now`) counts from
    入党日期 (or the approval, where held); a 预备党员 not yet 转正 never does. The organisation check
    and the 三会一课 calendar both count from these spans, so they cannot disagree about a branch's size."""
    if full_date is None and not full_now:
        return ()
    became = full_from(full_date, approved_on) if full_date is not None or approved_on is not None else joined
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
