"""The dues area's local-practice settings, each with the default domain.md gives (stored as text in
the settings table under these keys)."""

from __future__ import annotations

from dataclasses import dataclass

from branchdesk.domain.dues.months import Month, MonthParseError, parse_month
from branchdesk.domain.dues.payments import Collection
from branchdesk.domain.dues.rates import Rounding

KEY_ROUNDING = "dues.rounding"  # 分 / 角
KEY_COLLECTION = "dues.collection"  # 按月 / 按季
KEY_BASE_MONTHS = "dues.base_max_months"  # a base older than this is a reminder (default 12)
KEY_START = "dues.start_month"  # 2024-01: months before are not judged (default: earliest payment)
DEFAULT_BASE_MONTHS = 12
KEYS = (KEY_ROUNDING, KEY_COLLECTION, KEY_BASE_MONTHS, KEY_START)


@dataclass(frozen=True)
class DuesSettings:
    """The school's 党费 settings: rounding, how dues are collected, how long a base lasts, the start."""

    rounding: Rounding = Rounding.CENT
    collection: Collection = Collection.MONTHLY
    base_max_months: int = DEFAULT_BASE_MONTHS
    start: Month | None = None  # as set; None: from the earliest month paid on record

    def to_text(self) -> dict[str, str]:
        return {KEY_ROUNDING: self.rounding.value, KEY_COLLECTION: self.collection.value,
                KEY_BASE_MONTHS: str(self.base_max_months), KEY_START: self.start.iso if self.start else ""}


def from_text(values: dict[str, str]) -> DuesSettings:
    """Settings from the stored text; anything unreadable falls back to its default."""
    rounding = Rounding.JIAO if values.get(KEY_ROUNDING, "").strip() == Rounding.JIAO.value else Rounding.CENT
    collection = (Collection.QUARTERLY if values.get(KEY_COLLECTION, "").strip() == Collection.QUARTERLY.value
                  else Collection.MONTHLY)
    try:
        months = int(values.get(KEY_BASE_MONTHS, "") or DEFAULT_BASE_MONTHS)
    except ValueError:
        months = DEFAULT_BASE_MONTHS
    try:
        start = parse_month(values.get(KEY_START) or None)
    except MonthParseError:
        start = None
    return DuesSettings(rounding, collection, months if 1 <= months <= 120 else DEFAULT_BASE_MONTHS, start)
