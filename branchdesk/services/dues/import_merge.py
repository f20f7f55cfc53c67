"""A payment row of `import dues` for months already recorded (an exported ledger imported back, or a
list of the month's 收缴 after the 登记表): nothing the row says is dropped without a word.

- Same months, same amount: the payment stands. What the row adds to it — 缴纳日期, 缴纳方式, 收款人,
  收据编号, 备注 the stored payment lacks — is filled in (counted as 更新, the fields named); a field
  both hold with different values is kept as stored and reported beside the row, with both values.
- A different amount is refused: the book already says something else.
Also the words read as another: 缴纳方式 "微信" is stored as 线上 (said once per word, as other imports do).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from branchdesk.db.models import DuesPayment
from branchdesk.domain.dues.amounts import parse_amount
from branchdesk.domain.dues.months import Month, span_text
from branchdesk.domain.dues.payments import PaidMonth, PaymentInput, parse_method, validate_payment
from branchdesk.domain.dues.rates import money
from branchdesk.domain.synonyms import Mapped
from branchdesk.io.dues_xlsx import PaymentRow
from branchdesk.services.dues.import_job import ImportJob
from branchdesk.services.dues.store import load_paid

# what a payment row may add to a stored payment: (column, attribute)
FILLABLE = (("缴纳日期", "paid_on"), ("缴纳方式", "method"), ("收款人", "collector"), ("收据编号", "receipt_no"),
            ("备注", "note"))


@dataclass
class Entry:
    row: PaymentRow
    data: PaymentInput
    branch_id: int | None = None  # the branch whose sheet lists the row (None: the sheet names none)


@dataclass
class Fill:
    """Fields of a stored payment to fill from a row (applied once the whole file is accepted)."""

    payment_id: int
    values: dict[str, object] = field(default_factory=dict)


def _given(data: PaymentInput) -> dict[str, object]:
    """The row's own values of FILLABLE, blank ones left out; 缴纳方式 as stored (微信 → 线上)."""
    method = parse_method(data.method)
    values: dict[str, object] = {"paid_on": data.paid_on, "method": method.value if method else "",
                                 "collector": data.collector.strip(), "receipt_no": data.receipt_no.strip(),
                                 "note": data.note.strip()}
    return {k: v for k, v in values.items() if v not in (None, "")}


def _shown(value: object) -> str:
    return f"{value:%Y-%m-%d}" if isinstance(value, date) else str(value)


def _merge(job: ImportJob, entry: Entry, existing: list[PaidMonth], fills: list[Fill]) -> None:
    """Same months and amount as stored: fill what the stored payment lacks, report what differs."""
    row, data = entry.row, entry.data
    assert data.member_id is not None
    who = f"{job.members.names[data.member_id]}{span_text(data.months)}"
    _amount, errors = validate_payment(data, job.today)
    for e in errors:
        job.problem(row.sheet, row.row, e.field, row.columns.get(e.field, row.letter), e.message)
    if errors:
        return
    given = _given(data)
    ids = list(dict.fromkeys(p.payment_id for p in existing))
    if given and len(ids) > 1:
        names = "、".join(c for c, a in FILLABLE if a in given)
        job.warn(row.sheet, row.row, f"{who}已分 {len(ids)} 笔登记，表中的{names}没有导入，请在党费页面核对")
    stored = job.session.get(DuesPayment, ids[0]) if given and len(ids) == 1 else None
    fill = Fill(ids[0])
    differ = []
    if stored is not None:
        for column, attr in FILLABLE:
            if attr not in given:
                continue
            kept = getattr(stored, attr)
            if kept in (None, ""):
                fill.values[attr] = given[attr]
            elif kept != given[attr]:
                differ.append(f"{column}表中为“{_shown(given[attr])}”，已登记为“{_shown(kept)}”")
        if data.noted_late and not stored.noted_late and stored.paid_on is None and "paid_on" not in fill.values:
            fill.values["noted_late"] = True
    if differ:
        job.warn(row.sheet, row.row, f"{who}已登记交纳 {money(sum((p.amount for p in existing), Decimal(0)))} 元；"
                                     f"{'；'.join(differ)}，未修改，请在党费页面核对")
    if fill.values:
        fills.append(fill)
        filled = [c for c, a in FILLABLE if a in fill.values] + (["补交标记"] if "noted_late" in fill.values else [])
        job.report.updated += 1
        job.report.row_status[job.row(row.sheet, row.row)] = "更新"
        where = f"工作表“{row.sheet}”" if job.many else ""
        job.report.notes.append(f"{where}第 {row.row} 行：{who}已登记的交纳记录补填了{'、'.join(filled)}")
    else:
        job.report.unchanged += 1
        job.report.row_status.setdefault(job.row(row.sheet, row.row), "无变化")


def drop_recorded(job: ImportJob, entries: list[Entry]) -> tuple[list[Entry], list[Fill]]:
    """The entries to write as new payments, and the fills of stored ones (see the module)."""
    months = [m for e in entries for m in e.data.months]
    if not months:
        return entries, []
    paid = load_paid(job.session, min(months), max(months),
                     member_ids={mid for e in entries if (mid := e.data.member_id) is not None})
    seen: dict[tuple[int, Month], tuple[int, date | None]] = {}
    kept: list[Entry] = []
    fills: list[Fill] = []
    for entry in entries:
        mid, row = entry.data.member_id, entry.row
        assert mid is not None
        clash = next((seen[(mid, m)] for m in entry.data.months if (mid, m) in seen), None)
        if clash is not None and (clash[1] is None or clash[1] == row.paid_on):
            job.problem(row.sheet, row.row, "月份", row.columns.get("月份", row.letter),
                        f"{job.members.names[mid]}的这个月份与第 {clash[0]} 行重复")
            continue
        for m in entry.data.months:
            seen[(mid, m)] = (row.row, row.paid_on)
        existing = [p for m in entry.data.months for p in paid.get(mid, {}).get(m, [])]
        if not existing:
            kept.append(entry)
            continue
        amount, _p = parse_amount(entry.data.amount)
        before = sum((p.amount for p in existing), Decimal(0))
        covered = {p.month for p in existing} == set(entry.data.months)
        if covered and amount == before:
            _merge(job, entry, existing, fills)
            continue
        shown = f"{money(amount)} 元" if amount is not None else f"“{entry.data.amount}”"
        job.problem(row.sheet, row.row, row.column, row.letter,
                    f"{job.members.names[mid]}{entry.data.months[0].label}已登记交纳 {money(before)} 元，"
                    f"与表中的 {shown}不一致；请在党费页面核对后再导入")
    return kept, fills


def apply_fills(session: Session, fills: list[Fill]) -> None:
    for fill in fills:
        payment = session.get(DuesPayment, fill.payment_id)
        assert payment is not None
        for attr, value in fill.values.items():
            setattr(payment, attr, value)


def note_methods(job: ImportJob, entries: list[Entry]) -> None:
    """缴纳方式 words stored as another ("微信" → 线上), once per word with the number of rows."""
    rows: dict[tuple[str, str], set[int]] = {}
    for entry in entries:
        word = "".join(entry.data.method.split())
        method = parse_method(word)
        if word and method is not None and word != method.value:
            rows.setdefault((word, method.value), set()).add(entry.row.row)
    job.report.mapped += [Mapped("缴纳方式", word, value, len(found)) for (word, value), found in rows.items()]
