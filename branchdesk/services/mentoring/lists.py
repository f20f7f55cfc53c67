"""The editable lists of 结对帮扶 (kinds of pair, dimensions, kinds of activity and of outcome).

They are settings (JSON text), starting from the defaults in domain/mentoring/records.py. An item still used by a
record cannot be removed: the records would otherwise show a value that no list offers any more.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.queries import get_setting, set_setting
from branchdesk.domain.mentoring.records import (
    DEFAULT_ACTIVITY_KINDS,
    DEFAULT_DIMENSIONS,
    DEFAULT_OUTCOME_KINDS,
    DEFAULT_PAIR_KINDS,
    parse_list,
)
from branchdesk.services.errors import RuleViolation
from branchdesk.services.shared_reads import setting

LIST_DEFAULTS: dict[str, tuple[str, ...]] = {
    "pair_kinds": DEFAULT_PAIR_KINDS,
    "dimensions": DEFAULT_DIMENSIONS,
    "activity_kinds": DEFAULT_ACTIVITY_KINDS,
    "outcome_kinds": DEFAULT_OUTCOME_KINDS,
}
LIST_TITLES = {"pair_kinds": "结对类型", "dimensions": "帮扶维度", "activity_kinds": "活动形式",
               "outcome_kinds": "成效类别"}


@dataclass(frozen=True)
class MentoringLists:
    """The school's word lists for 结对帮扶: pair kinds, dimensions, activity and outcome kinds."""

    pair_kinds: list[str]
    dimensions: list[str]
    activity_kinds: list[str]
    outcome_kinds: list[str]


def _key(name: str) -> str:
    return f"mentoring.{name}"


def read_list(session: Session, name: str) -> list[str]:
    text = setting(session, _key(name))
    if not text:
        return list(LIST_DEFAULTS[name])
    try:
        values = json.loads(text)
    except ValueError:
        return list(LIST_DEFAULTS[name])
    return [str(v) for v in values] or list(LIST_DEFAULTS[name])


def read_lists(session: Session) -> MentoringLists:
    return MentoringLists(**{name: read_list(session, name) for name in LIST_DEFAULTS})


def get_lists(db: Database) -> MentoringLists:
    with db.session() as session:
        return read_lists(session)


def _in_use(session: Session, name: str, value: str) -> int:
    from branchdesk.db.models import MentoringActivity, MentoringOutcome, MentoringPair
    if name == "pair_kinds":
        query = select(func.count()).where(MentoringPair.kind == value, MentoringPair.deleted_at.is_(None))
    elif name == "activity_kinds":
        query = select(func.count()).where(MentoringActivity.kind == value, MentoringActivity.deleted_at.is_(None))
    elif name == "outcome_kinds":
        query = select(func.count()).where(MentoringOutcome.kind == value, MentoringOutcome.deleted_at.is_(None))
    else:
        used = session.scalars(select(MentoringPair.dimensions).where(MentoringPair.deleted_at.is_(None)))
        activity = session.scalar(select(func.count()).where(
            MentoringActivity.dimension == value, MentoringActivity.deleted_at.is_(None)))
        return sum(value in parse_list(text) for text in used) + int(activity or 0)
    return int(session.scalar(query) or 0)


def _clean(name: str, values: list[str]) -> list[str]:
    if name not in LIST_DEFAULTS:
        raise KeyError(name)
    cleaned: list[str] = []
    for value in values:
        value = value.strip()
        if value and value not in cleaned:
            cleaned.append(value)
    if not cleaned:
        raise RuleViolation(f"{LIST_TITLES[name]}列表不能为空")
    too_long = [v for v in cleaned if len(v) > 20]
    if too_long:
        raise RuleViolation(f"“{too_long[0]}”超过20个字")
    return cleaned


def _write_list(session: Session, name: str, cleaned: list[str]) -> None:
    for removed in set(read_list(session, name)) - set(cleaned):
        count = _in_use(session, name, removed)
        if count:
            raise RuleViolation(f"“{removed}”已被 {count} 条记录使用，不能从{LIST_TITLES[name]}列表中删除")
    set_setting(session, _key(name), json.dumps(cleaned, ensure_ascii=False))


def set_list(db: Database, name: str, values: list[str]) -> list[str]:
    """Replace a list (order kept, blanks and duplicates dropped); refuse to drop an item in use."""
    cleaned = _clean(name, values)
    with db.session() as session:
        _write_list(session, name, cleaned)
    return cleaned


def save_settings(db: Database, lists: dict[str, list[str]], inactivity_days: int) -> None:
    """Every list and the reminder days in one transaction: all saved, or (on any refusal) none."""
    from branchdesk.domain.mentoring.rules import INACTIVITY_SETTING  # see get_inactivity_days

    cleaned = {name: _clean(name, values) for name, values in lists.items()}
    _check_days(inactivity_days)
    with db.session() as session:
        for name, values in cleaned.items():
            _write_list(session, name, values)
        set_setting(session, INACTIVITY_SETTING, str(inactivity_days))


def get_inactivity_days(db: Database) -> int:
    """Days without activity after which a running pair is reminded (MENTOR-NO-ACTIVITY; default 60)."""
    # the reminder rules are imported by what judges pairs or edits the setting, not by whoever reads
    # the lists (the year-end report; issue 18)
    from branchdesk.domain.mentoring.rules import DEFAULT_INACTIVITY_DAYS, INACTIVITY_SETTING

    with db.session() as session:
        text = get_setting(session, INACTIVITY_SETTING, str(DEFAULT_INACTIVITY_DAYS))
    try:
        value = int(text)
    except ValueError:
        return DEFAULT_INACTIVITY_DAYS
    return value if value > 0 else DEFAULT_INACTIVITY_DAYS


def _check_days(days: int) -> None:
    if not 7 <= days <= 365:
        raise RuleViolation("提醒天数应在 7 到 365 天之间")


