"""The date and month fields of the 党费 forms: a full date is the typed DateEdit every form uses
(2025-10-09, 2025/10/9, 20251009, 2025年10月9日 …); a month (起始月份 and the like) is its typed month
field (MonthEdit: 2026-03, 2026年3月, or "3月" — for months that have happened, the latest such month;
for a base's 起始月份 the latest such month up to next month)."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.validation import FieldError
from branchdesk.services.errors import ValidationFailed
from branchdesk.ui.widgets.date_edit import DateEdit, InvalidDate, MonthEdit


def date_edit(day: date | None = None, *, month_only: bool = False, label: str = "日期",
              past: bool = False, near: bool = False, ahead: int = 0, required: bool = True) -> DateEdit:
    """A date field (typed, with a calendar), or a month field for 起始月份 and the like; `past`: a day or
    month that has happened (缴纳, 上缴, 批准; the months a 上缴 covers), so a month (and day) without the
    year is never read after today (TY-7), or, with `ahead`, never more than that many months after this one
    (a base's 起始月份: a new base applies from the month the new pay starts, DUES-BASE-CHANGE, entered after
    it happened or for next month's pay — in December "3月" is this March, "1月" the coming January: TK-13);
    `near`: a start that may lie either side of today (a revision's 生效日期), read as the such day nearest
    to today. The field opens empty unless given `day`: a date the user does not know is asked for, never
    filled in with today (TK-4: a 减免's 批准日期 she never typed was stored as the day she entered it)."""
    if month_only:
        return MonthEdit(day, required=required, label=label, past=past, ahead=ahead)
    return DateEdit(day, required=required, label=label, past=past, near=near)


def set_day(edit: DateEdit, day: date) -> None:
    """Show a record's date (or month) when a form opens to 修改 it: a typed month and day without the
    year corrects the day in its year (DateEdit.set_record_value)."""
    edit.set_record_value(day)


def day_of(edit: DateEdit) -> date:
    """The field's date (a month field's: the month's first day); an unreadable or empty date is refused
    as the form's other problems are (ValidationFailed: the form stays open and says which date)."""
    value = day_or_none(edit)
    if value is None:
        edit.show_problem()
        raise ValidationFailed([FieldError(edit.label, "请填写日期")])
    return value


def day_or_none(edit: DateEdit) -> date | None:
    """The field's date, None when it is empty (the rules say whether it may be: a 减免's 批准日期 is asked
    for by domain.dues.bases); an unreadable date is refused as day_of refuses it."""
    try:
        return edit.value()
    except InvalidDate as exc:
        raise ValidationFailed([FieldError(edit.label, str(exc).split("：", 1)[-1])]) from None
