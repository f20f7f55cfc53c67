"""Trial R TR-17: a 党费 登记簿 ends with a 合计 row (each month's total, the 全年合计) and a 收款人 line. She checks
the bottom 合计 against her receipts, yet a 全年合计 written 1.00 for 32,405.50 was never said, and neither row was
named as the table's footer. Each month's 合计 and the 全年合计 are now checked against the member rows (a
warning: the rows are imported as written, as the per-member 合计 check does), and both rows are named as footers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from branchdesk.services.dues.excel import import_dues
from tests.dues.dues_fixtures import BRANCH, make_dues_branch

Y = 2025
TODAY = date(2026, 1, 10)
PEOPLE = [("王书记", 93), ("李组织", 72)]


def _register(path: Path, month_totals: list[object], year_total: object, *, mark: bool = False,
              quarter: bool = False) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"{BRANCH}{Y}年党费收缴登记簿"])
    sheet.append(["序号", "姓名", "比例", *[f"{m}月" for m in range(1, 13)], "合计"])
    for index, (name, amount) in enumerate(PEOPLE, start=1):
        months: list[object] = [amount] * 12
        if mark and index == 2:
            months[0] = "√"
        if quarter and index == 2:  # January to March paid at once, in one cell merged across them
            months[:3] = [amount * 3, None, None]
        sheet.append([index, name, "1.5%", *months, amount * 12])
        if quarter and index == 2:
            sheet.merge_cells(start_row=sheet.max_row, start_column=4, end_row=sheet.max_row, end_column=6)
    sheet.append(["合计", None, None, *month_totals, year_total])
    sheet.append(["收款人：孙三", None, None, None, None, "支部书记：王书记"])
    workbook.save(path)
    return path


def _lines(text: str, word: str) -> list[str]:
    return [line for line in text.splitlines() if word in line]


def test_a_wrong_bottom_total_is_said_and_the_rows_are_imported(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_dues_branch(db)
    totals: list[object] = [165] * 12
    totals[4] = 160  # May's 合计 written wrong
    report = import_dues(db, _register(tmp_path / "登记簿.xlsx", totals, 1.00), dry_run=True, today=TODAY)
    text = report.to_text()
    assert report.ok, text
    said = _lines(text, "合计行")
    assert len(said) == 1, text
    assert "第 5 行" in said[0] and "5月合计 160.00 元与各行之和 165.00 元不一致" in said[0], said
    assert "全年合计 1.00 元与各行各月金额之和 1,980.00 元不一致" in said[0], said
    assert "1月合计" not in said[0], said
    footer = _lines(text, "视为表尾")
    assert len(footer) == 1 and "第 5 行“合计" in footer[0] and "第 6 行“收款人：孙三" in footer[0], text


def test_a_right_bottom_total_is_no_warning(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_dues_branch(db)
    report = import_dues(db, _register(tmp_path / "登记簿.xlsx", [165] * 12, 1980), dry_run=True, today=TODAY)
    text = report.to_text()
    assert report.ok and not _lines(text, "合计行"), text
    assert len(_lines(text, "视为表尾")) == 1, text


def test_a_month_holding_a_mark_is_said_as_not_checked(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_dues_branch(db)
    report = import_dues(db, _register(tmp_path / "登记簿.xlsx", [165] * 12, 1980, mark=True), dry_run=True,
                         today=TODAY)
    text = report.to_text()
    said = _lines(text, "合计行")
    assert len(said) == 1 and "1月合计、全年合计未核对" in said[0] and "不一致" not in said[0], text


def test_a_quarter_paid_at_once_leaves_its_months_unchecked_but_not_the_year(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_dues_branch(db)
    report = import_dues(db, _register(tmp_path / "登记簿.xlsx", [165] * 12, 1.00, quarter=True), dry_run=True,
                         today=TODAY)
    text = report.to_text()
    assert report.ok, text
    said = _lines(text, "合计行")
    assert any("1月合计、2月合计、3月合计未核对" in line for line in said), text
    assert any("全年合计 1.00 元与各行各月金额之和 1,980.00 元不一致" in line for line in said), text
