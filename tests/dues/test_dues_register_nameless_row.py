"""Review rev7 R7-4: in a 党费 登记簿 (one row a member, a column a month), a row whose 姓名 is blank — or only a
number ("2") — was skipped without a word although its months held amounts: the file was "imported" with that
member's year of 党费 missing (the bottom 合计, when there is one, was only warned about). Such a row is read and
refused for its name; a row with no name and no money (a column-number row, a blank line) is still passed over."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from branchdesk.services.dues.excel import import_dues
from tests.dues.dues_fixtures import BRANCH, make_dues_branch
from tests.dues.test_dues_register_totals import TODAY, Y


def test_money_in_a_row_without_a_name_is_never_dropped(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_dues_branch(db)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"{BRANCH}{Y}年党费收缴登记簿"])
    sheet.append(["序号", "姓名", "比例", *[f"{m}月" for m in range(1, 13)], "合计"])
    sheet.append([None, None, None, *range(1, 13), None])  # the column numbers under a header: no one's
    sheet.append([1, "王书记", "1.5%", *[93] * 12, 93 * 12])
    sheet.append([2, None, "1.5%", *[72] * 12, 72 * 12])  # the name forgotten
    sheet.append([3, "3", "1.5%", *[50] * 12, 600])  # the 序号 typed in the 姓名 column
    sheet.append(["合计", None, None, *[215] * 12, 215 * 12])
    workbook.save(tmp_path / "登记簿.xlsx")
    report = import_dues(db, tmp_path / "登记簿.xlsx", dry_run=True, today=TODAY)
    text = report.to_text()
    assert not report.ok, text
    assert "第 5 行，姓名" in text and "第 6 行，姓名" in text, text
    assert "第 3 行" not in text, text
