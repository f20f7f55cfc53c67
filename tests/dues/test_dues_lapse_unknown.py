"""DUES-LAPSE ("连续六个月不交纳党费…自行脱党", 党章 第九条) counts only months 欠交 — in the dues book, the
amount known, nothing paid. A month without a 缴费基数 is 未核定 in the ledger and the export ("是否欠交无法
核对"); the check does not count it toward a lapse either, and names the member under 未登记缴费基数
instead (trial 9, T9-10: four members absent from a 登记表 were told "已连续 11 个月未交纳党费").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from branchdesk.domain.dues.bases import BaseRecord
from branchdesk.domain.dues.branch import branch_dues
from branchdesk.domain.dues.ledger import CellState, MemberInfo, member_ledger
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.obligation import obligation
from branchdesk.domain.dues.payments import PaidMonth
from branchdesk.domain.dues.rates import STANDARD_2008, DuesCategory, RateTables
from branchdesk.domain.dues.rules import dues_findings
from branchdesk.domain.dues.settings import DuesSettings
from branchdesk.domain.findings import Severity
from branchdesk.domain.vocabulary import MemberStatus

Y = 2026
AS_OF = date(Y, 12, 4)
TABLES = RateTables(STANDARD_2008)
OB = obligation(join_date=date(2005, 7, 1), transfer_in=None, left_date=None, status=MemberStatus.ACTIVE.value,
                ledger_start=Month(Y, 1))


def _member(number: int, name: str) -> MemberInfo:
    return MemberInfo(number, name, 10, "一支部", "正式党员", MemberStatus.ACTIVE.value)


def _findings(*ledgers):  # type: ignore[no-untyped-def]
    return dues_findings("一支部", list(ledgers), branch_dues(10, "一支部", Y, list(ledgers), []), Y, AS_OF,
                         DuesSettings())


def test_a_member_with_no_base_and_no_payment_is_not_said_to_have_lapsed() -> None:
    absent = member_ledger(_member(1, "张玉兰"), OB, [], TABLES, {}, Y, AS_OF, DuesSettings())
    assert [c.state for c in absent.cells[:11]] == [CellState.UNKNOWN] * 11
    assert absent.run is None
    found = _findings(absent)
    assert not [f for f in found if f.rule == "DUES-LAPSE"]
    [unknown] = [f for f in found if f.rule == "DUES-RATE"]
    assert unknown.severity is Severity.WARNING
    assert "是否欠交、是否连续未交无法核对：张玉兰" in unknown.message
    assert "其中张玉兰这些月份没有交纳记录" in unknown.message


def test_months_without_a_base_end_a_run_and_the_known_months_count() -> None:
    from_july = [BaseRecord(1, 2, DuesCategory.EMPLOYED, Month(Y, 7), D("4800"))]
    paid = {Month(Y, 1): [PaidMonth(1, Month(Y, 1), D("48.00"), date(Y, 1, 10))]}
    m = member_ledger(_member(2, "林少华"), OB, from_july, TABLES, paid, Y, AS_OF, DuesSettings())
    assert [c.state for c in m.cells[1:6]] == [CellState.UNKNOWN] * 5  # February–June: no base
    assert [c.state for c in m.cells[6:11]] == [CellState.OWED] * 5  # July–November: 48 元 each, unpaid
    assert (m.run.first, m.run.last, m.run.length) == (Month(Y, 7), Month(Y, 11), 5)  # type: ignore[union-attr]
    [lapse] = [f for f in _findings(m) if f.rule == "DUES-LAPSE" and f.person]
    assert lapse.severity is Severity.WARNING and "已连续 5 个月未交纳党费（2026年7月至11月" in lapse.message
    unknown = next(f for f in _findings(m) if f.rule == "DUES-RATE" and not f.person)
    assert "林少华" in unknown.message and "没有交纳记录" not in unknown.message  # January was paid


def test_a_known_run_of_six_is_still_a_problem() -> None:
    base = [BaseRecord(1, 3, DuesCategory.EMPLOYED, Month(2020, 1), D("4800"))]
    m = member_ledger(_member(3, "孙三"), OB, base, TABLES, {}, Y, AS_OF, DuesSettings())
    [lapse] = [f for f in _findings(m) if f.rule == "DUES-LAPSE" and f.person]
    assert lapse.severity is Severity.ERROR and "已连续 11 个月未交纳党费" in lapse.message
