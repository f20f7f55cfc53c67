"""T10-13: a month paid by a member without a 缴费基数 cannot be told paid in full or short (DUES-RATE,
domain.md §5: the amount due follows from the base), so the member's 欠交 is unknown — in the grid's
ledger, the branch's book, the volume's 汇总 and 公示 — never 0.00 / 0 人; and the volume's paragraph
does not say "已核定缴费基数的党员均按月足额交纳党费" when no member has a base."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from branchdesk.domain.annual_report.dues import key_figures, public_rows, summary
from branchdesk.domain.dues.bases import BaseRecord
from branchdesk.domain.dues.ledger import CellState, MemberInfo, member_ledger
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.obligation import obligation
from branchdesk.domain.dues.payments import PaidMonth, PaymentInput
from branchdesk.domain.dues.rates import STANDARD_2008, DuesCategory, RateTables
from branchdesk.domain.dues.report import DuesBranchRow, DuesSection, public_row
from branchdesk.domain.dues.settings import DuesSettings
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.vocabulary import MemberStatus, OrgKind
from branchdesk.services.dues.figures import dues_section
from branchdesk.services.dues.records import dues_year, record_payments
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import save_member

Y = 2026
AS_OF = date(Y, 12, 4)
TABLES = RateTables(STANDARD_2008)
MEMBER = MemberInfo(1, "张三", 10, "一支部", "正式党员", MemberStatus.ACTIVE.value)


def _paid_all_year(records: list[BaseRecord]):  # type: ignore[no-untyped-def]
    ob = obligation(join_date=date(2005, 7, 1), transfer_in=None, left_date=None, status=MemberStatus.ACTIVE.value,
                    ledger_start=Month(Y, 1))
    paid = {Month(Y, k): [PaidMonth(k, Month(Y, k), D("48.00"), date(Y, k, 10))] for k in range(1, 12)}
    return member_ledger(MEMBER, ob, records, TABLES, paid, Y, AS_OF, DuesSettings())


def test_months_paid_without_a_base_leave_the_arrears_unknown() -> None:
    m = _paid_all_year([])
    assert all(c.state is CellState.PAID for c in m.cells[:11])
    assert m.arrears is None and m.undetermined and m.owed_months == []
    assert "未登记缴费基数，2026年1月至11月是否足额交纳无法核对" in public_row(m).note
    # with a base the same payments are judged: 4800 × 1% = 48.00 a month, paid in full
    known = _paid_all_year([BaseRecord(1, 1, DuesCategory.EMPLOYED, Month(2020, 1), D("4800"))])
    assert known.arrears == D("0") and not known.undetermined and "无法核对" not in public_row(known).note


def _roster(db) -> None:  # type: ignore[no-untyped-def]
    top = create_org(db, "中共测试中学委员会", OrgKind.COMMITTEE)
    create_org(db, "第三党支部", OrgKind.BRANCH, top.id)
    for i in range(3):
        save_member(db, MemberInput(name=f"党员{'甲乙丙'[i]}",
                                    id_number=make_id_number("140202", date(1980, 1, 1 + i), i, i % 2 == 0),
                                    branch="第三党支部", category="正式党员",
                                    join_date=date(2005, 7, 1), full_date=date(2006, 7, 1)))


def test_only_december_paid_and_no_base_is_not_reported_as_no_arrears(db) -> None:  # type: ignore[no-untyped-def]
    """The trial's f.sqlite: no base recorded, the 本月收缴 of December the only entry."""
    _roster(db)
    for m in dues_year(db, Y, as_of=AS_OF).ledgers:
        record_payments(db, [PaymentInput(m.member.member_id, [Month(Y, 12)], "45", date(Y, 12, 3), "现金", "李老师")],
                        today=AS_OF)
    dues = dues_year(db, Y, as_of=AS_OF)
    assert all(m.arrears is None for m in dues.ledgers)  # the grid's 欠交 column: unknown, not 0.00
    book = dues.branches[0].book
    assert book.arrears is None and book.arrears_members is None and book.owed_months is None
    section = dues_section(db, year=Y, as_of=AS_OF)
    figures = {label: value for label, value, _ in key_figures(section)}
    assert figures["党费欠交（元）"] != "0.00" and figures["党费欠交人数"] == "无法核对"
    assert all(row[6] != 0 for row in public_rows(section))  # 公示: 欠交 not 0 beside 应交 未核定
    text = summary(section, "全校")
    assert "足额" not in text and "交纳情况无法核对" in text


def test_no_member_with_a_base_is_not_said_to_pay_in_full() -> None:
    row = DuesBranchRow("第三党支部", 3, None, D("0"), D("0"), 0, 0, 3, D("0"))
    text = summary(DuesSection(Y, [row]), "本支部")
    assert "足额" not in text and "3名党员尚未登记缴费基数" in text
