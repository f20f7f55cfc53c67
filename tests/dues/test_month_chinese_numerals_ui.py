"""The window's month field (MonthEdit: a 缴费基数's 起始月份, a 上缴's months, the 月度销号 month) reads "元月",
"一月", "十二月", "2026年十月" as it reads "1月", "12月", "2026年10月" — typed through the input method, then Enter
— and shows the full month back. Before, each was refused at the field ("无法识别月份…")."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from branchdesk.ui.widgets.date_edit import MonthEdit
from tests.ui_typing import type_text


@pytest.mark.parametrize(("typed", "past", "month"), [
    ("元月", False, date(2027, 1, 1)),  # 起始月份 in December: the coming January, as "1月" is
    ("一月", True, date(2026, 1, 1)),  # the months of a 上缴 (happened): this January
    ("十二月", True, date(2026, 12, 1)), ("2026年十月", False, date(2026, 10, 1)),
    ("二〇二六年三月", True, date(2026, 3, 1)),
])
def test_a_month_typed_in_chinese_numerals_is_read(qtbot, typed: str, past: bool, month: date) -> None:  # type: ignore[no-untyped-def]
    field = MonthEdit(label="起始月份", past=past)
    qtbot.addWidget(field)
    field.today = date(2026, 12, 5)
    field.show()
    qtbot.waitExposed(field)
    field.edit.setFocus()
    type_text(field.edit, typed)
    QTest.keyClick(field.edit, Qt.Key.Key_Return)
    assert field.value() == month
    assert field.error.isHidden()
    assert field.edit.text() == f"{month.year}-{month.month:02d}"  # written out the one way on Enter


def test_a_lunar_month_is_refused_at_the_field(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = MonthEdit(label="起始月份")
    qtbot.addWidget(field)
    field.today = date(2026, 12, 5)
    field.setText("腊月")
    assert not field.is_valid()
    assert "农历" in field.problem()
