"""DUES-RATE (《关于中国共产党党费收缴、使用和管理的规定》, 中组发〔2008〕3号, in force from 2008-04-01,
"党费规定"): the bracket tables as data with an effective date, and the monthly amount they give.

- 在职 (第一、二条): monthly after-tax pay — for teachers 岗位工资 + 薪级工资 + 绩效工资 + 津贴补贴 —
  3000 元以下（含）0.5%, 3000–5000（含）1%, 5000–10000（含）1.5%, 10000 以上 2%.
- 离退休 (第五条): pension, 5000 元以下（含）0.5%, 5000 以上 1%.
- 学生、无固定收入 (第六条): 0.2 元 a month.
The rate applies to the whole base (not marginally): 3000.00 → 15.00 元, 3000.01 → 30.00 元.
A revision of the table is one set of new rows with its own effective date, never new code; a month
is judged by the table in force on its first day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

RULE = "DUES-RATE"
SOURCE = "《关于中国共产党党费收缴、使用和管理的规定》第一、二、五、六条"
CENT = Decimal("0.01")
JIAO = Decimal("0.1")
MAX_BASE = Decimal("1000000")  # a monthly pay above this is a typing error


class TableKind(StrEnum):
    """Which bracket table a member's base is judged by."""

    EMPLOYED = "在职"
    RETIRED = "离退休"
    NO_INCOME = "学生/无固定收入"


class DuesCategory(StrEnum):
    """缴纳类别 of a base record. 自愿多交 and 减免 carry an amount of their own; their standard is
    that of the table they are judged against (`basis`)."""

    EMPLOYED = "在职"
    RETIRED = "离退休"
    NO_INCOME = "学生/无固定收入"
    VOLUNTARY = "自愿多交"
    REDUCED = "减免"


TABLE_OF: dict[DuesCategory, TableKind] = {
    DuesCategory.EMPLOYED: TableKind.EMPLOYED,
    DuesCategory.RETIRED: TableKind.RETIRED,
    DuesCategory.NO_INCOME: TableKind.NO_INCOME,
}

CATEGORY_SYNONYMS: dict[str, DuesCategory] = {
    "在职": DuesCategory.EMPLOYED, "在职党员": DuesCategory.EMPLOYED, "在岗": DuesCategory.EMPLOYED,
    "在职职工": DuesCategory.EMPLOYED, "在编": DuesCategory.EMPLOYED, "工资": DuesCategory.EMPLOYED,
    "离退休": DuesCategory.RETIRED, "退休": DuesCategory.RETIRED, "离休": DuesCategory.RETIRED,
    "离退休党员": DuesCategory.RETIRED, "退休党员": DuesCategory.RETIRED, "退休教师": DuesCategory.RETIRED,
    "养老金": DuesCategory.RETIRED,
    "学生/无固定收入": DuesCategory.NO_INCOME, "学生无收入": DuesCategory.NO_INCOME, "学生": DuesCategory.NO_INCOME,
    "学生党员": DuesCategory.NO_INCOME, "无固定收入": DuesCategory.NO_INCOME, "无收入": DuesCategory.NO_INCOME,
    "学生或无固定收入": DuesCategory.NO_INCOME, "下岗失业": DuesCategory.NO_INCOME, "低保": DuesCategory.NO_INCOME,
    "自愿多交": DuesCategory.VOLUNTARY, "多交": DuesCategory.VOLUNTARY, "自愿多缴": DuesCategory.VOLUNTARY,
    "减免": DuesCategory.REDUCED, "减交": DuesCategory.REDUCED, "少交": DuesCategory.REDUCED,
    "免交": DuesCategory.REDUCED, "减缴": DuesCategory.REDUCED, "免缴": DuesCategory.REDUCED,
    "少交或免交": DuesCategory.REDUCED,
}


def parse_category(text: str) -> DuesCategory | None:
    return CATEGORY_SYNONYMS.get("".join((text or "").split()).replace("／", "/"))


