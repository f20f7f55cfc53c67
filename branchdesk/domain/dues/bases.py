"""A member's 缴费基数 and 缴纳类别 over time (DUES-BASE-CHANGE, 党费规定 第十条: "从按新工资标准领取工资
的当月起，以新的工资收入为基数"): each record applies from a month until the next record; the one in
force for a month gives that month's amount.

- 在职: monthly after-tax pay (党费规定 第一条: for teachers 岗位工资 + 薪级工资 + 绩效工资 + 津贴补贴),
  entered as one figure or as its parts.
- 离退休: the pension. 学生/无固定收入: no base (0.20 元).
- 自愿多交 (第十一条, "党员自愿多交党费不限"): the amount the member chose, above the standard, with a note.
- 减免: a reduced amount (0 = 免交) with the approval: who approved and when (交纳党费确有困难的，
  经党支部研究、报上一级党委批准后，可以少交或免交).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from branchdesk.domain.dues.amounts import parse_amount
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.rates import (
    TABLE_OF,
    Computed,
    DuesCategory,
    RateTables,
    Rounding,
    TableKind,
    compute,
    money,
    parse_category,
)
from branchdesk.domain.validation import FieldError

PARTS = ("岗位工资", "薪级工资", "绩效工资", "津贴补贴")
NEEDS_BASE = frozenset({DuesCategory.EMPLOYED, DuesCategory.RETIRED})
OWN_AMOUNT = frozenset({DuesCategory.VOLUNTARY, DuesCategory.REDUCED})


# DUES-RATE (domain.md §5, 党费规定 第一、五、六条): whether a member pays on pay (在职) or on a pension
# (离退休) is a fact about the person. It is read from what the roster says of them (工作岗位), never
# from the rate a sheet happened to use: a teacher at 1% on 8,000 元 is 在职 and paid too little.
_RETIRED_WORDS = ("退休", "离休")
_STUDENT_POSITIONS = frozenset({"学生", "在校学生", "学生党员", "在读学生", "研究生", "大学生", "本科生"})
_NOT_A_POSITION = frozenset({"无", "无业", "待业", "失业", "下岗", "暂无", "—", "-", "/", "／", "返聘"})


def category_of_position(position: str) -> DuesCategory | None:
    """The 缴纳类别 the roster's 工作岗位 shows: "退休教师" → 离退休, "学生" → 学生/无固定收入, a job
    ("语文教师", "校长", "总务处干事") → 在职. None when it does not tell: blank, no job named
    ("无", "待业"), or both retired and working ("退休返聘")."""
    text = "".join((position or "").split())
    if not text or text in _NOT_A_POSITION:
        return None
    if any(word in text for word in _RETIRED_WORDS):
        return None if "返聘" in text else DuesCategory.RETIRED
    if text in _STUDENT_POSITIONS:
        return DuesCategory.NO_INCOME
    return DuesCategory.EMPLOYED


@dataclass(frozen=True)
class BaseRecord:
    """One record of a member's base history, as the rules read it."""

    id: int
    member_id: int
    category: DuesCategory
    applies_from: Month
    base: Decimal | None = None  # the monthly pay or pension (the parts' sum when entered as parts)
    parts: tuple[Decimal | None, ...] | None = None  # PARTS, when entered as parts
    basis: TableKind | None = None  # 自愿多交 / 减免: the table their standard comes from
    own_amount: Decimal | None = None  # 自愿多交: the monthly amount chosen; 减免: the reduced amount
    note: str = ""
    approved_by: str = ""
    approved_on: date | None = None
    confirmed_on: date | None = None  # 核定日期: when the base was last entered or confirmed

    @property
    def table(self) -> TableKind:
        return TABLE_OF.get(self.category) or self.basis or TableKind.EMPLOYED

    @property
    def summary(self) -> str:
        """"在职 基数 4,800.00 元", "减免 每月 5.00 元（党委 2025-03-01 批准）"."""
        text = self.category.value
        if self.base is not None:
            text += f" 基数 {money(self.base)} 元"
        if self.category is DuesCategory.VOLUNTARY and self.own_amount is not None:
            text += f"，自愿每月交 {money(self.own_amount)} 元"
        if self.category is DuesCategory.REDUCED and self.own_amount is not None:
            text += "，免交" if self.own_amount == 0 else f"，减为每月 {money(self.own_amount)} 元"
            if self.approved_by or self.approved_on:
                when = f" {self.approved_on:%Y-%m-%d}" if self.approved_on else ""
                text += f"（{self.approved_by}{when}批准）"
        return text


