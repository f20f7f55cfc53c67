"""Settings the rule checks read (issue 16): the official holiday schedule a user adds for a year the
calendar package does not know yet (设置 → 节假日安排), how promptly a 转正 discussion must follow the
end of probation, and the settings a branch may differ in (a 离退休党支部's 党小组会 frequency and 学时
target, the fixed day of its 主题党日). Every value is a key of the settings table; nothing here turns a
rule off.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.engine import Database
from branchdesk.db.queries import get_setting, set_setting
from branchdesk.domain.meetings.theme_day import FixedDay, read_fixed_day
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.domain.workdays import WorkCalendar, YearSchedule, make_schedule, parse_days
from branchdesk.services.errors import RuleViolation
from branchdesk.services.shared_reads import shared_settings

_SCHEDULE = "workdays."  # workdays.2027 -> {"holidays": [...], "workdays": [...]}
PROMPT_WARNING = "rules.full_prompt_warning_months"
PROMPT_ERROR = "rules.full_prompt_error_months"
BRANCH_GROUP_MONTHS = "branch.{id}.group_meeting_months"  # 党小组会 every N months (default 1)
BRANCH_STUDY_HOURS = "branch.{id}.study_hours"  # 学时 a year (default 32)
BRANCH_THEME_DAY = "branch.{id}.theme_day"  # 主题党日's fixed day: day:20 / week:3:5; "" = 不固定 (default)


@dataclass(frozen=True)
class ScheduleRecord:
    """A year's holiday schedule as the school entered it: the days off and the make-up workdays."""

    year: int
    holidays: tuple[date, ...]
    workdays: tuple[date, ...]


def load_work_calendar(session: Session) -> WorkCalendar:
    """The package's schedule plus every year a user added."""
    added: dict[int, YearSchedule] = {}
    settings = tables.settings.c
    for key, value in session.execute(select(settings.key, settings.value).where(settings.key.like(f"{_SCHEDULE}%"))):
        try:
            year = int(key[len(_SCHEDULE):])
            data = json.loads(value or "{}")
            added[year] = YearSchedule(year, frozenset(date.fromisoformat(d) for d in data.get("holidays", ())),
                                       frozenset(date.fromisoformat(d) for d in data.get("workdays", ())))
        except (ValueError, TypeError, AttributeError):
            continue  # a damaged entry is ignored: the year then counts as unknown, never guessed
    return WorkCalendar(added)


def list_schedules(db: Database) -> list[ScheduleRecord]:
    with db.session() as session:
        calendar = load_work_calendar(session)
    return [ScheduleRecord(y, tuple(sorted(s.holidays)), tuple(sorted(s.workdays)))
            for y, s in sorted(calendar.added.items())]


def save_schedule(db: Database, year: int, holidays: str, workdays: str) -> ScheduleRecord:
    """Add (or replace) a year's official schedule from the State Council's notice: the days off
    ("2027-01-01, 2027-02-06至2027-02-12") and the weekend days worked (调休上班)."""
    if not 2000 <= year <= 2100:
        raise RuleViolation("年份应在 2000 至 2100 之间")
    try:
        schedule = make_schedule(year, parse_days(holidays), parse_days(workdays))
    except ValueError as exc:
        raise RuleViolation(str(exc)) from None
    if not schedule.holidays:
        raise RuleViolation("请至少填写一个放假日期（国务院办公厅通知中的放假安排）")
    value = json.dumps({"holidays": sorted(d.isoformat() for d in schedule.holidays),
                        "workdays": sorted(d.isoformat() for d in schedule.workdays)})
    with db.session() as session:
        set_setting(session, f"{_SCHEDULE}{year}", value)
    return ScheduleRecord(year, tuple(sorted(schedule.holidays)), tuple(sorted(schedule.workdays)))


def delete_schedule(db: Database, year: int) -> None:
    from branchdesk.db.models import Setting
    with db.session() as session:
        row = session.get(Setting, f"{_SCHEDULE}{year}")
        if row is None:
            raise RuleViolation(f"没有添加过 {year} 年的节假日安排")
        session.delete(row)


def _int(session: Session, key: str, default: int, low: int, high: int) -> int:
    text = get_setting(session, key).strip()
    if text.isdigit() and low <= int(text) <= high:
        return int(text)
    return default


@dataclass(frozen=True)
class PromptSettings:
    """How long after a 预备期 ends an undiscussed 转正 is a reminder, and then a problem (党章 第七条)."""

    warning_months: int = 1
    error_months: int = 3


def load_prompt_settings(session: Session) -> PromptSettings:
    warning = _int(session, PROMPT_WARNING, 1, 1, 12)
    return PromptSettings(warning, max(_int(session, PROMPT_ERROR, 3, 1, 12), warning))


