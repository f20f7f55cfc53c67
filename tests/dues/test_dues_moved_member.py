"""A branch's 党费 ledger listing a member who moved to another branch during the year (支部调整, dated)
is imported: the months before the move belong to the old branch (a month belongs to the branch whose
roster the member is on on its first day); months the member was on another branch's roster are
imported as the member's own payments and flagged with a plain message naming that branch. It used to
refuse the whole file ("…的花名册中没有…"), so the months paid to the old branch could not be entered
(trial 9, T9-22)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from branchdesk.services.dues.excel import import_dues
from branchdesk.services.dues.records import list_payments
from branchdesk.services.roster.membership import move_branch
from tests.dues.dues_fixtures import BRANCH, OTHER, make_dues_branch
from tests.dues.dues_sheets import long_ledger, wide_ledger

Y = 2025
TODAY = date(2026, 1, 10)


@pytest.fixture
def school(db):  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    move_branch(db, branch.members["李组织"], branch.other_id, date(Y, 9, 1))
    return branch


def _grid(tmp_path: Path, months: int) -> Path:
    cells = [48] * months + [None] * (12 - months)
    return wide_ledger(tmp_path / "登记表.xlsx", [("王书记", BRANCH, 6200, "1.5%", 93, *([93] * 8), *([None] * 4), None),
                                                 ("李组织", BRANCH, 4800, "1%", 48, *cells, None)])


def _paid_months(db, name: str) -> list[int]:  # type: ignore[no-untyped-def]
    return sorted(m.month for p in list_payments(db, year=Y) if p.name == name for m in p.months)


def test_the_months_before_the_move_are_taken_from_the_old_branchs_ledger(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    report = import_dues(db, _grid(tmp_path, 8), today=TODAY)
    assert report.ok, report.to_text()
    assert _paid_months(db, "李组织") == list(range(1, 9))
    text = report.to_text()
    assert f"李组织：2025-09-01 由{BRANCH}调整到{OTHER}；按{BRANCH}的表导入其调整前各月的交纳记录" in text
    assert not report.warnings


def test_months_after_the_move_are_flagged_not_refused(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    report = import_dues(db, _grid(tmp_path, 11), today=TODAY)
    assert report.ok, report.to_text()
    assert _paid_months(db, "李组织") == list(range(1, 12))
    assert report.warnings == [f"第 6 行：李组织2025年9月至11月不在本支部（2025-09-01 由{BRANCH}调整到{OTHER}），"
                               f"应由{OTHER}收缴登记；已按表导入为本人的交纳记录，请与{OTHER}核对"]


def test_the_new_branchs_list_flags_months_before_the_move(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    listed = long_ledger(tmp_path / "交纳.xlsx", ("姓名", "所在党支部", "月份", "金额", "缴纳日期"), [
        ("李组织", OTHER, "2025年8月", "48", "2025-08-20"), ("李组织", OTHER, "2025年10月", "48", "2025-10-20")])
    report = import_dues(db, listed, today=TODAY)
    assert report.ok, report.to_text()
    [warning] = report.warnings  # October is the new branch's own month
    assert warning.startswith("第 3 行：李组织2025年8月不在本支部（2025-09-01 由") and f"应由{BRANCH}收缴登记" in warning
    assert sum(p.amount for p in list_payments(db, year=Y) if p.name == "李组织") == D("96.00")


def test_a_name_the_branch_never_had_is_still_refused(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = wide_ledger(tmp_path / "登记表.xlsx", [("老党员", BRANCH, 3000, "0.5%", 15, *([15] * 8), *([None] * 4), None)])
    report = import_dues(db, path, today=TODAY)
    assert not report.ok and f"{BRANCH}的花名册中没有“老党员”" in report.to_text()