@dataclass(frozen=True)
class Due:
    """What a member owes for one month: `amount` None means unknown (no base recorded)."""

    amount: Decimal | None
    standard: Computed | None = None  # what the bracket table gives for the base
    record: BaseRecord | None = None

    @property
    def known(self) -> bool:
        return self.amount is not None


UNKNOWN = Due(None)


def _latest(records: list[BaseRecord], month: Month) -> BaseRecord | None:
    found = None
    for record in records:
        if record.applies_from <= month:
            found = record
        else:
            break
    return found


def _content(record: BaseRecord) -> tuple[object, ...]:
    return (record.category, record.base, record.parts, record.basis, record.own_amount)


def conflict_in_force(records: list[BaseRecord], month: Month) -> list[BaseRecord]:
    """The records in force for `month` when they are two or more from the same month that differ
    (DUES-BASE-CHANGE): one member's base from one month is one record, but a 党委 may still hold one
    from each branch he was in, received before such a pair became a conflict there (trial D, TD-9;
    known hole 4). Which is right is not known; [] when there is no such pair."""
    found = _latest(records, month)
    if found is None:
        return []
    same = [r for r in records if r.applies_from == found.applies_from]
    return same if len({_content(r) for r in same}) > 1 else []


def base_in_force(records: list[BaseRecord], month: Month) -> BaseRecord | None:
    """The record in force for `month`: the latest one applying from that month or before — none
    (the due cannot be known: 未核定) while two records from that month differ (conflict_in_force),
    never the one stored last. `records` must be sorted by (applies_from, id)."""
    found = _latest(records, month)
    if found is not None and conflict_in_force(records, month):
        return None
    return found


def due_for(record: BaseRecord | None, tables: RateTables, month: Month,
            rounding: Rounding = Rounding.CENT) -> Due:
    if record is None:
        return UNKNOWN
    standard = compute(tables, record.table, record.base, month.first_day, rounding)
    if record.category in OWN_AMOUNT:
        return Due(record.own_amount, standard, record)
    return Due(standard.amount if standard else None, standard, record)


@dataclass
class BaseInput:
    """What the form or an import row gives for one base record (amounts as typed)."""

    member_id: int | None
    category: str
    applies_from: Month | None
    base: object = None
    parts: tuple[object, ...] = ()  # PARTS as typed, or empty
    basis: str = ""
    own_amount: object = None
    note: str = ""
    approved_by: str = ""
    approved_on: date | None = None
    confirmed_on: date | None = None
    errors: list[FieldError] = field(default_factory=list)


@dataclass(frozen=True)
class CheckedBase:
    """A 缴费基数 row once checked: its category, month and amounts in the types the rules use."""

    category: DuesCategory
    applies_from: Month
    base: Decimal | None
    parts: tuple[Decimal | None, ...] | None
    basis: TableKind | None
    own_amount: Decimal | None


