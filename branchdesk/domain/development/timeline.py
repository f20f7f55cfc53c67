"""One person's path through the 25 steps (done / due / late / not recorded), for the timeline view
and the printable PDF, and the counts for the pipeline board and the year's figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from branchdesk.domain.development.check import RosterIndex, evaluate
from branchdesk.domain.development.records import DevelopmentCase, vote_text
from branchdesk.domain.development.rules import DEFAULT_RULEBOOK, RuleBook
from branchdesk.domain.development.steps import STAGE_ENTRY_STEP, STAGES, STEPS, Outcome, Stage
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.workdays import DEFAULT_CALENDAR, WorkCalendar


class StepStatus(StrEnum):
    DONE = "已完成"
    PROBLEM = "有问题"  # recorded, but a rule is broken
    LATE = "逾期"  # not recorded and past its limit
    DUE = "待办"  # not recorded, falls due within 30 days
    MISSING = "未记录"  # later steps are recorded but this one is not
    WAITING = "未到"
    CLOSED = "不适用"  # the record ended (取消资格 / 终止) before this step


@dataclass(frozen=True)
class TimelineItem:
    """One step as a person's timeline shows it: when, by whom, with which documents and findings."""

    step: int
    label: str
    stage: str
    on: date | None
    due: date | None
    status: StepStatus
    people: str
    documents: str
    detail: str  # the step's own notes: 公示 / 培训 dates, votes, reviews
    findings: tuple[Finding, ...]
    earliest: bool = False  # `due` is the earliest day the step may happen, not a deadline (TK-12)


def _detail(case: DevelopmentCase, number: int) -> str:
    record = case.steps.get(number)
    parts: list[str] = []
    if record is not None:
        if record.start_on or record.end_on:
            what = "公示" if number in (7, 13) else "起止"
            parts.append(f"{what} {record.start_on or '?'} 至 {record.end_on or '?'}")
        if record.hours:
            parts.append(f"{record.hours:g} 学时")
        if vote := vote_text(record):
            parts.append(vote)
        if record.note:
            parts.append(record.note)
    reviews = sorted((r for r in case.reviews if r.step == number), key=lambda r: (r.on is None, r.on))
    if reviews:
        parts.append("考察：" + "、".join(str(r.on) if r.on else "未记录日期" for r in reviews))
    return "；".join(parts)


def build_timeline(case: DevelopmentCase, roster: RosterIndex, as_of: date,
                   book: RuleBook = DEFAULT_RULEBOOK, calendar: WorkCalendar = DEFAULT_CALENDAR) -> list[TimelineItem]:
    result = evaluate(case, roster, as_of, book, calendar)
    by_step: dict[int, list[Finding]] = {}
    for number, finding in result.tagged:
        by_step.setdefault(number, []).append(finding)
    ended = case.outcome in (Outcome.CANCELLED, Outcome.STOPPED)
    items: list[TimelineItem] = []
    for step in STEPS:
        findings = tuple(by_step.get(step.number, ()))
        dated_reviews = sorted(r.on for r in case.reviews if r.step == step.number and r.on)
        on = case.on(step.number) or (dated_reviews[-1] if dated_reviews else None)
        dues = [f.due for f in findings if f.due]
        if on is not None and not step.repeated:
            status = StepStatus.PROBLEM if any(f.severity is Severity.ERROR for f in findings) else StepStatus.DONE
        elif ended:
            status = StepStatus.DONE if on else StepStatus.CLOSED
        elif dues:
            status = StepStatus.LATE if min(dues) < as_of.isoformat() else StepStatus.DUE
        elif on is not None:
            status = StepStatus.PROBLEM if any(f.severity is Severity.ERROR for f in findings) else StepStatus.DONE
        elif step.number in result.missing:
            status = StepStatus.MISSING
        else:
            status = StepStatus.WAITING
        people = "、".join(f"{p.role}：{p.name}" for p in case.people if p.role in step.roles)
        docs = [d for d in case.documents if d.step == step.number]
        documents = "、".join(f"{d.title}（{d.received_on or '附件'}）" for d in docs)
        items.append(TimelineItem(step.number, step.label, step.stage.value, on, result.due.get(step.number), status,
                                  people, documents, _detail(case, step.number), findings,
                                  step.number in result.earliest))
    return items


def pipeline_counts(cases: list[DevelopmentCase]) -> dict[str, list[str]]:
    """Names per stage for the board; ended records are listed apart under their outcome."""
    board: dict[str, list[str]] = {stage.value: [] for stage in STAGES}
    board[Outcome.CANCELLED.value] = []
    board[Outcome.STOPPED.value] = []
    for case in cases:
        key = case.outcome.value if case.outcome in (Outcome.CANCELLED, Outcome.STOPPED) else case.stage.value
        board[key].append(case.name)
    return board


@dataclass(frozen=True)
class YearFigures:
    """The development figures of a year: how many people reached each stage."""

    year: int
    applications: int
    activists: int
    candidates: int
    probationary: int
    full: int
    extended: int
    cancelled: int

    def rows(self) -> list[tuple[str, int]]:
        return [("递交入党申请书", self.applications), ("确定入党积极分子", self.activists),
                ("确定发展对象", self.candidates), ("接收预备党员", self.probationary), ("预备党员转正", self.full),
                ("延长预备期", self.extended), ("取消预备党员资格", self.cancelled)]


def year_figures(cases: list[DevelopmentCase], year: int) -> YearFigures:
    counts: Counter[Stage] = Counter()
    for case in cases:
        for stage, step in STAGE_ENTRY_STEP.items():
            day = case.on(step)
            if day is not None and day.year == year:
                counts[stage] += 1
    extended = sum(1 for c in cases if c.extension_on is not None and c.extension_on.year == year)
    cancelled = sum(1 for c in cases if c.outcome is Outcome.CANCELLED and c.outcome_on and c.outcome_on.year == year)
    return YearFigures(year, counts[Stage.APPLICANT], counts[Stage.ACTIVIST], counts[Stage.CANDIDATE],
                       counts[Stage.PROBATIONARY], counts[Stage.FULL], extended, cancelled)
