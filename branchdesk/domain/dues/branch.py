"""A branch's dues book for a year: what its members owed and paid month by month, and what the
branch handed up (上缴) to the Party committee, so the book balances (党支部按规定上缴党费，不得长期
保管). Hand-ups name the months they cover; a hand-up spanning two years counts for each year in
proportion to its months."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from branchdesk.domain.dues.amounts import parse_amount, split_amount
from branchdesk.domain.dues.ledger import CellState, MemberLedger
from branchdesk.domain.dues.months import Month, months_between
from branchdesk.domain.validation import FieldError


@dataclass(frozen=True)
class HandUp:
    """One 上缴 of a branch's collected dues to the committee, for a span of months."""

    id: int
    branch_id: int
    branch: str
    handed_on: date
    amount: Decimal
    first: Month
    last: Month
    handled_by: str = ""
    receipt_no: str = ""
    note: str = ""

    @property
    def months(self) -> list[Month]:
        return months_between(self.first, self.last)

    def share_in(self, year: int) -> Decimal:
        months = self.months
        shares = split_amount(self.amount, [None] * len(months))
        return sum((s for m, s in zip(months, shares, strict=True) if m.year == year), Decimal(0))

    @property
    def span(self) -> str:
        if self.first == self.last:
            return self.first.label
        tail = f"{self.last.month}月" if self.last.year == self.first.year else self.last.label
        return f"{self.first.label}至{tail}"


@dataclass
class HandUpInput:
    """A 上缴 as the form or a ledger row gives it, before it is checked (`errors` holds the problems)."""

    branch_id: int | None
    handed_on: date | None
    amount: object
    first: Month | None
    last: Month | None
    handled_by: str = ""
    receipt_no: str = ""
    note: str = ""
    errors: list[FieldError] = field(default_factory=list)


def validate_hand_up(data: HandUpInput, today: date) -> tuple[Decimal | None, list[FieldError]]:
    errors = list(data.errors)
    if data.branch_id is None:
        errors.append(FieldError("党支部", "请选择党支部"))
    if data.handed_on is None:
        errors.append(FieldError("上缴日期", "请填写上缴日期"))
    elif data.handed_on > today:
        errors.append(FieldError("上缴日期", f"{data.handed_on:%Y-%m-%d} 晚于今天"))
    amount, problem = parse_amount(data.amount, what="上缴金额", maximum=Decimal("10000000"))
    if problem:
        errors.append(FieldError("上缴金额", problem))
    elif amount is None:
        errors.append(FieldError("上缴金额", "请填写上缴金额"))
    if data.first is None or data.last is None:
        errors.append(FieldError("所属月份", "请填写所上缴党费的起止月份"))
    elif data.last < data.first:
        errors.append(FieldError("所属月份", "结束月份早于开始月份"))
    elif data.last.index - data.first.index >= 24:
        errors.append(FieldError("所属月份", "一次上缴的月份跨度不能超过两年"))
    for name, value, limit in (("经手人", data.handled_by, 40), ("凭证编号", data.receipt_no, 60), ("备注", data.note, 500)):
        if len(value.strip()) > limit:
            errors.append(FieldError(name, f"{name}不能超过 {limit} 字"))
    return amount, errors


def handed_up_by_month(hand_ups: Iterable[HandUp]) -> dict[Month, Decimal]:
    """Each month's share of the hand-ups: a 上缴 of several months counts evenly for each of them."""
    handed: dict[Month, Decimal] = {}
    for h in hand_ups:
        for month, share in zip(h.months, split_amount(h.amount, [None] * len(h.months)), strict=True):
            handed[month] = handed.get(month, Decimal(0)) + share
    return handed


def room_for_hand_up(ledgers: Iterable[MemberLedger], hand_ups: Iterable[HandUp], first: Month, last: Month,
                     by: date | None = None) -> Decimal:
    """What a 上缴 of the months `first`…`last` can hand up: what members paid for those months (by the
    day `by`, the 上缴日期, when given; a payment whose date the ledger did not give counts) less what
    earlier hand-ups of those months took. DUES-TIMING (domain.md §5): the branch may not advance dues,
    so a 上缴 larger than this hands up money no member paid for its months (TK-2)."""
    wanted = set(months_between(first, last))
    collected = sum((share.amount for m in ledgers for cell in m.cells if cell.month in wanted
                     for share in cell.shares if by is None or share.paid_on is None or share.paid_on <= by),
                    Decimal(0))
    handed = sum((amount for month, amount in handed_up_by_month(hand_ups).items() if month in wanted), Decimal(0))
    return max(collected - handed, Decimal(0))


