"""Excel in and out for 党费: `import dues` (the long form and the wide 登记表 — a school's own sheets,
title rows and merged headers included), `import dues-base`, `export dues` (the year's ledger per
branch, formatted for print, and the 公示 sheet) and the templates.

Imports are all or nothing with a Chinese report naming sheet, row and column. A member is found by
name within the branch on the row (or named in the sheet's title, or the sheet's own name); a name
two members of a branch share is refused. An amount that does not match the rate is imported and
reported (the book records what was paid); a month already recorded with the same amount is
unchanged, so an exported ledger imports back without doubling anything; what such a row adds (缴纳日期,
收款人 …) fills the stored payment, and what differs is reported (import_merge.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import DuesBase
from branchdesk.domain.dues.amounts import add_up, parse_amount
from branchdesk.domain.dues.bases import PARTS, BaseInput, CheckedBase
from branchdesk.domain.dues.months import Month, span_text
from branchdesk.domain.dues.obligation import Obligation
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.domain.dues.rates import money
from branchdesk.domain.progress import Cancelled, IsCancelled, Progress
from branchdesk.domain.validation import FieldError
from branchdesk.io.dues_xlsx import BaseRow, PaymentRow, WideRow, read_base_list, read_dues_workbook
from branchdesk.io.dues_xlsx_write import (
    BranchLedger,
    write_base_template,
    write_dues_template,
    write_dues_workbook,
)
from branchdesk.io.xlsx_reader import ImportFileError
from branchdesk.services.absent_columns import absent_fields, kept_note, with_stored
from branchdesk.services.dues.import_job import (
    ImportJob,
    Members,
    arrears_checks,
    base_reaches_back,
    wide_checks,
)
from branchdesk.services.dues.import_merge import Entry, apply_fills, drop_recorded, note_methods
from branchdesk.services.dues.records import apply_base, check_base, check_payments, write_payment
from branchdesk.services.dues.store import (
    PART_COLUMNS,
    load_bases,
    load_year,
    obligations_for,
)
from branchdesk.services.errors import NotFound
from branchdesk.services.import_report import ImportReport, PreviewRow, RowProblem
from branchdesk.services.one_branch import roster_first
from branchdesk.services.roster.organisation import get_school_name

KIND = "党费交纳记录"
BASE_KIND = "党员缴费基数"
PREVIEW_HEADERS = ("工作表", "所在党支部", "姓名", "月份", "金额", "缴纳日期")
BASE_PREVIEW = ("所在党支部", "姓名", "缴纳类别", "缴费基数", "起始月份")


def _collect(job: ImportJob, rows: list[tuple[PaymentRow, str]]) -> list[Entry]:
    entries: list[Entry] = []
    elsewhere: dict[tuple[str, int, int], dict[int, list[Month]]] = {}
    for row, default_branch in rows:
        branch = row.branch or default_branch
        member_id, problem = job.members.find(branch, row.name)
        if problem is not None:
            job.problem(row.sheet, row.row, problem.field, row.columns.get(problem.field, ""), problem.message)
            continue
        assert member_id is not None
        _note_moved(job, branch, member_id)
        for other, months in job.members.elsewhere(branch, member_id, row.months).items():
            elsewhere.setdefault((row.sheet, row.row, member_id), {}).setdefault(other, []).extend(months)
        data = PaymentInput(member_id, row.months, row.amount, row.paid_on, row.method, row.collector, row.receipt_no,
                            row.note, row.noted_late, date_required=False, errors=list(row.errors))
        entries.append(Entry(row, data, job.members.branches.get(branch) if branch else None))
    job.owes = obligations_for(job.session, [pair for e in entries if (mid := e.data.member_id) is not None
                                             for pair in ((mid, None), (mid, e.branch_id))])
    for (sheet, number, member_id), found in elsewhere.items():
        for other, months in found.items():
            # a month the member owed no branch (before joining, after leaving) is not the other
            # branch's to collect: _rate_warnings says it is outside the member's months
            owed = sorted({m for m in months if _member_in(job.owes[(member_id, None)], m)})
            if not owed:
                continue
            there = job.members.branch_names.get(other, "其他党支部")
            job.warn(sheet, number, f"{job.members.names[member_id]}{span_text(owed)}不在本支部"
                                    f"（{job.members.move_text(member_id)}），应由{there}收缴登记；"
                                    f"已按表导入为本人的交纳记录，请与{there}核对")
    return entries


def _member_in(owed: Obligation, month: Month) -> bool:
    """The month lies within the member's membership as far as it is known (入党 / 转入 to leaving)."""
    return (owed.member_from is None or owed.member_from <= month) and (owed.last is None or month <= owed.last)


