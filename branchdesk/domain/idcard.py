"""公民身份号码 (GB 11643-1999): check digit, birth date, sex, masking.

Why here: the ID number is how a member is identified across imports (domain.md §8 asks that it be
masked in every export), so its rules live in one place that every layer reuses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from operator import mul
from typing import NamedTuple

from branchdesk.domain.dates import DateParseError, parse_date, parse_year_month
from branchdesk.domain.text import clean_digits

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_ZERO_WEIGHTS = 48 * sum(_WEIGHTS)  # what the weighted codes of "0" add: ord("0") is 48
_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")  # ASCII only: "\d" would also take ١٢٣ (issue 21)
_CLEAN_SHAPE = re.compile(r"[0-9]{17}[0-9X]")  # with fullmatch: no line break after it, as "$" allows


class IdNumberError(ValueError):
    """The ID number cannot be accepted; the message is plain Chinese for the user."""


class IdInfo(NamedTuple):
    """What an ID number encodes (a named tuple: made for every row of an import, at half the cost of
    a frozen dataclass)."""

    number: str
    birth_date: date
    sex: str  # "男" / "女"


def check_digit(first17: str) -> str:
    if len(first17) != len(_WEIGHTS):
        raise ValueError(f"check_digit needs the first 17 characters, not {len(first17)}")
    total = sum(map(mul, map(int, first17), _WEIGHTS))  # in C: every import checks every row's number
    return _CHECK_CHARS[total % 11]


def normalise(raw: str) -> str:
    """The one spelling of a number however it was typed or pasted: no blanks or invisible characters,
    digits of any script (full-width, mathematical, Arabic-Indic …) in ASCII, an upper-case X."""
    return clean_digits(raw).upper()


def parse_id_number(raw: str, today: date | None = None) -> IdInfo:
    """Validate an 18-digit ID number and return what it encodes.

    Raises IdNumberError with a message that says what is wrong and how to fix it.
    """
    if _CLEAN_SHAPE.fullmatch(raw):  # as an import's cleaned cell gives it: its own normal spelling, its shape
        number = raw
    else:
        number = normalise(raw)
        if "*" in number:
            raise IdNumberError("公民身份号码已被遮蔽（含 *），请使用未遮蔽的完整号码")
        if len(number) == 15 and number.isascii() and number.isdigit():
            raise IdNumberError("这是15位旧身份证号码，请填写18位公民身份号码")
        if not _SHAPE.match(number):
            raise IdNumberError(f"公民身份号码应为18位（前17位数字，最后一位为数字或X），现为“{raw.strip()}”")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError(f"公民身份号码中的出生日期 {number[6:14]} 不是有效日期") from None
    today = today or date.today()
    if birth > today or birth.year < 1900:
        raise IdNumberError(f"公民身份号码中的出生日期 {birth.isoformat()} 不合理")
    # check_digit, for every row of an import: the digits' ASCII codes weighted in C, less 48 for each
    expected = _CHECK_CHARS[(sum(map(mul, number[:17].encode("ascii"), _WEIGHTS)) - _ZERO_WEIGHTS) % 11]
    if number[17] != expected:
        raise IdNumberError(f"公民身份号码校验位错误：最后一位应为 {expected}，请核对号码")
    sex = "男" if number[16] in "13579" else "女"
    return IdInfo(number=number, birth_date=birth, sex=sex)


def clean_id_facts(numbers: Sequence[str], today: date) -> list[tuple[date, str] | None]:
    """For each number written in its one clean spelling (as an import's cleaned cells give them) that
    `parse_id_number` accepts: the birth date and sex it encodes; None for any other number, which
    `parse_id_number` then reads (or refuses) with its message. Why (issue 18): an import reads
    10,000 numbers, and this asks each in three calls in C: the shape, the date of its digits
    (`date.fromisoformat` reads "YYYYMMDD") and the check digit. The weights of GB 11643 are
    2 ** (17 - i) mod 11 (ISO 7064 MOD 11-2), and 13 ≡ 2 (mod 11), so the weighted sum of the
    first 17 digits is 2 × (those digits read in base 13) mod 11."""
    facts: list[tuple[date, str] | None] = []
    shaped, birth_of, check_chars = _CLEAN_SHAPE.fullmatch, date.fromisoformat, _CHECK_CHARS
    for number in numbers:
        if shaped(number) is None:
            facts.append(None)
            continue
        try:
            birth = birth_of(number[6:14])
        except ValueError:
            facts.append(None)
            continue
        if birth > today or birth.year < 1900 or number[17] != check_chars[2 * int(number[:17], 13) % 11]:
            facts.append(None)
            continue
        facts.append((birth, "男" if number[16] in "13579" else "女"))
    return facts


def birth_date_as_written(value: object, id_number: str, *, month_column: bool = False) -> date | None:
    """出生日期 / 出生年月 as a roster writes it. A full date is taken as written (checked against the ID
    number later). A year and month only ("1972.03") is completed by the ID number when the two agree —
    the ID number is the authority on the birth date — and refused otherwise: a day is never made up.
    In a column headed 出生年月 (`month_column`) a date cell on the 1st is a year and month too: Excel and
    WPS store "1972-3" or "1972年3月" typed there as 1972-03-01.
    Raises DateParseError with a message naming the value."""
    try:
        day = parse_date(value)
    except DateParseError:
        year_month = parse_year_month(value)
        if year_month is None:
            raise
        shown = cell_shown(value)
    else:
        if day is None or not month_column or day.day != 1:
            return day
        year_month, shown = (day.year, day.month), f"{day.year}年{day.month}月"
    try:
        birth = parse_id_number(id_number).birth_date
    except IdNumberError:
        raise DateParseError(f"出生年月“{shown}”只有年和月，公民身份号码中也读不出出生日期，"
                             "请填写完整的出生日期（如 1972-03-14）或正确的公民身份号码") from None
    if (birth.year, birth.month) != year_month:
        raise DateParseError(f"出生年月“{shown}”与公民身份号码中的出生日期 {birth:%Y-%m-%d} 不一致")
    return birth


def cell_shown(value: object) -> str:
    """A year-month cell as the user sees it (a number 1972.1 is shown 1972.10, as Excel formats it)."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}"
    return str(value).strip()


def mask_id_number(number: str | None) -> str:
    """Show the first 6 and last 4 characters only (domain.md §8)."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def make_id_number(region: str, birth: date, sequence: int, male: bool) -> str:
    """Build a valid synthetic ID number (demo data and tests); `sequence` picks the order code."""
    seq = sequence % 500 * 2 + (1 if male else 0)
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)
