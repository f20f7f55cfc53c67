"""What `import dues` needs while it reads a file: the members found by name within their branch, the
settings, tables and bases read once, and the checks of a wide 登记表 row's own figures (缴费基数, 比例,
月应交 for "√" cells, 合计).

A row's 缴费基数 is registered for a member who has none, under the 缴纳类别 the person has (DUES-RATE,
domain.md §5): the sheet's 缴纳类别 column, else what the roster's 工作岗位 shows ("退休教师" → 离退休,
"语文教师" → 在职). It is never inferred from the sheet's 比例: a teacher listed at 1% of 8,000 元 is
在职 and paid less than the rule (少交, reported), not a retiree. When neither says, the base is not
registered and the report says so — the months stay 未核定 until someone records the category.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import Member
from branchdesk.domain.dues.amounts import add_up, parse_amount
from branchdesk.domain.dues.bases import (
    BaseInput,
    BaseRecord,
    CheckedBase,
    base_in_force,
    category_of_position,
    due_for,
)
from branchdesk.domain.dues.months import Month, span_text
from branchdesk.domain.dues.obligation import Obligation
from branchdesk.domain.dues.rates import (
    TABLE_OF,
    RateTables,
    TableKind,
    compute,
    money,
    percent,
)
from branchdesk.domain.dues.settings import DuesSettings
from branchdesk.domain.validation import FieldError
from branchdesk.io.dues_xlsx import WideRow
from branchdesk.io.dues_xlsx_write import remarks
from branchdesk.io.xlsx_reader import RowNumber
from branchdesk.services.dues.records import check_base
from branchdesk.services.dues.store import load_bases, load_settings, load_tables, load_year
from branchdesk.services.import_report import ImportReport, RowProblem
from branchdesk.services.member_finder import MemberFinder


# --- finding members ------------------------------------------------------------------------------------
class Members(MemberFinder):
    """The members of a 党费 file (services/member_finder.py), with what the dues import reads besides:
    each member's 工作岗位, and the months a branch's sheet lists that were another branch's."""

    def __init__(self, session: Session) -> None:
        super().__init__(session, enter_in="党费页面")
        self.positions: dict[int, str] = {}  # 工作岗位: what the roster says the person does
        self.joined: dict[int, date] = {}  # 入党日期: the day the 支部大会 passed the admission (domain.md §4)
        for mid, position, joined in session.execute(
                select(Member.id, Member.position, Member.join_date).where(Member.deleted_at.is_(None))):
            self.positions[mid] = (position or "").strip()
            if joined is not None:
                self.joined[mid] = joined

    def elsewhere(self, branch: str, member_id: int, months: list[Month]) -> dict[int, list[Month]]:
        """The months of `months` the member was on another branch's roster than `branch` (on their
        first day), by that branch; empty when no 支部调整 is on record or the sheet names no branch
        (a branch's ledger lists a member who moved out during the year for the months before the
        move: obligation.py, a month belongs to the branch whose roster the member is on on its first
        day)."""
        branch_id = self.branches.get(branch) if branch else None
        if branch_id is None or member_id not in self.moves:
            return {}
        found: dict[int, list[Month]] = defaultdict(list)
        for month in months:
            other = self.branch_on(member_id, month.first_day)
            if other != branch_id:
                found[other].append(month)
        return dict(found)


