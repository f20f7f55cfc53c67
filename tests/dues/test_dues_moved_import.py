"""`import dues` judges a month against the member's months *in the branch the sheet is for*: a member
moved between branches mid-year (支部调整, dated) owes each branch the months whose first day finds
her on its roster (obligation.py; DUES-TIMING, domain.md §5: 党员一般应当向其正式组织关系所在的党支部交纳
党费). 陈红 moved from 第一党支部 to 第二党支部 on 2026-07-01: 第一's ledger lists her January–June,
第二's July on. The import's check that a month lies outside a member's months used to read her whole
membership (store.obligations_for ignored 支部调整): its message named the school's months, not the
branch's, and a month owed nowhere drew a second warning sending it to the other branch."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from branchdesk.db.engine import Database
from branchdesk.domain.dues.bases import BaseInput
from branchdesk.domain.dues.ledger import CellState, MemberLedger
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.domain.dues.settings import DuesSettings
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.vocabulary import MoveKind, OrgKind
from branchdesk.services.dues.excel import import_dues
from branchdesk.services.dues.figures import dues_section
from branchdesk.services.dues.records import (
    dues_year,
    list_payments,
    record_payments,
    save_base,
    save_settings,
)
from branchdesk.services.records_start import set_records_start
from branchdesk.services.roster.membership import move_branch
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import mark_left, save_member
from tests.dues.dues_sheets import long_ledger, wide_ledger

Y = 2026
TODAY = date(2026, 12, 4)
MOVED_ON = date(2026, 7, 1)
FIRST, SECOND = "第一党支部", "第二党支部"


@pytest.fixture
def school(db: Database) -> dict[str, int]:
    """陈红 (正式, 4800 元 → 48 元) and 周新 (预备 since 2026-03-10, 2800 元 → 14 元) in 第一党支部, 刘明
    in 第二党支部; the two first named moved to 第二党支部 on 2026-07-01. The book starts in January."""
    top = create_org(db, "中共示范中学委员会", OrgKind.COMMITTEE)
    set_records_start(db, date(2024, 1, 1))
    ids = {FIRST: create_org(db, FIRST, OrgKind.BRANCH, top.id).id, SECOND: create_org(db, SECOND, OrgKind.BRANCH, top.id).id}
    save_settings(db, DuesSettings(start=Month(Y, 1)))
    people = (("陈红", FIRST, "正式党员", date(2005, 7, 1), "4800"), ("周新", FIRST, "预备党员", date(2026, 3, 10), "2800"),
              ("刘明", SECOND, "正式党员", date(2005, 7, 1), "4800"))
    for index, (name, branch, category, joined, base) in enumerate(people, start=1):
        record = save_member(db, MemberInput(
            name=name, id_number=make_id_number("140202", date(1980, 1, index), index, male=False), branch=branch,
            category=category, join_date=joined, full_date=date(2006, 7, 1) if category == "正式党员" else None))
        ids[name] = record.id
        save_base(db, BaseInput(record.id, "在职", max(Month(Y, 1), Month.of(joined)), base), today=date(Y, 1, 5))
    for name in ("陈红", "周新"):
        move_branch(db, ids[name], ids[SECOND], MOVED_ON)
    return ids


def _ledger(path: Path, branch: str, rows: list[tuple[str, str, int, str, int, list[int | None]]]) -> Path:
    return wide_ledger(path, [(name, b, base, rate, monthly, *cells, None) for name, b, base, rate, monthly, cells in rows],
                       title=f"{branch}{Y}年度党费收缴登记表")


def _hers(db: Database, branch: str, name: str = "陈红") -> MemberLedger:
    [ledger] = [m for m in dues_year(db, Y, branch, as_of=TODAY).ledgers if m.member.name == name]
    return ledger


def test_each_branchs_ledger_imports_her_own_months_and_each_ledger_shows_them(db: Database, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = import_dues(db, _ledger(tmp_path / "一.xlsx", FIRST, [("陈红", FIRST, 4800, "1%", 48, [48] * 6 + [None] * 6)]),
                        today=TODAY)
    assert first.ok and not first.warnings, first.to_text()
    second = import_dues(db, _ledger(tmp_path / "二.xlsx", SECOND, [
        ("陈红", SECOND, 4800, "1%", 48, [None] * 6 + [48] * 5 + [None]),
        ("刘明", None, 4800, "1%", 48, [48] * 11 + [None])]), today=TODAY)
    assert second.ok and not second.warnings, second.to_text()
    old, new = _hers(db, FIRST), _hers(db, SECOND)
    assert [c.state for c in old.cells[:6]] == [CellState.PAID] * 6 and [c.text for c in old.cells[6:]] == ["—"] * 6
    assert [c.text for c in new.cells[:6]] == ["—"] * 6 and [c.state for c in new.cells[6:11]] == [CellState.PAID] * 5
    assert not new.owed_months and not old.owed_months  # December is not yet due on 12-04
    assert old.paid == D("288.00") and new.paid == D("240.00")
    rows = {(r.branch, r.name): r for r in dues_section(db, year=Y, as_of=TODAY).public if r.name == "陈红"}
    assert rows[(FIRST, "陈红")].paid == D("288.00") and rows[(SECOND, "陈红")].paid == D("240.00")


def test_each_branchs_payment_list_holds_the_payments_of_its_own_months(db: Database, school) -> None:  # type: ignore[no-untyped-def]
    """The 党费 page's 交纳记录 of a branch: her payments for January–June were collected by 第一党支部
    and are listed there (under it), not under the branch her roster row names today."""
    record_payments(db, [PaymentInput(school["陈红"], [Month(Y, m)], "48", date(Y, m, 20)) for m in (5, 6, 7, 8)],
                    today=TODAY)
    listed = {b: sorted((p.months[0].month, p.branch) for p in list_payments(db, year=Y, branch=school[b])
                        if p.name == "陈红") for b in (FIRST, SECOND)}
    assert listed == {FIRST: [(5, FIRST), (6, FIRST)], SECOND: [(7, SECOND), (8, SECOND)]}
    everyone = sorted((p.months[0].month, p.branch) for p in list_payments(db, year=Y) if p.name == "陈红")
    assert everyone == [(5, FIRST), (6, FIRST), (7, SECOND), (8, SECOND)]


def test_a_month_after_she_left_is_judged_against_the_new_branchs_months(db: Database, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    mark_left(db, school["陈红"], MoveKind.TRANSFER_OUT, date(2026, 10, 15), "外校")
    path = _ledger(tmp_path / "二.xlsx", SECOND, [("陈红", SECOND, 4800, "1%", 48, [None] * 6 + [48] * 5 + [None])])
    report = import_dues(db, path, today=TODAY)
    assert report.ok, report.to_text()
    [warning] = report.warnings
    assert warning == (f"第 5 行：陈红2026年11月不在本支部的应交月份内（自 2026年7月起（2026-07-01 由{FIRST}调整到本支部）；"
                       "至 2026年10月（2026-10-15 转出）），已按表导入")


def test_a_month_before_she_joined_is_not_sent_to_the_other_branch(db: Database, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """周新 was admitted on 2026-03-10 in 第一党支部: 第二's list naming her February is told the month is
    owed nowhere; March–June were 第一's."""
    path = long_ledger(tmp_path / "二.xlsx", ("姓名", "所在党支部", "月份", "金额", "缴纳日期"), [
        ("周新", SECOND, "2026年2月", "14", "2026-07-20"), ("周新", SECOND, "2026年3月至6月", "56", "2026-07-20"),
        ("周新", SECOND, "2026年7月", "14", "2026-07-20")], titles=(f"{SECOND}党费交纳明细（2026年）",))
    report = import_dues(db, path, today=TODAY)
    assert report.ok, report.to_text()
    assert report.warnings == [
        f"第 4 行：周新2026年3月至6月不在本支部（2026-07-01 由{FIRST}调整到{SECOND}），应由{FIRST}收缴登记；"
        f"已按表导入为本人的交纳记录，请与{FIRST}核对",
        "第 3 行：周新2026年2月不在本支部的应交月份内（自 2026年3月起（2026-03-10 支部大会通过接收为预备党员）），已按表导入"]


def test_without_a_start_month_months_before_the_first_recorded_are_not_outside(db: Database, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """No start month set: the book starts with the earliest month recorded, and the file's own months
    are recorded by the import — so a month before the earliest one stored is not "outside" the member's
    months (the ledger shows it paid once imported)."""
    save_settings(db, DuesSettings())
    record_payments(db, [PaymentInput(school["陈红"], [Month(Y, 3)], "48", date(Y, 3, 20))], today=TODAY)
    path = _ledger(tmp_path / "一.xlsx", FIRST, [("陈红", FIRST, 4800, "1%", 48, [48, 48, 48] + [None] * 9)])
    report = import_dues(db, path, today=TODAY)
    assert report.ok and not report.warnings, report.to_text()
    assert [c.state for c in _hers(db, FIRST).cells[:3]] == [CellState.PAID] * 3
