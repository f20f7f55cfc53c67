"""Reminders for 结对帮扶 (domain.md §7: pairs are kept "year by year" and reports count their activity
and results), as the issue asks for them on the home page:

- MENTOR-NO-ACTIVITY: a running pair with no activity logged for 60 days (local practice: a setting,
  default 60). The gap is counted from the last activity, or from the start when there is none yet.
  At exactly 60 days the reminder shows; at 59 it does not. A pair with no activity logged at all is
  told as 未登记帮扶活动, not "已 N 天没有" (which says none took place, TR-13): the software only knows what
  was logged, and a pair begun before the 启用日期 is judged from that day.
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
    records_start: date | None = None  # the database's 启用日期: nothing before it was logged here
    outcomes: int = 0  # 成效 recorded up to the day judged, and the day of the latest
    last_outcome: date | None = None


def _label(pair: PairSnapshot) -> str:
    return f"{pair.mentor}—{pair.mentee}（{pair.kind}）"


def pair_reminders(pair: PairSnapshot, as_of: date, inactivity_days: int = DEFAULT_INACTIVITY_DAYS) -> list[Finding]:
    findings: list[Finding] = []
    if pair.status == PairStatus.STOPPED or pair.start_date > as_of:
        return findings
    ended = pair.planned_end is not None and pair.planned_end < as_of
    if pair.status == PairStatus.ACTIVE and not ended:
        logging_from = max(pair.start_date, pair.records_start or pair.start_date)
        since = max(pair.last_activity, pair.start_date) if pair.last_activity else logging_from
        gap = (as_of - since).days
        if gap >= inactivity_days:
            findings.append(Finding(
                Severity.WARNING, _no_activity_words(pair, since, gap),
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


def _no_activity_words(pair: PairSnapshot, since: date, gap: int) -> str:
    """MENTOR-NO-ACTIVITY in words: a gap since the last activity logged; with none logged at all, 未登记
    (a day count would say none took place, TR-13), naming the 成效 recorded if any."""
    if pair.last_activity:
        return f"结对“{_label(pair)}”已 {gap} 天没有帮扶活动（最近一次活动在 {since:%Y-%m-%d}），请开展活动并登记。"
    where = (f"自 {since:%Y-%m-%d} 开始以来没有活动记录" if since == pair.start_date
             else f"结对始于 {pair.start_date:%Y-%m-%d}，自台账启用的 {since:%Y-%m-%d} 以来没有活动记录")
    if pair.outcomes:
        where += f"；已登记成效 {pair.outcomes} 项"
        where += f"，最近一项在 {pair.last_outcome:%Y-%m-%d}" if pair.last_outcome else ""
    return f"结对“{_label(pair)}”未登记帮扶活动（{where}），不表示没有开展；如已开展，请逐次登记帮扶活动。"