class ImportJob:
    """One `import dues` run: the report it fills and what it reads once."""

    def __init__(self, session: Session, report: ImportReport, today: date, many_sheets: bool) -> None:
        self.session, self.report, self.today, self.many = session, report, today, many_sheets
        self.members = Members(session)
        self.settings: DuesSettings = load_settings(session)
        self.tables: RateTables = load_tables(session)
        self.bases = load_bases(session)
        self.new_bases: list[tuple[WideRow, BaseInput, CheckedBase]] = []
        self.moved: set[int] = set()  # members listed by a branch they moved out of (said once)
        # (member, branch of the sheet) → the months owed there; (member, None) → owed anywhere
        self.owes: dict[tuple[int, int | None], Obligation] = {}
        self._remarks: dict[int, dict[int, set[str]]] = {}  # year -> member -> what an export writes in 备注

    def row(self, sheet: str, row: int) -> int:
        """The row as the report keys it: with its sheet when the file has several (a RowNumber, labelled
        "工作表“2026”第 5 行"), so a row's problems, status and 提示 are those of its own sheet's row —
        the preview's rows are keyed the same way."""
        return RowNumber(row, sheet) if self.many else row

    def problem(self, sheet: str, row: int, column: str, letter: str, message: str) -> None:
        key = self.row(sheet, row)
        self.report.problems.append(RowProblem(key, column, letter, message))
        self.report.row_status[key] = "有错误"

    def warn(self, sheet: str, row: int, text: str) -> None:
        where = f"工作表“{sheet}”" if self.many else ""
        self.report.warnings.append(f"{where}第 {row} 行：{text}")

    def note_remark(self, wide: WideRow, member_id: int) -> None:
        """A 登记簿 row's 备注 is not imported (it belongs to no one payment): said in a note, unless it
        is what `export dues` writes there for the member (io.dues_xlsx_write.remarks: "欠交2026年11月"),
        so a ledger exported here and imported back does not list its own remarks."""
        if not wide.note:
            return
        if wide.year not in self._remarks:
            self._remarks[wide.year] = defaultdict(set)
            for ledger in load_year(self.session, wide.year, self.today).ledgers:
                self._remarks[wide.year][ledger.member.member_id].add(remarks(ledger))
        if wide.note in self._remarks[wide.year][member_id]:
            return
        where = f"工作表“{wide.sheet}”" if self.many else ""
        self.report.notes.append(f"{where}第 {wide.row} 行{wide.name}的备注“{wide.note}”（{wide.columns['备注']} 列）"
                                 "未导入：登记簿的备注不属于某一个月的交纳记录，需要时请在党费页面相应的交纳记录中补记")

    def due(self, member_id: int, month: Month) -> Decimal | None:
        records = self.bases.get(member_id, [])
        return due_for(base_in_force(records, month), self.tables, month, self.settings.rounding).amount


def arrears_checks(job: ImportJob, rows: list[tuple[WideRow, int]]) -> None:
    """A 登记簿's 欠交 column is not imported: what is owed follows the records (domain.md §5). Each row's
    figure is checked against the records once the sheet's payments are written, as of today; a
    difference is said. A member whose 欠交 cannot be known (未核定, ledger.py), or who has a ledger in
    two branches this year (支部调整), is not compared."""
    years: dict[int, dict[int, list[Decimal | None]]] = {}
    for wide, member_id in rows:
        written, problem = parse_amount(wide.arrears, what="欠交", allow_zero=True)
        if problem or written is None:
            continue
        if wide.year not in years:
            years[wide.year] = defaultdict(list)
            for ledger in load_year(job.session, wide.year, job.today).ledgers:
                years[wide.year][ledger.member.member_id].append(ledger.arrears)
        found = years[wide.year].get(member_id, [])
        if len(found) != 1 or found[0] is None or found[0] == written:
            continue
        job.warn(wide.sheet, wide.row, f"表中欠交 {money(written)} 元，按交纳记录截至 {job.today:%Y-%m-%d} 为 "
                                       f"{money(found[0])} 元（欠交按记录计算，表中的数未导入），请核对")


