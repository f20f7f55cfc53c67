"""Which months a member owes dues to this branch.

- Admission: dues are paid from the day the 支部大会 passed the admission (domain.md §4; 细则 第三十一条:
  党籍 starts that day), so the month of the 入党日期 is owed, whether the member is 预备 or 正式.
- Transfer in / out (党员一般应当向其正式组织关系所在的党支部交纳党费): a month belongs to the branch
  whose roster the member is on on its first day. A member who transfers out on 15 June pays June
  here (党费交至转出当月, as the 介绍信 records it) and the new branch collects from July; a member
  who transfers in on 15 June owes from July. The same rule ends the obligation of a member 出党.
- A member who died owes nothing for the month of death or after.
- Nothing is judged before the dues ledger starts (the month records are kept from: 党费从有记录的
  最早月份起计算), and nothing at all while no dues are recorded: months nobody recorded are not
  arrears. They are not "not owed" either — the member owed them by membership — but *unrecorded*:
  whether they were paid cannot be known from the records, so every view shows them as 未登记.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from branchdesk.domain.dues.months import Month
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

    def owes(self, month: Month) -> bool:
        """The month is owed here and judged by the dues book."""
        if self.first is None or month < self.first:
            return False
        return self.last is None or month <= self.last

    def unrecorded(self, month: Month) -> bool:
        """The member owed the month by membership, but the dues book does not cover it (before the
        book starts, or any month while nothing is recorded): unknown, neither paid nor 欠交."""
        if self.owes(month) or (self.last is not None and month > self.last):
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
        if not self.book_started:
            parts.append("尚未登记党费交纳记录，交纳情况无法核对")
        return "；".join(parts)


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
