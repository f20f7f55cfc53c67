"""联系电话 written in groups, as teachers type it (trial D, TD-6): "139-0000-1111" was refused while
"139 0000 1111" passed. Hyphens, dashes and dots between the groups, the area code in brackets and
the country code in front are read, in the roster import and the member form alike, and the number
is kept in one spelling (a mobile as its 11 digits, a landline as 区号-号码) — found by the roster's
search as typed without them."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtTest import QTest

from branchdesk.services.roster.excel import import_roster
from branchdesk.services.roster.records import list_members
from branchdesk.ui.roster.member_dialog import MemberDialog
from tests.roster import real_roster

PHONES = {  # as typed in the roster → as kept
    "张建国": ("139-0000-1111", "13900001111"),
    "李秀英": ("139.0000.2222", "13900002222"),
    "王海燕": ("139—0000—3333", "13900003333"),
    "赵志强": ("+86 139 0000 4444", "13900004444"),
    "刘桂兰": ("（0371）65432100", "0371-65432100"),
    "陈明": ("0371-6543-2101", "0371-65432101"),
    "杨丽": ("139 0000 7777", "13900007777"),
    "黄伟": ("0371-65432102", "0371-65432102"),
}


def _with_phones(path: Path, phones: dict[str, str]) -> Path:
    """The rural school's roster (title row, merged 所在党支部 and 党小组, footer rows) with a 联系电话
    column after 备注."""
    real_roster.write_roster(path)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet.cell(3, 13).value = "联系电话"
    for row in range(4, 13):
        sheet.cell(row, 13).value = phones.get(str(sheet.cell(row, 2).value), None)
    book.save(path)
    return path


def test_phone_numbers_in_groups_are_read_by_the_roster_import(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _with_phones(tmp_path / "花名册.xlsx", {name: typed for name, (typed, _kept) in PHONES.items()})
    report = import_roster(db, path)
    assert report.ok, report.to_text()  # before: 第 4 行，联系电话（M 列）：“139-0000-1111”不是手机号…
    kept = {m.name: m.phone for m in list_members(db) if m.name in PHONES}
    assert kept == {name: spelled for name, (_typed, spelled) in PHONES.items()}


def test_a_phone_that_is_no_number_is_still_refused(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _with_phones(tmp_path / "花名册.xlsx", {"张建国": "139-0000-111", "李秀英": "办公室"})
    report = import_roster(db, path)
    assert not report.ok
    assert [(p.row, p.message) for p in report.problems if "联系电话" in p.column] == [
        (4, "“139-0000-111”不是手机号（11位，以1开头）或固定电话的格式"),
        (5, "“办公室”不是手机号（11位，以1开头）或固定电话的格式")]


@pytest.mark.usefixtures("message_boxes")
def test_the_member_form_takes_a_phone_typed_with_hyphens(page, qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    member = page.model.row_at(0)
    refs = __import__("branchdesk.services.roster.organisation", fromlist=["list_orgs"]).list_orgs(demo_db)
    dialog = MemberDialog(page.context, [r for r in refs if r.kind == "党支部"], [r for r in refs if r.kind == "党小组"],
                          member)
    qtbot.addWidget(dialog)
    dialog.phone.clear()
    QTest.keyClicks(dialog.phone, "139-0000-1111")
    dialog.save()
    assert dialog.errors["联系电话"].isHidden(), dialog.errors["联系电话"].text()  # before: 不是手机号…
    assert dialog.saved is not None
    assert {m.id: m.phone for m in list_members(demo_db)}[member.id] == "13900001111"
