"""A 交纳明细 ends as a school's ledger does: a 合计 row (the total in 金额, 姓名 blank) and a 制表人 line
merged across the table (a 缴费基数 list likewise ends with 填表人). They hold no payment: each is named in the report as the table's footer, not
refused as a payment without a name (they were: "请填写党员姓名"), and a row with a name is never one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from branchdesk.services.dues.excel import import_dues, import_dues_base
from branchdesk.services.dues.records import list_payments, member_bases
from tests.dues.dues_fixtures import BRANCH, make_dues_branch

Y = 2025
TODAY = date(2026, 1, 10)


def _ledger(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"{BRANCH}党费交纳明细（{Y}年）"])
    sheet.append(["序号", "姓名", "月份", "金额", "缴纳日期", "收款人"])
    for row in rows:
        sheet.append(row)
    sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=6)
    workbook.save(path)
    return path


def test_a_total_row_and_a_signature_line_are_the_footer(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_dues_branch(db)
    path = _ledger(tmp_path / "明细.xlsx", [[1, "李组织", "2025年1月", 48, "2025-01-10", "孙三"],
                                           [2, "赵一", "2025年1月", 30, "2025-01-12", "孙三"],
                                           ["合计", None, None, 78, None, None],
                                           ["制表人：孙三　　审核：王书记　　日期：2025年1月31日"]])
    report = import_dues(db, path, today=TODAY)
    assert report.ok, report.to_text()
    assert report.created == 2
    assert "第 5 行“合计”、第 6 行“制表人：孙三 审核：王书记 日期：2025年1月31日”视为表尾，未导入" in report.notes, report.to_text()
    assert sorted(p.name for p in list_payments(db, year=Y)) == ["李组织", "赵一"]


def test_a_row_with_a_name_is_never_the_footer(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_dues_branch(db)
    path = _ledger(tmp_path / "明细.xlsx", [["合计", "李组织", "2025年1月", 48, "2025-01-10", None], [None]])
    report = import_dues(db, path, today=TODAY)
    assert report.ok and report.created == 1, report.to_text()


def test_a_base_list_signed_under_the_table(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"{Y}年党员缴费基数核定表"])
    sheet.append(["序号", "姓名", "缴纳类别", "缴费基数", "起始月份"])
    sheet.append([1, "周四", "在职", 6000, "2025-07"])
    sheet.append(["填表人：孙三　　填表日期：2025年7月5日"])
    sheet.merge_cells("A4:E4")
    workbook.save(tmp_path / "基数.xlsx")
    report = import_dues_base(db, tmp_path / "基数.xlsx", today=TODAY)
    assert report.ok and report.created == 1, report.to_text()
    assert "第 4 行“填表人：孙三 填表日期：2025年7月5日”视为表尾，未导入" in report.notes, report.to_text()
    assert member_bases(db, branch.members["周四"])