def wide_checks(job: ImportJob, wide: WideRow, member_id: int, branch: str = "") -> None:
    """The row's own figures: base (imported when the member has none in force from the first month the
    sheet's branch is owed: a base the branch he joined registered from a later month leaves the branch
    left's months without one — review 13, R3-5), 比例, 月应交 for "√" cells, 合计.
    `branch`: the branch whose sheet lists the member (the row's, else the sheet's)."""
    base, problem = parse_amount(wide.base, what="缴费基数")
    if problem:
        job.problem(wide.sheet, wide.row, "缴费基数", wide.columns.get("缴费基数", ""), problem)
        return
    first = first_month_here(job, branch, member_id, wide.year)
    joined = job.members.joined.get(member_id)
    if joined is not None and Month.of(joined) > first:  # dues are paid from the admission (domain.md §4, §5; TR-16)
        first = Month.of(joined)
    records = job.bases.get(member_id, [])
    name = job.members.names[member_id]
    kind: TableKind | None = _table_of(job, member_id, first)
    if base is not None:
        in_force = base_in_force(records, first)
        current = in_force or (records[0] if records else None)
        if in_force is None:  # (none, or only from later months)
            kind = _register_base(job, wide, member_id, base, first)
        elif current is not None and current.base is not None and current.base != base:
            job.warn(wide.sheet, wide.row, f"{name}表中缴费基数 {money(base)} 元与系统中的 "
                                           f"{money(current.base)} 元不一致，系统中的基数未修改，请核对")
    if wide.rate not in (None, "") and base is not None and kind is not None:
        rate = _rate(wide.rate)
        standard = compute(job.tables, kind, base, first.first_day, job.settings.rounding)
        if rate is not None and standard is not None and standard.bracket.rate is not None and rate != standard.bracket.rate:
            job.warn(wide.sheet, wide.row, f"表中比例 {percent(rate)} 与党费规定不符：{name}为{kind.value}党员，"
                                           f"缴费基数 {money(base)} 元每月应交 {money(standard.amount)} 元（{standard.explanation}）")
    paid = Decimal(0)
    # ("补交" / "已交", the amount taken, where from: the row's 月应交 or the base) -> months
    marked: dict[tuple[str, Decimal, str], list[Month]] = {}
    for payment in wide.payments:
        if payment.amount is None and not payment.errors:  # "√" / "已交" / "补交" (merged across the months
            # it covers, or in one): the amount is the row's 月应交 for each month, or the computed one
            monthly, unreadable = parse_amount(wide.monthly, what="月应交")
            word = "补交" if payment.noted_late else "已交"
            dues = [monthly if monthly is not None else job.due(member_id, m) for m in payment.months]
            payment.amount = add_up(dues)
            if payment.amount is None:  # of its 金额 (one problem, not a second "请填写交纳金额"); naming 月应交,
                # so a column holding it under another header folds these into one line (ImportReport.add_unread)
                said = f"“月应交”无法读取（{unreadable}）" if unreadable else "没有填写“月应交”"
                payment.errors.append(FieldError("金额", f"只写了“{word}”，没有金额，{said}，也无法按缴费基数计算；"
                                                       "请填写金额"))
            else:
                source = "按表中月应交" if monthly is not None else "按缴费基数计算每月"
                for month, due in zip(payment.months, dues, strict=True):
                    assert due is not None  # add_up gave a sum
                    marked.setdefault((word, due, source), []).append(month)
        amount, _p = parse_amount(payment.amount)
        paid += amount or Decimal(0)
    for (word, amount, source), months in marked.items():  # said once, not silently turned into an amount
        job.warn(wide.sheet, wide.row, f"{name}{span_text(months)}只标明{word}，没有写金额，{source} {money(amount)} 元登记")
    total, _p = parse_amount(wide.total, what="合计", allow_zero=True)
    if total is not None and wide.payments and total != paid:
        job.warn(wide.sheet, wide.row, f"合计 {money(total)} 元与各月金额之和 {money(paid)} 元不一致（按各月金额导入）")


def _rate(value: object) -> Decimal | None:
    text = str(value).strip().replace("％", "%")
    try:
        number = Decimal(text.rstrip("%"))
    except ArithmeticError:
        return None
    if text.endswith("%") or number >= 0.1:
        number = number / 100
    return number.normalize()


def first_month_here(job: ImportJob, branch: str, member_id: int, year: int) -> Month:
    """The first month of `year` whose first day finds the member on `branch`'s roster — a member moved
    to the branch by 支部调整 during the year owes it the months from then on (obligation.py; trial D,
    TD-9). January when no move is on record, the sheet names no branch, or the member was never on it
    that year (the payments' own warnings say so)."""
    branch_id = job.members.branches.get(branch) if branch else None
    if branch_id is None or member_id not in job.members.moves:
        return Month(year, 1)
    return next((Month(year, m) for m in range(1, 13)
                 if job.members.branch_on(member_id, Month(year, m).first_day) == branch_id), Month(year, 1))


