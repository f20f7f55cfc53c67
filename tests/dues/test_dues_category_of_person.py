"""A 党费 登记表 with a 比例 column registers a base under the category the person has (在职 / 离退休 is a
fact about them: the sheet's 缴纳类别 column, else the roster's 工作岗位), never under the one the sheet's
rate would fit (DUES-RATE, domain.md §5). A teacher listed at 1% of 8,000 元 is 在职 and paid 少交 — said
at import and in the check; when nothing tells the category the base is not registered and the report says
so (trial 9, T9-8)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import Workbook

from branchdesk.db.models import Member
from branchdesk.domain.dues.bases import BaseInput, category_of_position
from branchdesk.domain.dues.ledger import CellState
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.rates import DuesCategory
from branchdesk.domain.findings import Severity
from branchdesk.services.dues import checks
from branchdesk.services.dues.excel import import_dues
from branchdesk.services.dues.records import dues_year, member_bases, save_base
from tests.dues.dues_fixtures import BRANCH, make_dues_branch
from tests.dues.dues_sheets import wide_ledger

Y = 2025
TODAY = date(2026, 1, 10)


@pytest.fixture
def school(db):  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    with db.session() as session:  # 周四 has no base yet (the fixture); give the roster's 工作岗位
        member = session.get(Member, branch.members["周四"])
        member.position = "语文教师"
    return branch


def _position(db, member_id: int, text: str) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        session.get(Member, member_id).position = text


def _sheet(tmp_path: Path, rate: object) -> Path:
    return wide_ledger(tmp_path / "比例.xlsx", [("周四", BRANCH, 8000, rate, None, *(["80元"] * 11), None, None)])


def test_what_the_roster_position_says() -> None:
    assert category_of_position("语文教师") is DuesCategory.EMPLOYED
    assert category_of_position("总务处干事") is DuesCategory.EMPLOYED
    assert category_of_position("退休教师") is DuesCategory.RETIRED
    assert category_of_position(" 离休干部 ") is DuesCategory.RETIRED
    assert category_of_position("学生") is DuesCategory.NO_INCOME
    assert category_of_position("学生处主任") is DuesCategory.EMPLOYED  # a post, not a student
    for unknown in ("", "  ", "无", "待业", "退休返聘"):
        assert category_of_position(unknown) is None, unknown


def test_a_teacher_at_a_retirees_rate_is_registered_employed_and_short(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    report = import_dues(db, _sheet(tmp_path, "1%"), today=TODAY)
    assert report.ok, report.to_text()
    text = report.to_text()
    assert "离退休" not in text
    assert "周四：按表中缴费基数 8,000.00 元登记为在职（花名册工作岗位“语文教师”）" in text
    assert "表中比例 1% 与党费规定不符：周四为在职党员，缴费基数 8,000.00 元每月应交 120.00 元" in text
    assert "周四2025年1月应交 120.00 元，实交 80.00 元" in text
    [base] = member_bases(db, school.members["周四"])
    assert base.record.category is DuesCategory.EMPLOYED and base.record.base == D("8000.00")
    short = [f for f in checks.check_dues(db, year=Y, as_of=TODAY, branch=BRANCH)
             if f.rule == "DUES-RATE" and f.person == "周四"]
    assert short and "少交 440.00 元" in short[0].message  # 11 × (120 − 80)


def test_a_retired_teacher_is_registered_retired_whatever_the_sheet_rate(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _position(db, school.members["周四"], "退休教师")
    report = import_dues(db, _sheet(tmp_path, "1.5%"), today=TODAY)
    assert report.ok, report.to_text()
    text = report.to_text()
    assert "登记为离退休（花名册工作岗位“退休教师”）" in text
    assert "表中比例 1.5% 与党费规定不符：周四为离退休党员" in text
    assert member_bases(db, school.members["周四"])[0].record.category is DuesCategory.RETIRED


def test_with_nothing_to_tell_the_category_the_base_is_not_registered_and_said(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _position(db, school.members["周四"], "")
    report = import_dues(db, _sheet(tmp_path, "1%"), today=TODAY)
    assert report.ok, report.to_text()
    text = report.to_text()
    assert "元登记为" not in text and "与党费规定不符" not in text  # no category guessed, no rate judged
    assert "周四的缴费基数 8,000.00 元未登记：花名册中没有填写工作岗位，无法确定是在职还是离退休党员" in text
    assert member_bases(db, school.members["周四"]) == []
    assert report.created == 11  # the payments are kept
    ledger = next(m for b in dues_year(db, Y, BRANCH, as_of=TODAY).branches for m in b.ledgers
                  if m.member.name == "周四")
    assert ledger.paid == D("880.00") and ledger.cells[11].state is CellState.UNKNOWN and ledger.arrears is None


def test_the_sheets_category_column_is_what_the_user_wrote(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"{BRANCH}{Y}年度党费收缴登记表"])
    sheet.append(["序号", "姓名", "缴纳类别", "缴费基数", "比例", *[f"{m}月" for m in range(1, 13)]])
    sheet.append([1, "周四", "离退休", 8000, "1%", *([80] * 11), None])
    path = tmp_path / "类别.xlsx"
    workbook.save(path)
    report = import_dues(db, path, today=TODAY)
    assert report.ok, report.to_text()
    text = report.to_text()
    assert "登记为离退休（表中的缴纳类别）" in text
    assert "周四在表中为离退休，花名册工作岗位“语文教师”为在职，请核对" in text


def test_the_check_names_a_category_the_roster_contradicts(db, school) -> None:  # type: ignore[no-untyped-def]
    # as an earlier import registered a teacher 离退休 from the sheet's 1%
    save_base(db, BaseInput(school.members["周四"], "离退休", Month(Y, 1), "8000"), today=date(Y, 1, 5))
    found = [f for f in checks.check_dues(db, year=Y, as_of=TODAY, branch=BRANCH) if f.person == "周四"]
    [wrong] = [f for f in found if "缴纳类别" in f.message]
    assert wrong.severity is Severity.WARNING and wrong.rule == "DUES-RATE"
    assert wrong.message.startswith("周四的缴纳类别登记为离退休，花名册工作岗位为“语文教师”（在职）")
    _position(db, school.members["周四"], "退休教师")
    assert not [f for f in checks.check_dues(db, year=Y, as_of=TODAY, branch=BRANCH) if "缴纳类别登记为" in f.message]


def test_a_base_the_import_registers_starts_at_the_month_of_admission(db, school, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """TR-16: a member admitted on 06-18 had the base of her sheet row registered "自 1月起": dues are paid from
    the day the 支部大会 passed the admission (domain.md §4, §5), so the base starts in June, and the report says why."""
    with db.session() as session:
        session.get(Member, school.members["周四"]).join_date = date(Y, 6, 18)
    sheet = wide_ledger(tmp_path / "新党员.xlsx",
                        [("周四", BRANCH, 8000, None, None, *([None] * 5), *(["120"] * 7), None)])
    report = import_dues(db, sheet, today=TODAY)
    assert report.ok, report.to_text()
    text = report.to_text()
    assert "自 2025年6月起（2025-06-18 支部大会通过接收为预备党员，自该月起交纳党费）" in text, text
    assert "自 2025年1月起" not in text
    [base] = member_bases(db, school.members["周四"])
    assert base.record.applies_from == Month(Y, 6)