def save_prompt_settings(db: Database, warning_months: int, error_months: int) -> None:
    if not 1 <= warning_months <= error_months <= 12:
        raise RuleViolation("提醒月数应在 1 至 12 之间，且不大于“问题”月数")
    with db.session() as session:
        set_setting(session, PROMPT_WARNING, str(warning_months))
        set_setting(session, PROMPT_ERROR, str(error_months))


@dataclass(frozen=True)
class BranchSettings:
    """What a branch may differ in (a 离退休党支部 commonly meets as 党小组 every two or three months
    and has a lower 学时 target set by its 党委), and the day of its 主题党日 (MTG-MONTHLY-THEME-DAY,
    支部条例 第十六条 "每月相对固定1天"; None = 不固定: nothing is checked, no day is assumed)."""

    group_meeting_months: int = 1
    study_hours: int = 32
    theme_day: FixedDay | None = None


def _branch_values(session: Session) -> dict[str, str]:
    """Every per-branch setting in one query (a check reads them for fifty branches at once); inside a
    report's snapshot, from its one reading of the settings."""
    shared = shared_settings(session)
    if shared is not None:
        return {key: value for key, value in shared.items() if key.startswith("branch.")}
    settings = tables.settings.c
    rows = session.execute(select(settings.key, settings.value).where(settings.key.like("branch.%"))).all()
    return {key: value for key, value in rows}


def _number(values: dict[str, str], key: str, default: int, low: int, high: int) -> int:
    text = values.get(key, "").strip()
    return int(text) if text.isdigit() and low <= int(text) <= high else default


def load_branch_settings(session: Session, branch_ids: list[int]) -> dict[int, BranchSettings]:
    values = _branch_values(session)
    out: dict[int, BranchSettings] = {}
    for branch_id in branch_ids:
        out[branch_id] = BranchSettings(
            3 if _number(values, BRANCH_GROUP_MONTHS.format(id=branch_id), 1, 1, 3) == 3 else 1,
            _number(values, BRANCH_STUDY_HOURS.format(id=branch_id), 32, 1, 200),
            read_fixed_day(values.get(BRANCH_THEME_DAY.format(id=branch_id))))
    return out


def save_branch_settings(db: Database, branch_id: int, settings: BranchSettings, term_years: int = 3) -> None:
    if settings.group_meeting_months not in (1, 3):
        raise RuleViolation("党小组会应为每月或每季度 1 次")
    if not 1 <= settings.study_hours <= 200:
        raise RuleViolation("学时要求应在 1 至 200 之间")
    if term_years not in (3, 5):
        raise RuleViolation("支部委员会每届任期应为 3 年或 5 年")
    with db.session() as session:
        set_setting(session, BRANCH_GROUP_MONTHS.format(id=branch_id), str(settings.group_meeting_months))
        set_setting(session, BRANCH_STUDY_HOURS.format(id=branch_id), str(settings.study_hours))
        set_setting(session, BRANCH_TERM_YEARS.format(id=branch_id), str(term_years))
        set_setting(session, BRANCH_THEME_DAY.format(id=branch_id), _stored(settings.theme_day))


def _stored(theme_day: FixedDay | None) -> str:
    return theme_day.stored if theme_day is not None else ""


def save_theme_day_for_all(db: Database, theme_day: FixedDay | None) -> int:
    """The school's one 主题党日 (seed 001: the school 每月下发党支部主题党日活动安排) set for every
    党支部 at once; a branch that differs is then set on its own. Returns how many branches."""
    from branchdesk.db.models import Organisation
    with db.session() as session:
        ids = session.scalars(select(Organisation.id).where(
            Organisation.kind == OrgKind.BRANCH.value, Organisation.deleted_at.is_(None))).all()
        for branch_id in ids:
            set_setting(session, BRANCH_THEME_DAY.format(id=branch_id), _stored(theme_day))
    return len(ids)


def branch_settings(db: Database, branch_id: int) -> tuple[BranchSettings, int]:
    with db.session() as session:
        return load_branch_settings(session, [branch_id])[branch_id], load_branch_term_years(session, [branch_id])[branch_id]


def prompt_settings(db: Database) -> PromptSettings:
    with db.session() as session:
        return load_prompt_settings(session)


BRANCH_TERM_YEARS = "branch.{id}.term_years"  # 支部委员会 term: 3 (schools), 5 (村、社区)


def load_branch_term_years(session: Session, branch_ids: list[int]) -> dict[int, int]:
    values = _branch_values(session)
    return {b: _number(values, BRANCH_TERM_YEARS.format(id=b), 3, 3, 5) for b in branch_ids}
