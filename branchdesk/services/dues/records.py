"""党费 use cases (domain.md §5), one transaction each, DTOs out: the year's ledger, a member's base
history, payments for several members and months in one go (the monthly 收缴), hand-ups (上缴) to
the committee, the settings and the bracket tables. Validation is domain.dues; every problem is
reported at once, beside its field."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from branchdesk.db.engine import Database
from branchdesk.db.models import (
    DuesBase,
    DuesBracket,
    DuesHandUp,
    DuesPayment,
    DuesPaymentMonth,
    Member,
    MemberMove,
    Organisation,
)
from branchdesk.db.queries import org_ids_named, set_setting
from branchdesk.domain.dues.amounts import split_amount
from branchdesk.domain.dues.bases import (
    REACH_STEP,
    BaseInput,
    BaseRecord,
    CheckedBase,
    base_in_force,
    due_for,
    reach_period,
    validate_base,
)
from branchdesk.domain.dues.branch import HandUp, HandUpInput, room_for_hand_up, validate_hand_up
from branchdesk.domain.dues.months import Month, months_between, span_text
from branchdesk.domain.dues.payments import PaymentInput, parse_method, validate_payment
from branchdesk.domain.dues.rates import Bracket, RateTable, RateTables, money, validate_table
from branchdesk.domain.dues.rules import BASE_RULE
from branchdesk.domain.dues.settings import DuesSettings
from branchdesk.domain.finding_notes import subject
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.roster.membership import branch_on, branch_periods
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import MoveKind
from branchdesk.services.conflicts import row_to_edit
from branchdesk.services.dues.store import (
    PART_COLUMNS,
    DuesYear,
    base_record,
    hand_up_record,
    load_bases,
    load_hand_ups,
    load_paid,
    load_settings,
    load_tables,
    load_year,
)
from branchdesk.services.errors import ConflictError, NotFound, RuleViolation, ValidationFailed
from branchdesk.services.finding_notes import reasons
from branchdesk.services.roster.membership import check_event_date, check_transfer_origin
from branchdesk.services.shared_reads import branch_moves


def dues_year(db: Database, year: int, branch: str | int | None = None, as_of: date | None = None) -> DuesYear:
    """The year's grid: every member owing or paying any month of it, by branch, with each branch's
    totals and hand-ups. Read-only."""
    with db.reading(), db.session() as session:
        return load_year(session, year, as_of or date.today(), branch)


# --- settings and tables ---------------------------------------------------------------------------
def get_settings(db: Database) -> DuesSettings:
    with db.reading(), db.session() as session:
        return load_settings(session)


def save_settings(db: Database, settings: DuesSettings) -> None:
    with db.session() as session:
        for key, value in settings.to_text().items():
            set_setting(session, key, value)


def rate_tables(db: Database) -> list[RateTable]:
    with db.reading(), db.session() as session:
        return load_tables(session).all()


def add_table_revision(db: Database, rows: list[Bracket]) -> None:
    """A revision of the brackets (DUES-RATE): new rows with their own effective date; the old rows stay
    and judge the months before it."""
    problems = validate_table(rows)
    if problems:
        raise ValidationFailed([FieldError("档次", p) for p in problems])
    with db.session() as session:
        kind, start = rows[0].table, rows[0].effective_from
        clash = session.scalar(select(DuesBracket.id).where(DuesBracket.table_kind == kind.value,
                                                             DuesBracket.effective_from == start,
                                                             DuesBracket.deleted_at.is_(None)))
        in_force = load_tables(session).all()
        if clash is not None or any(t.kind is kind and t.effective_from == start for t in in_force):
            raise RuleViolation(f"{kind.value}已有 {start:%Y-%m-%d} 生效的档次")
        session.add_all(DuesBracket(table_kind=r.table.value, effective_from=r.effective_from, upper=r.upper,
                                    rate=r.rate, fixed=r.fixed, source=r.source) for r in rows)


# --- bases -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BaseDTO:
    id: int
    member_id: int
    name: str
    branch: str
    record: BaseRecord
    monthly: Decimal | None  # what the record gives for its first month
    explanation: str  # the bracket, or why the amount is its own
    version: int
    deleted_at: datetime | None = None
    # the reason given when it was saved though its 起始月份 reaches back before the member's 支部调整
    # (the 缴费基数 form's rule warning, services/dues/base_reach.py): shown with it, "" when none
    reach_reason: str = ""

    def to_input(self) -> BaseInput:
        r = self.record
        return BaseInput(r.member_id, r.category.value, r.applies_from, r.base if r.parts is None else None,
                         tuple(p if p is not None else "" for p in r.parts) if r.parts else (),
                         r.basis.value if r.basis else "", r.own_amount, r.note, r.approved_by, r.approved_on,
                         r.confirmed_on)


def _member(session: Session, member_id: int | None) -> Member:
    member = session.get(Member, member_id) if member_id is not None else None
    if member is None or member.deleted_at is not None:
        raise NotFound("党员不存在或已删除")
    return member


def _base_dto(session: Session, row: DuesBase, tables: RateTables | None = None,
              settings: DuesSettings | None = None) -> BaseDTO:
    member = session.get(Member, row.member_id)
    assert member is not None
    branch = session.get(Organisation, member.branch_id)
    record = base_record(row)
    settings = settings or load_settings(session)
    due = due_for(record, tables or load_tables(session), record.applies_from, settings.rounding)
    if record.category.value in ("自愿多交", "减免"):
        why = f"按标准应交 {money(due.standard.amount)} 元" if due.standard else "自定金额"
    else:
        why = due.standard.explanation if due.standard else "缺少缴费基数或比例表"
    return BaseDTO(row.id, row.member_id, member.name, branch.name if branch else "", record, due.amount, why,
                   row.version, row.deleted_at)


def member_bases(db: Database, member_id: int, *, deleted: bool = False) -> list[BaseDTO]:
    """A member's base history, newest first (deleted=True: the ones in the recycle bin)."""
    with db.reading(), db.session() as session:
        rows = session.scalars(select(DuesBase).where(
            DuesBase.member_id == member_id,
            DuesBase.deleted_at.is_not(None) if deleted else DuesBase.deleted_at.is_(None))
            .order_by(DuesBase.applies_from.desc(), DuesBase.id.desc())).all()
        tables, settings = load_tables(session), load_settings(session)
        notes = reasons(session)
        return [_with_reach_reason(_base_dto(session, r, tables, settings), notes) for r in rows]


