"""Standard lengths of sittings (设置 → 会议标准时长, issue 13): a branch that does not write end times
may decide, deliberately, that its 党课 last 90 minutes. Such a length is used for a sitting without
valid times and marked "按标准时长计" wherever 学时 are shown; without one, the length stays unknown.

API: get_standard_minutes(db) -> {kind: minutes}; set_standard_minutes(db, {kind: minutes | None}).
"""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.queries import set_setting
from branchdesk.domain.study_hours.records import COUNTED_KINDS
from branchdesk.domain.validation import FieldError
from branchdesk.services.errors import ValidationFailed
from branchdesk.services.shared_reads import setting

SETTING = "meetings.standard_minutes"
KINDS = ("党课", "主题党日", "支部党员大会", "党小组会")  # the kinds whose sittings count for 学时
assert set(KINDS) == set(COUNTED_KINDS)


def read_standard_minutes(session: Session) -> dict[str, int]:
    try:
        values = json.loads(setting(session, SETTING) or "{}")
    except ValueError:
        return {}
    return {k: int(v) for k, v in values.items() if k in KINDS and isinstance(v, int | float) and v > 0}


def get_standard_minutes(db: Database) -> dict[str, int]:
    with db.session() as session:
        return read_standard_minutes(session)


def set_standard_minutes(db: Database, minutes: dict[str, int | None]) -> dict[str, int]:
    """Replace the standard lengths; a kind given None (or 0) has none. 10–480 minutes each."""
    errors = [FieldError(kind, f"{kind}的标准时长应为 10 到 480 分钟") for kind, value in minutes.items()
              if value and not 10 <= value <= 480]
    errors += [FieldError(kind, f"“{kind}”不计学时，不需要标准时长") for kind in minutes if kind not in KINDS]
    if errors:
        raise ValidationFailed(errors)
    kept = {kind: int(value) for kind, value in minutes.items() if value}
    with db.session() as session:
        set_setting(session, SETTING, json.dumps(kept, ensure_ascii=False))
    return kept


def standard_for(kinds: frozenset[str] | set[str], standards: dict[str, int]) -> int | None:
    """A sitting serving several kinds takes the longest standard among them (None: none set)."""
    return max((standards[k] for k in kinds if k in standards), default=None)
