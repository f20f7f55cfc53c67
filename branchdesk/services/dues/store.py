"""Reading the dues records out of the database in bulk, into the domain's dataclasses.

Every function takes a Session (the caller owns the transaction). A district's year — thousands of
members, tens of thousands of month shares — is read in a handful of Core queries (no ORM identity
map), then judged by domain.dues.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, func, or_, select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.queries import org_ids_named
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.dues.bases import BaseRecord
from branchdesk.domain.dues.branch import BranchDues, HandUp, branch_dues
from branchdesk.domain.dues.ledger import LOOK_BACK, MemberInfo, MemberLedger, member_ledger, year_of
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.obligation import Obligation, Stay, branch_stays, in_branch, obligation
from branchdesk.domain.dues.payments import PaidMonth
from branchdesk.domain.dues.rates import STANDARD_2008, Bracket, DuesCategory, RateTables, TableKind
from branchdesk.domain.dues.settings import KEYS, DuesSettings, from_text
from branchdesk.domain.roster.membership import branch_periods
from branchdesk.domain.vocabulary import MoveKind, OrgKind
from branchdesk.services.collector import collector_paused
from branchdesk.services.records_start import deleted_with_history
from branchdesk.services.shared_reads import branch_moves, driver_rows, shared_settings

if TYPE_CHECKING:
    from branchdesk.db.models import (
        DuesBase,
        DuesHandUp,
    )

PART_COLUMNS = ("post_pay", "scale_pay", "merit_pay", "allowance")
# The loaders read plain columns, written on the tables (db/table_reads.py, issue 18).
_BRACKETS = tables.dues_brackets.c
_BASES = tables.dues_bases.c
_HAND_UPS = tables.dues_hand_ups
_PAYMENTS = tables.dues_payments.c
_SHARES = tables.dues_payment_months.c
_MEMBERS = tables.members.c
_MOVES = tables.member_moves.c
_ORGS = tables.organisations.c


def load_settings(session: Session) -> DuesSettings:
    shared = shared_settings(session)  # a report's snapshot reads every setting once
    if shared is not None:
        return from_text({k: shared[k] for k in KEYS if k in shared})
    settings = tables.settings.c
    rows = session.execute(select(settings.key, settings.value).where(settings.key.in_(KEYS))).all()
    return from_text({k: v for k, v in rows})


def load_tables(session: Session) -> RateTables:
    """The 2008 table (domain data) and every revision entered since (rows with their own dates)."""
    rows = read_rows(session, select(_BRACKETS.table_kind, _BRACKETS.effective_from, _BRACKETS.upper,
                                     _BRACKETS.rate, _BRACKETS.fixed, _BRACKETS.source)
                     .where(_BRACKETS.deleted_at.is_(None)))
    brackets = [Bracket(TableKind(kind), start, upper, rate, fixed, source)
                for kind, start, upper, rate, fixed, source in rows]
    return RateTables([*STANDARD_2008, *brackets])


def earliest_paid_month(session: Session) -> Month | None:
    ((key,),) = read_rows(session, select(func.min(_SHARES.month))
                          .join_from(tables.dues_payment_months, tables.dues_payments,
                                     _PAYMENTS.id == _SHARES.payment_id)
                          .where(_PAYMENTS.deleted_at.is_(None)))
    return Month.from_key(key) if key else None


def branch_starts(session: Session, branch_ids: Iterable[int],
                  stays: Mapping[int, Mapping[int, list[Stay]]] | None = None) -> dict[int, Month]:
    """The earliest month paid on record in each branch (by the branch the member was in that month:
    `stays`, the dated 支部调整 of the members who moved, by member; the others' by their roster
    branch): a branch whose secretary has not entered any dues yet has none, and its months are
    unknown, not arrears."""
    wanted = list(branch_ids)
    movers = list(stays or {})
    query = (select(_MEMBERS.branch_id, func.min(_SHARES.month))
             .select_from(tables.dues_payment_months)
             .join(tables.dues_payments, _PAYMENTS.id == _SHARES.payment_id)
             .join(tables.members, _MEMBERS.id == _PAYMENTS.member_id)
             .where(_PAYMENTS.deleted_at.is_(None), _MEMBERS.branch_id.in_(wanted))
             .group_by(_MEMBERS.branch_id))
    if movers:
        query = query.where(_MEMBERS.id.not_in(movers))
    found = {branch_id: Month.from_key(key) for branch_id, key in read_rows(session, query) if key}
    if movers and stays is not None:
        for mid, key in read_rows(session, select(_SHARES.member_id, _SHARES.month).distinct()
                                  .join_from(tables.dues_payment_months, tables.dues_payments,
                                             _PAYMENTS.id == _SHARES.payment_id)
                                  .where(_PAYMENTS.deleted_at.is_(None), _SHARES.member_id.in_(movers))):
            month = Month.from_key(key)
            branch_id = next((b for b, own in stays[mid].items()
                              if any(_within(month, lo, hi) for lo, hi, _a, _b in own)), None)
            if branch_id in wanted and (branch_id not in found or month < found[branch_id]):
                found[branch_id] = month
    return found


def _within(month: Month, first: Month | None, last: Month | None) -> bool:
    return (first is None or first <= month) and (last is None or month <= last)


def ledger_start(session: Session, settings: DuesSettings) -> Month | None:
    """The month the dues book starts: as set, else the earliest month paid on record (months no one
    recorded are not arrears; nothing is judged before any dues were recorded)."""
    return settings.start or earliest_paid_month(session)


def branches(session: Session, branch: str | int | None = None) -> list[tuple[int, str]]:
    """Branches (id, name) in their order; one by id or name, or all."""
    query = select(_ORGS.id, _ORGS.name).where(_ORGS.kind == OrgKind.BRANCH.value, _ORGS.deleted_at.is_(None))
    if isinstance(branch, int):
        query = query.where(_ORGS.id == branch)
    elif branch:
        query = query.where(_ORGS.id.in_(org_ids_named(session, branch)))
    return [(i, n) for i, n in read_rows(session, query.order_by(_ORGS.sort_order, _ORGS.id))]


@dataclass(frozen=True)
class MemberRow:
    """A member as the dues book reads them: who they are, and when they joined and left."""

    info: MemberInfo
    join_date: date | None
    left_date: date | None


def load_members(session: Session, branch_ids: Iterable[int], member_ids: Iterable[int] = ()) -> list[MemberRow]:
    """The members on these branches' rosters, and those of `member_ids` wherever they are now (a
    member who moved out of one of them during the year); each named under the roster's branch."""
    wanted, extra = list(branch_ids), list(member_ids)
    names = dict(read_rows(session, select(_ORGS.id, _ORGS.name).where(_ORGS.id.in_(wanted))
                           if not extra else select(_ORGS.id, _ORGS.name)))
    where = _MEMBERS.branch_id.in_(wanted) if not extra else or_(_MEMBERS.branch_id.in_(wanted), _MEMBERS.id.in_(extra))
    rows = session.connection().execute(
        select(_MEMBERS.id, _MEMBERS.name, _MEMBERS.branch_id, _MEMBERS.category, _MEMBERS.status,
               _MEMBERS.join_date, _MEMBERS.left_date)
        .where(where, _MEMBERS.deleted_at.is_(None)).order_by(_MEMBERS.id)).all()
    return [MemberRow(MemberInfo(mid, name, bid, names.get(bid, ""), category, status, sort_key=mid), joined, left)
            for mid, name, bid, category, status, joined, left in rows]