def _with_reach_reason(dto: BaseDTO, notes: Mapping[tuple[str, str], str]) -> BaseDTO:
    """The base with the reason kept when it was saved reaching back (DUES-BASE-CHANGE; its finding's key:
    services/dues/base_reach.py — the member's branch, name, REACH_STEP and the base's first month)."""
    key = subject(Finding(Severity.WARNING, "", rule=BASE_RULE, branch=dto.branch, person=dto.name,
                          step=REACH_STEP, period=reach_period(dto.record.applies_from)))
    reason = notes.get((BASE_RULE, key), "")
    return replace(dto, reach_reason=reason) if reason else dto


def check_base(session: Session, data: BaseInput, today: date) -> tuple[CheckedBase | None, list[FieldError]]:
    settings = load_settings(session)
    checked, errors = validate_base(data, load_tables(session), today, settings.rounding)
    if data.member_id is not None:
        member = session.get(Member, data.member_id)
        if member is None or member.deleted_at is not None:
            errors.append(FieldError("党员", "花名册中没有这名党员（可能已被删除）"))
    return checked, errors


def check_preview(db: Database, data: BaseInput, today: date | None = None) -> str:
    """What the form shows while typing: the monthly amount and its bracket, or what is missing."""
    with db.reading(), db.session() as session:
        settings, tables = load_settings(session), load_tables(session)
        checked, errors = validate_base(data, tables, today or date.today(), settings.rounding)
    if checked is None:
        shown = [e for e in errors if e.field != "党员"]
        return f"{shown[0].field}：{shown[0].message}" if shown else ""
    record = BaseRecord(0, data.member_id or 0, checked.category, checked.applies_from, checked.base, checked.parts,
                        checked.basis, checked.own_amount)
    due = due_for(record, tables, checked.applies_from, settings.rounding)
    base = f"缴费基数 {money(checked.base)} 元，" if checked.base is not None else ""
    if due.amount is None:
        return f"{base}比例表中没有 {checked.applies_from.label}适用的档次"
    why = due.standard.explanation if due.standard else ""
    if checked.category.value in ("自愿多交", "减免") and due.standard is not None:
        why = f"按标准应交 {money(due.standard.amount)} 元"
    return f"{base}每月应交 {money(due.amount)} 元" + (f"（{why}）" if why else "")


