"""The month fields of the 党费 forms — 起始月份 of a 缴费基数 (党费基数调整) and the months of a 上缴 — are
typed as the date fields are (they were QDateEdit sections that swallowed typing and gave "1" the
shown year: in December a base from next month's pay became this January's). In 起始月份 "1月" is the
latest such month up to next month (DUES-BASE-CHANGE: the new pay starts next month or started before — in
December "3月" is this March, TK-13); in a 上缴's months, collected already, the latest such month not after
today. Shown in full beside the field
before saving; a record corrected keeps its year. Typed, then Enter."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from branchdesk.domain.dues.bases import BaseInput
from branchdesk.domain.dues.months import Month
from branchdesk.services.dues.records import member_bases, save_base
from branchdesk.ui.context import AppContext
from branchdesk.ui.dues.base_dialog import BaseDialog
from branchdesk.ui.dues.dialogs import HandUpDialog
from branchdesk.ui.widgets.date_edit import DateEdit
from tests.dues.dues_fixtures import make_dues_branch
from tests.ui_typing import type_date_and_enter, type_text

pytestmark = pytest.mark.usefixtures("message_boxes")


def _month(field: DateEdit, typed: str, meant: Month, today: date) -> None:
    shown = type_date_and_enter(field, typed, today)
    assert (field.problem(), shown) == ("", meant.label), field.label
    assert field.text() == meant.iso and field.value() == meant.first_day


def test_a_base_from_next_months_pay_typed_in_december(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    member = branch.members["张宣传"]
    dialog = BaseDialog(AppContext(db), member, "张宣传")
    qtbot.addWidget(dialog)
    _month(dialog.applies, "1月", Month(2027, 1), date(2026, 12, 5))  # not 2026年1月
    dialog.base.setFocus()
    type_text(dialog.base, "6000")
    assert dialog.preview.text()  # the amount the new base gives, shown while typing
    dialog.save()
    assert dialog.result() == 1, [e.text() for e in dialog.errors.values() if e.text()]
    assert Month(2027, 1) in [b.record.applies_from for b in member_bases(db, member)]


def test_a_base_corrected_reads_the_month_in_its_year(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    member = branch.members["张宣传"]
    save_base(db, BaseInput(member, "在职", Month(2025, 3), "5200"), today=date(2025, 3, 5))
    record = next(b for b in member_bases(db, member) if b.record.applies_from == Month(2025, 3))
    dialog = BaseDialog(AppContext(db), member, "张宣传", record)
    qtbot.addWidget(dialog)
    _month(dialog.applies, "4月", Month(2025, 4), date(2026, 6, 10))


def test_a_month_being_typed_leaves_the_form_working(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """An unreadable month while the base is typed: no preview, the month named beside its field."""
    branch = make_dues_branch(db)
    dialog = BaseDialog(AppContext(db), branch.members["张宣传"], "张宣传")
    qtbot.addWidget(dialog)
    type_date_and_enter(dialog.applies, "2026-13", date(2026, 12, 5))
    dialog.base.setFocus()
    type_text(dialog.base, "6000")
    assert dialog.preview.text() == "" and "不是有效的月份" in dialog.applies.problem()
    dialog.save()
    assert dialog.result() == 0


def test_the_months_handed_up_typed_in_january(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    dialog = HandUpDialog(AppContext(db), [("测试", branch.id)], branch.id)
    qtbot.addWidget(dialog)
    january = date(2027, 1, 5)
    _month(dialog.first, "10月", Month(2026, 10), january)
    _month(dialog.last, "12", Month(2026, 12), january)
    dialog.first.edit.setFocus()
    QTest.keyClick(dialog.first.edit, Qt.Key.Key_Up)  # ↑ moves a month, as ↑ moves a day in a date
    assert dialog.first.text() == "2026-11"


def test_the_months_handed_up_typed_in_december_are_this_years(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """A year's dues handed up in December, "1月" to "12月": this January, not the coming one (the nearest
    reading made it 2027年1月, after the 截止月份)."""
    branch = make_dues_branch(db)
    dialog = HandUpDialog(AppContext(db), [("测试", branch.id)], branch.id)
    qtbot.addWidget(dialog)
    december = date(2026, 12, 5)
    _month(dialog.first, "1月", Month(2026, 1), december)
    _month(dialog.last, "12月", Month(2026, 12), december)


def test_a_raise_from_march_typed_in_december_is_this_march(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """TK-13: 孙丽's pay rose in March; she learns of it in December and types 起始月份 "3月": this March (it
    had become 2027年3月, nine months ahead, and the 2026 ledger kept the old base), shown in full before
    saving; "9月" is this September; next month's "1月" is still the coming January."""
    from branchdesk.services.dues.records import dues_year

    branch = make_dues_branch(db)
    member = branch.members["张宣传"]  # 3000 (0.5%: 15.00 a month) since 2025-01
    december = date(2026, 12, 5)
    for typed, meant in (("9月", Month(2026, 9)), ("1月", Month(2027, 1)), ("12月", Month(2026, 12)),
                         ("3月", Month(2026, 3))):
        dialog = BaseDialog(AppContext(db), member, "张宣传")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        _month(dialog.applies, typed, meant, december)
    dialog.base.setFocus()
    type_text(dialog.base, "5860")
    QTest.keyClick(dialog.base, Qt.Key.Key_Return)
    assert dialog.result() == 1, [e.text() for e in dialog.errors.values() if e.text()]
    assert Month(2026, 3) in [b.record.applies_from for b in member_bases(db, member)]
    ledger = next(m for b in dues_year(db, 2026, as_of=december).branches for m in b.ledgers if m.member.name == "张宣传")
    assert [str(c.due.amount) for c in ledger.cells[1:3]] == ["15.00", "87.90"]  # 5860 × 1.5% from March
