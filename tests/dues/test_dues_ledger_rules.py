"""A member's year and the findings: base history applying from its month, cells paid / 补交 / short /
owed / waived, runs of unpaid months (3 a warning, 6 an error citing 党章 第九条, never a decision),
shortfall naming base, bracket and amount, the base-age reminder, the branch's book balance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from branchdesk.domain.dues.amounts import parse_amount, split_amount
from branchdesk.domain.dues.bases import BaseInput, BaseRecord, validate_base
from branchdesk.domain.dues.branch import HandUp, branch_dues
from branchdesk.domain.dues.ledger import CellState, MemberInfo, member_ledger
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.obligation import obligation
from branchdesk.domain.dues.payments import Collection, PaidMonth, PaymentInput, validate_payment
from branchdesk.domain.dues.rates import STANDARD_2008, DuesCategory, RateTables, TableKind
from branchdesk.domain.dues.rules import dues_findings
from branchdesk.domain.dues.settings import DuesSettings
from branchdesk.domain.findings import Severity
from branchdesk.domain.vocabulary import MemberStatus

TABLES = RateTables(STANDARD_2008)
SETTINGS = DuesSettings()
YEAR = 2025
MEMBER = MemberInfo(1, "张三", 10, "高一年级党支部", "正式党员", MemberStatus.ACTIVE.value)
OWES_ALL = obligation(join_date=date(2010, 7, 1), transfer_in=None, left_date=None, status=MemberStatus.ACTIVE.value,
                      ledger_start=Month(2024, 1))


def base(month: Month, amount: str | None, category: DuesCategory = DuesCategory.EMPLOYED, **kw) -> BaseRecord:  # type: ignore[no-untyped-def]
    return BaseRecord(kw.pop("id", 1), 1, category, month, D(amount) if amount else None, confirmed_on=month.first_day,
                      **kw)


def paid(*months: Month, amount: str = "48.00", on: date | None = None) -> dict[Month, list[PaidMonth]]:
    return {m: [PaidMonth(i, m, D(amount), on or m.first_day.replace(day=10))] for i, m in enumerate(months)}


def ledger(records, payments, as_of=date(2025, 12, 31), ob=OWES_ALL, settings=SETTINGS):  # type: ignore[no-untyped-def]
    return member_ledger(MEMBER, ob, records, TABLES, payments, YEAR, as_of, settings)


def test_base_history_applies_from_its_month() -> None:
    records = [base(Month(2024, 1), "4800"), base(Month(2025, 7), "5200", id=2)]
    months = [Month(YEAR, m) for m in range(1, 13)]
    pay = paid(*months[:6]) | paid(*months[6:], amount="78.00")
    m = ledger(records, pay)
    assert [c.due.amount for c in m.cells] == [D("48.00")] * 6 + [D("78.00")] * 6  # 5200 × 1.5%
    assert all(c.state is CellState.PAID for c in m.cells)
    assert m.due == m.paid == D("756.00") and m.arrears == 0
    assert m.monthly_due.amount == D("78.00")


def test_cells_say_their_state_in_words() -> None:
    records = [base(Month(2024, 1), "4800")]
    pay = paid(Month(YEAR, 1)) | paid(Month(YEAR, 2), on=date(YEAR, 4, 2)) | paid(Month(YEAR, 3), amount="30.00")
    m = ledger(records, pay, as_of=date(YEAR, 6, 15))
    states = [c.state for c in m.cells]
    assert states[:6] == [CellState.PAID, CellState.LATE, CellState.SHORT, CellState.OWED, CellState.OWED,
                          CellState.OPEN]
    assert states[6:] == [CellState.FUTURE] * 6
    assert [c.text for c in m.cells[:6]] == ["48.00", "补48.00", "少18.00", "欠48.00", "欠48.00", "待交"]
    assert m.owed_months == [Month(YEAR, 4), Month(YEAR, 5)]
    assert m.arrears == D("114.00")  # 2 × 48 + 18
    assert m.due == D("240.00")  # January to May: June is still open (待交), not yet due
    assert m.due - m.paid == m.arrears


def test_quarterly_collection_makes_the_quarter_the_period() -> None:
    quarterly = DuesSettings(collection=Collection.QUARTERLY)
    records = [base(Month(2024, 1), "4800")]
    pay = paid(Month(YEAR, 1), Month(YEAR, 2), Month(YEAR, 3), on=date(YEAR, 3, 28))
    m = ledger(records, pay, as_of=date(YEAR, 5, 20), settings=quarterly)
    assert [c.state for c in m.cells[:6]] == [CellState.PAID] * 3 + [CellState.OPEN] * 2 + [CellState.FUTURE]


def test_waiver_and_unknown_base() -> None:
    waived = base(Month(2024, 1), None, DuesCategory.REDUCED, own_amount=D(0), basis=TableKind.EMPLOYED,
                  approved_by="校党委", approved_on=date(2024, 1, 5), note="生活困难")
    m = ledger([waived], {}, as_of=date(YEAR, 12, 31))
    assert {c.state for c in m.cells} == {CellState.WAIVED}
    assert m.run is None and m.arrears == 0
    unknown = ledger([], {}, as_of=date(YEAR, 3, 15))
    # no base, nothing paid: the amount due (maybe 免交) cannot be known, so not 欠交 (未核定)
    assert unknown.cells[0].state is CellState.UNKNOWN and unknown.cells[0].text == "未核定"
    assert unknown.owed_months == [] and unknown.undetermined_months == [Month(YEAR, 1), Month(YEAR, 2)]
    assert unknown.arrears is None and unknown.due is None and unknown.undetermined
    assert unknown.unknown_months == [Month(YEAR, 1), Month(YEAR, 2), Month(YEAR, 3)]
    assert unknown.run is None  # months whose amount is unknown are not counted toward DUES-LAPSE (T9-10)


def test_runs_of_unpaid_months_warning_at_three_error_at_six() -> None:
    records = [base(Month(2024, 1), "4800")]
    as_of = date(YEAR, 4, 5)  # January to March are over
    this_year = obligation(join_date=date(2010, 7, 1), transfer_in=None, left_date=None,
                           status=MemberStatus.ACTIVE.value, ledger_start=Month(YEAR, 1))
    m = ledger(records, {}, as_of=as_of, ob=this_year)
    findings = dues_findings("高一年级党支部", [m], _book([m]), YEAR, as_of, SETTINGS)
    lapse = [f for f in findings if f.rule == "DUES-LAPSE" and f.person]
    assert m.run is not None and m.run.length == 3 and m.run.ongoing
    assert [f.severity for f in lapse] == [Severity.WARNING]
    assert not m.run.truncated and "已连续 3 个月" in lapse[0].message
    two = ledger(records, {}, as_of=date(YEAR, 3, 5), ob=this_year)
    assert two.run is not None and two.run.length == 2
    assert not [f for f in dues_findings("b", [two], _book([two]), YEAR, date(YEAR, 3, 5), SETTINGS)
                if f.rule == "DUES-LAPSE" and f.person]
    six = ledger(records, {}, as_of=date(YEAR, 7, 1), ob=this_year)
    errors = [f for f in dues_findings("b", [six], _book([six]), YEAR, date(YEAR, 7, 1), SETTINGS)
              if f.rule == "DUES-LAPSE" and f.person]
    assert [f.severity for f in errors] == [Severity.ERROR]
    assert "党章第九条" in errors[0].message and "支部大会讨论决定" in errors[0].message
    assert "不会自动处理" in errors[0].message and errors[0].source == "《中国共产党章程》第九条"


def test_a_run_reaching_back_into_last_year_counts_and_a_back_payment_ends_it() -> None:
    records = [base(Month(2024, 1), "4800")]
    before = {m: v for m, v in paid(*[Month(2024, i) for i in range(1, 10)]).items()}
    m = ledger(records, before, as_of=date(YEAR, 3, 3))  # Oct 2024 – Feb 2025 unpaid
    assert m.run is not None and (m.run.first, m.run.length) == (Month(2024, 10), 5)
    back = paid(Month(2024, 10), Month(2024, 11), Month(2024, 12), Month(YEAR, 1), Month(YEAR, 2), on=date(YEAR, 3, 1))
    settled = ledger(records, before | back, as_of=date(YEAR, 3, 3))
    assert settled.run is None
    assert [c.state for c in settled.cells[:2]] == [CellState.LATE, CellState.LATE]


def test_shortfall_finding_names_base_bracket_and_amount() -> None:
    records = [base(Month(2024, 1), "4800")]
    pay = paid(*[Month(YEAR, i) for i in range(1, 13)]) | paid(Month(YEAR, 3), Month(YEAR, 4), amount="30.00")
    m = ledger(records, pay)
    found = [f for f in dues_findings("b", [m], _book([m]), YEAR, date(2026, 1, 5), SETTINGS) if f.rule == "DUES-RATE"]
    assert len(found) == 1 and found[0].severity is Severity.ERROR
    text = found[0].message
    assert "4,800.00" in text and "3000–5000 元（含 5000）按 1%" in text and "少交 36.00 元" in text
    assert "2025年3月至4月" in text


def test_base_older_than_the_setting_is_a_reminder() -> None:
    old = [base(Month(2024, 1), "4800")]
    m = ledger(old, paid(*[Month(YEAR, i) for i in range(1, 13)]), as_of=date(YEAR, 1, 20))
    found = [f for f in dues_findings("b", [m], _book([m]), YEAR, date(YEAR, 1, 20), SETTINGS) if f.rule == "DUES-BASE-CHANGE"]
    assert [f.severity for f in found] == [Severity.WARNING] and "12 个月" in found[0].message
    eleven = ledger(old, {}, as_of=date(2024, 12, 20))
    assert not [f for f in dues_findings("b", [eleven], _book([eleven]), 2024, date(2024, 12, 20), SETTINGS)
                if f.rule == "DUES-BASE-CHANGE"]
    longer = DuesSettings(base_max_months=24)
    assert not [f for f in dues_findings("b", [m], _book([m]), YEAR, date(YEAR, 1, 20), longer) if f.rule == "DUES-BASE-CHANGE"]


def test_book_balance_after_the_year() -> None:
    records = [base(Month(2024, 1), "4800")]
    m = ledger(records, paid(*[Month(YEAR, i) for i in range(1, 13)]))
    hand = HandUp(1, 10, "b", date(YEAR, 7, 2), D("288.00"), Month(YEAR, 1), Month(YEAR, 6))
    book = branch_dues(10, "b", YEAR, [m], [hand])
    assert book.paid == D("576.00") and book.handed_up == D("288.00") and book.balance == D("288.00")
    assert book.months[0].handed_up == D("48.00") and book.months[6].handed_up == 0
    found = [f for f in dues_findings("b", [m], book, YEAR, date(2026, 1, 10), SETTINGS) if f.rule == "DUES-BOOK"]
    assert found and "尚有 288.00 元未上缴" in found[0].message
    assert not [f for f in dues_findings("b", [m], book, YEAR, date(YEAR, 12, 10), SETTINGS) if f.rule == "DUES-BOOK"]


def _book(ledgers):  # type: ignore[no-untyped-def]
    return branch_dues(10, "b", YEAR, ledgers, [])


def test_validate_base_parts_and_categories() -> None:
    checked, errors = validate_base(BaseInput(1, "在职", Month(YEAR, 1), None, ("3200", "800", "1500", "300")), TABLES,
                                    date(YEAR, 1, 5))
    assert errors == [] and checked is not None and checked.base == D("5800.00")
    _, errors = validate_base(BaseInput(1, "在职", Month(YEAR, 1), "5000", ("3200", "800", "1500", "300")), TABLES,
                              date(YEAR, 1, 5))
    assert [e.field for e in errors] == ["缴费基数"] and "不一致" in errors[0].message
    _, errors = validate_base(BaseInput(1, "在职", Month(YEAR, 1)), TABLES, date(YEAR, 1, 5))
    assert [e.field for e in errors] == ["缴费基数"]
    checked, errors = validate_base(BaseInput(1, "学生", Month(YEAR, 1)), TABLES, date(YEAR, 1, 5))
    assert errors == [] and checked is not None and checked.category is DuesCategory.NO_INCOME
    _, errors = validate_base(BaseInput(1, "减免", Month(YEAR, 1), "4800", own_amount="60"), TABLES, date(YEAR, 1, 5))
    assert {e.field for e in errors} == {"月交纳金额", "备注", "批准单位", "批准日期"}
    _, errors = validate_base(BaseInput(1, "自愿多交", Month(YEAR, 1), "4800", own_amount="40", note="自愿"), TABLES,
                              date(YEAR, 1, 5))
    assert [e.field for e in errors] == ["月交纳金额"] and "48.00" in errors[0].message
    checked, errors = validate_base(BaseInput(1, "自愿多交", Month(YEAR, 1), "4800", own_amount="100",
                                              note="本人自愿每月交 100 元"), TABLES, date(YEAR, 1, 5))
    assert errors == [] and checked is not None and checked.own_amount == D("100.00")


def test_amounts_and_splitting() -> None:
    assert parse_amount("4,800.00元") == (D("4800.00"), "")
    assert parse_amount(48.5) == (D("48.50"), "")
    assert parse_amount("48.005")[1] == "金额最多保留两位小数（到分）"
    assert parse_amount("四十八")[0] is None
    assert split_amount(D("144.00"), [D("48"), D("48"), D("48")]) == [D("48.00")] * 3
    assert split_amount(D("100.00"), [None, None, None]) == [D("33.33"), D("33.33"), D("33.34")]
    assert sum(split_amount(D("90.00"), [D("48"), D("78"), D("48")])) == D("90.00")


def test_validate_payment() -> None:
    amount, errors = validate_payment(PaymentInput(1, [Month(YEAR, 3)], "48", date(YEAR, 3, 10), "微信"), date(YEAR, 3, 10))
    assert errors == [] and amount == D("48.00")
    _, errors = validate_payment(PaymentInput(None, [], "", date(YEAR, 4, 1), "刷卡"), date(YEAR, 3, 10))
    assert {e.field for e in errors} == {"党员", "月份", "金额", "缴纳日期", "缴纳方式"}
    _, errors = validate_payment(PaymentInput(1, [Month(YEAR, 3)], "48", None, date_required=False), date(YEAR, 3, 10))
    assert errors == []