def _note_moved(job: ImportJob, branch: str, member_id: int) -> None:
    """A member the sheet's branch lists who has since moved to another branch (支部调整)."""
    if job.members.moved_from(branch, member_id) and member_id not in job.moved:
        job.moved.add(member_id)
        job.report.notes.append(f"{job.members.names[member_id]}：{job.members.move_text(member_id)}；"
                                f"按{branch}的表导入其调整前各月的交纳记录")


def _rate_warnings(job: ImportJob, entries: list[Entry]) -> None:
    """What is imported as written but worth a look: less than the rate, or a month not owed here — by
    the branch whose sheet lists it (a member moved by 支部调整 owes each branch its own months,
    obligation.py); a month the member owed another branch is said by _collect."""
    for entry in entries:
        mid = entry.data.member_id
        amount, problem = parse_amount(entry.data.amount)
        if problem or amount is None or mid is None:
            continue
        here, whole = job.owes[(mid, entry.branch_id)], job.owes[(mid, None)]
        months = entry.data.months
        outside = [(here, [m for m in months if here.here(m) and not here.owes(m)]),
                   (whole, [m for m in months if not here.here(m) and not _member_in(whole, m)])]
        for owed, found in outside:
            if found and owed.first is not None:
                job.warn(entry.row.sheet, entry.row.row, f"{job.members.names[mid]}{span_text(found)}不在本支部的"
                                                         f"应交月份内（{owed.text}），已按表导入")
        dues = [job.due(mid, m) for m in months]
        expected = add_up(dues)
        if expected is not None and amount < expected:
            job.warn(entry.row.sheet, entry.row.row,
                     f"{job.members.names[mid]}{months[0].label}{'等' if len(dues) > 1 else ''}应交 "
                     f"{money(expected)} 元，实交 {money(amount)} 元（已按实交导入，检查中列为少交）")


