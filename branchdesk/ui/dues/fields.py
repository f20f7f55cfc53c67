"""The date and month fields of the 党费 forms: a full date is the typed DateEdit every form uses
(2025-10-09, 2025/10/9, 20251009, 2025年10月9日 …); a month (起始月份 and the like) is a month picker."""

from __future__ import annotations

from datetime import date
from typing import cast

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

from branchdesk.domain.validation import FieldError
from branchdesk.services.errors import ValidationFailed
from branchdesk.ui.widgets.date_edit import DateEdit, InvalidDate


def date_edit(day: date | None = None, *, month_only: bool = False, label: str = "日期",
              past: bool = False, near: bool = False) -> QDateEdit | DateEdit:
    """A date field (typed, with a calendar), or a month field (yyyy年M月) for 起始月份 and the like;
    `past`: a day that has happened (缴纳, 上缴, 批准), so a month and day without the year is never read
    after today (DateEdit, TY-7); `near`: a start that may lie either side of today (a revision's
    生效日期), read as the such day nearest to today."""
    day = day or date.today()
    if not month_only:
        return DateEdit(day, required=True, label=label, past=past, near=near)
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setDisplayFormat("yyyy年M月")
    return edit


def set_day(edit: QDateEdit | DateEdit, day: date) -> None:
    """Show `day` in either kind of field (a record's date when a form opens to 修改 it): a typed
    month and day without the year corrects the day in its year (DateEdit.set_record_value)."""
    if isinstance(edit, DateEdit):
        edit.set_record_value(day)
    else:
        edit.setDate(QDate(day.year, day.month, day.day))


def day_of(edit: QDateEdit | DateEdit) -> date:
    """The field's date; an unreadable or empty date is refused as the form's other problems are
    (ValidationFailed: the form stays open and says which date)."""
    if isinstance(edit, DateEdit):
        try:
            value = edit.value()
        except InvalidDate as exc:
            raise ValidationFailed([FieldError(edit.label, str(exc).split("：", 1)[-1])]) from None
        if value is None:
            edit.show_problem()
            raise ValidationFailed([FieldError(edit.label, "请填写日期")])
        return value
    return cast(date, edit.date().toPython())
