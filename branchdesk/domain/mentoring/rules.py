"""Reminders for 结对帮扶 (domain.md §7: pairs are kept "year by year" and reports count their activity
and results), as the issue asks for them on the home page:

- MENTOR-NO-ACTIVITY: a running pair with no activity logged for 60 days (local practice: a setting,
  default 60). The gap is counted from the last activity, or from the start when there is none yet.
  At exactly 60 days the reminder shows; at 59 it does not.
- MENTOR-END-NO-EVALUATION: the planned end has passed (the day after it) and the branch has not
  given the pair its evaluation for the year in which it ended.

Pure functions over a small snapshot, so the boundaries are testable without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from branchdesk.domain.citations import cite
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.mentoring.records import PairStatus

AREA = "结对帮扶"
DEFAULT_INACTIVITY_DAYS = 60
INACTIVITY_SETTING = "mentoring.inactivity_days"


@dataclass(frozen=True)
class ReminderRule:
    """A 结对帮扶 reminder rule and the text it comes from."""

    id: str
    source: str


NO_ACTIVITY = ReminderRule("MENTOR-NO-ACTIVITY", cite("MENTOR-NO-ACTIVITY").source)
END_NO_EVALUATION = ReminderRule("MENTOR-END-NO-EVALUATION", cite("MENTOR-END-NO-EVALUATION").source)


@dataclass(frozen=True)
class PairSnapshot:
    """A pair as the reminders judge it: its state, its dates and the years evaluated."""

    id: int
    kind: str
    branch: str
    mentor: str
    mentee: str
    status: str
    start_date: date
    planned_end: date | None
    last_activity: date | None
    evaluated_years: frozenset[int]


def _label(pair: PairSnapshot) -> str:
    return f"{pair.mentor}—{pair.mentee}（{pair.kind}）"


def pair_reminders(pair: PairSnapshot, as_of: date, inactivity_days: int = DEFAULT_INACTIVITY_DAYS) -> list[Finding]:
    findings: list[Finding] = []
    if pair.status == PairStatus.STOPPED or pair.start_date > as_of:
        return findings
    ended = pair.planned_end is not None and pair.planned_end < as_of
    if pair.status == PairStatus.ACTIVE and not ended:
        since = max(pair.last_activity or pair.start_date, pair.start_date)
        gap = (as_of - since).days
        if gap >= inactivity_days:
            what = f"最近一次活动在 {since:%Y-%m-%d}" if pair.last_activity else f"自 {since:%Y-%m-%d} 开始以来没有活动记录"
            findings.append(Finding(
                Severity.WARNING,
                f"结对“{_label(pair)}”已 {gap} 天没有帮扶活动（{what}），请开展活动并登记。",
                rule=NO_ACTIVITY.id, source=NO_ACTIVITY.source, quote=cite(NO_ACTIVITY.id).quote, branch=pair.branch, person=pair.mentor,
                area=AREA, period=str(as_of.year),
            ))
    if ended and pair.planned_end is not None and pair.planned_end.year not in pair.evaluated_years:
        findings.append(Finding(
            Severity.WARNING,
            f"结对“{_label(pair)}”计划于 {pair.planned_end:%Y-%m-%d} 结束，尚未作 {pair.planned_end.year} 年度考核评价"
            "（等次和支部评语）。",
            rule=END_NO_EVALUATION.id, source=END_NO_EVALUATION.source, quote=cite(END_NO_EVALUATION.id).quote, branch=pair.branch, person=pair.mentor,
            area=AREA, period=str(pair.planned_end.year), due=pair.planned_end.isoformat(),
        ))
    return findings
