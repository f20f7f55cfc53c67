"""All rule checks of every area, behind one call (`branchdesk check`, the home page, the reports).

Each area adds its checker to CHECKERS: `f(db, *, year, as_of, branch) -> list[Finding]`, from the
area's checks.py.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from branchdesk.db.engine import Database
from branchdesk.domain.findings import Finding, Severity
from branchdesk.services.development.checks import check_development
from branchdesk.services.dues.checks import check_dues
from branchdesk.services.exchange.kept import site_scope
from branchdesk.services.finding_notes import annotated
from branchdesk.services.meetings.checks import last_year_open_items, meeting_findings
from branchdesk.services.mentoring.checks import check_mentoring
from branchdesk.services.rectification.checks import check_rectification
from branchdesk.services.roster.checks import check_organisation
from branchdesk.services.study_hours.checks import study_hours_findings


class Checker(Protocol):
    def __call__(self, db: Database, *, year: int, as_of: date, branch: str | None = None) -> list[Finding]: ...


CHECKERS: list[Checker] = [
    check_organisation,
    meeting_findings,
    check_mentoring,
    check_rectification,
    check_development,
    study_hours_findings,
    check_dues,
]

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def run_checks(db: Database, *, year: int, as_of: date | None = None, branch: str | None = None) -> list[Finding]:
    """Findings of every registered check, errors first, then by branch and period."""
    as_of = as_of or date.today()
    findings: list[Finding] = []
    with db.reading():
        with db.session() as session:  # a branch's own PC checks that branch only
            branch = site_scope(session, branch, "检查")
        for check in CHECKERS:
            findings.extend(check(db, year=year, as_of=as_of, branch=branch))
    findings = annotated(db, findings)  # the reasons users gave (说明) travel with their findings
    return _sorted(findings)


def home_findings(db: Database, *, today: date | None = None) -> list[Finding]:
    """What 首页 lists on `today`: this year's findings and last year's yearly items still open —
    组织生活会, 民主评议党员 (due by 03-31 of this year, domain.md §2) and 谈心谈话 (TY-8)."""
    today = today or date.today()
    findings = run_checks(db, year=today.year, as_of=today)
    with db.reading():
        with db.session() as session:
            branch = site_scope(session, None, "检查")
        carried = last_year_open_items(db, as_of=today, branch=branch)
    return _sorted(findings + annotated(db, carried))


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (_ORDER[f.severity], f.branch or "", f.period or "", f.person or ""))