def base_reaches_back(members: Members, branch: str, member_id: int, applies_from: Month, today: date,
                      what: str = "本行的缴费基数") -> str:
    """A base a branch's list gives from a month before the member came to the branch by 支部调整: the
    warning that it also sets what he owed the branch he left for those months (DUES-BASE-CHANGE,
    domain.md §5; trial D, TD-9), with the month to write instead; "" when it does not reach back."""
    branch_id = members.branches.get(branch) if branch else None
    if branch_id is None or member_id not in members.moves:
        return ""
    before: list[Month] = []
    month, last = applies_from, Month.of(today)
    while month <= last and members.branch_on(member_id, month.first_day) != branch_id:
        before.append(month)
        month = month.plus(1)
    if not before or month > last:  # (never on this branch since: the row's own branch check says so)
        return ""
    return (f"{members.names[member_id]}{span_text(before)}不在{branch}（{members.move_text(member_id)}），"
            f"{what}自 {applies_from.label}起，也会用于计算这些月份在原支部的应交党费；"
            f"如只适用于本支部，请把起始月份改为 {month.label}")


def _register_base(job: ImportJob, wide: WideRow, member_id: int, base: Decimal, first: Month) -> TableKind | None:
    """Register the row's 缴费基数 for a member who has none in force in `first` — January of the sheet's year,
    the month of the member's admission when later (dues are paid from it, domain.md §4; TR-16),
    or the first month the member is on the sheet's branch's roster (first_month_here): a base the
    branch a member joined in June gives never covers the months of the branch left — under the
    category the person has (the sheet's 缴纳类别, else the roster's 工作岗位). Returns the table the
    member's dues follow, None when the category cannot be known (nothing registered, said so)."""
    name, position = job.members.names[member_id], job.members.positions.get(member_id, "")
    from_roster = category_of_position(position)
    written = wide.category.strip()
    where = f"花名册工作岗位“{position}”" if position else ""
    if not written and from_roster is None:
        why = f"{where}不能说明" if position else "花名册中没有填写工作岗位，无法确定"
        job.warn(wide.sheet, wide.row, f"{name}的缴费基数 {money(base)} 元未登记：{why}是在职还是离退休党员"
                                       "（两者按不同的比例交纳）。请在表中加“缴纳类别”列填写后重新导入，"
                                       "或在党费页面为其登记缴纳类别和基数；在此之前各月应交金额为未核定")
        return None
    category = written or (from_roster.value if from_roster is not None else "")
    data = BaseInput(member_id, category, first, base, confirmed_on=job.today)
    checked, errors = check_base(job.session, data, job.today)
    for e in errors:
        job.problem(wide.sheet, wide.row, e.field, wide.columns.get(e.field, ""), e.message)
    if checked is None or errors:
        return None
    job.new_bases.append((wide, data, checked))
    record = BaseRecord(0, member_id, checked.category, first, checked.base, basis=checked.basis,
                        own_amount=checked.own_amount)
    job.bases[member_id] = sorted([*job.bases.get(member_id, []), record], key=lambda r: r.applies_from)
    source = "表中的缴纳类别" if written else where
    joined = job.members.joined.get(member_id)
    if joined is not None and Month.of(joined) == first and first.month != 1:  # TR-16
        moved = f"（{joined:%Y-%m-%d} 支部大会通过接收为预备党员，自该月起交纳党费）"
    else:
        moved = f"（{job.members.move_text(member_id)}，此前的月份不属于本支部）" if first.month != 1 else ""
    job.report.notes.append(f"{name}：按表中缴费基数 {money(base)} 元登记为{checked.category.value}"
                            f"（{source}），自 {first.label}起{moved}")
    written_kind = TABLE_OF.get(checked.category)
    roster_kind = TABLE_OF.get(from_roster) if from_roster else None
    if written and roster_kind is not None and written_kind is not None and roster_kind != written_kind:
        job.warn(wide.sheet, wide.row, f"{name}在表中为{checked.category.value}，{where}为{roster_kind.value}，"
                                       "请核对后在党费页面更正")
    return record.table


def _table_of(job: ImportJob, member_id: int, month: Month) -> TableKind:
    record = base_in_force(job.bases.get(member_id, []), month)
    return record.table if record is not None else TableKind.EMPLOYED


