"""Only sittings that happened count (domain.md §2: "Drafts and records without content do not count" —
a record of a sitting whose day has not come is a plan, not a sitting held). The import brings such a
row in as a 草稿 and the window refuses to make it 定稿 (trial L, TL-11); records made 定稿 before that
fix, or restored from an old backup, may still carry a day after today. The calendar, the check, 首页
and the year's volume count a sitting only when its day is on or before the day they judge (today, or
the volume's cut-off), and say how many they left out where the figure is.

This is the one rule; the loaders that select counted sittings in SQL (services/meetings/store.
counted_meetings) write it as `meeting_date <= as_of`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol, TypeVar


def has_happened(day: date, as_of: date) -> bool:
    """Whether a sitting of `day` can have been held by `as_of` (the day itself included)."""
    return day <= as_of


class _Dated(Protocol):
    @property
    def date(self) -> date: ...


T = TypeVar("T", bound=_Dated)


def split_happened(sittings: Iterable[T], as_of: date) -> tuple[list[T], list[T]]:
    """(the sittings held by `as_of`, those dated after it), each in the given order."""
    held: list[T] = []
    later: list[T] = []
    for sitting in sittings:
        (held if has_happened(sitting.date, as_of) else later).append(sitting)
    return held, later


def later_words(count: int, cut_off: date | None = None, what: str = "", *, iso: bool = False) -> str:
    """"另有2次日期在今天之后，未计入" — or, for a volume, after its cut-off ("在2026年12月5日之后"), or for a
    check judged on a day other than today, after that day (`iso`: "在2026-06-30之后", as findings write dates);
    `what` names the records where the sentence stands alone ("另有1次会议日期在…"); "" for none."""
    if not count:
        return ""
    when = "今天" if cut_off is None else f"{cut_off:%Y-%m-%d}" if iso else f"{cut_off.year}年{cut_off.month}月{cut_off.day}日"
    return f"另有{count}次{what}日期在{when}之后，未计入"


def judged_day(as_of: date, today: date | None) -> date | None:
    """The day a sentence about sittings after `as_of` names: None ("今天") when `as_of` is today, else
    `as_of` itself — the domain cannot know today, so the caller hands it in (`None`: name the day)."""
    return None if as_of == today else as_of