def validate_base(data: BaseInput, tables: RateTables, today: date,
                  rounding: Rounding = Rounding.CENT) -> tuple[CheckedBase | None, list[FieldError]]:
    """Check one base record; returns the parsed values and every problem, each beside its field."""
    errors = list(data.errors)
    taken = {e.field for e in errors}
    if data.member_id is None and "党员" not in taken:
        errors.append(FieldError("党员", "请选择党员"))
    category = parse_category(data.category)
    if category is None:
        names = "、".join(c.value for c in DuesCategory)
        errors.append(FieldError("缴纳类别", f"“{data.category.strip()}”不是可选的缴纳类别，应为：{names}"
                                 if data.category.strip() else f"请选择缴纳类别（{names}）"))
    if data.applies_from is None and "起始月份" not in taken:
        errors.append(FieldError("起始月份", "请填写从哪个月起按此基数交纳（新工资开始领取的当月）"))
    elif data.applies_from is not None and data.applies_from > Month.of(today).plus(12):
        errors.append(FieldError("起始月份", f"{data.applies_from.label} 晚于明年今月，请核对"))
    base, base_problem = parse_amount(data.base, what="缴费基数")
    if base_problem:
        errors.append(FieldError("缴费基数", base_problem))
    parts: list[Decimal | None] = []
    for name, value in zip(PARTS, data.parts, strict=False):
        amount, problem = parse_amount(value, what=name, allow_zero=True)
        if problem:
            errors.append(FieldError(name, problem))
        parts.append(amount)
    has_parts = any(p is not None for p in parts)
    if has_parts:
        total = sum((p for p in parts if p is not None), Decimal(0))
        if base is not None and base != total:
            errors.append(FieldError("缴费基数", f"各项合计 {money(total)} 元，与填写的缴费基数 {money(base)} 元不一致"))
        elif total > 0:
            base = total
    if category in NEEDS_BASE and base is None and not base_problem and not any(e.field in PARTS for e in errors):
        what = "离退休费或养老金总额" if category is DuesCategory.RETIRED else "税后月工资（岗位、薪级、绩效工资和津贴补贴）"
        errors.append(FieldError("缴费基数", f"请填写{what}"))
    basis: TableKind | None = None
    own, own_problem = parse_amount(data.own_amount, what="月交纳金额", allow_zero=category is DuesCategory.REDUCED)
    if category in OWN_AMOUNT:
        basis = _basis(data.basis, errors)
        if own_problem:
            errors.append(FieldError("月交纳金额", own_problem))
        elif own is None:
            errors.append(FieldError("月交纳金额", "请填写每月交纳的金额" + ("（免交填 0）" if category is DuesCategory.REDUCED else "")))
        if not data.note.strip():
            errors.append(FieldError("备注", "请写明自愿多交的情况" if category is DuesCategory.VOLUNTARY
                                     else "请写明减免的原因（如生活困难）"))
        if basis is not None and own is not None and data.applies_from is not None:
            standard = compute(tables, basis, base, data.applies_from.first_day, rounding)
            if standard is not None and category is DuesCategory.VOLUNTARY and own <= standard.amount:
                errors.append(FieldError("月交纳金额", f"自愿多交的金额应高于按标准应交的 {money(standard.amount)} 元；"
                                                    "少交须按“减免”登记并写明批准情况"))
            if standard is not None and category is DuesCategory.REDUCED and own >= standard.amount:
                errors.append(FieldError("月交纳金额", f"减免后的金额应低于按标准应交的 {money(standard.amount)} 元"))
    if category is DuesCategory.REDUCED:
        if not data.approved_by.strip():
            errors.append(FieldError("批准单位", "减免须经党支部研究、报上一级党委批准，请填写批准的党组织"))
        if data.approved_on is None and "批准日期" not in taken:
            errors.append(FieldError("批准日期", "请填写批准日期"))
        elif data.approved_on is not None and data.approved_on > today:
            errors.append(FieldError("批准日期", f"{data.approved_on:%Y-%m-%d} 晚于今天"))
    if len(data.note.strip()) > 500:
        errors.append(FieldError("备注", "备注不能超过 500 字"))
    if len(data.approved_by.strip()) > 100:
        errors.append(FieldError("批准单位", "批准单位不能超过 100 字"))
    if errors or category is None or data.applies_from is None:
        return None, errors
    return CheckedBase(category, data.applies_from, base, tuple(parts) if has_parts else None, basis,
                       own if category in OWN_AMOUNT else None), errors


def _basis(text: str, errors: list[FieldError]) -> TableKind | None:
    """The standard a 自愿多交 / 减免 record is compared with: as chosen, else 在职 (compared only
    when a base is given)."""
    if text.strip():
        category = parse_category(text)
        kind = TABLE_OF.get(category) if category else None
        if kind is None:
            errors.append(FieldError("原缴纳标准", f"“{text.strip()}”应为在职、离退休或学生/无固定收入"))
        return kind
    return TableKind.EMPLOYED


# A base whose 起始月份 reaches back before the member's 支部调整 is saved only with a reason (the 缴费基数
# form's rule warning: services/dues/base_reach.py). Its finding names this as its step, so the reason
# is kept apart from that of the stale-base finding of the same rule and month (rules.base_age_finding:
# one reason must not answer — nor be shown for — the other; review rev4 of forms3).
REACH_STEP = "起始月份早于支部调整"


def reach_period(month: Month) -> str:
    """The finding's period of a base from `month` (the key its kept reason is found by)."""
    return f"{month.year}-{month.month:02d}"
