"""The date and month fields of the 党费 forms (QDateEdit with the formats secretaries read)."""

from __future__ import annotations

from datetime import date
from typing import cast

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit


def date_edit(day: date | None = None, *, month_only: bool = False) -> QDateEdit:
    """A date field (yyyy-MM-dd, with a calendar), or a month field (yyyy年M月) for 起始月份 and the like."""
    day = day or date.today()
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(not month_only)
    edit.setDisplayFormat("yyyy年M月" if month_only else "yyyy-MM-dd")
    return edit


def day_of(edit: QDateEdit) -> date:
    """The field's date as a Python date (PySide6 types toPython() as object)."""
    return cast(date, edit.date().toPython())