def load_transfer_ins(session: Session, branch_ids: Iterable[int] | None = None, *,
                      member_ids: Iterable[int] | None = None) -> dict[int, date]:
    """The latest 转入 of each member on record."""
    query = (select(_MOVES.member_id, func.max(_MOVES.move_date))
             .join_from(tables.member_moves, tables.members, _MEMBERS.id == _MOVES.member_id)
             .where(_MOVES.kind == MoveKind.TRANSFER_IN.value, _MOVES.deleted_at.is_(None))
             .group_by(_MOVES.member_id))
    if branch_ids is not None:
        query = query.where(_MEMBERS.branch_id.in_(list(branch_ids)))
    if member_ids is not None:
        query = query.where(_MOVES.member_id.in_(list(member_ids)))
    return {mid: day for mid, day in read_rows(session, query)}


def obligations_for(session: Session, wanted: Iterable[tuple[int, int | None]]) -> dict[tuple[int, int | None], Obligation]:
    """The months each member owes, for an import's warnings: by (member, branch), the months owed to
    that branch — a member a dated 支部调整 moved owes each branch the months whose first day finds
    them on its roster (obligation.in_branch, as the ledger has them: load_year); branch None: the
    months owed to any branch (the member's whole membership). The import records the file's months
    itself, so only a start month set for the book bounds them: the earliest month recorded, which
    the import moves, does not (the ledger shows an imported month paid, not outside)."""
    pairs = list(dict.fromkeys(wanted))
    ids = list({mid for mid, _b in pairs})
    start = load_settings(session).start
    arrived = load_transfer_ins(session, member_ids=ids)
    rows = read_rows(session, select(_MEMBERS.id, _MEMBERS.join_date, _MEMBERS.left_date, _MEMBERS.status,
                                     _MEMBERS.branch_id).where(_MEMBERS.id.in_(ids)))
    whole = {mid: obligation(join_date=joined, transfer_in=arrived.get(mid), left_date=left, status=status,
                             ledger_start=start) for mid, joined, left, status, _b in rows}
    roster = {mid: branch_id for mid, _j, _l, _s, branch_id in rows}
    moves = branch_moves(session)
    names = dict(read_rows(session, select(_ORGS.id, _ORGS.name))) if any(mid in moves for mid in ids) else {}
    stays = {mid: branch_stays(branch_periods(roster[mid], moves[mid]), names) for mid in ids
             if mid in moves and mid in roster}
    found: dict[tuple[int, int | None], Obligation] = {}
    for mid, branch_id in pairs:
        if mid not in whole:
            continue
        if branch_id is None or (mid not in stays and branch_id == roster[mid]):
            found[(mid, branch_id)] = whole[mid]
        else:  # a mover's months in this branch (none: a branch the member was never in)
            found[(mid, branch_id)] = in_branch(whole[mid], stays.get(mid, {}).get(branch_id, []))
    return found