class Rounding(StrEnum):
    """How the amount is rounded (setting): to the 分 as 党费 receipts are, or to the 角."""

    CENT = "分"
    JIAO = "角"


def round_amount(value: Decimal, rounding: Rounding = Rounding.CENT) -> Decimal:
    """Half up, as receipts are written: 0.005 分 rounds up. To the 角 gives e.g. 48.30, kept with two
    decimals so every amount prints alike."""
    step = JIAO if rounding is Rounding.JIAO else CENT
    return value.quantize(step, rounding=ROUND_HALF_UP).quantize(CENT)


@dataclass(frozen=True)
class Bracket:
    """One row of a bracket table: bases up to `upper` (inclusive; None = no limit) pay `rate` of the
    whole base, or the `fixed` amount."""

    table: TableKind
    effective_from: date
    upper: Decimal | None
    rate: Decimal | None = None  # a fraction: 0.005 for 0.5%
    fixed: Decimal | None = None
    source: str = ""

    @property
    def rate_text(self) -> str:
        if self.rate is None:
            return f"每月 {self.fixed:.2f} 元" if self.fixed is not None else ""
        return percent(self.rate)


def percent(rate: Decimal) -> str:
    """0.005 → "0.5%", 0.015 → "1.5%", 0.01 → "1%"."""
    text = f"{(rate * 100).normalize():f}"
    return text + "%"


def money(value: Decimal | None) -> str:
    """An amount as the ledger prints it: 48.00; unknown as "—"."""
    return "—" if value is None else f"{value:,.2f}"


@dataclass(frozen=True)
class RateTable:
    """The brackets of one kind in force from `effective_from`, ordered by their upper bound."""

    kind: TableKind
    effective_from: date
    brackets: tuple[Bracket, ...]

    def bracket_for(self, base: Decimal) -> Bracket:
        for bracket in self.brackets:
            if bracket.upper is None or base <= bracket.upper:
                return bracket
        return self.brackets[-1]

    def label(self, bracket: Bracket) -> str:
        """"3000 元以下（含）", "3000–5000 元（含 5000）", "10000 元以上"."""
        if bracket.rate is None:
            return self.kind.value
        index = self.brackets.index(bracket)
        lower = self.brackets[index - 1].upper if index else None
        if bracket.upper is None:
            return f"{_yuan(lower)} 元以上" if lower is not None else "不限"
        if lower is None:
            return f"{_yuan(bracket.upper)} 元以下（含）"
        return f"{_yuan(lower)}–{_yuan(bracket.upper)} 元（含 {_yuan(bracket.upper)}）"


def _yuan(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}"


_D = Decimal
IN_FORCE_2008 = date(2008, 4, 1)  # 党费规定 第三十二条: 本规定自2008年4月1日起施行
SOURCE_2008 = "党费规定（中组发〔2008〕3号）"
STANDARD_2008: tuple[Bracket, ...] = (
    Bracket(TableKind.EMPLOYED, IN_FORCE_2008, _D("3000"), _D("0.005"), None, SOURCE_2008 + " 第二条"),
    Bracket(TableKind.EMPLOYED, IN_FORCE_2008, _D("5000"), _D("0.01"), None, SOURCE_2008 + " 第二条"),
    Bracket(TableKind.EMPLOYED, IN_FORCE_2008, _D("10000"), _D("0.015"), None, SOURCE_2008 + " 第二条"),
    Bracket(TableKind.EMPLOYED, IN_FORCE_2008, None, _D("0.02"), None, SOURCE_2008 + " 第二条"),
    Bracket(TableKind.RETIRED, IN_FORCE_2008, _D("5000"), _D("0.005"), None, SOURCE_2008 + " 第五条"),
    Bracket(TableKind.RETIRED, IN_FORCE_2008, None, _D("0.01"), None, SOURCE_2008 + " 第五条"),
    Bracket(TableKind.NO_INCOME, IN_FORCE_2008, None, None, _D("0.20"), SOURCE_2008 + " 第六条"),
)
"""The table of 2008 as rows. `dues_brackets` holds only the revisions entered since, each with its
own effective date; the two together are the tables (services/dues/store.load_tables)."""


