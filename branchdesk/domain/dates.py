"""Dates as secretaries type them in Excel: real dates, or text in the common Chinese spellings."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")
# a month and day without the year, as a 会议记录本 writes a date: 3月19日, 3月19号, 3.19, 3-19, 3/19
_MONTH_DAY = (
    re.compile(r"^(\d{1,2})月(\d{1,2})[日号]?$"),
    re.compile(r"^(\d{1,2})[.\-/](\d{1,2})$"),
)


# Chinese numerals as a hand-written ledger dates a sitting: "三月五日", "十二月二十五日", "二〇二六年四月十六日"
# (trial L, TL-5) — each run of numerals before 年 / 月 / 日 / 号 read as its number.
_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9}
_NUMERALS = re.compile(r"([〇零○一二两三四五六七八九十]+)(?=([年月日号]))|(?<=月)([〇零○一二两三四五六七八九十]+)$")
# "元月" is January of the Gregorian year as well ("2026年元月5日"); "正月", "腊月", "冬月", a 闰 month, a 初/廿
# day or 农历 name the lunar calendar, whose days are not the Gregorian ones: refused, never converted or guessed
_JANUARY = "元月"
_LUNAR = re.compile(r"正月|腊月|冬月|闰[一二三四五六七八九十]+月|农历|阴历|初[一二三四五六七八九十]|廿")


def _numeral(run: str, year: bool = False) -> str:
    """"二〇二六" → "2026" (digit by digit, a year), "十二" → "12", "二十五" → "25", "三十" → "30". A month or a day
    is never read digit by digit: "一二月" (January and February, as people say it) is not 12月, nor "一五日" 15日 —
    left as written, for the message (review rev1 F4: "一二月" was read as December in a 党费 month)."""
    if "十" not in run:
        if len(run) > 1 and not year:
            return run
        return "".join(str(_DIGITS[c]) for c in run)
    tens, _, units = run.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return run  # not a number of days or months: left for the message
    return str((_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0))


def chinese_numerals(text: str) -> str:
    """Each run of Chinese numerals before 年 / 月 / 日 / 号 as its number, and a day written after its
    month without 日 ("三月十五" → "3月15")."""
    return _NUMERALS.sub(lambda m: _numeral(m.group(1) or m.group(3), year=m.group(2) == "年"),
                         text) if _NUMERALS.search(text) else text


def arabic_months(text: str) -> str:
    """A month or date written with Chinese numerals or 元月 in digits ("2026年十月" → "2026年10月", "元月" → "1月",
    "十二月份" → "12月份"), for the month fields (domain.dues.months.parse_month) as parse_date reads them; the text
    unchanged when it has neither. A lunar month is not read here: `is_lunar` says so first."""
    return chinese_numerals(text.replace(_JANUARY, "1月"))


def is_lunar(text: str) -> bool:
    """"正月", "腊月", "冬月", a 闰 month, 农历: the lunar calendar, never converted or guessed."""
    return _LUNAR.search(text) is not None


class DateParseError(ValueError):
    """The text is not a date in any accepted spelling."""


class MonthOnlyDate(DateParseError):
    """A year and month without its day ("1996.07", "2003年6月"): a person reads it at once, but no day
    is invented for it (project principle: nothing invented). The caller may say why its field needs
    the day (io.roster_xlsx: 党籍 starts on the day the 支部大会 passed the admission, domain.md §4)."""

    def __init__(self, text: str, year: int, month: int) -> None:
        super().__init__(f"“{text}”只写到了月，这里要写到日，如 2019-07-01")
        self.text = text
        self.year = year
        self.month = month


class LunarDate(DateParseError):
    """A day of the lunar calendar ("正月初五", "腊月二十三", "冬月十五"): its Gregorian day changes every
    year, so it is not converted (nothing guessed); the message asks for the Gregorian date."""

    def __init__(self, text: str) -> None:
        super().__init__(f"“{text}”是农历日期，请写公历日期，如 2019-07-01")
        self.text = text


class NoYearDate(DateParseError):
    """A month and day without the year ("3月19日") where no year is known: the year is not guessed."""

    def __init__(self, text: str) -> None:
        super().__init__(f"“{text}”没有写年份，请写上年份，如 2019年7月1日")
        self.text = text


def parse_date(value: object, year: int | None = None, latest: date | None = None, *,
               near: date | None = None, after: date | None = None, coming: date | None = None) -> date | None:
    """Return a date, None for a blank, or raise DateParseError with a Chinese message.

    Accepts 2019-07-01, 2019/7/1, 2019.07.01, 2019年7月1日 (or 1号, or no 日 after the day), 20190701 and Excel
    date cells; Chinese numerals ("三月十五") and 元月 for January. A lunar date ("正月初五", "腊月二十三") is
    refused with its own message (LunarDate): it is not the Gregorian day of that number. A time part
    of 00:00 (Excel's way of storing a plain date) is dropped. A month and day typed without the year
    (3月19日, 3.19) is read in `year`, the year the caller knows from its context (the record being
    entered, trial 10 T10-6). `latest` is given for a day that has already happened (a meeting held,
    a step done, a member who left): such a day is never read after `latest` (today) — "12月28日"
    typed on 2027-01-05 is 2026-12-28, not next December (trial Y, TY-7); with no `year` it is the
    year that puts it nearest to `latest` on the past side. Without `year`, `near` is given for a day
    that may lie either side of today (a 党费 revision in force from next month or entered after it
    came in; a pair begun this term or about to begin): it is the such day nearest to `near` — in
    December "1月1日" is the coming one, in March the one just past. Without `year`, `after` is given
    for a day that follows another (a yearly pair's planned end after its start): the first such day
    after it. Without `year`, `coming` is given for a day to come (a 整改 deadline): the such day from
    `coming` (today) on, within the next twelve months; "2月29日" when the coming February has no 29th is
    refused saying so — not moved to 3月1日, nor to a leap year years away. Without any of them it is refused (NoYearDate), as is a year and month without the day
    (MonthOnlyDate): no part of a date is invented. A field's reading is always shown in full beside it
    (ui.widgets.date_edit) before anything is saved.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(int(value)) if float(value).is_integer() else str(value)
    else:
        text = str(value)
    written = text.strip()
    if _LUNAR.search(written):
        raise LunarDate(written)
    text = arabic_months(written.translate(_FULLWIDTH))
    if not text:
        return None
    if text != written.translate(_FULLWIDTH):  # "三月五日", "元月5日": a message quotes it as she wrote it
        try:
            return _parse_text(value, text, year, latest, near, after, coming)
        except DateParseError as exc:
            exc.args = tuple(str(a).replace(f"“{text}”", f"“{written}”") for a in exc.args)
            if isinstance(exc, NoYearDate | MonthOnlyDate):
                exc.text = written
            raise
    return _parse_text(value, text, year, latest, near, after, coming)


def _parse_text(value: object, text: str, year: int | None, latest: date | None, near: date | None,
                after: date | None, coming: date | None = None) -> date | None:
    text = text.split(" ")[0] if re.match(r"^\d{4}-\d{1,2}-\d{1,2} 00:00(:00)?$", text) else text
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise DateParseError(f"“{text}”不是有效日期") from None
    if not isinstance(value, int | float):  # a number cell 3.19 is no month and day
        for pattern in _MONTH_DAY:
            match = pattern.match(text)
            if match:
                month, day = int(match.group(1)), int(match.group(2))
                if year is None and latest is None and near is not None:
                    return _nearest(text, month, day, near)
                if year is None and latest is None and after is not None:
                    return _first_after(text, month, day, after)
                if year is None and latest is None and coming is not None:
                    return _coming(text, month, day, coming)
                return _month_day(text, month, day, year, latest)
    try:
        year_month = parse_year_month(value if isinstance(value, float) else text)
    except DateParseError:
        year_month = None  # "1996.13": no month either
    if year_month is not None:
        raise MonthOnlyDate(text, *year_month)
    raise DateParseError(f"无法识别日期“{text}”，请写成 2019-07-01、2019/7/1、2019.07.01、2019年7月1日 或 20190701")


def _month_day(text: str, month: int, day: int, year: int | None, latest: date | None) -> date:
    """A month and day written without the year: in `year` (or `latest`'s), moved back a year when
    that would put a past day after `latest` (see parse_date)."""
    if latest is not None:
        candidate_year = latest.year if year is None else min(year, latest.year)
    elif year is not None:
        candidate_year = year
    else:
        raise NoYearDate(text)
    if latest is not None and (candidate_year, month, day) > (latest.year, latest.month, latest.day):
        candidate_year -= 1  # compared before the date is made: 2月29日 in a year that has none (TY-7)
    try:
        reading = date(candidate_year, month, day)
    except ValueError:
        raise DateParseError(f"“{text}”不是有效日期") from None
    return reading


def _occurrences(text: str, month: int, day: int, years: range) -> list[date]:
    """The days `month`-`day` in `years` that exist (29 February only in a leap year)."""
    found = []
    for candidate_year in years:
        try:
            found.append(date(candidate_year, month, day))
        except ValueError:
            continue
    if not found:
        raise DateParseError(f"“{text}”不是有效日期")
    return found


def _nearest(text: str, month: int, day: int, near: date) -> date:
    """A month and day without the year, as the such day nearest to `near` (the later one on a tie)."""
    found = _occurrences(text, month, day, range(near.year - 4, near.year + 5))
    return min(found, key=lambda d: (abs((d - near).days), d < near))


def _first_after(text: str, month: int, day: int, after: date) -> date:
    """A month and day without the year, as the first such day after `after`."""
    return next(d for d in _occurrences(text, month, day, range(after.year, after.year + 9)) if d > after)


# a deadline typed without its year that passed this many days ago or fewer is this year's (passed), not next year's
JUST_PAST_DAYS = 31


def _coming(text: str, month: int, day: int, today: date) -> date:
    """A month and day without the year, for a day to come: the such day from `today` on, within the next
    twelve months — unless this year's passed within the last JUST_PAST_DAYS: "12月4日" typed on 12-05 is the
    deadline just missed, not one a year on (review rev4 item 9); the form shows it as passed (逾期). 2月29日 in a
    coming February without it is refused in plain words (a deadline is not moved to 3月1日 unasked, nor years
    ahead to the next leap year)."""
    year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
    if (month, day) != (today.month, today.day):  # the such day just passed (in December for a January today)
        try:
            past = date(year - 1, month, day)
        except ValueError:
            past = None
        if past is not None and (today - past).days <= JUST_PAST_DAYS:
            return past
    try:
        return date(year, month, day)
    except ValueError:
        pass
    if (month, day) == (2, 29):
        leap = next(y for y in range(year + 1, year + 9) if calendar.isleap(y))
        raise DateParseError(f"“{text}”：{year}年2月只有28天，没有29日；请改为2月28日，"
                             f"或写上年份（如 {leap}年2月29日）")
    raise DateParseError(f"“{text}”不是有效日期")


_YEAR_MONTH = (
    re.compile(r"^(\d{4})[.\-/](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
)


def parse_year_month(value: object) -> tuple[int, int] | None:
    """(year, month) for a value written as a year and month only (出生年月: 1972.03, 1972-3, 1972年3月,
    197203), None for anything else. A number cell 1972.1 is 1972.10 (October): Excel drops the 0."""
    if isinstance(value, bool) or value is None or isinstance(value, date):
        return None
    if isinstance(value, float):
        text = f"{value:.2f}" if not value.is_integer() else str(int(value))
    else:
        text = str(value).strip().translate(_FULLWIDTH)
    for pattern in _YEAR_MONTH:
        match = pattern.match(text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if 1900 <= year <= 2100 and 1 <= month <= 12:
                return year, month
            raise DateParseError(f"“{text}”不是有效的年月")
    return None


def add_years(day: date, years: int) -> date:
    """Same calendar day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def birthday_in(birth: date, year: int) -> date:
    """The day someone born on `birth` has their birthday in `year`. Born on 29 February, the
    birthday of a common year is 1 March: a person is N years old (周岁) only once the whole
    N-th year has passed, and in a common year that is not before 1 March."""
    try:
        return birth.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def age_on(birth: date, on: date) -> int:
    """周岁 on a day; consistent with `birthday_in` (born 29 February: one year older on 1 March of
    a common year), so "未满18周岁" and "满18周岁之日" never contradict each other."""
    return on.year - birth.year - (on < birthday_in(birth, on.year))


def nth_birthday(birth: date, years: int) -> date:
    """The day someone turns `years` (满N周岁之日)."""
    return birthday_in(birth, birth.year + years)


# Between the two days of a range (公示, 集中培训): 至, 到, a tilde or a dash of any width ("2025.5.12-2025.5.16",
# "2025.10.10—2025.10.12", "2025.10.10–2025.10.12", "2025.5.12～2025.5.16": trial R TR-9). A hyphen also stands
# inside a date ("2025-05-12"), so a range is split only where both sides read as days.
_RANGE_SEPARATOR = re.compile(r"\s*(?:至|到|~|～|〜|—{1,2}|–|－|-{1,2})\s*")
_CLEAR_SEPARATOR = re.compile(r"\s*(?:至|到|~|～|〜|—{1,2}|–)\s*")


def split_date_range(text: str) -> tuple[str, str] | None:
    """The two days of a range as written, split where both read as dates; else at its one clear separator
    (至, 到, ～, —: the caller then says which side is wrong); None when the text is no range."""
    text = text.strip()
    for match in _RANGE_SEPARATOR.finditer(text):
        left, right = text[:match.start()].strip(), text[match.end():].strip()
        if not left or not right:
            continue
        try:
            parse_date(left)
            parse_date(right)
        except DateParseError:
            continue
        return left, right
    clear = [m for m in _CLEAR_SEPARATOR.finditer(text) if m.start() > 0 and m.end() < len(text)]
    if len(clear) == 1:
        return text[:clear[0].start()].strip(), text[clear[0].end():].strip()
    return None
