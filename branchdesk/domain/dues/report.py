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
from branchdesk.domain.vocabulary import MemberStatus

# 已交 / 已上缴 / 未上缴 with nothing recorded: not known, never 0.00 (TV-2) — one word in the volume, the export and
# the check (TY-16)
UNRECORDED = "未登记"

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
    # False: no 上缴 recorded for the year — what was handed up is not known, not 0 (TV-2, 党费规定 第十二条)
    hand_ups_recorded: bool = True
    # False: the dues book covers no month any member owes — what was paid is not known, not 0 (TV-2)
    payments_recorded: bool = True
    # when 欠交 cannot be told (some member's months are 未登记 / 未核定), what can: the other members'
    # arrears, how many of them owe, and their months (TK-8: "已知欠交 89.60 元（2 人），另有 1 人无法核对")
    known_arrears: Decimal = Decimal(0)
    known_arrears_members: int = 0
    known_owed_months: int = 0

    @property
    def balance(self) -> Decimal:
        return self.paid - self.handed_up

    @property
    def partly_told(self) -> bool:
        """欠交 is not known as a whole, but the other members' is (TK-8): said as the known part and how
        many cannot be told. With nobody's months told, it is only 无法核对."""
        return self.arrears_members is None and self.members > self.undetermined_members

    @property
    def known_paid(self) -> Decimal | None:
        """已交, None when no payment of the year is recorded for the branch's members."""
        return self.paid if self.payments_recorded else None

    @property
    def known_handed_up(self) -> Decimal | None:
        """已上缴, None when no 上缴 is recorded."""
        return self.handed_up if self.hand_ups_recorded else None

    @property
    def known_balance(self) -> Decimal | None:
        """未上缴 = 已交 − 已上缴, None when either is not known."""
        return self.balance if self.hand_ups_recorded and self.payments_recorded else None


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
    # who the 党员 counts hold beyond the year-end roster (TV-8): members with a line in two branches (a dated
    # 支部调整: counted in each branch, once in the 合计), and those who left the roster during the year
    moved: list[str] = field(default_factory=list)  # "李明"
    departed: list[str] = field(default_factory=list)  # "王德（离世）"

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
            sum(r.undetermined_members for r in self.rows), all(r.hand_ups_recorded for r in self.rows),
            all(r.payments_recorded for r in self.rows), sum((r.known_arrears for r in self.rows), Decimal(0)),
            sum(r.known_arrears_members for r in self.rows), sum(r.known_owed_months for r in self.rows))


def _count(values: Iterable[int | None]) -> int | None:
    """A total count, or None when any part cannot be known."""
    total = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


def people_notes(ledgers: Iterable[MemberLedger]) -> tuple[list[str], list[str]]:
    """(members with ledgers in more than one branch, members off the roster "姓名（离世）"), in roster
    order: what makes the branches' 党员 add up to more than the 合计, and the 合计 differ from the
    year-end roster (DuesSection.moved, .departed)."""
    seen: dict[int, list[MemberLedger]] = {}
    for m in ledgers:
        seen.setdefault(m.member.member_id, []).append(m)
    moved = [lines[0].member.name for lines in seen.values() if len({m.member.branch_id for m in lines}) > 1]
    departed = [f"{lines[0].member.name}（{lines[0].member.status}）" for lines in seen.values()
                if lines[0].member.status != MemberStatus.ACTIVE.value  # off the roster by the year's end
                and any(m.obligation.last is not None and m.cells and m.obligation.last <= m.cells[-1].month
                        for m in lines)]
    return moved, departed


def school_row(books: Iterable[BranchDues], ledgers: Iterable[MemberLedger]) -> DuesBranchRow:
    """The 合计 line of several branches' books: the amounts and months added up (a month is owed to
    one branch only, obligation.py), each member counted once — a member a dated 支部调整 moved during
    the year has a line in each branch, and is one 党员 of the school (and one 欠交 of it)."""
    people = list(ledgers)
    by_branch: dict[int, list[MemberLedger]] = {}
    for m in people:
        by_branch.setdefault(m.member.branch_id, []).append(m)
    parts = [branch_row(b, by_branch.get(b.branch_id, [])) for b in books]

    def members(matching: Iterable[MemberLedger]) -> int:
        return len({m.member.member_id for m in matching})

    undetermined = members(m for m in people if m.undetermined)
    known = all(p.arrears_members is not None for p in parts)
    untold = {m.member.member_id for m in people if m.undetermined}  # a mover not told in one branch: in neither
    told = [m for m in people if m.member.member_id not in untold]
    return DuesBranchRow(
        "合计", members(people), add_up(r.due for r in parts), sum((r.paid for r in parts), Decimal(0)),
        add_up(r.arrears for r in parts),
        members(m for m in people if m.owed_months or m.short_cells) if known else None,
        _count(r.owed_months for r in parts), members(m for m in people if m.base_missing),
        sum((r.handed_up for r in parts), Decimal(0)), undetermined,
        all(r.hand_ups_recorded for r in parts), all(r.payments_recorded for r in parts),
        sum((m.arrears or Decimal(0) for m in told), Decimal(0)), members(m for m in told if m.owed_months or m.short_cells),
        sum(len(m.owed_months) for m in told))


def branch_row(book: BranchDues, ledgers: Iterable[MemberLedger] | None = None) -> DuesBranchRow:
    """A branch's line; with its members' `ledgers`, whether the dues book covers any month they owe
    (MemberLedger.covered): a branch that keeps no dues book has 已交 not known, never 0."""
    people = None if ledgers is None else list(ledgers)
    return DuesBranchRow(book.branch, book.members, book.due, book.paid, book.arrears, book.arrears_members,
                         book.owed_months, book.unknown_members, book.handed_up, book.undetermined_members,
                         bool(book.hand_ups), people is None or not people
                         or any(m.obligation.owes(c.month) for m in people for c in m.cells),
                         book.known_arrears, book.known_arrears_members, book.known_owed_months)


def arrears_text(row: DuesBranchRow) -> str:
    """欠交 in words, one sentence for the window and the volume: the sum and the members who owe; when
    some member's months cannot be told (未登记 / 未核定, ledger.py), the part that can and how many cannot —
    a known 欠交 is a fact and is never hidden behind the unknown one (TK-8)."""
    if row.arrears_members is not None:
        amount = f"{row.arrears:,.2f} 元" if row.arrears is not None else "金额未核定"
        return f"欠交 {amount}（{row.arrears_members} 人）"
    if not row.partly_told:
        return "欠交情况无法核对"
    who = f" {row.undetermined_members} 人" if row.undetermined_members else "部分党员"
    return f"已知欠交 {row.known_arrears:,.2f} 元（{row.known_arrears_members} 人），另有{who}无法核对"


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