def base_record(row: DuesBase) -> BaseRecord:
    parts = tuple(getattr(row, c) for c in PART_COLUMNS)
    return BaseRecord(row.id, row.member_id, DuesCategory(row.category), Month.from_key(row.applies_from), row.base,
                      parts if any(p is not None for p in parts) else None,
                      TableKind(row.basis) if row.basis else None, row.own_amount, row.note, row.approved_by,
                      row.approved_on, row.confirmed_on)


_BASE_COLUMNS = (_BASES.id, _BASES.member_id, _BASES.category, _BASES.applies_from, _BASES.base,
                 _BASES.post_pay, _BASES.scale_pay, _BASES.merit_pay, _BASES.allowance, _BASES.basis,
                 _BASES.own_amount, _BASES.note, _BASES.approved_by, _BASES.approved_on, _BASES.confirmed_on)


def _base_from_row(row: tuple) -> BaseRecord:  # type: ignore[type-arg]
    (rid, mid, category, applies, base, p1, p2, p3, p4, basis, own, note, by, on, confirmed) = row
    parts = (p1, p2, p3, p4)
    return BaseRecord(rid, mid, DuesCategory(category), Month.from_key(applies), base,
                      parts if any(p is not None for p in parts) else None, TableKind(basis) if basis else None,
                      own, note or "", by or "", on, confirmed)