@dataclass(frozen=True)
class MonthTotals:
    """A branch's figures for one month of its dues book."""

    month: Month
    owing: int  # members who owed the month (a member 免交 that month owes nothing: not counted, TK-5)
    due: Decimal | None  # None: some member's amount is unknown
    paid: Decimal
    unpaid: int | None  # members owing it and not paid (欠交, 未核定, or 待交 while the period runs);
    # None: some member's month is not covered by the dues book (未登记), so it cannot be told
    handed_up: Decimal
    open: int = 0  # of `unpaid`, members whose month is 待交: its collection period still runs, not 欠交 (TK-5)


@dataclass(frozen=True)
class BranchDues:
    """A branch's dues book for a year: totals, arrears and each month's figures."""

    branch_id: int
    branch: str
    year: int
    members: int
    due: Decimal | None
    paid: Decimal
    arrears: Decimal | None
    arrears_members: int | None  # None: some member's months cannot be told (未登记 / 未核定, ledger.py)
    owed_months: int | None
    unknown_members: int  # members without a base: their amounts cannot be computed
    handed_up: Decimal
    months: tuple[MonthTotals, ...]
    hand_ups: tuple[HandUp, ...] = ()
    undetermined_members: int = 0  # members whose arrears cannot be told from the records
    # the part that can be told when `arrears` cannot (TK-8): the other members' arrears, and how many owe
    known_arrears: Decimal = Decimal(0)
    known_arrears_members: int = 0
    known_owed_months: int = 0

    @property
    def balance(self) -> Decimal:
        """Collected for the year's months and not yet handed up (negative: handed up more)."""
        return self.paid - self.handed_up


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    total = Decimal(0)
    for value in values:
        if value is None:
            return None
        total += value
    return total


def branch_dues(branch_id: int, branch: str, year: int, ledgers: list[MemberLedger],
                hand_ups: list[HandUp]) -> BranchDues:
    handed = handed_up_by_month(hand_ups)
    month_totals = []
    for index in range(12):
        month = Month(year, index + 1)
        owing = 0
        unpaid: int | None = 0
        running = 0
        due: Decimal | None = Decimal(0)
        paid = Decimal(0)
        for m in ledgers:
            cell = m.cells[index]
            paid += cell.paid
            if cell.state is CellState.NOT_OWED:
                continue
            owing += cell.state is not CellState.WAIVED
            running += cell.state is CellState.OPEN
            if cell.state is CellState.UNRECORDED:
                unpaid = None
            elif cell.state in (CellState.OWED, CellState.OPEN, CellState.UNKNOWN) and unpaid is not None:
                unpaid += 1
            if cell.state is not CellState.FUTURE and due is not None:
                due = None if cell.due.amount is None else due + cell.due.amount
        month_totals.append(MonthTotals(month, owing, due, paid, unpaid, handed.get(month, Decimal(0)), running))
    undetermined = sum(1 for m in ledgers if m.undetermined)
    told = [m for m in ledgers if not m.undetermined]
    return BranchDues(
        branch_id, branch, year, len(ledgers), _sum(m.due for m in ledgers), sum((m.paid for m in ledgers), Decimal(0)),
        _sum(m.arrears for m in ledgers),
        None if undetermined else sum(1 for m in ledgers if m.owed_months or m.short_cells),
        None if undetermined else sum(len(m.owed_months) for m in ledgers), sum(1 for m in ledgers if m.base_missing),
        sum((h.share_in(year) for h in hand_ups), Decimal(0)), tuple(month_totals),
        tuple(sorted((h for h in hand_ups if h.first.year <= year <= h.last.year), key=lambda h: (h.handed_on, h.id))),
        undetermined, sum((m.arrears or Decimal(0) for m in told), Decimal(0)),
        sum(1 for m in told if m.owed_months or m.short_cells), sum(len(m.owed_months) for m in told))
