"""发展党员 checks and views: the CHECKERS entry, a person's timeline, the pipeline board, the year's
figures. The rules themselves are in domain/development/check.py and rules.py."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.domain.development.check import check_case
from branchdesk.domain.development.records import DevelopmentCase, as_it_stood
from branchdesk.domain.development.rules import DEFAULT_RULEBOOK, RuleBook
from branchdesk.domain.development.timeline import (
    TimelineItem,
    YearFigures,
    build_timeline,
    pipeline_counts,
)
from branchdesk.domain.findings import Finding
from branchdesk.domain.workdays import WorkCalendar
from branchdesk.services.development.store import load_cases, load_roster_index
from branchdesk.services.errors import NotFound
from branchdesk.services.finding_notes import with_reasons
from branchdesk.services.rule_settings import load_prompt_settings, load_work_calendar


def _closed_on(case: DevelopmentCase) -> date | None:
    return case.on(24) or (case.outcome_on if case.closed else None)


def relevant(case: DevelopmentCase, year: int) -> bool:
    """A record still open, or one that ended in `year` or later: older finished files are history."""
    closed = _closed_on(case)
    return closed is None or closed.year >= year


def rule_context(session: Session) -> tuple[RuleBook, WorkCalendar]:
    """The texts with the school's settings, and the official calendar with the years a user added."""
    prompt = load_prompt_settings(session)
    book = DEFAULT_RULEBOOK.with_settings(prompt_warning_months=prompt.warning_months,
                                          prompt_error_months=prompt.error_months)
    return book, load_work_calendar(session)


def check_development(db: Database, *, year: int, as_of: date, branch: str | None = None) -> list[Finding]:
    """CHECKERS entry: findings of every relevant record (see `relevant`)."""
    with db.session() as session:
        roster = load_roster_index(session)
        cases = load_cases(session, branch=branch)
        book, calendar = rule_context(session)
    findings: list[Finding] = []
    for whole in cases:
        case = as_it_stood(whole, as_of)  # judged on a day, as it stood then: a later step is not there yet (TY-6)
        if relevant(case, year) and not (whole.steps and not case.steps):  # not begun by the day
            findings.extend(check_case(case, roster, as_of, book, calendar))
    return findings


@dataclass(frozen=True)
class CaseSummary:
    """One row of the development list: where the person stands and what needs attention."""

    case: DevelopmentCase
    stage: str
    errors: int
    warnings: int
    next_due: date | None
    next_step: str


def summaries(db: Database, as_of: date, branch: str | None = None) -> list[CaseSummary]:
    with db.session() as session:
        roster = load_roster_index(session)
        cases = load_cases(session, branch=branch)
        book, calendar = rule_context(session)
    rows = []
    for case in cases:
        findings = check_case(case, roster, as_of, book, calendar)
        # the next thing to do by a date; a finished or ended case has none (T9-23)
        dues = [] if case.closed else sorted((f.due, f.step or "") for f in findings if f.due)
        stage = case.outcome.value if case.outcome.value in ("取消预备党员资格", "终止发展") else case.stage.value
        rows.append(CaseSummary(
            case, stage, sum(f.severity.value == "error" for f in findings),
            sum(f.severity.value == "warning" for f in findings),
            date.fromisoformat(dues[0][0]) if dues else None, dues[0][1] if dues else ""))
    return rows


def timeline(db: Database, case_id: int, as_of: date) -> tuple[DevelopmentCase, list[TimelineItem]]:
    with db.session() as session:
        roster = load_roster_index(session)
        cases = load_cases(session, ids=[case_id])
        book, calendar = rule_context(session)
    if not cases:
        raise NotFound("发展党员记录不存在或已删除")
    items = build_timeline(cases[0], roster, as_of, book, calendar)
    with db.session() as session:  # the reasons users gave (说明) beside the findings of each step
        items = [replace(i, findings=tuple(with_reasons(session, i.findings))) if i.findings else i for i in items]
    return cases[0], items


def pipeline(db: Database, branch: str | None = None) -> dict[str, list[str]]:
    with db.session() as session:
        return pipeline_counts(load_cases(session, branch=branch))


def figures(db: Database, year: int, branch: str | None = None) -> YearFigures:
    """The year's figures; 接收预备党员 and 预备党员转正 as the year-end report counts them (issue 13)."""
    from branchdesk.services.development.figures import development_year

    with db.reading(), db.session() as session:
        return development_year(session, year, branch=branch)
