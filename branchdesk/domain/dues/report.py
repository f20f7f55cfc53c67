"""The 党费收缴 chapter of the year-end volume as plain data: per branch the members, what was due,
paid and is owed, what was handed up, and the 公示 table (name and amounts, never the base, which is
a salary figure). Built by services/dues/figures.py; both the workbook and the PDF print it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from branchdesk.domain.dues.amounts import add_up
from branchdesk.domain.dues.branch import BranchDues
from branchdesk.domain.dues.ledger import MemberLedger
from branchdesk.domain.dues.months import span_text


@dataclass(frozen=True)
class DuesBranchRow:
    """One branch's line of the year-end 党费 table (the 合计 line too)."""

    branch: str
    members: int
    due: Decimal | None  # None: some member's amount is unknown (no base)
    paid: Decimal
    arrears: Decimal | None
    arrears_members: int | None  # None: some member's months cannot be told (未登记 / 未核定)
    owed_months: int | None
    unknown_members: int
    handed_up: Decimal
    undetermined_members: int = 0  # members whose arrears cannot be told from the records

    @property
    def balance(self) -> Decimal:
        return self.paid - self.handed_up


@dataclass(frozen=True)
class DuesPublicRow:
    """One line of the 党费收缴公示."""

    branch: str
    name: str
    monthly: Decimal | None
    due: Decimal | None
    paid: Decimal
    arrears: Decimal | None
    note: str


@dataclass
class DuesSection:
    """The year-end report's 党费 chapter: a line per branch and the 公示 table."""

    year: int
    rows: list[DuesBranchRow] = field(default_factory=list)
    public: list[DuesPublicRow] = field(default_factory=list)
    empty: str = ""  # said instead of the tables when no dues were recorded at all
    school: DuesBranchRow | None = None  # the 合计 line from the members' ledgers (`school_row`)

    @property
    def total(self) -> DuesBranchRow | None:
        if not self.rows:
            return None
        if self.school is not None:
            return self.school
        return DuesBranchRow(
            "合计", sum(r.members for r in self.rows), add_up(r.due for r in self.rows),
            sum((r.paid for r in self.rows), Decimal(0)), add_up(r.arrears for r in self.rows),
            _count(r.arrears_members for r in self.rows), _count(r.owed_months for r in self.rows),
            sum(r.unknown_members for r in self.rows), sum((r.handed_up for r in self.rows), Decimal(0)),
            sum(r.undetermined_members for r in self.rows))


def _count(values: Iterable[int | None]) -> int | None:
    """A total count, or None when any part cannot be known."""
    total = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


def school_row(books: Iterable[BranchDues], ledgers: Iterable[MemberLedger]) -> DuesBranchRow:
    """The 合计 line of several branches' books: the amounts and months added up (a month is owed to
    one branch only, obligation.py), each member counted once — a member a dated 支部调整 moved during
    the year has a line in each branch, and is one 党员 of the school (and one 欠交 of it)."""
    parts = [branch_row(b) for b in books]
    people = list(ledgers)

    def members(matching: Iterable[MemberLedger]) -> int:
        return len({m.member.member_id for m in matching})

    undetermined = members(m for m in people if m.undetermined)
    known = all(p.arrears_members is not None for p in parts)
    return DuesBranchRow(
        "合计", members(people), add_up(r.due for r in parts), sum((r.paid for r in parts), Decimal(0)),
        add_up(r.arrears for r in parts),
        members(m for m in people if m.owed_months or m.short_cells) if known else None,
        _count(r.owed_months for r in parts), members(m for m in people if m.base_missing),
        sum((r.handed_up for r in parts), Decimal(0)), undetermined)


def branch_row(book: BranchDues) -> DuesBranchRow:
    return DuesBranchRow(book.branch, book.members, book.due, book.paid, book.arrears, book.arrears_members,
                         book.owed_months, book.unknown_members, book.handed_up, book.undetermined_members)


def unknown_notes(m: MemberLedger) -> list[str]:
    """What the records cannot tell about a member's year, in words (the 公示 and the ledger's 备注)."""
    notes = []
    if m.unrecorded_months:
        notes.append(f"{span_text(m.unrecorded_months)}未登记党费交纳记录，无法核对")
    unknown = [f"{span_text(months)}{what}" for months, what in ((m.undetermined_months, "是否欠交"),
                                                               (m.unchecked_paid_months, "是否足额交纳")) if months]
    if unknown:
        notes.append(f"未登记缴费基数，{'、'.join(unknown)}无法核对")
    elif m.base_missing:
        notes.append("未登记缴费基数")
    return notes


def payment_notes(m: MemberLedger) -> list[str]:
    """What the year's payments were, in words: 欠交, 少交 and 补交 months (the 公示 and the ledger's 备注)."""
    notes = []
    if m.owed_months:
        notes.append(f"欠交{span_text(m.owed_months)}")
    if m.short_cells:
        notes.append(f"{span_text(c.month for c in m.short_cells)}少交")
    if m.late_months:
        notes.append(f"补交{span_text(m.late_months)}")
    return notes


def public_row(m: MemberLedger) -> DuesPublicRow:
    notes = payment_notes(m)
    if m.record is not None and m.record.category.value in ("自愿多交", "减免"):
        notes.append(m.record.category.value)
    notes += unknown_notes(m)
    return DuesPublicRow(m.member.branch, m.member.name, m.monthly_due.amount if m.record else None, m.due, m.paid,
                         m.arrears, "；".join(notes))
