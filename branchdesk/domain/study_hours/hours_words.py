"""How a 学时 written with another unit was read, said on its row of an import's preview (re-trial R2, N-5: "4课时"
was read as 4 学时 without a word, while she had counted it as 3 and said "要软件问我")."""

from __future__ import annotations

import re
from decimal import Decimal

from branchdesk.domain.study_hours.records import hours_text

_OTHER_UNIT = re.compile(r"\d\s*(课时|节课|节)\s*$")


def hours_read_as(value: object, hours: Decimal) -> str:
    """'“4课时”按 4 学时读入（1 课时 = 1 学时）' for a cell written in 课时 (or 节) and read as `hours`; "" for a bare
    number or one written in 学时."""
    if not isinstance(value, str) or not _OTHER_UNIT.search(value.strip()):
        return ""
    return f"“{value.strip()}”按 {hours_text(hours)} 学时读入（1 课时 = 1 学时）"