class RateTables:
    """Every bracket row on record, answering "which table was in force for this kind on this day"."""

    def __init__(self, brackets: Iterable[Bracket]) -> None:
        grouped: dict[tuple[TableKind, date], list[Bracket]] = {}
        for b in brackets:
            grouped.setdefault((TableKind(b.table), b.effective_from), []).append(b)
        self._tables: dict[TableKind, list[RateTable]] = {}
        for (kind, start), rows in grouped.items():
            rows.sort(key=lambda b: (b.upper is None, b.upper or Decimal(0)))
            self._tables.setdefault(kind, []).append(RateTable(kind, start, tuple(rows)))
        for tables in self._tables.values():
            tables.sort(key=lambda t: t.effective_from)
        self._cache: dict[tuple[TableKind, date], RateTable | None] = {}

    def in_force(self, kind: TableKind, on: date) -> RateTable | None:
        """The latest table of `kind` whose effective date is on or before `on` (None: none yet)."""
        key = (kind, on)
        if key in self._cache:
            return self._cache[key]
        found = None
        for table in self._tables.get(kind, []):
            if table.effective_from <= on:
                found = table
        self._cache[key] = found
        return found

    def all(self) -> list[RateTable]:
        return [t for kind in TableKind for t in self._tables.get(kind, [])]


@dataclass(frozen=True)
class Computed:
    """The amount the table gives for a base in a month, and why (for findings and tooltips)."""

    amount: Decimal
    table: RateTable
    bracket: Bracket

    @property
    def explanation(self) -> str:
        if self.bracket.rate is None:
            return f"{self.table.kind.value}每月 {money(self.amount)} 元"
        return f"{self.table.label(self.bracket)}按 {self.bracket.rate_text}"


def compute(tables: RateTables, kind: TableKind, base: Decimal | None, on: date,
            rounding: Rounding = Rounding.CENT) -> Computed | None:
    """The monthly amount for `base` under the table of `kind` in force on `on`; None when the base
    is needed and unknown, or no table was in force yet."""
    table = tables.in_force(kind, on)
    if table is None:
        return None
    if kind is TableKind.NO_INCOME:
        bracket = table.brackets[0]
        return Computed(round_amount(bracket.fixed or Decimal(0), rounding), table, bracket)
    if base is None:
        return None
    bracket = table.bracket_for(base)
    if bracket.fixed is not None:
        return Computed(round_amount(bracket.fixed, rounding), table, bracket)
    assert bracket.rate is not None
    return Computed(round_amount(base * bracket.rate, rounding), table, bracket)


def validate_table(rows: list[Bracket]) -> list[str]:
    """Problems of a revision's rows (one kind, one date): upper bounds rising, one open-ended last
    row, rates between 0 and 10%. Returns Chinese messages."""
    problems: list[str] = []
    if not rows:
        return ["没有任何档次"]
    if len({(r.table, r.effective_from) for r in rows}) != 1:
        problems.append("一次修订的各档应属于同一类别、同一生效日期")
    ordered = sorted(rows, key=lambda b: (b.upper is None, b.upper or Decimal(0)))
    if ordered[-1].upper is not None:
        problems.append("最高一档应不设上限")
    if sum(r.upper is None for r in rows) > 1:
        problems.append("只能有一档不设上限")
    uppers = [r.upper for r in ordered if r.upper is not None]
    if len(set(uppers)) != len(uppers):
        problems.append("各档上限不能重复")
    for r in rows:
        if (r.rate is None) == (r.fixed is None):
            problems.append("每一档应填比例或固定金额之一")
        if r.rate is not None and not Decimal(0) < r.rate <= Decimal("0.1"):
            problems.append(f"比例 {percent(r.rate)} 不在 0–10% 之间")
        if r.fixed is not None and not Decimal(0) <= r.fixed <= Decimal(1000):
            problems.append(f"固定金额 {r.fixed} 元不合理")
    return problems
