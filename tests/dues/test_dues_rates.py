"""DUES-RATE at its boundaries: the rate applies to the whole base (3000.00 → 15.00, 3000.01 → 30.00),
retirees' table, the fixed 0.20 元, rounding to the 分 (half up) or the 角, and a revision of the table
taking effect on its date without code."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from branchdesk.domain.dues.rates import (
    STANDARD_2008,
    Bracket,
    DuesCategory,
    RateTables,
    Rounding,
    TableKind,
    compute,
    parse_category,
    percent,
    round_amount,
    validate_table,
)

TABLES = RateTables(STANDARD_2008)
ON = date(2025, 3, 1)


def amount(kind: TableKind, base: str | None, rounding: Rounding = Rounding.CENT) -> D:
    result = compute(TABLES, kind, D(base) if base is not None else None, ON, rounding)
    assert result is not None
    return result.amount


@pytest.mark.parametrize(("base", "expected"), [
    ("0.01", "0.00"), ("1000", "5.00"), ("2999.99", "15.00"), ("3000.00", "15.00"), ("3000.01", "30.00"),
    ("4800", "48.00"), ("5000.00", "50.00"), ("5000.01", "75.00"), ("6543.21", "98.15"), ("10000.00", "150.00"),
    ("10000.01", "200.00"), ("12345.67", "246.91"),
])
def test_employed_brackets_apply_to_the_whole_base(base: str, expected: str) -> None:
    assert amount(TableKind.EMPLOYED, base) == D(expected)


@pytest.mark.parametrize(("base", "expected"), [
    ("3000", "15.00"), ("5000.00", "25.00"), ("5000.01", "50.00"), ("7200", "72.00"),
])
def test_retirees_have_their_own_table(base: str, expected: str) -> None:
    assert amount(TableKind.RETIRED, base) == D(expected)


def test_students_and_members_without_income_pay_twenty_fen_whatever_the_base() -> None:
    assert amount(TableKind.NO_INCOME, None) == D("0.20")
    assert amount(TableKind.NO_INCOME, "8000") == D("0.20")


def test_unknown_base_gives_no_amount_not_zero() -> None:
    assert compute(TABLES, TableKind.EMPLOYED, None, ON) is None


def test_rounding_half_up_to_the_fen_or_to_the_jiao() -> None:
    assert round_amount(D("24.005")) == D("24.01")  # 4801.00 × 0.5%
    assert round_amount(D("24.004")) == D("24.00")
    assert amount(TableKind.EMPLOYED, "4833", Rounding.JIAO) == D("48.30")
    assert amount(TableKind.EMPLOYED, "4835", Rounding.JIAO) == D("48.40")  # 48.35 → 48.4
    assert amount(TableKind.EMPLOYED, "4801", Rounding.CENT) == D("48.01")
    assert round_amount(D("0.20"), Rounding.JIAO) == D("0.20")


def test_a_revision_is_new_rows_with_an_effective_date() -> None:
    revised = [Bracket(TableKind.EMPLOYED, date(2030, 1, 1), D("4000"), D("0.005")),
               Bracket(TableKind.EMPLOYED, date(2030, 1, 1), None, D("0.01"))]
    tables = RateTables([*STANDARD_2008, *revised])
    before = compute(tables, TableKind.EMPLOYED, D("3500"), date(2029, 12, 1))
    after = compute(tables, TableKind.EMPLOYED, D("3500"), date(2030, 1, 1))
    assert before is not None and before.amount == D("35.00")
    assert after is not None and after.amount == D("17.50")
    assert compute(tables, TableKind.RETIRED, D("3500"), date(2030, 1, 1)).amount == D("17.50")  # type: ignore[union-attr]
    assert compute(tables, TableKind.EMPLOYED, D("3500"), date(2008, 3, 1)) is None  # before 2008-04-01


def test_bracket_labels_and_explanations_name_the_bracket() -> None:
    result = compute(TABLES, TableKind.EMPLOYED, D("4800"), ON)
    assert result is not None
    assert result.explanation == "3000–5000 元（含 5000）按 1%"
    low = compute(TABLES, TableKind.EMPLOYED, D("3000"), ON)
    assert low is not None and low.explanation == "3000 元以下（含）按 0.5%"
    high = compute(TABLES, TableKind.EMPLOYED, D("10000.01"), ON)
    assert high is not None and high.explanation == "10000 元以上按 2%"
    assert percent(D("0.015")) == "1.5%"


def test_category_synonyms() -> None:
    assert parse_category("退休") is DuesCategory.RETIRED
    assert parse_category(" 在职党员 ") is DuesCategory.EMPLOYED
    assert parse_category("学生无收入") is DuesCategory.NO_INCOME
    assert parse_category("免交") is DuesCategory.REDUCED
    assert parse_category("兼职") is None


def test_validate_table_rows() -> None:
    assert validate_table([b for b in STANDARD_2008 if b.table is TableKind.EMPLOYED]) == []
    bad = [Bracket(TableKind.EMPLOYED, ON, D("3000"), D("0.2")), Bracket(TableKind.EMPLOYED, ON, D("5000"), D("0.01"))]
    problems = validate_table(bad)
    assert "最高一档应不设上限" in problems
    assert any("不在 0–10%" in p for p in problems)
