"""A member moved between branches during the year (dated 支部调整) is listed by each branch's ledger
for the months she was in it: a month belongs to the branch whose roster the member is on on its
first day (obligation.py). 李组织 moved from 高一年级党支部 to 退休教师党支部 on 2025-09-01 and paid
January–August to her old branch: the old branch lists her January–August (paid) and "—" after; the
new one "—" before September and owes September–December. The school's figures count each month once.
It used to list her only under the new branch, for the whole year (her old branch's 公示 did not name
her, and the new one showed the old branch's payments)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook

from branchdesk.db.engine import Database
from branchdesk.domain.dues.ledger import CellState, MemberLedger
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.domain.dues.settings import DuesSettings
from branchdesk.services.dues.checks import check_dues
from branchdesk.services.dues.excel import export_dues
from branchdesk.services.dues.figures import dues_section
from branchdesk.services.dues.records import dues_year, record_payments, save_settings
from branchdesk.services.roster.membership import move_branch
from tests.dues.dues_fixtures import BRANCH, OTHER, Branch, make_dues_branch

Y = 2025
AS_OF = date(2026, 1, 10)
NAME = "李组织"  # base 4800 → 48.00 a month


@pytest.fixture
def school(db: Database) -> Branch:
    branch = make_dues_branch(db)
    mid = branch.members[NAME]
    record_payments(db, [PaymentInput(mid, [Month(Y, m)], "48", date(Y, m, 20)) for m in range(1, 9)],
                    today=AS_OF)
    move_branch(db, mid, branch.other_id, date(Y, 9, 1))
    return branch


def _hers(db, branch: str | None) -> list[MemberLedger]:  # type: ignore[no-untyped-def]
    return [m for m in dues_year(db, Y, branch, as_of=AS_OF).ledgers if m.member.name == NAME]


def test_the_old_branch_lists_her_months_before_the_move(db, school) -> None:  # type: ignore[no-untyped-def]
    [ledger] = _hers(db, BRANCH)
    assert ledger.member.branch == BRANCH
    assert [c.state for c in ledger.cells[:8]] == [CellState.PAID] * 8
    assert [c.text for c in ledger.cells[8:]] == ["—"] * 4
    assert ledger.paid == D("384.00") and ledger.due == D("384.00") and ledger.arrears == 0
    assert not ledger.owed_months


def test_the_new_branch_lists_her_from_the_month_of_the_move(db, school) -> None:  # type: ignore[no-untyped-def]
    [ledger] = _hers(db, OTHER)
    assert ledger.member.branch == OTHER
    assert [c.text for c in ledger.cells[:8]] == ["—"] * 8  # not owed there: never 欠交, never 0
    assert ledger.owed_months == [Month(Y, m) for m in range(9, 13)]
    assert ledger.paid == 0 and ledger.due == D("192.00") and ledger.arrears == D("192.00")


def test_the_school_counts_each_month_once(db, school) -> None:  # type: ignore[no-untyped-def]
    ledgers = _hers(db, None)
    assert sorted(m.member.branch for m in ledgers) == sorted([BRANCH, OTHER])
    assert sum(m.paid for m in ledgers) == D("384.00")
    assert sum((m.due or D(0)) for m in ledgers) == D("576.00")  # twelve months of 48.00, each once
    dues = dues_year(db, Y, None, as_of=AS_OF)
    assert sum(b.book.paid for b in dues.branches) == D("384.00")
    january = {b.branch: b.book.months[0].owing for b in dues.branches}
    september = {b.branch: b.book.months[8].owing for b in dues.branches}
    assert january[BRANCH] - september[BRANCH] == 1 and september[OTHER] - january[OTHER] == 1  # she moves over


def test_the_public_table_names_her_in_both_branches_and_the_total_counts_her_once(db, school) -> None:  # type: ignore[no-untyped-def]
    section = dues_section(db, year=Y, as_of=AS_OF)
    rows = {(r.branch, r.name): r for r in section.public if r.name == NAME}
    assert set(rows) == {(BRANCH, NAME), (OTHER, NAME)}
    assert rows[(BRANCH, NAME)].paid == D("384.00") and rows[(BRANCH, NAME)].arrears == 0
    assert rows[(OTHER, NAME)].paid == 0 and rows[(OTHER, NAME)].arrears == D("192.00")
    total = section.total
    assert total is not None
    assert total.members == len({r.name for r in section.public})  # she is one member of the school
    assert total.members == sum(r.members for r in section.rows) - 1


def test_the_check_finds_her_arrears_in_the_new_branch_only(db, school) -> None:  # type: ignore[no-untyped-def]
    findings = [f for f in check_dues(db, year=Y, as_of=AS_OF) if NAME in f.message]
    lapse = [f for f in findings if f.rule == "DUES-LAPSE" and f.person == NAME]
    assert [(f.branch, "4 个月" in f.message) for f in lapse] == [(OTHER, True)]
    arrears = [f for f in findings if f.person is None or f.person == ""]
    assert [f.branch for f in arrears] == [OTHER] and f"{NAME}（4 个月）" in arrears[0].message


def test_a_move_in_mid_month_leaves_that_month_with_the_old_branch(db: Database) -> None:
    branch = make_dues_branch(db)
    move_branch(db, branch.members[NAME], branch.other_id, date(Y, 9, 15))
    [old] = _hers(db, BRANCH)
    [new] = _hers(db, OTHER)
    assert old.owed_months == [Month(Y, m) for m in range(1, 10)]  # September's first day: still in the old
    assert new.owed_months == [Month(Y, m) for m in range(10, 13)]
    assert "2025-09-15 调整到退休教师党支部" in old.obligation.text
    assert "2025-09-15 由高一年级党支部调整到本支部" in new.obligation.text


def test_moved_out_and_back_is_one_ledger_in_each_branch(db: Database) -> None:
    branch = make_dues_branch(db)
    mid = branch.members[NAME]
    move_branch(db, mid, branch.other_id, date(Y, 4, 1))
    move_branch(db, mid, branch.id, date(Y, 7, 1))
    [old] = _hers(db, BRANCH)
    [new] = _hers(db, OTHER)
    assert [c.text for c in old.cells[3:6]] == ["—"] * 3 and len(old.owed_months) == 9
    assert new.owed_months == [Month(Y, 4), Month(Y, 5), Month(Y, 6)]
    assert [c.text for c in new.cells[6:]] == ["—"] * 6
    assert f"其间2025-04-01 调整到{OTHER}，2025-07-01 由{OTHER}调整到本支部" in old.obligation.text


def test_her_old_branchs_payments_do_not_start_the_new_branchs_book(db: Database, school: Branch) -> None:
    """No start month set: each branch's book starts with its first payment on record, counted in the
    branch the member was in that month — 退休教师党支部 has recorded nothing, so its months are 未登记."""
    save_settings(db, DuesSettings())
    dues = dues_year(db, Y, None, as_of=AS_OF)
    recorded = {b.branch: b.recorded for b in dues.branches}
    assert recorded[BRANCH] and not recorded[OTHER]
    [new] = _hers(db, OTHER)
    assert new.unrecorded_months == [Month(Y, m) for m in range(9, 13)] and not new.owed_months
    assert [c.text for c in new.cells[:8]] == ["—"] * 8


def test_the_workbook_lists_her_in_each_branch_and_its_total_counts_her_once(db: Database, school: Branch,
                                                                             tmp_path: Path) -> None:
    result = export_dues(db, tmp_path / "党费.xlsx", year=Y, as_of=AS_OF)
    workbook = load_workbook(tmp_path / "党费.xlsx")
    old = next(r for r in workbook[BRANCH].iter_rows(min_row=4, values_only=True) if r[1] == NAME)
    new = next(r for r in workbook[OTHER].iter_rows(min_row=4, values_only=True) if r[1] == NAME)
    assert old[7:19] == (48,) * 8 + ("—",) * 4
    assert new[7:15] == ("—",) * 8
    summary = {r[0]: r for r in workbook["汇总"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert summary["合计"][1] == summary[BRANCH][1] + summary[OTHER][1] - 1
    assert result.members == summary["合计"][1] and f"{result.members} 名党员" in result.summary
    public = [r for r in workbook["党费收缴公示"].iter_rows(min_row=4, values_only=True) if r[2] == NAME]
    assert sorted(r[1] for r in public) == sorted([BRANCH, OTHER])


def test_the_page_keeps_her_two_rows_apart(qtbot, db: Database, school: Branch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    from branchdesk.ui.context import AppContext
    from branchdesk.ui.dues.collect_dialog import lines_for
    from branchdesk.ui.dues.dues_page import DuesPage
    from branchdesk.ui.dues.grid_model import MONTH_COLUMN

    page = DuesPage(AppContext(db))
    qtbot.addWidget(page)
    page.refresh()
    page.year.setValue(Y)
    rows = [r for r in range(page.grid_proxy.rowCount()) if page.grid_proxy.record_at(r).member.name == NAME]
    assert len(rows) == 2
    selection = QItemSelection()
    for r in rows:
        for month in (8, 9):
            index = page.grid_proxy.index(r, MONTH_COLUMN + month - 1)
            selection.select(index, index)
    page.grid_table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    chosen = page.selected_cells()
    assert sorted((ledger.member.branch, [c.month.month for c in cells]) for ledger, cells in chosen.values()) == \
        sorted([(BRANCH, [8, 9]), (OTHER, [8, 9])])
    lines, skipped = lines_for(chosen)
    assert [(line.ledger.member.branch, line.months) for line in lines] == [(OTHER, [Month(Y, 9)])] and skipped == 3
    assert [m.member.name for m in page.bases.members.rows()].count(NAME) == 1  # one base history per person
    people = len({m.member.member_id for m in page.dues.ledgers}) if page.dues else 0
    assert f"党员 {people} 名" in page.summary.text()


def test_a_run_of_unpaid_months_across_the_move_is_hers_and_named_where_it_goes_on(db: Database) -> None:
    """DUES-LAPSE (党章 第九条) is about the member: eight unpaid months in the old branch and four in the
    new one are twelve in a row. The run is named by the branch she is in when it reaches its last
    month, with its whole length; the old branch names her 欠交 months (its own), not a second run."""
    make_dues_branch(db)
    branch_id = {BRANCH: 0, OTHER: 0}
    for b in dues_year(db, Y, None, as_of=AS_OF).branches:
        branch_id[b.branch] = b.branch_id
    mid = next(m.member.member_id for m in dues_year(db, Y, BRANCH, as_of=AS_OF).ledgers if m.member.name == NAME)
    move_branch(db, mid, branch_id[OTHER], date(Y, 9, 1))
    [old] = _hers(db, BRANCH)
    [new] = _hers(db, OTHER)
    assert old.run is None and len(old.owed_months) == 8
    assert new.run is not None and (new.run.first, new.run.last, new.run.length) == (Month(Y, 1), Month(Y, 12), 12)
    findings = [f for f in check_dues(db, year=Y, as_of=AS_OF) if f.person == NAME and f.rule == "DUES-LAPSE"]
    assert [(f.branch, "已连续 12 个月未交纳党费" in f.message) for f in findings] == [(OTHER, True)]
    arrears = {f.branch: f.message for f in check_dues(db, year=Y, as_of=AS_OF) if not f.person and f.rule == "DUES-LAPSE"}
    assert f"{NAME}（8 个月）" in arrears[BRANCH] and f"{NAME}（4 个月）" in arrears[OTHER]


def test_months_the_new_branch_has_not_recorded_do_not_lengthen_her_run(db: Database) -> None:
    """No start month set and nothing recorded by 退休教师党支部: her months there are 未登记 (unknown),
    so the run is the old branch's eight months, named there."""
    branch = make_dues_branch(db)
    save_settings(db, DuesSettings())
    record_payments(db, [PaymentInput(branch.members["王书记"], [Month(Y, 1)], "93", date(Y, 1, 20))], today=AS_OF)
    move_branch(db, branch.members[NAME], branch.other_id, date(Y, 9, 1))
    [old] = _hers(db, BRANCH)
    [new] = _hers(db, OTHER)
    assert old.run is not None and (old.run.first, old.run.last) == (Month(Y, 1), Month(Y, 8))
    assert new.run is None and new.unrecorded_months == [Month(Y, m) for m in range(9, 13)]
