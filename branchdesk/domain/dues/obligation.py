"""Which months a member owes dues to this branch.

- Admission: dues are paid from the day the 支部大会 passed the admission (domain.md §4; 细则 第三十一条:
  党籍 starts that day), so the month of the 入党日期 is owed, whether the member is 预备 or 正式.
- Transfer in / out (党员一般应当向其正式组织关系所在的党支部交纳党费): a month belongs to the branch
  whose roster the member is on on its first day. A member who transfers out on 15 June pays June
  here (党费交至转出当月, as the 介绍信 records it) and the new branch collects from July; a member
  who transfers in on 15 June owes from July. The same rule ends the obligation of a member 出党.
- A member who died owes nothing for the month of death or after.
- 支部调整 within the school (dated, domain/roster/membership.py) follows the same rule: each branch's
  ledger owes the months whose first day finds the member on its roster (`in_branch`); a month is
  owed to one branch only, and months spent in another branch are "not owed here" (—), never 欠交.
- Nothing is judged before the dues ledger starts (the month records are kept from: 党费从有记录的
  最早月份起计算), and nothing at all while no dues are recorded: months nobody recorded are not
  arrears. They are not "not owed" either — the member owed them by membership — but *unrecorded*:
  whether they were paid cannot be known from the records, so every view shows them as 未登记.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from branchdesk.domain.dues.months import Month
from branchdesk.domain.roster.membership import BranchPeriod
from branchdesk.domain.vocabulary import MemberStatus


@dataclass(frozen=True)
class Obligation:
    """The months a member owes dues to this branch, and why the span starts and ends where it does."""

    first: Month | None  # first month owed here and judged; None: none (no 入党日期 and no ledger start, or nothing recorded)
    last: Month | None  # last month owed here; None: still on the roster
    first_reason: str = ""
    last_reason: str = ""
    member_from: Month | None = None  # first month owed by membership (入党 / 转入); None: not known
    book_started: bool = True  # False: no dues recorded (for this branch) yet, so no month is judged
    # the spans (first, last; None: no bound) the member was on this branch's roster, when a 支部调整
    # moved them in or out (`in_branch`); None: the whole time
    stays: tuple[tuple[Month | None, Month | None], ...] | None = None
    away_reason: str = ""  # the moves out and back between the first and the last span, in words

    def here(self, month: Month) -> bool:
        """The member was on this branch's roster on the month's first day."""
        return self.stays is None or any((lo is None or lo <= month) and (hi is None or month <= hi)
                                         for lo, hi in self.stays)

    def owes(self, month: Month) -> bool:
        """The month is owed here and judged by the dues book."""
        if self.first is None or month < self.first:
            return False
        return (self.last is None or month <= self.last) and self.here(month)

    def unrecorded(self, month: Month) -> bool:
        """The member owed the month by membership, but the dues book does not cover it (before the
        book starts, or any month while nothing is recorded): unknown, neither paid nor 欠交."""
        if self.owes(month) or (self.last is not None and month > self.last) or not self.here(month):
            return False
        if self.member_from is not None and month < self.member_from:
            return False
        if not self.book_started:
            return True
        return self.first is not None and self.member_from is not None and month < self.first

    @property
    def text(self) -> str:
        """"自 2025年3月起（2025-03-10 支部大会通过接收为预备党员）；至 2025年6月（2025-06-15 转出）"."""
        parts = []
        first = self.first if self.book_started else self.member_from
        if first is not None:
            parts.append(f"自 {first.label}起（{self.first_reason}）" if self.first_reason else f"自 {first.label}起")
        if self.last is not None:
            parts.append(f"至 {self.last.label}（{self.last_reason}）" if self.last_reason else f"至 {self.last.label}")
        if self.away_reason:
            parts.append(f"其间{self.away_reason}")
        if not self.book_started:
            parts.append("尚未登记党费交纳记录，交纳情况无法核对")
        return "；".join(parts)


Stay = tuple[Month | None, Month | None, str, str]  # first, last (None: no bound), why it starts, why it ends


def in_branch(owed: Obligation, stays: Iterable[Stay]) -> Obligation:
    """The obligation limited to the months the member was on one branch's roster (支部调整, dated:
    a month belongs to the branch whose roster the member is on on its first day). `stays` are that
    branch's spans in order, with the words for where each starts and ends ("2026-09-01 由第二党支部
    调整到本支部"); the span's bounds replace the obligation's where they are narrower. No stay: nothing
    is owed here."""
    spans = list(stays)
    if not spans:
        return replace(owed, first=None, member_from=None, stays=())
    lo, first_why = spans[0][0], spans[0][2]
    hi, last_why = spans[-1][1], spans[-1][3]
    first, first_reason, member_from = owed.first, owed.first_reason, owed.member_from
    if lo is not None:
        if first is not None and lo > first:
            first, first_reason = lo, first_why
        if member_from is None or lo > member_from:
            member_from = lo
            if not owed.book_started:
                first_reason = first_why
    last, last_reason = owed.last, owed.last_reason
    if hi is not None and (last is None or hi < last):
        last, last_reason = hi, last_why
    away = "，".join(f"{before[3]}，{after[2]}" for before, after in zip(spans, spans[1:], strict=False))
    return replace(owed, first=first, last=last, first_reason=first_reason, last_reason=last_reason,
                   member_from=member_from, stays=tuple((a, b) for a, b, _x, _y in spans), away_reason=away)


def first_month_on_roster(day: date) -> Month:
    """The first month whose first day finds the member on the roster when they arrive on `day`."""
    month = Month.of(day)
    return month if day.day == 1 else month.plus(1)


def obligation(*, join_date: date | None, transfer_in: date | None, left_date: date | None,
               status: str, ledger_start: Month | None, book_started: bool = True) -> Obligation:
    """The months a member owes here. `transfer_in` is the date of the latest 转入 on record;
    `left_date` and `status` are the roster's (转出 / 离世 / 出党). `book_started` False: no dues are
    recorded yet, so no month is judged (each owed month is unrecorded)."""
    first: Month | None = None
    reason = ""
    if join_date is not None:
        first, reason = Month.of(join_date), f"{join_date:%Y-%m-%d} 支部大会通过接收为预备党员"
    if transfer_in is not None and (join_date is None or transfer_in > join_date):
        arrived = first_month_on_roster(transfer_in)
        if first is None or arrived > first:
            first, reason = arrived, f"{transfer_in:%Y-%m-%d} 转入本支部"
    member_from, member_reason = first, reason
    if not book_started:
        first = None
    elif ledger_start is not None and (first is None or ledger_start > first):
        first, reason = ledger_start, f"党费台账自 {ledger_start.label}起记录"
    last: Month | None = None
    last_reason = ""
    if left_date is not None and status != MemberStatus.ACTIVE.value:
        if status == MemberStatus.DECEASED.value:
            last = Month.of(left_date).plus(-1)
        else:
            last = Month.of(left_date) if left_date.day > 1 else Month.of(left_date).plus(-1)
        last_reason = f"{left_date:%Y-%m-%d} {status}"
    if not book_started:
        reason = member_reason
    return Obligation(first, last, reason, last_reason, member_from, book_started)


def branch_stays(periods: Sequence[BranchPeriod], names: Mapping[int, str]) -> dict[int, list[Stay]]:
    """Each branch's spans of months from a member's dated branch periods (domain/roster/membership.py
    `branch_periods`): a month belongs to the branch whose roster the member is on on its first day, so
    every month is one branch's, once. The earliest span has no start: a month before the first move
    on record is the first known branch's (a 支部调整 recorded without the branch it came from leaves
    nothing else to place those months in, and they are not dropped)."""
    stays: dict[int, list[Stay]] = defaultdict(list)
    ordered = list(periods)
    for index, (start, until, branch) in enumerate(ordered):
        first = first_month_on_roster(start) if start is not None and index > 0 else None
        last = first_month_on_roster(until).plus(-1) if until is not None else None
        if first is not None and last is not None and last < first:
            continue  # in the branch less than a month, over no month's first day
        came = ordered[index - 1][2] if index > 0 else None
        went = ordered[index + 1][2] if index + 1 < len(ordered) else None
        why_in = f"{start:%Y-%m-%d} 由{names.get(came or 0, '')}调整到本支部" if first is not None and start else ""
        why_out = f"{until:%Y-%m-%d} 调整到{names.get(went or 0, '')}" if until is not None else ""
        own = stays[branch]
        if own and own[-1][1] is not None and first is not None and own[-1][1].plus(1) == first:
            own[-1] = (own[-1][0], last, own[-1][2], why_out)  # back where they were: one span
        else:
            own.append((first, last, why_in, why_out))
    return dict(stays)