def apply_base(row: DuesBase, data: BaseInput, checked: CheckedBase, today: date) -> None:
    assert data.member_id is not None
    row.member_id = data.member_id
    row.category = checked.category.value
    row.applies_from = checked.applies_from.key
    row.base = checked.base
    for column, value in zip(PART_COLUMNS, checked.parts or (None,) * 4, strict=True):
        setattr(row, column, value)
    row.basis = checked.basis.value if checked.basis else ""
    row.own_amount = checked.own_amount
    row.note = data.note.strip()
    row.approved_by = data.approved_by.strip() if checked.category.value == "减免" else ""
    row.approved_on = data.approved_on if checked.category.value == "减免" else None
    row.confirmed_on = data.confirmed_on or today


def _base_problems(session: Session, data: BaseInput, record_id: int | None,
                   today: date) -> tuple[CheckedBase | None, list[FieldError]]:
    """What save_base refuses: the form's values, and a second base of the member from the same month."""
    checked, errors = check_base(session, data, today)
    if checked is not None and not errors:
        clash = session.scalar(select(DuesBase.id).where(
            DuesBase.member_id == data.member_id, DuesBase.applies_from == checked.applies_from.key,
            DuesBase.deleted_at.is_(None), DuesBase.id != (record_id or 0)))
        if clash is not None:
            errors.append(FieldError("起始月份", f"已有从 {checked.applies_from.label}起的基数记录，"
                                                "请修改那一条，或选择另一个起始月份"))
    return checked, errors


def base_problems(db: Database, data: BaseInput, record_id: int | None = None,
                  today: date | None = None) -> list[FieldError]:
    """The problems save_base would refuse the base for, read before the form asks for a rule warning's
    reason (the 缴费基数 form: a reason is asked only of a base that can be saved)."""
    with db.reading(), db.session() as session:
        checked, errors = _base_problems(session, data, record_id, today or date.today())
        return errors or ([] if checked is not None else [FieldError("缴费基数", "请检查填写的内容")])


def save_base(db: Database, data: BaseInput, record_id: int | None = None, *, expected_version: int | None = None,
              today: date | None = None) -> BaseDTO:
    """Add (record_id None) or correct one base record. A new base for a pay rise is a new record
    from its month (the history stays); correcting a typo edits the record."""
    today = today or date.today()
    with db.session() as session:
        checked, errors = _base_problems(session, data, record_id, today)
        if errors or checked is None:
            raise ValidationFailed(errors)
        row = row_to_edit(session, DuesBase, record_id, expected_version, "这条缴费基数记录", "缴费基数记录不存在或已删除")
        apply_base(row, data, checked, today)
        try:
            session.flush()
        except StaleDataError:
            raise ConflictError("这条缴费基数记录已被他人修改，请重新打开后再编辑") from None
        return _base_dto(session, row)


def confirm_base(db: Database, record_id: int, on: date | None = None) -> BaseDTO:
    """The base was checked against the current pay and is unchanged: only its 核定日期 moves."""
    with db.session() as session:
        row = session.get(DuesBase, record_id)
        if row is None or row.deleted_at is not None:
            raise NotFound("缴费基数记录不存在或已删除")
        row.confirmed_on = on or date.today()
        session.flush()
        return _base_dto(session, row)


def delete_base(db: Database, record_id: int) -> None:
    with db.session() as session:
        row = session.get(DuesBase, record_id)
        if row is None or row.deleted_at is not None:
            raise NotFound("缴费基数记录不存在或已删除")
        row.deleted_at = datetime.now()


def record_transfer_in(db: Database, member_id: int, on: date, counterpart: str = "", reason: str = "") -> None:
    """Record the day a member's organisational relation arrived here (转入): dues are owed here from
    the first month whose first day finds the member on this branch's roster."""
    check_transfer_origin(counterpart)
    with db.session() as session:
        member = _member(session, member_id)
        check_event_date(member, on, "转入日期")
        session.add(MemberMove(member_id=member_id, kind=MoveKind.TRANSFER_IN.value, move_date=on,
                               counterpart=counterpart.strip(), reason=reason.strip()))


