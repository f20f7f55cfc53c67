"""What happens within a pair (domain.md §7): the activity log, dated outcomes and the year-end
evaluation by the branch. Reports count activities, hours and outcomes, so each is its own record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from branchdesk.domain.mentoring.records import EVALUATION_GRADES
from branchdesk.domain.mentoring.results import format_outcome
from branchdesk.domain.validation import FieldError

MAX_HOURS_PER_ENTRY = 24.0


@dataclass
class ActivityInput:
    """An activity as the form or an import gives it, before it is checked."""

    activity_date: date | None = None
    kind: str = ""
    hours: float = 0.0
    dimension: str = ""  # 思想 / 德育 / 业务, optional
    note: str = ""


@dataclass(frozen=True)
class ActivityRecord:
    """A logged activity of a pair: its date, kind, 学时, dimension and note."""

    id: int
    pair_id: int
    activity_date: date
    kind: str
    hours: float
    dimension: str
    note: str
    attachments: tuple[str, ...] = ()  # file names


def validate_activity(data: ActivityInput, *, kinds: list[str], dimensions: list[str],
                      start: date | None, today: date) -> list[FieldError]:
    """Every problem with one log entry; hours in half hours up to a day."""
    errors: list[FieldError] = []
    if data.activity_date is None:
        errors.append(FieldError("活动日期", "不能为空"))
    else:
        if data.activity_date > today:
            errors.append(FieldError("活动日期", f"{data.activity_date:%Y-%m-%d} 晚于今天，活动记录只记已开展的活动"))
        if start is not None and data.activity_date < start:
            errors.append(FieldError("活动日期", f"{data.activity_date:%Y-%m-%d} 早于结对开始日期 {start:%Y-%m-%d}"))
    if not data.kind.strip():
        errors.append(FieldError("活动形式", "不能为空"))
    elif data.kind.strip() not in kinds:
        errors.append(FieldError("活动形式", f"“{data.kind}”不在活动形式列表中，可在设置中添加"))
    if data.hours < 0 or data.hours > MAX_HOURS_PER_ENTRY:
        errors.append(FieldError("时长（小时）", f"应在 0 到 {MAX_HOURS_PER_ENTRY:g} 小时之间"))
    if data.dimension and data.dimension not in dimensions:
        errors.append(FieldError("帮扶维度", f"“{data.dimension}”不在帮扶维度列表中"))
    if len(data.note) > 2000:
        errors.append(FieldError("内容摘要", "超过2000字，请精简（详细材料可作为附件）"))
    return errors


@dataclass(frozen=True)
class OutcomeRecord:
    """A dated outcome (成效) of a pair: its date, kind and text."""

    id: int
    pair_id: int
    outcome_date: date
    kind: str
    description: str

    def ledger_line(self) -> str:
        return format_outcome(self.outcome_date, self.kind, self.description)


def validate_outcome(outcome_date: date | None, kind: str, *, kinds: list[str], today: date,
                     start: date | None = None) -> list[FieldError]:
    errors: list[FieldError] = []
    if outcome_date is None:
        errors.append(FieldError("日期", "不能为空"))
    elif outcome_date > today:
        errors.append(FieldError("日期", f"{outcome_date:%Y-%m-%d} 晚于今天"))
    elif start is not None and outcome_date < start:
        errors.append(FieldError("日期", f"{outcome_date:%Y-%m-%d} 早于结对开始日期 {start:%Y-%m-%d}"))
    if not kind.strip():
        errors.append(FieldError("成效类别", "不能为空"))
    elif kind.strip() not in kinds:
        errors.append(FieldError("成效类别", f"“{kind}”不在成效类别列表中，可在设置中添加"))
    return errors


@dataclass(frozen=True)
class EvaluationRecord:
    """The branch's 年度考核 of a pair for one year: the grade and its comment."""

    id: int
    pair_id: int
    year: int
    grade: str
    comment: str
    evaluated_on: date | None


def validate_evaluation(year: int, grade: str, evaluated_on: date | None, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    if grade not in EVALUATION_GRADES:
        errors.append(FieldError("考核等次", f"应为{'、'.join(EVALUATION_GRADES)}之一"))
    if year < 2000 or year > today.year + 1:
        errors.append(FieldError("年度", f"{year} 不是有效的年度"))
    if evaluated_on is not None and evaluated_on > today:
        errors.append(FieldError("评价日期", f"{evaluated_on:%Y-%m-%d} 晚于今天"))
    return errors