def load_bases(session: Session, *, branch_ids: Iterable[int] | None = None,
               member_ids: Iterable[int] | None = None, months: tuple[Month, Month] | None = None,
               ) -> dict[int, list[BaseRecord]]:
    """Each member's live base records, sorted by (applies_from, id). With `months` (first, last): only
    the records that can be in force between them — the last one applying before `first`, and those
    applying up to `last` (a district's ten years of pay rises are not all read for one year)."""
    query = select(*_BASE_COLUMNS).where(_BASES.deleted_at.is_(None))
    if months is not None:
        query = query.where(_BASES.applies_from <= months[1].key)
    if member_ids is not None:
        query = query.where(_BASES.member_id.in_(list(member_ids)))
    if branch_ids is not None:
        query = (query.join_from(tables.dues_bases, tables.members, _MEMBERS.id == _BASES.member_id)
                 .where(_MEMBERS.branch_id.in_(list(branch_ids))))
    rows: list[Any] = list(session.connection().execute(query.order_by(_BASES.applies_from, _BASES.id)).all())
    if months is not None:  # keep, per member, the newest record before `first` and every later one
        first = months[0].key
        kept: dict[int, list[Any]] = defaultdict(list)
        for row in rows:
            own = kept[row[1]]
            if row[3] <= first and own and own[-1][3] <= first and own[-1][3] != row[3]:
                own[:] = [row]
            else:  # (two of one month are both kept: bases.conflict_in_force)
                own.append(row)
        rows = [row for own in kept.values() for row in own]
    grouped: dict[int, list[BaseRecord]] = defaultdict(list)
    for row in rows:
        grouped[row[1]].append(_base_from_row(tuple(row)))
    return grouped


def load_paid(session: Session, first: Month, last: Month, *, branch_ids: Iterable[int] | None = None,
              member_ids: Iterable[int] | None = None) -> dict[int, dict[Month, list[PaidMonth]]]:
    """The month shares of live payments between `first` and `last`, by member and month. A district's
    year is 30,000 shares: they are read as plain driver rows, and each distinct amount and date is
    converted once, by the column's own converter for the database in use (the values are the ones
    an ORM read gives)."""
    where = [f"p.deleted_at IS NULL AND m.month >= {int(first.key)} AND m.month <= {int(last.key)}"]
    if member_ids is not None:
        where.append(f"m.member_id IN ({','.join(str(int(i)) for i in member_ids) or 'NULL'})")
    if branch_ids is not None:
        where.append(f"m.member_id IN (SELECT id FROM {tables.members.name} WHERE branch_id IN "
                     f"({','.join(str(int(i)) for i in branch_ids) or 'NULL'}))")
    sql = (f"SELECT m.member_id, m.month, m.amount, m.payment_id, p.paid_on, p.noted_late, p.method, p.receipt_no "
           f"FROM {tables.dues_payment_months.name} m JOIN {tables.dues_payments.name} p ON p.id = m.payment_id "
           f"WHERE {' AND '.join(where)} ORDER BY m.payment_id")
    dialect = session.get_bind().dialect
    amount_of = _converter(tables.dues_payment_months.c.amount.type, dialect)
    day_of = _converter(tables.dues_payments.c.paid_on.type, dialect)
    paid: dict[int, dict[Month, list[PaidMonth]]] = defaultdict(lambda: defaultdict(list))
    months: dict[int, Month] = {}
    for mid, key, amount, payment_id, paid_on, late, method, receipt in driver_rows(session, sql):
        month = months.get(key) or months.setdefault(key, Month.from_key(key))
        paid[mid][month].append(PaidMonth(payment_id, month, amount_of(amount), day_of(paid_on), bool(late),
                                          method or "", receipt or ""))
    return paid


def _converter(column_type: Any, dialect: Any) -> Callable[[Any], Any]:
    """The column type's result conversion on `dialect`, done once per distinct value (amounts and
    dates repeat: a district's 30,000 shares hold a few hundred of each)."""
    if dialect.name != "sqlite":  # PostgreSQL's driver gives Decimal and date itself, as an ORM read keeps them
        return lambda value: value
    process = column_type.dialect_impl(dialect).result_processor(dialect, None)
    if process is None:
        return lambda value: value
    done: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if value not in done:
            done[value] = process(value)
        return done[value]

    return convert