# --- payments ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PaymentDTO:
    id: int
    member_id: int
    name: str
    branch_id: int
    branch: str
    paid_on: date | None
    amount: Decimal
    months: tuple[Month, ...]
    method: str
    collector: str
    receipt_no: str
    note: str
    noted_late: bool
    version: int
    deleted_at: datetime | None = None

    @property
    def months_text(self) -> str:
        return span_text(self.months)


def check_payments(session: Session, entries: list[PaymentInput],
                   today: date) -> tuple[list[Decimal], list[tuple[int, FieldError]]]:
    """Validate a batch: each entry on its own, then against what is already paid. Each error comes
    with the index of its entry and names the member (the 收缴 dialog and an import show which one)."""
    settings = load_settings(session)
    tables = load_tables(session)
    names: dict[int, str] = {}
    amounts: list[Decimal] = []
    errors: list[tuple[int, FieldError]] = []
    ids = {e.member_id for e in entries if e.member_id is not None}
    for mid, name, deleted in session.execute(select(Member.id, Member.name, Member.deleted_at).where(Member.id.in_(ids))):
        if deleted is None:
            names[mid] = name
    months = [m for e in entries for m in e.months]
    paid = load_paid(session, min(months), max(months), member_ids=ids) if months else {}
    bases = load_bases(session, member_ids=ids) if months else {}
    batch: dict[tuple[int, Month], Decimal] = defaultdict(Decimal)
    for index, entry in enumerate(entries):
        amount, found = validate_payment(entry, today)
        who = names.get(entry.member_id or -1, "")
        if entry.member_id is not None and not who:
            found.append(FieldError("党员", "花名册中没有这名党员（可能已被删除）"))
        amounts.append(amount or Decimal(0))
        errors += [(index, FieldError(e.field, f"{who}：{e.message}" if who else e.message)) for e in found]
        if found or entry.member_id is None or amount is None:
            continue
        dues = [due_for(base_in_force(bases.get(entry.member_id, []), m), tables, m, settings.rounding).amount
                for m in entry.months]
        for month, share, due in zip(entry.months, split_amount(amount, dues), dues, strict=True):
            before = sum((p.amount for p in paid.get(entry.member_id, {}).get(month, [])), Decimal(0))
            before += batch[(entry.member_id, month)]
            batch[(entry.member_id, month)] += share
            if before > 0 and (due is None or before >= due):
                errors.append((index, FieldError("月份", f"{who}：{month.label}已交 {money(before)} 元，不能重复登记")))
    return amounts, errors


def write_payment(session: Session, entry: PaymentInput, amount: Decimal, dues: list[Decimal | None]) -> DuesPayment:
    method = parse_method(entry.method)
    payment = DuesPayment(member_id=entry.member_id, paid_on=entry.paid_on, amount=amount,
                          method=method.value if method else "", collector=entry.collector.strip(),
                          receipt_no=entry.receipt_no.strip(), note=entry.note.strip(), noted_late=entry.noted_late)
    session.add(payment)
    session.flush()
    for month, share in zip(entry.months, split_amount(amount, dues), strict=True):
        session.add(DuesPaymentMonth(payment_id=payment.id, member_id=entry.member_id, month=month.key, amount=share))
    return payment


def record_payments(db: Database, entries: list[PaymentInput], *, today: date | None = None) -> list[PaymentDTO]:
    """收缴: one payment per entry (a member and the months it covers), all in one transaction — all
    are written or none. Months already paid in full are refused; a payment below the computed
    amount is recorded (the book shows what was paid) and the check reports the shortfall."""
    today = today or date.today()
    if not entries:
        raise ValidationFailed([FieldError("月份", "没有选择要登记的党员和月份")])
    with db.session() as session:
        amounts, errors = check_payments(session, entries, today)
        if errors:
            raise ValidationFailed([e for _i, e in errors])
        settings, tables = load_settings(session), load_tables(session)
        bases = load_bases(session, member_ids={e.member_id for e in entries if e.member_id is not None})
        written = []
        for entry, amount in zip(entries, amounts, strict=True):
            assert entry.member_id is not None
            dues = [due_for(base_in_force(bases.get(entry.member_id, []), m), tables, m, settings.rounding).amount
                    for m in entry.months]
            written.append(write_payment(session, entry, amount, dues).id)
        session.flush()
        return _payments(session, ids=written)