def import_dues(db: Database, path: Path, *, year: int | None = None, dry_run: bool = False,
                progress: Progress | None = None, cancelled: IsCancelled | None = None,
                today: date | None = None) -> ImportReport:
    """`branchdesk import dues FILE`: check every row of every sheet first; write only when none has a
    problem (`dry_run` writes nothing)."""
    today = today or date.today()
    report = ImportReport(kind=KIND, dry_run=dry_run)
    if first := roster_first(db, KIND):
        report.problems.append(RowProblem(0, "", "", first))
        return report
    try:
        book = read_dues_workbook(Path(path), year=year)
    except ImportFileError as exc:
        report.problems.append(RowProblem(0, "", "", str(exc)))
        return report
    for sheet in book.sheets:
        if sheet.year is None and (sheet.shape == "wide" or any(not p.months for p in sheet.payments)):
            report.problems.append(RowProblem(0, "", "", f"工作表“{sheet.name}”无法确定年度：请在标题中写明年度"
                                                         "（如“2025年度党费收缴登记表”），或导入时指定年度（--year）"))
    if report.problems:
        return report
    if book.skipped:
        report.notes.append(f"未读取的工作表（没有党费表头）：{'、'.join(book.skipped)}")
    many = len(book.sheets) > 1
    for sheet in book.sheets:  # what the header names but is not read, the columns not read
        where = f"工作表“{sheet.name}”" if many else ""
        report.warnings.extend(where + text for text in sheet.warnings)
        # a column holding data not read: warned, and the rows' problems it causes folded into one line (TL-17)
        report.add_unread(replace(c, sheets=(sheet.name,)) if many else c for c in sheet.unread)
        report.notes.extend(where + text for text in sheet.notes)
    with db.session() as session:
        job = ImportJob(session, report, today, many)
        rows: list[tuple[PaymentRow, str]] = []
        found: list[tuple[WideRow, int]] = []  # the 登记簿 rows and their members
        shown: list[tuple[PaymentRow, str]] = []  # the preview: every row read, the rows in error too (TL-10)
        for sheet in book.sheets:
            default = job.members.branch_in(sheet.name, sheet.title)
            for wide in sheet.members:
                member_id, problem = job.members.find(wide.branch or default, wide.name)
                if problem is not None:
                    job.problem(wide.sheet, wide.row, problem.field, wide.columns.get(problem.field, ""), problem.message)
                    shown += [(p, default) for p in wide.payments] or [
                        (PaymentRow(wide.sheet, wide.row, wide.branch, wide.name, [], None, None), default)]
                    continue
                assert member_id is not None
                _note_moved(job, wide.branch or default, member_id)
                job.note_remark(wide, member_id)
                wide_checks(job, wide, member_id, wide.branch or default)
                found.append((wide, member_id))
                rows += [(p, default) for p in wide.payments]
                shown += [(p, default) for p in wide.payments]
            rows += [(p, default) for p in sheet.payments]
            shown += [(p, default) for p in sheet.payments]
        report.rows_read = len({(r.sheet, r.row) for r, _d in rows}) + sum(
            1 for s in book.sheets for w in s.members if not w.payments)
        report.preview_headers = PREVIEW_HEADERS
        report.preview = [PreviewRow(job.row(r.sheet, r.row), (r.sheet, r.branch or d, r.name, "、".join(m.label for m in r.months),
                                             str(r.amount if r.amount is not None else ""),
                                             f"{r.paid_on:%Y-%m-%d}" if r.paid_on else ""))
                          for r, d in shown]
        collected = _collect(job, rows)
        entries, fills = drop_recorded(job, collected)
        if cancelled and cancelled():
            raise Cancelled("已取消导入，没有写入任何数据")
        for _wide, data, checked in job.new_bases:
            row = DuesBase()
            apply_base(row, data, checked, today)
            session.add(row)
        session.flush()
        _amounts, errors = check_payments(session, [e.data for e in entries], today) if entries else ([], [])
        for index, error in errors:
            entry = entries[index]
            # a 登记簿's month cell holds both its month and amount; a list's row has a column for each
            month_cell = entry.row.column not in ("", "金额")
            field = entry.row.column if error.field == "金额" or (error.field == "月份" and month_cell) else error.field
            job.problem(entry.row.sheet, entry.row.row, field, entry.row.columns.get(field, entry.row.letter), error.message)
        if not report.ok:
            session.rollback()
            return report
        _rate_warnings(job, entries)
        note_methods(job, collected)
        apply_fills(session, fills)
        job.bases = load_bases(session, member_ids={e.data.member_id for e in entries if e.data.member_id})
        for entry in entries:
            amount, _p = parse_amount(entry.data.amount)
            assert amount is not None and entry.data.member_id is not None
            write_payment(session, entry.data, amount, [job.due(entry.data.member_id, m) for m in entry.data.months])
            report.created += 1
            report.row_status[job.row(entry.row.sheet, entry.row.row)] = "新增"
        for wide, _data, _checked in job.new_bases:
            report.row_status.setdefault(job.row(wide.sheet, wide.row), "新增")
        session.flush()
        arrears_checks(job, found)
        if dry_run:
            session.rollback()
    return report


