"""A 登记簿 gives a member with no 缴费基数 the row's base — from the first month the member is on the
sheet's branch's roster that year, not from January (trial D, TD-9). 蒋军 moved from 高二 to 高三 on
2026-06-15: 高三's sheet lists his base of 7,400 元 and his payments for 7月–12月. Registered from
2026年1月, the base covered 高二's months; at the 党委, which keeps both branches' bases, the two bases
"from 2026年1月" were settled by the order the packages came in (高三 收缴率 101.6%). A month belongs to
the branch whose roster the member is on on its first day (obligation.py; DUES-BASE-CHANGE and
DUES-TIMING, domain.md §5): June is 高二's, so 高三's base applies from July."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import Workbook

from branchdesk.db.engine import Database
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.settings import DuesSettings
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.dues.excel import import_dues, import_dues_base
from branchdesk.services.dues.records import dues_year, member_bases, save_settings
from branchdesk.services.records_start import set_records_start
from branchdesk.services.roster.membership import move_branch
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import save_member
from tests.dues.dues_sheets import wide_ledger

Y = 2026
TODAY = date(2026, 12, 28)
LEFT, JOINED = "高二年级党支部", "高三年级党支部"


@pytest.fixture
def moved(db: Database) -> int:
    """蒋军 (语文教师, no base recorded) in 高二 until 2026-06-15, in 高三 since."""
    top = create_org(db, "中共城关中学委员会", OrgKind.COMMITTEE)
    set_records_start(db, date(2024, 1, 1))
    ids = {name: create_org(db, name, OrgKind.BRANCH, top.id).id for name in (LEFT, JOINED)}
    save_settings(db, DuesSettings(start=Month(Y, 1)))
    member = save_member(db, MemberInput(
        name="蒋军", id_number=make_id_number("410102", date(1982, 3, 4), 7, male=True), branch=LEFT,
        category="正式党员", join_date=date(2006, 7, 1), full_date=date(2007, 7, 1), position="语文教师")).id
    move_branch(db, member, ids[JOINED], date(Y, 6, 15))
    return member


def test_a_base_from_the_branch_joined_applies_from_the_first_month_there(  # type: ignore[no-untyped-def]
        db: Database, moved: int, tmp_path: Path) -> None:
    sheet = wide_ledger(tmp_path / "高三.xlsx", [("蒋军", JOINED, 7400, "1.5%", 111, *[None] * 6, *[111] * 6, 666)],
                        title=f"{JOINED}{Y}年度党费收缴登记表")
    report = import_dues(db, sheet, today=TODAY)
    assert report.ok, report.to_text()
    assert [(b.record.applies_from, b.record.base) for b in member_bases(db, moved)] == [(Month(Y, 7), D("7400.00"))]  # before: 1月
    assert any("自 2026年7月起" in note and "2026-06-15" in note for note in report.notes), report.notes
    [ledger] = [m for m in dues_year(db, Y, JOINED, as_of=TODAY).ledgers if m.member.name == "蒋军"]
    assert ledger.paid == D("666.00") and not ledger.owed_months


def test_the_branch_left_still_registers_from_january(db: Database, moved: int, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = wide_ledger(tmp_path / "高二.xlsx", [("蒋军", LEFT, 4200, "1%", 42, *[42] * 6, *[None] * 6, 252)],
                        title=f"{LEFT}{Y}年度党费收缴登记表")
    report = import_dues(db, sheet, today=TODAY)
    assert report.ok, report.to_text()
    assert [(b.record.applies_from, b.record.base) for b in member_bases(db, moved)] == [(Month(Y, 1), D("4200.00"))]


def _base_list(path: Path, rows: list[tuple[object, ...]]) -> Path:
    """A 缴费基数表 with a title row and the month written as a teacher writes it."""
    book = Workbook()
    sheet = book.active
    sheet.append([f"{JOINED}党员缴费基数核定表"])
    sheet.append(["序号", "所在党支部", "姓名", "缴纳类别", "缴费基数", "执行月份"])
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_a_base_list_reaching_back_before_the_move_is_warned_about(  # type: ignore[no-untyped-def]
        db: Database, moved: int, tmp_path: Path) -> None:
    """The branch joined types a base from 1月 in its own list: imported as written (the list may be
    the 党委's for the whole year), with the months it also sets in the branch left and the month to
    write instead."""
    report = import_dues_base(db, _base_list(tmp_path / "基数.xlsx", [(1, JOINED, "蒋军", "在职", 7400, "2026年1月")]),
                              today=TODAY)
    assert report.ok, report.to_text()
    assert report.warnings == [  # before: none
        "第 3 行：蒋军2026年1月至6月不在高三年级党支部（2026-06-15 由高二年级党支部调整到高三年级党支部），本行的缴费基数"
        "自 2026年1月起，也会用于计算这些月份在原支部的应交党费；如只适用于本支部，请把起始月份改为 2026年7月"]
    again = import_dues_base(db, _base_list(tmp_path / "基数2.xlsx", [(1, JOINED, "蒋军", "在职", 7400, "2026.7")]),
                             today=TODAY)
    assert again.ok and not again.warnings, again.to_text()


def test_the_branch_left_s_sheet_imported_after_the_branch_joined_s_registers_its_months(  # type: ignore[no-untyped-def]
        db: Database, moved: int, tmp_path: Path) -> None:
    """Review 13, R3-5: one PC (a 党委 keeping its branches' 登记簿) imports 高三's sheet first — its base
    from 7月 — and then 高二's. No base is in force for 高二's months, so 高二's row gives them one, from
    1月 (before: not registered, "与系统中的 7,400.00 元不一致，系统中的基数未修改" for a base that is not in
    force in those months, and 1月–6月 应交 未核定)."""
    joined = wide_ledger(tmp_path / "高三.xlsx", [("蒋军", JOINED, 7400, "1.5%", 111, *[None] * 6, *[111] * 6, 666)],
                         title=f"{JOINED}{Y}年度党费收缴登记表")
    assert import_dues(db, joined, today=TODAY).ok
    left = wide_ledger(tmp_path / "高二.xlsx", [("蒋军", LEFT, 4200, "1%", 42, *[42] * 6, *[None] * 6, 252)],
                       title=f"{LEFT}{Y}年度党费收缴登记表")
    report = import_dues(db, left, today=TODAY)
    assert report.ok, report.to_text()
    assert not any("不一致" in w for w in report.warnings), report.warnings
    assert sorted((b.record.applies_from, b.record.base) for b in member_bases(db, moved)) == [
        (Month(Y, 1), D("4200.00")), (Month(Y, 7), D("7400.00"))]
    [ledger] = [m for m in dues_year(db, Y, LEFT, as_of=TODAY).ledgers if m.member.name == "蒋军"]
    assert ledger.paid == D("252.00") and not ledger.owed_months
    assert ledger.due == D("252.00"), ledger