def _payments(session: Session, *, ids: list[int] | None = None, year: int | None = None,
              branch: str | int | None = None, member_id: int | None = None, deleted: bool = False) -> list[PaymentDTO]:
    """The payments asked for, each under the branch that collected it: the one whose roster the member
    was on on the first day of its first month (a member a dated 支部调整 moved paid January–June to
    the old branch: those payments are the old branch's, listed there — obligation.py). With `branch`:
    the payments covering a month of that branch's."""
    query = (select(DuesPayment, Member.name, Member.branch_id)
             .join(Member, Member.id == DuesPayment.member_id)
             .where(DuesPayment.deleted_at.is_not(None) if deleted else DuesPayment.deleted_at.is_(None)))
    if ids is not None:
        query = query.where(DuesPayment.id.in_(ids))
    if member_id is not None:
        query = query.where(DuesPayment.member_id == member_id)
    moves = branch_moves(session)
    wanted: set[int] | None = None
    if branch is not None and branch != "":
        wanted = {branch} if isinstance(branch, int) else set(org_ids_named(session, branch))
        movers = [mid for mid, own in moves.items() if any({m.from_branch, m.to_branch} & wanted for m in own)]
        query = query.where(or_(Member.branch_id.in_(wanted), Member.id.in_(movers)))
    rows = session.execute(query.order_by(DuesPayment.paid_on, DuesPayment.id)).all()
    names: dict[int, str] = {i: n for i, n in session.execute(select(Organisation.id, Organisation.name))}
    months: dict[int, list[Month]] = defaultdict(list)
    listed = [r[0].id for r in rows]
    for start in range(0, len(listed), 500):
        for payment_id, key in session.execute(select(DuesPaymentMonth.payment_id, DuesPaymentMonth.month).where(
                DuesPaymentMonth.payment_id.in_(listed[start:start + 500])).order_by(DuesPaymentMonth.month)):
            months[payment_id].append(Month.from_key(key))
    result = []
    for p, name, roster_branch in rows:
        covered = tuple(months[p.id])
        if year is not None and not any(m.year == year for m in covered) and not (p.paid_on and p.paid_on.year == year):
            continue
        periods = branch_periods(roster_branch, moves.get(p.member_id, ()))
        branches = [branch_on(periods, m.first_day) or roster_branch for m in covered] or [roster_branch]
        if wanted is not None and not wanted.intersection(branches):
            continue
        result.append(PaymentDTO(p.id, p.member_id, name, branches[0], names.get(branches[0], ""), p.paid_on, p.amount,
                                 covered, p.method, p.collector, p.receipt_no, p.note, p.noted_late, p.version,
                                 p.deleted_at))
    return result


def list_payments(db: Database, *, year: int | None = None, branch: str | int | None = None,
                  member_id: int | None = None, deleted: bool = False) -> list[PaymentDTO]:
    """Payments covering a month of `year` or paid in it (or all), oldest first."""
    with db.reading(), db.session() as session:
        return _payments(session, year=year, branch=branch, member_id=member_id, deleted=deleted)


def delete_payment(db: Database, payment_id: int) -> None:
    """Move a payment entered by mistake to the recycle bin; its months show as unpaid again."""
    delete_payments(db, [payment_id])


def delete_payments(db: Database, payment_ids: list[int]) -> None:
    """Several payments to the recycle bin in one transaction (all or none)."""
    with db.session() as session:
        now = datetime.now()
        for payment_id in payment_ids:
            row = session.get(DuesPayment, payment_id)
            if row is None or row.deleted_at is not None:
                raise NotFound("交纳记录不存在或已删除")
            row.deleted_at = now


# --- hand-ups (上缴) -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class HandUpDTO:
    record: HandUp
    version: int


