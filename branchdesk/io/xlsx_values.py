"""How a value is spelt inside a sheet's XML — numbers, dates, column letters — by the same rules as
openpyxl, so a workbook written straight as XML reads back exactly as one openpyxl wrote, without
importing openpyxl (and numpy, which it pulls in) in the annual workbook's command (issue 18)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from math import isinf, isnan

_EPOCH = dt.datetime(1899, 12, 30)  # Excel's day 0 on Windows (the 1900 date system)
_SECONDS_PER_DAY = 86_400
_LETTERS: list[str] = []


def number_text(value: object) -> str:
    """A number as "%.16g" (openpyxl's safe_string): 17 significant digits would show 0.1 as
    0.10000000000000001 to anyone reading the XML; NaN and infinity are empty; anything else as str()."""
    if isinstance(value, int | float | Decimal):
        if isnan(value) or isinf(value):
            return ""
        return "%.16g" % value  # noqa: UP031 — the printf form is the rule being matched
    if value is None:
        return "none"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


def _time_days(value: dt.time | dt.datetime) -> float:
    seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 10**6
    return seconds / _SECONDS_PER_DAY


def excel_serial(value: dt.date | dt.datetime | dt.time | dt.timedelta) -> float | int:
    """A date or time as Excel's serial number of days, as openpyxl's to_excel: days after 1899-12-30,
    one fewer before 1900-03-01 (Excel counts a 29 February 1900 that never was)."""
    if isinstance(value, dt.time):
        return _time_days(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / _SECONDS_PER_DAY
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    days = (moment - _EPOCH).days
    if 0 < days <= 60:
        days -= 1
    return days + _time_days(moment)


def column_letter(index: int) -> str:
    """The letters of column `index` (1 → A, 27 → AA), remembered: every cell's reference needs one."""
    while len(_LETTERS) < index:
        n, letters = len(_LETTERS) + 1, ""
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(65 + rest) + letters
        _LETTERS.append(letters)
    return _LETTERS[index - 1]


def quote_sheet(name: str) -> str:
    """A sheet's name as a formula or defined name spells it: always in single quotes, a quote doubled."""
    return "'" + name.replace("'", "''") + "'"


def escape(text: str, *, quote: bool = True) -> str:
    """Text for an XML element or a double-quoted attribute; a cell's text leaves its quotes as they
    are (`quote=False`), as openpyxl wrote it. Each replace only runs when needed: most texts have
    none of these characters."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if quote and '"' in text:
        text = text.replace('"', "&quot;")
    return text