def hand_up_record(row: DuesHandUp | Row[Any], branch: str) -> HandUp:
    """A hand-up from its record, or from a row of its table (the same names)."""
    return HandUp(row.id, row.branch_id, branch, row.handed_on, row.amount, Month.from_key(row.first_month),
                  Month.from_key(row.last_month), row.handled_by, row.receipt_no, row.note)


def load_hand_ups(session: Session, branch_ids: Iterable[int], year: int | None = None) -> dict[int, list[HandUp]]:
    names = dict(read_rows(session, select(_ORGS.id, _ORGS.name)))
    hand_up = _HAND_UPS.c  # every column, as the record's own read; rows named as its attributes
    query = select(_HAND_UPS).where(hand_up.deleted_at.is_(None), hand_up.branch_id.in_(list(branch_ids)))
    if year is not None:
        query = query.where(hand_up.first_month <= Month(year, 12).key, hand_up.last_month >= Month(year, 1).key)
    grouped: dict[int, list[HandUp]] = defaultdict(list)
    for row in read_rows(session, query.order_by(hand_up.handed_on, hand_up.id)):
        grouped[row.branch_id].append(hand_up_record(row, names.get(row.branch_id, "")))
    return grouped


@dataclass(frozen=True)
class BranchYear:
    """One branch's dues for a year: its members' ledgers (roster order) and its book."""

    branch_id: int
    branch: str
    ledgers: list[MemberLedger]
    book: BranchDues
    recorded: bool = True  # False: no dues entered for this branch yet (and no start month set)
    on_roster: int = 0  # members on its roster in the year (an unrecorded branch has no ledgers to show)


@dataclass(frozen=True)
class DuesYear:
    """The dues of a year: the settings, the month the book starts, and every branch's ledgers."""

    year: int
    as_of: date
    settings: DuesSettings
    start: Month | None  # the month the dues book starts (None: nothing recorded yet)
    branches: list[BranchYear]

    @property
    def ledgers(self) -> list[MemberLedger]:
        return [m for b in self.branches for m in b.ledgers]


def member_stays(session: Session, branch_ids: Iterable[int]) -> dict[int, dict[int, list[Stay]]]:
    """The members a dated 支部调整 moved in or out of one of these branches: by member, each branch's
    spans of months (obligation.branch_stays). Members never moved are in their roster branch alone."""
    wanted = set(branch_ids)
    moves = branch_moves(session)  # read once per snapshot (shared_reads)
    touching = [mid for mid, own in moves.items()
                if any(m.to_branch in wanted or m.from_branch in wanted for m in own)]
    if not touching:
        return {}
    names = dict(read_rows(session, select(_ORGS.id, _ORGS.name)))
    current = dict(read_rows(session, select(_MEMBERS.id, _MEMBERS.branch_id).where(_MEMBERS.id.in_(touching))))
    return {mid: branch_stays(branch_periods(current[mid], moves[mid]), names) for mid in touching if mid in current}