class BeyondCollected(RuleViolation):
    """A 上缴 larger than what was collected for its months and not yet handed up (DUES-TIMING): saved
    only when the user confirms it (`beyond_collected=True`)."""

    def __init__(self, amount: Decimal, room: Decimal, first: Month, last: Month, handed_on: date) -> None:
        self.amount, self.room = amount, room
        super().__init__(f"上缴金额 {money(amount)} 元多于{span_text(months_between(first, last))}已收缴、尚未上缴的"
                         f" {money(room)} 元（截至 {handed_on:%Y-%m-%d}）。党支部不得预交党费，请核对金额和所属月份。")


def _room(session: Session, branch_id: int, first: Month, last: Month, handed_on: date | None,
          record_id: int | None, today: date) -> Decimal:
    ledgers = [m for year in range(first.year, last.year + 1)
               for b in load_year(session, year, today, branch_id).branches for m in b.ledgers]
    hand_ups = [h for h in load_hand_ups(session, [branch_id]).get(branch_id, []) if h.id != record_id]
    return room_for_hand_up(ledgers, hand_ups, first, last, handed_on)


def hand_up_room(db: Database, branch_id: int, first: Month, last: Month, *, handed_on: date | None = None,
                 record_id: int | None = None, today: date | None = None) -> Decimal:
    """What a 上缴 of these months can hold: collected for them (by `handed_on`) and not yet handed up
    (`record_id`: the 上缴 being corrected is not counted as handed up). The form offers it as the amount."""
    with db.reading(), db.session() as session:
        return _room(session, branch_id, first, last, handed_on, record_id, today or date.today())


def save_hand_up(db: Database, data: HandUpInput, record_id: int | None = None, *,
                 expected_version: int | None = None, today: date | None = None,
                 beyond_collected: bool = False) -> HandUpDTO:
    """Save a 上缴. One larger than what was collected for its months by its day and not yet handed up is
    refused (BeyondCollected, which says how much there is) unless `beyond_collected`: the user asked."""
    today = today or date.today()
    amount, errors = validate_hand_up(data, today)
    with db.session() as session:
        branch = session.get(Organisation, data.branch_id) if data.branch_id is not None else None
        if data.branch_id is not None and (branch is None or branch.deleted_at is not None):
            errors.append(FieldError("党支部", "党支部不存在或已删除"))
        if errors:
            raise ValidationFailed(errors)
        assert branch is not None and amount is not None and data.first and data.last and data.handed_on
        row = row_to_edit(session, DuesHandUp, record_id, expected_version, "这条上缴记录", "上缴记录不存在或已删除")
        if not beyond_collected:
            with session.no_autoflush:  # the new row is not written before its fields are set
                room = _room(session, branch.id, data.first, data.last, data.handed_on, record_id, today)
            if amount > room:
                raise BeyondCollected(amount, room, data.first, data.last, data.handed_on)
        row.branch_id, row.handed_on, row.amount = branch.id, data.handed_on, amount
        row.first_month, row.last_month = data.first.key, data.last.key
        row.handled_by, row.receipt_no, row.note = data.handled_by.strip(), data.receipt_no.strip(), data.note.strip()
        try:
            session.flush()
        except StaleDataError:
            raise ConflictError("这条上缴记录已被他人修改，请重新打开后再编辑") from None
        return HandUpDTO(hand_up_record(row, branch.name), row.version)


def list_hand_ups(db: Database, *, year: int | None = None, branch: str | int | None = None) -> list[HandUpDTO]:
    with db.reading(), db.session() as session:
        query = (select(DuesHandUp, Organisation.name).join(Organisation, Organisation.id == DuesHandUp.branch_id)
                 .where(DuesHandUp.deleted_at.is_(None)))
        if year is not None:
            query = query.where(DuesHandUp.first_month <= Month(year, 12).key,
                                DuesHandUp.last_month >= Month(year, 1).key)
        if isinstance(branch, int):
            query = query.where(DuesHandUp.branch_id == branch)
        elif branch:
            query = query.where(Organisation.id.in_(org_ids_named(session, branch)))
        return [HandUpDTO(hand_up_record(row, name), row.version)
                for row, name in session.execute(query.order_by(DuesHandUp.handed_on, DuesHandUp.id))]


def delete_hand_up(db: Database, record_id: int) -> None:
    with db.session() as session:
        row = session.get(DuesHandUp, record_id)
        if row is None or row.deleted_at is not None:
            raise NotFound("上缴记录不存在或已删除")
        row.deleted_at = datetime.now()
