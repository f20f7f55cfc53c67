"""Months the records cannot tell are unknown, never 欠交, in every view (the grid, the workbook's 公示
and 汇总, the year-end chapter): no dues recorded at all, months before the dues book starts
(党费从有记录的最早月份起计算), and unpaid months without a 缴费基数. A count they make unknowable
(欠交人数, 欠交月数) is unknown — neither 0 nor "10 人 110 个月"."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import openpyxl

from branchdesk.domain.annual_report.dues import branch_rows, key_figures, summary
from branchdesk.domain.dues.bases import BaseRecord
from branchdesk.domain.dues.branch import branch_dues
from branchdesk.domain.dues.ledger import CellState, MemberInfo, member_ledger
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.obligation import obligation
from branchdesk.domain.dues.payments import PaidMonth, PaymentInput
from branchdesk.domain.dues.rates import STANDARD_2008, DuesCategory, RateTables
from branchdesk.domain.dues.report import DuesSection, branch_row, public_row
from branchdesk.domain.dues.settings import DuesSettings
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.vocabulary import MemberStatus, OrgKind
from branchdesk.services.dues.checks import check_dues
from branchdesk.services.dues.excel import export_dues
from branchdesk.services.dues.figures import dues_section
from branchdesk.services.dues.records import dues_year, record_payments, save_settings
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import save_member

Y = 2026
AS_OF = date(Y, 12, 4)
TABLES = RateTables(STANDARD_2008)
MEMBER = MemberInfo(1, "张三", 10, "一支部", "正式党员", MemberStatus.ACTIVE.value)
BASE = [BaseRecord(1, 1, DuesCategory.EMPLOYED, Month(2020, 1), D("4800"))]


def _ledger(ob, records=BASE, paid=None, as_of=AS_OF):  # type: ignore[no-untyped-def]
    return member_ledger(MEMBER, ob, records, TABLES, paid or {}, Y, as_of, DuesSettings())


def test_nothing_recorded_leaves_every_month_unknown_not_owed() -> None:
    ob = obligation(join_date=date(2005, 7, 1), transfer_in=None, left_date=None, status=MemberStatus.ACTIVE.value,
                    ledger_start=None, book_started=False)
    m = _ledger(ob)
    assert [c.state for c in m.cells[:11]] == [CellState.UNRECORDED] * 11 and m.cells[11].state is CellState.OPEN
    assert m.cells[0].text == "未登记" and "无法核对" in m.cells[0].detail
    assert m.owed_months == [] and m.run is None and m.arrears is None and m.due is None and m.undetermined
    book = branch_dues(10, "一支部", Y, [m], [])
    assert book.arrears_members is None and book.owed_months is None and book.undetermined_members == 1
    note = public_row(m).note
    assert "欠交" not in note and "2026年1月至11月未登记党费交纳记录，无法核对" in note
    assert "尚未登记党费交纳记录" in ob.text and not m.base_missing and not m.unknown_months  # it has a base


def test_months_before_the_book_starts_are_unrecorded_and_the_rest_judged() -> None:
    ob = obligation(join_date=date(2005, 7, 1), transfer_in=None, left_date=None, status=MemberStatus.ACTIVE.value,
                    ledger_start=Month(Y, 3))
    paid = {Month(Y, k): [PaidMonth(k, Month(Y, k), D("48.00"), date(Y, k, 10))] for k in range(3, 11)}
    m = _ledger(ob, paid=paid)
    assert [c.state for c in m.cells[:2]] == [CellState.UNRECORDED] * 2  # was "—" (不在本支部交纳)
    assert m.cells[10].state is CellState.OWED and m.owed_months == [Month(Y, 11)]
    assert m.due == D("432.00") and m.arrears == D("48.00") and not m.undetermined  # March to November
    book = branch_dues(10, "一支部", Y, [m], [])
    assert (book.arrears_members, book.owed_months) == (1, 1)
    assert "2026年1月至2月未登记党费交纳记录" in public_row(m).note


def test_a_branch_with_a_member_without_a_base_has_unknown_counts() -> None:
    ob = obligation(join_date=date(2005, 7, 1), transfer_in=None, left_date=None, status=MemberStatus.ACTIVE.value,
                    ledger_start=Month(Y, 1))
    known = _ledger(ob)
    no_base = member_ledger(MemberInfo(2, "李四", 10, "一支部", "正式党员", MemberStatus.ACTIVE.value), ob, [], TABLES,
                            {}, Y, AS_OF, DuesSettings())
    assert known.owed_months and no_base.owed_months == [] and len(no_base.undetermined_months) == 11
    section = DuesSection(Y, [branch_row(branch_dues(10, "一支部", Y, [known, no_base], []))])
    # the whole is unknown; the known member's 11 months owed are a fact, given as the known part (TK-8)
    assert branch_rows(section)[0][4:7] == ["已知 528.00", "已知 1", "已知 11"]
    assert ("党费欠交人数", "已知 1 人，另有 1 人无法核对", "text") in key_figures(section)
    assert ("党费欠交（元）", "已知欠交 528.00 元（1 人），另有 1 人无法核对", "text") in key_figures(section)
    text = summary(section, "一支部")
    assert "有1名党员的部分月份未登记党费交纳记录或缴费基数，交纳情况无法核对；其余党员中有1名欠交或少交党费，共528.00元" in text
    assert "未登记缴费基数，2026年1月至11月是否欠交无法核对" in public_row(no_base).note


def _roster(db) -> None:  # type: ignore[no-untyped-def]
    top = create_org(db, "中共测试中学委员会", OrgKind.COMMITTEE)
    for branch in ("一支部", "二支部"):
        create_org(db, branch, OrgKind.BRANCH, top.id)
    for i in range(10):
        save_member(db, MemberInput(name=f"党员{'甲乙丙丁戊己庚辛壬癸'[i]}",
                                    id_number=make_id_number("140202", date(1980, 1, 1 + i), i, i % 2 == 0),
                                    branch="一支部" if i < 8 else "二支部", category="正式党员",
                                    join_date=date(2005, 7, 1), full_date=date(2006, 7, 1)))


def _sheet(path: Path, name: str) -> list[tuple[object, ...]]:
    return [r for r in openpyxl.load_workbook(path)[name].iter_rows(values_only=True) if any(v is not None for v in r)]


def test_export_with_no_dues_recorded_says_unknown_not_arrears(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _roster(db)
    out = tmp_path / "党费.xlsx"
    export_dues(db, out, year=Y, as_of=AS_OF)
    rows = _sheet(out, "汇总")
    header = rows[2]
    first = dict(zip(header, rows[3], strict=True))
    assert first["欠交人数"] == "无法核对" and first["欠交月数"] == "无法核对" and first["党员人数"] == 8
    assert first["未登记基数人数"] == 8  # no base for the months owed, though none is judged
    total = dict(zip(header, rows[-1], strict=True))
    assert total["党支部"] == "合计" and total["欠交人数"] == "无法核对"
    public = _sheet(out, "党费收缴公示")
    notes = [r[-1] for r in public[3:13]]
    assert len(notes) == 10 and all("无法核对" in n and "欠交" not in n for n in notes)  # type: ignore[operator]
    ledger = _sheet(out, "一支部")
    assert list(ledger[3][7:18]) == ["未登记"] * 11 and "欠" not in ledger[3][7:19]
    assert any("欠交情况无法核对（8 名党员的月份未登记党费交纳记录或缴费基数）" in str(r[0]) for r in ledger[-3:])
    assert dues_section(db, year=Y, as_of=AS_OF).empty == "本年度尚未登记党费收缴记录。"


def test_a_branch_that_records_nothing_shows_unknown_beside_one_that_does(db) -> None:  # type: ignore[no-untyped-def]
    _roster(db)
    dues = dues_year(db, Y, as_of=AS_OF)
    member = dues.branches[0].ledgers[0].member.member_id
    record_payments(db, [PaymentInput(member, [Month(Y, 3)], "48", date(Y, 3, 10), "现金", "李组织")], today=AS_OF)
    dues = dues_year(db, Y, as_of=AS_OF)
    one, two = dues.branches
    assert one.recorded and not two.recorded
    assert [len(b.ledgers) for b in dues.branches] == [8, 2]  # the unrecorded branch's members are listed, unknown
    assert all(c.state is CellState.UNRECORDED for m in two.ledgers for c in m.cells[:11])
    assert one.ledgers[0].cells[0].state is CellState.UNRECORDED and one.ledgers[0].cells[2].state is CellState.PAID
    assert two.book.arrears_members is None


def test_a_year_before_the_book_starts_is_unrecorded_not_a_year_without_dues(db) -> None:  # type: ignore[no-untyped-def]
    _roster(db)
    save_settings(db, DuesSettings(start=Month(Y, 1)))
    section = dues_section(db, year=Y - 1, as_of=AS_OF)
    assert summary(section, "全校") == "本年度尚未登记党费收缴记录。"  # was "本年度没有应交党费的党员记录。"
    assert key_figures(section) == []
    assert all(c.state is CellState.UNRECORDED for m in dues_year(db, Y - 1, as_of=AS_OF).ledgers for c in m.cells)
    assert not [f for f in check_dues(db, year=Y - 1, as_of=AS_OF) if "缴费基数" in f.message]