def load_year(session: Session, year: int, as_of: date, branch: str | int | None = None) -> DuesYear:
    """Every member's ledger and every branch's book for `year`, judged as of `as_of`. A member a dated
    支部调整 moved during the year has a ledger in each branch, for the months on its roster (a month
    belongs to the branch whose roster the member is on on its first day: obligation.py), with the
    payments of those months: each month is owed and counted once."""
    settings = load_settings(session)
    tables = load_tables(session)
    start = ledger_start(session, settings)
    chosen = branches(session, branch)
    if not branch:  # the whole school: a 党支部 an older version deleted keeps its year's book (T9-4)
        chosen += [(b.id, b.name) for b in deleted_with_history(session, year, [n for _i, n in chosen])]
    ids = [i for i, _n in chosen]
    names = dict(chosen)
    stays = member_stays(session, ids)
    members = load_members(session, ids, stays)
    # the movers now on another branch's roster are read by member (the branch reads miss them)
    away = [row.info.member_id for row in members if row.info.branch_id not in names]
    arrived = {**load_transfer_ins(session, ids), **(load_transfer_ins(session, member_ids=away) if away else {})}
    months = (Month(year, 1).plus(-LOOK_BACK), Month(year, 12))
    bases = load_bases(session, branch_ids=ids, months=months)
    paid = load_paid(session, Month(year, 1), Month(year, 12), branch_ids=ids)
    if away:
        bases.update(load_bases(session, member_ids=away, months=months))
        paid.update(load_paid(session, Month(year, 1), Month(year, 12), member_ids=away))
    hand_ups = load_hand_ups(session, ids, year)
    # each branch's book starts with its first recorded payment unless a start month is set for all:
    # one branch entering its dues does not make every other branch's members 欠交 (issue 16); a mover's
    # other branches are read too (a run of unpaid months is hers, judged month by month as each branch has it)
    every = [*ids, *sorted({b for own in stays.values() for b in own} - set(ids))]
    starts = branch_starts(session, every, stays) if settings.start is None else {}
    unrecorded = {i for i in every if settings.start is None and i not in starts}

    def owed_in(row: MemberRow, branch_id: int) -> Obligation:
        # a branch with nothing recorded judges no month: its members' months are 未登记, never 欠交
        return obligation(join_date=row.join_date, transfer_in=arrived.get(row.info.member_id),
                          left_date=row.left_date, status=row.info.status,
                          ledger_start=settings.start or starts.get(branch_id), book_started=branch_id not in unrecorded)

    # (member, branch) → the months owed there: the roster branch alone, or each chosen branch of a
    # mover's, clipped to the months on its roster
    owed: dict[tuple[int, int], tuple[MemberInfo, Obligation]] = {}
    wholes: dict[int, list[Obligation]] = {}  # a mover's obligation in each branch she was in
    for row in members:
        info = row.info
        if info.member_id not in stays:
            owed[(info.member_id, info.branch_id)] = (info, owed_in(row, info.branch_id))
            continue
        parts = {b: in_branch(owed_in(row, b), own) for b, own in stays[info.member_id].items()}
        wholes[info.member_id] = list(parts.values())
        for branch_id, part in parts.items():
            if branch_id in names:
                owed[(info.member_id, branch_id)] = (replace(info, branch_id=branch_id, branch=names[branch_id]), part)
    january = Month(year, 1)
    # a run of unpaid months reaches into the year before only through an unpaid January: read the
    # months before the year for those members alone
    behind = sorted({mid for (mid, _b), (_i, o) in owed.items()
                     if any(w.owes(january) for w in wholes.get(mid, [o])) and january not in paid.get(mid, {})})
    if behind:
        earlier = load_paid(session, january.plus(-LOOK_BACK), january.plus(-1), member_ids=behind)
        for mid, shares in earlier.items():
            paid[mid].update(shares)
    by_branch: dict[int, list[MemberLedger]] = defaultdict(list)
    on_roster: Counter[int] = Counter()
    with collector_paused():  # a district's year is tens of thousands of cells
        for (mid, branch_id), (info, owes) in owed.items():  # a mover's: the months on this branch's roster
            by_branch[branch_id].append(member_ledger(info, owes, bases.get(mid, []), tables, paid.get(mid, {}), year,
                                                      as_of, settings, wholes.get(mid, ())))
            if owes.stays is None or any(owes.here(Month(year, m)) for m in range(1, 13)):
                on_roster[branch_id] += 1
    result = []
    for branch_id, name in chosen:
        ledgers = year_of(sorted(by_branch[branch_id], key=lambda m: m.member.sort_key))
        result.append(BranchYear(branch_id, name, ledgers, branch_dues(branch_id, name, year, ledgers,
                                                                       hand_ups.get(branch_id, [])),
                                 recorded=branch_id not in unrecorded,
                                 on_roster=on_roster[branch_id]))
    return DuesYear(year, as_of, settings, start, result)
