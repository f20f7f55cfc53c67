"""A member's dues over a year as the ledger (the 党费收缴登记表) shows them: one cell per month —
paid, 补交, short, waived, owed, not owed, or unknown — with the year's totals and the longest run of
unpaid months (DUES-LAPSE). Built from plain values; the services read the database.

One rule for every view (the grid, the workbook's 公示 and 汇总, the year-end chapter, the check): a
month is 欠交 only when the dues book covers it (党费从有记录的最早月份起计算, obligation.py) and its
amount is known. A month the book does not cover is 未登记 (UNRECORDED); an unpaid month without a
缴费基数 is 未核定 (UNKNOWN: the amount, so whether anything is owed, cannot be known — DUES-RATE,
domain.md §5). Neither is counted as 欠交, and a figure they make unknowable (欠交, 欠交人数, 欠交月数)
is None, never 0."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple

from branchdesk.domain.dues.amounts import add_up
from branchdesk.domain.dues.bases import UNKNOWN, BaseRecord, Due, conflict_in_force, due_for
from branchdesk.domain.dues.months import Month, months_between
from branchdesk.domain.dues.obligation import Obligation
from branchdesk.domain.dues.payments import PaidMonth, deadline
from branchdesk.domain.dues.rates import RateTables, money
from branchdesk.domain.dues.settings import DuesSettings

LOOK_BACK = 12  # months before the year read to see a run of unpaid months that began earlier


class CellState(StrEnum):
    NOT_OWED = "无需交纳"  # not on this branch's roster, before admission, before the ledger starts
    FUTURE = "未到期"
    OPEN = "待交"  # the collection period is still running
    OWED = "欠交"
    PAID = "已交"
    LATE = "补交"
    SHORT = "少交"
    WAIVED = "免交"
    UNRECORDED = "未登记"  # owed by membership, but the dues book does not cover the month
    UNKNOWN = "未核定"  # in the book, unpaid, and no 缴费基数: the amount due cannot be known


PAID_STATES = frozenset({CellState.PAID, CellState.LATE, CellState.SHORT})
DUE_STATES = PAID_STATES | {CellState.OWED, CellState.WAIVED}
UNKNOWN_STATES = frozenset({CellState.UNRECORDED, CellState.UNKNOWN})
# DUES-LAPSE (党章 第九条, domain.md §5) counts only months 欠交: in the book, the amount known and nothing
# paid. A 未核定 month (no 缴费基数) is not one: with nothing on record to say what was due, that it went
# unpaid cannot be known, and "连续六个月不交纳党费…自行脱党" is too grave to rest on an unknown. Such
# months end a run; the check names them as 未登记缴费基数 (rules.unknown_base_finding) instead.
LAPSE_STATES = frozenset({CellState.OWED})


class Cell(NamedTuple):
    """One month of one member (a tuple: a district's year is 60,000 of them)."""

    month: Month
    state: CellState
    due: Due
    paid: Decimal
    shares: tuple[PaidMonth, ...] = ()

    @property
    def shortfall(self) -> Decimal:
        if self.state is CellState.SHORT and self.due.amount is not None:
            return self.due.amount - self.paid
        return Decimal(0)

    @property
    def text(self) -> str:
        """What the grid cell says (state in words as well as by colour)."""
        due = self.due.amount
        if self.state is CellState.PAID:
            return money(self.paid)
        if self.state is CellState.LATE:
            return "补" + money(self.paid)
        if self.state is CellState.SHORT:
            return "少" + money(self.shortfall)
        if self.state is CellState.OWED:
            return "欠" + (money(due) if due is not None else "")
        if self.state is CellState.OPEN:
            return "待交"
        if self.state is CellState.WAIVED:
            return "免交"
        if self.state is CellState.NOT_OWED:
            return "—"
        if self.state in UNKNOWN_STATES:
            return self.state.value
        return ""

    @property
    def detail(self) -> str:
        """A tooltip: what was due and why, what was paid, when and how."""
        lines = [f"{self.month.label}：{self.state.value}"]
        if self.due.record is not None:
            lines.append(f"{self.due.record.summary}")
        if self.due.standard is not None:
            lines.append(f"按标准应交 {money(self.due.standard.amount)} 元（{self.due.standard.explanation}）")
        if self.due.amount is not None and self.state is not CellState.NOT_OWED:
            lines.append(f"应交 {money(self.due.amount)} 元")
        elif self.state in (CellState.OWED, CellState.OPEN, *UNKNOWN_STATES, *PAID_STATES) and self.due.record is None:
            lines.append("未登记缴费基数，应交金额未知")
        if self.state is CellState.UNKNOWN:
            lines.append("没有交纳记录；未登记缴费基数，是否欠交无法核对")
        elif self.state is CellState.UNRECORDED:
            lines.append("党费台账没有记录这个月，交纳情况无法核对，不计为欠交")
        for share in self.shares:
            when = f"{share.paid_on:%Y-%m-%d}" if share.paid_on else "日期未记录"
            extra = "，".join(x for x in (share.method, f"收据 {share.receipt_no}" if share.receipt_no else "") if x)
            lines.append(f"{when} 交 {money(share.amount)} 元" + (f"（{extra}）" if extra else ""))
        return "\n".join(lines)


@dataclass(frozen=True)
class Run:
    """Consecutive months owed and unpaid (DUES-LAPSE)."""

    first: Month
    last: Month
    ongoing: bool  # reaches the last month whose collection period is over
    truncated: bool = False  # began before the months read

    @property
    def length(self) -> int:
        return self.last.index - self.first.index + 1


@dataclass(frozen=True)
class MemberInfo:
    """Who a dues ledger belongs to: the member, their branch and category, and the roster order."""

    member_id: int
    name: str
    branch_id: int
    branch: str
    category: str  # 正式党员 / 预备党员
    status: str
    sort_key: int = 0


@dataclass(frozen=True)
class MemberLedger:
    """One member's dues year: what is due each month, what was paid, and the run of unpaid months."""

    member: MemberInfo
    obligation: Obligation
    record: BaseRecord | None  # the base record in force for the year's last month judged
    monthly_due: Due  # what that month is due: "月应交"
    cells: tuple[Cell, ...]  # January … December
    run: Run | None  # the longest run of months 欠交 touching the year (DUES-LAPSE)
    # that month's due unknown because two bases of one month differ (bases.conflict_in_force): the
    # 缴费基数 tab says so rather than 未登记 (review rev2, R2-7)
    base_conflict: bool = False

    # Worked out once per ledger (its cells never change): the branch's book, the findings, the grid
    # and the reports each read them, for every member of a district.
    @cached_property
    def owes_in_year(self) -> bool:
        return any(c.state is not CellState.NOT_OWED for c in self.cells)

    def _judged(self) -> list[Cell]:
        """Months judged: owed here and covered by the dues book (or paid), and already due or open."""
        return [c for c in self.cells if c.state not in (CellState.NOT_OWED, CellState.FUTURE, CellState.UNRECORDED)
                and (c.paid > 0 or self.obligation.owes(c.month))]

    @cached_property
    def base_missing(self) -> bool:
        """No 缴费基数 for some month owed in the year so far, judged or 未登记 (the 公示's note and the
        count of members without a base; the check names only the months the book judges)."""
        return bool(self.unknown_months) or any(c.due.amount is None for c in self.cells
                                                if c.state is CellState.UNRECORDED)

    @cached_property
    def unrecorded_months(self) -> list[Month]:
        """Months owed but not covered by the dues book (未登记): not judged, not counted."""
        return [c.month for c in self.cells if c.state is CellState.UNRECORDED]

    @cached_property
    def undetermined_months(self) -> list[Month]:
        """Months in the book, unpaid, without a 缴费基数 (未核定): whether 欠交 cannot be told."""
        return [c.month for c in self.cells if c.state is CellState.UNKNOWN]

    @cached_property
    def unchecked_paid_months(self) -> list[Month]:
        """Months owed and paid without a 缴费基数: whether paid in full cannot be told (the amount due
        follows from the base, DUES-RATE, domain.md §5), so they are neither 少交 nor proof of no 欠交."""
        return [c.month for c in self.cells if c.state in (CellState.PAID, CellState.LATE)
                and c.due.amount is None and self.obligation.owes(c.month)]

    @cached_property
    def covered(self) -> bool:
        """The dues book covers some month the member owes in the year. The year's figures are those
        of the months it covers; a member it covers none of has no figure that can be known."""
        return not self.unrecorded_months or any(self.obligation.owes(c.month) for c in self.cells)

    @cached_property
    def undetermined(self) -> bool:
        """Whether the member is in arrears cannot be told from the records (counts of 欠交人数 and
        欠交月数 that include the member are unknown)."""
        return bool(self.undetermined_months or self.unchecked_paid_months) or not self.covered

    @cached_property
    def due(self) -> Decimal | None:
        """应交 so far: the months whose collection period is over, and those already paid (a month
        still open and unpaid is 待交, not yet due), over the months the book covers. None when a
        month's amount is unknown, or the book covers none. So 应交 − 已交 = 欠交 unless someone paid
        more than the rate."""
        if not self.covered:
            return None
        return add_up(c.due.amount for c in self.cells if c.state in DUE_STATES or c.state is CellState.UNKNOWN)

    @cached_property
    def paid(self) -> Decimal:
        return sum((c.paid for c in self.cells), Decimal(0))

    @cached_property
    def owed_months(self) -> list[Month]:
        return [c.month for c in self.cells if c.state is CellState.OWED]

    @cached_property
    def short_cells(self) -> list[Cell]:
        return [c for c in self.cells if c.state is CellState.SHORT]

    @cached_property
    def late_months(self) -> list[Month]:
        return [c.month for c in self.cells if c.state is CellState.LATE]

    @cached_property
    def arrears(self) -> Decimal | None:
        """欠交: owed months' amounts plus shortfalls (None when it cannot be known: a month unpaid or
        paid without a base, or no month covered by the book)."""
        if self.undetermined:
            return None
        owed = add_up(c.due.amount for c in self.cells if c.state is CellState.OWED)
        return None if owed is None else owed + sum((c.shortfall for c in self.short_cells), Decimal(0))

    @cached_property
    def unknown_months(self) -> list[Month]:
        """Months judged whose amount cannot be computed (no base recorded)."""
        return [c.month for c in self._judged() if c.due.amount is None and c.state is not CellState.WAIVED]


def cell_for(month: Month, owes: bool, due: Due, shares: list[PaidMonth], as_of: date,
             settings: DuesSettings, current: Month | None = None, unrecorded: bool = False) -> Cell:
    """`current` is the month of `as_of` (given by callers that make many cells). `unrecorded`: the
    member owes the month by membership but the dues book does not cover it (`owes` is False)."""
    end = deadline(month, settings.collection)
    paid = Decimal(0)
    late = False
    for share in shares:
        paid += share.amount
        late = late or share.noted_late or (share.paid_on is not None and share.paid_on > end)
    if paid > 0:
        if owes and due.amount is not None and paid < due.amount:
            state = CellState.SHORT
        else:
            state = CellState.LATE if late else CellState.PAID
    elif not owes and not unrecorded:
        state = CellState.NOT_OWED
    elif due.amount is not None and due.amount == 0:
        state = CellState.WAIVED
    elif month > (current or Month.of(as_of)):
        state = CellState.FUTURE
    elif end >= as_of:
        state = CellState.OPEN
    elif not owes:
        state = CellState.UNRECORDED
    elif due.amount is None:
        state = CellState.UNKNOWN
    else:
        state = CellState.OWED
    return Cell(month, state, due if owes or unrecorded else NO_DUE, paid, tuple(shares))


NO_DUE = Due(None)


def member_cells(months: Iterable[Month], obligation: Obligation, records: list[BaseRecord],
                 tables: RateTables, paid: dict[Month, list[PaidMonth]], as_of: date,
                 settings: DuesSettings) -> list[Cell]:
    """The cells of consecutive months (ascending). The amount is computed once per base record and
    table in force, not per month: a district's year is 60,000 cells."""
    cells = []
    memo: dict[tuple[int, int], Due] = {}
    current = Month.of(as_of)
    first = obligation.first.index if obligation.first is not None else None
    last = obligation.last.index if obligation.last is not None else None
    moved = obligation.stays
    position, record, kind, in_conflict = 0, None, None, False
    for month in months:
        index = month.index
        owes = first is not None and index >= first and (last is None or index <= last) and (
            moved is None or obligation.here(month))  # 支部调整: only the months on this branch's roster
        unrecorded = not owes and obligation.unrecorded(month)
        due = NO_DUE
        if owes or unrecorded:
            moved_on = False
            while position < len(records) and records[position].applies_from <= month:
                record, position, moved_on = records[position], position + 1, True
                kind = record.table
            if moved_on:  # two bases from one month that differ: 未核定, never the one stored last
                in_conflict = bool(conflict_in_force(records, month))
            if in_conflict:
                due = UNKNOWN
            elif record is not None:
                key = (id(record), id(tables.in_force(kind, month.first_day)))  # type: ignore[arg-type]
                due = memo.get(key) or memo.setdefault(key, due_for(record, tables, month, settings.rounding))
        cells.append(cell_for(month, owes, due, paid.get(month, _NONE), as_of, settings, current, unrecorded))
    return cells


_NONE: list[PaidMonth] = []


def longest_run(cells: list[Cell], year: int, as_of: date, settings: DuesSettings,
                first_owed: Month | None = None) -> Run | None:
    """The longest run of months 欠交 (LAPSE_STATES) that touches `year` (ties: the latest). `cells`
    are consecutive months in order, starting LOOK_BACK months before the year. Any other month —
    paid, waived, not owed here, not recorded, 未核定 — ends a run."""
    runs: list[list[Cell]] = []
    for cell in cells:
        if cell.state in LAPSE_STATES:
            if runs and runs[-1][-1].month.index == cell.month.index - 1:
                runs[-1].append(cell)
            else:
                runs.append([cell])
    touching = [r for r in runs if r[-1].month.year >= year and r[0].month.year <= year]
    if not touching:
        return None
    best = max(touching, key=lambda r: (len(r), r[-1].month))
    over = [c.month for c in cells if deadline(c.month, settings.collection) < as_of]
    ongoing = bool(over) and best[-1].month == max(over)
    began_before = best[0] is cells[0] and (first_owed is None or first_owed < best[0].month)
    return Run(best[0].month, best[-1].month, ongoing, truncated=began_before)


def member_ledger(member: MemberInfo, obligation: Obligation, records: list[BaseRecord], tables: RateTables,
                  paid: dict[Month, list[PaidMonth]], year: int, as_of: date, settings: DuesSettings,
                  whole: Sequence[Obligation] = ()) -> MemberLedger:
    """One member's year. `records` sorted by (applies_from, id); `paid` the member's shares by month
    (the year and the LOOK_BACK months before it, read only when January is owed: a run of unpaid
    months can reach back into the year before only through January).

    A member a dated 支部调整 moved (`obligation.stays`): the cells are this branch's months, with their
    payments; `whole` holds the member's obligation in each branch they were in (this one too), which
    together place every month. A run of unpaid months (DUES-LAPSE, 党章 第九条) is the member's: each
    month judged as the branch it was owed to judges it, the run kept by the branch whose months it
    reaches last, with its whole length — once, never cut in two at the move."""
    here = paid if obligation.stays is None else {m: s for m, s in paid.items() if obligation.here(m)}
    year_cells = member_cells(months_between(Month(year, 1), Month(year, 12)), obligation, records, tables, here,
                              as_of, settings)
    current = Month.of(as_of)
    judged = [c for c in year_cells if c.state is not CellState.NOT_OWED and c.month <= current]
    reference = judged[-1] if judged else next((c for c in reversed(year_cells) if c.state is not CellState.NOT_OWED),
                                               None)
    monthly = reference.due if reference is not None else NO_DUE
    if obligation.stays is None or not whole:
        run = _run(year_cells, lambda months: member_cells(months, obligation, records, tables, here, as_of, settings),
                   year, as_of, settings, obligation.first)
    else:
        def across(months: list[Month]) -> list[Cell]:  # each month as the branch it was owed to has it
            parts = [(o, member_cells(months, o, records, tables, paid, as_of, settings)) for o in whole]
            return [next((cells[i] for o, cells in parts if o.here(m)), parts[0][1][i]) for i, m in enumerate(months)]

        firsts = [o.first for o in whole if o.first is not None]
        run = _run(across(months_between(Month(year, 1), Month(year, 12))), across, year, as_of, settings,
                   min(firsts) if firsts else None)
        if run is not None and not obligation.here(run.last):
            run = None
    conflict = reference is not None and monthly.record is None and bool(conflict_in_force(records, reference.month))
    return MemberLedger(member, obligation, monthly.record, monthly, tuple(year_cells), run, conflict)


def _run(year_cells: list[Cell], cells_of: Callable[[list[Month]], list[Cell]], year: int, as_of: date,
         settings: DuesSettings, first_owed: Month | None) -> Run | None:
    """The longest run touching the year, over the year's cells and, when January is 欠交, the
    LOOK_BACK months before it (`cells_of` makes their cells)."""
    cells = year_cells
    if year_cells[0].state in LAPSE_STATES:
        cells = cells_of(months_between(Month(year, 1).plus(-LOOK_BACK), Month(year - 1, 12))) + year_cells
    return longest_run(cells, year, as_of, settings, first_owed) if any(c.state in LAPSE_STATES for c in cells) else None


def year_of(ledgers: Iterable[MemberLedger]) -> list[MemberLedger]:
    """The members that belong in a year's ledger: those who owed or paid any month of it."""
    return [m for m in ledgers if m.owes_in_year or m.paid > 0]
