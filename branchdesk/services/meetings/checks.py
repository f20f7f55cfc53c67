"""The checks of 三会一课 (`services/checks.CHECKERS`, the home page): calendar shortfalls, VOTE-QUORUM
breaches and 谈心谈话 coverage (MTG-*), read in one transaction."""

from __future__ import annotations

from datetime import date

from branchdesk.db.engine import Database
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.meetings.review import review_findings
from branchdesk.domain.meetings.talks import talk_findings
from branchdesk.domain.meetings.votes import vote_findings
from branchdesk.services.meetings.store import load_branches, load_calendars, load_talk_coverages
from branchdesk.services.meetings.votes import load_vote_checks


def meeting_findings(db: Database, *, year: int, as_of: date, branch: str | None = None) -> list[Finding]:
    """CHECKERS entry: calendar shortfalls, VOTE-QUORUM breaches and 谈心谈话 coverage (MTG-*),
    read in one transaction."""
    findings: list[Finding] = []
    with db.session() as session:
        branches = load_branches(session, branch)
        for calendar in load_calendars(session, branches, year, as_of):
            findings += calendar.findings
        coverages = load_talk_coverages(session, [b.id for b in branches], year, min(date(year, 12, 31), as_of))
        voting, reviews = load_vote_checks(session, [b.id for b in branches], year)
    for b in branches:
        findings += talk_findings(b.name, coverages[b.id], year, as_of)
        findings += vote_findings(b.name, [m for m in voting.get(b.id, ()) if m.date <= as_of], year)
        findings += review_findings(b.name, [r for r in reviews.get(b.id, ()) if r.date <= as_of], year)
    return findings


def home_todos(db: Database, as_of: date | None = None) -> list[Finding]:
    """首页: this month's and this quarter's to-dos per branch, overdue first (errors of past periods)."""
    as_of = as_of or date.today()
    month, quarter = f"{as_of:%Y-%m}", f"{as_of.year}-Q{(as_of.month - 1) // 3 + 1}"
    findings = [f for f in meeting_findings(db, year=as_of.year, as_of=as_of)
                if f.severity is not Severity.INFO or f.period in (month, quarter)]
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(findings, key=lambda f: (order[f.severity], f.branch or "", f.period or ""))