# --- import dues-base ----------------------------------------------------------------------------------------
def import_dues_base(db: Database, path: Path, *, year: int | None = None, dry_run: bool = False,
                     progress: Progress | None = None, cancelled: IsCancelled | None = None,
                     today: date | None = None) -> ImportReport:
    """`branchdesk import dues-base FILE`: each member's 缴纳类别 and 缴费基数 from a month. The same
    member and 起始月份 again updates that record; otherwise a record is added (the history stays)."""
    today = today or date.today()
    report = ImportReport(kind=BASE_KIND, dry_run=dry_run)
    if first := roster_first(db, BASE_KIND):
        report.problems.append(RowProblem(0, "", "", first))
        return report
    try:
        listed = read_base_list(Path(path), year=year)
    except ImportFileError as exc:
        report.problems.append(RowProblem(0, "", "", str(exc)))
        return report
    rows = listed.rows
    report.warnings.extend(listed.warnings)
    report.add_unread(listed.unread)
    report.notes.extend(listed.notes)
    report.rows_read = len(rows)
    if not rows:
        report.problems.append(RowProblem(0, "", "", "表头下面没有任何党员的缴费基数"))
        return report
    report.preview_headers = BASE_PREVIEW
    report.preview = [PreviewRow(r.row, (r.branch, r.name, r.category, str(r.base if r.base is not None else ""),
                                         r.applies_from.label if r.applies_from else "")) for r in rows]
    with db.session() as session:
        members = Members(session)
        existing = {(b.member_id, b.applies_from): b for b in session.scalars(
            select(DuesBase).where(DuesBase.deleted_at.is_(None)))}
        seen: dict[tuple[int, int], int] = {}
        valid: list[tuple[BaseRow, BaseInput, CheckedBase]] = []
        absent = absent_fields(_BASE_OPTIONAL, rows[0].columns)
        kept_for = 0
        for row in rows:
            member_id, problem = members.find(row.branch, row.name)
            data = BaseInput(member_id, row.category, row.applies_from, row.base, row.parts, row.basis, row.own_amount,
                             row.note, row.approved_by, row.approved_on, row.confirmed_on, errors=list(row.errors))
            stored = (existing.get((member_id, row.applies_from.key))
                      if member_id is not None and row.applies_from is not None else None)
            if stored is not None and absent:
                data = _base_with_stored(data, stored, absent)
                kept_for += 1
            checked, found = check_base(session, data, today)
            errors = ([problem] if problem else []) + [e for e in found if e.field != "党员"]
            if not errors and member_id is not None and row.applies_from is not None:
                key = (member_id, row.applies_from.key)
                if key in seen:
                    errors.append(FieldError("起始月份", f"与第 {seen[key]} 行重复（同一党员、同一起始月份）"))
                seen[key] = row.row
            for e in errors:
                report.problems.append(RowProblem(row.row, e.field, row.columns.get(e.field, ""), e.message))
            if not errors and member_id is not None and row.applies_from is not None and (
                    reaching := base_reaches_back(members, row.branch, member_id, row.applies_from, today)):
                report.warnings.append(f"第 {row.row} 行：{reaching}")
            report.row_status[row.row] = "有错误" if errors else ""
            if checked is not None and not errors:
                valid.append((row, data, checked))
        if kept_for:  # said when refused too: why rows of an unread 缴费基数 column gave no 提示 (re-trial 12, N-4)
            report.notes.append(kept_note(dict.fromkeys(absent.values()), kept_for, "条缴费基数记录"))
            if "base" in absent:  # and in the line of an unread column taken for 缴费基数, beside its rows
                report.kept_on_record(absent["base"], kept_for)
        if not report.ok:
            return report
        if cancelled and cancelled():
            raise Cancelled("已取消导入，没有写入任何数据")
        for row, data, checked in valid:
            assert data.member_id is not None and row.applies_from is not None
            record = existing.get((data.member_id, row.applies_from.key))
            if record is None:
                record = DuesBase()
                apply_base(record, data, checked, today)
                session.add(record)
                report.created += 1
                report.row_status[row.row] = "新增"
                continue
            before = _base_values(record)
            apply_base(record, data, checked, today)
            if before == _base_values(record):
                record.confirmed_on = data.confirmed_on or record.confirmed_on
                report.unchanged += 1
                report.row_status[row.row] = "无变化"
            else:
                report.updated += 1
                report.row_status[row.row] = "更新"
        session.flush()
        if dry_run:
            session.rollback()
    return report


# attribute -> its column, which a base list may not have: a record already kept (same member and
# 起始月份) keeps what it holds (services.absent_columns); the four parts are one attribute
_BASE_OPTIONAL = {"base": "缴费基数", **{f"parts{i}": name for i, name in enumerate(PARTS)}, "own_amount": "月交纳金额",
                  "basis": "原缴纳标准", "approved_by": "批准单位", "approved_on": "批准日期", "note": "备注"}


def _base_with_stored(data: BaseInput, record: DuesBase, absent: dict[str, str]) -> BaseInput:
    """`data` with what `record` holds for the columns the list lacks. The 岗位/薪级/绩效/津贴 parts add
    up to the 缴费基数 (domain.dues.bases.validate_base), so a part column the list lacks keeps its
    stored amount only beside parts the row gives, or, when the row gives none, while the row's 缴费基数
    (blank or absent: the stored one) is their total; a new 缴费基数 drops a breakdown that no longer
    adds up to it. The stored 缴费基数 stays only when the row gives no parts."""
    stored_parts = tuple(getattr(record, column) for column in PART_COLUMNS)
    typed = data.parts
    kept = {attr for attr in absent if not attr.startswith("parts")}
    if typed:
        kept.discard("base")
        data = replace(data, parts=tuple(stored_parts[i] if f"parts{i}" in absent else typed[i] for i in range(4)))
    elif all(f"parts{i}" in absent for i in range(4)) and any(p is not None for p in stored_parts):
        base, _problem = parse_amount(data.base if "base" not in absent else record.base)
        if base is None or base == sum((p for p in stored_parts if p is not None), Decimal(0)):
            data = replace(data, parts=stored_parts)
    stored = BaseInput(record.member_id, record.category, None, record.base, stored_parts, record.basis,
                       record.own_amount, record.note, record.approved_by, record.approved_on)
    return with_stored(data, stored, dict.fromkeys(kept))


def _base_values(row: DuesBase) -> tuple[object, ...]:
    return (row.category, row.base, row.post_pay, row.scale_pay, row.merit_pay, row.allowance, row.basis,
            row.own_amount, row.note, row.approved_by, row.approved_on)


# --- export and templates ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExportResult:
    path: Path
    branches: int
    members: int
    summary: str


def export_dues(db: Database, path: Path, *, year: int, branch: str | None = None, unmasked: bool = False,
                as_of: date | None = None) -> ExportResult:
    """The year's ledger, one sheet per branch, with the 汇总 and 公示 sheets."""
    as_of = as_of or min(date.today(), date(year, 12, 31))
    with db.reading(), db.session() as session:
        dues = load_year(session, year, as_of, branch)
        if branch and not dues.branches:
            raise NotFound(f"没有名为“{branch}”的党支部")
        school = get_school_name(db)
    parts = [BranchLedger(b.branch, b.ledgers, b.book) for b in dues.branches]
    scope = branch or school or "全校"
    write_dues_workbook(Path(path), scope=scope, year=year, as_of=as_of, parts=parts, unmasked=unmasked, school=school)
    members = len({m.member.member_id for p in parts for m in p.ledgers})  # a member moved between branches: once
    shown = "（含缴费基数）" if unmasked else "（公示表未列缴费基数）"
    return ExportResult(Path(path), len(parts), members,
                        f"已导出{scope}{year}年度党费收缴登记表：{len(parts)} 个党支部、{members} 名党员{shown}，到 {path}")


def export_dues_template(path: Path) -> None:
    write_dues_template(Path(path))


def export_base_template(path: Path) -> None:
    write_base_template(Path(path))
